"""Watch-word colour ids, the one list of them (highlight colour names are the store's:
``reader.core.anchors.COLORS``). The reading pane styles each as ``reading--watch-N`` / ``reading--hl-NAME``.
"""

from __future__ import annotations

WATCH_COLORS = tuple(f"watch-{i}" for i in range(6))


def watch_color(color: str | None, order: int) -> str:
    """The colour id for a stored colour; an unknown or missing one takes a colour by ``order``."""
    return color if color in WATCH_COLORS else f"watch-{order % len(WATCH_COLORS)}"
