"""Loading files and folders: encodings with stray damage, special and bad files skipped."""

from __future__ import annotations

import os
import random
import socket

import pytest

from reader.core.errors import UserError
from reader.core.formats.decode import decode
from reader.core.library import load_library, load_source

TRAD = "# 臺灣營商環境報告\n\n根據統一部署，現將巡視整改進展情況予以公佈。各位代表：過去一年，我們堅持穩中求進，營商環境持續優化。\n"
SIMP = "# 关于营商环境的报告\n\n根据省委统一部署，现将巡视整改进展情况予以公布。各位代表：过去一年，我们坚持稳中求进。\n"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (TRAD.encode("big5"), TRAD),
        (SIMP.encode("utf-16-le"), SIMP),
        (SIMP.encode("utf-16-be"), SIMP),
        (TRAD.encode("utf-16-le"), TRAD),
        (SIMP.encode("gb18030"), SIMP),
    ],
    ids=["big5", "utf16le-no-bom", "utf16be-no-bom", "utf16le-trad", "gb18030"],
)
def test_encodings_without_a_bom_are_detected(data, text):
    decoded = decode(data, "r.txt")
    assert decoded.text == text and decoded.warnings == []


def test_one_stray_byte_is_replaced_with_a_warning_naming_the_line():
    data = SIMP.encode() + "第二段。\n".encode() + b"\xff" + "第三段。\n".encode()
    decoded = decode(data, "r.txt")
    assert "\ufffd第三段" in decoded.text
    assert decoded.warnings == ["r.txt: 1 invalid byte(s) or NUL replaced with a mark (line 5)"]


def test_a_nul_is_made_visible_with_a_warning():
    decoded = decode(SIMP.encode() + b"\x00tail\n", "r.txt")
    assert decoded.text.endswith("\u2400tail\n")
    assert "line 4" in decoded.warnings[0]


def test_control_characters_are_made_visible_and_line_endings_unified():
    decoded = decode("标题\r\n正文\x1b[31m红\r".encode(), "r.txt")
    assert decoded.text == "标题\n正文\u241b[31m红\n"


@pytest.mark.parametrize(
    "data", [bytes(range(256)) * 4, b"\x00\x01\x02" * 100, random.Random(8).randbytes(4096)], ids=["bytes", "controls", "random"]
)
def test_binary_is_refused_in_one_line(data):
    with pytest.raises(UserError, match=r"^r\.txt: (not a text file \(binary\)|cannot decode as .*)$"):
        decode(data, "r.txt")


def _tree(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(SIMP, encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02" * 100)  # binary
    os.mkfifo(folder / "c.txt")
    (folder / "d.txt").symlink_to(folder / "d.txt")  # a loop
    (folder / "e.txt").write_text(SIMP, encoding="utf-8")
    (folder / "f.txt").write_bytes(TRAD.encode("big5"))
    (folder / "g.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    return folder


def test_one_bad_file_in_a_folder_skips_that_file_only(tmp_path):
    folder = _tree(tmp_path)
    library = load_library([str(folder)])
    assert [os.path.basename(s.path) for s in library.sources] == ["a.txt", "e.txt", "f.txt"]
    assert len(library.errors) == 4
    assert all(e.count("\n") == 0 for e in library.errors)
    for name, why in [("b.txt", "binary"), ("c.txt", "not a regular file"), ("d.txt", "cannot read"), ("g.doc", "save it as .docx")]:
        assert any(name in e and why in e for e in library.errors), (name, library.errors)


def test_a_socket_is_refused_without_opening_it(tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        with pytest.raises(UserError, match="not a regular file"):
            load_source(path)


def test_a_bad_file_given_as_an_argument_leaves_the_others(tmp_path):
    folder = _tree(tmp_path)
    library = load_library([str(folder / "c.txt"), str(folder / "a.txt"), str(folder / "b.txt"), str(folder / "e.txt")])
    assert [os.path.basename(s.path) for s in library.sources] == ["a.txt", "e.txt"]
    assert len(library.errors) == 2


def test_repaired_bytes_reach_the_library_warnings(tmp_path):
    (tmp_path / "r.txt").write_bytes(SIMP.encode() + b"\xfe\n")
    library = load_library([str(tmp_path)])
    assert len(library.sources) == 1 and library.errors == []
    assert library.warnings == [f"{tmp_path / 'r.txt'}: 1 invalid byte(s) or NUL replaced with a mark (line 4)"]


def test_cli_outline_of_a_folder_with_bad_files_lists_the_others(tmp_path):
    import subprocess
    import sys

    folder = _tree(tmp_path)
    result = subprocess.run([sys.executable, "-m", "reader", "outline", str(folder)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert [line.split("~")[0] for line in result.stdout.splitlines() if not line.startswith(" ")] == ["a", "e", "f"]
    assert len(result.stderr.strip().splitlines()) == 4 and "Traceback" not in result.stderr


def test_loading_text_files_imports_no_format_library():
    import subprocess
    import sys

    code = ("import sys; from reader.core.library import load_library; load_library([]);"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'lxml', 'pypdf', 'docx', 'charset_normalizer'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_big5_and_utf16_fixtures_open_with_their_structure_and_answer_simplified_searches(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    formats = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
    big5, utf16 = load_source(formats / "big5.txt"), load_source(formats / "utf16.txt")
    for source, city in ((big5, "臺北市"), (utf16, "新北市")):
        assert source.title == f"{city}政府工作報告"
        assert [s.title for s in source.sections][1:3] == ["一、過去一年工作回顧", "二、今年主要任務"]
    result = subprocess.run([sys.executable, "-m", "reader", "search", "营商环境", str(formats / "big5.txt"),
                             "--json", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert '"match": "營商環境"' in result.stdout


def test_error_lines_are_terminal_safe(tmp_path):
    (tmp_path / "bad\x1b[2J\nname.txt").write_bytes(b"\x00\x01\x02" * 100)
    library = load_library([str(tmp_path)])
    [error] = library.errors
    assert "\x1b" not in error and "\n" not in error and "not a text file" in error
