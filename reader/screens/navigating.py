"""Moving around on the main screen: every jump (search hit, note, bookmark, tree, go to, section)
leaves its place on the jump list, walked back and forward as in vim or a browser; go to a
paragraph, a percentage or an address; bookmarks and sources in reading order.
The jump list itself is ``reader.core.jumps``, plain Python."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from reader.core.anchors import BOOKMARK, ORPHANED
from reader.core.errors import UserError
from reader.core.jumps import GOTO_HELP, following, go_to
from reader.core.model import Source

if TYPE_CHECKING:
    from reader.core.address import Address
    from reader.core.library import Library
    from reader.screens.main import MainScreen

Place = tuple[str, int]  # (source id, paragraph)

BINDINGS = [
    Binding("colon", "go('ask_goto')", "Go to", show=False,
            tooltip="Go to paragraph N, N% of the source, or an address"),
    Binding("ctrl+o,alt+left", "go('walk', -1)", "Back", show=False,
            tooltip="Back to where the last jump (search, note, bookmark, tree, go to, section) left"),
    Binding("alt+right,ctrl+i", "go('walk', 1)", "Forward", show=False,
            tooltip="Forward again after going back (ctrl+i only where the terminal tells it from tab)"),
    Binding("apostrophe", "go('bookmark_step', 1)", "Next bookmark", show=False,
            tooltip="The next bookmark, in this source and then the next ones"),
    Binding("quotation_mark", "go('bookmark_step', -1)", "Previous bookmark", show=False),
    Binding("right_curly_bracket", "go('source_step', 1)", "Next source", show=False,
            tooltip="The next source, from its start"),
    Binding("left_curly_bracket", "go('source_step', -1)", "Previous source", show=False),
    Binding("O", "go('ask_path')", "Open file or folder", show=False,
            tooltip="Open a report or a folder of reports (tab completes the path)"),
]


def here(screen: MainScreen) -> Place | None:
    pane = screen.pane
    return (pane.source.id, pane.cursor) if pane.source is not None and pane.cursor else None


def leave(screen: MainScreen, place: Place | None = None) -> None:
    """The reader jumps away from ``place`` (default: where the cursor is)."""
    place = place or here(screen)
    if place is not None:
        screen.jumps.push(place)


def jump(screen: MainScreen, source: Source, para: int | None, *, top: bool = False, offset: int | None = None,
         span: tuple[int, int] | None = None) -> None:  # fmt: skip
    """Leave a place on the jump list, then show ``para`` of ``source``."""
    leave(screen)
    go(screen, source, para, top=top, offset=offset, span=span)


def go(screen: MainScreen, source: Source, para: int | None, *, top: bool = False, offset: int | None = None,
       span: tuple[int, int] | None = None) -> None:  # fmt: skip
    """Show ``para`` of ``source`` (``top``: at the top; ``offset``: that character in view;
    ``span``: that part of the paragraph selected)."""
    pane = screen.pane
    if pane.source is source and para is not None:
        pane.move_to(para, top=top)
    else:
        screen.open(source, para)
    para = pane.cursor
    if span is not None:
        pane.select_span(para, *span)
        offset = span[0]
    if offset is not None:
        pane.reveal(para, offset)


def walk(screen: MainScreen, step: int) -> None:
    """Back (``step`` -1) or forward (1) along the jump list."""
    place = here(screen)
    if place is None:
        return
    target = screen.jumps.forward(place) if step > 0 else screen.jumps.back(place)
    if target is None:
        screen.notify("No later jump: ctrl+o goes back" if step > 0 else "No earlier jump", timeout=2)
        return
    go(screen, screen.library.get(target[0]), target[1])


def ask_goto(screen: MainScreen) -> None:
    """Ask where to go (``N``, ``N%``, an address), and go there."""
    from reader.screens.prompt import Prompt

    source = screen.pane.source
    if source is None:
        return

    def accept(text: str) -> tuple[Source, Address]:
        where = go_to(text, source.id, len(source.paragraphs))
        target = screen.library.get(where.source_id)
        if not 1 <= where.para <= len(target.paragraphs):
            raise UserError(f"{target.title or target.id} has no paragraph {where.para} "
                            f"(it has {len(target.paragraphs)})")  # fmt: skip
        return target, where

    def went(answer: tuple[Source, Address] | None) -> None:
        if answer is not None:
            target, where = answer
            span = (where.start, where.end) if where.start is not None and where.end is not None else None
            jump(screen, target, where.para, span=span)

    screen.app.push_screen(Prompt("Go to", f"Type {GOTO_HELP}.", accept), went)


def bookmark_step(screen: MainScreen, step: int) -> None:
    """The next (1) or previous (-1) bookmark in reading order, across sources, wrapping around."""
    place, store = here(screen), screen.store
    if place is None or store is None:
        return
    order = {s.id: i for i, s in enumerate(screen.library.sources)}
    keys = sorted({(order[r["source_id"]], r["anchor"]["para"]) for r in store.annotations(kind=BOOKMARK)
                   if r["source_id"] in order and r["anchor_status"] != ORPHANED})  # fmt: skip
    now = (order[place[0]], place[1])
    i = following(keys, now, step)
    if i is None:
        screen.notify("No bookmarks yet: b bookmarks the current paragraph", timeout=3)
        return
    if (keys[i] <= now) if step > 0 else (keys[i] >= now):
        screen.notify("Wrapped around to the " + ("first" if step > 0 else "last") + " bookmark", timeout=2)
    source_index, para = keys[i]
    jump(screen, screen.library.sources[source_index], para)


def source_step(screen: MainScreen, step: int) -> None:
    """The next (1) or previous (-1) source, from its start."""
    sources, source = screen.library.sources, screen.pane.source
    i = sources.index(source) + step if source in sources else 0
    if not 0 <= i < len(sources):
        screen.notify("This is the " + ("last" if step > 0 else "first") + " source", timeout=2)
        return
    jump(screen, sources[i], None)


def ask_path(screen: MainScreen) -> None:
    """Ask for a file or folder; its reports join the tree and the first is opened."""
    from reader.paths import resolve
    from reader.screens.open_path import OpenPathScreen

    screen.app.push_screen(OpenPathScreen(resolve(screen.reader_app.data_dir).cache),
                           lambda library: opened(screen, library))  # fmt: skip


def opened(screen: MainScreen, library: Library | None) -> None:
    """Add the sources of ``library`` not read yet to the screen's, and open the first of them."""
    if library is None or not library.sources:
        return
    from reader.core.library import outline_of

    new = [s for s in library.sources if screen.library.add(s)]
    for source in new:
        screen.source_tree.add_source(outline_of(source))
    for line in library.errors + library.warnings:
        screen.notify(line, title="Not opened", severity="warning", timeout=10, markup=False)
    store = screen.store
    if store is not None and new:
        with screen.reader_app.saving():
            store.rebind(new)
    if new:
        screen.reindex()
    jump(screen, screen.library.get(library.sources[0].id), None)
    screen.pane.focus()
    screen.notify(f"Opened {len(library.sources)} report{'s' * (len(library.sources) != 1)}"
                  + (f" ({len(library.sources) - len(new)} already open)" if len(new) < len(library.sources) else ""),
                  timeout=4)  # fmt: skip


def next_para(source: Source, section: int) -> int | None:
    """First paragraph at or after ``section`` (a heading with no text of its own)."""
    for s in source.sections[section:]:
        if s.paragraphs:
            return s.paragraphs[0].n
    return None
