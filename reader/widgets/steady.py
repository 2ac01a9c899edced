"""A scroll view that is left alone by layouts that do not change it."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


class SteadyScrollView(ScrollView):
    """Textual's ``ScrollView`` compares the virtual size a layout offers it with the one it sets
    itself (the length of its text), which never match: every layout anywhere on the screen (the
    search box opening, a toast) redrew its scrollbars, in a frame of their own. Here a layout that
    finds its size, its container's and its own virtual size as at the last one changes nothing.
    (A widget that is also another scroll view lists this class after it: Textual takes CSS from the
    first base only.)"""

    _laid_out: tuple[Size, Size, Size] | None = None

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        now = (size, self.virtual_size, container_size)
        if now == self._laid_out:
            return False
        self._laid_out = now
        return super()._size_updated(size, virtual_size, container_size, layout)
