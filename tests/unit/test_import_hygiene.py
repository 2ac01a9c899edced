"""The headless core never imports Textual (DESIGN.md §1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader.core


def test_core_modules_do_not_import_textual():
    modules = [f"reader.core.{m.name}" for m in pkgutil.iter_modules(reader.core.__path__)]
    assert {"reader.core.parse", "reader.core.library", "reader.core.outline", "reader.core.model"} <= set(modules)
    code = ";".join(
        [
            "import importlib, sys",
            *(f"importlib.import_module({m!r})" for m in modules),
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))",
        ]
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
