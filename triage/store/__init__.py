"""The only package that speaks SQL: open, migrate, write and query the database.

`core` holds messages (writing, listing, searching, counting); `locations` holds what
IMAP sync keeps about folders and where each message lives on the server.
"""

from triage.store.core import (
    BUSY_TIMEOUT_MS,
    MessageFilter,
    Store,
    Totals,
    dedupe_key,
    flags_json,
    open_store,
    pack_raw,
)
from triage.store.locations import Locations
from triage.store.sqltext import fts_query

__all__ = [
    "BUSY_TIMEOUT_MS",
    "Locations",
    "MessageFilter",
    "Store",
    "Totals",
    "dedupe_key",
    "flags_json",
    "fts_query",
    "open_store",
    "pack_raw",
]
