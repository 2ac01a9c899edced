"""The search on the main screen: the box, the query into the results panel, and ``n`` once the
search has ended (the last search again, from here); the work behind it after the first paint:
the index, then the keyword counts (and the watch-words' badges), with its progress shown. Work
over a whole corpus catalog runs in another process (``reader.core.background``): a thread
holding the interpreter lock would make every key wait."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.worker import Worker, WorkerState, get_current_worker

from reader.core.errors import UserError
from reader.core.jumps import following
from reader.core.search import QueryError, parse_query
from reader.screens.navigating import here
from reader.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from reader.core.background import Progress
    from reader.core.keywords import Corpus
    from reader.core.library import Library
    from reader.core.search import Index
    from reader.screens.main import MainScreen


def start(screen: MainScreen) -> None:
    """The search index, then the keyword counts. From a corpus catalog the index is made at once
    (nothing is read until a search) and words are counted in another process; else both are
    built in a thread."""
    library, data_dir = screen.library, screen.reader_app.data_dir
    if library.catalog is None:
        screen.run_worker(lambda: build_index(library, data_dir), name="index", group="index", thread=True,
                          exclusive=True, exit_on_error=False)  # fmt: skip
        return
    from reader.core.search import Index
    from reader.core.segment import default_segmenter
    from reader.paths import resolve

    paths, catalog = resolve(data_dir), library.catalog
    added = [library.load(o) for o in library.outlines[len(catalog.entries) :]]  # opened in the reader
    _index_ready(screen, Index.from_catalog(catalog, default_segmenter(paths), paths.cache, added))


def build_index(library: Library, data_dir: str | None) -> Index:
    """Load jieba and index ``library`` with the data dir's cache (runs in a thread)."""
    from reader.core.search import Index
    from reader.core.segment import default_segmenter
    from reader.paths import resolve

    paths = resolve(data_dir)
    return Index.build(library.sources, default_segmenter(paths).load(), cache_dir=paths.cache)


def count_words(library: Library, index: Index, data_dir: str | None, progress: Progress | None) -> Corpus:
    """Word counts for keywords, and jieba's IDF table read (runs in a thread, which only waits
    while another process counts a catalog's reports)."""
    from reader.core import background
    from reader.core import keywords as kw

    catalog = library.catalog
    if catalog is None or catalog.file is None:
        corpus = kw.Corpus.from_index(index)
    else:
        worker = get_current_worker()
        df, totals = background.in_process(background.word_counts, str(catalog.file), list(catalog.entries.ids),
                                           data_dir, progress=progress, cancelled=lambda: worker.is_cancelled)
        for outline in library.outlines[len(catalog.entries) :]:  # opened in the reader
            added = kw.Corpus([library.load(outline)], index.words)
            df.update(added.df)
            totals.update(added.totals)
        corpus = kw.Corpus(library.sources, index.words, counted=(df, totals))
    kw.jieba_idf()
    return corpus


class Work:
    """How far background work has got, in the status bar while it runs (a moment's work never
    shows: the bar is updated every ``EVERY`` seconds)."""

    EVERY = 0.5
    LABELS: ClassVar[dict[str, str]] = {"corpus": "counting words", "watch-badges": "counting watch-words"}

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self._done: dict[str, tuple[int, int]] = {}  # worker name -> (done, total), set from its thread
        self._shown = ""
        screen.set_interval(self.EVERY, self.show)

    def progress(self, name: str, library: Library) -> Progress | None:
        """What the worker ``name`` calls with how many of the library's reports it has done, if
        it works over the library's catalog in another process (else it is small: none)."""
        catalog = library.catalog
        if catalog is None or catalog.file is None:
            return None
        total = len(catalog.entries)
        self._done[name] = (0, total)
        return lambda n: self._done.__setitem__(name, (n, total))

    def ended(self, name: str) -> None:
        self._done.pop(name, None)
        self.show()

    def show(self) -> None:
        """The progress in the status bar, now."""
        text = "  ".join(f"{self.LABELS[name]} {n:,}/{total:,}" for name, (n, total) in list(self._done.items()))
        if text != self._shown:
            self._shown = text
            self._screen.query_one(StatusBar).show_work(text)


def _one_line(error: BaseException | None) -> str:
    text = str(error) if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
    return text.splitlines()[0] if text else type(error).__name__


def worker_done(screen: MainScreen, event: Worker.StateChanged) -> None:
    """A thread of the screen ended: its result goes where it is wanted, or its error in a toast."""
    handlers: dict[str, Any] = {
        "index": lambda index: _index_ready(screen, index),
        "corpus": screen.keywords_panel.set_corpus if screen.query("#keywords") else None,
        "watch-badges": lambda badges: screen.source_tree.set_badges("watch", badges),
    }
    name = event.worker.name
    if name not in handlers or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
        return
    if screen.work is not None:
        screen.work.ended(name)
    handler = handlers[name]
    if handler is None:
        return
    if event.state == WorkerState.SUCCESS:
        handler(event.worker.result)
        screen.reader_app.settle()
    elif event.state == WorkerState.ERROR:
        screen.notify(_one_line(event.worker.error), title=f"{name} failed", severity="error", markup=False)


def _index_ready(screen: MainScreen, index: Index) -> None:
    if not screen.query("#kwic"):
        return  # the app quit while the index was being built
    screen.index = index
    screen.kwic.set_index(index)
    library, data_dir = screen.library, screen.reader_app.data_dir
    progress = screen.work.progress("corpus", library) if screen.work is not None else None
    screen.run_worker(lambda: count_words(library, index, data_dir, progress), name="corpus", group="corpus",
                      thread=True, exclusive=True, exit_on_error=False)  # fmt: skip


def open_box(screen: MainScreen) -> None:
    """Show the search box with the current query, recent ones on up/down."""
    if not screen.search_bar.display:
        screen.focus_before_bar = screen.focused
    store = screen.reader_app.open_store()
    history = store.search_history() if store is not None else []
    search = screen.kwic.search
    screen.search_bar.open(history, search.text if search is not None else "")


def submitted(screen: MainScreen, typed: str) -> None:
    """Search for what was typed (an error under the box if it is no query)."""
    try:
        query = parse_query(typed)
    except QueryError as e:
        screen.search_bar.show_error(str(e))
        return
    text = screen.last_query = typed.strip()
    store = screen.reader_app.open_store()
    try:
        if store is not None:
            store.add_search(text)
    except UserError as e:
        screen.notify(str(e), title="Search not saved in history", severity="warning", markup=False)
    screen.search_bar.close()
    if screen.panels.shown is not screen.kwic:
        screen.panels.show("kwic", return_focus=screen.focus_before_bar)
    source = screen.pane.source
    screen.kwic.start(text, query, (source.id if source else screen.library.outlines[0].id, screen.pane.cursor))


def cancelled(screen: MainScreen) -> None:
    """The box closed without a search: the focus goes back where it was."""
    before = screen.focus_before_bar
    if screen.panels.shown is screen.kwic:
        screen.kwic.hit_list.focus()
    elif before is not None and before.is_attached:
        before.focus()
    else:
        screen.pane.focus()


def search_again(screen: MainScreen) -> bool:
    """``n`` after the search ended: run the last search again, then go to its first hit from
    here; False when there has been no search."""
    store = screen.store
    text = screen.last_query or next(iter(store.search_history() if store is not None else []), None)
    place = here(screen)
    if not text or place is None:
        return False
    try:
        query = parse_query(text)
    except QueryError:
        return False
    screen.panels.show("kwic", return_focus=screen.pane)
    screen.kwic.start(text, query, place)
    screen.step_when_found = True
    return True


def first_hit_from_here(screen: MainScreen) -> None:
    """The search asked for by ``search_again`` has its hits: go to the first one from here."""
    search, place = screen.kwic.search, here(screen)
    if search is None or search.found is None or place is None:
        return
    screen.step_when_found = False
    order = {o.id: i for i, o in enumerate(screen.library.outlines)}
    keys = [(order.get(hit.source_id, -1), hit.para, hit.start) for hit in search.hits]
    i = following(keys, (order[place[0]], place[1], -1), 1)
    if i is not None:
        screen.kwic.jump(i, focus=True)
