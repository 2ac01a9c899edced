"""A note saved under an old load-order id moves to its report when the reader opens the notes."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from reader.app import make_app
from reader.core.library import load_library
from reader.paths import resolve
from reader.store import Store

TEXT = "# {year}年政府工作报告\n\n一、过去一年工作回顾\n\n坚持稳中求进工作总基调。{year}年经济运行稳中向好。\n"


async def test_a_note_under_an_old_numbered_id_moves_to_the_file_with_its_text(tmp_path):
    for year in ("2022", "2023"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "政府工作报告.txt").write_text(TEXT.format(year=year), encoding="utf-8")
    library = load_library([str(tmp_path / "2022"), str(tmp_path / "2023")])
    s22, s23 = library.sources
    data = tmp_path / "data"
    with Store.open(resolve(data)) as store:
        old = store.add("note", replace(s23, id="政府工作报告-2"), 1, 0, 6)
    app = make_app(library, data_dir=str(data))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.store is not None
        assert await asyncio.to_thread(app.store.writer.wait, 10)
    with Store.open(resolve(data)) as store:
        assert store.get(old["id"])["source_id"] == s23.id
