"""Screen layout of a source: blocks (headings and paragraphs) wrapped into lines for a width.

Pure Python so it can be tested and measured without a terminal. Lines break by the Chinese rules
(clreq, JIS X 4051 kinsoku): no closing mark at a line start, no opening mark at a line end, numbers
with their decimal point, ``%`` and units and Latin words kept whole; a run too wide for a line is
still cut. Widths are terminal cells (CJK = 2).

A ``Layout`` of a long source wraps a block only when it is looked at; until then the block
counts as an estimate of its height, so opening a large report costs no wrapping and the
scrollbar still knows roughly how long it is. The reading pane renders only the visible lines.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import NamedTuple

from rich.cells import get_character_cell_size

from reader.core.model import HIDDEN, Source

HEADING = "heading"
#: A blank line between two blocks, as ``Layout.line`` gives it.
BLANK = (-1, 0, 0)

#: Closing marks (and spaces): a line may not start with one, it stays with what precedes it.
NO_LINE_START = frozenset(
    "，。、；：！？）》」』】〕〉〗〙｝］〞〟”’…‥—―·・%％‰‱℃℉°′″"  # full-width marks, units
    ",.;:!?)]}｡｣､"  # half-width forms
    " \t\u3000\u00a0"
    + "".join(map(chr, range(0x3380, 0x33E0)))  # squared unit signs: ㎡ ㎞ ㎏
)
#: Opening marks and currency signs: a line may not end with one, it stays with what follows it.
NO_LINE_END = frozenset("（《「『【〔〈〖〘｛［〝“‘([{｢$¥￥£€＄")
#: Letters and digits of words and numbers, which are not broken.
WORD = frozenset(
    ch
    for lo, hi in ((0x30, 0x7A), (0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0xFF10, 0xFF5A))
    for ch in map(chr, range(lo, hi + 1))
    if ch.isalnum()
)
#: Joiners inside a word or number when a letter or digit follows: 4.5, 1,000, 2020-2025, 10:30.
JOINERS = frozenset(".,:/-'’．")
_SIGNS = frozenset("+-−±")
#: A source of up to this many characters is wrapped whole at once (a few milliseconds), so its
#: height is exact from the start; longer ones are wrapped as they are looked at.
EAGER_CHARS = 60_000


class _Cells(dict[str, int]):
    """Cell width per character, filled on first use (a plain dict lookup after that)."""

    def __missing__(self, ch: str) -> int:
        self[ch] = size = get_character_cell_size(ch)
        return size


_CELLS = _Cells()


def cell_prefix(text: str) -> list[int]:
    """``out[i]`` is the width in cells of ``text[:i]``."""
    return list(accumulate(map(_CELLS.__getitem__, text), initial=0))


def can_break(text: str, i: int) -> bool:
    """Whether a line may end before ``text[i]`` (``0 < i < len(text)``)."""
    a, b = text[i - 1], text[i]
    if b in NO_LINE_START or a in NO_LINE_END or not _CELLS[b]:
        return False
    if a in WORD:
        return not (b in WORD or (b in JOINERS and i + 1 < len(text) and text[i + 1] in WORD))
    if b in WORD:  # 4.|5, but 增长-|3 only when the sign is not a hyphen inside a word
        if a in JOINERS and i >= 2 and text[i - 2] in WORD:
            return False
        return not (a in _SIGNS and b.isdigit())
    return True


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Split ``text`` into ``(start, end)`` lines of at most ``width`` cells (at least 2).

    Each line is as full as the breaking rules allow; a run that cannot be broken and is wider
    than a line is cut where the line is full. Nothing is dropped: the lines cover the text exactly.
    """
    width = max(width, 2)
    n = len(text)
    cells = cell_prefix(text)
    lines: list[tuple[int, int]] = []
    start = 0
    while cells[n] - cells[start] > width:
        full = bisect_right(cells, cells[start] + width, start) - 1  # the most that fits
        brk = full
        while brk > start and not can_break(text, brk):
            brk -= 1
        if brk == start:  # one run wider than the line: cut it, at a lesser evil if there is one
            cuts = [i for i in range(full, start, -1) if _tolerable(text, i)]
            brk = next((i for i in cuts if not (text[i - 1] in WORD and text[i] in WORD)), cuts[0] if cuts else full)
        lines.append((start, brk))
        start = brk
    lines.append((start, n))
    return lines


def _tolerable(text: str, i: int) -> bool:
    """A cut inside an unbreakable run that at least leaves no mark hanging (a word may be cut)."""
    b = text[i]
    return (b not in NO_LINE_START or b.isspace()) and text[i - 1] not in NO_LINE_END and bool(_CELLS[b])


class Block(NamedTuple):
    """A unit of display: a heading (``para`` 0) or a paragraph (a tuple: a report has many).

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


def section_starts(blocks: list[Block]) -> list[int]:
    """First shown paragraph of each section that has one, in order."""
    seen: dict[int, int] = {}
    for b in blocks:
        if b.para and b.section not in seen:
            seen[b.section] = b.para
    return list(seen.values())


def estimate(texts: list[str], width: int) -> list[int]:
    """Lines each text is likely to take at ``width``, without measuring it character by character:
    a text with any non-ASCII character counts two cells a character, as CJK does."""
    width = max(width, 2)
    return [(len(t) * (1 if t.isascii() else 2) + width - 1) // width or 1 for t in texts]


class _Heights:
    """Heights of consecutive items with prefix sums (a Fenwick tree): set, top and find in O(log n).

    ``heights[k]`` is the top of item ``k``: the sum of the heights before it.
    """

    def __init__(self, heights: list[int]) -> None:
        self._h = heights
        n = len(heights)
        tree = [0, *heights]
        for i in range(1, n + 1):
            j = i + (i & -i)
            if j <= n:
                tree[j] += tree[i]
        self._tree = tree
        self.total = sum(heights)
        self._step = 1 << n.bit_length() if n else 0

    def set(self, k: int, height: int) -> None:
        delta = height - self._h[k]
        if delta:
            self._h[k] = height
            self.total += delta
            tree, i = self._tree, k + 1
            while i < len(tree):
                tree[i] += delta
                i += i & -i

    def __len__(self) -> int:
        return len(self._h)

    def __getitem__(self, k: int) -> int:
        tree, total = self._tree, 0
        while k:
            total += tree[k]
            k -= k & -k
        return total

    def find(self, y: int) -> int:
        """The item covering offset ``y`` (the last one when ``y`` is past the end)."""
        tree, pos, step = self._tree, 0, self._step
        while step:
            if pos + step < len(tree) and tree[pos + step] <= y:
                pos += step
                y -= tree[pos]
            step >>= 1
        return min(pos, len(self._h) - 1)


class Layout:
    """The blocks of a source wrapped to ``width``, each wrapped when first looked at.

    Screen line ``y`` shows part of one block, or is the blank line between two blocks. Lines are
    counted with estimated heights for blocks not wrapped yet, so a line number past an unwrapped
    block moves when that block is wrapped; ``settle`` keeps a view steady across that.
    """

    def __init__(self, blocks: list[Block], width: int) -> None:
        self.blocks = blocks
        self.width = width
        self._wrapped: dict[int, list[tuple[int, int]]] = {}
        self._para_block = {block.para: b for b, block in enumerate(blocks) if block.para}
        texts = [block.text for block in blocks]
        heights = [h + 1 for h in estimate(texts, width)]  # and the blank after
        if heights:
            heights[-1] -= 1
        self._heights = _Heights(heights)
        if sum(map(len, texts)) <= EAGER_CHARS:
            for b in range(len(blocks)):
                self.wrapped(b)

    def __len__(self) -> int:
        return self._heights.total

    def wrapped(self, b: int) -> list[tuple[int, int]]:
        """The ``(start, end)`` lines of block ``b``, wrapping it now if it was not yet."""
        lines = self._wrapped.get(b)
        if lines is None:
            lines = self._wrapped[b] = wrap(self.blocks[b].text, self.width)
            self._heights.set(b, len(lines) + (b < len(self.blocks) - 1))
        return lines

    def block_at(self, y: int) -> int:
        """The block on screen line ``y``, or the one just above a blank separator."""
        if not self.blocks:
            return 0
        b = self._heights.find(max(y, 0))
        while b not in self._wrapped:  # wrapping corrects its height: look again
            self.wrapped(b)
            b = self._heights.find(max(y, 0))
        return b

    def line(self, y: int) -> tuple[int, int, int]:
        """Screen line ``y`` as ``(block, start, end)``, or ``BLANK``."""
        if not 0 <= y < len(self):
            return BLANK
        b = self.block_at(y)
        lines = self._wrapped[b]
        dy = y - self._heights[b]
        return (b, *lines[dy]) if dy < len(lines) else BLANK

    @property
    def first_line(self) -> _Heights:
        """``first_line[b]`` is the first screen line of block ``b`` (exact once the blocks above
        it are wrapped)."""
        return self._heights

    def block_lines(self, b: int) -> range:
        """The screen lines of block ``b``."""
        count = len(self.wrapped(b))
        top = self._heights[b]
        return range(top, top + count)

    def block_of_para(self, para: int) -> int | None:
        """Index of the block showing paragraph ``para``, if it is shown."""
        return self._para_block.get(para)

    def settle(self, y: int, height: int, margin: int) -> int:
        """Wrap the blocks on lines ``y .. y + height`` and ``margin`` lines either side; the line
        that now shows what line ``y`` showed (its block moves when blocks above it change height)."""
        if not self.blocks:
            return 0
        anchor = self.block_at(y)
        offset = y - self._heights[anchor]
        b = anchor - 1
        while b >= 0 and self._heights[anchor] - self._heights[b + 1] < margin:
            self.wrapped(b)
            b -= 1
        y = self._heights[anchor] + offset
        b = anchor + 1
        while b < len(self.blocks) and self._heights[b] < y + height + margin:
            self.wrapped(b)
            b += 1
        return y
