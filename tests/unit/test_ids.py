"""Source ids: stable whatever else is opened, usable in addresses; old records migrated."""

from __future__ import annotations

import random
from dataclasses import replace

from reader.core.address import parse_address
from reader.core.ids import clean, legacy_files, legacy_ids, legacy_source, name_of
from reader.core.library import bundled_seeds_dir, load_library
from reader.store import Store

R2022 = "# 2022年政府工作报告\n\n一、过去一年工作回顾\n\n坚持稳中求进工作总基调。经济总量迈上新台阶。\n"
R2023 = "# 2023年政府工作报告\n\n一、过去一年工作回顾\n\n坚持稳中求进工作总基调。就业保持稳定。\n"


def _years(tmp_path):
    for year, text in (("2022", R2022), ("2023", R2023)):
        (tmp_path / year).mkdir()
        (tmp_path / year / "政府工作报告.txt").write_text(text, encoding="utf-8")
    return str(tmp_path / "2022"), str(tmp_path / "2023")


def test_an_id_does_not_depend_on_what_else_is_opened(tmp_path):
    y22, y23 = _years(tmp_path)
    both = load_library([y23, y22]).sources
    alone22, alone23 = load_library([y22]).sources[0], load_library([y23]).sources[0]
    assert {s.id for s in both} == {alone22.id, alone23.id}
    assert alone22.id != alone23.id
    assert name_of(alone22.id) == name_of(alone23.id) == "政府工作报告"


def test_odd_file_names_give_ids_usable_in_an_address(tmp_path):
    (tmp_path / "a:b\nc\td.txt").write_text(R2022, encoding="utf-8")
    [source] = load_library([str(tmp_path)]).sources
    assert ":" not in source.id and "\n" not in source.id and "\t" not in source.id
    assert parse_address(f"{source.id}:3").source_id == source.id
    assert clean("  ") == "report" and clean("报告 2024") == "报告 2024"


def test_the_bundled_seeds_keep_their_ids():
    library = load_library([str(bundled_seeds_dir())])
    assert [s.id for s in library.sources] == sorted(p.stem for p in bundled_seeds_dir().glob("*.txt"))


def _record(old_id, source, quote="坚持稳中求进"):
    return {"source_id": old_id, "source_sha256": source.sha256, "anchor": {"quote": {"exact": quote}}}


def test_legacy_ids_go_to_the_same_named_file_with_the_same_text(tmp_path):
    y22, y23 = _years(tmp_path)
    s22, s23 = load_library([y22, y23]).sources
    assert legacy_source(_record("政府工作报告", s22), [s23, s22]) is s22
    assert legacy_source(_record("政府工作报告-2", s23), [s22, s23]) is s23
    assert legacy_source(_record(s22.id, s22), [s22]) is None  # already a current id


def test_a_legacy_record_never_moves_to_another_report(tmp_path):
    y22, y23 = _years(tmp_path)
    s22, s23 = load_library([y22, y23]).sources
    # 2022's note; only 2023 opened: the quote is in both reports, yet the note stays put.
    assert legacy_source(_record("政府工作报告", s22), [s23]) is None
    edited = replace(s22, sha256="0" * 64)  # a text edited since: no proof which file it was
    assert legacy_source(_record("政府工作报告", edited), [s22, s23]) is None


def test_the_files_an_old_numbered_id_may_belong_to_are_every_file_of_its_name(tmp_path):
    y22, y23 = _years(tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "讲话.txt").write_text(R2023, encoding="utf-8")
    s22, s23, speech = load_library([y22, y23, str(tmp_path / "other")]).sources
    ids = [s22.id, s23.id, speech.id]
    assert legacy_files(["政府工作报告-2"], ids) == legacy_files(["政府工作报告"], ids) == {s22.id, s23.id}
    assert legacy_files([s22.id, "公报-3"], ids) == set()


def test_rebinding_migrates_old_records_and_leaves_the_others(tmp_path):
    y22, y23 = _years(tmp_path)
    s22, s23 = load_library([y22, y23]).sources
    store = Store(tmp_path / "ntreader.json", rng=random.Random(7))
    note22 = store.add("note", replace(s22, id="政府工作报告"), 1, 0, 6)
    note23 = store.add("note", replace(s23, id="政府工作报告-2"), 1, 0, 6)
    assert store.rebind([s23]) == 1  # 2023 alone: its note follows; 2022's is not touched
    assert store.get(note22["id"])["source_id"] == "政府工作报告"
    assert store.get(note23["id"])["source_id"] == s23.id
    assert store.rebind([s22, s23]) == 1
    assert store.get(note22["id"])["source_id"] == s22.id


def test_old_reading_positions_move_to_the_one_file_of_their_name(tmp_path):
    y22, _ = _years(tmp_path)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "讲话.txt").write_text(R2023, encoding="utf-8")
    only22 = load_library([y22, str(tmp_path / "other")]).sources
    ids = [s.id for s in only22]
    assert legacy_ids(["政府工作报告", "讲话-2", "讲话~abcdef", *ids], ids) == {"政府工作报告": only22[0].id}
    both = [s.id for s in load_library([y22, str(tmp_path / "2023")]).sources]
    assert legacy_ids(["政府工作报告", "政府工作报告-2"], both) == {}  # which of the two is unknown


def test_the_store_moves_old_positions_and_keeps_the_later_one(tmp_path):
    y22, _ = _years(tmp_path)
    [source] = load_library([y22]).sources
    store = Store(tmp_path / "ntreader.json")
    store.set_position("seed", 2)
    store.set_position("政府工作报告", 7)  # read last
    store.flush()
    assert store.migrate_positions([source.id, "seed"]) == 1
    assert store.position(source.id) == 7 and store.position("政府工作报告") is None
    assert store.position("seed") == 2 and store.last_source() == source.id
    assert Store(tmp_path / "ntreader.json").position(source.id) == 7
    assert store.migrate_positions([source.id, "seed"]) == 0
