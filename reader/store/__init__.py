"""The notes store: annotations, reading state, watch-words, search history and settings.

- :mod:`reader.store.journal`: the files (snapshot + fsynced journal, compaction, quarantine).
- :mod:`reader.store.schema`: what a record is, checked on import and on read.
- :mod:`reader.store.api`: :class:`Store`, the API the app and the CLI use.
- :mod:`reader.store.rebinding`: re-anchoring records to the sources loaded; detached records.
- :mod:`reader.store.append`: adding a note by one journal append, without reading the store.
"""

from reader.store.api import SEARCH_HISTORY_MAX, ImportResult, Store
from reader.store.journal import StoreBusy, StoreError
from reader.store.schema import clean_tags

__all__ = ["SEARCH_HISTORY_MAX", "ImportResult", "Store", "StoreBusy", "StoreError", "clean_tags"]
