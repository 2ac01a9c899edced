"""The collocates of a search term and the n-grams holding it, as a list under the search
panel's header; Enter posts ``Chosen`` to keep only the hits that go with one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.collocates import Collocate, Ngram
from reader.core.sanitize import one_line
from reader.widgets.cells import clip
from reader.widgets.lists import KeyedOptionList


class CollocatesList(KeyedOptionList):
    """Collocates by log-likelihood (with MI and counts as AntConc gives them), then n-grams."""

    DEFAULT_CSS = """
    CollocatesList { display: none; }
    CollocatesList, CollocatesList:focus {
        height: 1fr; border: none; padding: 0; background: $surface;
        scrollbar-size-vertical: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    @dataclass
    class Chosen(Message):
        """Keep the hits that go with ``item`` (a collocate or an n-gram)."""

        item: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[str | None] = []

    def show(self, found: list[Collocate], grams: list[Ngram]) -> None:
        width = min(16, max([9, *(cell_len(c.word) for c in found)]))
        rows: list[tuple[Content, str | None]] = [
            (Content.styled(clip("collocate", width) + f"  {'count':>5} {'freq':>6} {'log-lik':>8} {'MI':>6}",
                            "$ink-muted"), None)
        ]
        rows += [
            (Content.assemble((clip(one_line(c.word), width), "bold"),
                              f"  {c.count:>5} {c.freq:>6} {c.ll:>8.2f} {c.mi:>6.2f}"), c.word)
            for c in found
        ]
        rows.append((Content.styled("n-grams holding the term          count", "$ink-muted"), None))
        rows += [(Content.assemble((one_line(g.ngram), "bold"), f"  {g.count}"), g.ngram) for g in grams]
        self.items = [item for _, item in rows]
        self.set_options(Option(shown, disabled=item is None) for shown, item in rows)
        first = next((i for i, item in enumerate(self.items) if item is not None), None)
        self.highlighted = first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.items[event.option_index]
        if item is not None:
            self.post_message(self.Chosen(item))
