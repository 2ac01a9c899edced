"""Text that reaches a terminal: control characters made visible, one character for one.

Report text, file names, section titles, notes and imported records are untrusted. Before any of
them is drawn or printed, C0 controls (except tab and newline) become their Control Pictures
(``ESC`` -> ``␛``), DEL becomes ``␡``, and C1 controls, bidirectional overrides and isolates and
lone surrogates (the bytes of a file name that is not UTF-8, a ``\\ud800`` in imported JSON) become
``�``. The mapping is one code point for one, so offsets into the text (addresses, anchors,
search hits) stay valid whether they were taken before or after it.

JSON printed or written keeps every character, but the ones a terminal would act on are written as
``\\uXXXX`` escapes (``json_safe``), so the JSON still parses to the original text.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_TABLE.update({ord(c): "\ufffd" for c in _BIDI})
_TABLE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})
#: What ``visible`` replaces, as the inside of a character class.
UNSAFE_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\ud800-\udfff"
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


def visible(text: str) -> str:
    """``text`` with every control character that could drive a terminal made visible."""
    return text.translate(_TABLE) if _UNSAFE.search(text) else text


def one_line(text: str) -> str:
    """``visible(text)`` on one line: newlines and tabs become spaces (for labels, toasts, lists)."""
    return visible(text).replace("\n", " ").replace("\t", " ")


_JSON_UNSAFE = re.compile("[\x7f-\x9f" + _BIDI + "\ud800-\udfff]")


def json_safe(dumped: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with DEL, C1 and bidi controls and
    lone surrogates escaped as ``\\uXXXX`` (``json.dumps`` escapes the C0 controls itself). The
    JSON means the same; only the bytes that reach a terminal change."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", dumped)
