"""Text from the journal made safe to show: one rule for the command line, the app and reports.

Text reaches the journal by many routes (typed, imported, merged, or in a
file restored from elsewhere), so whatever a stored value holds, showing it
must not let it act on the terminal: ESC and C1 sequences clear the screen,
set the window title or fill the clipboard (OSC 52); bidirectional overrides
and isolates reorder what is shown around them; a line break in a note could
forge a line of `cramplog list`.

A character is *unsafe* when its Unicode category is Cc (C0 controls, DEL,
C1 controls), Cf (format characters: bidi overrides, isolates and marks,
zero-width spaces, the byte-order mark, tag characters), Zl or Zp (line and
paragraph separators), Cs (lone surrogates) or Co (private use); zero-width
joiner and non-joiner are not, as emoji and several scripts need them.
Validation (:func:`cramplog.services.validate.text`) refuses unsafe
characters on every entry route, except a line break in free text such as
notes. Showing writes each one as an escape: ``\\n``, ``\\t``, ``\\r``,
``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``.
"""

from __future__ import annotations

import unicodedata

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
# Zero-width non-joiner and joiner: part of ordinary emoji and of Indic and
# Arabic-script text, and unable to act on a terminal or reorder a line.
_JOINERS = frozenset("\u200c\u200d")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
# Letters that follow a backslash in an escape; a stored backslash before one
# of them (or before another backslash or an unsafe character) is doubled.
_ESCAPE_LETTERS = frozenset("\\ntrxuU")


def is_unsafe(char: str) -> bool:
    """Whether ``char`` (one character) must never reach a terminal as it is."""
    return char not in _JOINERS and unicodedata.category(char) in _UNSAFE_CATEGORIES


def first_unsafe(text: str, *, newline_ok: bool = False) -> int | None:
    """The index of the first unsafe character in ``text``, or None."""
    if text.isprintable():  # the usual case; every unsafe character is unprintable
        return None
    for index, char in enumerate(text):
        if is_unsafe(char) and not (newline_ok and char == "\n"):
            return index
    return None


def spelled(char: str) -> str:
    """The visible escape for one unsafe character."""
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(value: object) -> str:
    """A stored value as one line that shows every character and reads back exactly.

    Unsafe characters (a line break too) become escapes; a backslash is
    doubled only where it would otherwise read as the start of one, so
    ordinary text with a backslash shows as typed.
    """
    text = str(value)
    if text.isprintable() and "\\" not in text:
        return text
    out: list[str] = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "\\":
            following = text[index + 1] if index < last else ""
            doubled = bool(following) and (following in _ESCAPE_LETTERS or is_unsafe(following))
            out.append("\\\\" if doubled else "\\")
        elif is_unsafe(char):
            out.append(spelled(char))
        else:
            out.append(char)
    return "".join(out)


def scrub(text: object, *, keep_newlines: bool = False) -> str:
    """Composed text (a message, a rendered page) with every unsafe character made visible.

    Backslashes are left alone: the text may already quote values with
    ``repr`` (``'\\x1b'``), and doubling them would garble that. With
    ``keep_newlines`` its line breaks stay line breaks.
    """
    raw = str(text)
    if raw.isprintable():
        return raw
    return "".join(
        spelled(c) if is_unsafe(c) and not (keep_newlines and c == "\n") else c for c in raw
    )


def escape_json(document: str) -> str:
    """A JSON document with every unsafe character in its strings written as ``\\uXXXX``.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but writes DEL,
    C1 controls and bidi overrides as they are. Outside strings a JSON document
    holds only ASCII punctuation and whitespace (line breaks from ``indent``),
    so each unsafe character left is inside a string, where ``\\uXXXX`` (a
    surrogate pair beyond U+FFFF) decodes to the same character.
    """
    if document.isprintable():
        return document
    out: list[str] = []
    for char in document:
        if char == "\n" or not is_unsafe(char):
            out.append(char)
            continue
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def counted(n: float, one: str, many: str = "") -> str:
    """``n`` and the word in the right number: "1 day", "2 days", "1 entry", "3 entries".

    ``many`` is the plural where it is not ``one`` + "s". Every count shown in
    words goes through here, so no screen says "1 days" or "over 1 logged weeks".
    """
    shown = f"{n:g}" if isinstance(n, float) else str(n)  # 1.5 portions, never 1.50
    return f"{shown} {one if n == 1 else (many or one + 's')}"
