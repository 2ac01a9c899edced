"""Markdown and JSON exports: golden files, structure, and the JSON round trip."""

import json
import os
import random
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from test_anchors import REPORT, edited, make_source

from reader.core.errors import UserError
from reader.core.export import export, from_json, obsidian_tag, to_json, to_markdown
from reader.core.model import SourceMeta
from reader.store import Store

GOLDEN = Path(__file__).parent.parent / "fixtures" / "export"
WHEN = "2025-03-05T08:00:00Z"

GOV = make_source("gov-2024", REPORT, title="政府工作报告")
OTHER = make_source("speech", [("讲话", 1, ["要把*改革*进行到底，#1 任务是发展。", "第二段。"])], title="一篇讲话")


class Clock:
    def __init__(self):
        self.t = 1735689600.0

    def __call__(self):
        self.t += 60
        return self.t


def build(tmp_path) -> list[dict]:
    """A store with every kind of annotation, re-anchored against a revised report."""
    store = Store(tmp_path / "ntreader.json", clock=Clock(), rng=random.Random(3))
    store.add("bookmark", GOV, 5)
    store.add("bookmark", GOV, 2, label="开篇")
    p4 = GOV.paragraph(4).text
    store.add(
        "note",
        GOV,
        4,
        p4.index("全面深化"),
        p4.index("，推动"),
        note="改革是**动力**。\n\n- 一\n- 二",
        tags=["经济", "高质量 发展"],
        color="blue",
    )
    store.add("highlight", GOV, 3, color="green")
    store.add("highlight", GOV, 5, 0, 6)
    store.add("note", GOV, 6, 0, 10, note="已删除的段落")  # will be orphaned
    gone = store.add("note", GOV, 1, note="deleted note")
    store.delete(gone["id"])
    store.add("note", OTHER, 1, 1, 12, note="quote with Markdown *specials*", tags=["讲话"])
    store.add("note", make_source("unloaded", REPORT), 2, note="source not loaded")
    revised = make_source(
        "gov-2024",
        edited(
            REPORT, s2p0="加快发展新质生产力。", s1p1="我们坚持稳中求进工作总基调，全面深化改革开发，推动高质量发展。"
        ),
        title="政府工作报告",
    )
    store.rebind([revised, OTHER])
    return store.annotations(include_deleted=True)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} changed: rerun with UPDATE_GOLDEN=1 if intended"


def test_markdown_golden(tmp_path):
    check_golden("annotations.md", to_markdown(build(tmp_path), [GOV, OTHER], WHEN))


def test_json_golden(tmp_path):
    check_golden("annotations.json", to_json(build(tmp_path), WHEN))


def test_markdown_structure(tmp_path):
    records = build(tmp_path)
    md = to_markdown(records, [GOV, OTHER], WHEN)
    tokens = MarkdownIt("commonmark").parse(md.split("---\n", 2)[2])
    h1 = [tokens[i + 1].content for i, t in enumerate(tokens) if t.tag == "h1" and t.nesting == 1]
    assert h1 == ["政府工作报告", "一篇讲话", "unloaded", "Orphaned annotations"]
    live = [r for r in records if r["deleted"] is None]
    quoted = [r for r in live if r["kind"] != "bookmark"]
    assert sum(t.type == "blockquote_open" for t in tokens) == len(quoted) + sum(bool(r["note"]) for r in quoted)
    for r in live:
        assert md.count(f"^ann-{r['id']}") == 1
    assert "deleted note" not in md
    assert "#高质量-发展" in md and "blue (definition)" in md
    assert f"> 全面深化改革开发 ^ann-{live[2]['id']}\n" in md or "改革开发 ^ann-" in md  # the id on its quote
    assert "> 把\\*改革\\*进行到底，\\# ^ann-" in md  # the quote's Markdown is inert
    assert md.index("gov-2024:2") < md.index("gov-2024:5")  # bookmarks in order
    front = yaml.safe_load(md.split("---\n")[1])
    assert (front["annotations"], front["orphaned"], front["bookmarks"]) == (8, 1, 2)
    assert front["sources"][0] == {"id": "gov-2024", "title": "政府工作报告"} and front["sources"][2] == {"id": "unloaded"}
    assert front["tags"] == sorted(["经济", "高质量 发展", "讲话"])


def test_every_line_of_a_passage_is_quoted(tmp_path):
    [record] = [r for r in build(tmp_path) if r["note"] == "source not loaded"]
    record["anchor"]["quote"]["exact"] = "第一行\n\n第三行"
    md = to_markdown([record], [], WHEN)
    assert "> 第一行\n>\n> 第三行 ^ann-" in md


def test_empty_export():
    md = to_markdown([], [], WHEN)
    assert md.startswith('---\ntitle: "ntreader notes"\n') and "sources: []" in md and "annotations: 0" in md


def test_json_round_trips_through_an_empty_store(tmp_path):
    records = build(tmp_path / "a")
    exported = to_json(records, WHEN)
    fresh = Store(tmp_path / "b" / "ntreader.json")
    assert fresh.import_records(from_json(exported)) == (8, 0, 0)
    assert to_json(fresh.annotations(), WHEN) == exported
    assert fresh.import_records(from_json(exported)) == (0, 0, 8)


@pytest.mark.parametrize(
    "text, says",
    [("{", "not a JSON export"), ("[]", "not an ntreader JSON export"), ('{"format": "x"}', "not an ntreader"),
     (json.dumps({"format": "ntreader-annotations", "version": 9, "annotations": []}), "newer ntreader")],
)  # fmt: skip
def test_from_json_refuses_what_is_not_an_export(text, says):
    with pytest.raises(UserError, match=says):
        from_json(text)


HOSTILE_NOTES = [
    "# 不是标题",
    "```python\nunclosed fence",
    "前言\n---\ntitle: injected",
    "text\n===",
    "<script>alert(1)</script> <b>bold</b>",
    "   ## indented heading",
    "> nested\n>> deeper",
]


@pytest.mark.parametrize("note", HOSTILE_NOTES)
def test_a_note_cannot_change_the_shape_of_the_export(tmp_path, note):
    store = Store(tmp_path / "ntreader.json", clock=Clock(), rng=random.Random(1))
    hostile = store.add("note", GOV, 3, note=note, tags=["2023"])
    after = store.add("note", GOV, 4, note="后面的笔记")
    md = to_markdown(store.annotations(), [GOV], WHEN)
    front, body = md.split("---\n")[1], md.split("---\n", 2)[2]
    assert yaml.safe_load(front)["annotations"] == 2
    tokens = MarkdownIt("commonmark").parse(body)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["政府工作报告", "一、2023年工作回顾"]
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert not any(c.type == "html_inline" for t in tokens for c in (t.children or []))
    top = [t for prev, t in zip(tokens, tokens[1:], strict=False) if prev.type == "paragraph_open" and prev.level == 0]
    assert any("gov-2024:4" in t.content for t in top)  # the next record is not swallowed
    assert "后面的笔记" in md and f"^ann-{after['id']}" in md and f"^ann-{hostile['id']}" in md
    assert "#y2023" in md


def test_report_facts_in_the_front_matter(tmp_path):
    meta = SourceMeta(dates=("2024-03-05",), authors=("李强", "王某"), outlet="新华社")
    nasty = "报告\x1b]0;x\x07\u009b31m\u0085\u2028\ud800\"'"
    gov = make_source("gov-2024", REPORT, title=nasty)
    object.__setattr__(gov, "meta", meta)
    store = Store(tmp_path / "ntreader.json")
    store.add("note", gov, 3, note="x", tags=["经济"])
    md = to_markdown(store.annotations(), [gov], WHEN)
    md.encode("utf-8")  # nothing that cannot be written
    front = yaml.safe_load(md.split("---\n")[1])
    assert front["title"] == "Notes on " + nasty
    assert front["sources"] == [{"id": "gov-2024", "title": nasty, "date": "2024-03-05",
                                 "outlet": "新华社", "authors": ["李强", "王某"]}]
    assert front["tags"] == ["经济"]


@pytest.mark.parametrize("tag, expected", [("2023", "y2023"), ("高质量 发展", "高质量-发展"), ("a#b", "a-b"),
                                           ("经济/宏观", "经济/宏观"), ("!!", "tag")])
def test_obsidian_tags(tag, expected):
    assert obsidian_tag(tag) == expected


def test_one_export_flow_selects_renders_and_writes(tmp_path):
    records = build(tmp_path)
    out = tmp_path / "notes.json"
    count, text = export(records, [GOV, OTHER], None, out, source_ids=["speech"], exported_at=WHEN)
    assert count == 1 and out.read_text("utf-8") == text and from_json(text)[0]["source_id"] == "speech"
    with pytest.raises(UserError, match="no source 'nope'"):
        export(records, [GOV], "md", None, source_ids=["nope"])
