"""The tree of sources and their sections, nested by heading level.

Built from outlines (no full parse): one node per source at start, its sections when it is first
expanded. Labels are drawn when a row is drawn, fitted to the width: a title too long is cut with
``…`` and what follows it (folder, date, paragraph count, badges) stays whole. A badge change
redraws only the rows whose badge text changed.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.core.library import Outline
from reader.core.sanitize import one_line


@dataclass(frozen=True)
class Place:
    """What a tree node stands for: a source, or one of its sections."""

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


class SourceTree(Tree[Place]):
    """Sources → sections; each node shows its paragraph count. Enter or click opens."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("l", "expand", "Expand", show=False),
        Binding("h", "collapse", "Collapse", show=False),
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
        self._outlines = outlines
        self._outline_of = {o.id: o for o in outlines}
        self._node_of: dict[Place, TreeNode[Place]] = {}
        self._badges: dict[str, dict[Place, str]] = {}  # layer -> place -> text
        self._order = 0
        self._tails = _Tails(outlines)
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

    @staticmethod
    def _is_lead(outline: Outline, i: int) -> bool:
        """Whether section ``i`` is the lead section, shown as the source node itself."""
        return i == 0 and outline.sections[0][0] == outline.title

    def _add_sections(self, source_id: str) -> None:
        """Add the section nodes of a source, once."""
        node = self._node_of[Place(source_id)]
        if node.children or not node.allow_expand:
            return
        outline = self._outline_of[source_id]
        stack: list[tuple[int, TreeNode[Place]]] = [(0, node)]
        unfolded = len(outline.sections) <= UNFOLDED_UP_TO  # else a section shows its children when asked
        for i, (_, level, _) in enumerate(outline.sections):
            if self._is_lead(outline, i):
                continue
            while stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1]
            # as TreeNode.add does, without a label to process and a redraw per node (a report can
            # hold 100,000 sections): labels are drawn when their rows show
            child = self._add_node(parent, EMPTY, Place(source_id, i))
            child._expanded, child._allow_expand = unfolded, False
            parent._allow_expand = True
            parent._children.append(child)
            parent._updates += 1
            self._node_of[Place(source_id, i)] = child
            stack.append((level, child))
        self._invalidate()

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
        self._add_sections(source_id)
        self._node_of[Place(source_id)].expand()

    def follow(self, source_id: str, section: int) -> None:
        """Move the cursor to the node of ``section`` (or its nearest shown ancestor), quietly."""
        self._add_sections(source_id)
        node = self._node_of.get(Place(source_id, section))
        while node is None and section > 0:
            section -= 1
            node = self._node_of.get(Place(source_id, section))
        node = node or self._node_of[Place(source_id)]
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        if node.line < 0:  # just expanded: its line is known once the tree has been redrawn
            self.call_after_refresh(self.move_cursor, node)
        elif self.cursor_node is not node:
            self.move_cursor(node)

    def action_sort(self) -> None:
        """Order the sources by the next of ``ORDERS``, keeping what is expanded and the cursor."""
        self._order = (self._order + 1) % len(ORDERS)
        key = ORDERS[self._order][1]
        at = self.cursor_node.data if self.cursor_node else None
        expanded = {p.source_id for p, n in self._node_of.items() if p.section is None and n.is_expanded}
        self.clear()
        self._node_of.clear()
        self._add_sources(sorted(self._outlines, key=key) if key else self._outlines)
        for source_id in expanded:
            self.expand_source(source_id)
        if at is not None:
            self.follow(at.source_id, at.section or 0)
        self.notify(f"Sources {self.order}", timeout=2)

    def action_expand(self) -> None:
        if self.cursor_node:
            self.cursor_node.expand()

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Place]) -> None:
        place = event.node.data
        if place is not None and place.section is None and not event.node.children:
            self._add_sections(place.source_id)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Place]) -> None:
        event.stop()
        place = event.node.data
        if place is not None:
            self.post_message(self.Open(place.source_id, place.section))


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
