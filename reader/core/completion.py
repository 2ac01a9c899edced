"""Path completion as a shell does it: the names in a folder that start with what was typed,
folders with a trailing ``/``, and what Tab makes of it (their longest common start)."""

from __future__ import annotations

import os
import re
from collections.abc import Collection

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")


def candidates(typed: str, suffixes: Collection[str] | None = None) -> list[str]:
    """Paths completing ``typed`` (its ``~`` kept), sorted: folders with a trailing ``/`` and
    files (only with one of ``suffixes``, when given); hidden names only after a typed dot."""
    head, stem = typed[: len(typed) - len(os.path.basename(typed))], os.path.basename(typed)
    found = []
    try:
        with os.scandir(os.path.expanduser(head or ".")) as entries:
            for entry in entries:
                name = entry.name
                if not name.startswith(stem) or (name.startswith(".") and not stem.startswith(".")):
                    continue
                if _UNPRINTABLE.search(name):
                    continue
                try:
                    folder = entry.is_dir()
                except OSError:
                    continue
                if folder:
                    found.append(f"{head}{name}/")
                elif suffixes is None or os.path.splitext(name)[1].lower() in suffixes:
                    found.append(head + name)
    except OSError:
        return []
    return sorted(found)


def complete(typed: str, suffixes: Collection[str] | None = None) -> tuple[str, list[str]]:
    """What Tab makes of ``typed``: the longest common start of its candidates (``typed`` when
    there are none), and the candidates."""
    found = candidates(typed, suffixes)
    return (os.path.commonprefix(found) if found else typed), found
