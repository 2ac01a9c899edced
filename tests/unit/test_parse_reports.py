"""Synthetic reports of every kind (work reports with a front block, a regulation, a newspaper page,
a forum page, a TV transcript, a white paper with 目录, front matter, hard-wrapped text), judged by hand
in the expected.json of tests/fixtures/parse/reports (written with the rules) and .../heldout
(written after them, never tuned on). ``python tests/unit/test_parse_reports.py [-v]`` prints the
score per folder and category."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from reader.core.library import load_source
from reader.core.model import BODY, LEAD, META, Source

FOLDERS = [Path(__file__).parents[1] / "fixtures" / "parse" / name for name in ("reports", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")]
EXPECTED = {f / k: v for f in FOLDERS for k, v in json.loads((f / "expected.json").read_text("utf-8")).items()}
PATHS = sorted(p for p in EXPECTED if not p.name.startswith("_"))


def norm(s: str) -> str:
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c)[0] not in "PS")


def checks(path: Path, src: Source) -> list[tuple[str, str, bool]]:
    """(category, key, passed) for every expectation of the report at ``path``."""
    exp = EXPECTED[path]
    heads = [(norm(s.title), s.level) for s in src.sections if not s.synthetic]
    paras = [(norm(p.text), p.kind) for p in src.paragraphs]
    out = [("title", exp["title"], norm(src.title) == norm(exp["title"]))]
    if "overline" in exp:
        out.append(("title", exp["overline"], [k for t, k in paras if t == norm(exp["overline"])] == [LEAD]))
    out.append(("date", str(exp["date"]), src.meta.date == exp["date"]))
    for key, level in exp["sections"]:
        hits = [lvl for t, lvl in heads if norm(key) in t]
        out.append(("heading", key, hits == [level]))
    for key in exp["not_headings"]:
        out.append(("not heading", key, not any(norm(key) in t for t, _ in heads)))
    for key in exp["joined"]:
        out.append(("join", key, sum(norm(key) in t for t in [*(t for t, _ in heads), *(t for t, _ in paras)]) == 1))
    for key in exp["meta"]:
        kinds = [k for t, k in paras if norm(key) in t]  # the first: 各位代表 recurs in the body
        out.append(("front block", key, kinds[:1] == [META]))
    for key in exp["furniture"]:
        kinds = [k for t, k in paras if norm(key) in t]
        out.append(("furniture", key, bool(kinds) and BODY not in kinds and not any(norm(key) in t for t, _ in heads)))
    return out


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_report(path):
    failed = [(cat, key) for cat, key, ok in checks(path, load_source(path)) if not ok]
    assert not failed


def main() -> None:
    for folder in FOLDERS:
        total: Counter[str] = Counter()
        good: Counter[str] = Counter()
        for path in (p for p in PATHS if p.parent == folder):
            for cat, key, ok in checks(path, load_source(path)):
                total[cat] += 1
                good[cat] += ok
                if not ok and "-v" in sys.argv:
                    print(f"FAIL {path.name} {cat}: {key}")
        print(folder.name, " · ".join(f"{cat} {good[cat]}/{total[cat]}" for cat in total))
        print(f"  all {sum(good.values())}/{sum(total.values())}")


if __name__ == "__main__":
    main()
