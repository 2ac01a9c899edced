"""The keywords panel: the top keywords of the source (or section) being read, with counts and
a dispersion strip, by TF-IDF, TextRank or keyness against the rest of the corpus.

It owns the method, the scope and the keywords computed (kept: the corpus does not change while
the app runs); the screen hands it the corpus once counted (``set_corpus``)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core import keywords as kw
from reader.core.keywords import Keyword
from reader.core.model import Source
from reader.core.sanitize import one_line
from reader.widgets.lists import KeyedOptionList
from reader.widgets.panels import Panel

METHODS = {"tfidf": "TF-IDF", "textrank": "TextRank", "keyness": "keyness vs the other sources"}
SCOPES = ("source", "section")
TOP_LISTED = 30  # keywords in the panel
STRIP = 32  # cells of a dispersion strip


class KeywordsPanel(Panel):
    """``m`` cycles the method, ``s`` the scope; Enter or ``w`` posts ``Promote``."""

    TITLE = "Keywords"
    HELP_TITLE, HELP_ORDER = "Keywords panel", 60

    BINDINGS = [
        Binding("w", "promote", "Watch"),
        Binding("m", "cycle_method", "Method", tooltip="TF-IDF, TextRank or keyness"),
        Binding("s", "toggle_scope", "Scope", tooltip="Keywords of the source or of the section being read"),
    ]

    class Changed(Message):
        """The keywords listed changed (method, scope or corpus): lit-up keywords are stale."""

    @dataclass
    class Promote(Message):
        """Make ``word`` a watch-word."""

        word: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.method = "tfidf"
        self.scope = "source"
        self.keywords: list[Keyword] = []
        self.corpus: kw.Corpus | None = None
        self._place: tuple[str, int | None] | None = None
        self._cache: dict[tuple[str, int | None, str], list[Keyword]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="keywords-header", classes="panel-header")
        yield KeyedOptionList(id="keywords-list")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def opened(self) -> None:
        self._place = None
        self._refresh()
        self.options.focus()

    def follow(self, source_id: str, section: int) -> None:
        self._refresh()

    def set_corpus(self, corpus: kw.Corpus) -> None:
        self.corpus = corpus
        self._place = None
        if self.display:
            self._refresh()
        self.post_message(self.Changed())

    def top(self, source: Source, section: int | None = None, n: int = TOP_LISTED) -> list[Keyword]:
        """The top ``n`` keywords of ``source`` (or one section) by the method chosen; [] until
        the corpus is counted."""
        if self.corpus is None:
            return []
        key = (source.id, section, self.method)
        if key not in self._cache:
            if self.method == "keyness":
                found = kw.keyness(source, self.corpus, top=TOP_LISTED)
            else:
                rank = kw.tfidf if self.method == "tfidf" else kw.textrank
                found = rank(source, self.corpus, section, top=TOP_LISTED)
            self._cache[key] = found
        return self._cache[key][:n]

    def _refresh(self) -> None:
        """List the keywords of where the reader is, unless they are already listed."""
        source = self.reader.source
        if source is None:
            return
        section = None if self.scope == "source" or self.method == "keyness" else self.reader.section
        if self._place == (source.id, section):
            return
        self._place = (source.id, section)
        title = source.title if section is None else source.sections[section].title
        if self.corpus is None:
            self.keywords = []
            self.options.clear_options()
            self._header(title, "indexing…")
            self._place = None
            return
        found = self.top(source, section)
        strips = kw.dispersions(source, [k.word for k in found], STRIP)
        self._show(title, found, [kw.sparkline(strips[k.word]) for k in found])

    def _header(self, title: str, note: str = "") -> None:
        """Kind, scope, method and what is counted, then the title (cut first when narrow)."""
        scope = "source" if self.method == "keyness" else self.scope
        self.query_one("#keywords-header", Static).update(
            Content.assemble(("Keywords", "bold"), f" of this {scope} · ", (METHODS[self.method], "$ink-accent"),
                             (f" · {note or 'counted as a word'} · ", "$ink-muted"), one_line(title))
        )

    def _show(self, title: str, keywords: list[Keyword], strips: list[str]) -> None:
        """List ``keywords`` (each with its dispersion strip over the source) for ``title``."""
        self.keywords = keywords
        width = max((cell_len(k.word) for k in keywords), default=0)
        highlighted = self.options.highlighted
        self.options.set_options(
            Option(Content.assemble((set_cell_size(k.word, width), "bold"), f" {k.count:>4}  ", (strip, "$ink-accent")))
            for k, strip in zip(keywords, strips, strict=False)
        )
        if keywords:
            self.options.highlighted = min(highlighted or 0, len(keywords) - 1)
        self._header(title, "" if keywords else "no keywords")

    def _changed(self) -> None:
        self._place = None
        self._refresh()
        self.post_message(self.Changed())

    def action_cycle_method(self) -> None:
        names = list(METHODS)
        self.method = names[(names.index(self.method) + 1) % len(names)]
        self._changed()

    def action_toggle_scope(self) -> None:
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self._changed()

    def action_promote(self) -> None:
        index = self.options.highlighted
        if index is not None and index < len(self.keywords):
            self.post_message(self.Promote(self.keywords[index].word))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_promote()
