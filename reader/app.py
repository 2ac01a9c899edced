"""ReaderApp: global keys, theme, help and command palette. ``make_app`` is shared by CLI and tests."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from reader.core.errors import UserError
from reader.core.library import Library
from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import SourceTree


class ReaderApp(App[None]):
    """The ntreader application."""

    TITLE = "ntreader"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(self, library: Library, *, data_dir: str | None = None, start: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.library = library
        self.data_dir = data_dir
        self._start = start
        self.store = None  # opened by open_store(), after the first paint
        self._store_failed = False  # tried once and failed: said once, not tried again

    def get_default_screen(self) -> Screen:
        return MainScreen(self.library, self._start)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._save_theme)
        for error in self.library.errors:
            self.notify(error, title="Not opened", severity="warning", timeout=10)

    def open_store(self):
        """Open the annotation store (once); warnings and failures become toasts. None if it failed."""
        if self.store is not None or self._store_failed:
            return self.store
        from reader.paths import resolve
        from reader.store import Store

        try:
            self.store = Store.open(resolve(self.data_dir))
        except (UserError, OSError) as e:
            self._store_failed = True
            self.notify(f"Notes are unavailable: {e}", severity="error", timeout=10)
            return None
        for warning in self.store.warnings:
            self.notify(warning, title="Notes file", severity="warning", timeout=15)
        if (theme := self.store.setting("theme")) in self.available_themes:
            self.theme = theme
        with self.saving():
            if moved := self.store.rebind(self.library.sources):
                self.notify(f"{moved} annotations re-anchored to changed texts", timeout=5)
        return self.store

    @contextmanager
    def saving(self):
        """Report a failed save as a toast; what was saved before stays as it was."""
        try:
            yield
        except UserError as e:
            self.notify(str(e), title="Not saved", severity="error", timeout=8)

    def _save_theme(self, theme) -> None:
        if self.store is None or self.store.setting("theme") == theme.name:
            return
        with self.saving():
            self.store.set_setting("theme", theme.name)

    def on_unmount(self) -> None:
        if self.store is not None:
            try:
                self.store.close()
            except UserError:
                pass  # already reported by the periodic save while the app ran

    def key_groups(self) -> list[tuple[str, type, list[Binding]]]:
        """(title, owner class, bindings) for the help screen and the command palette."""
        from reader.screens.search_features import SearchFeatures
        from reader.widgets.keywords_panel import KeywordsPanel
        from reader.widgets.kwic import KwicList
        from reader.widgets.search_bar import SearchBar

        return [
            ("Anywhere", ReaderApp, _bindings(ReaderApp) + _bindings(MainScreen)),
            ("Reading pane", ReadingPane, _bindings(ReadingPane)),
            ("Tree", SourceTree, [Binding("enter", "select_cursor", "Open the source or section"),
                                  Binding("space", "toggle_node", "Expand or collapse")] + _bindings(SourceTree)),
            ("Search, watch-words, keywords", SearchFeatures, _bindings(SearchFeatures)),
            ("Search box", SearchBar, _bindings(SearchBar)),
            ("Search results", KwicList, _bindings(KwicList)),
            ("Keywords panel", KeywordsPanel, _bindings(KeywordsPanel)),
        ]

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        from reader.screens.export import ExportScreen
        from reader.screens.note_editor import NoteEditor
        from reader.screens.notes import NotesScreen

        dialogs = [("Notes panel (N)", NotesScreen), ("Note editor (a)", NoteEditor), ("Export (e)", ExportScreen)]
        groups = [(title, bindings) for title, _, bindings in self.key_groups()]
        self.push_screen(HelpScreen(groups + [(title, _bindings(cls)) for title, cls in dialogs]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        for _, owner, bindings in self.key_groups():
            targets = [self] if owner is ReaderApp else [screen] if isinstance(screen, owner) else screen.query(owner)
            if not targets:
                continue  # a panel not mounted yet
            target = targets[0] if isinstance(targets, list) else targets.first()
            for binding in bindings:
                name = binding.action.partition("(")[0]
                if name in ("quit", "select_cursor", "toggle_node", "prev_hit_or_notes") or not target.check_action(name, ()):
                    continue
                runner = screen if binding in _bindings(MainScreen) else target
                help_text = f"{binding.tooltip}  ({binding.key})" if binding.tooltip else f"key: {binding.key}"
                yield SystemCommand(binding.description, help_text, _runner(runner, binding.action))
        # N means two things; the palette names both.
        yield SystemCommand("Notes panel", "All annotations: filter, jump, delete", screen.action_notes)
        yield SystemCommand("Previous hit", "The previous search hit, across sources", _runner(screen, "prev_hit_or_notes"))


def _bindings(cls: type) -> list[Binding]:
    return [b for b in cls.BINDINGS if isinstance(b, Binding)]


def _runner(target, action: str):
    return lambda: target.run_action(action)


def make_app(library: Library, *, data_dir: str | None = None, start: tuple[str, int] | None = None) -> ReaderApp:
    """The app for ``library``, optionally opening at (source id, paragraph)."""
    return ReaderApp(library, data_dir=data_dir, start=start)
