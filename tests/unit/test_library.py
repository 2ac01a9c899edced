"""Decoding, loading files and folders, ids, errors and the bundled seeds."""

from __future__ import annotations

import codecs

import pytest

from reader.core.errors import UserError
from reader.core.formats.decode import decode
from reader.core.ids import name_of
from reader.core.library import bundled_seeds_dir, load_library, load_source
from reader.core.model import BYLINE

TEXT = "# 南通市海门区委关于巡视整改进展情况的通报\n\n根据省委统一部署，现将巡视整改进展情况予以公布。\n\n本报记者 丁威程\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.replace("\n", "\r\n").encode("gbk"),
        TEXT.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "gbk", "gb18030", "gbk-crlf", "utf8-cr"],
)
def test_every_supported_encoding_gives_the_same_source(tmp_path, data):
    reference = load_source(_write(tmp_path, "ref.txt", TEXT.encode("utf-8")))
    source = load_source(_write(tmp_path, "x.txt", data))
    assert source.sections == reference.sections
    assert source.sha256 == reference.sha256
    assert source.title == "南通市海门区委关于巡视整改进展情况的通报"


def test_binary_file_is_an_error_naming_the_file(tmp_path):
    path = _write(tmp_path, "x.bin", bytes(range(256)) * 4)
    with pytest.raises(UserError, match=r"x\.bin: not a text file \(binary\)"):
        load_source(path)


def test_gb18030_is_tried_after_utf8():
    assert decode("巡视整改".encode("gbk"), "z.txt").text == "巡视整改"
    assert decode("巡视整改".encode(), "z.txt").text == "巡视整改"


def test_empty_file_is_a_source_without_paragraphs(tmp_path):
    source = load_source(_write(tmp_path, "empty.txt", b""))
    assert name_of(source.id) == "empty" and source.paragraphs == () and source.title == "empty"


def test_missing_file():
    with pytest.raises(UserError, match="no such file"):
        load_source("/nonexistent/report.txt")


def test_library_order_ids_and_errors(tmp_path):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    _write(folder, "b.txt", TEXT.encode("utf-8"))
    _write(folder, "a.md", TEXT.encode("utf-8"))
    _write(folder, "notes.xls", b"%XLS")
    _write(folder, ".draft.txt", TEXT.encode("utf-8"))
    _write(folder / "sub", "a.txt", TEXT.encode("gbk"))
    (tmp_path / "empty").mkdir()
    binary = _write(tmp_path, "x.txt", b"\x00\x01\x02" * 100)
    single = _write(tmp_path, "b.txt", TEXT.encode("utf-8"))
    paths = [str(single), str(folder), str(tmp_path / "missing.txt"), str(tmp_path / "empty"), str(binary), str(single)]
    library = load_library(paths)
    assert [name_of(s.id) for s in library.sources] == ["b", "a", "b", "a"]
    assert len({s.id for s in library.sources}) == 4
    assert [s.path for s in library.sources][1:] == [str(folder / "a.md"), str(folder / "b.txt"), str(folder / "sub" / "a.txt")]
    assert len(library.errors) == 3
    assert "missing.txt: no such file or folder" in library.errors[0]
    assert "empty: no reports in this folder" in library.errors[1]
    assert "x.txt: not a text file (binary)" in library.errors[2]
    sub_a = library.sources[3]
    assert library.get(sub_a.id).paragraph(2).kind == BYLINE
    with pytest.raises(UserError, match="no source 'zzz'"):
        library.get("zzz")
    with pytest.raises(UserError, match="'a' is more than one source"):
        library.get("a")


def test_strict_library_raises_on_the_first_bad_path(tmp_path):
    with pytest.raises(UserError, match="missing.txt"):
        load_library([str(tmp_path / "missing.txt")], strict=True)


def test_no_paths_means_the_bundled_seeds():
    library = load_library([])
    assert len(library.sources) == 5 and library.errors == []
    assert bundled_seeds_dir().is_dir()
    assert [s.id for s in library.sources] == sorted(p.stem for p in bundled_seeds_dir().glob("*.txt"))


def _write(folder, name, data: bytes):
    path = folder / name
    path.write_bytes(data)
    return path


def test_an_unknown_source_names_a_few_of_the_known_ones(tmp_path):
    for n in range(12):
        (tmp_path / f"r{n:02d}.txt").write_text(f"标题{n}\n\n正文。\n", "utf-8")
    library = load_library([str(tmp_path)])
    with pytest.raises(UserError) as caught:
        library.get("nosuch")
    message = str(caught.value)
    assert message.count("r0") + message.count("r1") == 5 and "(12 in all)" in message
