"""Records remember their file (``source_path``): detached when it is gone, whatever is loaded;
the CLI export finds the files records name."""

import dataclasses
import json

import pytest
from test_anchors import REPORT, make_source
from test_cli_annotations import ntreader  # noqa: F401  (a fixture)

from reader.core.anchors import DETACHED, EXACT
from reader.core.errors import UserError
from reader.store import Store


def on_disk(tmp_path, name="gov"):
    """A source whose file exists."""
    f = tmp_path / f"{name}.txt"
    f.write_text("x", "utf-8")
    return dataclasses.replace(make_source(name, REPORT), path=str(f))


def test_a_new_record_holds_the_absolute_path_of_its_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = Store(tmp_path / "ntreader.json")
    relative = dataclasses.replace(make_source("gov", REPORT), path="reports/gov.txt")
    r = store.add("note", relative, 1)
    assert r["source_path"] == str(tmp_path / "reports" / "gov.txt")
    assert Store(tmp_path / "ntreader.json").get(r["id"]) == r


def test_old_records_without_a_path_still_read_and_import(tmp_path):
    store = Store(tmp_path / "ntreader.json")
    r = store.add("note", make_source("gov", REPORT), 1)
    old = {k: v for k, v in r.items() if k != "source_path"}
    other = Store(tmp_path / "other.json")
    assert other.import_records([old]).added == 1 and "source_path" not in other.get(r["id"])


@pytest.mark.parametrize("path", ["relative/gov.txt", 5, None, ""])
def test_import_refuses_a_path_that_is_not_absolute(tmp_path, path):
    r = Store(tmp_path / "a.json").add("note", make_source("gov", REPORT), 1)
    store = Store(tmp_path / "b.json")
    with pytest.raises(UserError, match="source_path: not an absolute path; nothing was imported"):
        store.import_records([{**r, "source_path": path}])
    assert store.annotations() == []


def test_a_record_is_detached_when_its_file_is_gone_even_if_the_library_is_not_complete(tmp_path):
    store = Store(tmp_path / "ntreader.json")
    gone, kept = on_disk(tmp_path, "gone"), on_disk(tmp_path, "kept")
    a, b = store.add("note", gone, 1), store.add("note", kept, 1)
    (tmp_path / "gone.txt").unlink()
    assert store.rebind([]) == 1  # nothing loaded: only the record whose file is gone changes
    assert store.get(a["id"])["anchor_status"] == DETACHED
    assert store.get(b["id"])["anchor_status"] == EXACT
    assert store.rebind([gone]) == 1  # the file is loaded again (e.g. restored): attached again
    assert store.get(a["id"])["anchor_status"] == EXACT


def test_a_moved_file_gives_its_records_the_new_path(tmp_path):
    store = Store(tmp_path / "ntreader.json")
    src = on_disk(tmp_path)
    r = store.add("note", src, 1)
    moved = dataclasses.replace(src, id="gov~123456", path=str(tmp_path / "moved.txt"))
    assert store.rebind([moved]) == 1
    assert store.get(r["id"])["source_path"] == str(tmp_path / "moved.txt")


def test_export_without_path_finds_the_files_notes_were_made_on(ntreader, tmp_path):  # noqa: F811
    report = tmp_path / "my-report.txt"
    report.write_text("一、总体要求\n\n坚持稳中求进工作总基调。\n", "utf-8")
    code, _, err = ntreader("note", "add", "my-report:1:2-6", "稳", "--path", str(report))
    assert code == 0, err
    md = ntreader("export")[1]
    assert "> 稳中求进 ^ann-" in md and "source file not found" not in md
    records = json.loads(ntreader("export", "--format", "json")[1])["annotations"]
    assert [r["anchor_status"] for r in records] == ["exact"]
    assert records[0]["source_path"] == str(report)
    report.unlink()
    assert "source file not found" in ntreader("export")[1]
