"""Screen layout of a source: blocks (headings and paragraphs) wrapped into lines for a width.

Pure Python so it can be tested and measured without a terminal. The reading pane keeps one
``Layout`` per width and renders only the visible lines from it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import get_character_cell_size

from reader.core.model import HIDDEN, Source

HEADING = "heading"
#: Characters a line may not start with (kinsoku): they stay at the end of the line before.
NO_LINE_START = frozenset("，。、；：！？）》」』】〕〉”’…—,.;:!?)]}%·")


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of display: a heading (``para`` 0) or a paragraph.

    ``head`` is the length of a run-in heading at the start of ``text`` (shown bold); the
    paragraph's own text starts at offset ``head``.
    """

    kind: str
    text: str
    para: int
    section: int
    level: int = 0
    head: int = 0


def blocks(source: Source) -> list[Block]:
    """The display blocks of a source in reading order. Hidden paragraphs and synthetic titles
    (a lead section named after its source, with no title line in the text) are left out."""
    out: list[Block] = []
    for i, section in enumerate(source.sections):
        if section.title and not section.run_in and not section.synthetic:
            out.append(Block(HEADING, section.title, 0, i, section.level))
        head = section.title if section.run_in else ""
        for p in section.paragraphs:
            if p.kind in HIDDEN:
                continue
            out.append(Block(p.kind, head + p.text, p.n, i, 0, len(head)))
            head = ""
        if head:  # a run-in heading whose paragraphs are all hidden
            out.append(Block(HEADING, section.title, 0, i, section.level))
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Split ``text`` into ``(start, end)`` lines of at most ``width`` cells.

    CJK text breaks between any two characters, except before closing punctuation
    (kinsoku); runs of Latin letters and digits are kept whole when they fit on a line.
    Nothing is dropped: the lines cover the text exactly.
    """
    width = max(width, 2)
    if not text:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    start = 0
    cells = 0
    i = 0
    n = len(text)
    while i < n:
        w = get_character_cell_size(text[i])
        if cells + w <= width or i == start:
            cells += w
            i += 1
            continue
        brk = _break_point(text, start, i)
        lines.append((start, brk))
        start = brk
        cells = sum(get_character_cell_size(c) for c in text[start:i])
    lines.append((start, n))
    return lines


def _break_point(text: str, start: int, i: int) -> int:
    """Where to end a line that overflows at ``i`` (never ``start``, so lines always advance)."""
    brk = i
    if _is_word_char(text[brk]) and _is_word_char(text[brk - 1]):
        j = brk
        while j > start and _is_word_char(text[j - 1]):
            j -= 1
        if j > start:
            brk = j
    # Kinsoku: pull one character down so a closing mark does not start the next line.
    if text[brk] in NO_LINE_START and brk - 1 > start:
        brk -= 1
    return brk


class Layout:
    """The blocks of a source wrapped to ``width``: one entry per screen line.

    ``lines[y]`` is ``(block index, start, end)``, or ``(-1, 0, 0)`` for a blank separator.
    """

    def __init__(self, blocks: list[Block], width: int) -> None:
        self.blocks = blocks
        self.width = width
        self.lines: list[tuple[int, int, int]] = []
        self.first_line: list[int] = []  # block index -> its first line
        self._para_block: dict[int, int] = {}
        for b, block in enumerate(blocks):
            if b:
                self.lines.append((-1, 0, 0))
            self.first_line.append(len(self.lines))
            if block.para:
                self._para_block[block.para] = b
            self.lines.extend((b, s, e) for s, e in wrap(block.text, width))

    def __len__(self) -> int:
        return len(self.lines)

    def block_of_para(self, para: int) -> int | None:
        """Index of the block showing paragraph ``para``, if it is shown."""
        return self._para_block.get(para)

    def block_lines(self, b: int) -> range:
        """The screen lines of block ``b``."""
        end = self.first_line[b + 1] - 1 if b + 1 < len(self.blocks) else len(self.lines)
        return range(self.first_line[b], end)

    def block_at(self, y: int) -> int:
        """The block on screen line ``y``, or the one just above a blank separator."""
        return max(bisect_right(self.first_line, y) - 1, 0)
