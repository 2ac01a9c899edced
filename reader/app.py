"""ReaderApp: global keys, theme, help and command palette. ``make_app`` is shared by CLI and tests."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from textual import actions, events
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from reader.core.errors import UserError
from reader.core.ids import legacy_files
from reader.core.library import Library
from reader.keys import key_groups, key_label
from reader.screens.annotating import StoreSaid, said
from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen, Start
from reader.screens.navigating import here
from reader.widgets.colors import readable_variables
from reader.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.screens.loading import Loader, LoadingScreen, Preview
    from reader.store import Store


UI_LOCK_TIMEOUT = 0.2  # seconds a background save waits for another ntreader before trying again


class ReaderApp(App[None]):
    """The ntreader application."""

    TITLE = "ntreader"
    HELP_TITLE, HELP_ORDER = "Anywhere", 0
    CSS_PATH = "app.tcss"
    # Below this width the tree would leave the text too narrow: the screen gets -narrow and the
    # tree hides itself (t still shows it).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    NOTIFICATION_TIMEOUT = 3
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help"),
        Binding("f1", "help", "Help", key_display="F1", tooltip="Help, also from a text box (where ? is typed)"),
    ]

    def __init__(self, library: Library | Loader, *, data_dir: str | None = None,
                 start: Start | None = None, preview: Preview | None = None) -> None:
        super().__init__()
        self.library = library if isinstance(library, Library) else Library()
        self._loader = None if isinstance(library, Library) else library
        self._preview = preview
        self._previewing: MainScreen | None = None  # the first report, shown while the others are read
        self._reading = "reading reports…"  # how far they are read, for the preview's status bar
        self.data_dir = data_dir
        self._start = start
        self.failure: str | None = None  # why the reader could not start (said on stderr once it has left)
        self.store: Store | None = None  # opened by open_store(), after the first paint
        self._store_failed = False  # tried once and failed: said once, not tried again
        # Keys typed before the reader shows, applied once it does (as less does); None once shown.
        self._typed_ahead: list[events.Key] | None = None if self._loader is None else []
        self._replaying: events.Key | None = None  # the typed-ahead key being sent

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, with those that keep every text readable in it."""
        self.theme_variables = readable_variables(super().get_css_variables())
        return self.theme_variables

    def get_default_screen(self) -> Screen:
        if self._loader is None:
            return MainScreen(self.library, self._start)
        from reader.screens.loading import LoadingScreen

        return LoadingScreen(self._loader, self._preview)

    async def on_event(self, event: events.Event) -> None:
        if (isinstance(event, events.Key) and self._typed_ahead is not None and not event.is_forwarded
                and event.key not in TYPE_AHEAD_PASSES and event is not self._replaying):
            self._typed_ahead.append(event)
            return
        await super().on_event(event)

    async def run_action(self, action: str | ActionParseResult, default_namespace: DOMNode | None = None,
                         namespaces: Mapping[str, DOMNode] | None = None) -> bool:
        """Every key's action; in a preview, one that waits for the whole library says so instead."""
        where, name, params = actions.parse(action) if isinstance(action, str) else action
        target = default_namespace if not where else self.screen if where == "screen" else None
        if isinstance(target, MainScreen) and target.waits(name, params):
            target.say_waiting()
            return True
        return await super().run_action(action, default_namespace, namespaces)

    async def _show(self, screen: MainScreen) -> None:
        """Show ``screen`` (in place of a preview), keeping the keys typed until it can take them."""
        self.workers.cancel_group(self, "type-ahead")  # what it has not sent yet goes to ``screen``
        if self._typed_ahead is None:
            self._typed_ahead = []
        await (self.switch_screen(screen) if self.screen is self._previewing else self.push_screen(screen))
        self.run_worker(self._apply_typed_ahead(screen), name="type-ahead", group="type-ahead", exclusive=True)

    async def _apply_typed_ahead(self, screen: MainScreen) -> None:
        """Once ``screen`` shows and (unless a preview) its notes store is open, send it the keys
        typed until then one by one, each once the one before has taken effect (``/`` focuses the
        search box before the query's keys come); then stop keeping keys."""
        while not screen.preview and self.store is None and not self._store_failed:  # b, m, a need the store
            await self.screen.wait_for_refresh()
        typed = self._typed_ahead or []
        while typed:
            key = typed.pop(0)
            # Return typed before the terminal was put in raw mode arrives as a line feed (ctrl+j).
            again = events.Key("enter", "\r") if key.key == "ctrl+j" else events.Key(key.key, key.character)
            self._replaying = again
            self.post_message(again)
            for _ in range(2):
                await self.screen.wait_for_refresh()
        self._typed_ahead = None

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._save_theme)
        if self._loader is None:
            self._say_errors()
            self.call_after_refresh(self.settle)

    def settle(self) -> None:
        """Take what is alive now (the library, the screen, an index just made) out of the garbage
        collector's way: its full collections walk every object, 36 ms at 1,000 reports (8 ms once
        settled), and come every few keys. Called once the reader (or its preview) shows and when
        work lands."""
        gc.freeze()

    def _say_errors(self) -> None:
        for error in self.library.errors:
            self.notify(error, title="Not opened", severity="warning", timeout=10, markup=False)

    async def on_loading_screen_previewed(self, message: LoadingScreen.Previewed) -> None:
        """The first report is read: read it while the others are (where the start address says,
        if that is in what was read)."""
        try:
            start = checked_start(Library([message.source]), self._start)
        except UserError:
            return  # the start address is further on: the progress bar stays
        self._previewing = screen = MainScreen(Library([message.source]), start, preview=True)
        await self._show(screen)
        self.call_after_refresh(self.settle)
        screen.query_one(StatusBar).show_work(self._reading)

    def on_loading_screen_progressed(self, message: LoadingScreen.Progressed) -> None:
        self._reading = f"reading reports {message.done:,}/{message.total:,}"
        if self._previewing is not None:
            self._previewing.query_one(StatusBar).show_work(self._reading)

    async def on_loading_screen_loaded(self, message: LoadingScreen.Loaded) -> None:
        """The library is read: check the start address, then show the reader (over the loading
        screen, which stays below; in place of the preview, at the paragraph it was on, once no
        dialog is open over it)."""
        self.library = library = message.library
        try:
            self._start = checked_start(library, self._start)
        except UserError as e:
            self.failure = str(e)
            self.exit(return_code=1)
            return
        if self._previewing is not None and self.screen is not self._previewing:
            self.screen_change_signal.subscribe(self, self._dialog_closed)
            return
        await self._open_reader()

    def _dialog_closed(self, screen: Screen) -> None:
        if screen is self._previewing:
            self.screen_change_signal.unsubscribe(self)
            self.call_later(self._open_reader)

    async def _open_reader(self) -> None:
        preview, start = self._previewing, self._start
        if preview is not None and (place := here(preview)) != preview.opened_at and place is not None:
            try:  # moved in the preview: the same paragraph (or the last one) of the whole report
                start = (place[0], min(place[1], self.library.get(place[0]).paragraphs[-1].n))
            except UserError:
                pass  # no longer in the library
        await self._show(screen := MainScreen(self.library, start))
        self.call_after_refresh(self.settle)
        if preview is not None:
            self._previewing = None
            n = len(self.library.outlines)
            screen.query_one(StatusBar).say(f"All {n:,} reports read" if n > 1 else "The whole report is read", 3)
        self._say_errors()

    def open_store(self) -> Store | None:
        """Open the annotation store (once); warnings and failures become toasts. None if it failed."""
        if self.store is not None or self._store_failed:
            return self.store
        from reader.paths import resolve
        from reader.store import Store

        try:
            store = self.store = Store.open(resolve(self.data_dir), lock_timeout=UI_LOCK_TIMEOUT)
        except (UserError, OSError) as e:
            self._store_failed = True
            self.notify(f"Notes are unavailable: {e}", severity="error", timeout=10, markup=False)
            return None
        for warning in store.warnings:
            self.notify(warning, title="Notes file", severity="warning", timeout=15, markup=False)
        store.save_in_background(lambda line: self.post_message(StoreSaid(line)))  # thread-safe, never waits
        if (theme := store.setting("theme")) in self.available_themes:
            self.theme = theme
        with self.saving():
            # only the sources that have records are parsed (a moved file is found by the CLI's rebind)
            known = {o.id for o in self.library.outlines}
            ids = {r["source_id"] for r in store.annotations(include_deleted=True)}
            annotated = sorted(ids & known | legacy_files(ids, known))  # old ids (stem, stem-2): files so named
            if moved := store.rebind(map(self.library.get, annotated)):
                self.notify(f"{moved} annotations re-anchored to changed texts", timeout=5)
            store.migrate_positions(known)  # positions saved under ids of earlier versions
        return store

    def on_store_said(self, message: StoreSaid) -> None:
        said(self, message.line)

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Report a failed save as a toast; what was saved before stays as it was."""
        try:
            yield
        except UserError as e:
            self.notify(str(e), title="Not saved", severity="error", timeout=8, markup=False)

    def _save_theme(self, theme) -> None:
        if self.store is None or self.store.setting("theme") == theme.name:
            return
        with self.saving():
            self.store.set_setting("theme", theme.name)

    def on_unmount(self) -> None:
        gc.unfreeze()  # collectable again once the app is gone (tests run many apps in one process)
        if self.store is not None:
            try:
                self.store.close()
            except UserError:
                pass  # already reported by the periodic save while the app ran

    async def action_quit(self) -> None:
        """Quit; from the note editor with changes, only once the reader agrees to lose them."""
        from reader.screens.confirm import ConfirmScreen
        from reader.screens.note_editor import NoteEditor

        if isinstance(self.screen, NoteEditor) and self.screen.changed:
            question = ConfirmScreen("Quit and discard the changes to this note?", yes="Quit")
            self.push_screen(question, lambda discard: self.exit() if discard else None)
            return
        from reader.screens.unsaved import quit_when_saved

        await quit_when_saved(self, self.store.writer if self.store is not None else None)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen([(group.title, group.bindings) for group in key_groups()]))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands, then every key of the registry that can run on ``screen`` now."""
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        offered: set[tuple[int, str]] = set()  # (target, action): one command for several keys
        for group in key_groups():
            for owner, binding in group.keys:
                target = self._target(screen, owner)
                name = binding.action.partition("(")[0]
                if target is None or name in PALETTE_SKIPS or not target.check_action(name, ()) \
                        or (id(target), binding.action) in offered:
                    continue
                offered.add((id(target), binding.action))
                key = key_label(self, binding)
                help_text = f"{binding.tooltip}  ({key})" if binding.tooltip else f"key: {key}"
                yield SystemCommand(binding.description, help_text, _runner(target, binding.action))
        if screen.preview:
            return
        # N means two things; the palette names both.
        yield SystemCommand("Notes panel", "All annotations: filter, jump, delete", screen.action_notes)
        yield SystemCommand("Previous hit", "The previous search hit, across sources",
                            _runner(screen, "prev_hit_or_notes"))

    def _target(self, screen: Screen, owner: type) -> App | Widget | Screen | None:
        """What runs a key of ``owner`` on ``screen``: the app, the screen, or a widget shown on it
        (a closed panel's keys would do nothing)."""
        if isinstance(self, owner):
            return self
        if isinstance(screen, owner):
            return screen
        if issubclass(owner, Widget):
            found = screen.query(owner).first() if screen.query(owner) else None
            if found is not None and all(node.display for node in found.ancestors_with_self if node is not screen):
                return found
        return None


# Keys that act at once even while loading: quitting and copying.
TYPE_AHEAD_PASSES = ("ctrl+q", "ctrl+c")

# Keys the palette leaves out: quitting is Textual's own command; the tree's keys need the tree
# focused; N is offered as its two commands.
PALETTE_SKIPS = ("quit", "select_cursor", "toggle_node", "prev_hit_or_notes")


def _runner(target: App | Widget | Screen, action: str) -> Callable[[], Awaitable[object]]:
    return lambda: target.run_action(action)


def checked_start(library: Library, start: Start | None) -> Start | None:
    """``start`` with the full id of the source it names; UserError if the library is empty or
    ``start`` names no source or paragraph of it."""
    if not library.outlines:
        raise UserError("no report could be opened")
    if not start:
        return start
    source = library.get(start[0])
    if not 1 <= start[1] <= source.paragraphs[-1].n:
        raise UserError(f"{source.id} has no paragraph {start[1]} (it has {len(source.paragraphs)})")
    return (source.id, start[1]) if len(start) == 2 else (source.id, start[1], start[2], start[3])


def make_app(library: Library | Loader, *, data_dir: str | None = None, start: Start | None = None,
             preview: Preview | None = None) -> ReaderApp:
    """The app for ``library`` (or for what a loader builds while a progress bar shows, and soon
    the ``preview``'s report), optionally opening at (source id, paragraph[, start, end of a span])."""
    return ReaderApp(library, data_dir=data_dir, start=start, preview=preview)
