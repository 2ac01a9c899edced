"""Pilot tests of the figures panel (`F`), the trend panel (`T`), the compare screen (`c`) and
collocates in the search panel (`C`)."""

from __future__ import annotations

from rendered import text

from reader.app import make_app
from reader.core.figures import figures
from reader.widgets.figures_panel import FiguresPanel
from reader.widgets.reading_pane import ReadingPane

HAIMEN = 2  # the bundled report with most figures


def header(panel) -> str:
    return str(panel.query_one(".panel-header").content)


async def test_figures_panel_lists_filters_and_jumps(library, tmp_path, settle):
    source = library.sources[HAIMEN]
    app = make_app(library, data_dir=str(tmp_path), start=(source.id, 1))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        panel = app.screen.query_one(FiguresPanel)
        listed = text(panel.options)
        found = figures(source)
        assert f"{len(found)} found" in header(panel)
        assert "target" in listed and found[0].indicator in listed
        await pilot.press("slash", *"签约")
        await settle(pilot)
        kept = [f for f in found if "签约" in f.indicator]
        assert f"{len(kept)} found" in header(panel) and kept
        await pilot.press("enter", "enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.cursor == int(kept[0].address.split(":")[1])
        await pilot.press("F", "F", "a")  # F closes the panel left open, F opens it again
        await settle(pilot)
        total = sum(1 for s in library.sources for f in figures(s) if "签约" in f.indicator)
        assert f"of all sources · {total} found" in header(panel)
