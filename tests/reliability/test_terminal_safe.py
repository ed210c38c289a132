"""Stored text can never act on the terminal, whatever route put it in the journal.

The hostile rows are written straight into the SQLite file, past every
check, as a journal restored from a file written elsewhere (or by an older
cramplog) could hold them. Every command that shows stored text must print
each unsafe character as a visible escape, and a line break in a note must
not forge a line of output.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from cramplog.cli import load_extensions
from cramplog.domain import Per100g, RecipeItem, ValidationError
from cramplog.services import Journal

from .conftest import NOW, Outcome, assert_clean_failure, dump_rows

# OSC 52 (load the clipboard), OSC 0 (window title), clear screen, an 8-bit
# CSI, DEL, a right-to-left override and isolate, a Unicode line separator,
# and a line break followed by what would look like a line of `list`.
HOSTILE = (
    "a\x1b]52;c;cHduZWQ=\x07b\x1b]0;owned\x07\x1b[2J\x9b31m\x7f"
    "\u202egnp.exe\u2066x\u2069\u2028y\n     c99  03:00  cramp     forged"
)
FORGED = "c99  03:00  cramp     forged"
JOINERS = "\u200c\u200d"


def invoke(db: Path, *args: str) -> Outcome:
    """The CLI in-process, its output exactly as a terminal would receive it.

    click strips ANSI colour sequences from output that is not a terminal;
    ``color=True`` turns that off, so an escape sequence cannot pass the
    test by being stripped here and still reach a real terminal.
    """
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), *args], color=True)
    exc = None if isinstance(result.exception, SystemExit) else result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr, exc)


def unsafe_in(text: str) -> list[str]:
    """Every character of ``text`` that can act on a terminal or reorder a line."""
    return [
        f"U+{ord(c):04X}"
        for c in text
        if c != "\n"
        and c not in JOINERS
        and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co")
    ]


def assert_terminal_safe(*outputs: str) -> None:
    for output in outputs:
        assert unsafe_in(output) == [], output
        forged = [line for line in output.splitlines() if line.strip().startswith(FORGED)]
        assert forged == [], output


def taint(db: Path) -> None:
    """Put HOSTILE into every stored text column, past every check."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute("UPDATE cramps SET notes = ?, relieved_by = ?", (HOSTILE, HOSTILE))
            conn.execute(
                "UPDATE food_entries SET name = ?, amount = ?, unit = ?, notes = ?",
                (HOSTILE, "1" + HOSTILE, HOSTILE, HOSTILE),
            )
            conn.execute("UPDATE drinks SET notes = ?", (HOSTILE,))
            conn.execute("UPDATE doses SET notes = ?", (HOSTILE,))
            conn.execute("UPDATE activities SET kind = ?, notes = ?", (HOSTILE, HOSTILE))
            # Names are unique: each gets its id appended.
            for table in ("medications", "custom_foods", "recipes"):
                conn.execute(f"UPDATE {table} SET name = ? || id", (HOSTILE,))
            conn.execute("UPDATE medications SET notes = ?", (HOSTILE,))
            # Starting with one, too.
            conn.execute("UPDATE custom_foods SET notes = ?", ("\u202e" + HOSTILE,))
    finally:
        conn.close()


@pytest.fixture
def hostile_db(rich_db: Path) -> Path:
    taint(rich_db)
    return rich_db


SPAN = ("--from", "2026-03-01", "--to", "2026-03-10")


@pytest.mark.parametrize(
    "args",
    [
        ("list", *SPAN),
        ("med", "list"),
        ("foods", "mine"),
        ("recipe", "list"),
        ("analyze", *SPAN),
        ("edit", "c1", "severity=3"),
        ("delete", "a1"),
        ("edit", "f1", "grams=100"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_commands_print_stored_text_as_visible_escapes(
    hostile_db: Path, args: tuple[str, ...]
) -> None:
    result = invoke(hostile_db, *args)
    assert result.exception is None, repr(result.exception)
    assert result.code == 0, result.err
    assert_terminal_safe(result.out, result.err)


def test_list_shows_every_character_of_a_note_and_keeps_each_entry_on_its_lines(
    hostile_db: Path,
) -> None:
    result = invoke(hostile_db, "list", "--day", "2026-03-01")
    assert result.code == 0, result.err
    assert_terminal_safe(result.out)
    assert "\\x1b]52;c;cHduZWQ=\\x07" in result.out
    assert "\\x9b31m\\x7f\\u202egnp.exe\\u2066x\\u2069\\u2028y\\n     c99" in result.out
    # One heading, then one line per entry and one per note: nothing else.
    entries = json.loads(invoke(hostile_db, "list", "--day", "2026-03-01", "--json").out)
    lines = result.out.splitlines()
    rows = [line for line in lines if re.match(r"\A {2}[ a-z0-9]{6} {2}\d\d:\d\d {2}", line)]
    notes = [line for line in lines if line.startswith("          note: ")]
    assert lines[0].startswith("— 2026-03-01")
    assert len(rows) == len(entries)
    assert len(notes) == sum(1 for e in entries if e["notes"])
    assert len(lines) == 1 + len(rows) + len(notes)


def strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize(
    "args", [("list", *SPAN, "--json"), ("med", "list", "--json"), ("export",)], ids=str
)
def test_json_output_keeps_the_text_exactly_and_escapes_it(
    hostile_db: Path, args: tuple[str, ...]
) -> None:
    result = invoke(hostile_db, *args)
    assert result.code == 0, result.err
    assert_terminal_safe(result.out)
    # `med list --json` prints one document a line.
    documents = (
        [json.loads(line) for line in result.out.splitlines()]
        if "med" in args
        else [json.loads(result.out)]
    )
    assert any(HOSTILE in text for text in strings(documents))


def test_estimate_shows_typed_text_escaped(rich_db: Path) -> None:
    result = invoke(rich_db, "estimate", "1 egg\u202e, 1 cup milk\x9b")
    assert_terminal_safe(result.out, result.err)


def test_an_error_message_quoting_a_name_is_escaped(rich_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "x\x1b]0;owned\x07\u202e.json"
    bad.write_text("not json", encoding="utf-8")
    result = invoke(rich_db, "import", str(bad))
    assert_clean_failure(result, "is not a JSON document")
    assert_terminal_safe(result.out, result.err)


def test_backups_list_escapes_a_file_name(rich_db: Path) -> None:
    folder = rich_db.parent / "journal-backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / "odd\x1b[2J\u202e.sqlite3").write_bytes(rich_db.read_bytes())
    result = invoke(rich_db, "backups")
    assert result.code == 0, result.err
    assert "odd" in result.out
    assert_terminal_safe(result.out, result.err)


def test_doctor_reports_stored_control_characters(hostile_db: Path) -> None:
    result = invoke(hostile_db, "doctor")
    assert_terminal_safe(result.out, result.err)
    assert result.code == 1, result.out
    problems = [line for line in result.out.splitlines() if line.startswith("PROBLEM")]
    text = "\n".join(problems)
    assert "control characters" in text, result.out
    for where in ("cramps notes", "medications name", "activities kind", "custom_foods notes"):
        assert where in text, result.out
    assert "cramplog edit" in text, result.out
    as_json = invoke(hostile_db, "doctor", "--json")
    assert_terminal_safe(as_json.out)
    findings = json.loads(as_json.out)["findings"]
    assert any(f["status"] == "problem" and "control" in f["message"] for f in findings)


def test_doctor_accepts_a_line_break_in_a_note(rich_db: Path) -> None:
    # fill_journal's notes hold a line break, which notes may.
    result = invoke(rich_db, "doctor")
    assert "control characters" not in result.out, result.out


def test_html_report_and_csv_export_escape_control_characters(
    hostile_db: Path, tmp_path: Path
) -> None:
    html_path = tmp_path / "report.html"
    result = invoke(hostile_db, "report", *SPAN, "-o", str(html_path))
    assert result.code == 0, result.err
    page = html_path.read_text(encoding="utf-8")
    assert unsafe_in(page) == []
    assert "\\x1b]52;c;" in page
    out = tmp_path / "csv"
    result = invoke(hostile_db, "export", "--format", "csv", "-o", str(out))
    assert result.code == 0, result.err
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert unsafe_in(text.replace("\r\n", "\n")) == [], path.name
        for row in csv.reader(text.splitlines(keepends=True)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (path.name, cell)


@pytest.mark.slow
def test_pdf_report_shows_escapes_and_its_warnings_stay_clean(
    hostile_db: Path, tmp_path: Path
) -> None:
    import pypdf

    pdf_path = tmp_path / "report.pdf"
    result = invoke(hostile_db, "report", *SPAN, "-o", str(pdf_path))
    assert result.code == 0, result.err
    # fpdf warns about glyphs its font lacks, quoting them: there must be none.
    assert_terminal_safe(result.out, result.err)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf_path).pages)
    assert unsafe_in(text) == []
    assert "x1b]52;c;" in text


# --- every entry route refuses them --------------------------------------------------

REFUSED = {
    "BEL": "\x07",
    "ESC": "\x1b[2J",
    "TAB": "a\tb",
    "CR": "a\rb",
    "DEL": "\x7f",
    "C1 CSI": "\x9b31m",
    "NEL": "a\x85b",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLM": "\u200f",
    "line separator": "a\u2028b",
    "BOM": "\ufeff",
}
CRAMP = ("log", "cramp", "--muscle", "calf", "--side", "left")


@pytest.mark.parametrize("char", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((*CRAMP, "--notes", "leg {}"), "notes"),
        ((*CRAMP, "--relieved-by", "walking {}"), "relieved by"),
        (("log", "drink", "--notes", "x {}"), "notes"),
        (("log", "activity", "walk{}ing", "--minutes", "20"), "kind"),
        (("med", "add", "Mag{}nesium"), "name"),
        (("foods", "add", "Soup{}", "--energy-kcal", "50"), "name"),
        (("recipe", "add", "Shake{}", "1 cup milk"), "name"),
        (("edit", "c1", "notes=x{}"), "notes"),
    ],
    ids=lambda a: a if isinstance(a, str) else " ".join(a[:2]),
)
def test_every_command_refuses_control_characters(
    rich_db: Path, args: tuple[str, ...], field: str, char: str
) -> None:
    before = dump_rows(rich_db)
    result = invoke(rich_db, *(a.replace("{}", char) for a in args))
    assert_clean_failure(result, f"{field} must not contain control characters", "at position")
    assert_terminal_safe(result.err)
    assert dump_rows(rich_db) == before


def test_the_message_names_the_character_and_its_position(rich_db: Path) -> None:
    result = invoke(rich_db, *CRAMP, "--notes", "calf\x1b[2J")
    assert_clean_failure(
        result, "notes must not contain control characters (found U+001B at position 5)"
    )


def test_a_line_break_is_kept_in_a_note_but_refused_in_a_name(rich_db: Path) -> None:
    assert invoke(rich_db, *CRAMP, "--notes", "first\nsecond").code == 0
    assert_clean_failure(invoke(rich_db, "med", "add", "Mag\nnesium"), "name must be one line")


def test_the_app_and_every_service_route_refuse_them(tmp_path: Path) -> None:
    # The app saves through these same Journal methods.
    journal = Journal.open(tmp_path / "j.sqlite3")
    bad = "x\x1b]52;c;cHduZWQ=\x07"
    try:
        journal.add_medication(name="Magnesium")
        journal.add_custom_food("Soup", Per100g(energy_kcal=50))
        journal.log_cramp(now=NOW, at="2026-03-01T02:00+01:00", muscle="calf", side="left")
        attempts: dict[str, Callable[[], object]] = {
            "cramp notes": lambda: journal.log_cramp(
                now=NOW, muscle="calf", side="left", notes=bad
            ),
            "food notes": lambda: journal.log_food(
                now=NOW, food_id="01077", grams="100", notes=bad
            ),
            "food unit": lambda: journal.log_food(now=NOW, food_id="01077", grams="100", unit=bad),
            "drink notes": lambda: journal.log_drink(now=NOW, notes=bad),
            "dose notes": lambda: journal.log_dose(now=NOW, medication="Magnesium", notes=bad),
            "activity kind": lambda: journal.log_activity(now=NOW, kind=bad, minutes="10"),
            "medicine name": lambda: journal.add_medication(name=bad),
            "medicine notes": lambda: journal.edit_medication("Magnesium", notes=bad),
            "custom food": lambda: journal.add_custom_food(bad, Per100g(energy_kcal=1)),
            "recipe": lambda: journal.add_recipe(bad, 1, [RecipeItem(100, food_id="01077")]),
            "edit": lambda: journal.edit("c1", {"notes": bad}),
            "theme": lambda: journal.update_profile(theme=bad),
        }
        for what, attempt in attempts.items():
            with pytest.raises(ValidationError, match=r"control characters.*at position") as info:
                attempt()
            assert unsafe_in(str(info.value)) == [], what
    finally:
        journal.close()


def test_import_refuses_them_with_the_path_of_the_field(empty_db: Path, tmp_path: Path) -> None:
    doc = json.loads(invoke(empty_db, "export").out)
    doc["cramps"] = [
        {
            "id": 1,
            "time": "2026-03-01T02:00:00+01:00",
            "muscle": "calf",
            "side": "left",
            "severity": 5,
            "notes": "x\u202ey",
        }
    ]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = invoke(empty_db, "import", str(path))
    assert_clean_failure(result, "cramps[0].notes", "control characters")
    assert dump_rows(empty_db)["cramps"] == []


@pytest.mark.parametrize("merge", [False, True], ids=["import", "merge"])
def test_a_recipe_item_food_id_with_control_characters_is_refused(
    rich_db: Path, empty_db: Path, tmp_path: Path, merge: bool
) -> None:
    doc = json.loads(invoke(rich_db, "export").out)
    item = next(i for r in doc["recipes"] for i in r["items"] if i.get("food_id"))
    item["food_id"] = "010\x1b[2J"
    doc["recipes"][0]["name"] = "Another porridge"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = rich_db if merge else empty_db
    before = dump_rows(target)
    result = invoke(target, "import", *(["--merge"] if merge else []), str(path))
    assert_clean_failure(result, "recipes[0]", "control characters")
    assert dump_rows(target) == before


@pytest.mark.parametrize("section", ["cramps", "foods", "drinks", "doses", "activities"])
def test_merge_refuses_them_with_the_path_of_the_field(
    rich_db: Path, tmp_path: Path, section: str
) -> None:
    doc = json.loads(invoke(rich_db, "export").out)
    doc[section][0]["notes"] = "x\x1b]52;c;cHduZWQ=\x07"
    doc[section][0]["version"] = doc[section][0].get("version", 1) + 1
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = dump_rows(rich_db)
    result = invoke(rich_db, "import", "--merge", str(path))
    assert_clean_failure(result, f"{section}[0].notes", "control characters")
    assert_terminal_safe(result.err)
    assert dump_rows(rich_db) == before


def test_the_app_shows_stored_text_by_the_same_rule() -> None:
    from cramplog.tui.base import literal, safe

    assert_terminal_safe(safe(HOSTILE), literal(HOSTILE).plain)
    assert "\n" not in safe(HOSTILE)
    assert "\\x1b]52;c;" in safe(HOSTILE)


# --- the escaping rule itself --------------------------------------------------------


def unescape(shown: str) -> str:
    """Read back what terminal_text.escape() shows."""
    out: list[str] = []
    i = 0
    while i < len(shown):
        char = shown[i]
        following = shown[i + 1] if i + 1 < len(shown) else ""
        if char != "\\" or not following:
            out.append(char)
            i += 1
        elif following == "\\":
            out.append("\\")
            i += 2
        elif following in "ntr":
            out.append({"n": "\n", "t": "\t", "r": "\r"}[following])
            i += 2
        elif following in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[following]
            out.append(chr(int(shown[i + 2 : i + 2 + width], 16)))
            i += 2 + width
        else:
            out.append(char)
            i += 1
    return "".join(out)


@given(st.text(alphabet=st.characters(), max_size=60))
@example(HOSTILE)
@example("C:\\new\\x1b\\")
@example("\\\x1b")
@example("\\\\n")
@example("🏴\U000e0067\U000e0062\U000e007f 👨\u200d👩")
def test_escape_never_shows_an_unsafe_character_and_reads_back(text: str) -> None:
    from cramplog.terminal_text import escape, scrub

    shown = escape(text)
    assert unsafe_in(shown) == [] and "\n" not in shown
    assert unescape(shown) == text
    assert unsafe_in(scrub(text)) == [] and "\n" not in scrub(text)
    assert unsafe_in(scrub(text, keep_newlines=True)) == []
    if "\\" not in text and not unsafe_in(text) and "\n" not in text:
        assert shown == text  # ordinary text shows exactly as typed


@given(st.text(alphabet=st.characters(), max_size=40))
@example(HOSTILE)
def test_escaped_json_decodes_to_the_same_value(text: str) -> None:
    from cramplog.terminal_text import escape_json

    document = json.dumps({"notes": [text]}, ensure_ascii=False, indent=1)
    safe = escape_json(document)
    assert unsafe_in(safe) == []
    assert json.loads(safe) == {"notes": [text]}


def test_validation_and_output_agree_on_what_is_unsafe() -> None:
    from cramplog.services import validate as v
    from cramplog.terminal_text import is_unsafe

    for code in [
        *range(0x00, 0xA0),
        0x200B,
        0x200C,
        0x200D,
        0x200E,
        0x2028,
        0x202E,
        0x2066,
        0xE000,
        0xFEFF,
        0xE0041,
        0x41,
        0xE9,
        0x1F9B5,
    ]:
        char = chr(code)
        if char == "\n":  # allowed in notes, refused in names (tested above)
            continue
        try:
            v.text("notes", f"a{char}b")
            refused = False
        except ValidationError:
            refused = True
        assert refused == is_unsafe(char), f"U+{code:04X}"
