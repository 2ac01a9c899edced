"""The main screen: the source tree, the reading pane and the status bar.

Widgets post messages saying what the user did; this screen decides what follows, asks the
core for it, and pushes the result back down.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from reader.core import marks
from reader.core.anchors import HIGHLIGHT, NOTE
from reader.core.errors import UserError
from reader.core.library import Library
from reader.core.model import Source
from reader.screens.search_features import SearchFeatures
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import Place, SourceTree
from reader.widgets.status_bar import StatusBar


class MainScreen(SearchFeatures, Screen):
    """Tree on the left, reading pane on the right, status bar below; search, watch-words and
    keywords from ``SearchFeatures``."""

    BINDINGS = [
        Binding("t", "toggle_tree", "Tree", tooltip="Hide or show the tree (for narrow terminals)"),
        Binding("tab", "switch_pane", "Switch pane", show=False, priority=True, tooltip="Move between the tree and the reading pane"),
        Binding("b", "bookmark", "Bookmark", show=False, tooltip="Bookmark the current paragraph (again: remove)"),
        Binding("a", "annotate", "Note", tooltip="Write a note on the selection or the current paragraph"),
        Binding("m", "highlight", "Highlight", show=False, tooltip="Highlight the selection or paragraph (again: next colour)"),
        Binding("M", "unhighlight", "Remove highlight", show=False, tooltip="Remove the highlight or note here (u undoes)"),
        Binding("u", "undo", "Undo delete", show=False, tooltip="Bring back what was removed last"),
        Binding("N", "prev_hit_or_notes", "Notes", tooltip="All annotations (during a search: the previous hit)"),
        Binding("e", "export", "Export", tooltip="Export annotations to Markdown or JSON"),
    ]

    POSITION_SAVE_SECONDS = 2.0

    def __init__(self, library: Library, start: tuple[str, int] | None = None) -> None:
        super().__init__()
        self.library = library
        self._start = start
        self._followed: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield SourceTree(self.library.sources, id="tree")
            yield ReadingPane(id="pane")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def tree(self) -> SourceTree:
        return self.query_one(SourceTree)

    def on_mount(self) -> None:
        if self._start:
            source_id, para = self._start
            self.open(self.library.get(source_id), para)
            self.pane.focus()
        else:
            self.open(self.library.sources[0])
            self.tree.focus()
        self.watch(self.pane, "scroll_y", self._update_status, init=False)
        self.call_after_refresh(self._attach_store)  # after the first paint: opening it takes time

    # -- the store: reading position, annotations ---------------------------------------------

    @property
    def store(self):
        return self.app.store

    def _attach_store(self) -> None:
        if self.app.open_store() is None:
            return
        last = None if self._start else self.store.last_source()
        if last in {s.id for s in self.library.sources}:
            self._open_annotated(self.library.get(last), self.store.position(last))
        else:
            self.show_annotations()
        self.set_interval(self.POSITION_SAVE_SECONDS, self._save_position)

    def _save_position(self) -> None:
        with self.app.saving():
            self.store.flush()

    def show_annotations(self) -> None:
        """Push the current source's highlights, notes and bookmarks to the pane, counts to the tree."""
        if self.store is None:
            return
        records = self.store.annotations()
        source = self.pane.source
        if source is not None:
            spans, gutter = marks.decorations(records, source)
            self.pane.set_layer("annotations", spans)
            self.pane.set_marks(gutter)
        counts = marks.counts(records, self.library.sources)
        self.tree.set_badges("notes", {Place(sid, sec): f"{marks.NOTE_MARK}{n}" for (sid, sec), n in counts.items()})

    def _target(self) -> tuple[Source, int, int | None, int | None] | None:
        """The selection, else the current paragraph: (source, para, start, end)."""
        pane = self.pane
        if pane.source is None or not pane.cursor:
            return None
        if pane.selection and pane.selection[1] < pane.selection[2]:
            para, start, end = pane.selection
            return pane.source, para, start, end
        return pane.source, pane.cursor, None, None

    def _with_record(self, target: tuple[Source, int, int | None, int | None]):
        """The target, its [start, end) in the paragraph, and the highlight or note on exactly that span."""
        source, para, start, end = target
        span = marks.span_of({"anchor": {"para": para, "start": start, "end": end}}, source)
        return (source, para, start, end), span, marks.covering(self.store.annotations(source.id), source, para, span)

    def _needs_store(self) -> bool:
        if self.store is None:
            self.notify("Notes are unavailable: the data folder could not be opened.", severity="error")
        return self.store is not None

    def action_bookmark(self) -> None:
        if not self._needs_store() or not self.pane.cursor:
            return
        with self.app.saving():
            added = self.store.toggle_bookmark(self.pane.source, self.pane.cursor)
            self.notify(f"Bookmarked ¶{self.pane.cursor}" if added else "Bookmark removed", timeout=2)
        self.show_annotations()

    def action_highlight(self) -> None:
        """Highlight the selection or paragraph; on an existing highlight, cycle its colour."""
        target = self._target()
        if target is None or not self._needs_store():
            return
        (source, para, start, end), _, existing = self._with_record(target)
        with self.app.saving():
            if existing:
                self.store.update(existing["id"], color=marks.next_color(existing["color"]))
            else:
                self.store.add(HIGHLIGHT, source, para, start, end)
        self.pane.action_clear_selection()
        self.show_annotations()

    def action_unhighlight(self) -> None:
        target = self._target()
        if target is None or not self._needs_store():
            return
        source, para, _, _ = target
        existing = marks.covering(self.store.annotations(source.id), source, para)
        if existing is None:
            self.notify("No highlight here", timeout=2)
            return
        with self.app.saving():
            self.store.delete(existing["id"])
            self.notify("Highlight removed — u to undo", timeout=3)
        self.show_annotations()

    def action_undo(self) -> None:
        if not self._needs_store():
            return
        with self.app.saving():
            restored = self.store.undo()
            self.notify("Restored" if restored else "Nothing to undo", timeout=2)
        self.show_annotations()

    def action_annotate(self) -> None:
        """Write a note on the selection or paragraph (editing the note already there)."""
        target = self._target()
        if target is None or not self._needs_store():
            return
        from reader.screens.note_editor import NoteEditor, NoteInput

        (source, para, start, end), span, existing = self._with_record(target)
        quote = source.paragraph(para).text[span[0]:span[1]]
        place = f"{source.id}:{para}" + (f":{start}-{end}" if start is not None else "")
        editor = NoteEditor(quote, place, existing["note"] if existing else "", existing["tags"] if existing else [],
                            self.store.tags())

        def save(result: NoteInput | None) -> None:
            if result is None:
                return
            with self.app.saving():
                if existing:
                    self.store.update(existing["id"], kind=NOTE, note=result.note, tags=result.tags)
                else:
                    self.store.add(NOTE, source, para, start, end, note=result.note, tags=result.tags)
                self.notify("Note saved", timeout=2)
            self.pane.action_clear_selection()
            self.show_annotations()

        self.app.push_screen(editor, save)

    def action_notes(self) -> None:
        if not self._needs_store():
            return
        from reader.screens.notes import NotesScreen

        def jump(record: dict | None) -> None:
            if record is None:
                self.show_annotations()  # some may have been deleted or restored
                return
            self._open_annotated(self.library.get(record["source_id"]), record["anchor"]["para"])
            self.pane.focus()

        titles = {s.id: s.title for s in self.library.sources}
        self.app.push_screen(NotesScreen(self.store, titles), jump)

    def action_export(self) -> None:
        if not self._needs_store() or self.pane.source is None:
            return
        from reader.screens.export import ExportScreen

        source = self.pane.source
        default = str(Path.cwd() / f"ntreader-notes-{datetime.now():%Y%m%d}.md")
        self.app.push_screen(ExportScreen(default, source.id, source.title or source.id), self._export)

    def _export(self, request) -> None:
        """Write the export chosen in the dialog (an ExportRequest, or None if cancelled)."""
        if request is None:
            return
        from reader.core.export import select, to_json, to_markdown
        from reader.core.files import write_text

        records = select(self.store.annotations(), [request.source_id] if request.source_id else [], request.tags)
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = to_json(records, now) if request.fmt == "json" else to_markdown(records, self.library.sources, now)
        try:
            write_text(Path(request.path).expanduser(), text)
        except UserError as e:
            self.notify(str(e), title="Not exported", severity="error", timeout=8)
            return
        self.notify(f"Exported {len(records)} annotations to {request.path}", timeout=6)

    def open(self, source: Source, para: int | None = None) -> None:
        """Show ``source`` in the reading pane at ``para``, its sections unfolded in the tree."""
        self.tree.expand_source(source.id)
        changed = source is not self.pane.source
        self.pane.show(source, para)
        if changed:
            self.show_annotations()

    def _open_annotated(self, source: Source, para: int | None) -> None:
        """open(), with the annotations shown afresh once (open() shows them on a change of source)."""
        before = self.pane.source
        self.open(source, para)
        if self.pane.source is before:
            self.show_annotations()

    def on_source_tree_open(self, event: SourceTree.Open) -> None:
        source = self.library.get(event.source_id)
        para = None if event.section is None else _next_para(source, event.section)
        self.open(source, para)
        self.pane.focus()

    def on_reading_pane_cursor_moved(self, event: ReadingPane.CursorMoved) -> None:
        if self.store is not None:
            self.store.set_position(event.source_id, event.para)
        if self._followed != (event.source_id, event.section):
            self._followed = (event.source_id, event.section)
            self.tree.follow(event.source_id, event.section)
        self._update_status()

    def _update_status(self) -> None:
        pane = self.pane
        source = pane.source
        if source is None or not pane.cursor:
            return
        section = source.sections[pane.section].title
        self.query_one(StatusBar).show_place(
            source.title or source.id,
            "" if section == source.title else section,
            pane.cursor,
            len(source.paragraphs),
            round(pane.progress * 100),
        )

    def action_toggle_tree(self) -> None:
        tree = self.tree
        tree.display = not tree.display
        if not tree.display:
            self.pane.focus()

    def action_switch_pane(self) -> None:
        if self.focused is self.pane and self.tree.display:
            self.tree.focus()
        else:
            self.pane.focus()


def _next_para(source: Source, section: int) -> int | None:
    """First paragraph at or after ``section`` (a heading with no text of its own)."""
    for s in source.sections[section:]:
        if s.paragraphs:
            return s.paragraphs[0].n
    return None
