"""Losslessness: every non-space character of the input except markup (#, *, <!--more-->) appears once,
in order, in a section title or a paragraph — on every seed, every fixture and random recombinations."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reader.core.library import bundled_seeds_dir, load_source
from reader.core.model import Source
from reader.core.parse import normalize, parse_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "parse"
FILES = sorted(bundled_seeds_dir().glob("*.txt")) + sorted(
    f for f in FIXTURES.rglob("*") if f.is_file() and f.suffix in (".txt", ".md")
)
MARKUP = str.maketrans("", "", "#*")


def visible(text: str) -> str:
    """Non-space characters, heading markup and read-more marks (<!--more-->) aside."""
    return re.sub(r"<!--\s*more\s*-->", "", "".join(text.split()), flags=re.I).translate(MARKUP)


def reassembled(source: Source) -> str:
    """Titles (those in the text) and paragraphs in reading order."""
    parts = []
    for s in source.sections:
        if not s.synthetic:
            parts.append(s.title)
        parts.extend(p.text for p in s.paragraphs)
    return visible("".join(parts))


def check(text: str, source: Source) -> None:
    assert reassembled(source) == visible(normalize(text))
    assert [p.n for p in source.paragraphs] == list(range(1, len(source.paragraphs) + 1))
    assert all(p.text.strip() for p in source.paragraphs)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_are_parsed_losslessly(path):
    check(path.read_text("utf-8"), load_source(path))


def _pool() -> list[str]:
    """Lines of every seed and fixture, plus furniture, markup and layout oddities."""
    lines = [line for f in FILES for line in f.read_text("utf-8").splitlines() if line.strip()]
    extras = [
        "", "", "", " \u3000", "**拉满风帆耕海图强", "把机遇优势转化为发展胜势**", "(上接A1版)", "（下转A6版）",
        "关键词:", "目录", "<!-- 注", "释 -->", "---", "title: x", "# ", "## 二、", "——副题", "**", "第3页",
        "本报记者 丁威程", "姜明 摄", "\u3000\u3000为已签约项", "目的顺利落户。", "一、", "（一）思想上。", "“未闭合的引号",
    ]
    return lines + extras * 20


@pytest.mark.parametrize("seed", range(60))
def test_random_recombinations_are_parsed_losslessly(seed):
    rng = random.Random(seed)
    pool = _pool()
    text = rng.choice(["\n", "\r\n", "\r"]).join(rng.choice(pool) for _ in range(rng.randint(1, 60)))
    check(text, parse_text(text, source_id="r"))
