"""Strict import: a field of the wrong JSON type, an unknown field or a day that
cannot be is refused with the path of the field, in plain words, and nothing
is written; a file that is not JSON is refused with its line and column."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cramplog.domain import ValidationError
from cramplog.services import Journal
from cramplog.services.exchange import export_document, import_document
from cramplog.services.exchange_format import SECTIONS

from .conftest import assert_clean_failure, copy_journal, dump_rows, invoke

# Python's own wording, which must never reach a person.
PYTHON_WORDING = (
    "Expecting",
    "invalid literal",
    "object has no attribute",
    "KeyError",
    "TypeError",
    "Traceback",
    "line 1 column",
    "(char ",
    "codec can't decode",
    "set_int_max_str_digits",
    "NoneType",
    "<class",
    "out of range for month",
    "month must be in",
)


class _Missing:
    """A field left out of the record."""

    def __repr__(self) -> str:  # a stable test id, the same in every xdist worker
        return "MISSING"


MISSING = _Missing()


@pytest.fixture(scope="module")
def base_doc(rich_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = copy_journal(rich_template, tmp_path_factory.mktemp("doc") / "journal.sqlite3")
    journal = Journal.open(db)
    try:
        doc: dict[str, Any] = json.loads(json.dumps(export_document(journal)))
        return doc
    finally:
        journal.close()


def changed(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A copy of ``doc`` with the value at ``path`` replaced (or removed: MISSING)."""
    out = copy.deepcopy(doc)
    target: Any = out
    for step in path[:-1]:
        target = target[step]
    if value is MISSING:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


def refusal(doc: Any, empty_template: Path, folder: Path) -> str:
    db = copy_journal(empty_template, folder / "journal.sqlite3")
    before = dump_rows(db)
    journal = Journal.open(db)
    try:
        with pytest.raises(ValidationError) as caught:
            import_document(journal, doc)
    finally:
        journal.close()
    message = str(caught.value)
    assert "\n" not in message
    for wording in PYTHON_WORDING:
        assert wording not in message, message
    assert dump_rows(db) == before, message  # all or nothing
    return message


CASES: list[tuple[tuple[Any, ...], Any, str]] = [
    # A string, a float, a boolean or null where a whole number belongs.
    (("cramps", 3, "severity"), "6", "cramps[3].severity: must be a whole number, not a string"),
    (("cramps", 3, "severity"), 6.0, "cramps[3].severity: must be a whole number, not 6.0"),
    (("cramps", 3, "severity"), True, "cramps[3].severity: must be a whole number, not true"),
    (("cramps", 3, "severity"), None, "cramps[3].severity: must be a whole number, not null"),
    (("cramps", 3, "severity"), MISSING, "cramps[3].severity: is missing"),
    (("cramps", 0, "duration_s"), 90.5, "cramps[0].duration_s: must be a whole number or null"),
    (("cramps", 0, "id"), "1", "cramps[0].id: must be a whole number or null, not a string"),
    (("activities", 0, "minutes"), "45", "activities[0].minutes: must be a whole number"),
    (("activities", 0, "minutes"), 45.0, "activities[0].minutes: must be a whole number"),
    (("profile", "day_start_hour"), 4.0, "profile.day_start_hour: must be a whole number"),
    (("profile", "birth_year"), "1958", "profile.birth_year: must be a whole number or null"),
    # Numbers.
    (("foods", 0, "grams"), "250", "foods[0].grams: must be a number, not a string"),
    (("foods", 0, "grams"), False, "foods[0].grams: must be a number, not false"),
    (
        ("foods", 0, "per_100g", "energy_kcal"),
        "61",
        "foods[0].per_100g.energy_kcal: must be a number or null",
    ),
    (("drinks", 0, "ml"), True, "drinks[0].ml: must be a number, not true"),
    (("doses", 0, "count"), "1", "doses[0].count: must be a number"),
    (("medications", 0, "magnesium_mg"), None, "medications[0].magnesium_mg: must be a number"),
    (("custom_foods", 0, "serving_grams"), "300", "custom_foods[0].serving_grams: must be a"),
    (("recipes", 0, "portions"), True, "recipes[0].portions: must be a number"),
    (("recipes", 0, "items", 1, "grams"), "80", "recipes[0].items[1].grams: must be a number"),
    (("profile", "fluid_reference_ml"), "2000", "profile.fluid_reference_ml: must be a number"),
    # Booleans.
    (("cramps", 0, "woke_from_sleep"), "yes", "cramps[0].woke_from_sleep: must be true or false"),
    (("cramps", 0, "woke_from_sleep"), 1, "cramps[0].woke_from_sleep: must be true or false"),
    (("drinks", 0, "caffeinated"), "no", "drinks[0].caffeinated: must be true or false"),
    (("profile", "onboarded"), 0, "profile.onboarded: must be true or false"),
    # Strings, lists and objects.
    (("cramps", 0, "muscle"), 5, "cramps[0].muscle: must be a string, not a number"),
    (("cramps", 0, "notes"), None, "cramps[0].notes: must be a string, not null"),
    (("cramps", 0, "red_flags"), "swelling", "cramps[0].red_flags: must be a list"),
    (("cramps", 0, "red_flags"), [1], "cramps[0].red_flags[0]: must be a string"),
    (("foods", 0, "food_id"), 1077, "foods[0].food_id: must be a string or null"),
    (("foods", 0, "per_100g"), [], "foods[0].per_100g: must be an object or null"),
    (("recipes", 0, "items"), {}, "recipes[0].items: must be a list"),
    (("recipes", 0, "items", 0), "01077", "recipes[0].items[0]: must be an object"),
    (("medications", 0, "drug_class"), 3, "medications[0].drug_class: must be a string or null"),
    (("day_marks", 0, "day"), 20260301, "day_marks[0].day: must be a date"),
    (("profile",), [], "profile: must be an object"),
    (("cramps",), {}, "cramps: must be a list"),
    (("exported_at",), 5, "exported_at: must be a string"),
    # The document's own marks.
    (("version",), True, "version: must be a whole number, not true"),
    (("version",), "1", "version: must be a whole number, not a string"),
    (("version",), 1.0, "version: must be a whole number, not 1.0"),
    (("format",), 1, "format: not a cramplog journal"),
    # Fields the format does not have.
    (("cramps", 0, "colour"), "red", "cramps[0].colour: unknown field"),
    (("cramps", 0, "Severity"), 5, "cramps[0].Severity: unknown field"),
    (("foods", 0, "per_100g", "iron_mg"), 1.0, "foods[0].per_100g.iron_mg: unknown field"),
    (("recipes", 0, "items", 0, "ml"), 5, "recipes[0].items[0].ml: unknown field"),
    (("medications", 1, "dose"), "1", "medications[1].dose: unknown field"),
    (("day_marks", 1, "note"), "", "day_marks[1].note: unknown field"),
    (("profile", "height"), 170, "profile.height: unknown field"),
    (("cramps", 0, "a b"), 1, "cramps[0]: unknown field 'a b'"),
    (("extras",), [], "extras: unknown field"),
    # Days that cannot be, or lie outside 1900-2200.
    (
        ("cramps", 0, "time"),
        "2026-02-30T02:31:00+01:00",
        "cramps[0].time: time '2026-02-30T02:31:00+01:00' is not a time:"
        " there is no day 30 in February 2026 (it has 28 days)",
    ),
    (("cramps", 0, "time"), "1850-03-01T02:31:00+01:00", "cramps[0].time: time must be between"),
    (("cramps", 0, "journal_day"), "2026-02-29", "cramps[0].journal_day: "),
    (("cramps", 0, "journal_day"), "1899-01-01", "cramps[0].journal_day: "),
    (
        ("medications", 0, "started_on"),
        "2026-13-01",
        "medications[0].started_on: started_on '2026-13-01' is not a date: there is no month 13",
    ),
    (("medications", 0, "started_on"), "1066-10-14", "medications[0].started_on: "),
    (("medications", 0, "stopped_on"), "today", "medications[0].stopped_on: must be a date"),
    (
        ("day_marks", 0, "day"),
        "2026-04-31",
        "day_marks[0].day: day '2026-04-31' is not a date: there is no day 31 in April 2026",
    ),
    (("day_marks", 0, "day"), "3000-01-01", "day_marks[0].day: "),
]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    CASES,
    ids=[f"{'.'.join(map(str, p))}={v!r}"[:60] for p, v, _ in CASES],
)
def test_a_wrong_field_is_refused_by_its_path(
    base_doc: dict[str, Any],
    empty_template: Path,
    tmp_path: Path,
    path: tuple[Any, ...],
    value: Any,
    expected: str,
) -> None:
    message = refusal(changed(base_doc, path, value), empty_template, tmp_path)
    assert expected in message, message
    place = expected.split(":")[0]
    assert message.startswith(place), message


def test_the_exported_document_imports_whole(
    base_doc: dict[str, Any], empty_template: Path, tmp_path: Path
) -> None:
    db = copy_journal(empty_template, tmp_path / "journal.sqlite3")
    journal = Journal.open(db)
    try:
        counts = import_document(journal, base_doc)
    finally:
        journal.close()
    assert counts["cramps"] == len(base_doc["cramps"])


def test_one_description_covers_every_field_export_writes(base_doc: dict[str, Any]) -> None:
    from cramplog.services.exchange_format import DOCUMENT

    assert DOCUMENT.fields is not None
    assert set(DOCUMENT.fields) == {"format", "version", "exported_at", *SECTIONS}
    assert set(base_doc) == set(DOCUMENT.fields)
    profile = DOCUMENT.fields["profile"].fields
    assert profile is not None and set(base_doc["profile"]) == set(profile)
    for section in SECTIONS:
        spec = DOCUMENT.fields[section]
        if section == "profile":
            continue
        assert spec.item is not None and spec.item.fields is not None
        assert base_doc[section], f"the sample journal has no {section}"
        for record in base_doc[section]:
            assert set(record) == set(spec.item.fields), section


# --- the file itself ---------------------------------------------------------------


def test_a_byte_order_mark_is_accepted(
    base_doc: dict[str, Any], empty_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "journal.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(base_doc).encode())
    result = invoke(empty_db, "import", str(path))
    assert result.code == 0, result.err
    assert f"{len(base_doc['cramps'])} cramps" in result.out


FILES: list[tuple[bytes, str]] = [
    (b"", "the file is empty"),
    (b"   \n", "the file is empty"),
    (b"{", "line 1, column 2: the document ends too early"),
    (b'{"format": "cramplog-journal",\n "version": }', "line 2, column 13: expected a value"),
    (b'{"a": 1,}', "line 1, column 9: expected a field name in double quotes"),
    (b'{"a" 1}', "line 1, column 6: expected ':' after the field name"),
    (b"[1 2]", "line 1, column 4: expected ',' or ']'"),
    (b'{"a": 1 "b": 2}', "line 1, column 9: expected ',' or '}'"),
    (b'{"a": "x', "line 1, column 7: a string is not closed"),
    (b'{"a": "\\q"}', "line 1, column 8: a backslash"),
    (b'{"a": "x\ty"}', "line 1, column 9: a string holds a control character"),
    (b'{"a": NaN}', "NaN is not a JSON number"),
    (b'{"a": -Infinity}', "-Infinity is not a JSON number"),
    (b'{"a": 1} x', "line 1, column 10: more text after the end of the document"),
    (b'{"a": 1, "a": 2}', 'the field "a" appears twice in one object'),
    (b"\xff\xfe{}", "line 1, column 1: not UTF-8 text"),
    (b'{"a":\n "caf\xe9"}', "line 2, column 6: not UTF-8 text"),
    (b'{"a": ' + b"9" * 5000 + b"}", "a number of more than"),
    (b"[" * 100_000, "nested too deeply"),
]


@pytest.mark.parametrize(("data", "expected"), FILES, ids=[e for _, e in FILES])
def test_a_file_that_is_not_json_is_refused_in_plain_words(
    empty_db: Path, tmp_path: Path, data: bytes, expected: str
) -> None:
    path = tmp_path / "journal.json"
    path.write_bytes(data)
    before = dump_rows(empty_db)
    result = invoke(empty_db, "import", str(path))
    assert_clean_failure(result, "is not a JSON document", expected)
    for wording in PYTHON_WORDING:
        assert wording not in result.err, result.err
    assert dump_rows(empty_db) == before


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=40),
        st.text(max_size=40).map(str.encode),
        st.from_regex(r'\A[\[\]{}",: 0-9a-z\\\n.-]{0,30}\Z').map(str.encode),
    )
)
@example(b'{"a": 1e99999}')
@example(b"\xef\xbb\xbf")
@example(b'"\\ud800"')
def test_any_bytes_are_json_or_refused_in_plain_words(data: bytes) -> None:
    from cramplog.services.strict_json import parse_json

    try:
        parse_json(data)
    except Exception as exc:  # only the one plain refusal may come out
        assert type(exc).__name__ == "_NotJson", repr(exc)
        message = str(exc)
        assert message and "\n" not in message
        assert not [w for w in PYTHON_WORDING if w in message], message
