"""Shared fixtures: the bundled library, parsed once per test session."""

from __future__ import annotations

import pytest

from reader.core.library import Library, load_library


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library([])
