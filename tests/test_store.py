"""The event store: durability settings, idempotence, cascades, concurrency and the queries."""

from __future__ import annotations

import multiprocessing as mp
import re
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.ingest import content_hash
from geo.model import Document, Event, EventFilter
from geo.store import SCHEMA_VERSION, Store, StoreError, open_store
from tests.conftest import sql_scalar

LEVEL_OF = {2: "department", 4: "province", 6: "district"}


def ev(
    code: str,
    start: date | None,
    end: date | None = None,
    sentence: str = "Hubo una protesta en la plaza.",
    confidence: float = 0.9,
) -> Event:
    """A small event in unit `code` over [start, end]."""
    return Event(
        surface="Lugar",
        start=0,
        end=5,
        ubigeo=code,
        level=LEVEL_OF[len(code)],
        department="Dep",
        province="Prov" if len(code) >= 4 else None,
        district="Dist" if len(code) == 6 else None,
        place=None,
        lat=-12.0,
        lon=-77.0,
        date_start=start,
        date_end=end or start,
        date_precision=None if start is None else "day" if end in (None, start) else "range",
        doc_date=None,
        confidence=confidence,
        sentence=sentence,
    )


def doc(text: str, url: str | None = None, title: str | None = None, **kw) -> Document:
    return Document(text=text, url=url, title=title, content_hash=content_hash(text), **kw)


@pytest.fixture
def store(tmp_path: Path, store_target):
    """A new empty store on each backend (SQLite file, or a fresh PostGIS database)."""
    s = open_store(store_target(tmp_path / "nested" / "dir" / "events.sqlite"))
    yield s
    s.close()


D = date


# --- opening -----------------------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_open_creates_parent_dirs_and_durability_pragmas(store: Store):
    assert store.path.exists()
    con = store._conn()
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert con.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert con.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_open_busy_timeout_from_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("PEM_BUSY_TIMEOUT_MS", "1234")
    with Store.open() as s:
        assert s.path == tmp_path / "d" / "events.sqlite"
        assert s._conn().execute("PRAGMA busy_timeout").fetchone()[0] == 1234


def test_reopen_keeps_data_and_schema(tmp_path: Path):
    p = tmp_path / "e.sqlite"
    with Store.open(p) as s:
        s.add_document(doc("uno"), [ev("15", D(2024, 1, 1))])
    with Store.open(p) as s:
        assert s.stats() == {"documents": 1, "events": 1}


def test_newer_schema_is_refused(tmp_path: Path):
    p = tmp_path / "e.sqlite"
    Store.open(p).close()
    con = sqlite3.connect(p)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(p)


def test_not_a_database_file(tmp_path: Path):
    p = tmp_path / "notes.sqlite"
    p.write_text("esto no es una base de datos " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        Store.open(p)


def test_unopenable_path(tmp_path: Path):
    (tmp_path / "ro").mkdir()
    with pytest.raises(StoreError):
        Store.open(tmp_path / "ro")  # a directory, not a file


def test_closed_store_refuses_use(tmp_path: Path, store_target):
    s = open_store(store_target(tmp_path / "e.sqlite"))
    s.close()
    with pytest.raises(StoreError, match="closed"):
        s.stats()


# --- writing -----------------------------------------------------------------------------------
def test_add_duplicate_changes_nothing(store: Store):
    a = store.add_document(doc("texto"), [ev("15", D(2024, 1, 1))])
    b = store.add_document(doc("texto"), [ev("15", D(2024, 1, 1)), ev("08", D(2024, 1, 2))])
    assert a.status == "added" and b.status == "duplicate"
    assert b.doc_id == a.doc_id and b.n_events == 1
    assert store.stats() == {"documents": 1, "events": 1}


def test_corrected_version_replaces_document_and_events(store: Store):
    store.add_document(doc("v1", url="https://x.pe/n"), [ev("15", D(2024, 1, 1))] * 3)
    store.add_document(doc("otro", url="https://x.pe/m"), [ev("21", D(2024, 1, 1))])
    r = store.add_document(doc("v2", url="https://x.pe/n"), [ev("08", D(2024, 1, 1))])
    assert r.status == "replaced" and r.n_events == 1
    assert store.stats() == {"documents": 2, "events": 2}
    assert sorted(store.events_frame()["ubigeo"]) == ["08", "21"]


def test_document_without_url_is_never_replaced(store: Store):
    store.add_document(doc("a", title="Editorial"), [ev("15", D(2024, 1, 1))])
    r = store.add_document(doc("b", title="Editorial"), [ev("15", D(2024, 1, 1))])
    assert r.status == "added"
    assert store.stats()["documents"] == 2


def test_document_ids_are_not_reused(store: Store):
    a = store.add_document(doc("a"), [])
    assert store.delete_document(a.doc_id)
    b = store.add_document(doc("b"), [])
    assert b.doc_id != a.doc_id


def test_delete_cascades_to_events_and_text_index(store: Store):
    a = store.add_document(doc("a"), [ev("15", D(2024, 1, 1), sentence="Huelga minera")] * 2)
    store.add_document(doc("b"), [ev("21", D(2024, 1, 1), sentence="Huelga docente")])
    assert len(store.events_frame(EventFilter(text="huelga"))) == 3
    assert store.delete_document(a.doc_id) is True
    assert store.delete_document(a.doc_id) is False
    assert store.stats() == {"documents": 1, "events": 1}
    assert store.events_frame(EventFilter(text="minera")).empty
    assert len(store.events_frame(EventFilter(text="huelga"))) == 1


def test_failed_insert_rolls_back_the_whole_document(store: Store, backend: str):
    broken = Event(
        **{
            **{f: getattr(ev("15", D(2024, 1, 1)), f) for f in Event.__dataclass_fields__},
            "ubigeo": "Lima",
        }
    )
    with pytest.raises(ValueError, match="invalid ubigeo"):
        store.add_document(doc("a"), [ev("15", D(2024, 1, 1)), ev("21", D(2024, 1, 1)), broken])
    assert store.stats() == {"documents": 0, "events": 0}
    if backend == "sqlite":
        assert not store._conn().in_transaction
    assert store.add_document(doc("b"), []).status == "added"  # no transaction left open


def _ingest_worker(db: str, worker: int, n: int, start: mp.synchronize.Event) -> None:
    """Add n unique documents plus 10 shared ones, as another process would."""
    start.wait()
    with open_store(db) as s:
        for i in range(n):
            s.add_document(doc(f"worker {worker} doc {i}"), [ev("15", D(2024, 1, 1 + i % 28))] * 3)
            if i % 5 == 0:
                s.add_document(doc(f"shared {i}"), [ev("21", D(2024, 2, 1))])


def test_two_processes_ingesting_at_once_lose_nothing(tmp_path: Path, store_target, backend):
    db = str(store_target(tmp_path / "events.sqlite"))
    open_store(db).close()
    ctx = mp.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_ingest_worker, args=(db, w, 50, start)) for w in (1, 2)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with open_store(db) as s:
        assert s.stats() == {"documents": 100 + 10, "events": 300 + 10}
        if backend == "sqlite":
            assert s._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.sqlite_only
def test_threads_get_their_own_connection(store: Store):
    store.add_document(doc("a"), [ev("15", D(2024, 1, 1))])
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    barrier = threading.Barrier(4)

    def work() -> None:
        try:
            seen.append((id(store._conn()), store.stats()["events"]))
            barrier.wait(10)  # all four threads (and connections) alive at once
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert {n for _, n in seen} == {1}
    assert len({c for c, _ in seen} | {id(store._conn())}) == 5


# --- queries -----------------------------------------------------------------------------------
@pytest.fixture
def filled(store: Store) -> Store:
    store.add_document(
        doc("d1", url="https://x.pe/1", title="Uno", source="Radio"),
        [
            ev("15", D(2024, 1, 10)),  # Lima department
            ev("1501", D(2024, 1, 1), D(2024, 1, 31), sentence="Marcha en Áncash y Lima"),
            ev("150101", D(2024, 2, 5)),
            ev("150132", D(2023, 1, 1), D(2023, 12, 31)),  # a whole year
        ],
    )
    store.add_document(
        doc("d2", title="Dos"),
        [
            ev("21", D(2024, 1, 20), sentence='Paro en Puno, "sin tregua"'),
            ev("2111", D(2024, 3, 3), confidence=0.4),
            ev("080101", D(2024, 1, 15)),
        ],
    )
    return store


def ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["ubigeo"])


def test_events_frame_columns_and_dtypes(filled: Store):
    f = filled.events_frame(EventFilter())
    for col in ("event_id", "doc_id", "surface", "ubigeo", "sentence", "title", "url", "source"):
        assert col in f.columns
    for col in ("date_start", "date_end", "doc_date"):
        assert str(f[col].dtype) == "datetime64[ns]"
    assert len(f) == 7
    assert f["date_start"].is_monotonic_increasing
    row = f[f["ubigeo"] == "1501"].iloc[0]
    assert row["title"] == "Uno" and row["source"] == "Radio"
    assert row["date_end"] == pd.Timestamp("2024-01-31")


def test_events_frame_limit(filled: Store):
    assert len(filled.events_frame(EventFilter(), limit=2)) == 2


def test_date_range_overlap_semantics(filled: Store):
    # Window 2024-01-31..2024-02-04 overlaps only the January period ending on the 31st.
    f = filled.events_frame(EventFilter(date_from=D(2024, 1, 31), date_to=D(2024, 2, 4)))
    assert ids(f) == ["1501"]
    # The window's last day equals an event's first day: it counts.
    f = filled.events_frame(EventFilter(date_from=D(2024, 2, 1), date_to=D(2024, 2, 5)))
    assert ids(f) == ["150101"]
    # A window inside a long period counts that period.
    f = filled.events_frame(EventFilter(date_from=D(2023, 6, 1), date_to=D(2023, 6, 2)))
    assert ids(f) == ["150132"]
    # Open-ended windows.
    assert ids(filled.events_frame(EventFilter(date_from=D(2024, 3, 1)))) == ["2111"]
    assert ids(filled.events_frame(EventFilter(date_to=D(2023, 12, 31)))) == ["150132"]
    # A reversed window selects nothing rather than failing.
    assert filled.events_frame(EventFilter(date_from=D(2024, 2, 1), date_to=D(2024, 1, 1))).empty


def test_long_period_found_far_before_window(store: Store):
    # A decade-long period starting long before the window still overlaps it.
    store.add_document(doc("x"), [ev("15", D(2010, 1, 1), D(2020, 1, 1)), ev("21", D(2019, 1, 1))])
    f = store.events_frame(EventFilter(date_from=D(2019, 6, 1), date_to=D(2019, 6, 30)))
    assert ids(f) == ["15"]


def test_prefix_filters(filled: Store):
    assert ids(filled.events_frame(EventFilter(ubigeos=("15",)))) == [
        "15",
        "1501",
        "150101",
        "150132",
    ]
    assert ids(filled.events_frame(EventFilter(ubigeos=("1501",)))) == ["1501", "150101", "150132"]
    assert ids(filled.events_frame(EventFilter(ubigeos=("150101",)))) == ["150101"]
    assert ids(filled.events_frame(EventFilter(ubigeos=("21", "080101")))) == [
        "080101",
        "21",
        "2111",
    ]
    assert ids(filled.events_frame(EventFilter(ubigeos=("1501", "21")))) == [
        "1501",
        "150101",
        "150132",
        "21",
        "2111",
    ]
    # Odd-length prefixes still work as prefixes.
    assert ids(filled.events_frame(EventFilter(ubigeos=("15013",)))) == ["150132"]


def test_prefix_filter_rejects_non_codes(filled: Store):
    with pytest.raises(ValueError, match="not a ubigeo prefix"):
        filled.events_frame(EventFilter(ubigeos=("15' OR 1=1 --",)))


def test_min_confidence(filled: Store):
    assert "2111" not in ids(filled.events_frame(EventFilter(min_confidence=0.5)))
    assert "2111" in ids(filled.events_frame(EventFilter(min_confidence=0.0)))


def test_fts_text_search_accents_and_prefixes(filled: Store):
    assert filled.has_fts
    assert ids(filled.events_frame(EventFilter(text="ancash"))) == ["1501"]
    assert ids(filled.events_frame(EventFilter(text="ÁNCASH lima"))) == ["1501"]
    assert ids(filled.events_frame(EventFilter(text="tregu"))) == ["21"]
    assert filled.events_frame(EventFilter(text="ancash puno")).empty


def test_fts_text_search_with_query_syntax_characters(filled: Store):
    for text in ['"sin tregua"', "puno OR", "AND", "sin-tregua*", "(paro", "'"]:
        filled.events_frame(EventFilter(text=text))  # must not raise
    assert ids(filled.events_frame(EventFilter(text='"sin tregua"'))) == ["21"]


@pytest.mark.sqlite_only
def test_text_search_like_fallback_without_fts(filled: Store):
    filled._fts = False
    assert ids(filled.events_frame(EventFilter(text="Áncash"))) == ["1501"]
    assert ids(filled.events_frame(EventFilter(text='"sin'))) == ["21"]
    assert filled.events_frame(EventFilter(text="100%")).empty


def test_counts_per_level(filled: Store):
    dep = filled.counts(EventFilter(), "department")
    assert dict(zip(dep["ubigeo"], dep["count"], strict=True)) == {"08": 1, "15": 4, "21": 2}
    prov = filled.counts(EventFilter(), "province")
    assert dict(zip(prov["ubigeo"], prov["count"], strict=True)) == {
        "0801": 1,
        "1501": 3,
        "2111": 1,
    }
    dist = filled.counts(EventFilter(ubigeos=("15",)), "district")
    assert dict(zip(dist["ubigeo"], dist["count"], strict=True)) == {"150101": 1, "150132": 1}
    with pytest.raises(ValueError):
        filled.counts(EventFilter(), "country")


def test_counts_with_date_window(filled: Store):
    c = filled.counts(EventFilter(date_from=D(2024, 1, 12), date_to=D(2024, 1, 25)), "department")
    assert dict(zip(c["ubigeo"], c["count"], strict=True)) == {"08": 1, "15": 1, "21": 1}


def test_timeline_day_week_month(filled: Store):
    flt = EventFilter(date_from=D(2024, 1, 1), date_to=D(2024, 3, 31))
    month = filled.timeline(flt, "month")
    assert month["period_start"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-02", "2024-03"]
    assert month["count"].tolist() == [4, 1, 1]
    week = filled.timeline(flt, "week")
    assert (week["period_start"].dt.day_of_week == 0).all()
    assert week["count"].sum() == 6
    assert 0 in week["count"].tolist()  # empty weeks are present with zero
    day = filled.timeline(EventFilter(ubigeos=("21",)), "day")
    assert day["period_start"].iloc[0] == pd.Timestamp("2024-01-20")
    assert len(day) == (D(2024, 3, 3) - D(2024, 1, 20)).days + 1
    assert day["count"].sum() == 2
    assert str(day["period_start"].dtype) == "datetime64[ns]"


def test_timeline_clips_long_periods_to_window(filled: Store):
    t = filled.timeline(EventFilter(date_from=D(2023, 6, 1), date_to=D(2023, 6, 30)), "day")
    assert t["period_start"].tolist() == [pd.Timestamp("2023-06-01")]


def test_timeline_empty(store: Store):
    t = store.timeline(EventFilter(), "week")
    assert t.empty and list(t.columns) == ["period_start", "count"]
    with pytest.raises(ValueError):
        store.timeline(EventFilter(), "year")


def test_documents_for_unit(filled: Store):
    d = filled.documents_for("15")
    assert d["title"].tolist() == ["Uno"]
    assert d["n_matching"].tolist() == [4] and d["n_events"].tolist() == [4]
    d = filled.documents_for("1501", EventFilter(date_from=D(2024, 2, 1)))
    assert d["n_matching"].tolist() == [1]
    assert filled.documents_for("10").empty
    both = filled.documents_for("0")  # prefix "0": Amazonas..Cusco, i.e. 08 here
    assert both["title"].tolist() == ["Dos"]


def test_date_span_and_stats(store: Store, filled: Store):
    assert filled.date_span() == (D(2023, 1, 1), D(2024, 3, 3))
    assert filled.stats() == {"documents": 2, "events": 7}


def test_date_span_empty(tmp_path: Path, store_target):
    with open_store(store_target(tmp_path / "e.sqlite")) as s:
        assert s.date_span() is None
        assert s.stats() == {"documents": 0, "events": 0}
        assert s.events_frame(EventFilter()).empty
        assert s.counts(EventFilter(), "department").empty


@pytest.mark.sqlite_only
def test_date_range_query_uses_an_index(filled: Store):
    con = filled._conn()
    clauses, params = filled._where(
        con, EventFilter(date_from=D(2024, 1, 1), date_to=D(2024, 2, 1))
    )
    plan = con.execute(
        "EXPLAIN QUERY PLAN SELECT dep2, count(*) FROM events e WHERE "
        + " AND ".join(clauses)
        + " GROUP BY dep2",
        params,
    ).fetchall()
    assert any("USING" in str(row[-1]) and "INDEX" in str(row[-1]) for row in plan), plan


def test_undated_events_only_without_a_date_window(store: Store):
    store.add_document(doc("x"), [ev("15", None), ev("21", D(2024, 5, 1))])
    f = store.events_frame(EventFilter())
    assert f["ubigeo"].tolist() == ["21", "15"]  # undated last
    assert f["date_start"].isna().tolist() == [False, True]
    assert ids(store.events_frame(EventFilter(date_from=D(2000, 1, 1)))) == ["21"]
    assert ids(store.events_frame(EventFilter(date_to=D(2030, 1, 1)))) == ["21"]
    assert store.counts(EventFilter(), "department")["count"].sum() == 2
    assert store.timeline(EventFilter(), "day")["count"].tolist() == [1]
    assert store.date_span() == (D(2024, 5, 1), D(2024, 5, 1))


def _legacy_row(doc_id: int, e: Event) -> tuple:
    """An events row as schemas 1-3 stored it: the sentence text in the last column."""
    from geo.store import _event_row

    return _event_row(doc_id, e, e.sentence)[:21]  # without the columns later schemas add


def test_migration_from_schema_2_keeps_data_and_allows_undated(tmp_path: Path):
    from geo.store import MIGRATIONS

    p = tmp_path / "old.sqlite"
    con = sqlite3.connect(p, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    for step in MIGRATIONS[:2]:
        step(con)
    con.execute("PRAGMA user_version = 2")
    con.execute(
        "INSERT INTO documents (id, content_hash, ingested_at, n_events) VALUES (7, 'h', 'now', 1)"
    )
    con.execute(
        'INSERT INTO events (doc_id, surface, start, "end", ubigeo, level, dep2, prov4, dist6, '
        "department, province, district, place, lat, lon, date_start, date_end, date_precision, "
        "doc_date, confidence, sentence) VALUES (" + ",".join("?" * 21) + ")",
        _legacy_row(7, ev("1501", D(2024, 1, 2), sentence="Paro en Huaral")),
    )
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            'INSERT INTO events (doc_id, surface, start, "end", ubigeo, level, dep2, prov4, '
            "dist6, department, province, district, place, lat, lon, date_start, date_end, "
            "date_precision, doc_date, confidence, sentence) VALUES (" + ",".join("?" * 21) + ")",
            _legacy_row(7, ev("15", None)),
        )
    con.close()
    with Store.open(p) as s:
        assert s._conn().execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert ids(s.events_frame(EventFilter(text="huaral"))) == ["1501"]
        s.add_document(doc("nuevo"), [ev("15", None, sentence="Marcha en Huaral")])
        assert ids(s.events_frame(EventFilter(text="huaral"))) == ["15", "1501"]
        assert s.delete_document(7)
        assert ids(s.events_frame(EventFilter(text="huaral"))) == ["15"]
        assert s._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.sqlite_only
def test_connections_of_finished_threads_are_closed(store: Store):
    # Streamlit runs every rerun on a new thread: connections must not pile up.
    for _ in range(10):
        t = threading.Thread(target=store.stats)
        t.start()
        t.join()
    store.stats()
    assert len(store._conns) <= 2


def _child_add(store: Store, q) -> None:
    q.put(store.add_document(doc("from the child"), [ev("15", D(2024, 1, 1))]).status)


def test_store_object_used_in_a_forked_child(store: Store):
    assert store.stats()["documents"] == 0  # the parent has an open connection now
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_child_add, args=(store, q))
    p.start()
    p.join(60)
    assert p.exitcode == 0 and q.get(timeout=5) == "added"
    assert store.stats() == {"documents": 1, "events": 1}
    assert store.add_document(doc("parent"), []).status == "added"


# --- one long sentence (issue 11) ----------------------------------------------------------------
def _dense(n: int) -> str:
    names = ["Cusco", "Puno", "Tacna", "Lima"]
    return "Hubo protestas en " + " y ".join(names[i % 4] + str(i) for i in range(n)) + "."


def test_long_sentence_stored_once_per_document(store: Store):
    text = _dense(2000)  # one sentence of about 18 KB
    events = []
    for i in range(2000):
        surface = ["Cusco", "Puno", "Tacna", "Lima"][i % 4] + str(i)
        pos = text.index(surface + " ") if i < 1999 else text.index(surface + ".")
        e = ev("15", D(2024, 1, 1), sentence=text)  # an extractor that copies the whole sentence
        events.append(
            Event(**{**_fields(e), "surface": surface, "start": pos, "end": pos + len(surface)})
        )
    store.add_document(doc(text), events)
    n_sent = sql_scalar(store, "SELECT count(*) FROM sentences")
    longest = sql_scalar(store, "SELECT max(length(text)) FROM sentences")
    assert n_sent <= 2000 and longest <= 410
    frame = store.events_frame()
    assert len(frame) == 2000
    assert all(s in w for s, w in zip(frame["surface"], frame["sentence"], strict=True))
    stored = sql_scalar(store, "SELECT sum(length(text)) FROM sentences")
    assert stored < 2000 * 420  # never a copy of the 18 KB sentence per event
    hits = store.events_frame(EventFilter(text="puno1001"))  # events whose window shows it
    assert 1 <= len(hits) <= 60 and hits["sentence"].str.contains("Puno1001").all()


def test_sentences_shared_by_events_are_stored_once(store: Store):
    same = "Paro en Puno y Juliaca."
    store.add_document(doc("x"), [ev("21", D(2024, 1, 1), sentence=same)] * 5)
    assert sql_scalar(store, "SELECT count(*) FROM sentences") == 1
    assert store.events_frame()["sentence"].tolist() == [same] * 5


def _fields(e: Event) -> dict:
    return {f: getattr(e, f) for f in Event.__dataclass_fields__}


def _schema_3_store(p: Path) -> sqlite3.Connection:
    from geo.store import MIGRATIONS

    con = sqlite3.connect(p, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    for step in MIGRATIONS[:3]:
        step(con)
    con.execute("PRAGMA user_version = 3")
    return con


def test_migration_to_sentence_table_caps_long_sentences(tmp_path: Path):
    p = tmp_path / "v3.sqlite"
    con = _schema_3_store(p)
    text = "Prólogo. " + _dense(600)  # the sentence starts at offset 9 of the document
    sent = text[9:]
    con.execute(
        "INSERT INTO documents (id, content_hash, ingested_at, n_events) "
        "VALUES (3, 'h', 'now', 601)"
    )
    sql = (
        'INSERT INTO events (doc_id, surface, start, "end", ubigeo, level, dep2, prov4, dist6, '
        "department, province, district, place, lat, lon, date_start, date_end, date_precision, "
        "doc_date, confidence, sentence) VALUES (" + ",".join("?" * 21) + ")"
    )
    rows = []
    for i in range(600):
        surface = ["Cusco", "Puno", "Tacna", "Lima"][i % 4] + str(i)
        pos = text.index(surface + (" " if i < 599 else "."))
        e = ev("08", D(2024, 2, 1), sentence=sent)
        rows.append(_legacy_row(3, Event(**{**_fields(e), "surface": surface, "start": pos,
                                            "end": pos + len(surface)})))  # fmt: skip
    rows.append(_legacy_row(3, ev("15", D(2024, 2, 2), sentence="Marcha en Lima.")))
    con.executemany(sql, rows)
    con.close()
    with Store.open(p) as s:
        c = s._conn()
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        cols = [r[1] for r in c.execute("PRAGMA table_info(events)")]
        assert "sentence" not in cols and "sentence_id" in cols
        frame = s.events_frame()
        assert len(frame) == 601
        assert frame["sentence"].str.len().max() <= 410
        # every event's window holds its own mention, cut at words, marked with ellipses
        dense = frame[frame["ubigeo"] == "08"]
        for surface, window in zip(dense["surface"], dense["sentence"], strict=True):
            assert re.search(rf"\b{surface}\b", window), (surface, window)
        assert frame["sentence"].str.startswith("… ").sum() > 500
        assert "Marcha en Lima." in set(frame["sentence"])
        hits = s.events_frame(EventFilter(text="tacna302"))
        assert 1 <= len(hits) <= 60 and "Tacna302" in set(hits["surface"])
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        assert s.delete_document(3)
        assert c.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0


def test_migration_to_sentence_table_keeps_columns_other_migrations_added(tmp_path: Path):
    p = tmp_path / "v3plus.sqlite"
    con = _schema_3_store(p)
    con.execute("ALTER TABLE events ADD COLUMN extra_note TEXT")  # as another migration might
    con.execute(
        "INSERT INTO documents (id, content_hash, ingested_at, n_events) VALUES (1, 'h', 'now', 1)"
    )
    con.execute(
        'INSERT INTO events (doc_id, surface, start, "end", ubigeo, level, dep2, prov4, dist6, '
        "department, province, district, place, lat, lon, date_start, date_end, date_precision, "
        "doc_date, confidence, sentence, extra_note) VALUES (" + ",".join("?" * 22) + ")",
        (*_legacy_row(1, ev("15", D(2024, 1, 2), sentence="Paro en Lima.")), "origin"),
    )
    con.close()
    with Store.open(p) as s:
        c = s._conn()
        assert c.execute("SELECT extra_note FROM events").fetchall() == [("origin",)]
        assert s.events_frame()["sentence"].tolist() == ["Paro en Lima."]
