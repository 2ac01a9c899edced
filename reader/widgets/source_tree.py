"""The tree of sources and their sections, nested by heading level.

Built from outlines (no full parse): one node per source at start; the nodes of a source's or a
section's children when it is first unfolded (a source of up to ``UNFOLDED_UP_TO`` sections shows
them all at once), so a report whose 50,000 short lines look like headings costs the rows shown.
The rows of a node unfolded are put into the tree's lines, not all rebuilt. Labels are drawn when
a row is drawn, fitted to the width: a title too long is cut with ``…`` and what follows it
(folder, date, paragraph count, badges) stays whole. A badge change redraws only the rows whose
badge text changed.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Tree
from textual.widgets._tree import _TreeLine
from textual.widgets.tree import TreeNode

from reader.core.library import Outline
from reader.core.sanitize import one_line
from reader.widgets.steady import SteadyScrollView


class Place(NamedTuple):
    """What a tree node stands for: a source, or one of its sections (a tuple: a report can have
    100,000 of them, made and hashed as fast as Python can)."""

    source_id: str
    section: int | None = None


EMPTY = Text()  # every node's own label: labels are drawn by render_label
MIN_TITLE = 8  # cells of a title kept before the date or folder after it is dropped
#: Sections of a source shown unfolded at once; a source with more (a pathological report whose
#: every short line is a heading) shows its top level, each section unfolded when asked.
UNFOLDED_UP_TO = 2000

#: The orders ``o`` cycles through: (name shown, sort key of an outline; None: as loaded).
ORDERS = (("as loaded", None), ("by date", lambda o: (o.date is None, o.date or "", o.title)),
          ("by title", lambda o: (o.title, o.date or "")))


class SourceTree(Tree[Place], SteadyScrollView):
    """Sources → sections; each node shows its paragraph count. Enter or click opens."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("l", "expand", "Expand", show=False),
        Binding("h", "collapse", "Collapse", show=False),
        Binding("g,home", "first", "First row", show=False),
        Binding("G,end", "last", "Last row", show=False),
        Binding("o", "sort", "Sort the tree", show=False,
                tooltip="Order the sources as loaded, by date or by title"),
    ]
    DEFAULT_CSS = """
    SourceTree {
        width: 25%;
        min-width: 30;
        max-width: 56;
        overflow-x: hidden;
        border-right: vkey $panel-lighten-2;
        background: $surface;
        scrollbar-size-vertical: 1;
    }

    SourceTree:focus {
        border-right: vkey $accent;
    }

    Screen.-narrow SourceTree {
        display: none;
    }
    """
    SCOPED_CSS = False  # the rule above looks at the screen's width class
    HELP_GROUPS = [("Tree", 20, [Binding("enter", "select_cursor", "Open the source or section"),
                                 Binding("space", "toggle_node", "Expand or collapse"), *BINDINGS])]

    @dataclass
    class Open(Message):
        """The user chose a source or section to read."""

        source_id: str
        section: int | None

    def __init__(self, outlines: list[Outline], *, id: str | None = None) -> None:
        super().__init__("sources", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._outline_of = {o.id: o for o in outlines}
        self._node_of: dict[Place, TreeNode[Place]] = {}
        self._badges: dict[str, dict[Place, str]] = {}  # layer -> place -> text
        self._order = 0
        self._tails = _Tails(outlines)
        self._shapes: dict[str, _Shape] = {}
        self._painted = False  # a source shown folded waits for the first paint (and only it)
        self._add_sources(outlines)

    def add_source(self, outline: Outline) -> None:
        """Add a node for a source just added to the library, after the others."""
        if outline.id in self._outline_of:
            return
        self._outline_of[outline.id] = outline
        self._tails = _Tails(list(self._outline_of.values()))
        self._add_sources([outline])

    @property
    def order(self) -> str:
        """How the sources are ordered now (``as loaded``, ``by date``, ``by title``)."""
        return ORDERS[self._order][0]

    def _add_sources(self, outlines: list[Outline]) -> None:
        # TreeNode.add parses its label as markup and invalidates the whole tree per node: 10,000
        # sources would take seconds, so the nodes are made as it makes them and invalidated once.
        root = self.root
        for outline in outlines:
            node = self._add_node(root, EMPTY, Place(outline.id))
            node._allow_expand = outline.has_sections()
            root._children.append(node)
            self._node_of[Place(outline.id)] = node
        root._updates += 1
        self._invalidate()

    def _shape(self, source_id: str) -> _Shape:
        if (shape := self._shapes.get(source_id)) is None:
            shape = self._shapes[source_id] = _Shape(self._outline_of[source_id])
        return shape

    def _grow(self, node: TreeNode[Place]) -> bool:
        """Make the nodes of the sections directly under ``node`` (a source or a section), once (in
        a source shown unfolded, all the sections below it); whether any were made."""
        place = node.data
        if place is None or node.children or not node.allow_expand:
            return False
        return self._make_nodes(node, place, self._shape(place.source_id))

    def _make_nodes(self, node: TreeNode[Place], place: Place, shape: _Shape) -> bool:
        kids = shape.children.get(-1 if place.section is None else place.section)
        if not kids:
            return False
        # as TreeNode.add does, without a label to process and a redraw per node (a report can
        # hold 100,000 sections): labels are drawn when their rows show
        for i in kids:
            at = Place(place.source_id, i)
            child = self._add_node(node, EMPTY, at)
            child._expanded, child._allow_expand = shape.unfolded, i in shape.children
            node._children.append(child)
            self._node_of[at] = child
            if shape.unfolded:
                self._make_nodes(child, at, shape)
        node._allow_expand = True
        node._updates += 1
        return True

    def process_label(self, label: str | Text) -> Text:
        return label if label is EMPTY else super().process_label(label)

    def get_label_width(self, node: TreeNode[Place]) -> int:
        return 0  # labels are fitted to the width, never scrolled: no need to draw every one to measure it

    def render_label(self, node: TreeNode[Place], base_style: Style, style: Style) -> Text:
        place = node.data
        if place is None:
            return Text()
        outline = self._outline_of[place.source_id]
        if place.section is None:
            title, count, tail = outline.title or outline.id, outline.paragraphs, self._tails(outline)
        else:
            title, _, count = outline.sections[place.section]
            tail = ""
        badges = " ".join(b[place] for b in self._badges.values() if place in b)
        icon = (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE) if node.allow_expand else ""
        depth, up = 0, node.parent
        while up is not None and up is not self.root:
            depth, up = depth + 1, up.parent
        width = self.scrollable_content_region.width - depth * self.guide_depth - cell_len(icon)
        # the count and badges always show; the folder or file name, then the date, give way to the title
        for part in (tail, tail[tail.rfind(" "):] if tail.strip() else "", ""):
            end = Text.assemble((part, "dim"), (f" {count}", "dim"), (f" {badges}" if badges else "", "bold"))
            if (room := width - end.cell_len) >= MIN_TITLE:
                break
        label = Text(one_line(title), end="")
        if label.cell_len > room:
            label.truncate(max(1, room), overflow="ellipsis")
        label.stylize(style)
        return Text.assemble((icon, base_style + Style(bold=True)), label, end)

    def set_badges(self, layer: str, badges: dict[Place, str]) -> None:
        """Extra text after node labels (note counts, watch-word counts…), one layer per kind;
        only the rows whose badge changed are redrawn."""
        old = self._badges.get(layer, {})
        self._badges[layer] = badges
        for place in {p for p in old.keys() | badges.keys() if old.get(p) != badges.get(p)}:
            if (node := self._node_of.get(place)) is not None:
                node.refresh()

    def expand_source(self, source_id: str) -> None:
        """Unfold the sections of a source."""
        if not self._after_paint(source_id, self.expand_source, source_id):
            self._unfold(self._node_of[Place(source_id)])

    def _after_paint(self, source_id: str, then: Callable[..., None], *args: Any) -> bool:
        """Whether ``then(*args)`` is left until the screen has first been painted, as it is for
        a source shown folded (reading 50,000 sections and making their nodes takes a fifth of a
        second: the text shows first)."""
        if self._painted or len(self._outline_of[source_id].sections) <= UNFOLDED_UP_TO:
            return False

        def painted() -> None:
            self._painted = True
            then(*args)

        self.call_after_refresh(painted)
        return True

    def _unfold(self, node: TreeNode[Place]) -> bool:
        """Make the nodes under ``node`` and show them; whether the tree changed."""
        made = self._grow(node)
        if node.is_expanded or not node.allow_expand:
            if made:
                self._invalidate()
            return made
        node._expanded = True
        node._updates += 1
        self._show_under(node)
        return True

    def _show_under(self, node: TreeNode[Place]) -> None:
        """Put the rows under ``node``, just unfolded, into the tree's lines; they are rebuilt
        when they were not built or ``node`` does not show (Tree rebuilds them all on any change,
        which takes as long as the rows unfolded are many)."""
        lines, y = self._tree_lines_cached, node._line
        if lines is None or not 0 <= y < len(lines) or lines[y].node is not node:
            self._invalidate()
            return
        rows: list[_TreeLine[Place]] = []

        def add(path: list[TreeNode[Place]], under: TreeNode[Place]) -> None:
            end = len(under._children) - 1
            for k, child in enumerate(under._children):
                rows.append(_TreeLine([*path, child], k == end))
                if child._expanded:
                    add(rows[-1].path, child)

        add(lines[y].path, node)
        lines[y + 1:y + 1] = rows
        for n in range(y + 1, len(lines)):
            lines[n].path[-1]._line = n
        # Taller, not wider, and its box unchanged: its scrollbar is set here rather than by a
        # layout pass of the whole screen (and a frame of its own) on every section followed into.
        height = Size(self.virtual_size.width, len(lines))
        self.set_reactive(Tree.virtual_size, height)
        self._scroll_update(height)
        if (cursor := self.cursor_node) is not None and cursor._line != self.cursor_line:
            self.cursor_line = cursor._line
        self._updates += 1  # every row is drawn again
        self.refresh()

    def follow(self, source_id: str, section: int) -> None:
        """Move the cursor to the node of ``section`` (the source's for its lead section), quietly;
        the sections above it are unfolded, their nodes made if they were not."""
        if self._after_paint(source_id, self.follow, source_id, section):
            return
        node, changed = self._node_of[Place(source_id)], False
        for i in self._shape(source_id).path(section):
            changed = self._unfold(node) or changed
            node = self._node_of[Place(source_id, i)]
        if self.cursor_node is not node:
            if self._tree_lines_cached is None:  # nodes were made: their lines are known once built
                self._build()
            self.move_cursor(node)
        if changed:  # the tree's height changed: scroll once it has been laid out again (at once
            # when only rows were put in: no layout is due)
            if self._tree_lines_cached is not None and not self._layout_required:
                self.scroll_to_node(node, animate=False)
            else:
                self.call_after_refresh(self.scroll_to_node, node, animate=False)

    def action_sort(self) -> None:
        """Order the sources by the next of ``ORDERS``; what is unfolded and the cursor stay."""
        self._order = (self._order + 1) % len(ORDERS)
        key = ORDERS[self._order][1]
        outlines = list(self._outline_of.values())  # as loaded
        self.root._children[:] = [self._node_of[Place(o.id)] for o in (sorted(outlines, key=key) if key else outlines)]
        self._invalidate()
        if (cursor := self.cursor_node) is not None:
            self.call_after_refresh(self.scroll_to_node, cursor, animate=False)
        self.notify(f"Sources {self.order}", timeout=2)

    def action_first(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(0, animate=False)

    def action_last(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.last_line, animate=False)

    def action_expand(self) -> None:
        if self.cursor_node:
            self._unfold(self.cursor_node)

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Place]) -> None:
        if self._grow(event.node):
            self._invalidate()

    def on_tree_node_selected(self, event: Tree.NodeSelected[Place]) -> None:
        event.stop()
        place = event.node.data
        if place is not None:
            self.post_message(self.Open(place.source_id, place.section))


class _Shape:
    """How a source's sections nest, from their levels: the sections directly under each section
    (under -1: the source itself; a lead section is the source's node); worked out once per source
    when its sections are first shown."""

    def __init__(self, outline: Outline) -> None:
        levels = [level for _, level, _ in outline.sections]
        self.unfolded = len(levels) <= UNFOLDED_UP_TO  # else a section shows its children when asked
        self.lead = bool(levels) and outline.sections[0][0] == outline.title
        self.parent = parent = [-1] * len(levels)
        self.children: dict[int, list[int]] = {}
        children = self.children
        levels_up, above = [0], [-1]  # the levels and sections the next section may be under
        for i in range(1 if self.lead else 0, len(levels)):
            level = levels[i]
            while levels_up[-1] >= level:
                levels_up.pop()
                above.pop()
            parent[i] = up = above[-1]
            if up in children:
                children[up].append(i)
            else:
                children[up] = [i]
            levels_up.append(level)
            above.append(i)

    def path(self, section: int) -> list[int]:
        """The sections from the top down to ``section`` (none for the lead section; the last
        section for one past it)."""
        section = min(section, len(self.parent) - 1)
        if section == 0 and self.lead:
            return []
        path = []
        while section >= 0:
            path.append(section)
            section = self.parent[section]
        return path[::-1]


class _Tails:
    """What follows each source's title: its date; and when another source has the same title
    and date, its folder, or its file name where the folders are the same too. Worked out for a
    row when it is first drawn."""

    def __init__(self, outlines: list[Outline]) -> None:
        self._groups: dict[tuple[str, str | None], list[Outline]] = {}
        for o in outlines:
            self._groups.setdefault((o.title, o.date), []).append(o)
        self._folders: dict[tuple[str, str | None], Counter[str]] = {}
        self._made: dict[str, str] = {}

    def __call__(self, outline: Outline) -> str:
        if (tail := self._made.get(outline.id)) is not None:
            return tail
        key = (outline.title, outline.date)
        group = self._groups.get(key, [outline])
        if len(group) == 1:
            tail = f" {one_line(outline.date)}" if outline.date else ""
        else:
            if (folders := self._folders.get(key)) is None:
                folders = self._folders[key] = Counter(os.path.basename(os.path.dirname(o.path)) for o in group)
            folder = os.path.basename(os.path.dirname(outline.path))
            apart = folder if folders[folder] == 1 else os.path.splitext(os.path.basename(outline.path))[0]
            tail = " " + " ".join(one_line(part) for part in (apart, outline.date or "") if part)
        self._made[outline.id] = tail
        return tail
