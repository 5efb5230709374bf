"""The event store: one SQLite file that keeps documents and their events safely.

Durability first: WAL journal, synchronous=FULL (a committed document survives a power cut),
foreign keys on (deleting a document removes its events), BEGIN IMMEDIATE write transactions
with a busy timeout (two processes ingesting at once queue instead of failing), one transaction
per document (a crash never leaves half a document), and one connection per thread.

Dates are stored as integer days since 1970-01-01 so range filters use compact indexes; the
DataFrames returned to callers carry them as datetime64[ns] values at midnight. An event the
extractor could not date has no dates (NaT): it matches only filters without a date window,
and the timeline leaves it out.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from geo.model import LEVELS, Document, Event, EventFilter
from geo.snippets import sentence_window
from geo.store.base import (
    _SELECT_CLUSTERS,
    _SELECT_EVENTS,
    _WORD_RE,
    CLUSTER_INSERT_COLUMNS,
    DOCUMENTS_COLUMNS,
    DOCUMENTS_FOR_COLUMNS,
    LEVEL_COLUMN,
    MAX_SENTENCE_CHARS,
    RECLUSTER_SELECT,
    AddResult,
    BaseStore,
    Prepared,
    StoreDamaged,
    StoreError,
    StoreFull,
    StoreReadOnly,
    _event_row,
    _like_escape,
    casualties_df,
    casualties_sql,
    check_prepared,
    check_ubigeo_prefixes,
    cluster_records,
    clusters_df,
    counts_df,
    damaged_message,
    doc_key,
    documents_df,
    events_df,
    filter_clauses,
    from_days,
    measure_sql,
    prepare_document,
    read_only_message,
    timeline_df,
    to_days,
    unit_summary_df,
)

if TYPE_CHECKING:
    import pandas as pd


_SCHEMA_V1 = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    content_hash TEXT NOT NULL UNIQUE,
    doc_key TEXT,
    title TEXT,
    source TEXT,
    url TEXT,
    doc_date INTEGER,
    language TEXT,
    ingested_at TEXT NOT NULL,
    n_events INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_doc_key ON documents(doc_key) WHERE doc_key IS NOT NULL;
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    surface TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    ubigeo TEXT NOT NULL,
    level TEXT NOT NULL,
    dep2 TEXT NOT NULL,
    prov4 TEXT,
    dist6 TEXT,
    department TEXT,
    province TEXT,
    district TEXT,
    place TEXT,
    lat REAL,
    lon REAL,
    date_start INTEGER NOT NULL,
    date_end INTEGER NOT NULL,
    date_precision TEXT,
    doc_date INTEGER,
    confidence REAL NOT NULL,
    sentence TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_dates ON events(date_start, date_end, dep2, prov4, confidence);
CREATE INDEX events_dep ON events(dep2, date_start, date_end);
CREATE INDEX events_prov ON events(prov4, date_start, date_end) WHERE prov4 IS NOT NULL;
CREATE INDEX events_dist ON events(dist6, date_start, date_end) WHERE dist6 IS NOT NULL;
CREATE INDEX events_span ON events(date_end - date_start);
"""

_SCHEMA_V2_FTS = """
CREATE VIRTUAL TABLE events_fts USING fts5(
    sentence, content='events', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
    INSERT INTO events_fts(rowid, sentence) VALUES (new.id, new.sentence);
END;
CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
END;
CREATE TRIGGER events_fts_au AFTER UPDATE OF sentence ON events BEGIN
    INSERT INTO events_fts(events_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence);
    INSERT INTO events_fts(rowid, sentence) VALUES (new.id, new.sentence);
END;
"""


def _migrate_v1(con: sqlite3.Connection) -> None:
    for stmt in _split_sql(_SCHEMA_V1):
        con.execute(stmt)


def _migrate_v2(con: sqlite3.Connection) -> None:
    """Full-text index on sentences; skipped (LIKE is used) when SQLite lacks FTS5."""
    if not fts5_available(con):
        return
    for stmt in _split_sql(_SCHEMA_V2_FTS):
        con.execute(stmt)


def _split_sql(script: str) -> list[str]:
    """Split a schema script on statement ends, keeping trigger bodies whole."""
    out, buf = [], []
    for line in script.strip().splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        in_trigger = joined.upper().startswith("CREATE TRIGGER")
        if (in_trigger and joined.upper().endswith("END;")) or (
            not in_trigger and joined.endswith(";")
        ):
            out.append(joined)
            buf = []
    return out


_EVENTS_V3 = """
CREATE TABLE events_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    surface TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    ubigeo TEXT NOT NULL,
    level TEXT NOT NULL,
    dep2 TEXT NOT NULL,
    prov4 TEXT,
    dist6 TEXT,
    department TEXT,
    province TEXT,
    district TEXT,
    place TEXT,
    lat REAL,
    lon REAL,
    date_start INTEGER,
    date_end INTEGER,
    date_precision TEXT,
    doc_date INTEGER,
    confidence REAL NOT NULL,
    sentence TEXT NOT NULL,
    CHECK ((date_start IS NULL) = (date_end IS NULL))
);
"""
_EVENT_INDEXES = """
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_dates ON events(date_start, date_end, dep2, prov4, confidence);
CREATE INDEX events_dep ON events(dep2, date_start, date_end);
CREATE INDEX events_prov ON events(prov4, date_start, date_end) WHERE prov4 IS NOT NULL;
CREATE INDEX events_dist ON events(dist6, date_start, date_end) WHERE dist6 IS NOT NULL;
CREATE INDEX events_span ON events(date_end - date_start);
"""


def _migrate_v3(con: sqlite3.Connection) -> None:
    """Allow undated events (no date in the text and no document date): rebuild events.

    The extractor leaves date_start/date_end empty when nothing dates a mention; such events
    are kept (the place is still news) but only match filters without a date window.
    """
    fts = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sentences_fts'").fetchone()
    for trig in ("events_fts_ai", "events_fts_ad", "events_fts_au"):
        con.execute(f"DROP TRIGGER IF EXISTS {trig}")
    con.execute(_EVENTS_V3)
    con.execute("INSERT INTO events_v3 SELECT * FROM events")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE events_v3 RENAME TO events")
    for stmt in _split_sql(_EVENT_INDEXES):
        con.execute(stmt)
    if fts:  # row ids are preserved, so the external-content index stays valid
        for stmt in _split_sql(_SCHEMA_V2_FTS)[1:]:
            con.execute(stmt)


_SENTENCES_V4 = """
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
CREATE INDEX sentences_doc ON sentences(doc_id);
"""
_SENTENCES_FTS = """
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_fts_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_fts_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_fts_au AFTER UPDATE OF text ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
"""


def _migrate_v4(con: sqlite3.Connection) -> None:
    """Each sentence stored once per document, capped to a window around its mentions.

    Before v4 every event carried its own copy of its whole sentence: one sentence that never
    ends (a list of thousands of places) was stored thousands of times. Events now reference
    a row of `sentences`; long stored sentences are cut to the window the extractor keeps today.
    The column is added and dropped in place, so columns other migrations added are kept.
    """
    for trig in ("events_fts_ai", "events_fts_ad", "events_fts_au"):
        con.execute(f"DROP TRIGGER IF EXISTS {trig}")
    con.execute("DROP TABLE IF EXISTS events_fts")
    for stmt in _split_sql(_SENTENCES_V4):
        con.execute(stmt)
    con.execute("ALTER TABLE events ADD COLUMN sentence_id INTEGER REFERENCES sentences(id)")
    con.execute("CREATE TEMP TABLE _v4_map (event_id INTEGER PRIMARY KEY, sentence_id INTEGER)")
    doc_ids = [r[0] for r in con.execute("SELECT DISTINCT doc_id FROM events ORDER BY doc_id")]
    for doc_id in doc_ids:
        rows = con.execute(
            'SELECT id, start, "end", surface, length(sentence), substr(sentence, 1, ?), '
            "substr(sentence, -64) FROM events WHERE doc_id = ? ORDER BY id",
            (MAX_SENTENCE_CHARS + 1, doc_id),
        ).fetchall()
        groups: dict[tuple[Any, ...], list[tuple[int, int, int, str]]] = {}
        for eid, start, end, surface, n, head, tail in rows:
            groups.setdefault((n, head, tail), []).append((eid, start, end, surface))
        known: dict[str, int] = {}
        pairs: list[tuple[int, int]] = []
        for (n, head, _), members in groups.items():
            if n <= MAX_SENTENCE_CHARS:
                windows = [(m[0], head) for m in members]
            else:
                full = con.execute(
                    "SELECT sentence FROM events WHERE id = ?", (members[0][0],)
                ).fetchone()[0]
                windows = _legacy_windows(full, members)
            for eid, text in windows:
                sid = known.get(text)
                if sid is None:
                    sid = con.execute(
                        "INSERT INTO sentences (doc_id, text) VALUES (?, ?)", (doc_id, text)
                    ).lastrowid
                    known[text] = sid
                pairs.append((eid, sid))
        con.executemany("INSERT INTO temp._v4_map VALUES (?, ?)", pairs)
    con.execute(
        "UPDATE events SET sentence_id = m.sentence_id FROM temp._v4_map m "
        "WHERE m.event_id = events.id"
    )
    con.execute("DROP TABLE temp._v4_map")
    con.execute("ALTER TABLE events DROP COLUMN sentence")
    con.execute("CREATE INDEX events_sentence ON events(sentence_id)")
    if fts5_available(con):
        for stmt in _split_sql(_SENTENCES_FTS):
            con.execute(stmt)
        con.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")


def _legacy_windows(
    sentence: str, members: list[tuple[int, int, int, str]]
) -> list[tuple[int, str]]:
    """Windows for events that stored one long sentence; finds where it starts in the document.

    Events keep document offsets, so the sentence's own offset is the one that puts every
    event's surface at its place; when none does, each window centres on the surface's first
    occurrence.
    """
    first = min(members, key=lambda m: m[1])
    offset = None
    pos = sentence.find(first[3])
    for _ in range(200):
        if pos < 0:
            break
        cand = first[1] - pos
        if all(
            s >= cand and sentence[s - cand : e - cand] == surface for _, s, e, surface in members
        ):
            offset = cand
            break
        pos = sentence.find(first[3], pos + 1)
    out = []
    for eid, s, e, surface in members:
        if offset is not None:
            a, b = s - offset, e - offset
        else:
            a = max(sentence.find(surface), 0)
            b = a + len(surface)
        out.append((eid, sentence_window(sentence, 0, len(sentence), a, b)))
    return out


_SCHEMA_EVENT_TYPES = """
ALTER TABLE events ADD COLUMN event_types TEXT NOT NULL DEFAULT 'other';
ALTER TABLE events ADD COLUMN fatalities INTEGER;
ALTER TABLE events ADD COLUMN injured INTEGER;
ALTER TABLE events ADD COLUMN cluster_id INTEGER;
CREATE INDEX events_cluster ON events(cluster_id);
CREATE TABLE clusters (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dep2 TEXT NOT NULL,
    ubigeo TEXT NOT NULL,
    level TEXT NOT NULL,
    department TEXT,
    province TEXT,
    district TEXT,
    place TEXT,
    lat REAL,
    lon REAL,
    date_start INTEGER,
    date_end INTEGER,
    event_types TEXT NOT NULL,
    fatalities INTEGER,
    injured INTEGER,
    n_mentions INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    first_doc_id INTEGER NOT NULL,
    first_date INTEGER,
    doc_ids TEXT NOT NULL,
    sentence TEXT NOT NULL
);
CREATE INDEX clusters_dep ON clusters(dep2);
CREATE TABLE clusters_dirty (dep2 TEXT PRIMARY KEY);
"""


def _migrate_v6(con: sqlite3.Connection) -> None:
    """Event types, casualty numbers and event clusters (issue 9).

    Stored mentions are typed from their stored sentence (the paragraph is no longer known)
    and every department is marked for clustering on the next read.
    """
    from geo.events import classify

    for stmt in _split_sql(_SCHEMA_EVENT_TYPES):
        con.execute(stmt)
    updates = []
    for sid, text in con.execute(
        "SELECT id, text FROM sentences WHERE id IN (SELECT sentence_id FROM events)"
    ).fetchall():
        info = classify(text)
        updates.append((",".join(info.types), info.fatalities, info.injured, sid))
    con.executemany(
        "UPDATE events SET event_types = ?, fatalities = ?, injured = ? WHERE sentence_id = ?",
        updates,
    )
    con.execute("INSERT OR IGNORE INTO clusters_dirty SELECT DISTINCT dep2 FROM events")


# Each entry upgrades the schema by one version; PRAGMA user_version records how many ran.
def _migrate_v5(con: sqlite3.Connection) -> None:
    """Each mention's role (headline, dateline, body, route_endpoint; geo.roles).

    Events stored before roles existed become "body": their role is unknown, and counting them
    keeps old maps as they were. Re-ingesting a document gives its mentions their roles.
    """
    con.execute("ALTER TABLE events ADD COLUMN role TEXT NOT NULL DEFAULT 'body'")


_DOC_SEARCH = """
CREATE VIRTUAL TABLE doc_search USING fts5(terms, tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER doc_search_ad AFTER DELETE ON documents BEGIN
    DELETE FROM doc_search WHERE rowid = old.id;
END;
"""


def _migrate_v7(con: sqlite3.Connection) -> None:
    """Search over whole documents: each document's title and text, folded and stemmed.

    Stores from before v6 no longer hold the full texts, so their documents are indexed by
    title and stored sentences; documents added from now on by title and whole text.
    """
    if not fts5_available(con):
        return
    from geo.search import index_text

    for stmt in _split_sql(_DOC_SEARCH):
        con.execute(stmt)
    rows = con.execute(
        "SELECT d.id, d.title, (SELECT group_concat(s.text, ' ') FROM sentences s "
        "WHERE s.doc_id = d.id) FROM documents d"
    ).fetchall()
    con.executemany(
        "INSERT INTO doc_search(rowid, terms) VALUES (?, ?)",
        [(i, index_text(t, body)) for i, t, body in rows],
    )


MIGRATIONS: tuple = (
    _migrate_v1,
    _migrate_v2,
    _migrate_v3,
    _migrate_v4,
    _migrate_v5,
    _migrate_v6,
    _migrate_v7,
)
SCHEMA_VERSION = len(MIGRATIONS)


def fts5_available(con: sqlite3.Connection) -> bool:
    """Whether this SQLite build has the FTS5 full-text extension."""
    try:
        con.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
        con.execute("DROP TABLE temp._fts5_probe")
        return True
    except sqlite3.OperationalError:
        return False


# SQLite primary result codes (the low byte of an extended code).
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL = 8, 10, 11, 13
_SQLITE_CANTOPEN, _SQLITE_NOTADB = 14, 26


def _primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def store_error(path: Path | str, exc: BaseException) -> StoreError | None:
    """The StoreError a sqlite3 error stands for, or None when it is not about the file."""
    code = _primary_code(exc)
    msg = str(exc)
    low = msg.lower()
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in low or "not a database" in low:
        return StoreDamaged(damaged_message(path, msg))
    if code == _SQLITE_FULL or "disk is full" in low:
        return StoreFull(
            f"the disk holding the store at {path} is full ({msg}); nothing more was written: "
            "free some space and run the command again"
        )
    if code == _SQLITE_READONLY or "readonly database" in low:
        return StoreReadOnly(read_only_message(path))
    if code == _SQLITE_IOERR:
        return StoreError(f"cannot read or write the store at {path}: {msg}")
    return None


_F = TypeVar("_F", bound=Callable[..., Any])


def _guarded(fn: _F) -> _F:
    """Turn sqlite3 errors about the file (damaged, full, read-only) into StoreErrors."""

    @functools.wraps(fn)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.Error as exc:
            err = store_error(self.path, exc)
            if err is None:
                raise
            raise err from exc

    return wrapper  # type: ignore[return-value]


def _insert_events(
    con: sqlite3.Connection, doc_id: int, events: Sequence[Event], prepared: Prepared | None = None
) -> None:
    """Insert a document's events, each distinct sentence text once (in its own table)."""
    if prepared is None:
        prepared = prepare_document(Document(text=""), events, _event_row)
    _insert_prepared(con, [(doc_id, prepared)], search=False)


def _insert_prepared(
    con: sqlite3.Connection, docs: Sequence[tuple[int, Prepared]], search: bool
) -> None:
    """The sentences, events, cluster marks and search rows of stored documents, in order.

    All the documents' sentences go in a few multi-row statements: the full-text trigger
    flushes its index once per statement, so one statement per sentence cost the single
    writer more than the rest of the document. Ids come out as one by one.
    """
    values = [(doc_id, text) for doc_id, p in docs for text in p.sentences]
    for k in range(0, len(values), _SENTENCES_PER_INSERT):
        part = values[k : k + _SENTENCES_PER_INSERT]
        con.execute(
            "INSERT INTO sentences (doc_id, text) VALUES " + ",".join(["(?, ?)"] * len(part)),
            [v for pair in part for v in pair],
        )
    if values:
        ids = {
            (d, text): i
            for d, text, i in con.execute(
                "SELECT doc_id, text, id FROM sentences WHERE doc_id BETWEEN ? AND ?",
                (min(d for d, _ in docs), max(d for d, _ in docs)),
            )
        }
        rows = []
        for doc_id, p in docs:
            sid = [ids[doc_id, text] for text in p.sentences]
            rows += [(doc_id, *r[1:20], sid[r[20]], *r[21:]) for r in p.rows]
        con.executemany(_INSERT_EVENT, rows)
    ids = [doc_id for doc_id, _ in docs]
    for k in range(0, len(ids), _SENTENCES_PER_INSERT):
        _mark_dirty(con, ids[k : k + _SENTENCES_PER_INSERT])  # one statement, not one a document
    if search:
        con.executemany(
            "INSERT INTO doc_search(rowid, terms) VALUES (?, ?)",
            [(doc_id, p.terms) for doc_id, p in docs],
        )


_SENTENCES_PER_INSERT = 400  # 800 bound values: far under SQLite's oldest limit of 999


_INSERT_EVENT = (
    'INSERT INTO events (doc_id, surface, start, "end", ubigeo, level, dep2, prov4, dist6, '
    "department, province, district, place, lat, lon, date_start, date_end, date_precision, "
    "doc_date, confidence, sentence_id, role, event_types, fatalities, injured) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


# Connections inherited through fork(): closing them in the child could disturb the parent's
# WAL, so they are kept referenced and left alone.
_ABANDONED: list[sqlite3.Connection] = []


class Store(BaseStore):
    """A SQLite event store; safe to share between threads (one connection each)."""

    def __init__(self, path: Path, busy_timeout_ms: int = 30_000, read_only: bool = False) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = int(busy_timeout_ms)
        self.read_only = bool(read_only)
        self._immutable = False
        self._local = threading.local()
        self._lock = threading.Lock()
        # Every open connection with the thread that owns it (closed once that thread ends).
        self._conns: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._pid = os.getpid()
        self._closed = False
        self._fts: bool | None = None

    # --- lifecycle -----------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        busy_timeout_ms: int | None = None,
        read_only: bool | None = None,
    ) -> Store:
        """Open (creating it and its parent folders if needed) and migrate the store at path.

        A store the process cannot write (read-only folder or medium) is opened read-only:
        every query works, writes raise StoreReadOnly. read_only=None decides by itself.
        """
        if path is None or busy_timeout_ms is None:
            from geo.settings import load_settings

            settings = load_settings()
            path = settings.db_path if path is None else path
            busy_timeout_ms = busy_timeout_ms or settings.busy_timeout_ms
        p = Path(path).expanduser()
        if p.exists() and p.is_dir():
            raise StoreError(f"{p} is a directory, not a database file")
        if read_only is None:
            read_only = p.exists() and not _writable(p)
        if not read_only:
            p.parent.mkdir(parents=True, exist_ok=True)
        store = cls(p, busy_timeout_ms, read_only=read_only)
        try:
            store._migrate()
        except StoreReadOnly:
            store.close()
            if read_only or not p.exists():
                raise
            return cls.open(p, busy_timeout_ms, read_only=True)  # refused a write: read only
        except BaseException:
            store.close()
            raise
        return store

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            return self._connect_read_only()
        try:
            con = sqlite3.connect(
                self.path,
                timeout=self.busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from None
        try:
            con.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            con.execute("PRAGMA foreign_keys = ON")
            mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal" and str(self.path) != ":memory:":
                raise StoreError(f"{self.path}: cannot switch the journal to WAL (got {mode})")
            con.execute("PRAGMA synchronous = FULL")
            con.execute("PRAGMA cache_size = -65536")
        except sqlite3.DatabaseError as exc:
            con.close()
            err = store_error(self.path, exc)
            if _primary_code(exc) == _SQLITE_CANTOPEN and self.path.exists():
                err = StoreReadOnly(read_only_message(self.path))  # e.g. no -shm on RO media
            elif _primary_code(exc) == _SQLITE_CANTOPEN:
                err = StoreError(
                    f"cannot create the store at {self.path} ({exc}); is its folder writable?"
                )
            if isinstance(err, StoreReadOnly):
                raise err from None
            if _primary_code(exc) == _SQLITE_NOTADB or "not a database" in str(exc):
                raise StoreDamaged(
                    f"{self.path}: not a usable SQLite database ({exc}); "
                    + damaged_message(self.path)
                ) from None
            if err is not None:
                raise err from None
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from None
        return con

    def _connect_read_only(self) -> sqlite3.Connection:
        """A query-only connection; immutable when the -shm file can neither be found nor made."""
        last: sqlite3.Error | None = None
        for immutable in (self._immutable, True):
            mode = "immutable=1" if immutable else "mode=ro"
            uri = f"file:{quote(str(self.path.resolve()))}?{mode}"
            try:
                con = sqlite3.connect(
                    uri,
                    uri=True,
                    timeout=self.busy_timeout_ms / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
                con.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
                con.execute("PRAGMA query_only = ON")
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error as exc:
                last = exc
                with suppress(UnboundLocalError, sqlite3.Error):
                    con.close()
                err = store_error(self.path, exc)
                if isinstance(err, StoreDamaged):
                    raise err from None
                continue
            self._immutable = immutable
            return con
        raise StoreError(f"{self.path}: cannot open read-only ({last})") from None

    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (created on first use; reset after a fork)."""
        if self._closed:
            raise StoreError("the store is closed")
        if os.getpid() != self._pid:  # forked child: never reuse the parent's connections
            _ABANDONED.extend(c for _, c in self._conns)  # never close them here: keep them
            self._local = threading.local()
            self._conns = []
            self._lock = threading.Lock()
            self._pid = os.getpid()
        con = getattr(self._local, "con", None)
        if con is None:
            self._close_orphans()
            con = self._connect()
            self._local.con = con
            with self._lock:
                self._conns.append((threading.current_thread(), con))
        return con

    def _close_orphans(self) -> None:
        """Close connections of threads that have ended (Streamlit runs each rerun anew)."""
        with self._lock:
            alive = []
            for thread, con in self._conns:
                if thread.is_alive():
                    alive.append((thread, con))
                else:
                    with suppress(sqlite3.Error):
                        con.close()
            self._conns = alive

    def release_connection(self) -> None:
        """Close this thread's connection now (a worker thread calls it when it is done)."""
        con = getattr(self._local, "con", None)
        if con is None:
            return
        self._local.con = None
        with self._lock:
            self._conns = [(t, c) for t, c in self._conns if c is not con]
        with suppress(sqlite3.Error):
            con.close()

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for _, con in self._conns:
                with suppress(sqlite3.Error):
                    con.close()
            self._conns.clear()
        self._local = threading.local()
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: all of it commits or none of it does."""
        if self.read_only:
            raise StoreReadOnly(read_only_message(self.path))
        con = self._conn()
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        else:
            try:
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise

    @_guarded
    def _migrate(self) -> None:
        con = self._conn()
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version (schema {version} > "
                f"{SCHEMA_VERSION}); upgrade this program"
            )
        if version == SCHEMA_VERSION:
            return
        if self.read_only:
            raise StoreError(
                f"the store at {self.path} is read-only and was written by an older version "
                f"(schema {version} < {SCHEMA_VERSION}); copy it to a writable folder and open "
                "it there once to upgrade it"
            )
        with self._write() as con:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            for i in range(version, SCHEMA_VERSION):
                MIGRATIONS[i](con)
                con.execute(f"PRAGMA user_version = {i + 1}")

    @property
    def has_fts(self) -> bool:
        """Whether sentence search uses the FTS5 index (else LIKE)."""
        if self._fts is None:
            row = (
                self._conn()
                .execute("SELECT 1 FROM sqlite_master WHERE name = 'sentences_fts'")
                .fetchone()
            )
            self._fts = row is not None
        return self._fts

    @property
    def has_doc_search(self) -> bool:
        """Whether whole-document search (title and text, stemmed) is available."""
        if getattr(self, "_doc_search", None) is None:
            row = (
                self._conn()
                .execute("SELECT 1 FROM sqlite_master WHERE name = 'doc_search'")
                .fetchone()
            )
            self._doc_search = row is not None
        return bool(self._doc_search)

    # --- writing -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """This store as a sqlite:/// URL (absolute path) that open_store opens again."""
        return "sqlite:///" + str(self.path.expanduser().resolve()).lstrip("/")

    @_guarded
    def add_document(
        self, doc: Document, events: Sequence[Event], prepared: Prepared | None = None
    ) -> AddResult:
        """Store a document and its events in one transaction; same content twice is a no-op.

        A document with the same URL but different content is a corrected version: the old
        document and its events are replaced in the same transaction. prepared: what
        prepare_document(doc, events) gives, computed ahead (on a worker), else here.
        """
        (p,) = check_prepared([(doc, events)], None if prepared is None else [prepared])
        with self._write() as con:
            return self._add_one(con, doc, events, p)

    @_guarded
    def add_documents(
        self,
        items: Sequence[tuple[Document, Sequence[Event]]],
        prepared: Sequence[Prepared | None] | None = None,
    ) -> list[AddResult]:
        """Store a batch of documents in one transaction (all or none), each as add_document.

        A document repeated inside the batch is stored once; the later copy is a duplicate.
        prepared: one prepare_document value (or None) per item, computed ahead.
        """
        items = list(items)
        pre = check_prepared(items, prepared)
        with self._write() as con:
            pending: list[tuple[int, Prepared]] = []
            out = [
                self._add_one(con, doc, events, p, pending)
                for (doc, events), p in zip(items, pre, strict=True)
            ]
            self._flush(con, pending)
            return out

    def _flush(self, con: sqlite3.Connection, pending: list[tuple[int, Prepared]]) -> None:
        """Write the rows of the documents added so far in the batch (see _add_one)."""
        if pending:
            _insert_prepared(con, pending, self.has_doc_search)
            pending.clear()

    def _add_one(
        self,
        con: sqlite3.Connection,
        doc: Document,
        events: Sequence[Event],
        prepared: Prepared | None = None,
        pending: list[tuple[int, Prepared]] | None = None,
    ) -> AddResult:
        """Add one document inside the caller's write transaction.

        With pending, its sentences, events and search row wait there for the batch's
        _flush (one set of statements for the batch); a replaced document's are written first.
        """
        from geo.ingest import content_hash

        if prepared is not None:
            h = prepared.content_hash
        else:
            h = doc.content_hash or content_hash(doc.text)
        key = doc_key(doc)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        row = con.execute(
            "SELECT id, n_events FROM documents WHERE content_hash = ?", (h,)
        ).fetchone()
        if row is not None:
            return AddResult("duplicate", int(row[0]), int(row[1]))
        status = "added"
        if key is not None:
            old = [r[0] for r in con.execute("SELECT id FROM documents WHERE doc_key = ?", (key,))]
            if old:
                self._flush(con, pending or [])  # the old document may be in this batch
                _mark_dirty(con, old)
                con.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in old])
                status = "replaced"
        cur = con.execute(
            "INSERT INTO documents (content_hash, doc_key, title, source, url, doc_date, "
            "language, ingested_at, n_events) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                h,
                key,
                doc.title,
                doc.source,
                doc.url,
                to_days(doc.doc_date),
                doc.language,
                now,
                len(events),
            ),
        )
        doc_id = int(cur.lastrowid)
        if prepared is None:  # computed here, inside the transaction, as it always was
            named = doc if doc.content_hash else replace(doc, content_hash=h)
            prepared = prepare_document(named, events, _event_row)
        if pending is None:
            _insert_prepared(con, [(doc_id, prepared)], self.has_doc_search)
        else:
            pending.append((doc_id, prepared))
        return AddResult(status, doc_id, len(events))

    @_guarded
    def find_document(self, content_hash: str) -> int | None:
        """The id of the stored document with this content hash, if any."""
        row = (
            self._conn()
            .execute("SELECT id FROM documents WHERE content_hash = ?", (content_hash,))
            .fetchone()
        )
        return None if row is None else int(row[0])

    @_guarded
    def delete_document(self, doc_id: int) -> bool:
        """Delete a document and (by cascade) its events; False when there was none."""
        with self._write() as con:
            _mark_dirty(con, [int(doc_id)])
            cur = con.execute("DELETE FROM documents WHERE id = ?", (int(doc_id),))
            return cur.rowcount > 0

    def remove_documents(
        self, doc_ids: Sequence[int] = (), source: str | None = None
    ) -> tuple[int, int]:
        """Delete documents by id and/or source name, with their events and sentences.

        One transaction: every named document goes, or none does. Returns (documents, events)
        removed; ids that do not exist are simply not counted.
        """
        ids = [int(i) for i in doc_ids]
        with self._write() as con:
            if source is not None:
                ids += [
                    r[0]
                    for r in con.execute("SELECT id FROM documents WHERE source = ?", (source,))
                ]
            ids = sorted(set(ids))
            if not ids:
                return 0, 0
            marks = ",".join("?" * len(ids))
            n_events = con.execute(
                f"SELECT count(*) FROM events WHERE doc_id IN ({marks})", ids
            ).fetchone()[0]
            cur = con.execute(f"DELETE FROM documents WHERE id IN ({marks})", ids)
            return int(cur.rowcount), int(n_events)

    def documents_frame(self, limit: int | None = None) -> pd.DataFrame:
        """The stored documents, newest ingested first: doc_id, title, source, url, doc_date,
        ingested_at, n_events (events stored now)."""

        sql = (
            "SELECT d.id, d.title, d.source, d.url, d.doc_date, d.ingested_at, "
            "(SELECT count(*) FROM events e WHERE e.doc_id = d.id) FROM documents d "
            "ORDER BY d.ingested_at DESC, d.id DESC"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        rows = self._conn().execute(sql, params).fetchall()
        return documents_df(rows, DOCUMENTS_COLUMNS)

    # --- filters -------------------------------------------------------------------------------
    def _max_span(self, con: sqlite3.Connection) -> int:
        row = con.execute("SELECT max(date_end - date_start) FROM events").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _where(
        self, con: sqlite3.Connection, flt: EventFilter | None, alias: str = "e"
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions (ANDed) and parameters for a filter; periods overlap the window."""
        if flt is None:
            return [], []
        a = alias
        shared = filter_clauses(flt, a, "?", lambda: self._max_span(con))
        if shared is None:
            return ["0"], []
        clauses, params = shared
        if flt.ubigeos:
            sql, p = _ubigeo_clause(flt.ubigeos, a)
            clauses.append(sql)
            params += p
        if flt.text and flt.text.strip() and flt.text_scope == "document" and self.has_doc_search:
            from geo.search import match_query

            query = match_query(flt.text)
            if query:
                clauses.append(
                    f"{a}.doc_id IN (SELECT rowid FROM doc_search WHERE doc_search MATCH ?)"
                )
                params.append(query)
        elif flt.text and flt.text.strip():
            if self.has_fts:
                query = _fts_query(flt.text)
                if query:
                    clauses.append(
                        f"{a}.sentence_id IN "
                        "(SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)"
                    )
                    params.append(query)
            else:
                clauses.append(
                    f"{a}.sentence_id IN (SELECT id FROM sentences WHERE text LIKE ? ESCAPE '\\')"
                )
                params.append("%" + _like_escape(flt.text.strip()) + "%")
        return clauses, params

    # --- reading -------------------------------------------------------------------------------
    @_guarded
    def events_frame(
        self, flt: EventFilter | None = None, limit: int | None = None
    ) -> pd.DataFrame:
        """Events matching the filter with their document's title/url/source, oldest first.

        Undated events (only without a date window) come last.

        date_start, date_end and doc_date are datetime64[ns] (midnight; NaT when unknown).
        """

        con = self._conn()
        clauses, params = self._where(con, flt)
        sql = _SELECT_EVENTS + (" WHERE " + " AND ".join(clauses) if clauses else "")
        sql += " ORDER BY e.date_start IS NULL, e.date_start, e.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return events_df(con.execute(sql, params).fetchall())

    # --- event clusters (distinct events) -----------------------------------------------------
    @_guarded
    def ensure_clusters(self) -> int:
        """Recompute the clusters of departments changed since the last read; returns how many.

        Writes stay cheap (a document only marks its departments); the grouping runs here,
        one department per transaction, so counts of distinct events are always current. A
        read-only store keeps the clusters it has.
        """
        if self.read_only:
            return 0
        con = self._conn()
        dirty = [r[0] for r in con.execute("SELECT dep2 FROM clusters_dirty ORDER BY dep2")]
        for dep in dirty:
            with self._write() as w:
                _recluster(w, dep)
        return len(dirty)

    @_guarded
    def clusters_frame(self, flt: EventFilter | None = None) -> pd.DataFrame:
        """Distinct events with at least one mention matching the filter, oldest first.

        Columns CLUSTER_COLUMNS; doc_ids is a list of document ids, earliest report first;
        title/url/source are those of the earliest report.
        """

        self.ensure_clusters()
        con = self._conn()
        clauses, params = self._where(con, flt)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = (
            _SELECT_CLUSTERS
            + f" WHERE c.id IN (SELECT e.cluster_id FROM events e{where})"
            + " ORDER BY c.date_start IS NULL, c.date_start, c.id"
        )
        return clusters_df(con.execute(sql, params).fetchall())

    @_guarded
    def casualties(self, flt: EventFilter | None, level: str | None = None) -> pd.DataFrame:
        """Fatalities and injured per unit (or in total when level is None), once per event.

        Each distinct event with a matching mention counts its largest stated numbers once,
        however many reports and mentions repeat them. Columns: ubigeo, fatalities, injured.
        """

        self.ensure_clusters()
        con = self._conn()
        clauses, params = self._where(con, flt)
        sql = casualties_sql(clauses, level)
        return casualties_df(con.execute(sql, params).fetchall())

    @_guarded
    def type_counts(self, flt: EventFilter | None, distinct: bool = False) -> dict[str, int]:
        """Mentions (or distinct events) per event type id under the filter."""
        if distinct:
            self.ensure_clusters()
        con = self._conn()
        clauses, params = self._where(con, flt)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        out: dict[str, int] = {}
        if not distinct:
            sql = f"SELECT e.event_types, count(*) FROM events e{where} GROUP BY e.event_types"
            for types, n in con.execute(sql, params):
                for t in str(types).split(","):
                    out[t] = out.get(t, 0) + int(n)
            return out
        seen: dict[str, set[int]] = {}
        sql = f"SELECT e.event_types, e.cluster_id FROM events e{where}"
        for types, cid in con.execute(sql, params):
            for t in str(types).split(","):
                seen.setdefault(t, set()).add(cid)
        return {t: len(v) for t, v in seen.items()}

    @_guarded
    def counts(self, flt: EventFilter | None, level: str, distinct: bool = False) -> pd.DataFrame:
        """Events per unit at a level (events at or below it, code truncated): ubigeo, count.

        distinct=True counts distinct events (clusters of reports) instead of mentions.
        """

        if level not in LEVEL_COLUMN:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        col = LEVEL_COLUMN[level]
        if distinct:
            self.ensure_clusters()
        con = self._conn()
        clauses, params = self._where(con, flt)
        clauses.append(f"e.{col} IS NOT NULL")
        what = "count(DISTINCT e.cluster_id)" if distinct else "count(*)"
        sql = (
            f"SELECT e.{col}, {what} FROM events e WHERE {' AND '.join(clauses)} "
            f"GROUP BY e.{col} ORDER BY e.{col}"
        )
        return counts_df(con.execute(sql, params).fetchall())

    @_guarded
    def unit_summary(
        self, flt: EventFilter | None, level: str, measure: str | None = None
    ) -> pd.DataFrame:
        """Per unit at a level, in SQL: ubigeo, count, documents, lat, lon, name.

        measure None counts every mention (export --aggregate), a map measure what the map
        counts (base.measure_sql). The name is that of the unit's earliest event with one.
        """
        if level not in LEVEL_COLUMN:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        what, _ = measure_sql(measure, "x")
        _, only = measure_sql(measure, "e")
        if measure == "events":
            self.ensure_clusters()
        col = LEVEL_COLUMN[level]
        name = level  # the events' department/province/district column
        con = self._conn()
        clauses, params = self._where(con, flt)
        clauses += [f"e.{col} IS NOT NULL", *only]
        sql = (
            f"SELECT x.k, {what}, count(DISTINCT x.doc_id), avg(x.lat), avg(x.lon), max(x.nm) "
            f"FROM (SELECT e.{col} AS k, e.doc_id, e.sentence_id, e.cluster_id, e.lat, e.lon, "
            f"first_value(e.{name}) OVER (PARTITION BY e.{col} ORDER BY e.{name} IS NULL, "
            "e.date_start IS NULL, e.date_start, e.id) AS nm "
            f"FROM events e WHERE {' AND '.join(clauses)}) x GROUP BY x.k ORDER BY x.k"
        )
        return unit_summary_df(con.execute(sql, params).fetchall())

    @_guarded
    def timeline(self, flt: EventFilter | None, freq: str, distinct: bool = False) -> pd.DataFrame:
        """Events per day/week/month by start date (clipped to the window): period_start, count.

        Periods without events are included with count 0; weeks start on Monday. distinct=True
        counts each distinct event once, on the first day one of its matching mentions starts.
        """

        if freq not in ("day", "week", "month"):
            raise ValueError(f"freq must be day, week or month, not {freq!r}")
        con = self._conn()
        clauses, params = self._where(con, flt)
        clauses.append("e.date_start IS NOT NULL")
        day = "e.date_start"
        if flt is not None and flt.date_from is not None:
            day = f"max(e.date_start, {int(to_days(flt.date_from))})"
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"SELECT {day} AS d, count(*) FROM events e{where} GROUP BY d ORDER BY d"
        if distinct:
            self.ensure_clusters()
            sql = (
                f"SELECT d, count(*) FROM (SELECT min({day}) AS d FROM events e{where} "
                "GROUP BY e.cluster_id) GROUP BY d ORDER BY d"
            )
        return timeline_df(con.execute(sql, params).fetchall(), freq)

    @_guarded
    def documents_for(self, ubigeo_prefix: str, flt: EventFilter | None = None) -> pd.DataFrame:
        """Documents with events in a unit (ubigeo prefix) under the filter, most events first.

        Columns: doc_id, title, url, source, doc_date (datetime64[ns]), language, ingested_at,
        n_events (all events of the document), n_matching (events in this unit and filter).
        """

        flt = flt or EventFilter()
        con = self._conn()
        clauses, params = self._where(con, replace(flt, ubigeos=()))
        sql_u, p_u = _ubigeo_clause((ubigeo_prefix,), "e")
        clauses.append(sql_u)
        params += p_u
        if flt.ubigeos:
            sql_f, p_f = _ubigeo_clause(flt.ubigeos, "e")
            clauses.append(sql_f)
            params += p_f
        sql = (
            "SELECT d.id, d.title, d.url, d.source, d.doc_date, d.language, d.ingested_at, "
            "d.n_events, count(*) AS n_matching FROM events e JOIN documents d ON d.id = e.doc_id "
            f"WHERE {' AND '.join(clauses)} GROUP BY d.id "
            "ORDER BY n_matching DESC, d.doc_date DESC, d.id"
        )
        return documents_df(con.execute(sql, params).fetchall(), DOCUMENTS_FOR_COLUMNS)

    @_guarded
    def date_span(self) -> tuple[date, date] | None:
        """Earliest event start and latest event end, or None for an empty store."""
        row = self._conn().execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
        if row is None or row[0] is None:
            return None
        return from_days(row[0]), from_days(row[1])  # type: ignore[return-value]

    @_guarded
    def stats(self) -> dict[str, int]:
        """How many documents and events the store holds."""
        con = self._conn()
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        return {"documents": int(docs), "events": int(events)}


def _writable(p: Path) -> bool:
    """Whether this process may change the store file and create its -wal/-shm files."""
    return os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)


# --- check and backup (python -m geo check / backup) -----------------------------------------
@dataclass(frozen=True)
class CheckReport:
    """What `python -m geo check` found: ok, the problems, and figures about the store."""

    path: Path
    ok: bool
    problems: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)


def _open_for_check(path: Path, writable: bool = False) -> sqlite3.Connection:
    """A connection for reading (read-only, immutable on read-only media, unless writable).

    The full-text integrity check is a command that needs a writable connection, though it
    changes nothing (and runs inside a transaction that is rolled back).
    """
    errors = []
    for mode in ("mode=rw", "mode=ro", "immutable=1") if writable else ("mode=ro", "immutable=1"):
        try:
            con = sqlite3.connect(
                f"file:{quote(str(path.resolve()))}?{mode}", uri=True, isolation_level=None
            )
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return con
        except sqlite3.Error as exc:
            errors.append(exc)
            if isinstance(store_error(path, exc), StoreDamaged):
                raise
    raise errors[-1]


def check_store(path: Path | str) -> CheckReport:
    """Integrity check, foreign keys, the full-text index and counts, without changing anything."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise StoreError(f"no store at {p}")
    facts: list[tuple[str, str]] = [("file", f"{p.stat().st_size / 1e6:.1f} MB")]
    problems: list[str] = []
    with p.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            return CheckReport(p, False, ["not an SQLite database (its header is wrong)"], facts)
    try:
        con = _open_for_check(p, writable=_writable(p))
    except sqlite3.Error as exc:
        return CheckReport(p, False, [f"cannot be opened: {exc}"], facts)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        facts.append(("schema", f"v{version} (this program writes v{SCHEMA_VERSION})"))
        if version > SCHEMA_VERSION:
            problems.append(f"written by a newer version (schema v{version})")
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        if rows != ["ok"]:
            problems += [f"integrity: {r}" for r in rows]
        try:
            bad_fk = con.execute("PRAGMA foreign_key_check").fetchall()
            if bad_fk:
                problems.append(f"{len(bad_fk)} row(s) point to a missing parent row")
        except sqlite3.DatabaseError as exc:
            problems.append(f"foreign keys: {exc}")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in ("documents", "events", "sentences"):
            if table not in tables:
                continue
            try:
                n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                facts.append((table, f"{n:,}"))
            except sqlite3.DatabaseError as exc:
                problems.append(f"{table}: {exc}")
        if "documents" in tables and "events" in tables:
            try:
                wrong = con.execute(
                    "SELECT count(*) FROM documents d WHERE d.n_events != "
                    "(SELECT count(*) FROM events e WHERE e.doc_id = d.id)"
                ).fetchone()[0]
                if wrong:
                    problems.append(f"{wrong} document(s) whose event count does not match")
            except sqlite3.DatabaseError as exc:
                problems.append(f"event counts: {exc}")
        fts = next((t for t in ("sentences_fts", "events_fts") if t in tables), None)
        if fts:
            facts.append(("full-text index", fts))
            try:  # a command, not a change: checks the index against its content table
                con.execute("BEGIN")
                con.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                if "readonly" in str(exc).lower():
                    facts.append(("full-text check", "skipped (read-only store)"))
                else:
                    problems.append(f"full-text index: {exc}")
            finally:
                if con.in_transaction:
                    con.execute("ROLLBACK")
    finally:
        con.close()
    return CheckReport(p, not problems, problems, facts)


def backup_store(path: Path | str, dest: Path | str) -> Path:
    """Copy the store with SQLite's online backup API (safe while others use it); returns dest.

    A folder as dest gets a time-stamped file; an existing file is never overwritten. The copy
    is integrity-checked before it takes its name, so a half-written backup never exists.
    """
    src = Path(path).expanduser()
    if not src.is_file():
        raise StoreError(f"no store at {src}")
    out = Path(dest).expanduser()
    if out.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        out = out / f"{src.stem}-{stamp}{src.suffix or '.sqlite'}"
    if out.exists():
        raise StoreError(f"{out} already exists; choose another name (a backup never overwrites)")
    if out.resolve() == src.resolve():
        raise StoreError("the backup must go to another file than the store")
    tmp = out.with_name(f".{out.name}.partial")
    try:
        source = _open_for_check(src)
    except sqlite3.Error as exc:
        raise store_error(src, exc) or StoreError(f"cannot open {src}: {exc}") from None
    try:
        target = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(target)
            ok = target.execute("PRAGMA quick_check").fetchone()[0]
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise store_error(src, exc) or StoreError(f"backup failed: {exc}") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        source.close()
    if ok != "ok":
        tmp.unlink(missing_ok=True)
        raise StoreDamaged(damaged_message(src, f"the copy fails its check ({ok})"))
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return out


def _mark_dirty(con: sqlite3.Connection, doc_ids: Sequence[int]) -> None:
    """Mark the departments of these documents' events for reclustering."""
    marks = ",".join("?" * len(doc_ids))
    con.execute(
        "INSERT OR IGNORE INTO clusters_dirty "
        f"SELECT DISTINCT dep2 FROM events WHERE doc_id IN ({marks})",
        [int(i) for i in doc_ids],
    )


def _recluster(con: sqlite3.Connection, dep: str) -> None:
    """Regroup one department's mentions into clusters (inside the caller's transaction)."""
    rows = con.execute(RECLUSTER_SELECT.replace("%s", "?"), (dep,)).fetchall()
    con.execute("DELETE FROM clusters WHERE dep2 = ?", (dep,))
    assign = []
    for values, members in cluster_records(rows):
        cur = con.execute(
            "INSERT INTO clusters (dep2, " + ", ".join(CLUSTER_INSERT_COLUMNS) + ") "
            "VALUES (" + ",".join("?" * (1 + len(CLUSTER_INSERT_COLUMNS))) + ")",
            (dep, *values),
        )
        cid = int(cur.lastrowid)
        assign += [(cid, m) for m in members]
    con.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", assign)
    con.execute("DELETE FROM clusters_dirty WHERE dep2 = ?", (dep,))


def _ubigeo_clause(prefixes: Sequence[str], a: str) -> tuple[str, list[Any]]:
    """OR of prefix matches, using the dep2/prov4/dist6 columns so indexes apply."""
    parts: list[str] = []
    params: list[Any] = []
    by_len = check_ubigeo_prefixes(prefixes)
    for n, codes in sorted(by_len.items()):
        col = {2: "dep2", 4: "prov4", 6: "dist6"}.get(n)
        if col:
            parts.append(f"{a}.{col} IN ({','.join('?' * len(codes))})")
            params += codes
        else:
            for code in codes:
                parts.append(f"{a}.ubigeo GLOB ?")
                params.append(code + "*")
    return "(" + " OR ".join(parts) + ")", params


def _fts_query(text: str) -> str:
    """User words as an FTS5 query: every word must appear (as a word prefix)."""
    words = _WORD_RE.findall(text)
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)
