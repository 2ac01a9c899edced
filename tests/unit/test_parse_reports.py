"""Synthetic reports of every kind (work reports with a front block, a regulation, a newspaper page,
a forum page, a TV transcript, a white paper with 目录, front matter, hard-wrapped text), judged by hand
in tests/fixtures/parse/reports/expected.json. ``python tests/unit/test_parse_reports.py`` prints
the score per category."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from reader.core.library import load_source
from reader.core.model import BODY, LEAD, META, Source

REPORTS = Path(__file__).parents[1] / "fixtures" / "parse" / "reports"
EXPECTED = json.loads((REPORTS / "expected.json").read_text("utf-8"))
NAMES = sorted(k for k in EXPECTED if not k.startswith("_"))


def norm(s: str) -> str:
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c)[0] not in "PS")


def checks(name: str, src: Source) -> list[tuple[str, str, bool]]:
    """(category, key, passed) for every expectation of report ``name``."""
    exp = EXPECTED[name]
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


@pytest.mark.parametrize("name", NAMES)
def test_report(name):
    failed = [(cat, key) for cat, key, ok in checks(name, load_source(REPORTS / name)) if not ok]
    assert not failed


def main() -> None:
    total, good = Counter(), Counter()
    for name in NAMES:
        for cat, key, ok in checks(name, load_source(REPORTS / name)):
            total[cat] += 1
            good[cat] += ok
            if not ok and "-v" in sys.argv:
                print(f"FAIL {name} {cat}: {key}")
    for cat in total:
        print(f"{cat:12} {good[cat]:3}/{total[cat]}")
    print(f"{'all':12} {sum(good.values()):3}/{sum(total.values())}")


if __name__ == "__main__":
    main()
