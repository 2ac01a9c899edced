"""How annotations show: spans, gutter marks, counts, the record under the cursor, filters."""

from reader.core.library import outline_of
from reader.core.marks import (
    BOOKMARK_MARK,
    NOTE_MARK,
    counts,
    covering,
    decorations,
    matches,
    next_color,
    span_of,
    update_counts,
)
from reader.core.model import Paragraph, Section, Source

SRC = Source("s", "s.txt", "题", "0", (
    Section("题", 1, (Paragraph(1, "body", "营商环境持续优化。"), Paragraph(2, "body", "机关作风建设提升年。"))),
    Section("一、二", 2, (Paragraph(3, "body", "第三段。"),)),
))


def rec(kind, para, start=None, end=None, rid="1", **kw):
    base = {"id": rid, "kind": kind, "source_id": "s", "anchor": {"para": para, "start": start, "end": end,
            "quote": {"exact": "营商环境", "prefix": "", "suffix": ""}}, "anchor_status": "exact",
            "deleted": None, "color": "yellow" if kind != "bookmark" else None, "note": "", "tags": [], "label": None}
    return base | kw


def test_decorations_spans_and_marks():
    spans, marks = decorations([rec("highlight", 1, 0, 4), rec("note", 2, rid="2", note="n"),
                                rec("bookmark", 3, rid="3"), rec("bookmark", 2, rid="4")], SRC)
    assert spans[1] == [(0, 4, "reading--hl-yellow")]
    assert spans[2] == [(0, 10, "reading--hl-yellow"), (0, 10, "reading--note")]
    assert marks == {2: NOTE_MARK, 3: BOOKMARK_MARK}


def test_deleted_orphaned_and_other_sources_are_not_shown():
    hidden = [rec("highlight", 1, deleted="2026-01-01T00:00:00Z"), rec("highlight", 1, anchor_status="orphaned"),
              rec("highlight", 1, source_id="other"), rec("highlight", 99)]
    assert decorations(hidden, SRC) == ({}, {})
    assert counts(hidden, [outline_of(SRC)]) == {}


def test_counts_per_source_and_section():
    got = counts([rec("note", 1), rec("highlight", 3, rid="2"), rec("bookmark", 3, rid="3")], [outline_of(SRC)])
    assert got == {("s", None): 2, ("s", 0): 1, ("s", 1): 1}


def test_counts_of_one_source_are_updated_alone_and_report_what_changed():
    other = Source("t", "t.txt", "乙", "1", SRC.sections)
    records = [rec("note", 1), rec("highlight", 3, rid="2"), rec("note", 1, rid="3", source_id="t")]
    current = counts(records, [outline_of(SRC), outline_of(other)])
    changed = update_counts(current, [rec("note", 1), rec("note", 1, rid="4")], outline_of(SRC))
    assert changed == {("s", 0): 2, ("s", 1): 0}
    assert current == {("s", None): 2, ("s", 0): 2, ("t", None): 1, ("t", 0): 1}
    assert current == counts([rec("note", 1), rec("note", 1, rid="4"), records[2]], [outline_of(SRC), outline_of(other)])


def test_counts_take_one_pass_over_the_records():
    sources = [Source(f"s{i}", "", "题", "0", SRC.sections) for i in range(2000)]
    seen = []

    class Spy(dict):
        def __getitem__(self, key):
            seen.append(key)
            return super().__getitem__(key)

    records = [Spy(rec("note", 1, rid=str(i), source_id=f"s{i}")) for i in range(2000)]
    assert len(counts(records, map(outline_of, sources))) == 4000
    assert len(seen) < 20 * len(records)


def test_covering_prefers_exact_span_then_newest():
    a, b = rec("highlight", 1, 0, 4, rid="1"), rec("note", 1, rid="2")
    assert covering([a, b], SRC, 1, (0, 4)) is a
    assert covering([a, b], SRC, 1, span_of(b, SRC)) is b
    assert covering([a, b], SRC, 1) is b
    assert covering([a, b], SRC, 2) is None


def test_span_of_whole_paragraph_and_clamped():
    assert span_of(rec("note", 1), SRC) == (0, 9)
    assert span_of(rec("note", 1, 3, 99), SRC) == (3, 9)


def test_next_color_cycles():
    assert next_color(None) == "yellow"
    assert next_color("yellow") == "green"
    assert next_color("purple") == "yellow"


def test_matches_words_tags_and_kind():
    r = rec("note", 1, note="Deep 改革", tags=["营商", "x"])
    assert matches(r, "营商环境") and matches(r, "deep") and matches(r, "#x 改革")
    assert not matches(r, "#y") and not matches(r, "missing")
    assert matches(r, "", "note") and not matches(r, "", "bookmark")
