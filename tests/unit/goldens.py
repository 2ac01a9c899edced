"""Golden-output checks: a fixture folder's ``make_golden.py`` run now against the ``golden.json``
it wrote with an earlier version."""

import importlib.util
import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def assert_unchanged(fixture: str) -> None:
    """``golden()`` of ``fixtures/FIXTURE/make_golden.py`` equals its ``golden.json``, key by key."""
    folder = FIXTURES / fixture
    spec = importlib.util.spec_from_file_location(f"make_{fixture}_golden", folder / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = json.loads((folder / "golden.json").read_text(encoding="utf-8"))
    got = module.golden()
    assert got.keys() == expected.keys()
    for key, output in expected.items():
        assert got[key] == output, key
