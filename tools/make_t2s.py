"""Write reader/core/data/t2s.txt: OpenCC's traditional-to-simplified character table, 1:1 only.

Usage: python tools/make_t2s.py PATH/TO/TSCharacters.txt (from OpenCC's data/dictionary, e.g. the
copy in the opencc-purepy wheel). Each line of OpenCC's table is ``TRAD<TAB>SIMP [ALT ...]``; the
first candidate is OpenCC's default. Entries whose either side is not one code point are left out,
and so are identities, so folding with the table never changes a text's length.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "reader" / "core" / "data" / "t2s.txt"
HEADER = "# Traditional -> simplified, one pair a line, from OpenCC TSCharacters.txt (Apache-2.0): tools/make_t2s.py\n"


def main(source: str) -> None:
    pairs = []
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        simp = simp.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            pairs.append(trad + simp)
    OUT.write_text(HEADER + "\n".join(pairs) + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
