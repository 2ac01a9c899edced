"""`ntreader search` prints the same hits, the same way, as the version that wrote the golden file."""

import importlib.util
import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "search"


def test_search_output_is_unchanged():
    spec = importlib.util.spec_from_file_location("make_golden", FIXTURE / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = json.loads((FIXTURE / "golden.json").read_text(encoding="utf-8"))
    got = module.golden()
    assert got.keys() == expected.keys()
    for key, output in expected.items():
        assert got[key] == output, key
