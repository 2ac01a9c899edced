"""The keywords panel: the top keywords of the source (or section) being read, with counts and
a dispersion strip, by TF-IDF, TextRank or keyness against the rest of the corpus."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.keywords import Keyword

METHODS = {"tfidf": "TF-IDF", "textrank": "TextRank", "keyness": "keyness vs the other sources"}
SCOPES = ("source", "section")


class KeywordsPanel(Vertical):
    """Hidden until shown. ``method`` and ``scope`` say what to list; changing them posts
    ``Changed`` (the screen computes and calls ``show``); Enter or ``w`` posts ``Promote``."""

    DEFAULT_CSS = """
    KeywordsPanel {
        height: 40%;
        min-height: 6;
        display: none;
        border-top: hkey $accent;
        background: $surface;
    }
    KeywordsPanel #keywords-header {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $panel;
    }
    KeywordsPanel OptionList, KeywordsPanel OptionList:focus {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("w", "promote", "Watch"),
        Binding("m", "cycle_method", "Method"),
        Binding("s", "toggle_scope", "Source/section"),
        Binding("escape", "close", "Close", show=False),
    ]

    class Changed(Message):
        """``method`` or ``scope`` changed."""

    @dataclass
    class Promote(Message):
        """Make ``word`` a watch-word."""

        word: str

    class Closed(Message):
        """The user closed the panel."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.method = "tfidf"
        self.scope = "source"
        self.keywords: list[Keyword] = []

    def compose(self) -> ComposeResult:
        yield Static(id="keywords-header")
        yield OptionList(id="keywords-list")

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def _header(self, title: str, note: str = "") -> None:
        scope = "source" if self.method == "keyness" else self.scope
        self.query_one("#keywords-header", Static).update(
            Content.assemble(("Keywords", "bold"), f" of this {scope} · ", (METHODS[self.method], "$accent"),
                             f" · {title}", (f"  {note}" if note else "", "$text-muted"))
        )

    def show_pending(self, title: str) -> None:
        self.display = True
        self.keywords = []
        self.options.clear_options()
        self._header(title, "indexing…")

    def show(self, title: str, keywords: list[Keyword], strips: list[str]) -> None:
        """List ``keywords`` (each with its dispersion strip over the source) for ``title``."""
        self.display = True
        self.keywords = keywords
        width = max((cell_len(k.word) for k in keywords), default=0)
        highlighted = self.options.highlighted
        self.options.set_options(
            Option(Content.assemble((set_cell_size(k.word, width), "bold"), f" {k.count:>4}  ", (strip, "$accent")))
            for k, strip in zip(keywords, strips, strict=False)
        )
        if keywords:
            self.options.highlighted = min(highlighted or 0, len(keywords) - 1)
        self._header(title, "" if keywords else "no keywords")

    def action_cycle_method(self) -> None:
        names = list(METHODS)
        self.method = names[(names.index(self.method) + 1) % len(names)]
        self.post_message(self.Changed())

    def action_toggle_scope(self) -> None:
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self.post_message(self.Changed())

    def action_promote(self) -> None:
        index = self.options.highlighted
        if index is not None and index < len(self.keywords):
            self.post_message(self.Promote(self.keywords[index].word))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_promote()
