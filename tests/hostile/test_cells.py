"""Cutting hostile text to a width: zero-width joiners, variation selectors, combining marks and
lone surrogates never make a cut fail (rich's ``set_cell_size`` raises on a text that starts with
two zero-width joiners and is one cell too wide)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import set_cell_size

from reader.core.kwic import cells, fit, kwic_line
from reader.core.search import Hit
from reader.widgets.cells import clip

ZWJ = "\u200d"
PIECES = [ZWJ, "\ufe0f", "\u0301", "\u20e3", "\u200b", "\ud800", "\U000e0067", "中", "a", " ", "👍", "🏽", "🇨", "🇳",
          "👨\u200d👩\u200d👧", "❤\ufe0f"]


def test_richs_cut_fails_on_this_input():
    text = ZWJ * 2 + "中文" * 3  # rich counts 12 cells, cuts as if there were 10
    try:
        set_cell_size(text, 11)
    except IndexError:
        pass
    else:  # a rich that no longer fails: the guard in reader.core.kwic can go
        raise AssertionError("rich's set_cell_size no longer fails on a leading double joiner")
    assert fit(text, 11) == "中文中文中 "
    assert cells(ZWJ + "中") == 2 and clip(text, 11) == "中文中文中…"


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.integers(0, 30))
def test_no_text_makes_a_cut_fail(text, width):
    assert isinstance(fit(text, width), str)
    assert isinstance(clip(text, width), str)
    cells(text)


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.integers(2, 40))
def test_no_context_makes_a_kwic_line_fail(context, width):
    hit = Hit("s", 1, 0, 4, "一、", context + ZWJ * 2, "营商环境", ZWJ * 2 + context)
    assert isinstance(kwic_line(hit, width), str)


@given(st.text(alphabet="中文营商环境，。“”、ab1 2%ＡＢ（）👍", max_size=60), st.integers(0, 50))
def test_a_cut_is_richs_where_rich_cuts_right(text, width):
    """Wide, narrow and mixed text (no zero-width character, where rich fails) is cut exactly as
    ``set_cell_size`` cuts it: the quick paths change only the speed."""
    assert fit(text, width) == set_cell_size(text, width)
