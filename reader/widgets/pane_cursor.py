"""Where the reading pane's cursor can stop: the paragraphs shown, in order, and the first of each
section. Plain Python: the pane asks it where a key goes, then scrolls there."""

from __future__ import annotations

from bisect import bisect_right

from reader.core.layout import Block, section_starts


class Stops:
    """The paragraph numbers a cursor can be on (0 stands for none: a source of headings only)."""

    def __init__(self, blocks: list[Block]) -> None:
        self.paras = [b.para for b in blocks if b.para]
        self._index = {p: i for i, p in enumerate(self.paras)}
        self.section_starts = section_starts(blocks)

    def __contains__(self, para: int) -> bool:
        return para in self._index

    def __bool__(self) -> bool:
        return bool(self.paras)

    @property
    def first(self) -> int:
        return self.paras[0] if self.paras else 0

    @property
    def last(self) -> int:
        return self.paras[-1] if self.paras else 0

    def step(self, para: int, delta: int) -> int:
        """The paragraph ``delta`` stops from ``para``, kept within the source."""
        i = self._index.get(para, 0) + delta
        return self.paras[max(0, min(len(self.paras) - 1, i))]

    def next_section(self, para: int) -> int | None:
        """The start of the section after ``para``'s, if any."""
        i = bisect_right(self.section_starts, para)
        return self.section_starts[i] if i < len(self.section_starts) else None

    def prev_section(self, para: int) -> int | None:
        """The start of the section before ``para``'s (the first section's own start in the first)."""
        current = bisect_right(self.section_starts, para) - 1  # the section start at or before para
        return self.section_starts[max(current - 1, 0)] if self.section_starts else None
