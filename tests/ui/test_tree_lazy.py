"""Pilot tests of the tree on a report of 5,000 nested sections: nodes are made as they are unfolded."""

from __future__ import annotations

import pytest
from rendered import rows
from textual.app import App, ComposeResult
from textual.widgets.tree import TreeNode

from reader.core.library import Outline, load_library, outline_of
from reader.widgets.source_tree import UNFOLDED_UP_TO, Place, SourceTree

NUMBERS = "一二三四五六七八九十"
BODY = "，".join(["推进改革发展"] * 8) + "。"


def nested_report(parts: int) -> str:
    """A report of ``parts`` parts (一、), each of three chapters (（一）) of two articles (1.)."""
    lines = ["某县政府工作报告", ""]
    for t in range(parts):
        lines += [f"{NUMBERS[t % 10]}、第{t}部分", "", BODY, ""]
        for s in range(3):
            lines += [f"（{NUMBERS[s]}）第{t}部分第{s}节", "", BODY, ""]
            for k in range(2):
                lines += [f"{k + 1}.第{t}部分第{s}节第{k}条", "", BODY, ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "report.txt"
    path.write_text(nested_report(500), "utf-8")
    return load_library([str(path)])


@pytest.fixture(scope="module")
def outline(big) -> Outline:
    made = outline_of(big.sources[0])
    assert len(made.sections) == 5001 > UNFOLDED_UP_TO
    return made


SMALL = Outline("s2", "/a/s2.txt", "乙报告", "2021-03", (("乙报告", 1, 2), ("一、总体要求", 2, 3)), 5)


class TreeApp(App[None]):
    def __init__(self, outlines: list[Outline]) -> None:
        super().__init__()
        self.outlines = outlines

    def compose(self) -> ComposeResult:
        yield SourceTree(self.outlines, id="tree")


def count(node: TreeNode) -> int:
    return sum(1 + count(child) for child in node.children)


def shown(tree: SourceTree) -> list[str]:
    return [strip.text.rstrip() for strip in rows(tree)]


def lines_agree(tree: SourceTree) -> bool:
    """Whether every row's node knows its row (rows put in place of a rebuild keep them right)."""
    return all(tree.get_node_at_line(y).line == y for y in range(tree.last_line + 1))


def last_article(outline: Outline) -> int:
    return len(outline.sections) - 1


async def test_unfolding_a_big_report_makes_only_its_top_sections(outline):
    app = TreeApp([outline])
    async with app.run_test(size=(160, 20)) as pilot:
        tree = app.query_one(SourceTree)
        tree.expand_source(outline.id)
        await pilot.pause()
        assert count(tree.root) == 1 + 500
        lines = shown(tree)
        assert "某县政府工作报告" in lines[0] and "一、第0部分" in lines[1] and "二、第1部分" in lines[2]
        assert f"{tree.ICON_NODE}一、第0部分" in lines[1]  # its chapters are there to unfold


async def test_unfolding_a_section_shows_its_children(outline):
    app = TreeApp([outline])
    async with app.run_test(size=(160, 20)) as pilot:
        tree = app.query_one(SourceTree)
        tree.expand_source(outline.id)
        tree.focus()
        await pilot.pause()
        await pilot.press("down", "down", "l")
        lines = shown(tree)
        assert "一、第0部分" in lines[1] and "（一）第0部分第0节" in lines[2] and "（二）第0部分第1节" in lines[3]
        assert "二、第1部分" in lines[5]
        await pilot.press("down", "space")  # Textual's own toggle: the articles are made too
        lines = shown(tree)
        assert "1.第0部分第0节第0条" in lines[3] and "2.第0部分第0节第1条" in lines[4]
        assert tree.ICON_NODE not in lines[3]  # an article has nothing under it
        assert count(tree.root) == 1 + 500 + 3 + 2


async def test_following_a_deep_section_makes_the_nodes_down_to_it(outline):
    app = TreeApp([outline])
    async with app.run_test(size=(160, 20)) as pilot:
        tree = app.query_one(SourceTree)
        deep = last_article(outline)
        tree.follow(outline.id, deep)
        await pilot.pause()
        assert tree.cursor_node is not None and tree.cursor_node.data == Place(outline.id, deep)
        assert "2.第499部分第2节第1条" in shown(tree)[tree.cursor_line - round(tree.scroll_y)]
        assert count(tree.root) == 1 + 500 + 3 + 2
        tree.follow(outline.id, 3)  # 1.第0部分第0节第0条, rows put in above the cursor's
        await pilot.pause()
        tree.scroll_home(animate=False)
        await pilot.pause()
        lines = shown(tree)
        want = ["▼ 某县政府工作报告", "├ ▼ 一、第0部分", "│ ├ ▼ （一）第0部分第0节", "│ │ ├ 1.第0部分第0节第0条",
                "│ │ └ 2.第0部分第0节第1条", "│ ├ ▶ （二）第0部分第1节"]
        assert all(line.startswith(w) for line, w in zip(lines, want, strict=False)), lines[:6]
        assert tree.cursor_node.data == Place(outline.id, 3) and lines_agree(tree)
        tree.follow(outline.id, deep)
        assert tree.cursor_node.data == Place(outline.id, deep) and lines_agree(tree)


async def test_sorting_keeps_what_is_unfolded_and_the_cursor(outline):
    app = TreeApp([outline, SMALL])
    async with app.run_test(size=(160, 20)) as pilot:
        tree = app.query_one(SourceTree)
        deep = last_article(outline)
        tree.follow(outline.id, deep)
        tree.focus()
        await pilot.pause()
        await pilot.press("o", "o")  # by title: 乙报告 comes before 某县
        assert tree.order == "by title" and tree.root.children[0].data == Place(SMALL.id)
        assert tree.cursor_node.data == Place(outline.id, deep)
        assert "2.第499部分第2节第1条" in shown(tree)[tree.cursor_line - round(tree.scroll_y)]
        await pilot.press("o")
        assert tree.order == "as loaded" and tree.root.children[0].data == Place(outline.id)
        assert tree.cursor_node.data == Place(outline.id, deep)


async def test_a_badge_on_a_section_not_made_yet_shows_once_it_is(outline):
    app = TreeApp([outline])
    async with app.run_test(size=(160, 20)) as pilot:
        tree = app.query_one(SourceTree)
        deep = last_article(outline)
        tree.set_badges("notes", {Place(outline.id, deep): "✎2", Place(outline.id, 1): "✎1"})
        tree.expand_source(outline.id)
        await pilot.pause()
        assert shown(tree)[1].endswith("✎1")
        tree.follow(outline.id, deep)
        await pilot.pause()
        assert shown(tree)[tree.cursor_line - round(tree.scroll_y)].endswith("✎2")


async def test_G_in_the_pane_puts_the_tree_cursor_on_the_last_section(big, tmp_path):
    from reader.app import make_app
    from reader.widgets.reading_pane import ReadingPane

    app = make_app(big, data_dir=str(tmp_path))
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        tree = app.screen.query_one(SourceTree)
        assert count(tree.root) == 1 + 500
        await pilot.press("G")
        await pilot.pause()
        pane = app.screen.query_one(ReadingPane)
        source = big.sources[0]
        assert pane.section == len(source.sections) - 1
        assert tree.cursor_node.data == Place(source.id, pane.section)
        assert "2.第499部分第2节第1条" in shown(tree)[tree.cursor_line - round(tree.scroll_y)]
        await pilot.press("g")
        await pilot.pause()
        assert pane.section == 1 and tree.cursor_node.data == Place(source.id, 1)  # the title has no text
