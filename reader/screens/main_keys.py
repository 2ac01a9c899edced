"""The main screen's keys, in the groups the help lists them under (``reader.keys`` reads them)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from reader.screens import annotating, navigating

SEARCH = [
    # priority: the box takes focus before the keys typed after / are handed on (typed fast, they
    # would go to the pane); MainScreen.check_action lets / through to a focused text box
    Binding("slash", "search", "Search", tooltip="Search every source: words, \"a phrase\", -exclude",
            priority=True),
    Binding("n", "next_hit", "Next hit", show=False,
            tooltip="The next search hit, across sources (N: the previous)"),
    Binding("escape", "end_search", "End search", show=False,
            tooltip="Close the search and go back to where you were"),
    Binding("w", "add_watchword", "Watch", show=False,
            tooltip="Watch a word: the selection, or typed; pick a colour"),
    Binding("W", "watchwords", "Watch-words", show=False,
            tooltip="The watch-words, where they occur; d removes one"),
    Binding("K", "panel('keywords')", "Keywords", show=False,
            tooltip="Top keywords of this source or section (TF-IDF, TextRank, keyness)"),
    Binding("H", "highlight_keywords", "Highlight keywords", show=False,
            tooltip="Light up (or not) the top keywords in the text"),
]
ANALYSIS = [
    Binding("c", "compare", "Compare", show=False,
            tooltip="This report against the previous one of its kind (or one picked)"),
    Binding("F", "panel('figures')", "Figures", show=False,
            tooltip="Targets and figures of this source (a: all sources), by section"),
    Binding("T", "panel('trend')", "Trend", show=False,
            tooltip="The search term (or a typed one, or the watch-words) in each source, by date"),
]
READER = [
    Binding("t", "toggle_tree", "Tree", tooltip="Hide or show the tree (for narrow terminals)"),
    Binding("tab", "switch_pane", "Switch pane", show=False, priority=True,
            tooltip="Move between the tree and the reading pane"),
    *annotating.BINDINGS,
]
BINDINGS: list[BindingType] = [*SEARCH, *ANALYSIS, *READER, *navigating.BINDINGS]
HELP_GROUPS = [("Anywhere", 1, READER), ("Go to, back and forward", 15, navigating.BINDINGS),
               ("Search, watch-words, keywords", 30, SEARCH),
               ("Reading reports against each other", 35, ANALYSIS)]
