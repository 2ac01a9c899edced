"""Build ``reader/core/data/reference.txt``: how generic each word is in government-report prose.

    python bench/build_reference.py

The background is the bundled seeds plus ``bench/reference_text.txt`` (generic report prose
written for ntreader), six documents in all, cut into paragraphs and segmented with ntreader's
segmenter. A word is listed when it is a keyword candidate, occurs in the generic prose and in at
least ``MIN_DOCS`` of the six documents (so place names of the seeds are not), and in at least
``MIN_SHARE`` of all paragraphs; its value is that share of paragraphs. Keyword scores are divided by ``1 + GENERIC × share`` (see ``reader.core.keywords``),
so 建设 or 发展 rank below what a report says that others do not (排污口, 空间再造).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.core.fold import fold  # noqa: E402
from reader.core.keywords import is_candidate  # noqa: E402
from reader.core.library import load_library  # noqa: E402
from reader.core.model import HIDDEN  # noqa: E402
from reader.core.segment import Segmenter  # noqa: E402

MIN_DOCS = 3
MIN_SHARE = 0.02
OUT = ROOT / "reader" / "core" / "data" / "reference.txt"


def documents() -> list[list[str]]:
    docs = [[p.text for p in s.paragraphs if p.kind not in HIDDEN and p.text.strip()] for s in load_library([]).sources]
    extra = (ROOT / "bench" / "reference_text.txt").read_text(encoding="utf-8").splitlines()
    docs.append([line for line in extra if line.strip() and not line.startswith("#")])
    return docs


def main() -> None:
    segmenter = Segmenter().load()
    per_doc: Counter[str] = Counter()
    per_para: Counter[str] = Counter()
    paragraphs = 0
    generic: set[str] = set()
    for doc in documents():
        seen: set[str] = set()
        for text in doc:
            words = {w for w in (fold(t.word) for t in segmenter.tokens(text)) if is_candidate(w)}
            per_para.update(words)
            seen |= words
            paragraphs += 1
        per_doc.update(seen)
        generic = seen  # the last document is the generic prose
    rows = sorted(((w, per_para[w] / paragraphs) for w in generic if per_doc[w] >= MIN_DOCS), key=lambda r: (-r[1], r[0]))
    lines = [f"{w} {share:.3f}" for w, share in rows if share >= MIN_SHARE]
    header = "# word, share of background paragraphs holding it: written by bench/build_reference.py\n"
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words from {paragraphs} paragraphs -> {OUT}")


if __name__ == "__main__":
    main()
