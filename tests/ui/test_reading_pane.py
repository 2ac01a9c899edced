"""The reading pane alone in a small app: what it renders as text wraps, scrolls, jumps and resizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult

import reader
from reader.core.layout import BLANK, wrap
from reader.core.model import Paragraph, Section, Source
from reader.widgets.colors import readable_variables
from reader.widgets.pane_lines import GUTTER
from reader.widgets.reading_pane import ReadingPane

CLOSING = set("%‰…—：；，。、！？）》」』】〕”’")
OPENING = set("（《「『【〔“‘")


class PaneApp(App):
    CSS_PATH = Path(reader.__file__).parent / "app.tcss"

    def get_css_variables(self) -> dict[str, str]:
        return readable_variables(super().get_css_variables())

    def __init__(self, source: Source, para: int | None = None) -> None:
        super().__init__()
        self.source, self.para = source, para

    def compose(self) -> ComposeResult:
        yield ReadingPane()

    def on_mount(self) -> None:
        pane = self.query_one(ReadingPane)
        pane.show(self.source, self.para)
        pane.focus()


def rows(pane: ReadingPane) -> list[str]:
    """The text on screen, row by row, without the gutter."""
    return [pane.render_line(y).text[GUTTER:].rstrip() for y in range(pane.scrollable_content_region.height)]


def shown(pane: ReadingPane) -> list[tuple[int, int, int]]:
    """What each screen row shows, as (block, start, end)."""
    top = int(pane.scroll_y)
    return [pane._layout.line(top + y) for y in range(pane.scrollable_content_region.height)]


@pytest.mark.parametrize("width", [60, 70, 80, 90, 100])
async def test_no_line_on_screen_starts_with_a_closing_mark_or_cuts_a_figure(library, width):
    source = library.get("000_19dd5644fb0830a9")
    para = next(p.n for p in source.paragraphs if "整改率达94.5%" in p.text)
    async with PaneApp(source, para).run_test(size=(width, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        for _ in range(6):
            lines = [(r, line) for r, line in zip(rows(pane), shown(pane), strict=True) if line != BLANK]
            assert not [r for r, (_, start, _) in lines if start and r[0] in CLOSING], width  # a wrapped line
            assert not [r for r, (b, _, end) in lines if end < len(pane._layout.blocks[b].text) and r[-1] in OPENING]
            assert not [r for r, _ in lines if r.endswith("整改率达9") or r.endswith("整改率达94.")], width
            await pilot.press("pageup")


async def test_the_selection_survives_a_resize(library):
    async with PaneApp(library.sources[0]).run_test(size=(100, 30)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        await pilot.press("j", "v", "l", "l", "l")
        selected = pane.selection
        assert selected == (pane.cursor, 0, 4)
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        assert pane.selection == selected
        b = pane._layout.block_of_para(pane.cursor)
        row = pane._layout.first_line[b] - int(pane.scroll_y)
        text = pane._layout.blocks[b].text
        [segment] = [s for s in pane.render_line(row) if s.text == text[:4]]
        assert segment.style.bgcolor == pane.get_component_rich_style("reading--selection").bgcolor


async def test_the_cursor_bar_follows_the_cursor(library):
    async with PaneApp(library.sources[0]).run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        await pilot.press("j")
        await pilot.pause()
        bars = {line[0] for line, row in zip(shown(pane), range(24), strict=True) if pane.render_line(row).text[0] == "▌"}
        assert {pane._layout.blocks[b].para for b in bars} == {pane.cursor}


def big_source(paragraphs: int) -> Source:
    """A long report: sections of ten paragraphs, of varied lengths."""
    texts = ["整改率达94.5%，同比增长12.3%。", "党的二十大强调，要把握作风建设地区性、行业性、阶段性特点。" * 4, "短句。"]
    sections = tuple(
        Section(f"第{s + 1}部分", 1, tuple(Paragraph(n, "body", texts[n % 3]) for n in range(s * 10 + 1, s * 10 + 11)))
        for s in range(paragraphs // 10)
    )
    return Source("big", "big.txt", "big", "0", sections)


def _eager(pane: ReadingPane) -> list[tuple[int, int, int]]:
    lines: list[tuple[int, int, int]] = []
    for b, block in enumerate(pane._layout.blocks):
        lines += ([BLANK] if b else []) + [(b, s, e) for s, e in wrap(block.text, pane._layout.width)]
    return lines


def _contiguous(screen: list[tuple[int, int, int]], eager: list[tuple[int, int, int]]) -> bool:
    first = next(i for i, line in enumerate(screen) if line != BLANK)
    at = eager.index(screen[first]) - first
    return screen == eager[at : at + len(screen)]


async def test_a_long_report_is_wrapped_where_it_is_read():
    source = big_source(20_000)
    async with PaneApp(source).run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        assert len(pane._layout._wrapped) < 100
        assert pane.virtual_size.height == len(pane._layout)
        eager = _eager(pane)
        await pilot.press("G")
        assert rows(pane)[-1] or rows(pane)[-2]  # the end is on screen
        assert pane.cursor == 20_000 and _contiguous(shown(pane), eager)
        for key in ["pageup"] * 5 + ["k"] * 12 + ["g"]:
            await pilot.press(key)
            assert _contiguous(shown(pane), eager), key
            assert pane.cursor in {pane._layout.blocks[b].para for b, _, _ in shown(pane) if b >= 0}
        pane.move_to(12_341, top=True)
        await pilot.pause()
        assert rows(pane)[0] == "第1235部分" and pane.cursor == 12_341
        for key in ["k", "k", "pageup", "pageup"]:
            await pilot.press(key)
            assert _contiguous(shown(pane), eager), key
        assert len(pane._layout._wrapped) < 400
        assert pane.virtual_size.height == len(pane._layout)


async def test_a_resize_keeps_the_top_line_on_the_same_text():
    async with PaneApp(big_source(2_000), 1_231).run_test(size=(100, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        assert rows(pane)[0] == "第124部分"
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert rows(pane)[0] == "第124部分" and pane.cursor == 1_231
