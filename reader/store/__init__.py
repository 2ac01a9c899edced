"""The notes store: annotations, reading state, watch-words, search history and settings.

- :mod:`reader.store.journal`: the files (snapshot + fsynced journal, compaction, quarantine).
- :mod:`reader.store.schema`: what a record is, checked on import and on read.
- :mod:`reader.store.api`: :class:`Store`, the API the app and the CLI use.
- :mod:`reader.store.rebinding`: re-anchoring records to the sources loaded; detached records.
- :mod:`reader.store.append`: adding a note by one journal append, without reading the store.
- :mod:`reader.store.database`: TinyDB, the lock, and changes saved now or planned.
- :mod:`reader.store.background`: the writer thread that saves planned changes, in order.
- :mod:`reader.store.errors`: the errors, the lock and the JSON form, for all of them.

Names are imported on first use: a one-shot ``note add`` never loads TinyDB.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.api import SEARCH_HISTORY_MAX, ImportResult, Store
    from reader.store.errors import StoreBusy, StoreError
    from reader.store.schema import clean_tags

_HOMES = {"SEARCH_HISTORY_MAX": "api", "ImportResult": "api", "Store": "api", "StoreBusy": "errors",
          "StoreError": "errors", "clean_tags": "schema"}
__all__ = ["SEARCH_HISTORY_MAX", "ImportResult", "Store", "StoreBusy", "StoreError", "clean_tags"]


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"reader.store.{_HOMES[name]}"), name)
