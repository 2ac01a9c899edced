"""Watch-words: the words and their colours (``WatchList``), what the main screen's keys do with
them (add one, list them, save to the store), and their badges in the tree, counted in the
background (over a corpus catalog, in another process)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from reader.core import background
from reader.core import keywords as kw
from reader.core.errors import UserError
from reader.core.model import Source
from reader.screens.watchwords import AddWatchword, WatchStats, WatchwordsDialog
from reader.widgets.colors import WATCH_COLORS, watch_color
from reader.widgets.source_tree import Place

if TYPE_CHECKING:
    from reader.core.background import Progress
    from reader.core.library import Library
    from reader.screens.main import MainScreen

Span = tuple[int, int, str]
STRIP = 32  # cells of a dispersion strip
COUNT_MARK = "●"  # before a watch-word count in the tree (◆ marks a bookmark)


def word_spans(source: Source, words: list[str], style) -> dict[int, list[Span]]:
    """Decoration spans of every occurrence of ``words`` in ``source``, ``style(word)`` each."""
    if not words:
        return {}
    out = {}
    for p in source.paragraphs:
        found = kw.watch_spans(p.text, words)
        if found:
            out[p.n] = [(s, e, style(w)) for s, e, w in found]
    return out


class WatchList:
    """The watch-words in the order added, each with its stored colour (or none)."""

    def __init__(self, words: dict[str, str | None] | None = None) -> None:
        self.words: dict[str, str | None] = dict(words or {})

    def colors(self) -> dict[str, str]:
        """Watch-word -> colour id (a missing or unknown colour: one by order)."""
        return {w: watch_color(c, i) for i, (w, c) in enumerate(self.words.items())}

    def color_for(self, word: str) -> str:
        """The colour ``word`` has, or the one it would take if added."""
        return self.colors().get(word) or watch_color(None, len(self.words))

    def spans(self, source: Source) -> dict[int, list[Span]]:
        colors = self.colors()
        return word_spans(source, list(colors), lambda word: f"reading--{colors[word]}")

    def stats(self, library: Library, index) -> list[WatchStats]:
        """What the list dialog shows; ``index`` (the search index, or None) makes it quick."""
        words = list(self.words)
        if index is not None:
            strips = {w: index.dispersion(w, STRIP) for w in words}
        else:  # before the index: one pass over each source's text
            per_source = {s.id: kw.dispersions(s, words, STRIP) for s in library.sources}
            strips = {w: {sid: d[w] for sid, d in per_source.items() if any(d[w])} for w in words}
        labels = {o.id: o.title or o.id for o in library.outlines}
        stats = []
        for word, color in self.colors().items():
            found = strips[word]
            across = kw.sparkline(kw.rebin([sum(found.get(o.id, ())) for o in library.outlines], STRIP))
            rows = tuple((labels[sid], sum(c), kw.sparkline(c)) for sid, c in found.items())
            stats.append(WatchStats(word, color, sum(n for _, n, _ in rows), across, rows))
        return stats


def count_badges(screen: MainScreen) -> None:
    """Count the watch-words in every section for the tree's badges, in the background; the
    counting started before is stopped."""
    if screen.watch_list is None:
        return
    library, words = screen.library, list(screen.watch_list.words)
    progress = screen.work.progress("watch-badges", library) if screen.work is not None and words else None
    screen.run_worker(lambda: badges(library, words, progress), name="watch-badges", group="watch-badges",
                      thread=True, exclusive=True, exit_on_error=False)  # fmt: skip


def badges(library: Library, words: list[str], progress: Progress | None) -> dict[Place, str]:
    """Tree badges: how many occurrences each source and section holds (runs in a thread, which
    only waits while another process counts a catalog's reports)."""
    if not words:
        return {}
    catalog = library.catalog
    if catalog is None or catalog.file is None:
        counts = background.watch_counts(library.sources, words)
    else:
        worker = get_current_worker()
        counts = background.in_process(background.catalog_watch_counts, str(catalog.file),
                                       list(catalog.entries.ids), words, progress=progress,
                                       cancelled=lambda: worker.is_cancelled)  # fmt: skip
        added = library.outlines[len(catalog.entries) :]  # opened in the reader
        counts += background.watch_counts(map(library.load, added), words)
    out = {}
    for sid, per_section in counts:
        out.update({Place(sid, i): f"{COUNT_MARK}{n}" for i, n in enumerate(per_section) if n})
        out[Place(sid)] = f"{COUNT_MARK}{sum(per_section)}"
    return out


def _selected_text(screen: MainScreen) -> str:
    """The text selected in the reading pane, or ''."""
    selection = screen.pane.selection
    if not selection or screen.pane.source is None:
        return ""
    para, start, end = selection
    return screen.pane.source.paragraph(para).text[start:end].strip()


def add(screen: MainScreen) -> None:
    """Watch a word: the selection, or typed; pick a colour."""
    if screen.watch_list is None:
        return
    dialog = AddWatchword(_styles(screen), _selected_text(screen), screen.watch_list.color_for(""))
    screen.app.push_screen(dialog, lambda result: save(screen, *result) if result else None)


def save(screen: MainScreen, word: str, color: str) -> None:
    store = screen.reader_app.open_store()
    if store is None or screen.watch_list is None:
        return
    try:
        store.add_watchword(word, color)
    except UserError as e:
        screen.notify(str(e), title="Watch-word not saved", severity="error", markup=False)
        return
    screen.watch_list.words[word] = color
    screen.watch_changed()
    screen.notify(f"Watching “{word}”", timeout=3, markup=False)


def list_dialog(screen: MainScreen) -> None:
    """List the watch-words with where they occur; remove some."""
    if screen.watch_list is None:
        return
    stats = screen.watch_list.stats(screen.library, screen.index)
    screen.app.push_screen(WatchwordsDialog(stats, _styles(screen)), lambda removed: _removed(screen, removed))


def _removed(screen: MainScreen, removed: list[str] | None) -> None:
    store = screen.reader_app.open_store()
    if store is None or screen.watch_list is None:
        return
    for word in removed or ():
        try:
            store.remove_watchword(word)
        except UserError as e:
            screen.notify(str(e), title="Watch-word not removed", severity="error", markup=False)
            continue
        screen.watch_list.words.pop(word, None)
    if removed:
        screen.watch_changed()


def _styles(screen: MainScreen) -> dict:
    """The reading pane's style of each watch-word colour id, for the dialogs."""
    return {cid: screen.pane.get_component_rich_style(f"reading--{cid}", partial=True) for cid in WATCH_COLORS}
