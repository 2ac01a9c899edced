"""A deterministic synthetic corpus built by recombining the bundled seeds' headings and paragraphs.

    from bench.corpus import make_corpus
    paths = make_corpus(1000, Path("/tmp/corpus"))     # ≈ 20 MB of reports

or ``python bench/corpus.py 1000 /tmp/corpus``. Reports vary in layout (plain headings, Markdown,
numbered 一、/（一）, one line per paragraph) and carry bylines, captions and continuation marks.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.library import load_library  # noqa: E402
from reader.core.model import BODY, BYLINE, CAPTION, MARKER  # noqa: E402

TARGET_BYTES = 20_000  # average size of a report
CN_NUMBERS = "一二三四五六七八九十"
_NUMBER_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+\.\s*)")


@dataclass(frozen=True)
class Pool:
    """What reports are made of, taken from the seeds in a fixed order."""

    titles: list[str]
    headings: list[str]
    paragraphs: list[str]
    furniture: list[str]


def seed_pool() -> Pool:
    sources = load_library([]).sources
    headings = [_NUMBER_PREFIX.sub("", s.title) for src in sources for s in src.sections if not s.synthetic]
    return Pool(
        titles=[src.title for src in sources if src.title != src.id] + headings[:8],
        headings=sorted(set(headings), key=headings.index),
        paragraphs=[p.text for src in sources for p in src.paragraphs if p.kind == BODY and len(p.text) > 30],
        furniture=[p.text for src in sources for p in src.paragraphs if p.kind in (BYLINE, CAPTION, MARKER)],
    )


def _heading(style: str, level: int, k: int, text: str) -> str:
    if style == "markdown":
        return f"{'#' * (level + 1)} {text}"
    if style == "numbered":
        return f"{CN_NUMBERS[k % 10]}、{text}" if level == 1 else f"（{CN_NUMBERS[k % 10]}）{text}"
    return text


def make_report(pool: Pool, rng: random.Random) -> str:
    """One report of about TARGET_BYTES bytes in a random layout."""
    style = rng.choice(["plain", "markdown", "numbered", "dense"])
    sep = "\n" if style == "dense" else "\n\n"
    title = rng.choice(pool.titles)
    parts = [f"# {title}" if style == "markdown" else title]
    size, budget, k = 0, rng.uniform(0.5, 1.5) * TARGET_BYTES, 0
    while size < budget:
        level = 2 if rng.random() < 0.3 and k else 1
        block = [_heading(style, level, k, rng.choice(pool.headings))]
        block += rng.sample(pool.paragraphs, rng.randint(2, 6))
        if rng.random() < 0.4:
            block.insert(rng.randrange(1, len(block) + 1), rng.choice(pool.furniture))
        parts += block
        size += sum(len(b.encode("utf-8")) for b in block)
        k += 1
    return sep.join(parts) + "\n"


def make_corpus(n_reports: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write ``n_reports`` reports (report_00000.txt …) into ``out_dir``; same seed, same bytes."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pool = seed_pool()
    rng = random.Random(seed)
    paths = []
    for i in range(n_reports):
        path = out_dir / f"report_{i:05d}.txt"
        path.write_text(make_report(pool, rng), "utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    written = make_corpus(n, out)
    print(f"{len(written)} reports, {sum(p.stat().st_size for p in written) / 1e6:.1f} MB in {out}")
