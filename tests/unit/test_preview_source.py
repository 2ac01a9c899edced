"""The report read while a corpus is catalogued: which one, and how much of it."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import load_library
from reader.core.preview import PREVIEW_CHARS, first_report


def test_a_long_report_is_previewed_from_its_beginning_under_its_own_id(tmp_path):
    para = "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。" * 4
    path = tmp_path / "long.txt"
    path.write_text("某市政府工作报告\n\n" + "\n\n".join(f"{i}年，{para}" for i in range(4_000)), "utf-8")
    whole = load_library([str(path)]).sources[0]
    preview = first_report([str(tmp_path)])
    assert preview is not None and preview.id == whole.id and preview.title == whole.title
    assert 1 < len(preview.paragraphs) < len(whole.paragraphs)
    assert sum(len(p.text) for p in preview.paragraphs) <= PREVIEW_CHARS
    assert [p.text for p in preview.paragraphs] == [p.text for p in whole.paragraphs[: len(preview.paragraphs)]]


def test_the_report_a_start_address_names_is_previewed(library):
    seeds = [str(Path(o.path).parent) for o in library.outlines[:1]]
    named = library.outlines[3]
    found = first_report(seeds, named.id)
    assert found is not None and found.id == named.id and found.title == named.title
    assert first_report(seeds, "no-such-report") is None
    assert first_report([str(Path(seeds[0]) / "missing.txt")]) is None
