"""The event store: one interface (BaseStore), an SQLite file or a PostgreSQL/PostGIS server.

open_store(url) picks the backend: a path or sqlite:///path opens the embedded SQLite store
(the default, nothing to install), postgresql://... opens the PostGIS store. Without a URL the
settings decide (PEM_DB_URL, else the data folder's events.sqlite). `Store` stays the SQLite
store, so code that opened it by path keeps working.
"""

from __future__ import annotations

import os
from typing import Any

from geo.store.base import (
    CLUSTER_COLUMNS,
    DOCUMENTS_COLUMNS,
    DOCUMENTS_FOR_COLUMNS,
    EPOCH,
    EVENT_COLUMNS,
    LEVEL_COLUMN,
    LEVEL_DIGITS,
    MAX_SENTENCE_CHARS,
    AddResult,
    BaseStore,
    Prepared,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreReadOnly,
    _event_row,
    damaged_message,
    doc_key,
    from_days,
    prepare_document,
    read_only_message,
    stored_sentence,
    to_days,
)
from geo.store.sqlite import (
    MIGRATIONS,
    SCHEMA_VERSION,
    CheckReport,
    Store,
    _insert_events,
    _writable,
    backup_store,
    check_store,
    fts5_available,
    store_error,
)

SqliteStore = Store
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

__all__ = [
    "CLUSTER_COLUMNS",
    "DOCUMENTS_COLUMNS",
    "DOCUMENTS_FOR_COLUMNS",
    "EPOCH",
    "EVENT_COLUMNS",
    "LEVEL_COLUMN",
    "LEVEL_DIGITS",
    "MAX_SENTENCE_CHARS",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AddResult",
    "BaseStore",
    "CheckReport",
    "Prepared",
    "SqliteStore",
    "Store",
    "StoreDamaged",
    "StoreError",
    "StoreFull",
    "StoreReadOnly",
    "_event_row",
    "_insert_events",
    "_writable",
    "backup_store",
    "check_store",
    "damaged_message",
    "doc_key",
    "from_days",
    "fts5_available",
    "is_server_url",
    "open_store",
    "prepare_document",
    "read_only_message",
    "sqlite_path",
    "store_error",
    "stored_sentence",
    "to_days",
]


def is_server_url(url: str | os.PathLike[str] | None) -> bool:
    """Whether url names a PostgreSQL server (postgresql:// or postgres://), not a file."""
    return isinstance(url, str) and url.strip().lower().startswith(POSTGRES_SCHEMES)


def sqlite_path(url: str | os.PathLike[str]):
    """The file a plain path or a sqlite:///path URL names (sqlite:////abs or sqlite:///abs)."""
    from pathlib import Path

    text = os.fspath(url)
    if text.lower().startswith("sqlite:///"):
        rest = text[len("sqlite:///") :]
        return Path("/" + rest.lstrip("/")) if not rest.startswith("~") else Path(rest).expanduser()
    if text.lower().startswith("sqlite:"):
        raise StoreError(f"not a SQLite URL: {text!r} (write sqlite:///absolute/path)")
    return Path(text).expanduser()


def open_store(url: str | os.PathLike[str] | None = None, **kw: Any) -> BaseStore:
    """Open the store a path or URL names (None: the settings' PEM_DB_URL or default file).

    Keyword arguments go to the backend's open (busy_timeout_ms, read_only for SQLite;
    pool sizes for PostGIS).
    """
    if url is None or (isinstance(url, str) and not url.strip()):
        from geo.settings import load_settings

        settings = load_settings()
        url = settings.db_url or settings.db_path
        kw.setdefault("busy_timeout_ms", settings.busy_timeout_ms)
    if is_server_url(url):
        from geo.store.postgis import PostgisStore

        kw.pop("read_only", None)
        return PostgisStore.open(str(url).strip(), **kw)
    return Store.open(sqlite_path(url), **kw)
