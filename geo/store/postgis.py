"""The event store on a PostgreSQL/PostGIS server: many writers and readers, one database.

Same semantics as the SQLite store (geo.store.sqlite): documents are identified by content
hash (a unique index; concurrent writers meet at INSERT ... ON CONFLICT and never store a
document twice), a document with the same URL and new content replaces the old one in the
same transaction, and a batch is one transaction (a crash leaves nothing half-written).
Batches go in through COPY: documents into a staging table merged with ON CONFLICT, their
sentences and events straight into their tables under ids drawn from the sequences.

Readers never wait for writers (MVCC; reads run in autocommit). Events carry a
geometry(Point, 4326) with a GiST index; user boundaries live in user_boundaries
(geometry(MultiPolygon, 4326), made valid with ST_MakeValid) and per-unit counts are SQL.
Text search uses tsvectors under the `pem_simple` configuration (lower-case + unaccent): a
sentence is matched word by word as typed (prefixes, like FTS5), a document by its words and
their Spanish/English Snowball stems (geo.search, the same keys the SQLite index holds), so
both backends find the same documents.

Every parameter is bound; table and column names in SQL come from constants, never from users.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from geo.model import LEVELS, Document, Event, EventFilter
from geo.store.base import (
    _SELECT_CLUSTERS,
    _SELECT_EVENTS,
    CLUSTER_INSERT_COLUMNS,
    DOCUMENTS_COLUMNS,
    DOCUMENTS_FOR_COLUMNS,
    EVENT_ROW_COLUMNS,
    LEVEL_COLUMN,
    RECLUSTER_SELECT,
    AddResult,
    BaseStore,
    Prepared,
    StoreError,
    StoreFull,
    StoreReadOnly,
    _event_row,
    casualties_df,
    casualties_sql,
    check_prepared,
    check_ubigeo_prefixes,
    cluster_records,
    clusters_df,
    counts_df,
    doc_key,
    documents_df,
    events_df,
    filter_clauses,
    from_days,
    measure_sql,
    stored_sentence,
    timeline_df,
    to_days,
    unit_summary_df,
)

if TYPE_CHECKING:
    import pandas as pd
    import psycopg

# --- schema ------------------------------------------------------------------------------------
_V1 = [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'pem_simple') THEN
            CREATE TEXT SEARCH CONFIGURATION pem_simple (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION pem_simple
                ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword,
                    hword_asciipart, hword_part, hword_numpart
                WITH unaccent, simple;
        END IF;
    END $$""",
    """CREATE TABLE documents (
        id bigserial PRIMARY KEY,
        content_hash text NOT NULL UNIQUE,
        doc_key text,
        title text,
        source text,
        url text,
        doc_date integer,
        language text,
        ingested_at text NOT NULL,
        n_events integer NOT NULL DEFAULT 0,
        search tsvector
    )""",
    "CREATE INDEX documents_doc_key ON documents(doc_key) WHERE doc_key IS NOT NULL",
    "CREATE INDEX documents_source ON documents(source)",
    "CREATE INDEX documents_ingested ON documents(ingested_at DESC, id DESC)",
    "CREATE INDEX documents_search ON documents USING gin(search)",
    """CREATE TABLE sentences (
        id bigserial PRIMARY KEY,
        doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        text text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('pem_simple'::regconfig, text)) STORED
    )""",
    "CREATE INDEX sentences_doc ON sentences(doc_id)",
    "CREATE INDEX sentences_tsv ON sentences USING gin(tsv)",
    # sentence_id has no foreign key: the batch that writes an event writes its sentence,
    # and both go with their document (ON DELETE CASCADE); a per-row check would cost a
    # quarter of the bulk load. No index on sentence_id or cluster_id either: no query looks
    # events up by them (text search and clusters join the other way).
    """CREATE TABLE events (
        id bigserial PRIMARY KEY,
        doc_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        surface text NOT NULL,
        start integer NOT NULL,
        "end" integer NOT NULL,
        ubigeo text NOT NULL,
        level text NOT NULL,
        dep2 text NOT NULL,
        prov4 text,
        dist6 text,
        department text,
        province text,
        district text,
        place text,
        lat double precision,
        lon double precision,
        date_start integer,
        date_end integer,
        date_precision text,
        doc_date integer,
        confidence double precision NOT NULL,
        sentence_id bigint NOT NULL,
        role text NOT NULL DEFAULT 'body',
        event_types text NOT NULL DEFAULT 'other',
        fatalities integer,
        injured integer,
        cluster_id bigint,
        geom geometry(Point, 4326) GENERATED ALWAYS AS (
            CASE WHEN lon IS NOT NULL AND lat IS NOT NULL
                THEN ST_SetSRID(ST_MakePoint(lon, lat), 4326) END
        ) STORED,
        CHECK ((date_start IS NULL) = (date_end IS NULL))
    )""",
    "CREATE INDEX events_doc ON events(doc_id)",
    "CREATE INDEX events_dates ON events(date_start, date_end, dep2, prov4, confidence)",
    "CREATE INDEX events_dep ON events(dep2, date_start, date_end)",
    "CREATE INDEX events_prov ON events(prov4, date_start, date_end) WHERE prov4 IS NOT NULL",
    "CREATE INDEX events_dist ON events(dist6, date_start, date_end) WHERE dist6 IS NOT NULL",
    "CREATE INDEX events_span ON events((date_end - date_start))",
    "CREATE INDEX events_geom ON events USING gist(geom)",
    """CREATE TABLE clusters (
        id bigserial PRIMARY KEY,
        dep2 text NOT NULL,
        ubigeo text NOT NULL,
        level text NOT NULL,
        department text,
        province text,
        district text,
        place text,
        lat double precision,
        lon double precision,
        date_start integer,
        date_end integer,
        event_types text NOT NULL,
        fatalities integer,
        injured integer,
        n_mentions integer NOT NULL,
        n_sources integer NOT NULL,
        first_doc_id bigint NOT NULL,
        first_date integer,
        doc_ids text NOT NULL,
        sentence text NOT NULL
    )""",
    "CREATE INDEX clusters_dep ON clusters(dep2)",
    "CREATE TABLE clusters_dirty (dep2 text PRIMARY KEY, generation bigint NOT NULL DEFAULT 0)",
    """CREATE TABLE user_boundaries (
        level text NOT NULL,
        ubigeo text NOT NULL,
        name text,
        geom geometry(MultiPolygon, 4326) NOT NULL,
        PRIMARY KEY (level, ubigeo)
    )""",
    "CREATE INDEX user_boundaries_geom ON user_boundaries USING gist(geom)",
]
# v2: sentence search on the events themselves. Each event carries its sentence's tsvector
# under a GIN index, so a text search and the date window meet in one BitmapAnd on one table
# (no heap pass over every matching sentence hash-joined to the window's events: 264 ms ->
# under 100 ms at 1M events). The sentences lose their copy and its index (written once, on
# the events). Existing events get their sentence's vector here.
_V2 = [
    "ALTER TABLE events ADD COLUMN tsv tsvector",
    "UPDATE events e SET tsv = s.tsv FROM sentences s WHERE s.id = e.sentence_id",
    "CREATE INDEX events_tsv ON events USING gin(tsv)",
    "DROP INDEX sentences_tsv",
    "ALTER TABLE sentences DROP COLUMN tsv",
]
# v3: when each user boundary was stored, so a dashboard's cached layer knows it is stale.
_V3 = [
    "ALTER TABLE user_boundaries ADD COLUMN added_at timestamptz NOT NULL "
    "DEFAULT clock_timestamp()",
]
# Each entry upgrades the schema by one version; pem_schema records how many ran.
MIGRATIONS: tuple[tuple[str, ...], ...] = (tuple(_V1), tuple(_V2), tuple(_V3))
SCHEMA_VERSION = len(MIGRATIONS)
_MIGRATE_LOCK = 0x50454D01  # advisory lock key: one process migrates at a time

# The events' COPY columns: what _event_row fills, then the sentence's tsvector.
_EVENT_COLS = ", ".join(f'"{c}"' if c == "end" else c for c in EVENT_ROW_COLUMNS)

_F = TypeVar("_F", bound=Callable[..., Any])
# Pools inherited through fork(): their connections belong to the parent, so they are kept
# referenced and never closed in the child.
_ABANDONED: list[Any] = []


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def _one_line(exc: BaseException) -> str:
    """A server message on one line (libpq adds hints on indented lines)."""
    return " ".join(str(exc).split())


def server_error(url: str, exc: BaseException) -> StoreError | None:
    """The StoreError a psycopg error stands for (unreachable, full, read-only), else None."""
    import psycopg
    from psycopg import errors as pe

    where = redact(url)
    if isinstance(exc, pe.DiskFull | pe.OutOfMemory | pe.ProgramLimitExceeded):
        return StoreFull(
            f"the PostgreSQL server at {where} cannot store more ({exc}); nothing more was "
            "written: free space on the server and run the command again"
        )
    if isinstance(exc, pe.ReadOnlySqlTransaction | pe.InsufficientPrivilege):
        return StoreReadOnly(
            f"the PostgreSQL store at {where} refuses changes ({_one_line(exc)}): it can be "
            "read and exported, not changed"
        )
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return StoreError(f"cannot use the PostgreSQL server at {where}: {_one_line(exc)}")
    return None


def _guarded(fn: _F) -> _F:
    """Turn psycopg errors about the server (gone, full, read-only) into StoreErrors."""

    @functools.wraps(fn)
    def wrapper(self: PostgisStore, *args: Any, **kwargs: Any) -> Any:
        import psycopg

        try:
            return fn(self, *args, **kwargs)
        except psycopg.Error as exc:
            err = server_error(self._url, exc)
            if err is None:
                raise
            raise err from exc

    return wrapper  # type: ignore[return-value]


def _ubigeo_clause(prefixes: Sequence[str], a: str) -> tuple[str, list[Any]]:
    """OR of prefix matches on the dep2/prov4/dist6 columns (indexed); other lengths use LIKE."""
    parts: list[str] = []
    params: list[Any] = []
    for n, codes in sorted(check_ubigeo_prefixes(prefixes).items()):
        col = {2: "dep2", 4: "prov4", 6: "dist6"}.get(n)
        if col:
            parts.append(f"{a}.{col} = ANY(%s)")
            params.append(list(codes))
        else:
            for code in codes:  # digits only (checked), so nothing to escape
                parts.append(f"{a}.ubigeo LIKE %s")
                params.append(code + "%")
    return "(" + " OR ".join(parts) + ")", params


def sentence_query(text: str) -> str | None:
    """Words as a tsquery string for pem_simple: every word must appear, as a word prefix.

    Only word characters reach it (no tsquery operators), and it is bound as a parameter.
    """
    from geo.search import words

    return " & ".join(f"{w}:*" for w in words(text)[:20]) or None


def document_query(text: str) -> str | None:
    """A tsquery string for document search: each word as typed (prefix) or by a stem."""
    from geo.search import stems, words

    parts = []
    for w in words(text)[:20]:
        alts = [f"{w}:*"] + [k for k in stems(w) if k != w]
        parts.append("(" + " | ".join(alts) + ")" if len(alts) > 1 else alts[0])
    return " & ".join(parts) or None


class PostgisStore(BaseStore):
    """An event store on a PostgreSQL/PostGIS server, shared by processes and threads (a pool)."""

    def __init__(self, url: str, min_size: int = 1, max_size: int = 8, **_: Any) -> None:
        self._url = url
        self.read_only = False
        self._closed = False
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._sizes = (int(min_size), max(int(max_size), int(min_size)))
        self._pool = self._new_pool()

    def _new_pool(self) -> Any:
        from psycopg_pool import ConnectionPool

        return ConnectionPool(
            self._url,
            min_size=self._sizes[0],
            max_size=self._sizes[1],
            kwargs={"autocommit": True},
            open=False,
            timeout=30,
            name="pem",
        )

    @classmethod
    def open(cls, url: str, **kw: Any) -> PostgisStore:
        """Connect to the server and bring its schema up to date (creating it the first time)."""
        import psycopg

        kw.pop("busy_timeout_ms", None)
        try:  # one direct attempt first: a wrong URL is one clear line, not a pool timeout
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect to the PostgreSQL server at {redact(url)}: {_one_line(exc)}"
            ) from None
        store = cls(url, **kw)
        try:
            store._pool.open(wait=True, timeout=30)
        except Exception as exc:
            store._pool.close()
            raise StoreError(
                f"cannot connect to the PostgreSQL server at {redact(url)}: {_one_line(exc)}"
            ) from None
        try:
            store._migrate()
        except psycopg.Error as exc:
            store.close()
            err = server_error(url, exc)
            msg = f"{redact(url)}: cannot set up the store ({_one_line(exc)})"
            raise (err or StoreError(msg)) from exc
        except BaseException:
            store.close()
            raise
        return store

    @property
    def url(self) -> str:
        """The postgresql:// URL this store was opened with (open_store opens it again)."""
        return self._url

    @property
    def path(self) -> str:
        """Where the store is, for messages (the URL without its password)."""
        return redact(self._url)

    def __repr__(self) -> str:
        return f"PostgisStore({self.path!r})"

    def close(self) -> None:
        """Close the connection pool."""
        if not self._closed:
            self._closed = True
            if os.getpid() == self._pid:
                self._pool.close()

    def __enter__(self) -> PostgisStore:
        return self

    has_fts = True  # sentence search always uses the tsvector index
    has_doc_search = True  # and so does whole-document search
    keeps_boundaries = True  # user boundaries are the user_boundaries table, not files

    def _pool_here(self) -> Any:
        """The pool of this process: a forked child opens its own, leaving the parent's alone."""
        if self._closed:
            raise StoreError("the store is closed")
        if os.getpid() != self._pid:
            with self._lock:
                if os.getpid() != self._pid:
                    _ABANDONED.append(self._pool)  # its sockets are the parent's: never closed
                    self._pool = self._new_pool()
                    self._pool.open(wait=True, timeout=30)
                    self._pid = os.getpid()
        return self._pool

    @contextmanager
    def _read(self) -> Iterator[psycopg.Connection]:
        """A pooled connection in autocommit: each query sees the latest committed data."""
        with self._pool_here().connection() as con:
            yield con

    @contextmanager
    def _write(self) -> Iterator[psycopg.Connection]:
        """One transaction: all of it commits or none of it does."""
        with self._pool_here().connection() as con, con.transaction():
            yield con

    def _migrate(self) -> None:
        with self._write() as con:
            con.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
            con.execute("CREATE TABLE IF NOT EXISTS pem_schema (version integer NOT NULL)")
            row = con.execute("SELECT version FROM pem_schema").fetchone()
            if row is None:
                con.execute("INSERT INTO pem_schema (version) VALUES (0)")
                version = 0
            else:
                version = int(row[0])
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer version (schema {version} > "
                    f"{SCHEMA_VERSION}); upgrade this program"
                )
            for i in range(version, SCHEMA_VERSION):
                for stmt in MIGRATIONS[i]:
                    con.execute(stmt)
                con.execute("UPDATE pem_schema SET version = %s", (i + 1,))

    def schema_version(self) -> int:
        """The schema version the server's store is at."""
        with self._read() as con:
            return int(con.execute("SELECT version FROM pem_schema").fetchone()[0])

    # --- writing -------------------------------------------------------------------------------
    @_guarded
    def add_document(
        self, doc: Document, events: Sequence[Event], prepared: Prepared | None = None
    ) -> AddResult:
        """Store a document and its events in one transaction; same content twice is a no-op.

        A document with the same URL but different content is a corrected version: the old
        document and its events are replaced in the same transaction.
        """
        return self.add_documents([(doc, events)], None if prepared is None else [prepared])[0]

    @_guarded
    def add_documents(
        self,
        items: Sequence[tuple[Document, Sequence[Event]]],
        prepared: Sequence[Prepared | None] | None = None,
    ) -> list[AddResult]:
        """Store a batch in one transaction through COPY; idempotent by content hash.

        A batch the server aborts to break a deadlock with another writer is run again (it
        left nothing behind), up to 5 times. prepared (one prepare_document value or None per
        item, computed ahead) spares the search terms and the content hashes.
        """
        from psycopg import errors as pe

        items = list(items)
        pre = check_prepared(items, prepared)
        for attempt in range(5):
            try:
                return self._add_batch(items, pre)
            except pe.DeadlockDetected:
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _add_batch(
        self,
        items: list[tuple[Document, Sequence[Event]]],
        pre: Sequence[Prepared | None] | None = None,
    ) -> list[AddResult]:
        """add_documents' one attempt: one transaction.

        Documents already stored (by this or a concurrent writer) come back as duplicates; a
        document repeated in the batch is stored once. Corrected versions (same URL, new
        content) replace the old document.
        """
        from geo.ingest import content_hash
        from geo.search import index_text

        if not items:
            return []
        pre = [None] * len(items) if pre is None else list(pre)  # add_documents checked it
        now = datetime.now(UTC).isoformat(timespec="seconds")
        hashes = [
            p.content_hash if p is not None else doc.content_hash or content_hash(doc.text)
            for (doc, _), p in zip(items, pre, strict=True)
        ]
        first: dict[str, int] = {}
        for i, h in enumerate(hashes):
            first.setdefault(h, i)
        unique = sorted(first.values())
        rows_by_ord: dict[int, tuple[Any, ...]] = {}
        for i in unique:
            doc, events = items[i]
            p = pre[i]
            if p is None:
                for ev in events:  # an invalid event fails the batch before anything is written
                    _event_row(0, ev, 0)
            rows_by_ord[i] = (
                i,
                hashes[i],
                doc_key(doc),
                doc.title,
                doc.source,
                doc.url,
                to_days(doc.doc_date),
                doc.language,
                now,
                len(events),
                index_text(doc.title, doc.text) if p is None else p.terms,
            )
        keys = sorted({r[2] for r in rows_by_ord.values() if r[2] is not None})
        with self._write() as con:
            # Writers of the same URL take turns (sorted: no deadlock); hashes meet at ON CONFLICT,
            # inserted in hash order so two batches sharing documents lock them in one order.
            for key in keys:
                con.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))
            con.execute(
                "CREATE TEMP TABLE IF NOT EXISTS pem_stage_docs (ord integer, content_hash text, "
                "doc_key text, title text, source text, url text, doc_date integer, "
                "language text, ingested_at text, n_events integer, terms text) "
                "ON COMMIT DELETE ROWS"
            )
            with con.cursor() as cur:
                with cur.copy(
                    "COPY pem_stage_docs (ord, content_hash, doc_key, title, source, url, "
                    "doc_date, language, ingested_at, n_events, terms) FROM STDIN"
                ) as cp:
                    for i in unique:
                        cp.write_row(rows_by_ord[i])
                inserted = cur.execute(
                    "INSERT INTO documents (content_hash, doc_key, title, source, url, doc_date, "
                    "language, ingested_at, n_events, search) "
                    "SELECT content_hash, doc_key, title, source, url, doc_date, language, "
                    "ingested_at, n_events, to_tsvector('pem_simple'::regconfig, terms) "
                    "FROM pem_stage_docs ORDER BY content_hash "
                    "ON CONFLICT (content_hash) DO NOTHING RETURNING id, content_hash"
                ).fetchall()
            new_id = {h: int(i) for i, h in inserted}
            results: list[AddResult | None] = [None] * len(items)
            dup_hashes = [h for h in first if h not in new_id]
            existing: dict[str, tuple[int, int]] = {}
            if dup_hashes:
                for i, h, n in con.execute(
                    "SELECT id, content_hash, n_events FROM documents WHERE content_hash = ANY(%s)",
                    (dup_hashes,),
                ):
                    existing[h] = (int(i), int(n))
            # Corrected versions: the newest document of a URL replaces every other one.
            replaced: set[int] = set()
            gone: set[int] = set()  # ids of this batch that a later version of theirs replaced
            newest_by_key: dict[str, int] = {}
            for i in unique:
                key = rows_by_ord[i][2]
                if key is not None and hashes[i] in new_id:
                    newest_by_key[key] = i
            for key, i in newest_by_key.items():
                keep = new_id[hashes[i]]
                old = [
                    int(r[0])
                    for r in con.execute(
                        "SELECT id FROM documents WHERE doc_key = %s AND id <> %s", (key, keep)
                    )
                ]
                if old:
                    _mark_dirty(con, old)
                    con.execute("DELETE FROM documents WHERE id = ANY(%s)", (old,))
                    replaced.add(i)
                    gone.update(old)
            new_ids = sorted(set(new_id.values()) - gone)
            # A first version replaced by a later one of the same batch gets no rows.
            kept = [i for i in unique if hashes[i] in new_id and new_id[hashes[i]] not in gone]
            self._copy_events(con, [(new_id[hashes[i]], items[i][1]) for i in kept])
            if new_ids:
                _mark_dirty(con, new_ids)
            for i, h in enumerate(hashes):
                if first[h] == i and h in new_id:
                    status = "replaced" if i in replaced else "added"
                    results[i] = AddResult(status, new_id[h], len(items[i][1]))
                elif h in new_id:  # a second copy inside this batch
                    results[i] = AddResult("duplicate", new_id[h], len(items[first[h]][1]))
                else:
                    doc_id, n = existing.get(h, (0, 0))
                    results[i] = AddResult("duplicate", doc_id, n)
        return [r for r in results if r is not None]

    def _copy_events(
        self, con: psycopg.Connection, docs: Sequence[tuple[int, Sequence[Event]]]
    ) -> None:
        """COPY the sentences (each distinct text once per document) and events of new docs."""
        sentences: list[tuple[int, int, str]] = []
        events: list[tuple[Any, ...]] = []
        pending: list[tuple[int, Event, int]] = []
        for doc_id, evs in docs:
            known: dict[str, int] = {}
            for ev in evs:
                text = stored_sentence(ev)
                local = known.get(text)
                if local is None:
                    local = known[text] = len(sentences)
                    sentences.append((doc_id, local, text))
                pending.append((doc_id, ev, local))
        if not sentences:
            return
        ids = [
            int(r[0])
            for r in con.execute(
                "SELECT nextval('sentences_id_seq') FROM generate_series(1, %s)",
                (len(sentences),),
            )
        ]
        with con.cursor() as cur:
            with cur.copy("COPY sentences (id, doc_id, text) FROM STDIN") as cp:
                for (doc_id, _local, text), sid in zip(sentences, ids, strict=True):
                    cp.write_row((sid, doc_id, text))
            for doc_id, ev, local in pending:
                events.append(_event_row(doc_id, ev, ids[local]))
            # Each event carries its sentence's tsvector: the server computes one per sentence
            # (as the search parses text), and it goes back in the events' COPY.
            vectors = [
                r[0]
                for r in con.execute(
                    "SELECT to_tsvector('pem_simple'::regconfig, t)::text "
                    "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i",
                    ([text for _doc, _local, text in sentences],),
                )
            ]
            with cur.copy(f"COPY events ({_EVENT_COLS}, tsv) FROM STDIN") as cp:
                for row, (_doc, _ev, local) in zip(events, pending, strict=True):
                    cp.write_row((*row, vectors[local]))

    @_guarded
    def find_document(self, content_hash: str) -> int | None:
        """The id of the stored document with this content hash, if any."""
        with self._read() as con:
            row = con.execute(
                "SELECT id FROM documents WHERE content_hash = %s", (content_hash,)
            ).fetchone()
        return None if row is None else int(row[0])

    @_guarded
    def delete_document(self, doc_id: int) -> bool:
        """Delete a document and (by cascade) its events; False when there was none."""
        with self._write() as con:
            _mark_dirty(con, [int(doc_id)])
            cur = con.execute("DELETE FROM documents WHERE id = %s", (int(doc_id),))
            return cur.rowcount > 0

    @_guarded
    def remove_documents(
        self, doc_ids: Sequence[int] = (), source: str | None = None
    ) -> tuple[int, int]:
        """Delete documents by id and/or source name, with their events, in one transaction."""
        ids = [int(i) for i in doc_ids]
        with self._write() as con:
            if source is not None:
                ids += [
                    int(r[0])
                    for r in con.execute("SELECT id FROM documents WHERE source = %s", (source,))
                ]
            ids = sorted(set(ids))
            if not ids:
                return 0, 0
            n_events = con.execute(
                "SELECT count(*) FROM events WHERE doc_id = ANY(%s)", (ids,)
            ).fetchone()[0]
            _mark_dirty(con, ids)
            cur = con.execute("DELETE FROM documents WHERE id = ANY(%s)", (ids,))
            return int(cur.rowcount), int(n_events)

    @_guarded
    def documents_frame(self, limit: int | None = None) -> pd.DataFrame:
        """The stored documents, newest ingested first (DOCUMENTS_COLUMNS)."""
        sql = (
            "SELECT d.id, d.title, d.source, d.url, d.doc_date, d.ingested_at, "
            "(SELECT count(*) FROM events e WHERE e.doc_id = d.id) FROM documents d "
            "ORDER BY d.ingested_at DESC, d.id DESC"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT %s"
            params.append(int(limit))
        with self._read() as con:
            return documents_df(con.execute(sql, params).fetchall(), DOCUMENTS_COLUMNS)

    # --- filters -------------------------------------------------------------------------------
    def _max_span(self, con: psycopg.Connection) -> int:
        """The longest event period in days (bounds the date index scan; read from events_span).

        Read on every filtered query, never cached: another process may have just added a
        longer period, and a stale bound would hide its event.
        """
        row = con.execute("SELECT max(date_end - date_start) FROM events").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _where(
        self, con: psycopg.Connection, flt: EventFilter | None, alias: str = "e"
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions (ANDed) and bound parameters for a filter; periods overlap the window."""
        if flt is None:
            return [], []
        a = alias
        shared = filter_clauses(flt, a, "%s", lambda: self._max_span(con))
        if shared is None:
            return ["false"], []
        clauses, params = shared
        if flt.ubigeos:
            sql, p = _ubigeo_clause(flt.ubigeos, a)
            clauses.append(sql)
            params += p
        if flt.text and flt.text.strip() and flt.text_scope == "document":
            query = document_query(flt.text)
            if query:
                clauses.append(
                    f"{a}.doc_id IN (SELECT id FROM documents "
                    "WHERE search @@ to_tsquery('pem_simple'::regconfig, %s))"
                )
                params.append(query)
        elif flt.text and flt.text.strip():
            query = sentence_query(flt.text)
            if query:
                clauses.append(f"{a}.tsv @@ to_tsquery('pem_simple'::regconfig, %s)")
                params.append(query)
        return clauses, params

    # --- reading -------------------------------------------------------------------------------
    @_guarded
    def events_frame(
        self, flt: EventFilter | None = None, limit: int | None = None
    ) -> pd.DataFrame:
        """Events matching the filter with their document's title/url/source, oldest first."""
        with self._read() as con:
            clauses, params = self._where(con, flt)
            sql = _SELECT_EVENTS + (" WHERE " + " AND ".join(clauses) if clauses else "")
            sql += " ORDER BY e.date_start IS NULL, e.date_start, e.id"
            if limit is not None:
                sql += " LIMIT %s"
                params.append(int(limit))
            return events_df(con.execute(sql, params).fetchall())

    @_guarded
    def ensure_clusters(self) -> int:
        """Recompute the clusters of departments changed since the last read; returns how many.

        One department per transaction; a department another reader or a writer holds is
        skipped (SKIP LOCKED), so a reader never waits and the next read catches up.
        """
        with self._read() as con:
            dirty = [r[0] for r in con.execute("SELECT dep2 FROM clusters_dirty ORDER BY dep2")]
        done = 0
        for dep in dirty:
            with self._write() as con:
                row = con.execute(
                    "SELECT generation FROM clusters_dirty WHERE dep2 = %s FOR UPDATE SKIP LOCKED",
                    (dep,),
                ).fetchone()
                if row is None:
                    continue
                _recluster(con, dep)
                done += 1
        return done

    @_guarded
    def clusters_frame(self, flt: EventFilter | None = None) -> pd.DataFrame:
        """Distinct events with at least one mention matching the filter, oldest first."""
        self.ensure_clusters()
        with self._read() as con:
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
        """Fatalities and injured per unit (or in total when level is None), once per event."""
        self.ensure_clusters()
        with self._read() as con:
            clauses, params = self._where(con, flt)
            sql = casualties_sql(clauses, level)
            return casualties_df(con.execute(sql, params).fetchall())

    @_guarded
    def type_counts(self, flt: EventFilter | None, distinct: bool = False) -> dict[str, int]:
        """Mentions (or distinct events) per event type id under the filter, counted in SQL."""
        if distinct:
            self.ensure_clusters()
        with self._read() as con:
            clauses, params = self._where(con, flt)
            where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
            what = "count(DISTINCT e.cluster_id)" if distinct else "count(*)"
            sql = (
                f"SELECT t, {what} FROM events e "
                f"CROSS JOIN LATERAL unnest(string_to_array(e.event_types, ',')) AS t{where} "
                "GROUP BY t"
            )
            return {str(t): int(n) for t, n in con.execute(sql, params)}

    @_guarded
    def counts(self, flt: EventFilter | None, level: str, distinct: bool = False) -> pd.DataFrame:
        """Events per unit at a level (events at or below it, code truncated): ubigeo, count."""
        if level not in LEVEL_COLUMN:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        col = LEVEL_COLUMN[level]
        if distinct:
            self.ensure_clusters()
        with self._read() as con:
            clauses, params = self._where(con, flt)
            clauses.append(f"e.{col} IS NOT NULL")
            what = "count(DISTINCT e.cluster_id)" if distinct else "count(*)"
            sql = (
                f"SELECT e.{col}, {what} FROM events e WHERE {' AND '.join(clauses)} "
                f"GROUP BY e.{col} ORDER BY e.{col}"
            )
            return counts_df(con.execute(sql, params).fetchall())

    @_guarded
    def timeline(self, flt: EventFilter | None, freq: str, distinct: bool = False) -> pd.DataFrame:
        """Events per day/week/month by start date (clipped to the window): period_start, count."""
        if freq not in ("day", "week", "month"):
            raise ValueError(f"freq must be day, week or month, not {freq!r}")
        if distinct:
            self.ensure_clusters()
        with self._read() as con:
            clauses, params = self._where(con, flt)
            clauses.append("e.date_start IS NOT NULL")
            day, day_params = "e.date_start", []
            if flt is not None and flt.date_from is not None:
                day, day_params = "greatest(e.date_start, %s)", [int(to_days(flt.date_from))]
            where = " WHERE " + " AND ".join(clauses)
            if distinct:
                sql = (
                    f"SELECT d, count(*) FROM (SELECT min({day}) AS d FROM events e{where} "
                    "GROUP BY e.cluster_id) x GROUP BY d ORDER BY d"
                )
            else:
                sql = f"SELECT {day} AS d, count(*) FROM events e{where} GROUP BY 1 ORDER BY 1"
            rows = con.execute(sql, day_params + params).fetchall()
        return timeline_df(rows, freq)

    @_guarded
    def documents_for(self, ubigeo_prefix: str, flt: EventFilter | None = None) -> pd.DataFrame:
        """Documents with events in a unit (ubigeo prefix) under the filter, most events first."""
        flt = flt or EventFilter()
        with self._read() as con:
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
                "d.n_events, count(*) AS n_matching FROM events e "
                f"JOIN documents d ON d.id = e.doc_id WHERE {' AND '.join(clauses)} GROUP BY d.id "
                "ORDER BY n_matching DESC, d.doc_date DESC NULLS LAST, d.id"
            )
            return documents_df(con.execute(sql, params).fetchall(), DOCUMENTS_FOR_COLUMNS)

    @_guarded
    def date_span(self) -> tuple[date, date] | None:
        """Earliest event start and latest event end, or None for an empty store."""
        with self._read() as con:
            row = con.execute("SELECT min(date_start), max(date_end) FROM events").fetchone()
        if row is None or row[0] is None:
            return None
        return from_days(row[0]), from_days(row[1])  # type: ignore[return-value]

    @_guarded
    def stats(self) -> dict[str, int]:
        """How many documents and events the store holds."""
        with self._read() as con:
            docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        return {"documents": int(docs), "events": int(events)}

    @_guarded
    def unit_summary(
        self, flt: EventFilter | None, level: str, measure: str | None = None
    ) -> pd.DataFrame:
        """Per unit at a level, in SQL: ubigeo, count, documents, lat, lon, name.

        measure None counts every mention (export --aggregate), a map measure what the map
        counts (base.measure_sql). The name is that of the unit's earliest event, as the
        in-memory summary takes it.
        """
        if level not in LEVEL_COLUMN:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        what, only = measure_sql(measure)
        if measure == "events":
            self.ensure_clusters()
        col = LEVEL_COLUMN[level]
        name = level  # the events' department/province/district column
        with self._read() as con:
            clauses, params = self._where(con, flt)
            clauses += [f"e.{col} IS NOT NULL", *only]
            sql = (
                f"SELECT e.{col}, {what}, count(DISTINCT e.doc_id), avg(e.lat), avg(e.lon), "
                f"(array_agg(e.{name} ORDER BY e.date_start IS NULL, e.date_start, e.id) "
                f"FILTER (WHERE e.{name} IS NOT NULL))[1] "
                f"FROM events e WHERE {' AND '.join(clauses)} GROUP BY e.{col} ORDER BY e.{col}"
            )
            return unit_summary_df(con.execute(sql, params).fetchall())

    @_guarded
    def boundaries_stamp(self, level: str) -> tuple[Any, ...] | None:
        """(polygons, last change) of a level's user boundaries: what a cached layer is keyed by."""
        with self._read() as con:
            n, last = con.execute(
                "SELECT count(*), max(added_at) FROM user_boundaries WHERE level = %s", (level,)
            ).fetchone()
        return ("postgis", level, int(n), None if last is None else last.isoformat())

    # --- spatial -------------------------------------------------------------------------------
    @_guarded
    def put_boundaries(self, level: str, rows: Sequence[tuple[str, str | None, bytes]]) -> int:
        """Replace a level's user boundaries with (ubigeo, name, WKB polygon) rows; returns count.

        Geometries are made valid (ST_MakeValid) and kept as MultiPolygons in EPSG:4326; the
        level is replaced in one transaction, so readers see the old set or the new one.
        """
        if level not in LEVEL_COLUMN:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        with self._write() as con:
            con.execute("DELETE FROM user_boundaries WHERE level = %s", (level,))
            con.execute(
                "CREATE TEMP TABLE IF NOT EXISTS pem_stage_bounds (ubigeo text, name text, "
                "wkb bytea) ON COMMIT DELETE ROWS"
            )
            with con.cursor() as cur:
                with cur.copy("COPY pem_stage_bounds (ubigeo, name, wkb) FROM STDIN") as cp:
                    for code, name, wkb in rows:
                        cp.write_row((str(code), name, bytes(wkb)))
                cur.execute(
                    "INSERT INTO user_boundaries (level, ubigeo, name, geom) "
                    "SELECT %s, ubigeo, min(name), ST_Multi(ST_CollectionExtract(ST_MakeValid("
                    "ST_Union(ST_SetSRID(ST_GeomFromWKB(wkb), 4326))), 3)) "
                    "FROM pem_stage_bounds GROUP BY ubigeo",
                    (level,),
                )
                return int(cur.rowcount)

    @_guarded
    def boundary_units(self, level: str) -> list[tuple[str, str | None, bytes]]:
        """The user boundaries of a level as (ubigeo, name, WKB MultiPolygon), by code."""
        with self._read() as con:
            return [
                (str(c), n, bytes(g))
                for c, n, g in con.execute(
                    "SELECT ubigeo, name, ST_AsBinary(geom) FROM user_boundaries "
                    "WHERE level = %s ORDER BY ubigeo",
                    (level,),
                )
            ]

    @_guarded
    def counts_in_boundaries(
        self, flt: EventFilter | None, level: str, distinct: bool = False
    ) -> pd.DataFrame:
        """Events per user boundary polygon of a level, by point in polygon (GiST): ubigeo, count.

        Events without coordinates are not counted; a level without user boundaries gives an
        empty table.
        """
        if level not in LEVEL_COLUMN:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        if distinct:
            self.ensure_clusters()
        with self._read() as con:
            clauses, params = self._where(con, flt)
            clauses.append("e.geom IS NOT NULL")
            what = "count(DISTINCT e.cluster_id)" if distinct else "count(*)"
            sql = (
                f"SELECT b.ubigeo, {what} FROM user_boundaries b JOIN events e "
                f"ON ST_Intersects(b.geom, e.geom) WHERE b.level = %s AND "
                f"{' AND '.join(clauses)} GROUP BY b.ubigeo ORDER BY b.ubigeo"
            )
            return counts_df(con.execute(sql, [level, *params]).fetchall())


def _mark_dirty(con: psycopg.Connection, doc_ids: Sequence[int]) -> None:
    """Mark the departments of these documents' events for reclustering.

    ON CONFLICT DO UPDATE (not DO NOTHING) waits for a reader reclustering the department, so
    a mark made while it works is never lost with the row it deletes.
    """
    con.execute(
        "INSERT INTO clusters_dirty (dep2) SELECT DISTINCT dep2 FROM events "
        "WHERE doc_id = ANY(%s) ORDER BY dep2 "
        "ON CONFLICT (dep2) DO UPDATE SET generation = clusters_dirty.generation + 1",
        ([int(i) for i in doc_ids],),
    )


def _recluster(con: psycopg.Connection, dep: str) -> None:
    """Regroup one department's mentions into clusters (inside the caller's transaction)."""
    rows = con.execute(RECLUSTER_SELECT, (dep,)).fetchall()
    con.execute("DELETE FROM clusters WHERE dep2 = %s", (dep,))
    records = cluster_records(rows)
    assign: list[tuple[int, int]] = []
    if records:
        ids = [
            int(r[0])
            for r in con.execute(
                "SELECT nextval('clusters_id_seq') FROM generate_series(1, %s)", (len(records),)
            )
        ]
        with con.cursor() as cur:
            cols = "id, dep2, " + ", ".join(CLUSTER_INSERT_COLUMNS)
            with cur.copy(f"COPY clusters ({cols}) FROM STDIN") as cp:
                for cid, (values, members) in zip(ids, records, strict=True):
                    cp.write_row((cid, dep, *values))
                    assign += [(cid, m) for m in members]
        con.execute(
            "UPDATE events e SET cluster_id = m.cid FROM unnest(%s::bigint[], %s::bigint[]) "
            "AS m(cid, eid) WHERE e.id = m.eid AND e.cluster_id IS DISTINCT FROM m.cid",
            ([a for a, _ in assign], [b for _, b in assign]),
        )
    con.execute("DELETE FROM clusters_dirty WHERE dep2 = %s", (dep,))
