"""The headless core never imports Textual, and its modules import each other without cycles."""

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


def _core_imports(path) -> set[str]:
    """The ``reader.core`` modules a core module imports when it runs (TYPE_CHECKING blocks aside)."""
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
                   for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reader.core"):
            found |= {node.module} if node.module != "reader.core" else {f"reader.core.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("reader.core.")}
    return {name.split(".")[2] for name in found}


def test_core_modules_import_each_other_without_cycles():
    from pathlib import Path

    core = Path(reader.core.__path__[0])
    graph = {p.stem: _core_imports(p) for p in core.glob("*.py")}
    for p in core.glob("*/__init__.py"):
        graph[p.parent.name] = set().union(*(_core_imports(q) for q in p.parent.rglob("*.py"))) - {p.parent.name}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and not seen.add(n) and reaches(n, goal, seen))
                   for n in graph.get(start, ()))

    assert not [m for m in graph if reaches(m, m, set())]
