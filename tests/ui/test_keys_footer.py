"""The footer of keys: the keys bound where the focus is, whole or not at all, help and the palette
key always; a key clicked is pressed; repainted only when its keys change."""

from __future__ import annotations

from rendered import text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input

from reader.widgets.keys_footer import KeysFooter


class Keyed(Widget, can_focus=True):
    DEFAULT_CSS = "Keyed { height: 1; }"
    BINDINGS = [Binding("o", "pressed('open')", "Open"), Binding("x", "pressed('export')", "Export all notes")]

    def action_pressed(self, what: str) -> None:
        self.app.pressed.append(what)  # type: ignore[attr-defined]


class FooterApp(App[None]):
    BINDINGS = [
        Binding("slash", "pressed('search')", "Search"),
        Binding("t", "pressed('tree')", "Tree"),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Keyed(id="one")
        yield Keyed(id="two")
        yield Input(id="box")
        yield KeysFooter()

    def action_pressed(self, what: str) -> None:
        self.pressed.append(what)

    def action_help(self) -> None:
        self.pressed.append("help")


async def _footer_of_one(pilot) -> str:
    """The footer's line once the first keyed widget has the focus."""
    pilot.app.query_one("#one").focus()
    await pilot.pause()
    return text(pilot.app.query_one(KeysFooter))


async def test_the_keys_where_the_focus_is_then_help_then_the_palette_on_the_right():
    app = FooterApp()
    async with app.run_test(size=(100, 8)) as pilot:
        line = await _footer_of_one(pilot)
        assert line.startswith(" o Open  x Export all notes  / Search  t Tree  ? Help ")
        assert line.endswith("▏^p palette ") and len(line) == 100  # at the right edge


async def test_a_narrow_footer_leaves_out_whole_keys_from_the_end_and_keeps_help():
    app = FooterApp()
    async with app.run_test(size=(44, 8)) as pilot:
        line = await _footer_of_one(pilot)
        assert line.startswith(" o Open  ? Help ") and "Export" not in line and "Search" not in line
        assert line.rstrip().endswith("▏^p palette")


async def test_a_key_clicked_is_pressed():
    app = FooterApp()
    async with app.run_test(size=(100, 8)) as pilot:
        line = await _footer_of_one(pilot)
        await pilot.click(KeysFooter, offset=(line.index("Tree"), 0))
        await pilot.click(KeysFooter, offset=(line.index("Open"), 0))
        assert app.pressed == ["tree", "open"]


async def test_the_footer_is_repainted_only_when_its_keys_change():
    app = FooterApp()
    async with app.run_test(size=(100, 8)) as pilot:
        footer = app.query_one(KeysFooter)
        app.query_one("#one").focus()
        await pilot.pause()
        repaints = []
        footer.refresh = lambda *a, **k: repaints.append(1) or footer  # type: ignore[method-assign]
        app.query_one("#two").focus()  # the same keys
        await pilot.pause()
        assert repaints == []
        app.query_one("#box").focus()  # the box has no keys of its own to show: Open, Export go
        await pilot.pause()
        assert repaints == [1]


async def test_keys_that_fit_to_the_last_cell_are_all_shown():
    app = FooterApp()
    async with app.run_test(size=(66, 8)) as pilot:  # the keys and the palette key fill 66 cells exactly
        line = await _footer_of_one(pilot)
        assert line == " o Open  x Export all notes  / Search  t Tree  ? Help ▏^p palette "
