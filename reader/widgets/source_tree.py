"""The tree of sources and their sections, nested by heading level."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.core.model import Source


@dataclass(frozen=True)
class Place:
    """What a tree node stands for: a source, or one of its sections."""

    source_id: str
    section: int | None = None


class SourceTree(Tree[Place]):
    """Sources → sections; each node shows its paragraph count. Enter or click opens."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("l", "expand", "Expand", show=False),
        Binding("h", "collapse", "Collapse", show=False),
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
    """
    HELP_GROUPS = [("Tree", 20, [Binding("enter", "select_cursor", "Open the source or section"),
                                 Binding("space", "toggle_node", "Expand or collapse"), *BINDINGS])]

    @dataclass
    class Open(Message):
        """The user chose a source or section to read."""

        source_id: str
        section: int | None

    def __init__(self, sources: list[Source], *, id: str | None = None) -> None:
        super().__init__("sources", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._node_of: dict[Place, TreeNode[Place]] = {}
        self._badges: dict[str, dict[Place, str]] = {}  # layer -> place -> text
        self._sources = sources
        for source in sources:
            self._add_source(source)

    def add_source(self, source: Source) -> None:
        """Add a source at the end, its sections folded."""
        if source not in self._sources:
            self._sources.append(source)
        self._add_source(source)

    def _add_source(self, source: Source) -> None:
        place = Place(source.id)
        node = self.root.add("", data=place)
        self._node_of[place] = node
        stack: list[tuple[int, TreeNode[Place]]] = [(0, node)]
        for i, section in enumerate(source.sections):
            if i == 0 and section.title == source.title and not section.run_in:
                continue  # the lead section is the source node itself
            while stack[-1][0] >= section.level:
                stack.pop()
            child = stack[-1][1].add("", data=Place(source.id, i), expand=True)
            child.allow_expand = False
            self._node_of[Place(source.id, i)] = child
            stack.append((section.level, child))
        self._relabel_source(source)

    def _relabel_source(self, source: Source) -> None:
        total = len(source.paragraphs)
        self._node_of[Place(source.id)].set_label(self._label(source.title or source.id, total, Place(source.id)))
        for i, section in enumerate(source.sections):
            node = self._node_of.get(Place(source.id, i))
            if node is not None:
                node.set_label(self._label(section.title, len(section.paragraphs), Place(source.id, i)))
            if node is not None and node.children:
                node.allow_expand = True

    def _label(self, title: str, count: int, place: Place) -> Text:
        badges = " ".join(b[place] for b in self._badges.values() if place in b)
        return Text.assemble(title, (f" {count}", "dim"), (f" {badges}" if badges else "", "bold"))

    def set_badges(self, layer: str, badges: dict[Place, str]) -> None:
        """Extra text after node labels (note counts, watch-word counts…), one layer per kind."""
        self._badges[layer] = badges
        for source in self._sources:
            self._relabel_source(source)

    def expand_source(self, source_id: str) -> None:
        """Unfold the sections of a source."""
        self._node_of[Place(source_id)].expand()

    def follow(self, source_id: str, section: int) -> None:
        """Move the cursor to the node of ``section`` (or its nearest shown ancestor), quietly."""
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

    def on_tree_node_selected(self, event: Tree.NodeSelected[Place]) -> None:
        event.stop()
        place = event.node.data
        if place is not None:
            self.post_message(self.Open(place.source_id, place.section))
