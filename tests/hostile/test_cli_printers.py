"""Every CLI printer, run on a real pty over the hostile corpus: nothing it prints drives the terminal."""

from __future__ import annotations

import json
import re

import pytest
from conftest import assert_cli_clean
from hostile_corpus import NAME_PAYLOAD, PAYLOADS, WORD
from ptyrun import ntreader_command, run

from reader.core.ids import source_id

CORPUS_COMMANDS = {
    "outline": ["outline"],
    "outline-json": ["outline", "--json"],
    "search": ["search", WORD],
    "search-left": ["search", WORD, "--sort", "left"],
    "search-markup": ["search", "[@click=app.quit]"],
    "search-json": ["search", WORD, "--json"],
    "keywords": ["keywords", "--top", "50"],
    "keywords-json": ["keywords", "--json"],
    "trend": ["trend", WORD],
    "collocates-json": ["collocates", WORD, "--json"],
    "figures-json": ["figures", "--json"],
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


@pytest.mark.parametrize("name", CORPUS_COMMANDS)
def test_corpus_printer_sends_no_control_to_the_terminal(name, hostile_dir, data_dir):
    out = run([*ntreader_command(), *CORPUS_COMMANDS[name], str(hostile_dir), "--data-dir", str(data_dir)])
    assert out.returncode == 0, out.output[-2000:]
    assert_cli_clean(out.output)
    if name.endswith("json"):
        return
    text = out.output.decode()
    assert "␛" in text and "�" in text  # the payloads are shown, as placeholders
    if name.startswith("search"):  # each hit is one line: no payload broke a line or the alignment
        hits = re.sub(r"\rntreader: reading reports [\d,]+/[\d,]+|\r +\r", "", text)  # a slow run's counter (stderr)
        assert all(re.match(r"\S+~[0-9a-f]{6}:\d+", line) for line in hits.splitlines())


@pytest.mark.parametrize("as_json", [False, True])
def test_compare_sends_no_control_to_the_terminal(as_json, hostile_dir, data_dir):
    pair = [str(hostile_dir / "osc0.txt"), str(hostile_dir / f"r{NAME_PAYLOAD}.txt")]
    out = run([*ntreader_command(), "compare", *pair, *(["--json"] if as_json else []), "--data-dir", str(data_dir)])
    assert out.returncode == 0, out.output[-2000:]
    assert_cli_clean(out.output)
    assert as_json or "␛".encode() in out.output


def test_json_still_parses_and_holds_the_text(hostile_dir, data_dir):
    out = run([*ntreader_command(), "outline", "--json", str(hostile_dir / "osc8.txt"), "--data-dir", str(data_dir)])
    assert_cli_clean(out.output)
    (source,) = json.loads(out.output.decode())
    texts = [p["text"] for section in source["sections"] for p in section["paragraphs"]]
    assert any("https://evil.example/" in t and "点这里" in t for t in texts)


def test_errors_naming_a_hostile_path_are_one_clean_line(hostile_dir, data_dir):
    missing = hostile_dir / f"gone{NAME_PAYLOAD}.txt"
    out = run([*ntreader_command(), "outline", str(missing), "--data-dir", str(data_dir)])
    assert out.returncode == 1
    assert_cli_clean(out.output)
    assert out.output.count(b"\n") == 1 and b"no such file" in out.output


def test_a_hostile_option_name_is_a_clean_usage_error(data_dir):
    out = run([*ntreader_command(), "outline", f"--x{PAYLOADS['osc0']}", "--data-dir", str(data_dir)])
    assert out.returncode == 2
    assert_cli_clean(out.output)


STORE_COMMANDS = {
    "note-list": ["note", "list"],
    "note-list-json": ["note", "list", "--json"],
    "bookmark-list": ["bookmark", "list"],
    "export-md": ["export", "--format", "md", "-p", "{corpus}"],
    "export-json": ["export", "--format", "json", "-p", "{corpus}"],
}


@pytest.fixture(scope="module")
def annotated(hostile_dir, tmp_path_factory):
    """A data dir holding a note and a bookmark on hostile reports, with every payload in their
    text; and what adding them printed."""
    data = tmp_path_factory.mktemp("annotated")
    payload = "".join(PAYLOADS.values()) + "[/][@click=app.quit]\n# 标题\n```\n"
    printed = b""
    for argv in (["note", "add", "osc8:2", f"批注{payload}", "--tag", "t"],
                 ["bookmark", "add", f"{source_id(hostile_dir / f'r{NAME_PAYLOAD}.txt', hostile_dir.parent)}:2",
                  "--label", f"书签{payload}"]):
        done = run([*ntreader_command(), *argv, "-p", str(hostile_dir), "--data-dir", str(data)])
        assert done.returncode == 0, done.output
        printed += done.output
    return data, printed


@pytest.mark.parametrize("name", [*STORE_COMMANDS, "add"])
def test_store_printer_sends_no_control_to_the_terminal(name, annotated, hostile_dir):
    data, printed = annotated
    if name == "add":
        assert_cli_clean(printed)
        return
    argv = [a.replace("{corpus}", str(hostile_dir)) for a in STORE_COMMANDS[name]]
    out = run([*ntreader_command(), *argv, "--data-dir", str(data)])
    assert out.returncode == 0, out.output[-2000:]
    assert_cli_clean(out.output)
