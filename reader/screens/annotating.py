"""Highlights, notes and bookmarks on the main screen: its keys, and what each does with the
store; the annotations shown in the reading pane (and counted in the tree).

The app's store saves in the background: a key changes the store at once (what it shows is read
back from it) and never waits for another ntreader's lock; a save that fails later is undone in
the store, said in a toast, and the annotations shown again (:func:`said`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakSet

from textual.binding import Binding
from textual.message import Message

from reader.core import marks
from reader.core.anchors import HIGHLIGHT, NOTE
from reader.core.errors import UserError
from reader.core.model import Source
from reader.core.sanitize import one_line
from reader.widgets.source_tree import Place
from reader.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual.app import App

    from reader.screens.main import MainScreen
    from reader.store import Store
    from reader.store.database import Planned

Target = tuple[Source, int, int | None, int | None]  # (source, para, start, end)

BINDINGS = [
    Binding("b", "bookmark", "Bookmark", show=False, tooltip="Bookmark the current paragraph (again: remove)"),
    Binding("a", "annotate", "Note", show=False, tooltip="Write a note on the selection or the current paragraph"),
    Binding("m", "highlight", "Highlight", show=False,
            tooltip="Highlight the selection or paragraph (again: next colour)"),
    Binding("M", "unhighlight", "Remove highlight", show=False, tooltip="Remove the highlight or note here (u undoes)"),
    Binding("u", "undo", "Undo delete", show=False, tooltip="Bring back what was removed last"),
    Binding("N", "prev_hit_or_notes", "Notes", show=False,
            tooltip="All annotations (during a search: the previous hit)"),
    Binding("e", "export", "Export", show=False, tooltip="Export annotations to Markdown or JSON"),
]


def show(screen: MainScreen) -> None:
    """Push the current source's highlights, notes and bookmarks to the pane, counts to the tree."""
    store = screen.store
    if store is None:
        return
    records = store.annotations()
    source = screen.pane.source
    if source is not None:
        spans, gutter = marks.decorations(records, source)
        screen.pane.set_layer("annotations", spans)
        screen.pane.set_marks(gutter)
    counts = marks.counts(records, screen.library.outlines)
    badges = {Place(sid, sec): f"{marks.NOTE_MARK}{n}" for (sid, sec), n in counts.items()}
    screen.source_tree.set_badges("notes", badges)


class StoreSaid(Message):
    """A line from the store's writer thread: a save waits for the lock, or failed and was undone."""

    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line


def said(app: App, line: str) -> None:
    """Say what the store's writer reported, and show the annotations and watch-words as they now are."""
    from reader.screens.main import MainScreen
    from reader.widgets.notes_panel import NotesPanel

    app.notify(line, title="Notes", severity="warning", timeout=10, markup=False)
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen) and screen.store is not None:
            show(screen)
            for panel in screen.query(NotesPanel):
                panel.refresh_list()
            if screen.watch_list is not None and screen.watch_list.words != (words := screen.store.watchwords()):
                screen.watch_list.words = words
                screen.watch_changed()


def save_position(screen: MainScreen) -> None:
    """Save the reading position in a worker thread (a held lock or a slow disk never stalls the
    keys); a failure is said once, until a save succeeds again."""
    store = screen.store
    if store is None:
        return

    def flush() -> None:
        try:
            store.flush()
        except UserError as e:
            if screen not in _FLUSH_FAILED:
                _FLUSH_FAILED.add(screen)
                screen.app.call_from_thread(screen.notify, f"{e} (the reading position is kept and saved later)",
                                            title="Position not saved", severity="warning", timeout=8, markup=False)
        else:
            _FLUSH_FAILED.discard(screen)

    screen.run_worker(flush, name="save-position", group="save-position", thread=True, exit_on_error=False)


_FLUSH_FAILED: WeakSet[MainScreen] = WeakSet()  # screens whose last position save failed (and said so)


def _target(screen: MainScreen) -> Target | None:
    """The selection, else the current paragraph: (source, para, start, end)."""
    pane = screen.pane
    if pane.source is None or not pane.cursor:
        return None
    if pane.selection and pane.selection[1] < pane.selection[2]:
        para, start, end = pane.selection
        return pane.source, para, start, end
    return pane.source, pane.cursor, None, None


def _with_record(store: Store, target: Target) -> tuple[Target, tuple[int, int], dict | None]:
    """The target, its [start, end) in the paragraph, and the highlight or note on exactly that span."""
    source, para, start, end = target
    span = marks.span_of({"anchor": {"para": para, "start": start, "end": end}}, source)
    return target, span, marks.covering(store.annotations(source.id), source, para, span)


def _needs_store(screen: MainScreen) -> Store | None:
    """The store, or None after saying it is unavailable (or, in a preview, not open yet)."""
    if screen.preview:
        screen.say_waiting()
        return None
    if screen.store is None:
        screen.notify("Notes are unavailable: the data folder could not be opened.", severity="error")
    return screen.store


def bookmark(screen: MainScreen) -> None:
    store, source = _needs_store(screen), screen.pane.source
    if store is None or source is None or not screen.pane.cursor:
        return
    with screen.reader_app.saving():
        added = store.toggle_bookmark(source, screen.pane.cursor)
        screen.query_one(StatusBar).say(f"Bookmarked ¶{screen.pane.cursor}" if added else "Bookmark removed")
    screen.show_annotations()


def highlight(screen: MainScreen) -> None:
    """Highlight the selection or paragraph; on an existing highlight, cycle its colour."""
    target = _target(screen)
    store = _needs_store(screen) if target is not None else None
    if target is None or store is None:
        return
    (source, para, start, end), _, existing = _with_record(store, target)
    with screen.reader_app.saving():
        if existing:
            store.update(existing["id"], color=marks.next_color(existing["color"]))
        else:
            store.add(HIGHLIGHT, source, para, start, end)
    screen.pane.action_clear_selection()
    screen.show_annotations()


def unhighlight(screen: MainScreen) -> None:
    target = _target(screen)
    store = _needs_store(screen) if target is not None else None
    if target is None or store is None:
        return
    source, para, _, _ = target
    existing = marks.covering(store.annotations(source.id), source, para)
    if existing is None:
        screen.notify("No highlight here", timeout=2)
        return
    with screen.reader_app.saving():
        store.delete(existing["id"])
        screen.notify("Highlight removed — u to undo", timeout=3)
    screen.show_annotations()


def undo(screen: MainScreen) -> None:
    store = _needs_store(screen)
    if store is None:
        return
    with screen.reader_app.saving():
        restored = store.undo()
        screen.notify("Restored" if restored else "Nothing to undo", timeout=2)
    screen.show_annotations()


def annotate(screen: MainScreen) -> None:
    """Write a note on the selection or paragraph (editing the note already there)."""
    target = _target(screen)
    store = _needs_store(screen) if target is not None else None
    if target is None or store is None:
        return
    from reader.screens.note_editor import NoteEditor, NoteInput

    (source, para, start, end), span, existing = _with_record(store, target)
    quote = source.paragraph(para).text[span[0]:span[1]]
    address = f"{source.id}:{para}" + (f":{start}-{end}" if start is not None else "")
    place = f"¶ {para} of {one_line(source.title or source.id)}  ({address})"  # the address, for `:` and citing

    def save(result: NoteInput) -> Planned | None:
        """Store the note; what is still being saved, if anything (UserError if that failed)."""
        if existing:
            store.update(existing["id"], kind=NOTE, note=result.note, tags=result.tags)
        else:
            store.add(NOTE, source, para, start, end, note=result.note, tags=result.tags)
        return store.last_planned if store.writer is not None else None

    def saved(result: NoteInput | None) -> None:
        if result is not None:
            screen.notify("Note saved", timeout=2)
            screen.pane.action_clear_selection()
            screen.show_annotations()

    editor = NoteEditor(quote, place, existing["note"] if existing else "", existing["tags"] if existing else [],
                        store.tags(), save=save)
    screen.app.push_screen(editor, saved)


async def notes(screen: MainScreen) -> None:
    """Open (or close) the notes panel."""
    if _needs_store(screen) is not None:
        await screen.action_panel("notes")


def open_report(screen: MainScreen, path: str) -> Source | None:
    """The report at ``path``, added to the library and the tree unless it is there already, its
    annotations re-anchored to it; None after a toast if it cannot be read."""
    from reader.core.library import load_source, outline_of

    try:
        source = load_source(path)
    except UserError as e:
        screen.notify(str(e), title="Not opened", severity="error", timeout=8, markup=False)
        return None
    if not screen.library.add(source):
        return screen.library.get(source.id)
    screen.source_tree.add_source(outline_of(source))
    if screen.store is not None:
        with screen.reader_app.saving():
            screen.store.rebind([source])
    return source


def export(screen: MainScreen) -> None:
    store, source = _needs_store(screen), screen.pane.source
    if store is None or source is None:
        return
    from reader.screens.export import ExportScreen

    default = str(Path.cwd() / f"ntreader-notes-{datetime.now():%Y%m%d}.md")
    screen.app.push_screen(ExportScreen(default, source, store.annotations, screen.library.sources))
