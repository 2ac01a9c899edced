"""The store's API: annotations, tombstones and undo, bookmarks, tags, import, re-binding,
reading state, watch-words and search history."""

import dataclasses
import random

import pytest
from test_anchors import REPORT, make_source

from reader.core.anchors import EXACT, MOVED, ORPHANED
from reader.core.errors import UserError
from reader.store import SEARCH_HISTORY_MAX, Store

SRC = make_source("gov", REPORT, title="政府工作报告")


class Clock:
    """A clock that moves one second per reading, from 2025-01-01."""

    def __init__(self):
        self.t = 1735689600.0

    def __call__(self):
        self.t += 1
        return self.t


def open_store(path, clock=None):
    return Store(path / "ntreader.json", clock=clock or Clock(), rng=random.Random(7))


@pytest.fixture
def store(tmp_path):
    return open_store(tmp_path)


def test_add_makes_a_full_record(store):
    r = store.add("note", SRC, 4, 2, 6, note="**稳**", tags=["#经济", " 经济 ", "改革开放"], color="green")
    assert r["kind"] == "note" and r["source_id"] == "gov" and r["source_sha256"] == SRC.sha256
    assert r["section_path"] == ["一、2023年工作回顾"]
    assert r["anchor"]["quote"]["exact"] == "坚持稳中"
    assert r["anchor_status"] == EXACT
    assert r["tags"] == ["经济", "改革开放"]
    assert r["created"] == r["updated"] == "2025-01-01T00:00:01Z" and r["deleted"] is None
    assert store.get(r["id"]) == r
    assert store.add("highlight", SRC, 3)["color"] == "yellow"  # highlights get the first colour


def test_ids_are_unique_and_sortable(store):
    ids = [store.add("highlight", SRC, 1)["id"] for _ in range(20)]
    assert ids == sorted(ids) and len(set(ids)) == 20


def test_records_survive_reopening(tmp_path):
    store = open_store(tmp_path)
    added = [store.add("note", SRC, n, note=f"第{n}条") for n in range(1, 6)]
    assert open_store(tmp_path).annotations() == added


def test_returned_records_are_copies(store):
    r = store.add("note", SRC, 2, tags=["a"])
    r["tags"].append("b")
    r["anchor"]["quote"]["exact"] = "x"
    store.annotations()[0]["anchor"]["para"] = 99
    assert store.get(r["id"])["tags"] == ["a"]
    assert store.get(r["id"])["anchor"]["para"] == 2
    assert store.get(r["id"])["anchor"]["quote"]["exact"] == SRC.paragraph(2).text


def test_bad_input_is_refused(store):
    with pytest.raises(UserError, match="no paragraph 99"):
        store.add("note", SRC, 99)
    with pytest.raises(UserError, match="unknown colour"):
        store.add("highlight", SRC, 1, color="mauve")
    with pytest.raises(ValueError):
        store.add("scribble", SRC, 1)
    r = store.add("note", SRC, 1)
    with pytest.raises(ValueError):
        store.update(r["id"], anchor={})
    with pytest.raises(ValueError):
        store.update(r["id"], kind="bookmark")
    with pytest.raises(UserError, match="no annotation nope"):
        store.update("nope", note="x")
    assert store.annotations() == [r]


def test_update(store):
    r = store.add("highlight", SRC, 3)
    u = store.update(r["id"], kind="note", note="新的想法", tags=["发展", "#发展"], color="blue")
    assert (u["kind"], u["note"], u["tags"], u["color"]) == ("note", "新的想法", ["发展"], "blue")
    assert u["updated"] > u["created"] == r["created"]
    assert store.get(r["id"]) == u


def test_delete_is_a_tombstone_and_undo_brings_it_back(store):
    a, b = store.add("note", SRC, 1), store.add("note", SRC, 2)
    store.delete(a["id"])
    store.delete(b["id"])
    assert store.annotations() == []
    assert [r["deleted"] is not None for r in store.annotations(include_deleted=True)] == [True, True]
    assert store.undo()["id"] == b["id"]
    assert store.undo()["id"] == a["id"]
    assert store.undo() is None
    assert [r["id"] for r in store.annotations()] == [a["id"], b["id"]]
    store.delete(a["id"])
    assert store.restore(a["id"])["deleted"] is None


def test_filters_and_order(store):
    other = make_source("other", REPORT)
    n5 = store.add("note", SRC, 5)
    h3b = store.add("highlight", SRC, 3, 4, 8)
    h3a = store.add("highlight", SRC, 3, 0, 2)
    o1 = store.add("note", other, 1)
    assert [r["id"] for r in store.annotations()] == [h3a["id"], h3b["id"], n5["id"], o1["id"]]
    assert [r["id"] for r in store.annotations(source_id="other")] == [o1["id"]]
    assert [r["id"] for r in store.annotations(kind="note")] == [n5["id"], o1["id"]]


def test_bookmarks_one_per_paragraph_and_toggle(store):
    b = store.add("bookmark", SRC, 2, label="开头")
    assert store.add("bookmark", SRC, 2)["id"] == b["id"]
    assert store.add("bookmark", SRC, 2, label="改名")["label"] == "改名"
    assert len(store.annotations(kind="bookmark")) == 1
    assert store.toggle_bookmark(SRC, 2) is None
    assert store.annotations(kind="bookmark") == []
    assert store.undo()["id"] == b["id"]  # a removed bookmark can be undone too
    assert store.toggle_bookmark(SRC, 2) is None
    new = store.toggle_bookmark(SRC, 2)
    assert new["kind"] == "bookmark" and new["id"] != b["id"]


def test_tags_for_completion(store):
    store.add("note", SRC, 1, tags=["经济", "改革"])
    store.add("note", SRC, 2, tags=["改革", "A tag"])
    gone = store.add("note", SRC, 3, tags=["已删"])
    store.delete(gone["id"])
    assert store.tags() == sorted(["A tag", "改革", "经济"])


def test_import_is_idempotent_and_keeps_the_newer(tmp_path):
    a = open_store(tmp_path / "a")
    records = [a.add("note", SRC, n, note=str(n)) for n in range(1, 4)]
    b = open_store(tmp_path / "b")
    assert b.import_records(records) == (3, 0, 0)
    assert b.import_records(records) == (0, 0, 3)
    assert b.annotations() == records
    newer = a.update(records[0]["id"], note="newer")
    assert b.import_records([newer]) == (0, 1, 0)
    assert b.get(newer["id"])["note"] == "newer"
    assert b.import_records(records[:1]) == (0, 0, 1)  # an older copy does not win
    assert b.get(newer["id"])["note"] == "newer"


@pytest.mark.parametrize("bad", [{"id": "x"}, "text", {**{"id": 1}}])
def test_import_refuses_malformed_records(store, bad):
    with pytest.raises(UserError):
        store.import_records([bad])
    assert store.annotations() == []


# -- re-binding to changed, moved and renamed sources


def test_rebind_follows_a_renamed_file(store):
    r = store.add("note", SRC, 4, 2, 6)
    renamed = make_source("gov-renamed", REPORT)
    assert store.rebind([renamed]) == 1
    got = store.get(r["id"])
    assert (got["source_id"], got["anchor"], got["anchor_status"]) == ("gov-renamed", r["anchor"], EXACT)
    assert store.rebind([renamed]) == 0


def test_rebind_moves_orphans_and_leaves_unloaded_sources_alone(store):
    start = SRC.paragraph(5).text.index("增长5.2")
    moved = store.add("note", SRC, 5, start, start + 4)
    gone = store.add("note", SRC, 3, 0, 10)
    elsewhere = store.add("note", dataclasses.replace(make_source("absent", REPORT), path=__file__), 1)
    # Paragraph 3 replaced by two new ones: paragraph 5 becomes 6, paragraph 3's words are gone.
    inserted = [REPORT[0], (REPORT[1][0], 1, ["新插入的一段。", "另一段。", *REPORT[1][2][1:]]), REPORT[2]]
    new = make_source("gov", inserted)
    assert store.rebind([new]) == 2
    m, g = store.get(moved["id"]), store.get(gone["id"])
    assert (m["anchor_status"], m["anchor"]["para"], m["source_sha256"]) == (MOVED, 6, new.sha256)
    assert (g["anchor_status"], g["anchor"], g["source_sha256"]) == (ORPHANED, gone["anchor"], SRC.sha256)
    assert store.get(elsewhere["id"]) == elsewhere
    assert store.rebind([new]) == 0  # orphans are tried again, but nothing changes
    assert store.rebind([SRC])  # the old text comes back: the orphan is found again
    assert store.get(gone["id"])["anchor_status"] == EXACT


def test_a_source_gone_from_the_complete_library_is_detached_then_found_again(store):
    r = store.add("note", dataclasses.replace(SRC, path=""), 3)  # as old records: no source_path
    other = make_source("other", [("别的", 1, ["毫不相干的一段。"])])
    assert store.rebind([other]) == 0  # a partial library: left alone
    assert store.rebind([other], complete=True) == 1
    assert store.get(r["id"])["anchor_status"] == "detached"
    assert store.rebind([other], complete=True) == 0
    assert store.rebind([SRC]) == 1 and store.get(r["id"])["anchor_status"] == EXACT


def test_rebind_updates_the_section_path(store):
    r = store.add("note", SRC, 6)
    renamed_sections = [REPORT[0], REPORT[1], ("二、今年的工作任务", 1, REPORT[2][2])]
    new = make_source("gov", renamed_sections)
    store.rebind([new])
    assert store.get(r["id"])["section_path"] == ["二、今年的工作任务"]


# -- reading state


def test_positions_are_kept_in_memory_until_flush(tmp_path):
    clock = Clock()
    store = open_store(tmp_path, clock)
    assert store.position("gov") is None and store.last_source() is None
    store.set_position("gov", 3)
    store.set_position("gov", 4)
    assert store.position("gov") == 4
    assert open_store(tmp_path).position("gov") is None
    store.flush()
    assert open_store(tmp_path).position("gov") == 4
    store.set_position("other", 9)
    store.close()
    again = open_store(tmp_path, clock)
    assert (again.position("other"), again.position("gov"), again.last_source()) == (9, 4, "other")
    again.set_position("gov", 5)
    assert again.last_source() == "gov"


# -- watch-words and search history


def test_watchwords(store):
    store.add_watchword("新质生产力", "red")
    store.add_watchword("高质量发展")
    store.add_watchword("新质生产力", "blue")
    assert store.watchwords() == {"新质生产力": "blue", "高质量发展": None}
    store.remove_watchword("新质生产力")
    store.remove_watchword("never added")
    assert store.watchwords() == {"高质量发展": None}


def test_search_history_most_recent_first_and_capped(tmp_path):
    store = open_store(tmp_path)
    for q in ["改革", "开放", "  ", "改革"]:
        store.add_search(q)
    assert store.search_history() == ["改革", "开放"]
    for n in range(SEARCH_HISTORY_MAX + 5):
        store.add_search(f"q{n}")
    history = open_store(tmp_path).search_history()
    assert len(history) == SEARCH_HISTORY_MAX
    assert history[0] == f"q{SEARCH_HISTORY_MAX + 4}" and "改革" not in history


def test_settings_persist(tmp_path):
    from reader.store import Store

    with Store(tmp_path / "s.json") as store:
        assert store.setting("theme", "textual-dark") == "textual-dark"
        store.set_setting("theme", "nord")
    with Store(tmp_path / "s.json") as store:
        assert store.setting("theme") == "nord"
