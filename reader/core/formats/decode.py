"""Bytes to text: UTF-8, UTF-16 (with or without BOM), GB18030/GBK and Big5.

UTF-8 is tried first and is all most files need; charset-normalizer is imported only when UTF-8
fails, and asked to choose among the encodings Chinese reports actually come in. A few stray
invalid bytes or NULs do not refuse a whole report: they become ``�`` (NUL ``␀``) and one warning
names the lines. Binary files are refused. Line endings become ``\\n`` and the text is made
terminal-safe (:func:`reader.core.sanitize.visible`) right here, so nothing downstream sees raw
control characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from reader.core.errors import UserError
from reader.core.sanitize import UNSAFE_CHARS, visible

_CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
_CONTROL_CHARS = r"\x01-\x08\x0e-\x1a\x1c-\x1f\x7f"
_ODD_CHARS = r"\x80-\x9f\ue000-\uf8ff\U00030000-\U0010ffff"  # C1, private use, unassigned planes
_DAMAGE_CHARS = r"\ufffd\x00"
_CONTROL, _ODD, _DAMAGE = (re.compile(f"[{chars}]") for chars in (_CONTROL_CHARS, _ODD_CHARS, _DAMAGE_CHARS))
#: A character that a check below or ``visible`` acts on: most texts have none, and one scan for
#: it spares them the others.
_ANY = re.compile(f"[{_CONTROL_CHARS}{_ODD_CHARS}{_DAMAGE_CHARS}{UNSAFE_CHARS}]")
_STRAY = 8  # at most this many damaged places (and 0.1 % of the text) are repaired, not refused
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass
class Decoded:
    """The decoded text and the warnings (one line each) about places that had to be repaired."""

    text: str
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, name: str) -> Decoded:
    """Decode a report's bytes; UserError naming ``name`` if it is binary or in no known encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(data[len(bom) :].decode(encoding, errors="replace"), name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > _allowed(text):
            text = _detect(data, name)
    return _finish(text, name)


def _allowed(text: str) -> int:
    return min(_STRAY, len(text) // 1000 + 1)


def _detect(data: bytes, name: str) -> str:
    import charset_normalizer  # only for files that are not UTF-8

    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    for encoding in ([best.encoding] if best else []) + _CANDIDATES[:2]:
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") <= _allowed(text) and _plausible(text):
            return text
    if _control_share(data.decode("latin-1")) > 0.05:
        raise UserError(f"{name}: not a text file (binary)")
    raise UserError(f"{name}: cannot decode as UTF-8, UTF-16, GB18030 or Big5")


def _finish(text: str, name: str) -> Decoded:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _ANY.search(text):
        return Decoded(text)
    if not _plausible(text):
        raise UserError(f"{name}: not a text file (binary)")
    damaged = [m.start() for m in _DAMAGE.finditer(text)]
    warnings = []
    if damaged:
        if len(damaged) > _allowed(text):
            raise UserError(f"{name}: not a text file (binary)")
        lines = ", ".join(str(n) for n in dict.fromkeys(text.count("\n", 0, i) + 1 for i in damaged))
        warnings.append(f"{name}: {len(damaged)} invalid byte(s) or NUL replaced with a mark (line {lines})")
    return Decoded(visible(text), warnings)


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(1, len(text))


def _plausible(text: str) -> bool:
    """Text, not binary or a wrong guess: few control characters, few private-use or rare code points."""
    return _control_share(text) <= 0.01 and len(_ODD.findall(text)) <= 0.01 * max(1, len(text))
