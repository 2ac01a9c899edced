"""Pilot tests: the reader's keys and mouse move the cursor, open sections and show help."""

from __future__ import annotations

from rendered import row_of, rows, screen_text, text

from reader.app import make_app
from reader.screens.help import HelpScreen
from reader.widgets.reading_pane import ReadingPane
from reader.widgets.source_tree import Place, SourceTree
from reader.widgets.status_bar import StatusBar


def status_text(app) -> str:
    return str(app.screen.query_one(StatusBar).content)


async def test_launch_focuses_the_pane_and_shows_first_source(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.screen.query_one(ReadingPane)
        assert app.focused is pane  # as it is mounted, before any frame: a key typed at once goes there
        await pilot.pause()
        assert pane.source is library.sources[0]
        assert pane.cursor == library.sources[0].paragraphs[0].n
        assert "▌" in rows(pane)[row_of(pane, library.sources[0].paragraphs[0].text[:6])].text
        assert f"¶ {pane.cursor}/{len(library.sources[0].paragraphs)}" in status_text(app)
        tree = app.screen.query_one(SourceTree)
        assert len(tree.root.children) == len(library.sources)


async def test_j_k_move_the_cursor_and_update_status(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.screen.query_one(ReadingPane)
        pane.focus()
        first = pane.cursor
        await pilot.press("j", "j", "j")
        assert pane.cursor > first
        moved = pane.cursor
        assert f"¶ {moved}/" in status_text(app)
        await pilot.press("k")
        assert pane.cursor < moved
        await pilot.press("down")
        assert pane.cursor == moved


async def test_enter_on_tree_opens_section_and_focuses_pane(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        tree = app.screen.query_one(SourceTree)
        pane = app.screen.query_one(ReadingPane)
        target = library.sources[2]
        node = next(n for n in tree.root.children if n.data.source_id == target.id)
        await pilot.press("tab")  # the tree is one tab away from the pane
        assert app.focused is tree
        tree.move_cursor(node)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.source is target
        assert app.focused is pane
        # Open a section of that source from the tree.
        tree.focus()
        section_node = node.children[1]
        tree.move_cursor(section_node)
        await pilot.press("enter")
        await pilot.pause()
        chosen = section_node.data.section
        opened = next(s for s in target.sections[chosen:] if s.paragraphs)  # a bare heading: the next with text
        assert pane.cursor == opened.paragraphs[0].n
        assert pane.section == target.sections.index(opened)
        assert f"¶ {pane.cursor}/" in status_text(app) and opened.title[:6] in status_text(app)


async def test_brackets_move_between_sections_and_tree_follows(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.screen.query_one(ReadingPane)
        tree = app.screen.query_one(SourceTree)
        pane.show(library.sources[2])
        pane.focus()
        start = pane.section
        await pilot.press("right_square_bracket")
        await pilot.pause()
        after = pane.section
        assert after > start
        title = library.sources[2].sections[after].title
        assert tree.cursor_node.data == Place(library.sources[2].id, after)
        assert title[:6] in tree.render_line(tree.cursor_line - int(tree.scroll_y)).text
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert pane.section == after


async def test_g_and_G_go_to_top_and_bottom(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.screen.query_one(ReadingPane)
        pane.focus()
        await pilot.press("G")
        assert pane.cursor == library.sources[0].paragraphs[-1].n
        assert pane.scroll_y == pane.max_scroll_y
        assert "100%" in status_text(app)
        await pilot.press("g")
        assert pane.cursor == library.sources[0].paragraphs[0].n
        assert pane.scroll_y == 0


async def test_page_down_moves_view_and_cursor(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.screen.query_one(ReadingPane)
        pane.focus()
        before = pane.cursor
        await pilot.press("space")
        assert pane.scroll_y > 0
        assert pane.cursor > before
        await pilot.press("pageup")
        assert pane.scroll_y == 0


async def test_tab_switches_panes_and_t_hides_tree(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one(SourceTree)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("tab")
        assert app.focused is tree
        await pilot.press("tab")
        assert app.focused is pane
        await pilot.press("t")
        assert not tree.display
        assert app.focused is pane
        await pilot.press("t")
        assert tree.display


async def test_help_lists_keys_and_closes(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(s.content) for s in app.screen.query("Static"))
        for words in ("Next section", "Page down", "Quit", "Tree"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_click_on_a_paragraph_moves_cursor(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = app.screen.query_one(ReadingPane)
        first = pane.cursor
        shown = text(pane)
        later = next(p for p in pane.source.paragraphs if p.n > first and p.text[:6] in shown)
        await pilot.click(ReadingPane, offset=(10, row_of(pane, later.text[:6])))
        assert pane.cursor == later.n


async def test_q_quits(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_palette_offers_reader_commands(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Next section", "Tree", "Help", "Page down", "Notes panel", "Previous hit", "Search"):
            assert title in titles


async def test_an_empty_report_opens_and_every_key_is_harmless(tmp_path):
    from reader.core.library import load_library

    (tmp_path / "empty.txt").write_text("", "utf-8")
    app = make_app(load_library([str(tmp_path / "empty.txt")]), data_dir=str(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "k", "G", "g", "space", "pageup", "right_square_bracket", "left_square_bracket",
                          "v", "b", "a", "m", "M", "u")
        await pilot.pause()
        assert app.screen.query_one(ReadingPane).cursor == 0
        assert "no text" in str(app.screen.query_one(ReadingPane).render_line(0).text)


async def test_the_chosen_theme_comes_back_next_time(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"


async def test_a_coloured_word_on_the_cursor_paragraph_keeps_the_cursor_background(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ReadingPane)
        para = pane.cursor
        pane.set_layer("test", {para: [(0, 1, "reading--watch-0")]})
        words = pane.source.paragraph(para).text
        segments = list(rows(pane)[row_of(pane, words[:6])])
        i = next(i for i, seg in enumerate(segments) if seg.text == words[0])
        word, rest = segments[i], segments[i + 1]
        assert word.style.color != rest.style.color
        assert word.style.bgcolor == rest.style.bgcolor  # the cursor paragraph's background


async def test_help_scrolls_with_j_and_k(library, tmp_path):
    app = make_app(library, data_dir=str(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert "ntreader — keys" in screen_text(app)
        await pilot.press("j", "j", "j")
        assert "ntreader — keys" not in screen_text(app)
        await pilot.press("k", "k", "k")
        assert "ntreader — keys" in screen_text(app)
