"""The reading pane alone in a small app: what it renders as text wraps, scrolls, jumps and resizes."""

from __future__ import annotations

import pytest
from rendered import styled
from widget_app import WidgetApp

from reader.core import layout
from reader.core.layout import blocks, wrap
from reader.core.model import Paragraph, Section, Source
from reader.widgets.pane_lines import GUTTER
from reader.widgets.reading_pane import ReadingPane

CLOSING = set("%‰…—：；，。、！？）》」』】〕”’")
OPENING = set("（《「『【〔“‘")


class PaneApp(WidgetApp):
    def __init__(self, source: Source, para: int | None = None) -> None:
        super().__init__(ReadingPane())
        self.source, self.para = source, para

    def on_mount(self) -> None:
        pane = self.query_one(ReadingPane)
        pane.show(self.source, self.para)
        pane.focus()


def rows(pane: ReadingPane) -> list[str]:
    """The text on screen, row by row, without the gutter."""
    return [pane.render_line(y).text[GUTTER:].rstrip() for y in range(pane.scrollable_content_region.height)]


def paragraphs_on_screen(pane: ReadingPane) -> list[list[str]]:
    """The rows on screen in runs, one run a block (a blank row is drawn between two blocks)."""
    runs: list[list[str]] = [[]]
    for row in rows(pane):
        if row:
            runs[-1].append(row)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


@pytest.mark.parametrize("width", [60, 70, 80, 90, 100])
async def test_no_line_on_screen_starts_with_a_closing_mark_or_cuts_a_figure(library, width):
    source = library.get("000_19dd5644fb0830a9")
    para = next(p.n for p in source.paragraphs if "整改率达94.5%" in p.text)
    async with PaneApp(source, para).run_test(size=(width, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        for _ in range(6):
            runs = paragraphs_on_screen(pane)
            assert not [r for run in runs for r in run[1:] if r[0] in CLOSING], width  # a wrapped line
            assert not [r for run in runs for r in run[:-1] if r[-1] in OPENING], width  # a line that wraps
            assert not [r for run in runs for r in run if r.endswith("整改率达9") or r.endswith("整改率达94.")], width
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
        assert styled(pane, "reading--selection") == [pane.source.paragraph(pane.cursor).text[:4]]


async def test_the_cursor_bar_follows_the_cursor(library):
    async with PaneApp(library.sources[0]).run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        await pilot.press("j")
        await pilot.pause()
        text = pane.source.paragraph(pane.cursor).text
        barred = [row for y, row in enumerate(rows(pane)) if pane.render_line(y).text[0] == "▌"]
        assert barred and "".join(barred) == text  # every line of the cursor's paragraph, no other


def big_source(paragraphs: int) -> Source:
    """A long report: sections of ten paragraphs, of varied lengths."""
    texts = ["整改率达94.5%，同比增长12.3%。", "党的二十大强调，要把握作风建设地区性、行业性、阶段性特点。" * 4, "短句。"]
    sections = tuple(
        Section(f"第{s + 1}部分", 1, tuple(Paragraph(n, "body", texts[n % 3]) for n in range(s * 10 + 1, s * 10 + 11)))
        for s in range(paragraphs // 10)
    )
    return Source("big", "big.txt", "big", "0", sections)


def _eager(source: Source, width: int) -> list[str]:
    """Every row of ``source`` wrapped whole at ``width``."""
    lines: list[str] = []
    for b, block in enumerate(blocks(source)):
        lines += ([""] if b else []) + [block.text[s:e].rstrip() for s, e in wrap(block.text, width)]
    return lines


def _contiguous(screen: list[str], eager: list[str]) -> bool:
    """The rows on screen are rows of the whole text, in order, none left out."""
    return any(screen == eager[at : at + len(screen)] for at, line in enumerate(eager) if line == screen[0])


def _cursor_shown(pane: ReadingPane) -> bool:
    return any(pane.render_line(y).text.startswith("▌") for y in range(pane.scrollable_content_region.height))


async def test_a_long_report_is_wrapped_where_it_is_read(monkeypatch):
    source = big_source(20_000)
    wrapped: list[str] = []

    def counted(text: str, width: int) -> list[tuple[int, int]]:
        wrapped.append(text)
        return wrap(text, width)

    monkeypatch.setattr(layout, "wrap", counted)
    async with PaneApp(source).run_test(size=(80, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        assert len(wrapped) < 100
        eager = _eager(source, pane.text_width)
        await pilot.press("G")
        assert rows(pane)[-2:] in (eager[-2:], [eager[-1], ""])  # the end is on screen
        assert pane.cursor == 20_000 and _contiguous(rows(pane), eager)
        for key in ["pageup"] * 5 + ["k"] * 12 + ["g"]:
            await pilot.press(key)
            assert _contiguous(rows(pane), eager) and _cursor_shown(pane), key
        pane.move_to(12_341, top=True)
        await pilot.pause()
        assert rows(pane)[0] == "第1235部分" and pane.cursor == 12_341
        for key in ["k", "k", "pageup", "pageup"]:
            await pilot.press(key)
            assert _contiguous(rows(pane), eager), key
        assert len(wrapped) < 400
        await pilot.press("G")  # the scroll range still ends where the text does
        assert rows(pane)[-2:] in (eager[-2:], [eager[-1], ""])


async def test_a_resize_keeps_the_top_line_on_the_same_text():
    async with PaneApp(big_source(2_000), 1_231).run_test(size=(100, 24)) as pilot:
        pane = pilot.app.query_one(ReadingPane)
        assert rows(pane)[0] == "第124部分"
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert rows(pane)[0] == "第124部分" and pane.cursor == 1_231
