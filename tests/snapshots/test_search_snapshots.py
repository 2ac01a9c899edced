"""Snapshots of the search panel, the keywords panel and the watch-words dialog at 80x24."""

from __future__ import annotations

from reader.app import make_app
from reader.paths import resolve
from reader.store import Store


def after(settle, *keys: str):
    """A ``run_before`` that waits for the index, presses ``keys`` and waits for their work."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_kwic_panel(snap_compare, library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(settle, "slash", *"营商环境", "enter", "down", "down"))


def test_keywords_panel(snap_compare, library, tmp_path, settle):
    app = make_app(library, data_dir=str(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(settle, "K", "down"))


def test_watchwords_dialog(snap_compare, library, tmp_path, settle):
    with Store.open(resolve(tmp_path)) as store:
        store.add_watchword("作风", "watch-0")
        store.add_watchword("营商环境", "watch-2")
    app = make_app(library, data_dir=str(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after(settle, "W"))
