"""Hostile records imported, and a report whose file name is not UTF-8: every store printer and
both exports survive them, print no control, and the JSON export restores the same records."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import assert_cli_clean
from hostile_corpus import PAYLOADS
from ptyrun import ntreader_command

from reader.core.sanitize import one_line, visible

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_19dd5644fb0830a9.txt"
PAYLOAD = "".join(PAYLOADS.values()) + "[/][@click=app.quit]"
# field -> how a record is poisoned; "\ud800" is what a JSON "\\ud800" escape loads as
POISON = {
    "note-payload": lambda r: r.update(note=PAYLOAD),
    "tags-payload": lambda r: r.update(tags=[PAYLOADS["osc0"], "\u200d\u200d中文"]),
    "section-payload": lambda r: r.update(section_path=[PAYLOAD]),
    "path-payload": lambda r: r.update(source_path=f"/tmp/{PAYLOADS['osc52']}.txt"),
    "note-surrogate": lambda r: r.update(note="\ud800 孤立代理"),
    "tags-surrogate": lambda r: r.update(tags=["\udcff"]),
    "label-surrogate": lambda r: r.update(label="\udcff"),
    "quote-surrogate": lambda r: r["anchor"]["quote"].update(exact="\udcff"),
}
PRINTERS = [["note", "list"], ["note", "list", "--json"], ["bookmark", "list"], ["export", "--format", "md"],
            ["export", "--format", "json"]]


def _ntreader(*args: str | Path, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*ntreader_command(), *map(str, args), "--data-dir", str(data)], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=60)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    data = tmp_path_factory.mktemp("source")
    assert _ntreader("note", "add", "000_19dd5644fb0830a9:3", "笔记", "-p", SEED, data=data).returncode == 0
    return json.loads(_ntreader("export", "--format", "json", data=data).stdout)


@pytest.mark.parametrize("name", POISON)
def test_a_poisoned_record_is_stored_printed_and_restored(name, exported, tmp_path):
    doc = copy.deepcopy(exported)
    POISON[name](doc["annotations"][0])
    file = tmp_path / "in.json"
    file.write_text(json.dumps(doc), encoding="ascii")  # surrogates as \ud800 escapes
    data = tmp_path / "data"
    done = _ntreader("import", file, data=data)
    assert done.returncode == 0, done.stderr
    for printer in PRINTERS:
        out = _ntreader(*printer, data=data)
        assert out.returncode == 0, (printer, out.stderr)
        assert_cli_clean(out.stdout + out.stderr)
    again = tmp_path / "again"
    exported_again = _ntreader("export", "--format", "json", "-o", tmp_path / "out.json", data=data)
    assert exported_again.returncode == 0, exported_again.stderr
    assert _ntreader("import", tmp_path / "out.json", data=again).returncode == 0
    restored = json.loads(_ntreader("export", "--format", "json", data=again).stdout)["annotations"]
    status = {"anchor_status": None, "source_path": None}  # where its report is now: found again by id
    assert [{**r, **status} for r in restored] == [{**r, **status} for r in doc["annotations"]]


def test_a_report_whose_name_is_not_utf8_takes_notes(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED, os.path.join(os.fsencode(folder), b"r\xff\xfex.txt"))
    data = tmp_path / "data"
    outline = _ntreader("outline", folder, data=data)
    sid = outline.stdout.decode().split()[0]
    assert sid.startswith("r__x~")  # a typeable id
    for args in (["note", "add", f"{sid}:3", "笔记"], ["bookmark", "add", f"{sid}:4"]):
        done = _ntreader(*args, "-p", folder, data=data)
        assert done.returncode == 0, done.stderr
    for printer in PRINTERS:
        out = _ntreader(*printer, data=data)
        assert out.returncode == 0, (printer, out.stderr)
        assert_cli_clean(out.stdout + out.stderr)
    assert f"{sid}:3" in _ntreader("note", "list", data=data).stdout.decode()


def test_lone_surrogates_are_shown_one_for_one():
    assert visible("a\ud800b\udcff") == "a\ufffdb\ufffd" and one_line("\udcff\n") == "\ufffd "
