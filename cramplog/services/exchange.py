"""The cramplog exchange format: one JSON document (docs/exchange-format.md)."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cramplog.domain import (
    ENTRY_PREFIX,
    FOOD_VALUES,
    Activity,
    Cramp,
    CustomFood,
    DayMarkKind,
    Dose,
    Drink,
    DrinkKind,
    Entry,
    FoodEntry,
    MealKind,
    Medication,
    Per100g,
    Profile,
    ValidationError,
    as_new,
    entry_ref,
    same_content,
)
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.journal import Journal
from cramplog.storage import convert
from cramplog.storage import repository as repo
from cramplog.storage.models import (
    CustomFoodRow,
    DayMarkRow,
    DrinkRow,
    FoodEntryRow,
    MedicationRow,
    RecipeItemRow,
    RecipeRow,
)
from cramplog.times import FIRST_YEAR, LAST_YEAR, journal_day, not_a_day, parse_date

FORMAT = "cramplog-journal"
# 2 added each entry's uuid, version and updated_at; files of version 1 are read too.
VERSION = 2
READS = (1, 2)
SECTIONS = (
    "profile",
    "cramps",
    "foods",
    "drinks",
    "medications",
    "doses",
    "activities",
    "custom_foods",
    "recipes",
    "day_marks",
)


class ImportError_(ValidationError):
    """A record that cannot be imported; the field is "section[index].field"."""


def _iso(at: dt.datetime) -> str:
    return at.isoformat()


def _per100g(values: Per100g | None) -> dict[str, float | None] | None:
    return None if values is None else {k: values.get(k) for k in FOOD_VALUES}


def export_document(journal: Journal) -> dict[str, Any]:
    profile = journal.profile()
    entries = journal.entries()
    releases: dict[tuple[str, int], str] = {}
    with journal.db.reading() as s:
        for table, key in ((FoodEntryRow, "f"), (DrinkRow, "d")):
            for ident, release in s.execute(select(table.id, table.food_release)):
                releases[(key, ident)] = release
        recipes = list(s.scalars(select(RecipeRow).order_by(RecipeRow.id)))
        custom_names = dict(s.execute(select(CustomFoodRow.id, CustomFoodRow.name)).all())
        recipe_docs = [
            {
                "id": r.id,
                "name": r.name,
                "portions": r.portions,
                "items": [
                    {
                        "food_id": i.food_id,
                        "custom_food": custom_names.get(i.custom_food_id)
                        if i.custom_food_id
                        else None,
                        "grams": i.grams,
                    }
                    for i in r.items
                ],
            }
            for r in recipes
        ]
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "profile": {
            "sex": profile.sex.value if profile.sex else None,
            "birth_year": profile.birth_year,
            "life_stage": profile.life_stage.value,
            "day_start_hour": profile.day_start_hour,
            "fluid_reference_ml": profile.fluid_reference_ml,
            "fluid_restriction_ml": profile.fluid_restriction_ml,
            "theme": profile.theme,
            "onboarded": profile.onboarded,
        },
        "cramps": [],
        "foods": [],
        "drinks": [],
        "doses": [],
        "activities": [],
    }
    for e in entries:
        base = {
            "id": e.id,
            "uuid": e.uuid,
            "version": e.version,
            "updated_at": None if e.updated_at is None else _iso(e.updated_at),
            "time": _iso(e.at),
            "journal_day": e.journal_day.isoformat(),
        }
        if isinstance(e, Cramp):
            doc["cramps"].append(
                {
                    **base,
                    "muscle": e.muscle.value,
                    "side": e.side.value,
                    "severity": e.severity,
                    "duration_s": e.duration_s,
                    "woke_from_sleep": e.woke_from_sleep,
                    "relieved_by": e.relieved_by,
                    "red_flags": sorted(f.value for f in e.red_flags),
                    "notes": e.notes,
                }
            )
        elif isinstance(e, FoodEntry):
            doc["foods"].append(
                {
                    **base,
                    "meal": e.meal.value,
                    "food_id": e.food_id,
                    "custom_food": e.custom_food,
                    "name": e.name,
                    "grams": e.grams,
                    "amount": e.amount,
                    "unit": e.unit,
                    "per_100g": _per100g(e.per100g),
                    "food_release": releases.get(("f", e.id or 0), ""),
                    "notes": e.notes,
                }
            )
        elif isinstance(e, Drink):
            doc["drinks"].append(
                {
                    **base,
                    "kind": e.kind.value,
                    "ml": e.ml,
                    "caffeinated": e.caffeinated,
                    "food_id": e.food_id,
                    "grams": e.grams,
                    "per_100g": _per100g(e.per100g),
                    "food_release": releases.get(("d", e.id or 0), ""),
                    "notes": e.notes,
                }
            )
        elif isinstance(e, Dose):
            doc["doses"].append(
                {**base, "medication": e.medication, "count": e.count, "notes": e.notes}
            )
        else:
            doc["activities"].append(
                {
                    **base,
                    "kind": e.kind,
                    "minutes": e.minutes,
                    "intensity": e.intensity.value,
                    "notes": e.notes,
                }
            )
    doc["medications"] = [
        {
            "id": m.id,
            "name": m.name,
            "kind": m.kind.value,
            "magnesium_mg": m.magnesium_mg,
            "potassium_mg": m.potassium_mg,
            "calcium_mg": m.calcium_mg,
            "vitamin_d_ug": m.vitamin_d_ug,
            "drug_class": m.drug_class.value if m.drug_class else None,
            "started_on": m.started_on.isoformat() if m.started_on else None,
            "stopped_on": m.stopped_on.isoformat() if m.stopped_on else None,
            "notes": m.notes,
        }
        for m in journal.medications()
    ]
    doc["custom_foods"] = [
        {
            "id": c.id,
            "name": c.name,
            "per_100g": _per100g(c.per100g),
            "serving_grams": c.serving_grams,
            "notes": c.notes,
        }
        for c in journal.custom_foods()
    ]
    doc["recipes"] = recipe_docs
    doc["day_marks"] = [
        {"day": m.journal_day.isoformat(), "kind": m.kind.value} for m in journal.day_marks()
    ]
    return doc


def export_json(journal: Journal) -> str:
    return json.dumps(export_document(journal), ensure_ascii=False, indent=1)


# --- reading a file ----------------------------------------------------------------


class _NotJson(Exception):
    """Raised from inside json.loads; kept apart from ValueError so json cannot wrap it."""


_MAX_DIGITS = 100  # no number in the format needs more; json's own limit speaks Python


def read_document(path: Path) -> Any:
    """The JSON document in ``path``; one plain line saying where and why if it is not one."""
    try:
        return parse_json(path.read_bytes())
    except _NotJson as exc:
        raise ValidationError("file", f"{path} is not a JSON document: {exc}") from None


def parse_json(data: bytes) -> Any:
    """Strict JSON from UTF-8 bytes (a byte-order mark is allowed); raises _NotJson.

    Refused besides what JSON itself refuses: NaN and Infinity, a field twice
    in one object (json keeps the last silently), absurdly long numbers.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise _NotJson(f"line {line}, column {column}: not UTF-8 text; save it as UTF-8") from None
    if not text.strip():
        raise _NotJson("the file is empty")
    try:
        return json.loads(
            text,
            parse_constant=_no_constant,
            parse_int=_whole_number,
            object_pairs_hook=_object,
        )
    except json.JSONDecodeError as exc:
        raise _NotJson(f"line {exc.lineno}, column {exc.colno}: {_json_problem(exc)}") from None
    except RecursionError:
        raise _NotJson("nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON number; write null for a value that is not known")


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise _NotJson(f"a number of more than {_MAX_DIGITS} digits")
    return int(digits)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _NotJson(f"the field {json.dumps(key[:40])} appears twice in one object")
        result[key] = value
    return result


def _json_problem(exc: json.JSONDecodeError) -> str:
    """json's message for ``exc`` in plain words (its own names Python's scanner)."""
    if exc.msg.startswith("Expecting") and exc.pos >= len(exc.doc.rstrip()):
        return "the document ends too early (a missing value, quote or bracket)"
    if exc.msg == "Expecting value":
        return "expected a value: a number, a string in double quotes, true, false, null, [ or {"
    if exc.msg == "Expecting property name enclosed in double quotes":
        return "expected a field name in double quotes (no comma after the last field)"
    if exc.msg == "Expecting ':' delimiter":
        return "expected ':' after the field name"
    if exc.msg == "Expecting ',' delimiter":
        closing = "]" if _open_bracket(exc.doc, exc.pos) == "[" else "}"
        return f"expected ',' or '{closing}'"
    if exc.msg.startswith("Unterminated string"):
        return 'a string is not closed: a " is missing'
    if exc.msg.startswith("Invalid control character"):
        return r"a string holds a control character; write a tab as \t and a new line as \n"
    if exc.msg.startswith("Invalid \\u"):
        return r"a \u escape in a string needs four hexadecimal digits"
    if exc.msg.startswith("Invalid \\escape"):
        return r"a backslash in a string starts no known escape; write \\ for a backslash"
    if exc.msg.startswith("Extra data"):
        return "more text after the end of the document"
    return "not valid JSON here"


def _open_bracket(text: str, end: int) -> str:
    """The innermost '[' or '{' still open at ``end`` (strings skipped)."""
    stack: list[str] = []
    in_string = escaped = False
    for char in text[:end]:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else "{"


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
        kind=Field("string", required=True),
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
        kind=Field("string", required=True),
        minutes=Field("integer", required=True),
        intensity=_STRING,
    ),
    medications=_records(
        id=_INT_OR_NULL,
        name=Field("string", required=True),
        kind=_STRING,
        magnesium_mg=_NUMBER,
        potassium_mg=_NUMBER,
        calcium_mg=_NUMBER,
        vitamin_d_ug=_NUMBER,
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


def _where(section: str, index: int | None, error: ValidationError) -> ImportError_:
    place = section if index is None else f"{section}[{index}]"
    return ImportError_(f"{place}.{error.field}", f"{place}.{error.field}: {error.message}")


def _record(section: str, index: int, record: Any) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise ImportError_(f"{section}[{index}]", f"{section}[{index}]: must be a JSON object")
    return dict(record)


MAX_ID = 2**63 - 1  # SQLite's largest integer


def _id(record: Mapping[str, Any]) -> int | None:
    raw = record.get("id")
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_ID:
        raise ValidationError("id", "id must be a positive whole number")
    return raw


def _once(seen: set[Any], value: Any, field: str) -> None:
    """Refuse a second record with the same id or name (the database would refuse it
    later, without saying which record)."""
    if value is None:
        return
    if value in seen:
        raise ValidationError(field, f"{field} {value!r} appears twice")
    seen.add(value)


def _list(doc: Mapping[str, Any], section: str) -> list[Any]:
    records = doc.get(section)
    if records is None:
        return []
    if not isinstance(records, list):
        raise ImportError_(section, f"{section}: must be a list")
    return records


def _per100g_in(raw: Any, field: str = "per_100g") -> Per100g:
    if raw is None:
        return Per100g()
    if not isinstance(raw, Mapping):
        raise ValidationError(field, f"{field} must be an object of values per 100 g")
    unknown = set(raw) - set(FOOD_VALUES)
    if unknown:
        raise ValidationError(
            field, f"{field} has unknown keys {sorted(unknown)}; allowed: {', '.join(FOOD_VALUES)}"
        )
    return Per100g(
        **{k: v.optional_non_negative(f"{field}.{k}", raw.get(k), 100000) for k in FOOD_VALUES}
    )


def _moment(record: Mapping[str, Any]) -> dt.datetime:
    raw = record.get("time")
    if not isinstance(raw, str):
        raise ValidationError("time", "time must be an ISO 8601 string with its UTC offset")
    try:
        at = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise not_a_day("time", raw, "time", "use ISO 8601 with its UTC offset") from None
    if at.tzinfo is None:
        raise ValidationError("time", "time must carry its UTC offset, e.g. +01:00")
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        raise ValidationError(
            "time", f"time must be between the years {FIRST_YEAR} and {LAST_YEAR}"
        )
    offset = at.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        raise ValidationError("time", "time must have a UTC offset in whole minutes")
    return at


def _text(record: Mapping[str, Any], key: str, limit: int = v.MAX_TEXT) -> str:
    raw = record.get(key, "")
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ValidationError(key, f"{key} must be a string")
    return v.text(key, raw, limit)


def _parse_entries(doc: Mapping[str, Any], hour: int) -> list[tuple[Entry, str]]:
    out: list[tuple[Entry, str]] = []
    parsers: dict[str, Callable[[Mapping[str, Any]], tuple[Entry, str]]] = {
        "cramps": lambda r: (_cramp(r, hour), ""),
        "foods": lambda r: _food(r, hour),
        "drinks": lambda r: _drink(r, hour),
        "doses": lambda r: (_dose(r, hour), ""),
        "activities": lambda r: (_activity(r, hour), ""),
    }
    uuids: set[Any] = set()
    for section, parse in parsers.items():
        seen: set[Any] = set()
        for index, raw in enumerate(_list(doc, section)):
            record = _record(section, index, raw)
            try:
                entry, release = parse(record)
                entry = dataclasses.replace(entry, **_identity_in(record))
                _once(seen, entry.id, "id")
                _once(uuids, entry.uuid or None, "uuid")
            except ValidationError as exc:
                raise _where(section, index, exc) from None
            out.append((entry, release))
    return out


def _identity_in(record: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's uuid, version and updated_at as the file gives them (or none)."""
    out: dict[str, Any] = {}
    raw = record.get("uuid")
    if raw is not None:
        try:
            out["uuid"] = str(uuid.UUID(str(raw)))
        except ValueError:
            raise ValidationError(
                "uuid", "uuid must be a UUID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427"
            ) from None
    if record.get("version") is not None:
        out["version"] = v.integer("version", record["version"], 1, MAX_ID)
    stamp = record.get("updated_at")
    if stamp is not None:
        try:
            when = dt.datetime.fromisoformat(str(stamp))
        except ValueError:
            raise ValidationError("updated_at", "updated_at must be an ISO 8601 time") from None
        if when.tzinfo is None:
            raise ValidationError("updated_at", "updated_at must carry its UTC offset")
        out["updated_at"] = when.astimezone(dt.UTC)
    return out


def _cramp(r: Mapping[str, Any], hour: int) -> Cramp:
    at = _moment(r)
    fields = {
        "at": at,
        "muscle": r.get("muscle"),
        "side": r.get("side"),
        "severity": r.get("severity"),
        "duration": r.get("duration_s"),
        "woke": v.boolean("woke_from_sleep", r.get("woke_from_sleep", False)),
        "relieved_by": _text(r, "relieved_by", 500),
        "red_flags": r.get("red_flags") or [],
        "notes": _text(r, "notes"),
    }
    if not isinstance(fields["red_flags"], list):
        raise ValidationError("red_flags", "red_flags must be a list")
    cramp = build.cramp(fields, None, hour, now=at)
    return dataclasses.replace(cramp, id=_id(r))


def _food(r: Mapping[str, Any], hour: int) -> tuple[FoodEntry, str]:
    at = _moment(r)
    food_id, custom = r.get("food_id"), r.get("custom_food")
    if (food_id is None) == (custom is None):
        raise ValidationError("food_id", "give exactly one of food_id or custom_food")
    if food_id is not None and (
        not isinstance(food_id, str) or len(food_id) != 5 or not food_id.isdigit()
    ):
        raise ValidationError(
            "food_id", 'food_id must be a five-digit NDB number string, e.g. "01077"'
        )
    name = r.get("name") or food_id or custom
    entry = FoodEntry(
        id=_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        meal=v.choice("meal", r.get("meal") or build.meal_for_time(at).value, MealKind),
        grams=v.positive("grams", r.get("grams"), build.MAX_GRAMS, "g"),
        name=v.name("name", name),
        per100g=_per100g_in(r.get("per_100g")),
        food_id=food_id,
        custom_food=v.name("custom_food", custom) if custom else None,
        amount=_text(r, "amount", 40),
        unit=_text(r, "unit", 80),
        notes=_text(r, "notes"),
    )
    return entry, _text(r, "food_release", 40)


def _drink(r: Mapping[str, Any], hour: int) -> tuple[Drink, str]:
    at = _moment(r)
    kind = v.choice("kind", r.get("kind"), DrinkKind)
    food_id = r.get("food_id")
    if food_id is not None and (
        not isinstance(food_id, str) or len(food_id) != 5 or not food_id.isdigit()
    ):
        raise ValidationError("food_id", "food_id must be a five-digit NDB number string or null")
    grams = r.get("grams")
    entry = Drink(
        id=_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        kind=kind,
        ml=v.positive("ml", r.get("ml"), build.MAX_ML, "ml"),
        caffeinated=v.boolean("caffeinated", r.get("caffeinated", False)),
        food_id=food_id,
        grams=None if grams is None else v.positive("grams", grams, build.MAX_GRAMS, "g"),
        per100g=_per100g_in(r.get("per_100g")) if food_id else None,
        notes=_text(r, "notes"),
    )
    return entry, _text(r, "food_release", 40)


def _dose(r: Mapping[str, Any], hour: int) -> Dose:
    at = _moment(r)
    return Dose(
        id=_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        medication=v.name("medication", r.get("medication")),
        count=v.positive("count", r.get("count", 1), build.MAX_COUNT),
        notes=_text(r, "notes"),
    )


def _activity(r: Mapping[str, Any], hour: int) -> Activity:
    at = _moment(r)
    fields = {
        "at": at,
        "kind": r.get("kind"),
        "minutes": r.get("minutes"),
        "intensity": r.get("intensity") or "moderate",
        "notes": _text(r, "notes"),
    }
    return dataclasses.replace(build.activity(fields, None, hour, now=at), id=_id(r))


def _check_document(doc: Any) -> Mapping[str, Any]:
    """The document's format, version and every field's JSON type."""
    if not isinstance(doc, Mapping) or doc.get("format") != FORMAT:
        raise ImportError_("format", f'format: not a cramplog journal (expected "{FORMAT}")')
    check_types(doc)
    if doc["version"] not in READS:
        raise ImportError_(
            "version",
            f"version: {doc['version']} is not supported; this cramplog reads versions"
            f" {', '.join(map(str, READS))}",
        )
    return doc


@dataclasses.dataclass(frozen=True)
class _Parsed:
    profile: Profile
    meds: list[Medication]
    customs: list[CustomFood]
    entries: list[tuple[Entry, str]]
    marks: list[tuple[dt.date, DayMarkKind]]
    recipes: list[Any]


def _parse_document(journal: Journal, doc: Mapping[str, Any], hour: int | None = None) -> _Parsed:
    """Every record checked; nothing written. ``hour`` overrides the file's day start."""
    profile_doc = doc.get("profile") or {}
    if not isinstance(profile_doc, Mapping):
        raise ImportError_("profile", "profile: must be an object")
    try:
        file_hour = v.integer("day_start_hour", profile_doc.get("day_start_hour", 4), 0, 23)
    except ValidationError as exc:
        raise _where("profile", None, exc) from None
    if hour is None:
        hour = file_hour
    meds: list[Medication] = []
    med_ids: set[Any] = set()
    med_names: set[Any] = set()
    for index, raw in enumerate(_list(doc, "medications")):
        record = dict(_record("medications", index, raw))
        try:
            ident = _id({"id": record.pop("id", None)})
            med = journal._medication_from(record, None)
            _once(med_ids, ident, "id")
            _once(med_names, med.name, "name")
        except ValidationError as exc:
            raise _where("medications", index, exc) from None
        meds.append(dataclasses.replace(med, id=ident))
    customs: list[CustomFood] = []
    custom_id_seen: set[Any] = set()
    custom_seen: set[Any] = set()
    for index, raw in enumerate(_list(doc, "custom_foods")):
        record = _record("custom_foods", index, raw)
        try:
            sg = record.get("serving_grams")
            customs.append(
                CustomFood(
                    id=_id(record),
                    name=v.name("name", record.get("name")),
                    per100g=_per100g_in(record.get("per_100g")),
                    serving_grams=None
                    if sg is None
                    else v.positive("serving_grams", sg, 5000, "g"),
                    notes=_text(record, "notes"),
                )
            )
            _once(custom_id_seen, customs[-1].id, "id")
            _once(custom_seen, customs[-1].name, "name")
        except ValidationError as exc:
            raise _where("custom_foods", index, exc) from None
    entries = _parse_entries(doc, hour)
    med_names = {m.name for m in meds}
    custom_names = {c.name for c in customs}
    for section, index, entry in _indexed(doc, entries):
        if isinstance(entry, Dose) and entry.medication not in med_names:
            raise ImportError_(
                f"{section}[{index}].medication",
                f"{section}[{index}].medication: {entry.medication!r} is not in medications",
            )
        if (
            isinstance(entry, FoodEntry)
            and entry.custom_food
            and entry.custom_food not in custom_names
        ):
            raise ImportError_(
                f"{section}[{index}].custom_food",
                f"{section}[{index}].custom_food: {entry.custom_food!r} is not in custom_foods",
            )
    marks = []
    mark_days: set[Any] = set()
    for index, raw in enumerate(_list(doc, "day_marks")):
        record = _record("day_marks", index, raw)
        try:
            marks.append(
                (
                    v.date("day", record.get("day")),
                    v.choice("kind", record.get("kind"), DayMarkKind),
                )
            )
            _once(mark_days, marks[-1][0], "day")
        except ValidationError as exc:
            raise _where("day_marks", index, exc) from None
    recipes = _list(doc, "recipes")
    profile_changes = {
        k: profile_doc[k]
        for k in profile_doc
        if k
        in (
            "sex",
            "birth_year",
            "life_stage",
            "fluid_reference_ml",
            "fluid_restriction_ml",
            "theme",
            "onboarded",
        )
    }
    try:
        profile = journal.checked_profile(journal.profile(), day_start_hour=hour, **profile_changes)
    except ValidationError as exc:
        raise _where("profile", None, exc) from None

    return _Parsed(profile, meds, customs, entries, marks, recipes)


def import_document(journal: Journal, doc: Any) -> dict[str, int]:
    """Import a whole document into an empty journal: all of it, or nothing."""
    doc = _check_document(doc)
    existing = journal.counts()
    if any(
        existing[t]
        for t in (
            "cramps",
            "food_entries",
            "drinks",
            "doses",
            "activities",
            "medications",
            "custom_foods",
        )
    ):
        raise ImportError_(
            "journal",
            f"journal {journal.path} already has entries; import"
            " into a new journal file (--db NEW.sqlite3)",
        )
    parsed = _parse_document(journal, doc)
    with journal.db.writing() as s:
        repo.save_profile(s, parsed.profile)
        _add_medications(s, parsed.meds)
        _add_custom_foods(s, parsed.customs)
        s.flush()
        for entry, release in parsed.entries:
            repo.add_entry(s, entry, release)
        for day, kind in parsed.marks:
            s.add(DayMarkRow(journal_day=day, kind=kind.value))
        _add_recipes(s, parsed.recipes)
    return journal.counts()


@dataclasses.dataclass
class MergeSummary:
    """What ``merge_document`` did: every entry of the file is counted once."""

    added: list[Entry] = dataclasses.field(default_factory=list)
    # (as it was here, as it is now): the file had a newer version.
    replaced: list[tuple[Entry, Entry]] = dataclasses.field(default_factory=list)
    # The journal's version is newer than the file's: kept.
    kept: list[Entry] = dataclasses.field(default_factory=list)
    unchanged: int = 0
    others: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or any(self.others.values()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": [entry_ref(e) for e in self.added],
            "replaced": [
                {
                    "entry": entry_ref(new),
                    "uuid": new.uuid,
                    "was_version": old.version,
                    "now_version": new.version,
                }
                for old, new in self.replaced
            ],
            "kept_newer_here": [entry_ref(e) for e in self.kept],
            "unchanged": self.unchanged,
            **self.others,
        }


def merge_document(journal: Journal, doc: Any) -> MergeSummary:
    """Merge another copy of this journal (an export from a second computer).

    Entries are matched by uuid (a file without uuids, by content): a new one
    is added with a fresh id; the same content is left alone; different
    content keeps the newer version (``updated_at``, then ``version``), and a
    replaced one is listed. Medicines, custom foods and recipes are added by
    name when missing, day marks by day; the journal's own are kept. Merging
    the same file again changes nothing. All of it in one transaction.
    """
    doc = _check_document(doc)
    hour = journal.profile().day_start_hour
    parsed = _parse_document(journal, doc, hour)
    summary = MergeSummary()
    with journal.db.writing() as s:
        meds = {m.name.lower() for m in repo.medications(s)}
        new_meds = [
            dataclasses.replace(m, id=None) for m in parsed.meds if m.name.lower() not in meds
        ]
        _add_medications(s, new_meds)
        customs = {c.name for c in repo.custom_foods(s)}
        new_customs = [
            dataclasses.replace(c, id=None) for c in parsed.customs if c.name not in customs
        ]
        _add_custom_foods(s, new_customs)
        s.flush()
        here = repo.entries_between(s)
        by_content = {_content_key(e) for e in here}
        for entry, release in parsed.entries:
            _merge_entry(s, entry, release, by_content, summary)
        marks = {m.journal_day for m in repo.day_marks(s)}
        new_marks = [(day, kind) for day, kind in parsed.marks if day not in marks]
        for day, kind in new_marks:
            s.add(DayMarkRow(journal_day=day, kind=kind.value))
        recipes = [r.name for r in repo.recipes(s)]
        summary.others = {
            "medications_added": len(new_meds),
            "custom_foods_added": len(new_customs),
            "day_marks_added": len(new_marks),
            "recipes_added": _add_recipes(s, parsed.recipes, recipes, keep_ids=False),
        }
    return summary


def _content_key(entry: Entry) -> tuple[str, str]:
    # An entry from a file without uuids is known by what it says.
    return type(entry).__name__, repr(as_new(entry))


def _merge_entry(
    s: Session,
    entry: Entry,
    release: str,
    by_content: set[tuple[str, str]],
    summary: MergeSummary,
) -> None:
    table = repo.PREFIX_TABLE[ENTRY_PREFIX[type(entry)]]
    row = repo.entry_row_by_uuid(s, table, entry.uuid) if entry.uuid else None
    if row is None:
        if not entry.uuid and _content_key(entry) in by_content:
            summary.unchanged += 1
            return
        added = repo.add_entry(s, dataclasses.replace(entry, id=None), release)
        by_content.add(_content_key(added))
        summary.added.append(added)
        return
    current = repo.to_domain(s, row)
    incoming = dataclasses.replace(entry, id=current.id)
    if same_content(current, incoming):
        summary.unchanged += 1
        return
    if _age(incoming) > _age(current):
        new = repo.update_entry(
            s, row, incoming, release or getattr(row, "food_release", ""), adopt=True
        )
        summary.replaced.append((current, new))
    else:
        summary.kept.append(current)


def _age(entry: Entry) -> tuple[dt.datetime, int]:
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return (entry.updated_at or oldest, entry.version)


def _add_medications(s: Session, meds: Iterable[Medication]) -> None:
    for m in meds:
        s.add(
            MedicationRow(
                id=m.id,
                name=m.name,
                kind=m.kind.value,
                magnesium_mg=m.magnesium_mg,
                potassium_mg=m.potassium_mg,
                calcium_mg=m.calcium_mg,
                vitamin_d_ug=m.vitamin_d_ug,
                drug_class=m.drug_class.value if m.drug_class else None,
                started_on=m.started_on,
                stopped_on=m.stopped_on,
                notes=m.notes,
            )
        )


def _add_custom_foods(s: Session, customs: Iterable[CustomFood]) -> None:
    for c in customs:
        s.add(
            CustomFoodRow(
                id=c.id,
                name=c.name,
                serving_grams=c.serving_grams,
                notes=c.notes,
                **convert.per100g_columns(c.per100g),
            )
        )


def _add_recipes(
    s: Session, recipes: list[Any], skip: Iterable[str] = (), *, keep_ids: bool = True
) -> int:
    """Add the recipes of a document; those named in ``skip`` are left out. Returns how many."""
    skipped = {name.lower() for name in skip}
    added = 0
    custom_ids = dict(s.execute(select(CustomFoodRow.name, CustomFoodRow.id)).all())
    recipe_ids: set[Any] = set()
    recipe_names: set[Any] = set()
    for index, raw in enumerate(recipes):
        record = _record("recipes", index, raw)
        try:
            items = record.get("items") or []
            if not isinstance(items, list):
                raise ValidationError("items", "items must be a list")
            recipe = RecipeRow(
                id=_id(record),
                name=v.name("name", record.get("name")),
                portions=v.positive("portions", record.get("portions", 1), 1000),
            )
            _once(recipe_ids, recipe.id, "id")
            _once(recipe_names, recipe.name, "name")
            for item in items:
                custom = item.get("custom_food") if isinstance(item, Mapping) else None
                food = item.get("food_id") if isinstance(item, Mapping) else None
                food_ok = food is None or (isinstance(food, str) and 0 < len(food) <= 20)
                if (
                    not isinstance(item, Mapping)
                    or (food is None) == (custom is None)
                    or not food_ok
                    or (custom is not None and custom not in custom_ids)
                ):
                    raise ValidationError(
                        "items", "each item needs a food_id or a known custom_food"
                    )
                if food is not None:
                    v.text("food_id", food, 20)  # refuses control characters
                recipe.items.append(
                    RecipeItemRow(
                        food_id=item.get("food_id"),
                        custom_food_id=custom_ids[custom] if custom else None,
                        grams=v.positive("grams", item.get("grams"), build.MAX_GRAMS, "g"),
                    )
                )
        except ValidationError as exc:
            raise _where("recipes", index, exc) from None
        if recipe.name.lower() not in skipped:
            if not keep_ids:
                recipe.id = None  # type: ignore[assignment]
            s.add(recipe)
            added += 1
    return added


def _indexed(
    doc: Mapping[str, Any], entries: list[tuple[Entry, str]]
) -> list[tuple[str, int, Entry]]:
    counters: dict[str, int] = {}
    out = []
    section_of = {
        Cramp: "cramps",
        FoodEntry: "foods",
        Drink: "drinks",
        Dose: "doses",
        Activity: "activities",
    }
    for entry, _release in entries:
        section = section_of[type(entry)]
        index = counters.get(section, 0)
        counters[section] = index + 1
        out.append((section, index, entry))
    return out
