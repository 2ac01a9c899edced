"""`ntreader note / bookmark / export / import`: output, filters, round trip, one-line errors."""

import errno
import json
import os
import subprocess
import sys

import pytest

from reader import cli

SOURCE = "000_19dd5644fb0830a9"


@pytest.fixture
def ntreader(tmp_path, capsys, monkeypatch):
    """Run the CLI in this process (as the entry point does); returns (exit status, stdout, stderr)."""

    def run(*args, data_dir=tmp_path / "data"):
        monkeypatch.setattr(sys, "argv", ["ntreader", *args, "--data-dir", str(data_dir)])
        try:
            cli.main()
            code = 0
        except SystemExit as e:
            code = e.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def one_line_error(result, says):
    code, out, err = result
    assert code == 1 and out == "" and err.count("\n") == 1 and err.startswith("ntreader: ") and says in err, result


def test_note_add_and_list(ntreader, library):
    code, out, err = ntreader("note", "add", f"{SOURCE}:3:0-10", "**要点**\n第二行", "--tag", "作风", "--tag", "#建设")
    assert code == 0 and err == "" and out.endswith(f"  {SOURCE}:3:0-10\n")
    ntreader("note", "add", f"{SOURCE}:2", "整段")
    code, out, _ = ntreader("note", "list")
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].split("  ")[1:] == [f"{SOURCE}:2", "整段"]
    assert lines[1].split("  ")[1:] == [f"{SOURCE}:3:0-10", "**要点**", "#作风", "#建设"]
    records = json.loads(ntreader("note", "list", "--json")[1])
    assert records[1]["anchor"]["quote"]["exact"] == library.get(SOURCE).paragraph(3).text[:10]
    assert [r["tags"] for r in records] == [[], ["作风", "建设"]]


def test_bookmark_add_and_list(ntreader):
    first = ntreader("bookmark", "add", f"{SOURCE}:5", "--label", "重要")[1].split()[0]
    again = ntreader("bookmark", "add", f"{SOURCE}:5")[1].split()[0]
    assert first == again  # one bookmark per paragraph
    ntreader("bookmark", "add", f"{SOURCE}:1")
    code, out, _ = ntreader("bookmark", "list")
    assert [line.split("  ")[1] for line in out.splitlines()] == [f"{SOURCE}:1", f"{SOURCE}:5"]
    assert out.splitlines()[1].split("  ")[2] == "重要"
    assert [r["label"] for r in json.loads(ntreader("bookmark", "list", "--json")[1])] == [None, "重要"]
    assert ntreader("note", "list")[1] == ""


def test_export_markdown_filters(ntreader):
    other = "001_3c6eb037d3059398"
    ntreader("note", "add", f"{SOURCE}:3", "甲", "--tag", "keep")
    ntreader("note", "add", f"{SOURCE}:4", "乙")
    ntreader("note", "add", f"{other}:2", "丙", "--tag", "keep")
    code, md, err = ntreader("export")
    assert code == 0 and err == "" and md.startswith("---\n") and all(n in md for n in "甲乙丙")
    assert md.index(f"`{SOURCE}:3`") < md.index(f"`{SOURCE}:4`") < md.index(f"`{other}:2`")
    assert "annotations: 1" in ntreader("export", "--source", other)[1]
    tagged = ntreader("export", "--tag", "keep")[1]
    assert "甲" in tagged and "丙" in tagged and "乙" not in tagged
    one_line_error(ntreader("export", "--source", "nope"), "no source 'nope'")


def test_export_to_files_and_import_round_trip(ntreader, tmp_path):
    ntreader("note", "add", f"{SOURCE}:3:2-8", "笔记", "--tag", "t")
    ntreader("bookmark", "add", f"{SOURCE}:7", "--label", "书签")
    code, out, _ = ntreader("export", "-o", str(tmp_path / "all.json"))
    assert code == 0 and out == f"exported 2 annotations to {tmp_path / 'all.json'}\n"
    ntreader("export", "-o", str(tmp_path / "all.txt"), "--format", "md")
    assert (tmp_path / "all.txt").read_text("utf-8").startswith("---\ntitle:")
    other = tmp_path / "other"
    code, out, _ = ntreader("import", str(tmp_path / "all.json"), data_dir=other)
    assert out == f"imported {tmp_path / 'all.json'}: 2 added, 0 updated, 0 unchanged\n"
    assert ntreader("import", str(tmp_path / "all.json"), data_dir=other)[1].endswith(
        "0 added, 0 updated, 2 unchanged\n"
    )
    for kind in ("note", "bookmark"):
        listed = [json.loads(ntreader(kind, "list", "--json", data_dir=d)[1]) for d in (other, tmp_path / "data")]
        assert listed[0] == listed[1] and len(listed[0]) == 1


def test_notes_on_files_given_with_path(ntreader, tmp_path):
    report = tmp_path / "my-report.txt"
    report.write_text("一、总体要求\n\n坚持稳中求进工作总基调。\n\n二、重点任务\n\n加快发展新质生产力。\n", "utf-8")
    code, out, err = ntreader("note", "add", "my-report:1:2-6", "稳", "--path", str(report))
    assert code == 0, err
    md = ntreader("export", "--path", str(report))[1]
    assert "## 一、总体要求\n\n> 稳中求进 ^ann-" in md
    one_line_error(ntreader("note", "add", "my-report:2", "x"), "no source 'my-report'")
    report.unlink()  # the file disappears: the whole library no longer has it
    assert "source file not found" in ntreader("export")[1]
    code, out, _ = ntreader("note", "list")
    assert code == 0 and "[detached]" in out


@pytest.mark.parametrize(
    "args, says",
    [
        (("note", "add", "nonsense", "x"), "bad address 'nonsense'"),
        (("note", "add", "nope:3", "x"), "no source 'nope'"),
        (("note", "add", f"{SOURCE}:9999", "x"), "has no paragraph 9999"),
        (("note", "add", f"{SOURCE}:3:5-9999", "x"), "has no span 5-9999"),
        (("bookmark", "add", f"{SOURCE}:0"), "numbered from 1"),
        (("import", "/no/such/file.json"), "cannot read /no/such/file.json"),
    ],
)
def test_user_errors_are_one_line_and_store_nothing(ntreader, args, says, tmp_path):
    one_line_error(ntreader(*args), says)
    assert ntreader("export", "--format", "json")[1].count('"id"') == 0


def test_importing_what_is_not_an_export_is_refused(ntreader, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"annotations": []}', "utf-8")
    one_line_error(ntreader("import", str(bad)), "not an ntreader JSON export")
    bad.write_text('{"format": "ntreader-annotations", "annotations": [{"id": "x"}]}', "utf-8")
    one_line_error(ntreader("import", str(bad)), "record 1 ('x') is malformed: kind: missing")


def test_read_only_data_dir_fails_in_one_line(ntreader, tmp_path, monkeypatch):
    ntreader("note", "add", f"{SOURCE}:3", "saved")
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    one_line_error(ntreader("note", "add", f"{SOURCE}:4", "x"), "read-only folder")
    code, out, _ = ntreader("note", "list")
    assert code == 0 and "saved" in out


def test_a_corrupt_store_is_reported_and_set_aside(ntreader, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "ntreader.json").write_text("{broken", "utf-8")
    code, out, err = ntreader("note", "list")
    assert code == 0 and out == "" and "moved it to" in err and err.count("\n") == 1
    assert [p.name.split("-")[0] for p in data.glob("*.corrupt-*")] == ["ntreader.json.corrupt"]


def test_entry_point_exit_status(tmp_path):
    """The installed command (not just the function): exit 1 and one line for a bad address."""
    out = subprocess.run(
        [sys.executable, "-m", "reader", "note", "add", "x", "y", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (out.returncode, out.stdout, out.stderr.count("\n")) == (1, "", 1)


def _export_with(ntreader, tmp_path, change):
    """A JSON export of one note, its first record changed by ``change(record)``."""
    ntreader("note", "add", f"{SOURCE}:3", "saved", "--tag", "好")
    code, out, _ = ntreader("export", "--format", "json")
    doc = json.loads(out)
    change(doc["annotations"][0])
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc), "utf-8")
    return path


@pytest.mark.parametrize(
    "field, value, says",
    [
        ("color", "octarine", "color: not one of"),
        ("note", 123, "note: not text"),
        ("anchor.start", "a", "anchor.start/end"),
        ("anchor.quote", {}, "anchor.quote: not {exact, prefix, suffix}"),
        ("tags", [1, 2], "tags: not a list of tags"),
        ("kind", "essay", "kind: not one of"),
        ("source_id", "a:b", "source_id: not a source id"),
        ("anchor.para", 0, "anchor.para"),
        ("extra", 1, "extra: unknown field"),
    ],
)
def test_import_refuses_a_malformed_record_whole_and_changes_nothing(ntreader, tmp_path, field, value, says):
    def change(record):
        record["id"] = "1" + record["id"][1:]  # a record not in the store yet
        target, _, key = field.rpartition(".")
        (record[target] if target else record)[key] = value

    path = _export_with(ntreader, tmp_path, change)
    before = ntreader("export", "--format", "json")[1]
    one_line_error(ntreader("import", str(path)), "record 1 ('1")
    one_line_error(ntreader("import", str(path)), says)
    assert ntreader("export", "--format", "json")[1].split('"exported"')[0] == before.split('"exported"')[0]
    code, out, err = ntreader("note", "list")
    assert code == 0 and err == "" and "saved" in out


@pytest.mark.parametrize(
    "text, says",
    [
        ('{"format": "ntreader-annotations", "version": "1", "annotations": []}', '"version" is "1"'),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": "ntreader-annotations", "annotations": {"a": 1}}', "not an ntreader JSON export"),
    ],
)
def test_hostile_import_files_are_one_line(ntreader, tmp_path, text, says):
    path = tmp_path / "hostile.json"
    path.write_text(text, "utf-8")
    one_line_error(ntreader("import", str(path)), says)


def test_data_dir_that_is_a_file_or_store_that_is_a_folder_is_one_line(ntreader, tmp_path, monkeypatch, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("x", "utf-8")
    one_line_error(ntreader("note", "list", data_dir=a_file), "not a folder")
    monkeypatch.setenv("NTREADER_DATA_DIR", str(a_file))
    monkeypatch.setattr(sys, "argv", ["ntreader", "note", "list"])
    with pytest.raises(SystemExit) as exit_:
        cli.main()
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and err.count("\n") == 1 and "not a folder" in err
    data = tmp_path / "data"
    (data / "ntreader.json").mkdir(parents=True)
    one_line_error(ntreader("note", "list"), "is a folder, not a file")


def test_an_unreadable_store_is_one_line(ntreader, tmp_path, monkeypatch):
    ntreader("note", "add", f"{SOURCE}:3", "saved")
    from pathlib import Path

    real = Path.read_bytes

    def denied(self):
        if self.name == "ntreader.json":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    ntreader("export")  # a snapshot exists after a compaction only: make one
    from reader.store import Store

    Store(tmp_path / "data" / "ntreader.json")._storage.compact()
    monkeypatch.setattr(Path, "read_bytes", denied)
    one_line_error(ntreader("note", "list"), "cannot read")
