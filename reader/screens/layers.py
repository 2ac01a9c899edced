"""What the reading pane lights up besides the reader's own marks: search hits, watch-words and
(when asked for) the top keywords. Each is a layer of the pane (``ReadingPane.set_layer``), set
afresh when what it shows changes or another source is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.lazy import lazy_import

if TYPE_CHECKING:
    from reader.screens.main import MainScreen

watching = lazy_import("reader.screens.watching")  # loaded after the first paint

TOP_KEYWORDS = 10  # keywords lit up in the reading pane


def show_all(screen: MainScreen) -> None:
    """Every layer, for the source just opened."""
    show_watch(screen)
    show_keywords(screen)
    show_hits(screen)


def show_hits(screen: MainScreen) -> None:
    source = screen.pane.source
    if source is not None and screen.query("#kwic"):
        screen.pane.set_layer("hits", screen.kwic.hit_spans(source.id))


def show_watch(screen: MainScreen) -> None:
    source = screen.pane.source
    if source is not None and screen.watch_list is not None:
        screen.pane.set_layer("watch", screen.watch_list.spans(source))


def toggle_keywords(screen: MainScreen) -> None:
    """Light up (or not) the top keywords of the source."""
    screen.keywords_lit = not screen.keywords_lit
    if screen.keywords_lit and (not screen.query("#keywords") or screen.keywords_panel.corpus is None):
        screen.notify("Keywords will be lit up once the corpus is indexed", timeout=3)
    show_keywords(screen)


def show_keywords(screen: MainScreen) -> None:
    source = screen.pane.source
    if source is None:
        return
    words = []
    if screen.keywords_lit and screen.query("#keywords"):
        words = [k.word for k in screen.keywords_panel.top(source, None, TOP_KEYWORDS)]
    screen.pane.set_layer("keywords", watching.word_spans(source, words, lambda word: "reading--keyword"))
