"""The exchange format's description (docs/exchange-format.md).

What a document may hold (every field's JSON type, whether it may be null or
must be given) is described once, in ``DOCUMENT``; ``check_document`` checks a
document against it before any value is read, so a wrong type is refused by
its path in plain words. Reading a file as JSON is ``services.strict_json``;
turning records into entries is ``services.exchange_records``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from typing import Any

from cramplog.domain import FOOD_VALUES, NUTRIENTS, ValidationError
from cramplog.entry_kinds import ENTRY_KINDS, PLAIN_KINDS, EntryField
from cramplog.services import validate as v
from cramplog.times import parse_date

FORMAT = "cramplog-journal"
# 2 added each entry's uuid, version and updated_at. 3 names a drink's kind
# "drink" and an activity's "activity" (as `list --json` and the CSV do: one
# serialisation, cramplog.entry_kinds), and adds day factors and sodium per
# medicine dose. 4 adds food imported from another tracker (imported_foods).
# Files of versions 1 to 3 are read too (see _upgraded).
VERSION = 4
READS = (1, 2, 3, 4)
SECTIONS = (
    "profile",
    *(k.section for k in ENTRY_KINDS),
    "medications",
    "custom_foods",
    "recipes",
    "day_marks",
    "trials",
)
# Field names that version 3 changed: section -> (old name, new name).
_RENAMED_IN_3 = {"drinks": ("kind", "drink"), "activities": ("kind", "activity")}


class ImportError_(ValidationError):
    """A record that cannot be imported; the field is "section[index].field"."""


# --- the JSON type of every field ------------------------------------------------
#
# One description of the whole document: the fields each object may have, the
# JSON type of each, whether null is allowed and whether it must be there.
# Import checks a document against it before reading any value, so the value
# checks below (shared with the command line and the app, which accept "6" for
# 6 or "yes" for true as people type them) never see a string where the format
# has a number, and a field the format does not have is refused, not ignored.
# A field added to the export must be added here (a test compares the two).


@dataclasses.dataclass(frozen=True)
class Field:
    kind: str  # integer, number, string, boolean, date, object or list
    null: bool = False  # null allowed
    required: bool = False
    fields: Mapping[str, Field] | None = None  # an object's fields
    item: Field | None = None  # a list's items


_EXPECTED = {
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "object": "an object",
    "list": "a list",
}


def _object_of(**fields: Field) -> Field:
    return Field("object", fields=fields)


def _records(**fields: Field) -> Field:
    """A section: a list of objects (absent or null: none)."""
    return Field("list", null=True, item=_object_of(**fields))


_INT = Field("integer")
_INT_OR_NULL = Field("integer", null=True)
_NUMBER = Field("number")
_NUMBER_OR_NULL = Field("number", null=True)
_STRING = Field("string")
_STRING_OR_NULL = Field("string", null=True)
_BOOL = Field("boolean")
_PER_100G = Field("object", null=True, fields=dict.fromkeys(FOOD_VALUES, _NUMBER_OR_NULL))
_ENTRY = {
    "id": _INT_OR_NULL,
    # An entry's identity and history (absent in files from before version 2).
    "uuid": _STRING,
    "version": _INT,
    "updated_at": _STRING_OR_NULL,
    "time": Field("string", required=True),
    "journal_day": Field("date", null=True),
    "notes": _STRING,
}


def _plain(f: EntryField) -> Field:
    """A plain entry field: its JSON type, null when not said."""
    kinds = {"bool": "boolean", "int": "integer", "float": "number", "choice": "string"}
    return Field(kinds[f.value_type], null=True)


DOCUMENT = _object_of(
    format=Field("string", required=True),
    version=Field("integer", required=True),
    exported_at=_STRING_OR_NULL,
    profile=Field(
        "object",
        null=True,
        fields={
            "sex": _STRING_OR_NULL,
            "birth_year": _INT_OR_NULL,
            "life_stage": _STRING,
            "day_start_hour": _INT,
            "fluid_reference_ml": _NUMBER_OR_NULL,
            "fluid_restriction_ml": _NUMBER_OR_NULL,
            "theme": _STRING,
            "onboarded": _BOOL,
            # Optional since version 3 (files without them still read).
            "name": _STRING_OR_NULL,
            "birth_date": Field("date", null=True),
            "identifier": _STRING_OR_NULL,
        },
    ),
    cramps=_records(
        **_ENTRY,
        muscle=Field("string", required=True),
        side=Field("string", required=True),
        severity=Field("integer", required=True),
        duration_s=_INT_OR_NULL,
        woke_from_sleep=_BOOL,
        relieved_by=_STRING,
        red_flags=Field("list", item=_STRING),
    ),
    foods=_records(
        **_ENTRY,
        meal=_STRING,
        food_id=_STRING_OR_NULL,
        custom_food=_STRING_OR_NULL,
        name=_STRING,
        grams=Field("number", required=True),
        amount=_STRING,
        unit=_STRING,
        per_100g=_PER_100G,
        food_release=_STRING,
    ),
    drinks=_records(
        **_ENTRY,
        drink=Field("string", required=True),
        ml=Field("number", required=True),
        caffeinated=_BOOL,
        food_id=_STRING_OR_NULL,
        grams=_NUMBER_OR_NULL,
        per_100g=_PER_100G,
        food_release=_STRING,
    ),
    doses=_records(**_ENTRY, medication=Field("string", required=True), count=_NUMBER),
    activities=_records(
        **_ENTRY,
        activity=Field("string", required=True),
        minutes=Field("integer", required=True),
        intensity=_STRING,
    ),
    **{k.section: _records(**_ENTRY, **{f.name: _plain(f) for f in k.plain}) for k in PLAIN_KINDS},
    imported_foods=_records(
        **_ENTRY,
        source=Field("string", required=True),
        key=Field("string", required=True),
        scope=Field("string", required=True),
        meal=_STRING,
        name=Field("string", required=True),
        amount=_STRING,
        fluid_ml=_NUMBER_OR_NULL,
        drink=_STRING_OR_NULL,
        amounts=_PER_100G,
    ),
    medications=_records(
        id=_INT_OR_NULL,
        name=Field("string", required=True),
        kind=_STRING,
        **dict.fromkeys(NUTRIENTS, _NUMBER),
        drug_class=_STRING_OR_NULL,
        started_on=Field("date", null=True),
        stopped_on=Field("date", null=True),
        notes=_STRING,
    ),
    custom_foods=_records(
        id=_INT_OR_NULL,
        name=Field("string", required=True),
        per_100g=_PER_100G,
        serving_grams=_NUMBER_OR_NULL,
        notes=_STRING,
    ),
    recipes=_records(
        id=_INT_OR_NULL,
        name=Field("string", required=True),
        portions=_NUMBER,
        items=Field(
            "list",
            item=_object_of(
                food_id=_STRING_OR_NULL,
                custom_food=_STRING_OR_NULL,
                grams=Field("number", required=True),
            ),
        ),
    ),
    day_marks=_records(day=Field("date", required=True), kind=Field("string", required=True)),
    # Self-experiments (services.exchange_trials); written only by a journal that has one.
    trials=_records(
        uuid=_STRING_OR_NULL,
        name=Field("string", required=True),
        intervention=Field("string", required=True),
        control=Field("string", required=True),
        link=_STRING,
        link_target=_STRING,
        block_days=Field("integer", required=True),
        washout_days=Field("integer", required=True),
        pairs=Field("integer", required=True),
        start=Field("date", required=True),
        seed=Field("integer", required=True),
        blocks=Field(
            "list",
            required=True,
            item=_object_of(
                index=Field("integer", required=True),
                arm=Field("string", required=True),
                start=Field("date", required=True),
                end=Field("date", required=True),
            ),
        ),
        prescription=_BOOL,
        clinician_agreed=_BOOL,
        planned_rate=_NUMBER_OR_NULL,
        rate_source=_STRING,
        planned_power=_NUMBER_OR_NULL,
        planned_on=Field("date", null=True),
        stopped_on=Field("date", null=True),
        created_at=_STRING_OR_NULL,
        adherence=Field(
            "list",
            item=_object_of(
                day=Field("date", required=True),
                adhered=Field("boolean", required=True),
                updated_at=_STRING_OR_NULL,
            ),
        ),
    ),
)


def check_types(doc: Any) -> None:
    """Refuse the first field (in file order) that DOCUMENT does not allow, by its path."""
    _check(DOCUMENT, doc, "")


def _check(spec: Field, value: Any, path: str) -> None:
    if value is None:
        if not spec.null:
            raise _type_error(spec, value, path)
        return
    if not _is(spec.kind, value):
        raise _type_error(spec, value, path)
    if spec.kind == "date":
        _check_day(value, path)
    elif spec.fields is not None:
        for key, item in value.items():
            known = spec.fields.get(key)
            if known is None:
                raise _unknown(key, spec.fields, path)
            _check(known, item, f"{path}.{key}" if path else key)
        for key, known in spec.fields.items():
            if known.required and key not in value:
                where = f"{path}.{key}" if path else key
                raise ImportError_(
                    where, f"{where}: is missing; it must be {_EXPECTED[known.kind]}"
                )
    elif spec.item is not None:
        for index, item in enumerate(value):
            _check(spec.item, item, f"{path}[{index}]")


def _is(kind: str, value: Any) -> bool:
    # bool is an int in Python; JSON true is never a number.
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind in ("string", "date"):
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, Mapping)
    return isinstance(value, list)


def _type_error(spec: Field, value: Any, path: str) -> ImportError_:
    expected = _EXPECTED[spec.kind] + (" or null" if spec.null else "")
    where = path or "document"
    return ImportError_(where, f"{where}: must be {expected}, not {_shown(value)}")


def _shown(value: Any) -> str:
    """What a JSON value is, in words; short strings quoted with every control character escaped."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float):
        return json.dumps(value) if len(repr(value)) <= 20 else "a number with a fraction"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return f"a string ({json.dumps(value)})" if len(value) <= 20 else "a string"
    return "an object" if isinstance(value, Mapping) else "a list"


def _unknown(key: Any, fields: Mapping[str, Field], path: str) -> ImportError_:
    shown = v.unknown_field(key, "", ()).field  # quoted and escaped unless a plain name
    allowed = "allowed: " + ", ".join(fields)
    if shown == str(key):
        where = f"{path}.{shown}" if path else shown
        return ImportError_(where, f"{where}: unknown field; {allowed}")
    where = path or "document"
    return ImportError_(where, f"{where}: unknown field {shown}; {allowed}")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _check_day(text: str, path: str) -> None:
    name = path.rsplit(".", 1)[-1]
    if not _ISO_DAY.fullmatch(text):
        raise ImportError_(path, f"{path}: must be a date (YYYY-MM-DD), not {_shown(text)}")
    try:
        parse_date(text, field=name)
    except ValidationError as exc:
        raise ImportError_(path, f"{path}: {exc.message}") from None


# --- import --------------------------------------------------------------------


def check_document(doc: Any) -> Mapping[str, Any]:
    """The document's format, version and every field's JSON type."""
    if not isinstance(doc, Mapping) or doc.get("format") != FORMAT:
        raise ImportError_("format", f'format: not a cramplog journal (expected "{FORMAT}")')
    upgraded = _upgraded(doc)
    check_types(upgraded)
    if upgraded["version"] not in READS:
        raise ImportError_(
            "version",
            f"version: {upgraded['version']} is not supported; this cramplog reads versions"
            f" {', '.join(map(str, READS))}",
        )
    return upgraded


def _upgraded(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    """A document of version 1 or 2 with the field names of version 3."""
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version >= 3:
        return doc
    out = dict(doc)
    for section, (old, new) in _RENAMED_IN_3.items():
        records = doc.get(section)
        if isinstance(records, list):
            out[section] = [
                {(new if key == old else key): value for key, value in r.items()}
                if isinstance(r, Mapping) and new not in r
                else r
                for r in records
            ]
    return out
