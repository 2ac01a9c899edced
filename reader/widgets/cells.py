"""Fitting text into terminal cells (CJK characters take two)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size


def clip(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells, cut with an ellipsis when too long."""
    if cell_len(text) <= width or width < 2:
        return set_cell_size(text, width)
    return set_cell_size(set_cell_size(text, width - 1).rstrip() + "…", width)
