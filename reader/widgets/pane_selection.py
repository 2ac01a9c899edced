"""The reading pane's selection: one span of one paragraph's own text. Keys make it (``v``, then
the caret moves with ``l``/``h`` and the anchor with shift+arrows), and so does a drag of the
mouse; it is shown as a decoration layer of the pane."""

from __future__ import annotations

from dataclasses import dataclass, replace

from reader.widgets.pane_lines import Span


@dataclass(frozen=True)
class Selection:
    """``anchor`` stays where the selection began, ``caret`` moves; both stay in ``[0, length]``."""

    para: int
    anchor: int
    caret: int
    length: int  # of the paragraph's own text

    @classmethod
    def first_char(cls, para: int, length: int) -> Selection:
        """The first character of paragraph ``para``."""
        return cls(para, 0, min(1, length), length)

    @classmethod
    def dragged(cls, para: int, down: int, at: int, length: int) -> Selection:
        """From a mouse down on offset ``down`` to the mouse on offset ``at`` (the character under
        the mouse included)."""
        return cls(para, down, at + 1 if at >= down else at, length)

    @property
    def span(self) -> tuple[int, int, int]:
        """(para, start, end)."""
        return (self.para, min(self.anchor, self.caret), max(self.anchor, self.caret))

    def caret_by(self, chars: int) -> Selection:
        return replace(self, caret=self._clamp(self.caret + chars))

    def anchor_by(self, chars: int) -> Selection:
        return replace(self, anchor=self._clamp(self.anchor + chars))

    def _clamp(self, offset: int) -> int:
        return max(0, min(self.length, offset))

    def layer(self) -> dict[int, list[Span]]:
        """The selection as a decoration layer (empty while it spans no character)."""
        para, start, end = self.span
        return {para: [(start, end, "reading--selection")]} if start < end else {}
