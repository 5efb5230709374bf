"""What every event store offers, whatever keeps the data: the interface and shared helpers.

Two backends implement BaseStore: geo.store.sqlite (one file, the embedded default) and
geo.store.postgis (a PostgreSQL/PostGIS server shared by several writers and readers). Both
store dates as integer days since 1970-01-01 and return the same DataFrames (dates as
datetime64[ns] at midnight, NaT when unknown), built by the helpers here so they cannot drift.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.model import LEVELS, Document, Event, EventFilter
from geo.snippets import WINDOW_CHARS, sentence_window

if TYPE_CHECKING:
    import pandas as pd

EPOCH = date(1970, 1, 1)
_EPOCH_ORD = EPOCH.toordinal()
LEVEL_DIGITS = {"department": 2, "province": 4, "district": 6}
LEVEL_COLUMN = {"department": "dep2", "province": "prov4", "district": "dist6"}


# A stored sentence longer than this is cut to a window around its mention (the extractor
# already keeps about WINDOW_CHARS; the margin covers the ellipses and word-boundary slack).
MAX_SENTENCE_CHARS = WINDOW_CHARS + 100


class StoreError(RuntimeError):
    """The store file cannot be used (newer schema, not a database, closed store)."""


class StoreDamaged(StoreError):
    """The store file is corrupt ("database disk image is malformed") or not a database."""


class StoreFull(StoreError):
    """The disk (or the store's size limit) is full: nothing more can be written."""


class StoreReadOnly(StoreError):
    """The store is on a read-only folder or medium: it can be read and exported only."""


def damaged_message(path: Path | str, detail: str = "") -> str:
    """The one line shown for a damaged store, with what to do about it."""
    extra = f": {detail}" if detail else ""
    return (
        f"the store at {path} is damaged{extra} (run python -m geo check --db {path}; "
        "then restore a backup made with python -m geo backup, or ingest into a new store)"
    )


def read_only_message(path: Path | str) -> str:
    """The one line shown when a read-only store is asked to change."""
    return (
        f"the store at {path} is read-only (a read-only folder or medium): it can be read and "
        "exported, not changed; copy it to a writable folder to add documents"
    )


@dataclass(frozen=True, slots=True)
class AddResult:
    """Outcome of adding one document: 'added', 'duplicate' or 'replaced'."""

    status: str
    doc_id: int
    n_events: int


def to_days(d: date | None) -> int | None:
    """A date as integer days since 1970-01-01 (the store's date encoding)."""
    if d is None:
        return None
    if isinstance(d, datetime):
        d = d.date()
    return d.toordinal() - _EPOCH_ORD


def from_days(n: int | None) -> date | None:
    """Inverse of to_days."""
    return None if n is None else date.fromordinal(int(n) + _EPOCH_ORD)


def doc_key(doc: Document) -> str | None:
    """What makes a later document a corrected version of an earlier one: the same URL.

    Titles are not used: generic titles ("Editorial", "Resumen") would replace unrelated
    articles. A document without a URL is only ever deduplicated by its content hash.
    """
    if doc.url and doc.url.strip():
        return "url:" + doc.url.strip()
    return None


_UBIGEO_RE = re.compile(r"^\d{1,6}$")


def stored_sentence(ev: Event) -> str:
    """The text kept for an event's sentence: a long one is cut to a window around the mention."""
    text = ev.sentence or ""
    if len(text) <= MAX_SENTENCE_CHARS:
        return text
    a = max(text.find(ev.surface), 0) if ev.surface else 0
    return sentence_window(text, 0, len(text), a, a + len(ev.surface or ""))


def _event_row(doc_id: int, ev: Event, sentence_id: int) -> tuple[Any, ...]:
    code = str(ev.ubigeo).strip()
    if not _UBIGEO_RE.match(code) or len(code) < 2:
        raise ValueError(f"event has an invalid ubigeo: {ev.ubigeo!r}")
    return (
        doc_id,
        ev.surface,
        int(ev.start),
        int(ev.end),
        code,
        ev.level,
        code[:2],
        code[:4] if len(code) >= 4 else None,
        code[:6] if len(code) >= 6 else None,
        ev.department,
        ev.province,
        ev.district,
        ev.place,
        float(ev.lat) if ev.lat is not None else None,
        float(ev.lon) if ev.lon is not None else None,
        to_days(ev.date_start),
        to_days(ev.date_end),
        ev.date_precision,
        to_days(ev.doc_date),
        float(ev.confidence),
        sentence_id,
        getattr(ev, "role", None) or "body",
        ",".join(ev.event_types) or "other",
        ev.fatalities,
        ev.injured,
    )


@dataclass(frozen=True, slots=True)
class Prepared:
    """What storing one document derives from it without the database, computed ahead.

    A worker computes it next to extraction (prepare_document), so a single writer (SQLite's
    client) only runs SQL; a store not given it computes the same values itself.
    """

    content_hash: str
    terms: str  # index_text(title, text): the document's whole-document search row
    sentences: tuple[str, ...]  # its distinct stored sentences, in order of first mention
    rows: tuple[tuple[Any, ...], ...]  # per event, _event_row(0, ev, i): i indexes sentences


def prepare_document(
    doc: Document,
    events: Sequence[Event],
    event_row: Callable[[int, Event, int], tuple[Any, ...]] | None = None,
) -> Prepared:
    """The Prepared values of a document; an event with an invalid ubigeo is a ValueError.

    event_row defaults to _event_row (a backend passes its own module's name for it, which
    a test may replace to cut the power in the middle of a write).
    """
    from geo.ingest import content_hash
    from geo.search import index_text

    row = event_row or _event_row
    known: dict[str, int] = {}
    rows = []
    for ev in events:
        text = stored_sentence(ev)
        i = known.get(text)
        if i is None:
            i = known[text] = len(known)
        rows.append(row(0, ev, i))
    return Prepared(
        doc.content_hash or content_hash(doc.text),
        index_text(doc.title, doc.text),
        tuple(known),
        tuple(rows),
    )


def check_prepared(
    items: Sequence[tuple[Document, Sequence[Event]]], prepared: Sequence[Prepared | None] | None
) -> list[Prepared | None]:
    """One Prepared (or None: compute it) per item; a list that does not match is a ValueError."""
    if prepared is None:
        return [None] * len(items)
    prepared = list(prepared)
    if len(prepared) != len(items):
        raise ValueError(f"{len(prepared)} prepared values for {len(items)} documents")
    for (doc, events), p in zip(items, prepared, strict=True):
        if p is None:
            continue
        if (doc.content_hash and doc.content_hash != p.content_hash) or len(p.rows) != len(events):
            raise ValueError(f"prepared values of another document ({p.content_hash[:12]})")
    return prepared


EVENT_COLUMNS = (
    "event_id",
    "doc_id",
    "surface",
    "start",
    "end",
    "ubigeo",
    "level",
    "department",
    "province",
    "district",
    "place",
    "lat",
    "lon",
    "date_start",
    "date_end",
    "date_precision",
    "doc_date",
    "confidence",
    "sentence",
    "title",
    "url",
    "source",
    "role",
    "sentence_id",
    "event_types",
    "fatalities",
    "injured",
    "cluster_id",
)


# One row per distinct event (cluster); leading columns mean what they mean in EVENT_COLUMNS,
# so the exports and the map read either.
CLUSTER_COLUMNS = (
    "event_id",
    "ubigeo",
    "level",
    "department",
    "province",
    "district",
    "place",
    "lat",
    "lon",
    "date_start",
    "date_end",
    "event_types",
    "fatalities",
    "injured",
    "n_sources",
    "n_mentions",
    "first_doc_id",
    "first_report_date",
    "doc_ids",
    "sentence",
    "title",
    "url",
    "source",
)


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def _days_to_datetime(values: Sequence[Any]) -> pd.Series:
    import pandas as pd

    s = pd.to_datetime(pd.Series(values, dtype="Float64"), unit="D")
    return s.astype("datetime64[ns]")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_clauses(
    flt: EventFilter, a: str, ph: str, max_span: Callable[[], int]
) -> tuple[list[str], list[Any]] | None:
    """The window, confidence and type conditions both backends write alike (ph: placeholder).

    None means the window is empty (from after to). Periods overlap the window; the bound
    date_start >= from - longest period lets the date index limit the scan.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if flt.date_from is not None and flt.date_to is not None and flt.date_from > flt.date_to:
        return None
    if flt.date_to is not None:
        clauses.append(f"{a}.date_start <= {ph}")
        params.append(to_days(flt.date_to))
    if flt.date_from is not None:
        lo = to_days(flt.date_from)
        clauses.append(f"{a}.date_start >= {ph} AND {a}.date_end >= {ph}")
        params += [lo - max_span(), lo]
    if flt.min_confidence and flt.min_confidence > 0:
        clauses.append(f"{a}.confidence >= {ph}")
        params.append(float(flt.min_confidence))
    if flt.types:
        ors = " OR ".join(
            f"(',' || {a}.event_types || ',') LIKE {ph} ESCAPE '\\'" for _ in flt.types
        )
        clauses.append(f"({ors})")
        params += [f"%,{_like_escape(t)},%" for t in flt.types]
    return clauses, params


# What the map counts per unit (geo.maps.counted_rows, in SQL): body mentions only, one per
# sentence ("mentions"), per document ("documents") or per event cluster ("events", a mention
# without a cluster being its own event). Sentence ids are unique per document.
MAP_MEASURES = ("mentions", "documents", "events")
UNIT_SUMMARY_COLUMNS = ("ubigeo", "count", "documents", "lat", "lon", "name")


def measure_sql(measure: str | None, a: str = "e") -> tuple[str, list[str]]:
    """The count expression of a measure and the conditions on the rows it counts.

    None counts every mention row (export --aggregate); a map measure counts body mentions.
    """
    if measure is None:
        return "count(*)", []
    body = [f"({a}.role IS NULL OR {a}.role = 'body')"]
    sentence = f"coalesce({a}.sentence_id, -{a}.doc_id)"
    if measure == "mentions":
        return f"count(DISTINCT {sentence})", body
    if measure == "documents":
        return f"count(DISTINCT {a}.doc_id)", body
    if measure == "events":
        key = (
            f"CASE WHEN {a}.cluster_id IS NULL THEN 2 * {sentence} + 1 ELSE 2 * {a}.cluster_id END"
        )
        return f"count(DISTINCT {key})", body
    raise ValueError(f"measure must be one of {', '.join(MAP_MEASURES)}, not {measure!r}")


def unit_summary_df(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Rows in UNIT_SUMMARY_COLUMNS order as the typed DataFrame unit_summary returns."""
    import pandas as pd

    df = pd.DataFrame.from_records(list(rows), columns=list(UNIT_SUMMARY_COLUMNS))
    for c in ("count", "documents"):
        df[c] = df[c].astype("int64")
    for c in ("lat", "lon"):
        df[c] = df[c].astype("float64")
    return df


# Plain SQL both backends run as written (no parameters).
_SELECT_EVENTS = (
    'SELECT e.id, e.doc_id, e.surface, e.start, e."end", e.ubigeo, e.level, e.department, '
    "e.province, e.district, e.place, e.lat, e.lon, e.date_start, e.date_end, e.date_precision, "
    "e.doc_date, e.confidence, s.text, d.title, d.url, d.source, e.role, e.sentence_id, "
    "e.event_types, e.fatalities, e.injured, e.cluster_id "
    "FROM events e JOIN documents d ON d.id = e.doc_id JOIN sentences s ON s.id = e.sentence_id"
)
_SELECT_CLUSTERS = (
    "SELECT c.id, c.ubigeo, c.level, c.department, c.province, c.district, c.place, c.lat, "
    "c.lon, c.date_start, c.date_end, c.event_types, c.fatalities, c.injured, c.n_sources, "
    "c.n_mentions, c.first_doc_id, c.first_date, c.doc_ids, c.sentence, d.title, d.url, "
    "d.source FROM clusters c LEFT JOIN documents d ON d.id = c.first_doc_id"
)
# The columns _event_row fills, in its order.
EVENT_ROW_COLUMNS = (
    "doc_id", "surface", "start", "end", "ubigeo", "level", "dep2", "prov4", "dist6",
    "department", "province", "district", "place", "lat", "lon", "date_start", "date_end",
    "date_precision", "doc_date", "confidence", "sentence_id", "role", "event_types",
    "fatalities", "injured",
)  # fmt: skip


# One department's mentions for clustering (one %s: the department code).
RECLUSTER_SELECT = (
    "SELECT e.id, e.doc_id, e.ubigeo, e.date_start, e.date_end, e.date_precision, "
    "e.event_types, e.fatalities, e.injured, e.doc_date, e.level, e.department, "
    "e.province, e.district, e.place, e.lat, e.lon, s.text FROM events e "
    "JOIN sentences s ON s.id = e.sentence_id WHERE e.dep2 = %s"
)
CLUSTER_INSERT_COLUMNS = (
    "ubigeo", "level", "department", "province", "district", "place", "lat", "lon",
    "date_start", "date_end", "event_types", "fatalities", "injured", "n_mentions",
    "n_sources", "first_doc_id", "first_date", "doc_ids", "sentence",
)  # fmt: skip


def cluster_records(rows: Sequence[Sequence[Any]]) -> list[tuple[tuple[Any, ...], list[int]]]:
    """Clusters of RECLUSTER_SELECT rows: (values in CLUSTER_INSERT_COLUMNS order, member ids)."""
    from geo.clusters import MentionRow, cluster_mentions
    from geo.events import default_taxonomy

    by_id = {r[0]: r for r in rows}
    mentions = [
        MentionRow(r[0], r[1], r[2], r[3], r[4], r[5], tuple(str(r[6]).split(",")), r[7], r[8],
                   r[9])
        for r in rows
    ]  # fmt: skip
    out = []
    for c in cluster_mentions(mentions, default_taxonomy().ids):
        head = max((by_id[m] for m in c.members), key=lambda r: (len(r[2]), -r[0]))
        first = min(
            (by_id[m] for m in c.members if by_id[m][1] == c.first_doc_id), key=lambda r: r[0]
        )
        values = (
            c.ubigeo, head[10], head[11], head[12], head[13], head[14], head[15], head[16],
            c.date_start, c.date_end, ",".join(c.types), c.fatalities, c.injured,
            len(c.members), c.n_sources, c.first_doc_id, c.first_date,
            ",".join(str(d) for d in c.doc_ids), first[17],
        )  # fmt: skip
        out.append((values, list(c.members)))
    return out


def events_df(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Rows in EVENT_COLUMNS order as the typed DataFrame events_frame returns."""
    import pandas as pd

    df = pd.DataFrame.from_records(list(rows), columns=list(EVENT_COLUMNS))
    for col in ("date_start", "date_end", "doc_date"):
        df[col] = _days_to_datetime(df[col].tolist())
    for col in ("event_id", "doc_id", "start", "end"):
        df[col] = df[col].astype("int64")
    for col in ("lat", "lon", "confidence"):
        df[col] = df[col].astype("float64")
    for col in ("fatalities", "injured", "cluster_id"):
        df[col] = df[col].astype("Int64")
    return df


def clusters_df(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """Rows in CLUSTER_COLUMNS order as the typed DataFrame clusters_frame returns."""
    import pandas as pd

    df = pd.DataFrame.from_records(list(rows), columns=list(CLUSTER_COLUMNS))
    for col in ("date_start", "date_end", "first_report_date"):
        df[col] = _days_to_datetime(df[col].tolist())
    for col in ("event_id", "n_sources", "n_mentions", "first_doc_id"):
        df[col] = df[col].astype("int64")
    for col in ("fatalities", "injured"):
        df[col] = df[col].astype("Int64")
    for col in ("lat", "lon"):
        df[col] = df[col].astype("float64")
    df["doc_ids"] = [[int(x) for x in str(v).split(",") if x] for v in df["doc_ids"]]
    return df


DOCUMENTS_COLUMNS = ("doc_id", "title", "source", "url", "doc_date", "ingested_at", "n_events")
DOCUMENTS_FOR_COLUMNS = (
    "doc_id",
    "title",
    "url",
    "source",
    "doc_date",
    "language",
    "ingested_at",
    "n_events",
    "n_matching",
)


def documents_df(rows: Sequence[Sequence[Any]], columns: Sequence[str]) -> pd.DataFrame:
    """Document rows (documents_frame or documents_for columns) with typed ids and dates."""
    import pandas as pd

    df = pd.DataFrame.from_records(list(rows), columns=list(columns))
    df["doc_date"] = _days_to_datetime(df["doc_date"].tolist())
    for col in ("doc_id", "n_events", "n_matching"):
        if col in df.columns:
            df[col] = df[col].astype("int64")
    return df


def counts_df(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """(ubigeo, count) rows as the DataFrame counts returns."""
    import pandas as pd

    df = pd.DataFrame.from_records(list(rows), columns=["ubigeo", "count"])
    df["count"] = df["count"].astype("int64")
    return df


def casualties_sql(clauses: list[str], level: str | None) -> str:
    """Fatalities and injured per unit (or in total), each event cluster counted once: the
    same SQL on both backends; clauses are the filter's own (their parameters stay bound)."""
    unit = "''"
    if level is not None:
        if level not in LEVEL_COLUMN:
            raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
        unit = f"e.{LEVEL_COLUMN[level]}"
        clauses = [*clauses, f"{unit} IS NOT NULL"]
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return (
        "SELECT x.unit, sum(c.fatalities), sum(c.injured) FROM "
        f"(SELECT DISTINCT {unit} AS unit, e.cluster_id FROM events e{where}) x "
        "JOIN clusters c ON c.id = x.cluster_id GROUP BY x.unit ORDER BY x.unit"
    )


def casualties_df(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    """(ubigeo, fatalities, injured) rows with missing numbers as 0."""
    import pandas as pd

    df = pd.DataFrame.from_records(list(rows), columns=["ubigeo", "fatalities", "injured"])
    for col in ("fatalities", "injured"):
        df[col] = pd.to_numeric(df[col]).fillna(0).astype("int64")
    return df


def timeline_df(rows: Sequence[Sequence[Any]], freq: str) -> pd.DataFrame:
    """(day, count) rows grouped into day/week/month periods, empty periods filled with 0."""
    import pandas as pd

    if not rows:
        return pd.DataFrame(
            {"period_start": pd.Series([], dtype="datetime64[ns]"), "count": []}
        ).astype({"count": "int64"})
    days = pd.Series(_days_to_datetime([r[0] for r in rows]).values)
    counts = pd.Series([int(r[1]) for r in rows], dtype="int64")
    if freq == "day":
        start = days
    elif freq == "week":
        start = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    else:
        start = days.dt.to_period("M").dt.to_timestamp()
    grouped = counts.groupby(start.values).sum()
    step = {"day": "D", "week": "W-MON", "month": "MS"}[freq]
    full = pd.date_range(grouped.index.min(), grouped.index.max(), freq=step)
    grouped = grouped.reindex(full, fill_value=0)
    out = pd.DataFrame({"period_start": grouped.index, "count": grouped.to_numpy()})
    out["period_start"] = out["period_start"].astype("datetime64[ns]")
    out["count"] = out["count"].astype("int64")
    return out


def check_ubigeo_prefixes(prefixes: Sequence[str]) -> dict[int, list[str]]:
    """Ubigeo prefixes grouped by length; a prefix that is not 1-6 digits is a ValueError."""
    by_len: dict[int, list[str]] = {}
    for raw in prefixes:
        code = str(raw).strip()
        if not _UBIGEO_RE.match(code):
            raise ValueError(f"not a ubigeo prefix: {raw!r}")
        by_len.setdefault(len(code), []).append(code)
    return by_len


class BaseStore(ABC):
    """The event store the CLI, the dashboard, export and ingest use, on either backend."""

    read_only: bool = False

    @property
    @abstractmethod
    def url(self) -> str:
        """Where the store is, as a URL open_store can open again in another process."""

    # --- lifecycle
    @abstractmethod
    def close(self) -> None:
        """Release every connection this store holds."""

    def release_connection(self) -> None:
        """Give back this thread's connection early (a worker thread calls it when done)."""
        return None

    def __enter__(self) -> BaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing
    @abstractmethod
    def add_document(
        self, doc: Document, events: Sequence[Event], prepared: Prepared | None = None
    ) -> AddResult:
        """Store one document and its events atomically; the same content twice is a no-op.

        prepared: prepare_document(doc, events) computed ahead (on a worker), else computed here.
        """

    @abstractmethod
    def add_documents(
        self,
        items: Sequence[tuple[Document, Sequence[Event]]],
        prepared: Sequence[Prepared | None] | None = None,
    ) -> list[AddResult]:
        """Store a batch of documents in one transaction, idempotently by content hash.

        prepared: one prepare_document value (or None) per item, computed ahead; the store
        holds exactly what it holds when it computes them itself.
        """

    @abstractmethod
    def find_document(self, content_hash: str) -> int | None:
        """The id of the stored document with this content hash, if any."""

    @abstractmethod
    def delete_document(self, doc_id: int) -> bool:
        """Delete one document and its events; False when there was none."""

    @abstractmethod
    def remove_documents(
        self, doc_ids: Sequence[int] = (), source: str | None = None
    ) -> tuple[int, int]:
        """Delete documents by id and/or source in one transaction: (documents, events)."""

    # --- reading
    @abstractmethod
    def documents_frame(self, limit: int | None = None) -> pd.DataFrame:
        """The stored documents, newest ingested first (DOCUMENTS_COLUMNS)."""

    @abstractmethod
    def events_frame(
        self, flt: EventFilter | None = None, limit: int | None = None
    ) -> pd.DataFrame:
        """Events matching the filter (EVENT_COLUMNS), oldest first, undated last."""

    @abstractmethod
    def ensure_clusters(self) -> int:
        """Bring the event clusters of changed departments up to date; how many were redone."""

    @abstractmethod
    def clusters_frame(self, flt: EventFilter | None = None) -> pd.DataFrame:
        """Distinct events with a mention matching the filter (CLUSTER_COLUMNS)."""

    @abstractmethod
    def casualties(self, flt: EventFilter | None, level: str | None = None) -> pd.DataFrame:
        """Fatalities and injured per unit (or in total), once per distinct event."""

    @abstractmethod
    def type_counts(self, flt: EventFilter | None, distinct: bool = False) -> dict[str, int]:
        """Mentions (or distinct events) per event type id under the filter."""

    @abstractmethod
    def counts(self, flt: EventFilter | None, level: str, distinct: bool = False) -> pd.DataFrame:
        """Events per unit at a level (ubigeo, count), aggregated in the database."""

    @abstractmethod
    def timeline(self, flt: EventFilter | None, freq: str, distinct: bool = False) -> pd.DataFrame:
        """Events per day/week/month by start date (period_start, count)."""

    @abstractmethod
    def documents_for(self, ubigeo_prefix: str, flt: EventFilter | None = None) -> pd.DataFrame:
        """Documents with events in a unit under the filter (DOCUMENTS_FOR_COLUMNS)."""

    @abstractmethod
    def unit_summary(
        self, flt: EventFilter | None, level: str, measure: str | None = None
    ) -> pd.DataFrame:
        """Per unit at a level, in the database: UNIT_SUMMARY_COLUMNS (ubigeo, count, ...).

        measure None counts every mention (export --aggregate); a map measure (MAP_MEASURES)
        counts what the dashboard's map counts. documents are the distinct documents behind
        the counted rows; lat/lon their mean point; name the unit's earliest event's name.
        """

    # Whether user boundaries live in the store (PostGIS) rather than in the data folder.
    keeps_boundaries: bool = False

    def boundary_units(self, level: str) -> list[tuple[str, str | None, bytes]]:
        """User boundaries kept in the store as (ubigeo, name, WKB); none here (files do)."""
        return []

    def boundaries_stamp(self, level: str) -> tuple[Any, ...] | None:
        """(backend, level, polygons, last change) of the user boundaries a store keeps.

        It changes whenever they do (a cache key); None when the store keeps none (files do).
        """
        return None

    @abstractmethod
    def date_span(self) -> tuple[date, date] | None:
        """Earliest event start and latest event end, or None for an empty store."""

    @abstractmethod
    def stats(self) -> dict[str, int]:
        """How many documents and events the store holds."""
