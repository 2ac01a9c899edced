"""What a reader sees at 80 columns: the position and help always on screen,
the help as a two-column table, marks that mean one thing each."""

from __future__ import annotations

import pytest
from rendered import screen_rows, screen_text, text
from rich.cells import cell_len
from widget_app import WidgetApp

from reader.app import make_app
from reader.paths import resolve
from reader.screens.watchwords import WatchwordsDialog
from reader.store import Store
from reader.widgets.status_bar import StatusBar


def _longest_titled(library):
    """(source, paragraph) where source and section titles are longest together."""
    return max(
        ((s, sec.paragraphs[0].n) for s in library.sources for sec in s.sections if sec.paragraphs and sec.title != s.title),
        key=lambda found: len(found[0].title) + len(found[0].sections[found[0].section_index(found[1])].title),
    )


async def test_status_bar_and_footer_keep_position_and_help_at_80_columns(library, tmp_path, settle):
    source, para = _longest_titled(library)
    app = make_app(library, data_dir=str(tmp_path), start=(source.id, para))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(100):  # the footer is drawn once the bindings settle
            if "palette" in screen_text(app):
                break
            await pilot.pause()
        lines = screen_text(app).splitlines()
        status, footer = lines[-2], lines[-1]  # (blank rows are not in the screen text)
        assert f"¶ {para}/{len(source.paragraphs)}" in status and "%" in status
        assert "…" in status  # the titles were cut, not the position
        assert "? Help" in footer and "palette" in footer


@pytest.mark.parametrize("width", [62, 14])  # the bar's padding takes a cell either side
async def test_status_bar_cuts_titles_with_an_ellipsis_to_fit(width):
    bar = StatusBar()
    async with WidgetApp(bar).run_test(size=(width, 3)) as pilot:
        bar.show_place("很长的来源标题" * 5, "很长的章节标题" * 5, 7, 50, 13)
        await pilot.pause()
        line = text(bar)  # the content, inside the padding
        assert cell_len(line) <= width - 2 and line.endswith("¶ 7/50 · 13%")
        assert ("…" in line) if width > 14 else line == "¶ 7/50 · 13%"


async def test_help_descriptions_wrap_in_their_column(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = screen_rows(app)
        wrapped = [
            (y, row.index(first))
            for y, row in enumerate(rows)
            if (first := "Write a note on the selection") in row
        ]
        assert wrapped, "\n".join(rows)
        y, column = wrapped[0]
        left = rows[y].rindex("│", 0, column)  # the help box's left border
        rest = rows[y + 1]
        assert rest[left + 1 : column].strip() == ""  # nothing under the key column
        assert rest[column] != " "  # the description goes on in its own column



async def test_a_removed_watchword_comes_back_with_u(library, tmp_path, settle):
    with Store.open(resolve(tmp_path)) as store:
        store.add_watchword("作风", "watch-1")
        store.add_watchword("营商环境", "watch-4")
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        assert isinstance(app.screen, WatchwordsDialog)
        await pilot.press("d", "u", "escape")
        await settle(pilot)
    with Store.open(resolve(tmp_path)) as store:
        assert set(store.watchwords()) == {"作风", "营商环境"}
