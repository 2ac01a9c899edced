"""The bundled seeds parse to the structure of tests/fixtures/seed_outline.json (its ``_about`` rule)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from reader.core.library import bundled_seeds_dir, load_source
from reader.core.model import BODY, Source

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "seed_outline.json").read_text("utf-8"))
SEEDS = sorted(k for k in FIXTURE if not k.startswith("_"))


def norm(s: str) -> str:
    """Strip whitespace, Markdown markup and punctuation (full- and half-width), as ``_about`` says."""
    return "".join(c for c in s if not c.isspace() and unicodedata.category(c)[0] not in "PS")


@pytest.fixture(scope="module")
def parsed() -> dict[str, Source]:
    return {name: load_source(bundled_seeds_dir() / name) for name in SEEDS}


def headings(source: Source) -> list[str]:
    """Every section title, the lead section's too (a naive reader of the JSON would count it)."""
    return [norm(s.title) for s in source.sections]


def paragraphs(source: Source) -> list[tuple[str, str]]:
    return [(norm(p.text), p.kind) for p in source.paragraphs]


def test_fixture_covers_every_seed():
    assert SEEDS == sorted(p.name for p in bundled_seeds_dir().glob("*.txt"))


@pytest.mark.parametrize("name", SEEDS)
def test_title(parsed, name):
    key = FIXTURE[name]["title_key"]
    if key is not None:
        assert norm(key) in norm(parsed[name].title)


@pytest.mark.parametrize("name", SEEDS)
def test_required_sections_in_order(parsed, name):
    heads = headings(parsed[name])
    last = -1
    for key in FIXTURE[name]["required_sections"]:
        hits = [i for i, h in enumerate(heads) if norm(key) in h]
        assert len(hits) == 1, f"{key!r} is in {len(hits)} headings"
        assert hits[0] > last, f"{key!r} out of order"
        last = hits[0]


@pytest.mark.parametrize("name", SEEDS)
def test_not_headings(parsed, name):
    heads = headings(parsed[name])
    for key in FIXTURE[name]["not_headings"]:
        assert not [h for h in heads if norm(key) in h], f"{key!r} became a heading"


@pytest.mark.parametrize("name", SEEDS)
def test_joined(parsed, name):
    pieces = headings(parsed[name]) + [t for t, _ in paragraphs(parsed[name])]
    for key in FIXTURE[name]["joined"]:
        assert sum(norm(key) in t for t in pieces) == 1, f"{key!r} is not in exactly one paragraph or heading"


@pytest.mark.parametrize("name", SEEDS)
def test_furniture(parsed, name):
    heads = headings(parsed[name])
    paras = paragraphs(parsed[name])
    for key in FIXTURE[name]["furniture"]:
        assert not [h for h in heads if norm(key) in h], f"{key!r} became a heading"
        kinds = [kind for text, kind in paras if norm(key) in text]
        assert kinds and BODY not in kinds, f"{key!r} is shown as {kinds or 'nothing'}"
