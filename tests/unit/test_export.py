"""Markdown and JSON exports: golden files, structure, and the JSON round trip."""

import json
import os
import random
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from test_anchors import REPORT, edited, make_source

from reader.core.errors import UserError
from reader.core.export import from_json, to_json, to_markdown
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
    assert sum(t.type == "blockquote_open" for t in tokens) == len([r for r in live if r["kind"] != "bookmark"])
    for r in live:
        assert md.count(f"^ann-{r['id']}") == 1
    assert "deleted note" not in md
    assert "#高质量-发展" in md and "blue (definition)" in md
    assert "> 把\\*改革\\*进行到底，\\#\n" in md  # the quote's Markdown is inert
    assert md.index("gov-2024:2") < md.index("gov-2024:5")  # bookmarks in order
    front = md.split("---\n")[1]
    assert "annotations: 8" in front and "orphaned: 1" in front and "bookmarks: 2" in front


def test_every_line_of_a_passage_is_quoted(tmp_path):
    [record] = [r for r in build(tmp_path) if r["note"] == "source not loaded"]
    record["anchor"]["quote"]["exact"] = "第一行\n\n第三行"
    md = to_markdown([record], [], WHEN)
    assert "> 第一行\n>\n> 第三行\n" in md


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
