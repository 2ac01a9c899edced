"""Comparison output is unchanged: pairs, similarities, word edits, wording and figures as the
version that wrote the golden file found them, on the bundled seeds, edited copies of them and the
compare fixtures."""

import importlib.util
import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "compare"


def test_comparison_output_is_unchanged():
    spec = importlib.util.spec_from_file_location("make_compare_golden", FIXTURE / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = json.loads((FIXTURE / "golden.json").read_text(encoding="utf-8"))
    got = module.golden()
    assert got.keys() == expected.keys()
    for key, output in expected.items():
        assert got[key] == output, key
