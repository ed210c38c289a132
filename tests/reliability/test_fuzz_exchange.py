"""Hostile exchange documents: every record imports whole, or nothing does and the
message names section, index and field."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cramplog.domain import ValidationError
from cramplog.services import Journal
from cramplog.services.exchange import export_document, import_document
from cramplog.services.exchange_format import SECTIONS

from .conftest import copy_journal, dump_rows
from .test_import_strict import PYTHON_WORDING

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
LIST_SECTIONS = [s for s in SECTIONS if s != "profile"]
PLACE = re.compile(
    r"^(format|version|sections|journal|profile|[a-z_]+(\[\d+\])?)(\.[^ :]*)?(:| must| is)"
)
SECTION_TABLE = {
    "cramps": "cramps",
    "foods": "food_entries",
    "drinks": "drinks",
    "doses": "doses",
    "activities": "activities",
    "medications": "medications",
    "custom_foods": "custom_foods",
    "recipes": "recipes",
    "day_marks": "day_marks",
}

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.integers(min_value=-(10**30), max_value=10**400),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=30),
        st.sampled_from(
            [
                "",
                "01077",
                "2026-03-05T02:30:00+01:00",
                "2026-03-05T02:30:00",
                "0001-01-01T00:00:00+00:00",
                "9999-12-31T23:59:59-12:00",
                "2026-03-05T02:30:00+05:30:15",
                "calf",
                "left",
                "water",
                "complete",
                "Magnesium citrate",
                "Grandma's soup",
                "-1",
                "1e999",
            ]
        ),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def base_doc(rich_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = copy_journal(rich_template, tmp_path_factory.mktemp("doc") / "journal.sqlite3")
    journal = Journal.open(db)
    try:
        return export_document(journal)
    finally:
        journal.close()


@pytest.fixture(scope="module")
def empty_rows(empty_template: Path) -> dict[str, list[tuple[Any, ...]]]:
    return dump_rows(empty_template)


def attempt(doc: Any, empty_template: Path, folder: Path, empty_rows: dict[str, Any]) -> str | None:
    """Import into a fresh empty journal; the error message, or None after checking rows."""
    db = copy_journal(empty_template, folder / "journal.sqlite3")
    journal = Journal.open(db)
    try:
        try:
            import_document(journal, doc)
        except ValidationError as exc:
            message = str(exc)
            assert "\n" not in message
            assert PLACE.match(message), message
            assert not [w for w in PYTHON_WORDING if w in message], message
            assert dump_rows(db) == empty_rows, message  # nothing half-written
            return message
    finally:
        journal.close()
    rows = dump_rows(db)
    for section, table in SECTION_TABLE.items():
        records = doc.get(section) or []
        assert len(rows[table]) == len(records), section
    return None


mutations = st.one_of(
    # A field of one record gets an arbitrary value (or an unknown key appears).
    st.tuples(
        st.just("field"),
        st.sampled_from(LIST_SECTIONS),
        st.integers(0, 20),
        st.one_of(
            st.sampled_from(
                [
                    "time",
                    "id",
                    "severity",
                    "muscle",
                    "side",
                    "notes",
                    "grams",
                    "food_id",
                    "custom_food",
                    "ml",
                    "kind",
                    "count",
                    "minutes",
                    "medication",
                    "name",
                    "per_100g",
                    "red_flags",
                    "duration_s",
                    "woke_from_sleep",
                    "items",
                    "portions",
                    "day",
                    "caffeinated",
                    "started_on",
                    "magnesium_mg",
                    "serving_grams",
                    "meal",
                ]
            ),
            st.text(max_size=6),
        ),
        json_values,
    ),
    # A whole record, or a whole section, replaced.
    st.tuples(
        st.just("record"),
        st.sampled_from(LIST_SECTIONS),
        st.integers(0, 20),
        st.just(""),
        json_values,
    ),
    st.tuples(
        st.just("section"),
        st.sampled_from([*SECTIONS, "extra"]),
        st.just(0),
        st.just(""),
        json_values,
    ),
    st.tuples(
        st.just("profile"),
        st.just("profile"),
        st.just(0),
        st.sampled_from(
            [
                "sex",
                "birth_year",
                "day_start_hour",
                "life_stage",
                "fluid_reference_ml",
                "theme",
                "onboarded",
            ]
        ),
        json_values,
    ),
)


def mutate(doc: dict[str, Any], mutation: tuple[str, str, int, str, Any]) -> dict[str, Any]:
    kind, section, index, key, value = mutation
    out = copy.deepcopy(doc)
    if kind == "section":
        out[section] = value
    elif kind == "profile":
        if isinstance(out.get("profile"), dict):
            out["profile"][key] = value
    else:
        records = out.get(section)
        if not isinstance(records, list) or not records:
            return out  # an earlier mutation replaced the section
        i = index % len(records)
        if kind == "record":
            records[i] = value
        elif isinstance(records[i], dict):
            records[i][key] = value
    return out


@pytest.mark.slow
@FUZZ
@given(st.lists(mutations, min_size=1, max_size=3))
@example([("field", "cramps", 0, "time", "0001-01-01T00:00:00+00:00")])
@example([("field", "cramps", 0, "id", 10**30)])
@example([("field", "cramps", 1, "id", 1)])
@example([("field", "medications", 0, "id", True)])
@example([("field", "medications", 1, "name", "Magnesium citrate")])
@example([("field", "recipes", 0, "items", [{"food_id": [1], "grams": 5}])])
@example([("field", "cramps", 0, "woke_from_sleep", "maybe")])
@example([("field", "foods", 0, "grams", 10**400)])
@example([("section", "version", 0, "", True)])
@example([("field", "cramps", 0, "severity", "6")])
@example([("field", "activities", 0, "minutes", 45.0)])
@example([("field", "cramps", 0, "time", "2026-02-30T02:30:00+01:00")])
@example([("record", "recipes", 0, "", {"name": "x", "items": [{"grams": "5", "food_id": None}]})])
def test_import_is_all_or_nothing(
    base_doc: dict[str, Any],
    empty_template: Path,
    empty_rows: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
    mutation_list: list[tuple[str, str, int, str, Any]],
) -> None:
    doc = base_doc
    for mutation in mutation_list:
        doc = mutate(doc, mutation)
    attempt(doc, empty_template, tmp_path_factory.mktemp("imp"), empty_rows)


def test_the_unmutated_document_imports(
    base_doc: dict[str, Any], empty_template: Path, empty_rows: dict[str, Any], tmp_path: Path
) -> None:
    assert attempt(json.loads(json.dumps(base_doc)), empty_template, tmp_path, empty_rows) is None


@pytest.mark.parametrize(
    ("mutation", "where"),
    [
        (("field", "cramps", 0, "time", "0001-01-01T00:00:00+00:00"), "cramps[0].time"),
        (("field", "cramps", 1, "id", 1), "cramps[1].id"),
        (("field", "cramps", 0, "id", 10**30), "cramps[0].id"),
        (("field", "medications", 0, "name", "Magnesium citrate"), "medications[1].name"),
        (("field", "medications", 0, "id", True), "medications[0].id"),
        (("field", "recipes", 0, "items", [{"food_id": [1], "grams": 5}]), "recipes[0].items"),
        (("field", "cramps", 0, "woke_from_sleep", "maybe"), "cramps[0].woke_from_sleep"),
    ],
)
def test_awkward_records_are_named(
    base_doc: dict[str, Any],
    empty_template: Path,
    empty_rows: dict[str, Any],
    tmp_path: Path,
    mutation: tuple[str, str, int, str, Any],
    where: str,
) -> None:
    message = attempt(mutate(base_doc, mutation), empty_template, tmp_path, empty_rows)
    assert message is not None and message.startswith(where), message
