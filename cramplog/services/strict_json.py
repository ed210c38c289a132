"""Reading a JSON document strictly, and saying plainly where and why it is not one.

The exchange format's files are read here (services.exchange_format says what
a document may hold); json's own messages name Python's scanner, so each is
put in plain words with its line and column.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

from cramplog.domain import ValidationError


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
