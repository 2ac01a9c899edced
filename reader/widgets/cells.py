"""Fitting text into terminal cells (CJK characters take two)."""

from __future__ import annotations

from reader.core.kwic import cells, fit


def clip(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells, cut with an ellipsis when too long."""
    if cells(text) <= width or width < 2:
        return fit(text, width)
    return fit(fit(text, width - 1).rstrip() + "…", width)
