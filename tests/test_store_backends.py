"""What every store backend guarantees (SQLite and PostGIS): batches, crashes, concurrency, URLs."""

from __future__ import annotations

import multiprocessing as mp
import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import pytest

from geo.model import EventFilter
from geo.store import Store, StoreError, open_store, sqlite_path
from geo.store.postgis import PostgisStore
from tests.conftest import ROOT, new_pg_database, sql_scalar
from tests.test_store import doc, ev

D = date


@pytest.fixture
def store(tmp_path: Path, store_target):
    s = open_store(store_target(tmp_path / "events.sqlite"))
    yield s
    s.close()


# --- batches -----------------------------------------------------------------------------------
def test_batch_is_idempotent_by_content_hash(store):
    items = [(doc(f"texto {i}"), [ev("15", D(2024, 1, 1 + i))] * 2) for i in range(5)]
    first = store.add_documents(items)
    assert [r.status for r in first] == ["added"] * 5
    again = store.add_documents([*items[2:], (doc("nuevo"), [ev("21", D(2024, 2, 1))])])
    assert [r.status for r in again] == ["duplicate"] * 3 + ["added"]
    assert [r.doc_id for r in again[:3]] == [r.doc_id for r in first[2:]]
    assert store.stats() == {"documents": 6, "events": 11}


def test_batch_repeating_a_document_stores_it_once(store):
    same = (doc("igual"), [ev("15", D(2024, 1, 1))])
    out = store.add_documents([same, same, (doc("otro"), [])])
    assert [r.status for r in out] == ["added", "duplicate", "added"]
    assert out[0].doc_id == out[1].doc_id
    assert store.stats() == {"documents": 2, "events": 1}


def test_batch_with_a_corrected_version_replaces_the_old_document(store):
    store.add_document(doc("v1", url="https://x.pe/n"), [ev("15", D(2024, 1, 1))] * 3)
    out = store.add_documents(
        [(doc("v2", url="https://x.pe/n"), [ev("08", D(2024, 1, 2))]), (doc("otro"), [])]
    )
    assert [r.status for r in out] == ["replaced", "added"]
    assert store.events_frame()["ubigeo"].tolist() == ["08"]
    assert store.stats() == {"documents": 2, "events": 1}


def test_batch_holding_both_versions_of_a_document_keeps_the_later(store):
    """The first version's rows wait in the batch when the second replaces it."""
    out = store.add_documents(
        [
            (doc("v1", url="https://x.pe/n"), [ev("15", D(2024, 1, 1))] * 3),
            (doc("otro"), [ev("21", D(2024, 2, 1))]),
            (doc("v2", url="https://x.pe/n"), [ev("08", D(2024, 1, 2))]),
        ]
    )
    assert [r.status for r in out] == ["added", "added", "replaced"]
    assert sorted(store.events_frame()["ubigeo"]) == ["08", "21"]
    assert sql_scalar(store, "SELECT count(*) FROM sentences") == 2
    if store.url.startswith("sqlite"):
        assert sql_scalar(store, "SELECT count(*) FROM doc_search") == 2
    assert sql_scalar(store, "SELECT count(*) FROM events WHERE sentence_id IS NULL") == 0
    assert store.stats() == {"documents": 2, "events": 2}


def test_batch_with_an_invalid_event_stores_nothing(store):
    good = [(doc(f"bien {i}"), [ev("15", D(2024, 1, 1))]) for i in range(3)]
    bad = ev("15", D(2024, 1, 1))
    bad = type(bad)(**{**{f: getattr(bad, f) for f in bad.__dataclass_fields__}, "ubigeo": "x"})
    with pytest.raises(ValueError, match="invalid ubigeo"):
        store.add_documents([*good, (doc("mal"), [bad])])
    assert store.stats() == {"documents": 0, "events": 0}
    assert sql_scalar(store, "SELECT count(*) FROM sentences") == 0


def test_empty_batch_is_a_no_op(store):
    assert store.add_documents([]) == []
    assert store.stats() == {"documents": 0, "events": 0}


def test_url_reopens_the_same_store(store):
    store.add_document(doc("uno"), [ev("15", D(2024, 1, 1))])
    with open_store(store.url) as again:
        assert again.stats() == {"documents": 1, "events": 1}


# --- a process killed in the middle of a batch ------------------------------------------------
def test_process_killed_mid_batch_leaves_nothing_half_written(
    tmp_path: Path, store_target, backend
):
    db = str(store_target(tmp_path / "events.sqlite"))
    with open_store(db) as s:
        s.add_document(doc("antes"), [ev("15", D(2024, 1, 1))])
    # SQLite builds each event row once, inside the transaction; PostGIS validates every row
    # first (3 calls), then builds them again while its COPY runs: die on the 2nd of those.
    die_at = 2 if backend == "sqlite" else 3 + 2
    module = "geo.store.sqlite" if backend == "sqlite" else "geo.store.postgis"
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        import importlib
        from datetime import date
        mod = importlib.import_module({module!r})
        from geo.store import open_store
        from tests.test_store import doc, ev
        real, calls = mod._event_row, []
        def dying(*a):
            calls.append(1)
            if len(calls) == {die_at}:
                os._exit(9)  # power cut in the middle of the batch's transaction
            return real(*a)
        mod._event_row = dying
        s = open_store({db!r})
        s.add_documents([(doc("medio"), [ev("21", date(2024, 2, 1))] * 3)])
        """
    )
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert p.returncode == 9, p.stderr.decode()
    with open_store(db) as s:
        assert s.stats() == {"documents": 1, "events": 1}
        assert sql_scalar(s, "SELECT count(*) FROM sentences") == 1
        assert s.add_documents([(doc("medio"), [ev("21", D(2024, 2, 1))])])[0].status == "added"


# --- concurrent writers and readers -------------------------------------------------------------
def _overlapping_writer(db: str, worker: int, start) -> None:
    """Add 40 documents in batches of 8: 20 of its own and 20 every worker also adds."""
    start.wait()
    with open_store(db) as s:
        items = []
        for i in range(20):
            items.append((doc(f"w{worker} own {i}"), [ev("15", D(2024, 1, 1 + i))] * 2))
            items.append((doc(f"shared {i}"), [ev("21", D(2024, 2, 1 + i % 28))]))
        if worker % 2:
            items.reverse()  # meet the others from the other end
        for k in range(0, len(items), 8):
            s.add_documents(items[k : k + 8])


def test_concurrent_writers_lose_and_duplicate_no_document(tmp_path: Path, store_target):
    db = str(store_target(tmp_path / "events.sqlite"))
    open_store(db).close()
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_overlapping_writer, args=(db, w, start)) for w in range(4)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(180)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    with open_store(db) as s:
        assert s.stats() == {"documents": 4 * 20 + 20, "events": 4 * 40 + 20}
        docs = s.documents_frame()
        assert docs["doc_id"].is_unique and (docs["n_events"] > 0).all()
        assert sql_scalar(s, "SELECT count(DISTINCT content_hash) FROM documents") == 100


def test_reader_is_not_blocked_by_a_writer(tmp_path: Path, store_target, backend):
    db = str(store_target(tmp_path / "events.sqlite"))
    reader = open_store(db)
    writer = open_store(db)
    reader.add_document(doc("visible"), [ev("15", D(2024, 1, 1))])
    reader.ensure_clusters()
    results: dict[str, object] = {}

    def read() -> None:
        try:
            results["stats"] = reader.stats()
            results["counts"] = reader.counts(EventFilter(), "department")["count"].tolist()
            results["events"] = len(reader.events_frame(EventFilter(text="protesta")))
            results["clusters"] = len(reader.clusters_frame())
            results["timeline"] = int(reader.timeline(EventFilter(), "week")["count"].sum())
        except BaseException as exc:
            results["error"] = exc

    try:
        with writer._write() as con:  # a long write transaction, not yet committed
            con.execute("INSERT INTO documents (content_hash, ingested_at) VALUES ('held', 'now')")
            if backend == "postgis":  # and it holds the department being reclustered
                con.execute("INSERT INTO clusters_dirty (dep2) VALUES ('15')")
                con.execute("LOCK TABLE events IN EXCLUSIVE MODE")  # blocks writers, not readers
            t = threading.Thread(target=read)
            t.start()
            t.join(20)
            assert not t.is_alive(), "the reader waited for the writer"
        assert "error" not in results, results.get("error")
        assert results == {
            "stats": {"documents": 1, "events": 1},
            "counts": [1],
            "events": 1,
            "clusters": 1,
            "timeline": 1,
        }
        assert reader.stats()["documents"] == 2  # committed now, and seen
    finally:
        reader.close()
        writer.close()


# --- choosing a backend ------------------------------------------------------------------------
def test_open_store_takes_a_path_or_a_sqlite_url(tmp_path: Path):
    p = tmp_path / "a" / "events.sqlite"
    with open_store(p) as s:
        assert isinstance(s, Store) and s.path == p
        s.add_document(doc("uno"), [])
        assert s.url == f"sqlite:///{p.as_posix().lstrip('/')}"
    with open_store(f"sqlite:///{p}") as s:
        assert s.stats()["documents"] == 1
    assert sqlite_path(f"sqlite:///{p}") == p == sqlite_path(f"sqlite:////{str(p).lstrip('/')}")


def test_open_store_without_a_url_follows_pem_db_url(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path / "data"))
    with open_store() as s:
        assert s.path == tmp_path / "data" / "events.sqlite"
    monkeypatch.setenv("PEM_DB_URL", f"sqlite:///{tmp_path / 'other.sqlite'}")
    with open_store() as s:
        assert s.path == tmp_path / "other.sqlite"


def test_a_sqlite_url_without_a_path_is_refused():
    with pytest.raises(StoreError, match="sqlite:///"):
        sqlite_path("sqlite:relative.db")


def test_unreachable_server_is_one_clear_error():
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL server"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")


def test_password_never_appears_in_messages():
    with pytest.raises(StoreError) as info:
        open_store("postgresql://nobody:s3cr3t@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cr3t" not in str(info.value)


# --- PostGIS specifics -------------------------------------------------------------------------
@pytest.fixture
def pg(pg_cluster):
    s = open_store(new_pg_database(pg_cluster))
    yield s
    s.close()


def test_postgres_scheme_opens_postgis(pg_cluster):
    url = new_pg_database(pg_cluster).replace("postgresql://", "postgres://", 1)
    with open_store(url) as s:
        assert isinstance(s, PostgisStore)
        assert s.stats() == {"documents": 0, "events": 0}


def test_postgis_events_have_points_with_a_gist_index(pg):
    pg.add_document(doc("uno"), [ev("15", D(2024, 1, 1)), ev("21", D(2024, 1, 2))])
    with pg._read() as con:
        srid, kind = con.execute(
            "SELECT ST_SRID(geom), GeometryType(geom) FROM events LIMIT 1"
        ).fetchone()
        index = con.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'events' AND indexname = "
            "'events_geom'"
        ).fetchone()[0]
        near = con.execute(
            "SELECT count(*) FROM events WHERE ST_DWithin(geom, "
            "ST_SetSRID(ST_MakePoint(-77.0, -12.0), 4326), 0.01)"
        ).fetchone()[0]
    assert (srid, kind) == (4326, "POINT") and "gist" in index.lower() and near == 2


def test_postgis_migrations_are_versioned_and_rerun_safely(pg):
    from geo.store.postgis import SCHEMA_VERSION, PostgisStore

    assert pg.schema_version() == SCHEMA_VERSION
    with PostgisStore.open(pg.url) as again:  # opening again migrates nothing
        assert again.schema_version() == SCHEMA_VERSION


def test_postgis_newer_schema_is_refused(pg):
    with pg._write() as con:
        con.execute("UPDATE pem_schema SET version = version + 1")
    with pytest.raises(StoreError, match="newer version"):
        open_store(pg.url)


def test_postgis_remove_is_one_transaction(pg):
    """A failure half-way (a trigger refusing the second delete) leaves every document."""
    for i in range(3):
        pg.add_document(doc(f"d{i}"), [ev("15", D(2024, 1, 1))])
    ids = pg.documents_frame()["doc_id"].tolist()
    with pg._write() as con:
        con.execute(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'disk gone'; END $$"
        )
        con.execute(
            "CREATE TRIGGER refuse BEFORE DELETE ON documents FOR EACH ROW "
            f"WHEN (old.id = {max(ids):d}) EXECUTE FUNCTION refuse()"
        )
    import psycopg

    with pytest.raises(psycopg.Error, match="disk gone"):
        pg.remove_documents(ids)
    assert pg.stats() == {"documents": 3, "events": 3}


def test_postgis_search_stems_and_accents(pg):
    pg.add_document(
        doc("Los comuneros bloquearon la vía en Junín.", title="Bloqueo"),
        [ev("12", D(2024, 1, 1), sentence="Hubo protestas en Junín.")],
    )
    sentence = [EventFilter(text=t) for t in ("protesta", "junin", "JUNÍN prot")]
    assert [len(pg.events_frame(f)) for f in sentence] == [1, 1, 1]
    assert pg.events_frame(EventFilter(text="marcha")).empty
    document = EventFilter(text="bloqueo", text_scope="document")
    assert len(pg.events_frame(document)) == 1  # "bloqueo" finds "bloquearon"
    with pg._read() as con:
        cfg = con.execute(
            "SELECT to_tsvector('pem_simple'::regconfig, 'Junín Áncash')::text"
        ).fetchone()[0]
    assert cfg == "'ancash':2 'junin':1"


def test_postgis_user_boundaries_are_made_valid_and_count_points(pg):
    from shapely.geometry import Polygon

    bowtie = Polygon([(-78, -13), (-76, -11), (-76, -13), (-78, -11), (-78, -13)])  # invalid
    square = Polygon([(-72, -16), (-69, -16), (-69, -14), (-72, -14)])
    assert not bowtie.is_valid
    n = pg.put_boundaries("department", [("15", "Lima", bowtie.wkb), ("21", "Puno", square.wkb)])
    assert n == 2
    with pg._read() as con:
        rows = con.execute(
            "SELECT ubigeo, ST_IsValid(geom), GeometryType(geom), ST_SRID(geom) "
            "FROM user_boundaries ORDER BY ubigeo"
        ).fetchall()
    assert rows == [("15", True, "MULTIPOLYGON", 4326), ("21", True, "MULTIPOLYGON", 4326)]
    pg.add_document(doc("uno"), [ev("15", D(2024, 1, 1)), ev("150101", D(2024, 1, 2))])
    counts = pg.counts_in_boundaries(EventFilter(), "department")
    assert counts.to_dict("records") == [{"ubigeo": "15", "count": 2}]  # (-77, -12) is inside
    assert len(pg.boundary_units("department")) == 2
    pg.put_boundaries("department", [("21", "Puno", square.wkb)])  # a level is replaced whole
    assert [u[0] for u in pg.boundary_units("department")] == ["21"]


# --- per-unit aggregation (export --aggregate) -------------------------------------------------
def _spread(store) -> None:
    store.add_document(doc("a"), [ev("15", D(2024, 1, 1)), ev("150101", D(2024, 1, 2))])
    store.add_document(doc("b"), [ev("1501", D(2024, 1, 3)), ev("080101", D(2024, 2, 1))])
    store.add_document(doc("c"), [ev("150132", D(2024, 3, 1)), ev("08", None)])


@pytest.mark.parametrize("level", ["department", "province", "district"])
def test_unit_summary_in_the_store_matches_the_events(store, level):
    from geo.export import unit_summary

    _spread(store)
    for flt in (EventFilter(), EventFilter(date_from=D(2024, 1, 2), date_to=D(2024, 2, 28))):
        got = store.unit_summary(flt, level)
        want = unit_summary(store.events_frame(flt), level)
        assert got["ubigeo"].tolist() == want["ubigeo"].tolist()
        assert got["count"].tolist() == want["count"].tolist()
        assert got["documents"].tolist() == want["documents"].tolist()
        assert got["name"].tolist() == want["name"].tolist()
        assert got["lat"].round(9).tolist() == want["lat"].round(9).tolist()


def test_cli_export_aggregate_takes_a_store_url(store, tmp_path):
    import pandas as pd

    from geo.__main__ import main

    _spread(store)
    out = tmp_path / "units.csv"
    args = ["export", "--db", store.url, "--aggregate", "--format", "csv", "-o", str(out)]
    assert main(args) == 0
    table = pd.read_csv(out, encoding="utf-8-sig", dtype={"ubigeo": str})
    assert dict(zip(table["ubigeo"], table["count"], strict=True)) == {"15": 4, "08": 2}


def test_a_long_period_another_writer_just_added_is_found_at_once(tmp_path: Path, store_target):
    """The date window's index bound (longest period) is read per query, never stale."""
    db = str(store_target(tmp_path / "events.sqlite"))
    with open_store(db) as reader, open_store(db) as writer:
        writer.add_document(doc("corto"), [ev("21", D(2019, 6, 10))])
        window = EventFilter(date_from=D(2019, 6, 1), date_to=D(2019, 6, 30))
        assert reader.events_frame(window)["ubigeo"].tolist() == ["21"]
        writer.add_document(doc("largo"), [ev("15", D(2010, 1, 1), D(2020, 1, 1))])
        assert sorted(reader.events_frame(window)["ubigeo"]) == ["15", "21"]


def test_postgis_batch_aborted_by_a_deadlock_is_run_again(pg, monkeypatch):
    from psycopg import errors as pe

    real, calls = pg._add_batch, []

    def first_one_deadlocks(items, *rest):
        calls.append(1)
        if len(calls) == 1:
            with pg._write() as con:  # a real transaction the server aborts half-way
                con.execute("INSERT INTO documents (content_hash, ingested_at) VALUES ('x', 'n')")
                raise pe.DeadlockDetected("deadlock detected")
        return real(items, *rest)

    monkeypatch.setattr(pg, "_add_batch", first_one_deadlocks)
    out = pg.add_documents([(doc("uno"), [ev("15", D(2024, 1, 1))])])
    assert [r.status for r in out] == ["added"] and len(calls) == 2
    assert pg.stats() == {"documents": 1, "events": 1}  # the aborted attempt left nothing


# --- sentence search: the same answers on both backends, and the v1 -> v2 migration ------------
SEARCH_SENTENCES = (
    "Los pobladores anunciaron un paro indefinido en Junín.",
    "El paro regional se levantó tras el diálogo.",
    "Protestas en Áncash por la contaminación del río.",
    "Comerciantes de Puno iniciaron una huelga indefinida.",
)

SEARCH_TEXTS = ("paro indefinido", "paro", "indefinid", "JUNIN par", "ancash", "huelga puno", "x")


def _search_data(store) -> None:
    """Documents over three months; one sentence carries two places, one document is replaced."""
    for i in range(12):
        s1, s2 = SEARCH_SENTENCES[i % 4], SEARCH_SENTENCES[(i + 1) % 4]
        day = D(2024, 1 + i % 3, 1 + 2 * i)
        store.add_document(
            doc(f"búsqueda {i}", url=f"https://x.pe/{i % 10}"),
            [ev("12", day, sentence=s1), ev("1201", day, sentence=s1),
             ev("02", day, D(2024, 3, 31), sentence=s2), ev("21", None, sentence=s2)],
        )  # fmt: skip


def _search_answers(store) -> list:
    out = []
    for text in SEARCH_TEXTS:
        for window in ((None, None), (D(2024, 2, 1), D(2024, 2, 29)), (D(2024, 3, 10), None)):
            flt = EventFilter(*window, text=text)
            frame = store.events_frame(flt)
            out.append((text, window,
                        list(zip(frame["ubigeo"], frame["date_start"], frame["sentence"],
                                 strict=True)),
                        store.counts(flt, "department").to_dict("records"),
                        store.counts(flt, "province").to_dict("records"),
                        store.timeline(flt, "week")["count"].tolist()))  # fmt: skip
    return out


def test_sentence_search_in_a_window_answers_as_sqlite_does(pg, tmp_path):
    with open_store(tmp_path / "events.sqlite") as lite:
        _search_data(lite)
        _search_data(pg)
        want, got = _search_answers(lite), _search_answers(pg)
    assert all(w[2] for w in want[:3]) and not all(w[2] for w in want)  # some hits, some none
    assert got == want


def test_postgis_migration_from_v1_puts_sentence_vectors_on_events(pg_cluster):
    """A store written at schema 1 (vectors on sentences) opens at 2 and finds the same events."""
    import psycopg

    from geo.store.postgis import MIGRATIONS, SCHEMA_VERSION

    url = pg_cluster.create_database(f"pem_v1_{id(pg_cluster) % 10_000}")
    with psycopg.connect(url, autocommit=True) as con:
        for stmt in MIGRATIONS[0]:
            con.execute(stmt)
        con.execute("CREATE TABLE pem_schema (version integer NOT NULL)")
        con.execute("INSERT INTO pem_schema VALUES (1)")
        d = con.execute(
            "INSERT INTO documents (content_hash, ingested_at) VALUES ('h1', 'now') RETURNING id"
        ).fetchone()[0]
        s1, s2 = (
            con.execute(
                "INSERT INTO sentences (doc_id, text) VALUES (%s, %s) RETURNING id", (d, t)
            ).fetchone()[0]
            for t in ("Hubo protestas en Junín.", "Un paro en Puno.")
        )
        for code, sid, day in (("12", s1, 19723), ("21", s2, 19724)):
            con.execute(
                'INSERT INTO events (doc_id, surface, start, "end", ubigeo, level, dep2, '
                "confidence, sentence_id, date_start, date_end) "
                "VALUES (%s, 'x', 0, 1, %s, 'department', %s, 0.9, %s, %s, %s)",
                (d, code, code, sid, day, day),
            )
    with open_store(url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.events_frame(EventFilter(text="protesta junin"))["ubigeo"].tolist() == ["12"]
        assert s.events_frame(EventFilter(text="paro"))["ubigeo"].tolist() == ["21"]
        s.add_document(doc("nuevo"), [ev("08", D(2024, 1, 1), sentence="Otro paro en Cusco.")])
        assert sorted(s.events_frame(EventFilter(text="paro"))["ubigeo"]) == ["08", "21"]
        with s._read() as con:
            left = con.execute(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = 'sentences' AND column_name = 'tsv'"
            ).fetchone()[0]
            index = con.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'events_tsv'"
            ).fetchone()[0]
    assert left == 0 and "gin" in index.lower()


# --- the map's per-unit counts (unit_summary with a measure), in the database ------------------
def _map_data(store) -> None:
    """Mentions with repeats: one sentence naming a unit twice, headlines, one event reported
    by two documents (one cluster), undated and coarse mentions."""
    from dataclasses import replace

    strike = "Paro agrario en Lima y Huaral."
    store.add_document(
        doc("m1"),
        [ev("15", D(2024, 1, 1), sentence=strike), ev("1501", D(2024, 1, 1), sentence=strike),
         ev("150101", D(2024, 1, 1), sentence=strike), ev("150101", D(2024, 1, 1), sentence=strike),
         replace(ev("08", D(2024, 1, 1), sentence="CUSCO"), role="headline"),
         ev("080101", D(2024, 1, 5), sentence="Marcha en Cusco.")],
    )  # fmt: skip
    store.add_document(
        doc("m2"),
        [ev("150101", D(2024, 1, 1), sentence="Un paro agrario en Lima."),
         ev("150101", D(2024, 2, 1), sentence="Otra marcha en Lima."),
         replace(ev("21", D(2024, 1, 1), sentence="Puno, 2 ene."), role="dateline"),
         ev("21", None, sentence="Puno sin fecha.")],
    )  # fmt: skip
    store.add_document(doc("m3"), [ev("1501", D(2024, 3, 1), D(2024, 3, 9))])


@pytest.mark.parametrize("measure", ["mentions", "documents", "events"])
@pytest.mark.parametrize("level", ["department", "province", "district"])
def test_map_counts_in_the_store_are_the_maps_own(store, level, measure):
    """unit_summary(measure) counts in SQL exactly what geo.maps counts from the events."""
    from geo import maps

    _map_data(store)
    store.ensure_clusters()
    for flt in (EventFilter(), EventFilter(D(2024, 1, 1), D(2024, 1, 31)),
                EventFilter(text="paro"), EventFilter(D(2024, 3, 5), D(2024, 12, 31))):  # fmt: skip
        got = store.unit_summary(flt, level, measure)
        frame = store.events_frame(flt)
        want = maps.measure_counts(frame, level, measure).sort_index()
        # the documents behind a unit's count: every document with a counted mention there
        docs = maps.measure_counts(frame, level, "documents").sort_index()
        assert got["ubigeo"].tolist() == want.index.tolist(), flt
        assert got["count"].tolist() == want.tolist(), flt
        assert got["documents"].tolist() == docs.tolist(), flt
        mem = maps.unit_counts(frame, level, None, measure)  # the map without the store's counts
        assert mem[["ubigeo", "count", "docs"]].values.tolist() == (
            got[["ubigeo", "count", "documents"]].values.tolist()
        ), flt


def test_map_counts_say_what_they_count(store):
    _map_data(store)
    lima = {m: store.unit_summary(EventFilter(), "district", m).set_index("ubigeo")
            for m in (None, "mentions", "documents", "events")}  # fmt: skip
    # four mentions of 150101, two in one sentence; two documents; the two reports of the
    # strike on 1 January are one distinct event.
    assert [int(lima[m].loc["150101", "count"]) for m in lima] == [4, 3, 2, 2]
    with pytest.raises(ValueError, match="measure must be one of"):
        store.unit_summary(EventFilter(), "district", "votes")


# --- user boundaries: a PostGIS store's own, never the data folder's ---------------------------
def _square_wkb() -> bytes:
    from shapely.geometry import Polygon

    return Polygon([(-78, -13), (-76, -13), (-76, -11), (-78, -11)]).wkb


def _user_province_file(folder: Path) -> None:
    """A user province layer in the data folder (one square for 1501), as boundaries add writes."""
    import geopandas as gpd
    import shapely

    from geo.boundaries import layer_path

    path = layer_path("province", folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    gpd.GeoDataFrame(
        {"ubigeo": ["1501"], "name": ["Lima"]}, geometry=[shapely.from_wkb(_square_wkb())], crs=4326
    ).to_parquet(path)


def test_postgis_store_boundaries_replace_the_data_folders(pg, tmp_path):
    from geo.boundaries import EMBEDDED, boundary_source, load_boundaries

    _user_province_file(tmp_path)  # a file the PostGIS store must not read
    shipped = load_boundaries("province", tmp_path / "elsewhere")
    assert boundary_source("province", tmp_path, pg) == "shipped" and EMBEDDED["province"]
    assert load_boundaries("province", tmp_path, pg)["ubigeo"].tolist() == (
        shipped["ubigeo"].tolist()
    )
    stamp = pg.boundaries_stamp("province")
    pg.put_boundaries("province", [("1501", None, _square_wkb()), ("0801", "Cusco", _square_wkb())])
    assert pg.boundaries_stamp("province") != stamp  # a cached layer sees the change
    layer = load_boundaries("province", tmp_path / "elsewhere", pg)
    assert layer["ubigeo"].tolist() == ["0801", "1501"]
    assert layer["name"].tolist() == ["Cusco", "1501"]  # no name: the code, as files do
    assert boundary_source("province", tmp_path / "elsewhere", pg) == "user"
    assert layer.crs.to_epsg() == 4326 and layer.geometry.is_valid.all()


def test_sqlite_store_boundaries_stay_in_the_data_folder(tmp_path):
    from geo.boundaries import boundary_source, load_boundaries

    _user_province_file(tmp_path)
    with open_store(tmp_path / "events.sqlite") as lite:
        assert lite.boundaries_stamp("province") is None and lite.boundary_units("province") == []
        assert load_boundaries("province", tmp_path, lite)["ubigeo"].tolist() == ["1501"]
        assert boundary_source("province", tmp_path, lite) == "user"


def test_export_aggregate_on_postgis_draws_the_stores_polygons(pg, tmp_path, monkeypatch):
    import geopandas as gpd
    import shapely

    from geo.__main__ import main

    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PEM_DB_URL", raising=False)
    _user_province_file(tmp_path)  # ignored: the store has its own layer
    pg.put_boundaries("province", [("0801", "Cusco", _square_wkb())])
    _spread(pg)
    out = tmp_path / "units.geojson"
    args = ["export", "--db", pg.url, "--aggregate", "--level", "province", "--format",
            "geojson", "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    table = gpd.read_file(out).set_index("ubigeo")
    assert bool(table.loc["0801", "polygon"]) and not bool(table.loc["1501", "polygon"])
    assert table.loc["0801"].geometry.equals(shapely.from_wkb(_square_wkb()))
    assert table["count"].to_dict() == {"1501": 3, "0801": 1}


def test_postgis_migration_from_v2_stamps_the_boundaries_already_stored(pg_cluster):
    import psycopg

    from geo.store.postgis import MIGRATIONS, SCHEMA_VERSION

    url = pg_cluster.create_database(f"pem_v2_{id(pg_cluster) % 10_000}")
    with psycopg.connect(url, autocommit=True) as con:
        for stmt in (*MIGRATIONS[0], *MIGRATIONS[1]):
            con.execute(stmt)
        con.execute("CREATE TABLE pem_schema (version integer NOT NULL)")
        con.execute("INSERT INTO pem_schema VALUES (2)")
        con.execute(
            "INSERT INTO user_boundaries (level, ubigeo, name, geom) "
            "VALUES ('province', '0801', 'Cusco', ST_Multi(ST_GeomFromWKB(%s, 4326)))",
            (_square_wkb(),),
        )
    with open_store(url) as s:
        assert s.schema_version() == SCHEMA_VERSION == 3
        backend, level, n, last = s.boundaries_stamp("province")
        assert (backend, level, n) == ("postgis", "province", 1) and last is not None
        assert [u[:2] for u in s.boundary_units("province")] == [("0801", "Cusco")]
