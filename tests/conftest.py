"""Shared fixtures: the bundled library, parsed once per test session."""

from __future__ import annotations

import pytest

from reader.core.library import Library, load_library


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library([])


async def _settle(pilot) -> None:
    """Wait until no worker is running and every message they caused is handled."""
    app = pilot.app
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(w.is_finished for w in app.workers):
            return


@pytest.fixture
def settle():
    """``await settle(pilot)``: let the app's background work (index, searches…) finish."""
    return _settle
