"""UI test helpers."""

from __future__ import annotations

import pytest


async def _settle(pilot) -> None:
    """Wait until no worker is running and every message they caused is handled."""
    app = pilot.app
    while True:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return


@pytest.fixture
def settle():
    """``await settle(pilot)``: let background work (index, searches, badges) finish."""
    return _settle
