"""Pilot tests of the source tree on a small app: lazy sections, badges, sort, labels, width."""

from __future__ import annotations

from rendered import rows
from textual.app import App, ComposeResult

from reader.core.library import Library, Outline
from reader.widgets.source_tree import Place, SourceTree


def outline(sid: str, title: str, date: str | None, folder: str = "a") -> Outline:
    return Outline(sid, f"/{folder}/{sid}.txt", title, date,
                   ((title, 1, 2), ("一、总体要求", 2, 3), ("（一）重点", 3, 1)), 6)


OUTLINES = [outline("s1", "政府工作报告", "2023-01-08", "2023"), outline("s2", "政府工作报告", "2023-01-08", "2022"),
            outline("s3", "关于加快建设现代化产业体系推动经济高质量发展的实施意见", None),
            outline("s4", "乙报告", "2021-03"), outline("s5", "乙报告", "2021-03")]


class TreeApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SourceTree(OUTLINES, id="tree")


def texts(tree: SourceTree) -> list[str]:
    return [strip.text.rstrip() for strip in rows(tree) if strip.text.strip()]


async def test_sections_are_built_when_a_source_expands():
    app = TreeApp()
    async with app.run_test(size=(80, 20)) as pilot:
        tree = app.query_one(SourceTree)
        assert all(not node.children for node in tree.root.children)
        assert len(texts(tree)) == 5
        tree.expand_source("s4")
        await pilot.pause()
        shown = texts(tree)
        assert len(shown) == 7 and "一、总体要求" in shown[4] and "（一）重点" in shown[5]


async def test_a_badge_change_redraws_only_that_row():
    app = TreeApp()
    async with app.run_test(size=(80, 20)) as pilot:
        tree = app.query_one(SourceTree)
        await pilot.pause()
        drawn: list[Place] = []
        draw = tree.render_label

        def counted(node, base_style, style):
            drawn.append(node.data)
            return draw(node, base_style, style)

        tree.render_label = counted  # the rows drawn again: their labels are rendered anew
        tree.set_badges("notes", {Place("s2"): "✎3"})
        await pilot.pause()
        assert set(drawn) == {Place("s2")}
        assert "✎3" in texts(tree)[1] and all("✎" not in t for t in texts(tree)[:1] + texts(tree)[2:])


async def test_o_sorts_by_date_then_title():
    app = TreeApp()
    async with app.run_test(size=(100, 20)) as pilot:
        tree = app.query_one(SourceTree)
        tree.focus()
        await pilot.press("o")
        assert tree.order == "by date"
        assert "乙报告" in texts(tree)[0] and "关于" in texts(tree)[-1]  # undated last
        await pilot.press("o")
        assert tree.order == "by title"
        assert [t.split()[1][:2] for t in texts(tree)] == sorted(t.split()[1][:2] for t in texts(tree))


async def test_same_titles_are_told_apart_by_folder_and_date():
    app = TreeApp()
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        first, second = texts(app.query_one(SourceTree))[:2]
        assert "2023 2023-01-08" in first and "2022 2023-01-08" in second
        assert "s4 2021-03" in texts(app.query_one(SourceTree))[3]  # same folder: the file name


async def test_a_long_title_is_cut_with_an_ellipsis_and_keeps_its_count():
    app = TreeApp()
    async with app.run_test(size=(80, 20)) as pilot:
        tree = app.query_one(SourceTree)
        tree.set_badges("notes", {Place("s3"): "✎12"})
        await pilot.pause()
        row = texts(tree)[2]
        assert "…" in row and row.endswith("6 ✎12")


async def test_the_tree_hides_below_seventy_columns_and_t_brings_it_back(library, tmp_path):
    from reader.app import make_app

    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(SourceTree).display
        await pilot.press("t")
        assert app.screen.query_one(SourceTree).display


def test_the_library_parses_a_source_when_asked_and_keeps_the_recent_ones():
    loaded: list[str] = []

    def load(o: Outline):
        from reader.core.model import Paragraph, Section, Source

        loaded.append(o.id)
        return Source(o.id, o.path, o.title, "0", (Section(o.title, 1, (Paragraph(1, "body", "文。"),)),))

    library = Library(outlines=OUTLINES, loader=load, keep=2)
    assert [o.id for o in library.outlines] == ["s1", "s2", "s3", "s4", "s5"] and loaded == []
    assert library.get("s1") is library.get("s1") and loaded == ["s1"]
    library.get("s2"), library.get("s3")
    assert library.sources[0].id == "s1" and loaded == ["s1", "s2", "s3", "s1"]  # s1 had been let go
    assert len(library.sources) == 5


async def test_G_and_g_go_to_the_last_and_first_rows_as_in_the_pane():
    app = TreeApp()
    async with app.run_test(size=(80, 20)) as pilot:
        tree = app.query_one(SourceTree)
        tree.focus()
        tree.expand_source("s4")
        await pilot.pause()
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line == 6 and tree.cursor_node.data == Place("s5")
        await pilot.press("g")
        assert tree.cursor_line == 0 and tree.cursor_node.data == Place("s1")
