"""Hostile command lines: any input ends in exit 0 or a clear error, never a
traceback, never a half-written entry, never a terminal escape on screen."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .conftest import Outcome, copy_journal, dump_rows, invoke

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What a shell can pass in argv: anything but NUL (and lone surrogates).
ARGV = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
words = st.text(alphabet=ARGV, max_size=24)
numbers = st.one_of(
    st.from_regex(r"\A-?\d{1,5}([.,]\d{1,3})?\Z"),
    st.sampled_from(["0", "-0", "nan", "inf", "1e999", "٣", "", " ", "9" * 5000]),
)
times = st.one_of(
    words,
    st.sampled_from(
        [
            "now",
            "02:30",
            "yesterday 23:10",
            "24:00",
            "2026-03-05T02:30+01:00",
            "0001-01-01",
            "2026-02-30T10:00",
            "today 7:5",
            "99:99",
        ]
    ),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}([+-]\d{2}:\d{2})?\Z"),
)


def values(*valid: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(valid), words, numbers)


@pytest.fixture(scope="module")
def db(rich_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield copy_journal(rich_template, tmp_path_factory.mktemp("fuzzcli") / "journal.sqlite3")


def check(
    db: Path, args: list[str], grows: str | tuple[str, ...] | None = None, *, one_line: bool = True
) -> Outcome:
    """Run ``args``: on success the ``grows`` table(s) gained rows and no other changed."""
    growing = (grows,) if isinstance(grows, str) else (grows or ())
    before = dump_rows(db)
    result = invoke(db, *args)
    assert result.exception is None, (args, repr(result.exception))
    assert "Traceback" not in result.out + result.err
    # Stored text never reaches the terminal as an escape sequence.
    assert "\x1b" not in result.out and "\x9b" not in result.out, args
    after = dump_rows(db)
    if result.code == 0:
        if growing:
            assert sum(len(after[t]) - len(before[t]) for t in growing) > 0, args
        for table in before:
            if table in growing:
                assert len(after[table]) >= len(before[table]), args
            elif growing and table != "sqlite_sequence":
                # sqlite_sequence records the grown table's highest id ever given.
                assert after[table] == before[table], (args, table)
        return result
    assert result.code in (1, 2), (args, result.code, result.err)
    errors = [line for line in result.err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, (args, result.err)
    if result.code == 1 and one_line:
        assert len(result.err.strip().splitlines()) == 1, (args, result.err)
    assert after == before, args  # nothing half-written
    return result


def options(**strategies: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    """Some of the given options, each with a fuzzed value."""

    def given_as(option: str) -> Callable[[str], list[str]]:
        return lambda value: [option, value]

    pairs: list[st.SearchStrategy[list[str]]] = [
        st.one_of(st.just([]), strategy.map(given_as(option)))
        for option, strategy in strategies.items()
    ]
    return st.tuples(*pairs).map(lambda parts: [x for part in parts for x in part])


@FUZZ
@given(
    options(
        **{
            "--muscle": values("calf", "toe", "FOOT", "knee"),
            "--side": values("left", "both", "Right"),
            "--severity": values("0", "10", "5", "11"),
            "--duration": values("90s", "2m", "1m30s", "1:30", "25:00"),
            "--at": times,
            "--notes": words,
            "--relieved-by": words,
            "--flag": values("numbness", "swelling"),
        }
    ),
    st.sampled_from([[], ["--woke"], ["--no-woke"], ["--json"]]),
)
@example(["--muscle", "calf", "--side", "left", "--notes", "\x1b]0;pwned\x07"], [])
@example(["--muscle", "calf", "--side", "left", "--duration", "9" * 5000], [])
def test_log_cramp(db: Path, opts: list[str], flags: list[str]) -> None:
    check(db, ["log", "cramp", *opts, *flags], grows="cramps")


@FUZZ
@given(
    options(
        **{
            "--kind": values("water", "coffee", "soft drink", "sports-drink"),
            "--ml": values("250", "5000", "0.5"),
            "--at": times,
            "--notes": words,
            "--food-id": values("01077", "1077", "99999"),
        }
    ),
    st.sampled_from([[], ["--caffeinated"], ["--decaf"]]),
)
def test_log_drink(db: Path, opts: list[str], flags: list[str]) -> None:
    check(db, ["log", "drink", *opts, *flags], grows="drinks")


@FUZZ
@given(
    values("walking", "cycling", ""),
    options(
        **{
            "--minutes": values("30", "1440", "1.5"),
            "--intensity": values("light", "vigorous"),
            "--at": times,
        }
    ),
)
def test_log_activity(db: Path, kind: str, opts: list[str]) -> None:
    check(db, ["log", "activity", kind, *opts], grows="activities")


@FUZZ
@given(
    values("Magnesium citrate", "magnesium CITRATE", "Atorvastatin"),
    options(**{"--count": values("1", "0.5", "100"), "--at": times, "--notes": words}),
)
def test_log_med(db: Path, name: str, opts: list[str]) -> None:
    check(db, ["log", "med", name, *opts], grows="doses")


meal_text = st.one_of(
    words,
    st.lists(
        st.tuples(
            st.sampled_from(["", "1", "2", "½", "1/2", "0", "-1", "1e9", "250", "3.5"]),
            st.sampled_from(["", "cup", "g", "ml", "oz", "slice", "tbsp", "handful", "kg"]),
            st.sampled_from(["egg", "milk", "spinach", "banana", "almonds", "zorblax", "", "of"]),
        ).map(lambda t: " ".join(x for x in t if x)),
        min_size=1,
        max_size=4,
    ).map(", ".join),
)


@FUZZ
@given(meal_text, st.sampled_from([[], ["--meal", "lunch"], ["--at", "08:00"], ["--json"]]))
@example("2 eggs, 1 cup spinach", [])
@example(", , ,", [])
def test_log_food_text(db: Path, text: str, opts: list[str]) -> None:
    # A drink typed in a meal ("1 cup milk") is logged as a drink with its food.
    result = check(db, ["log", "food", text, *opts], grows=("food_entries", "drinks"))
    if result.code == 0 and "--json" in opts:
        kinds = {json.loads(line)["kind"] for line in result.out.splitlines()}
        assert kinds <= {"food", "drink"}, kinds


@FUZZ
@given(meal_text)
def test_estimate(db: Path, text: str) -> None:
    # estimate lists each item it did not understand before its one error line.
    check(db, ["estimate", text], one_line=False)


@FUZZ
@given(
    st.one_of(st.sampled_from(["c1", "f1", "d1", "m1", "a1", "C2", "c999"]), words),
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "severity",
                    "at",
                    "notes",
                    "ml",
                    "minutes",
                    "grams",
                    "count",
                    "kind",
                    "muscle",
                    "duration",
                    "meal",
                    "woke",
                    "",
                    "id",
                ]
            ),
            st.one_of(words, numbers, times),
        ).map(lambda kv: f"{kv[0]}={kv[1]}"),
        min_size=1,
        max_size=3,
    ),
)
def test_edit(db: Path, ref: str, changes: list[str]) -> None:
    before = {t: len(r) for t, r in dump_rows(db).items()}
    check(db, ["edit", ref, *changes])
    assert {t: len(r) for t, r in dump_rows(db).items()} == before  # an edit never adds


@FUZZ
@given(st.one_of(words, st.sampled_from(["c", "c0", "x1", "c" + "9" * 18, "f-1"])))
def test_delete_of_a_wrong_reference(db: Path, ref: str) -> None:
    if ref.strip().lower() in {f"{p}{i}" for p in "cfdma" for i in range(1, 100)}:
        return  # a real entry: deleting it is allowed
    result = check(db, ["delete", ref])
    assert result.code != 0


@FUZZ
@given(options(**{"--day": times, "--from": times, "--to": times}), st.booleans())
def test_list(db: Path, opts: list[str], as_json: bool) -> None:
    check(db, ["list", *opts, *(["--json"] if as_json else [])])


@FUZZ
@given(
    options(
        **{
            "--sex": values("male", "female", "none"),
            "--birth-year": values("1958", "1899"),
            "--life-stage": values("general", "pregnancy"),
            "--day-start-hour": values("4", "0", "23", "24"),
            "--fluid-reference-ml": values("2000", "none", "249"),
            "--fluid-restriction-ml": values("1500", "none"),
        }
    )
)
def test_profile(db: Path, opts: list[str]) -> None:
    before = {t: len(r) for t, r in dump_rows(db).items()}
    check(db, ["profile", *opts])
    assert {t: len(r) for t, r in dump_rows(db).items()} == before


@FUZZ
@given(times, st.sampled_from(["complete", "not-logged", "clear", "done"]))
def test_mark(db: Path, day: str, kind: str) -> None:
    check(db, ["mark", day, kind])


@pytest.mark.parametrize("digits", [20, 5000])
def test_reference_with_too_many_digits(db: Path, digits: int) -> None:
    ref = "c" + "9" * digits
    for args in (["delete", ref], ["edit", ref, "severity=3"]):
        result = invoke(db, *args)
        assert result.exception is None, repr(result.exception)
        assert result.code == 1 and "c" + "9" * 10 in result.err
