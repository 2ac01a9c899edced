"""How the compare screen draws a pair of paragraphs: inline (one column, the edits marked in
place) or side by side (A's version beside B's, deletions marked on the left, insertions on the
right)."""

from __future__ import annotations

from textual.content import Content

from reader.core.compare import ADDED, CHANGED, MOVED, REMOVED, SAME, Comparison, Pair
from reader.core.layout import wrap
from reader.core.model import Source
from reader.core.sanitize import one_line
from reader.widgets.cells import clip

MARK = {SAME: " ", MOVED: "↕", CHANGED: "~", ADDED: "+", REMOVED: "−"}
EDIT_STYLE = {"insert": "$text-success on $success-muted underline", "delete": "$text-error on $error-muted strike"}


def half(width: int) -> int:
    """The cells of one column side by side (gutter included), a space between the two."""
    return (width - 1) // 2


def _lines(body: Content, width: int) -> list[Content]:
    """``body`` wrapped to ``width`` cells."""
    return body.divide([start for start, _ in wrap(body.plain, width)[1:]]) if body.plain else [Content("")]


def _gutter(pair: Pair) -> str:
    return {ADDED: "$text-success", REMOVED: "$text-error"}.get(pair.status, "$text-warning")


def _text(source: Source, n: int | None) -> str:
    return one_line(source.paragraph(n).text) if n else ""


def _edits(pair: Pair, leave_out: str = "") -> Content:
    """The words of a changed pair, inserted and deleted ones marked (those of ``leave_out`` left out)."""
    return Content.assemble(*((one_line(e.text), EDIT_STYLE.get(e.op, "")) for e in pair.edits if e.op != leave_out))


def inline(result: Comparison, pair: Pair, width: int) -> Content:
    """One column: a same or moved pair on one line, the others whole with their edits marked."""
    gutter = _gutter(pair)
    mark = Content.styled(MARK[pair.status] + "▏", gutter)
    if pair.status in (SAME, MOVED):
        note = f"  (was ¶{pair.a})" if pair.status == MOVED else ""
        return mark + Content.styled(clip(_text(result.b, pair.b), width - len(note) - 2).rstrip() + note,
                                     "$ink-muted")
    if pair.status == CHANGED:
        body = _edits(pair)
    elif pair.status == ADDED:
        body = Content.styled(_text(result.b, pair.b), "$text-success")
    else:
        body = Content.styled(_text(result.a, pair.a), "$text-error")
    lines = _lines(body, width - 2)
    leads = [mark, *[Content.styled(" ▏", gutter)] * len(lines)]
    return Content("\n").join(lead + line for lead, line in zip(leads, lines, strict=False))


def side_by_side(result: Comparison, pair: Pair, width: int) -> Content:
    """Two columns, A's paragraph (deletions marked) beside B's (insertions marked); a same or
    moved pair on one line."""
    column = half(width)
    cells = column - 2
    a, b = _text(result.a, pair.a), _text(result.b, pair.b)
    if pair.status in (SAME, MOVED):
        notes = (f"  (now ¶{pair.b})", f"  (was ¶{pair.a})") if pair.status == MOVED else ("", "")
        sides = [[Content.styled(clip(text, cells - len(note)).rstrip() + note, "$ink-muted")]
                 for text, note in zip((a, b), notes, strict=True)]
    elif pair.status == CHANGED:
        sides = [_lines(_edits(pair, leave_out), cells) for leave_out in ("insert", "delete")]
    else:
        sides = [_lines(Content.styled(a, "$text-error"), cells) if a else [],
                 _lines(Content.styled(b, "$text-success"), cells) if b else []]
    gutter = _gutter(pair)
    rows = []
    for k in range(max(map(len, sides))):
        columns = []
        for side in sides:
            lead = Content.styled((MARK[pair.status] if k == 0 else " ") + "▏", gutter) if side else Content("  ")
            columns.append(lead + (side[k] if k < len(side) else Content("")))
        rows.append(columns[0].pad_right(max(0, column - columns[0].cell_length)) + " " + columns[1])
    return Content("\n").join(rows)
