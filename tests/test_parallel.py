"""Ingest over partitions on a Dask LocalCluster of 2 worker processes (issue 8).

The cluster is started once for the module (a few seconds); every test uses the real
extractor on small generated documents, so "parallel equals serial" compares real events.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import suppress
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from geo import parallel
from geo.ingest import ingest_paths, iter_documents
from geo.model import Document
from geo.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]

PLACES = [
    "Cusco",
    "Puno",
    "Arequipa",
    "Tacna",
    "Huancayo",
    "Iquitos",
    "Piura",
    "Chiclayo",
    "Ayacucho",
    "Cajamarca",
    "Juliaca",
    "Abancay",
]
LINES = [
    "Pobladores de {p} bloquearon la carretera el {d} de marzo de 2024.",
    "Las lluvias en {p} dejaron cientos de damnificados, informó el COEN.",
    "Trabajadores de {p} acataron una huelga indefinida, según el sindicato.",
    "Protesters in {p} marched to the main square on {d} April 2024.",
    "El ministro indicó que el Ejecutivo publicará un plan en las próximas semanas.",
]


def article(i: int, sentences: int = 6) -> str:
    """A small made-up news item, different for every i."""
    out = [f"Nota {i}"]
    for k in range(sentences):
        line = LINES[(i + k) % len(LINES)]
        out.append(line.format(p=PLACES[(i * 7 + k) % len(PLACES)], d=1 + (i + k) % 27))
    return "\n".join(out) + "\n"


def write_corpus(folder: Path, n_files: int = 24, n_rows: int = 20) -> list[Path]:
    """n_files text files, a CSV and a JSON Lines table of n_rows each, and one bad file."""
    folder.mkdir(parents=True, exist_ok=True)
    files = folder / "files"
    files.mkdir()
    for i in range(n_files):
        (files / f"a{i:03d}.txt").write_text(article(i), encoding="utf-8")
    (files / "empty.txt").write_bytes(b"")
    csv_lines = ["title,date,text"]
    for i in range(n_rows):
        body = article(1000 + i).replace('"', '""')
        csv_lines.append(f'Fila {i},2024-02-{1 + i % 27:02d},"{body}"')
    csv_lines.append("Vacía,2024-02-01,")
    (folder / "table.csv").write_text("\n".join(csv_lines) + "\n", encoding="utf-8")
    with (folder / "table.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(n_rows):
            fh.write(json.dumps({"text": article(2000 + i), "url": f"https://x.pe/{i}"}) + "\n")
        fh.write("{not json\n")
    return [files, folder / "table.csv", folder / "table.jsonl"]


def contents(store: Store) -> set[tuple]:
    """Every stored event with its document's identity and search terms (ids differ between
    runs); the workers compute the terms and rows the client stores, the serial run does not."""
    con = store._conn()
    rows = con.execute(
        "SELECT d.content_hash, d.title, d.url, d.doc_date, d.n_events, e.ubigeo, e.start, "
        'e."end", e.date_start, e.date_end, e.role, e.event_types, e.surface, e.level, '
        "e.place, e.lat, e.lon, e.date_precision, e.confidence, e.fatalities, e.injured, "
        "s.text, t.terms FROM documents d LEFT JOIN events e ON e.doc_id = d.id "
        "LEFT JOIN sentences s ON s.id = e.sentence_id LEFT JOIN doc_search t ON t.rowid = d.id"
    )
    return set(rows)


def doc_hashes(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("SELECT content_hash FROM documents")]


@pytest.fixture(autouse=True)
def _short_stall(monkeypatch: pytest.MonkeyPatch):
    """A wedged cluster is restarted (or the run stopped) after 60 s, well inside a test's
    5-minute timeout: the partitions here are seconds of work even on a loaded CI machine."""
    monkeypatch.setattr(parallel, "STALL_S", 60.0)


@pytest.fixture(scope="module")
def _module_cluster():
    holder = {"c": parallel.start_cluster(workers=2)}
    try:
        yield holder
    finally:
        holder["c"].close()


def _healthy(c) -> bool:
    """Two workers that run a task within 30 s (a test may have killed or wedged one)."""
    try:
        c.client.wait_for_workers(2, timeout=30)
        return c.client.submit(abs, -1, pure=False).result(timeout=30) == 1
    except Exception:
        return False


@pytest.fixture
def cluster(_module_cluster):
    """The module's 2-worker LocalCluster, replaced when an earlier test left it broken.

    One wedged cluster then fails one test, not every test after it.
    """
    if not _healthy(_module_cluster["c"]):
        with suppress(Exception):
            _module_cluster["c"].close()
        _module_cluster["c"] = parallel.start_cluster(workers=2)
    return _module_cluster["c"]


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    return write_corpus(tmp_path / "in")


def _open(path: Path):
    return open_store(path)


# --- parallel equals serial --------------------------------------------------------------------
def test_parallel_ingest_equals_serial_ingest(cluster, corpus: list[Path], tmp_path: Path):
    with _open(tmp_path / "serial.sqlite") as a, _open(tmp_path / "parallel.sqlite") as b:
        serial = ingest_paths(a, corpus, doc_date=date(2024, 5, 1))
        par = parallel.ingest_parallel(
            corpus, store=b, doc_date=date(2024, 5, 1), cluster=cluster, batch=4
        )
        assert serial.added == par.added == 24 + 20 + 20
        assert (serial.duplicates, serial.replaced) == (par.duplicates, par.replaced)
        assert par.events == serial.events > 0
        assert sorted(par.failed) == sorted(serial.failed)
        assert len(par.failed) == 3  # the empty file, the empty CSV row, the bad JSON line
        assert contents(b) == contents(a)


def test_workers_prepare_what_the_client_stores(corpus: list[Path]):
    """When the client writes (SQLite), each extracted document comes back with its search
    terms and rows computed on the worker; when the workers write, nothing extra is shipped."""
    from geo.store import prepare_document

    part = next(parallel.partitions(corpus, batch=6))
    shipped = parallel.run_partition(part, parallel.WorkerConfig(prepare=True))
    extracted = [o for o in shipped.outcomes if o.status == "extracted"]
    assert len(extracted) >= 5 and sum(len(o.events) for o in extracted) > 0
    for o in extracted:
        assert o.prepared == prepare_document(o.doc, o.events)
    back = pickle.loads(pickle.dumps(shipped))  # as the result reaches the client
    for o, b in zip(shipped.outcomes, back.outcomes, strict=True):
        # What the client stores crosses: the prepared rows, the document without its text
        # (its search terms are prepared) and the number of its events (their rows are).
        assert (b.where, b.status, b.content_hash) == (o.where, o.status, o.content_hash)
        if o.prepared is None:
            assert b == o
            continue
        assert (b.prepared, b.doc, len(b.events)) == (
            o.prepared,
            replace(o.doc, text=""),
            len(o.events),
        )
        with pytest.raises(TypeError):
            b.events[0]
    plain = parallel.run_partition(part, parallel.WorkerConfig())
    assert all(o.prepared is None for o in plain.outcomes)


def test_parallel_failures_name_the_input_like_serial(cluster, tmp_path: Path):
    bad = tmp_path / "x.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    missing = tmp_path / "missing.txt"
    with _open(tmp_path / "s.sqlite") as s:
        par = parallel.ingest_parallel([bad, missing], store=s, cluster=cluster)
    reasons = dict(par.failed)
    assert "looks like a PNG image" in reasons[str(bad)]
    assert reasons[str(missing)] == "no such file"
    assert par.processed == 0


def test_corrected_version_in_a_later_partition_replaces_the_earlier(cluster, tmp_path: Path):
    table = tmp_path / "t.jsonl"
    rows = [{"text": article(i), "url": f"https://x.pe/{i}"} for i in range(10)]
    rows.append(
        {"text": article(3) + "Corrección: el bloqueo fue en Tacna.\n", "url": rows[3]["url"]}
    )
    table.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with _open(tmp_path / "a.sqlite") as a, _open(tmp_path / "b.sqlite") as b:
        serial = ingest_paths(a, [table])
        par = parallel.ingest_parallel([table], store=b, cluster=cluster, batch=2)
        assert par.replaced == serial.replaced == 1
        assert contents(b) == contents(a)
        assert b.stats()["documents"] == 10


def test_same_document_in_two_partitions_is_stored_once(cluster, tmp_path: Path):
    folder = tmp_path / "dup"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (folder / name).write_text(article(5), encoding="utf-8")
    with _open(tmp_path / "s.sqlite") as s:
        par = parallel.ingest_parallel([folder], store=s, cluster=cluster, batch=1)
        assert (par.added, par.duplicates) == (1, 3)
        assert s.stats()["documents"] == 1


# --- killed workers and resumed runs -----------------------------------------------------------
def test_worker_killed_mid_run_still_completes_without_duplicates(cluster, tmp_path: Path):
    from geo.extract import extract_events

    def slow_extract(text, doc_date=None, url=None):  # pickled by value onto the workers
        time.sleep(0.05)
        return extract_events(text, doc_date=doc_date, url=url)

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")
    pids = cluster.client.run(os.getpid)
    victim = sorted(pids.values())[0]
    seen = []

    def progress(where: str, outcome: str) -> None:
        seen.append(outcome)
        if len(seen) == 6:
            os.kill(victim, signal.SIGKILL)

    with _open(tmp_path / "s.sqlite") as s:
        par = parallel.ingest_parallel(
            [folder], store=s, cluster=cluster, extract=slow_extract, progress=progress, batch=3
        )
        assert par.failed == []
        assert par.added == 60 and s.stats()["documents"] == 60
    hashes = doc_hashes(tmp_path / "s.sqlite")
    assert len(hashes) == len(set(hashes)) == 60
    assert victim not in cluster.client.run(os.getpid).values()  # it really died
    cluster.client.wait_for_workers(2, timeout=30)


def test_rerun_skips_stored_documents_without_extracting_them(
    cluster, corpus: list[Path], tmp_path: Path
):
    def refuse(text, doc_date=None, url=None):
        raise RuntimeError("extracted again")

    with _open(tmp_path / "s.sqlite") as s:
        first = parallel.ingest_parallel(corpus, store=s, cluster=cluster, batch=5)
        again = parallel.ingest_parallel(corpus, store=s, cluster=cluster, extract=refuse)
        assert again.duplicates == first.added and again.added == 0
        assert sorted(again.failed) == sorted(first.failed)  # only the 3 bad inputs


def test_resume_after_a_half_finished_run(cluster, corpus: list[Path], tmp_path: Path):
    db = tmp_path / "s.sqlite"
    with _open(db) as s:
        part = ingest_paths(s, [corpus[0], corpus[1]])  # the files and the CSV, not the JSONL
        rest = parallel.ingest_parallel(corpus, store=s, cluster=cluster, batch=4)
        assert rest.duplicates == part.added and rest.added == 20
    with _open(tmp_path / "ref.sqlite") as ref, _open(db) as s:
        ingest_paths(ref, corpus)
        assert contents(s) == contents(ref)


def _cli(args: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "geo", "ingest", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: killing it takes its workers too
        **kw,
    )


def test_cli_run_killed_halfway_then_rerun_finishes_without_duplicates(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    n = 240
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(article(i, sentences=30), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    proc = _cli([str(folder), "--db", str(db), "--workers", "2", "--batch", "4"])
    try:
        deadline = time.monotonic() + 90
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                with suppress_locked():
                    stored = len(doc_hashes(db))
            if stored >= 24:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        with suppress_process_gone():
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    before = doc_hashes(db)
    assert 24 <= len(before) < n
    again = _cli([str(folder), "--db", str(db), "--workers", "2"])
    _, err = again.communicate(timeout=180)
    assert again.returncode == 0, err.decode()
    hashes = doc_hashes(db)
    assert len(hashes) == len(set(hashes)) == n
    text = err.decode()
    assert f"skipped (duplicates): {len(before)}" in text
    assert f"documents added:      {n - len(before)}" in text


class suppress_locked:
    """A poll of a store being written may meet a lock or a half-created file: try later."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        return kind is not None and issubclass(kind, sqlite3.Error)


class suppress_process_gone:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, exc, tb) -> bool:
        return kind is not None and issubclass(kind, ProcessLookupError | PermissionError)


# --- GeoParquet output -------------------------------------------------------------------------
def _parquet_rows(out: Path) -> set[tuple]:
    import geopandas as gpd

    frame = gpd.read_parquet(out)
    assert frame.crs.to_epsg() == 4326
    assert (frame.geometry.x == frame["lon"]).all() and (frame.geometry.y == frame["lat"]).all()
    deps = frame["department_code"].astype(int)
    assert (deps == frame["ubigeo"].str[:2].astype(int)).all()
    return set(
        zip(frame["content_hash"], frame["ubigeo"], frame["start"], frame["sentence"], strict=True)
    )


def _store_rows(store: Store) -> set[tuple]:
    con = store._conn()
    return set(
        con.execute(
            "SELECT d.content_hash, e.ubigeo, e.start, s.text FROM events e "
            "JOIN documents d ON d.id = e.doc_id JOIN sentences s ON s.id = e.sentence_id"
        )
    )


def test_parquet_output_readable_by_geopandas(cluster, corpus: list[Path], tmp_path: Path):
    with _open(tmp_path / "ref.sqlite") as ref:
        serial = ingest_paths(ref, corpus)
        expected = _store_rows(ref)
    out = tmp_path / "pq"
    par = parallel.ingest_parallel(corpus, parquet_dir=out, cluster=cluster, batch=4)
    assert par.added == serial.added and par.events == serial.events == len(expected)
    assert sorted(par.failed) == sorted(serial.failed)
    assert _parquet_rows(out) == expected
    folders = {p.name for p in out.iterdir() if p.is_dir()} - {"_done"}
    assert folders and all(f.startswith("department_code=") for f in folders)


def test_parquet_output_without_workers_and_rerun_writes_nothing_twice(
    corpus: list[Path], tmp_path: Path
):
    out = tmp_path / "pq"
    first = parallel.ingest_parallel(corpus, parquet_dir=out, batch=7)
    rows = _parquet_rows(out)
    files = sorted(out.rglob("*.parquet"))
    again = parallel.ingest_parallel(corpus, parquet_dir=out, batch=7)
    assert again.added == 0 and again.duplicates == first.added
    assert sorted(out.rglob("*.parquet")) == files and _parquet_rows(out) == rows
    import geopandas as gpd

    assert len(gpd.read_parquet(out)) == first.events


def test_parquet_resume_rewrites_only_unfinished_partitions(corpus: list[Path], tmp_path: Path):
    out = tmp_path / "pq"
    full = parallel.ingest_parallel(corpus, parquet_dir=out, batch=6)
    marks = sorted((out / "_done").glob("*.json"))
    for mark in marks[::2]:  # as if the run had died before these partitions finished
        mark.unlink()
    again = parallel.ingest_parallel(corpus, parquet_dir=out, batch=6)
    assert again.added + again.duplicates == full.added
    assert again.added > 0
    import geopandas as gpd

    frame = gpd.read_parquet(out)
    assert len(frame) == full.events
    assert not frame.duplicated(["content_hash", "start", "ubigeo"]).any()


# --- Parquet tables as input -------------------------------------------------------------------
def test_parquet_table_rows_are_documents(tmp_path: Path):
    import pandas as pd

    table = tmp_path / "news.parquet"
    pd.DataFrame(
        {
            "Titulo": ["Uno", "Dos", "Tres"],
            "fecha": ["2024-03-02", None, "2024-03-04"],
            "texto": [article(1), None, article(3)],
        }
    ).to_parquet(table)
    items = list(iter_documents([table]))
    docs = [d for d in items if isinstance(d, Document)]
    assert [d.title for d in docs] == ["Uno", "Tres"]
    assert docs[0].doc_date == date(2024, 3, 2)
    (fail,) = [i for i in items if not isinstance(i, Document)]
    assert fail.path == f"{table}:2" and fail.reason == "no text in this row"


def test_parquet_table_without_text_column(tmp_path: Path):
    import pandas as pd

    table = tmp_path / "news.parquet"
    pd.DataFrame({"headline": ["x"]}).to_parquet(table)
    (item,) = list(iter_documents([table]))
    assert "no text column" in item.reason and "headline" in item.reason


def test_parquet_table_in_parallel_equals_serial(cluster, tmp_path: Path):
    import pandas as pd

    table = tmp_path / "news.parquet"
    pd.DataFrame({"text": [article(i) for i in range(15)]}).to_parquet(table)
    with _open(tmp_path / "a.sqlite") as a, _open(tmp_path / "b.sqlite") as b:
        ingest_paths(a, [table])
        par = parallel.ingest_parallel([table], store=b, cluster=cluster, batch=4)
        assert par.added == 15 and contents(a) == contents(b)


# --- progress ----------------------------------------------------------------------------------
def test_progress_line_shows_documents_per_second_and_eta():
    import io

    meter = parallel.Progress(total=100, stream=io.StringIO(), every=0)
    meter.start -= 10.0  # ten seconds ago
    for _ in range(25):
        meter("x", "added")
    line = meter.line()
    assert line.startswith("progress: 25/~100 documents, 2.5 documents/s, ETA 0:00:")
    assert meter.stream.getvalue().count("progress:") == 25


def test_estimate_total_counts_files_and_table_rows(corpus: list[Path]):
    # 25 files; the CSV's 8 lines a row (its cells span lines) + the empty row; 21 JSON lines
    assert parallel.estimate_total(corpus) == 25 + (20 * 8 + 1) + 21


# --- the command line --------------------------------------------------------------------------
def test_cli_workers_same_summary_and_exit_code_as_serial(
    corpus: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture
):
    from geo.__main__ import main

    rc_serial = main(["ingest", *map(str, corpus), "--db", str(tmp_path / "a.sqlite")])
    serial = capsys.readouterr().err
    rc = main(["ingest", *map(str, corpus), "--db", str(tmp_path / "b.sqlite"), "--workers", "2"])
    par = capsys.readouterr().err
    assert rc == rc_serial == 1  # three inputs failed: scripts must notice
    assert sorted(ln for ln in par.splitlines() if ln.startswith("failed: ")) == sorted(
        ln for ln in serial.splitlines() if ln.startswith("failed: ")
    )
    keep = ("documents added", "skipped", "replaced", "failed:  ", "events stored")
    assert [ln for ln in par.splitlines() if ln.startswith(keep)] == [
        ln for ln in serial.splitlines() if ln.startswith(keep)
    ]


def test_cli_bad_scheduler_address_is_one_line_rc_2(
    corpus: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch
):
    from geo.__main__ import main

    monkeypatch.setattr(parallel, "CONNECT_TIMEOUT_S", 1.0)
    db = str(tmp_path / "s.sqlite")
    for address in ("tcp://127.0.0.1:9", "no-port-here"):
        rc = main(["ingest", str(corpus[0]), "--db", db, "--scheduler", address])
        err = capsys.readouterr().err
        assert rc == 2
        assert err.startswith(f"error: cannot reach the Dask scheduler at {address}: ")
        assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "not both"),
        (["--format", "parquet"], "needs -o DIR"),
        (["-o", "out"], "is for --format parquet"),
        (["--format", "parquet", "-o", "out", "--db", "x.sqlite"], "drop --db"),
    ],
)
def test_cli_flag_errors(args, message, corpus, tmp_path, capsys, monkeypatch):
    from geo.__main__ import main

    monkeypatch.chdir(tmp_path)
    assert main(["ingest", str(corpus[0]), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_workers_must_be_positive(corpus, capsys):
    from geo.__main__ import main

    with pytest.raises(SystemExit) as exc:
        main(["ingest", str(corpus[0]), "--workers", "0"])
    assert exc.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_cli_parquet_route_and_serial_ingest_never_import_dask(corpus: list[Path], tmp_path: Path):
    code = (
        "import sys; from geo.__main__ import main; "
        f"a = main(['ingest', {str(corpus[0])!r}, '--db', {str(tmp_path / 's.sqlite')!r}]); "
        f"b = main(['ingest', {str(corpus[0])!r}, '--format', 'parquet', '-o', "
        f"{str(tmp_path / 'pq')!r}]); "
        "print(a, b, 'dask' in sys.modules, 'distributed' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.stdout.split() == ["1", "1", "False", "False"], proc.stderr
    assert "failed: " in proc.stderr and "parquet: " in proc.stderr


# --- where the batches are written -------------------------------------------------------------
def test_worker_side_writes_for_concurrent_stores(corpus: list[Path], tmp_path: Path, monkeypatch):
    """The PostgreSQL route (workers write their own batches), run inline on a SQLite file."""
    monkeypatch.setattr(parallel, "concurrent_writers", lambda url: True)
    monkeypatch.setattr(parallel, "_WORKER_STORES", {})
    with _open(tmp_path / "ref.sqlite") as ref, _open(tmp_path / "s.sqlite") as s:
        serial = ingest_paths(ref, corpus)
        par = parallel.ingest_parallel(corpus, store=s, batch=5)
        assert (par.added, par.events) == (serial.added, serial.events)
        assert sorted(par.failed) == sorted(serial.failed)
        assert contents(s) == contents(ref)
    for worker_store in parallel._WORKER_STORES.values():
        worker_store.close()


class FullAfter:
    """A store whose disk fills after `ok` batches (what add_documents then raises)."""

    def __init__(self, store: Store, ok: int) -> None:
        self.store, self.ok, self.url = store, ok, store.url

    def find_document(self, h: str):
        return self.store.find_document(h)

    def add_documents(self, items, prepared=None):
        from geo.store import StoreFull

        if self.ok <= 0:
            raise StoreFull("the disk holding the store is full")
        self.ok -= 1
        return self.store.add_documents(items, prepared)

    def add_document(self, doc, events, prepared=None):
        raise AssertionError("a store-wide error must not be retried document by document")


def test_full_disk_stops_the_run_with_one_message(
    cluster, corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from geo.store import StoreFull

    monkeypatch.setattr(parallel, "WRITE_GROUP", 2)  # a transaction holds two partitions
    with _open(tmp_path / "s.sqlite") as s:
        par = parallel.ingest_parallel(corpus[:1], store=FullAfter(s, 2), cluster=cluster, batch=4)
        assert isinstance(par.stopped, StoreFull)
        assert "stopped at" in str(par.stopped)
        # Two transactions of two partitions of four, then nothing (the refused group is
        # tried again partition by partition, and the first of them is refused too).
        assert par.added == s.stats()["documents"] == 16
        assert par.failed == []  # not one failure per remaining document


def test_wedged_cluster_stops_the_run_with_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A task that never returns ends the run with a message; a rerun stores the rest."""
    from geo.extract import extract_events

    def wedged_extract(text, doc_date=None, url=None):  # pickled by value onto the worker
        if "ATASCO" in text:
            time.sleep(120)
        return extract_events(text, doc_date=doc_date, url=url)

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        extra = "\n\nATASCO" if i >= 2 else ""
        (folder / f"{i:03d}.txt").write_text(article(i) + extra, encoding="utf-8")
    monkeypatch.setattr(parallel, "STALL_S", 3.0)
    monkeypatch.setattr(parallel, "POLL_S", 0.2)
    own = parallel.start_cluster(workers=1)
    try:
        with _open(tmp_path / "s.sqlite") as s:
            t0 = time.monotonic()
            par = parallel.ingest_parallel(
                [folder], store=s, cluster=own, extract=wedged_extract, batch=2
            )
            assert time.monotonic() - t0 < 60
            assert isinstance(par.stopped, parallel.ClusterError)
            msg = str(par.stopped)
            assert "no partition finished in 3 s" in msg and "workers: 1" in msg
            assert "run the same command again" in msg and "stopped at" in msg
            assert par.added == s.stats()["documents"] == 2  # the finished partition stays
            assert own.restarts == 1  # its workers were restarted once before giving up
    finally:
        own.close()
    with _open(tmp_path / "s.sqlite") as s:
        again = parallel.ingest_parallel([folder], store=s, batch=2)
        assert again.stopped is None and again.added == 2
    hashes = doc_hashes(tmp_path / "s.sqlite")
    assert len(hashes) == len(set(hashes)) == 4


def test_wedged_worker_is_restarted_and_its_partitions_sent_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A task wedged once: the run restarts its own workers, resubmits, and finishes."""
    from geo.extract import extract_events

    flag = tmp_path / "wedged-once"

    def wedge_once(text, doc_date=None, url=None):  # pickled by value onto the worker
        if "ATASCO" in text and not flag.exists():
            flag.write_text("x")
            time.sleep(120)
        return extract_events(text, doc_date=doc_date, url=url)

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        extra = "\n\nATASCO" if i == 2 else ""
        (folder / f"{i:03d}.txt").write_text(article(i) + extra, encoding="utf-8")
    monkeypatch.setattr(parallel, "STALL_S", 3.0)
    monkeypatch.setattr(parallel, "POLL_S", 0.2)
    own = parallel.start_cluster(workers=1)
    try:
        with _open(tmp_path / "s.sqlite") as s:
            par = parallel.ingest_parallel(
                [folder], store=s, cluster=own, extract=wedge_once, batch=2
            )
            assert par.stopped is None and par.failed == []
            assert par.added == s.stats()["documents"] == 4
        assert own.restarts == 1
    finally:
        own.close()
    hashes = doc_hashes(tmp_path / "s.sqlite")
    assert len(hashes) == len(set(hashes)) == 4


def test_pool_runner_equals_serial(corpus: list[Path], tmp_path: Path):
    pool = parallel.Pool(2)
    try:
        with _open(tmp_path / "a.sqlite") as a, _open(tmp_path / "b.sqlite") as b:
            ingest_paths(a, corpus)
            par = parallel.ingest_parallel(corpus, store=b, cluster=pool, batch=6)
            assert par.added == 64 and contents(a) == contents(b)
    finally:
        pool.close()


_HELD = threading.Lock()  # held by a thread of the test process while the pool starts


def _needs_the_held_lock() -> str:
    with _HELD:  # a forked child would inherit it locked, by a thread it does not have
        return "ran"


def test_pool_starts_workers_while_another_thread_holds_a_lock():
    """A Dask client's loop thread holds locks at any moment; fork() would copy them locked."""
    release = threading.Event()

    def hold() -> None:
        with _HELD:
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    pool = parallel.Pool(1)
    try:
        assert pool.submit(_needs_the_held_lock).result(timeout=60) == "ran"
    finally:
        release.set()
        holder.join()
        for proc in list(pool.pool._processes.values()):  # a deadlocked worker never exits
            proc.kill()
        pool.pool.shutdown(wait=False, cancel_futures=True)


def test_stdin_with_workers_is_read_by_the_client(cluster, tmp_path: Path, monkeypatch):
    import io

    data = article(7).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", types_stdin(io.BytesIO(data)))
    with _open(tmp_path / "s.sqlite") as s:
        par = parallel.ingest_parallel(["-"], store=s, cluster=cluster)
        assert par.added == 1 and par.events > 0
        (title,) = [r[0] for r in s._conn().execute("SELECT title FROM documents")]
        assert title == "Nota 7"


def types_stdin(buffer):
    """A stand-in for sys.stdin whose .buffer holds the bytes."""
    import types

    return types.SimpleNamespace(buffer=buffer)


def pg_contents(store) -> set[tuple]:
    """contents() for a PostGIS store: the same identity of every stored event."""
    from psycopg.rows import tuple_row

    with store._pool.connection() as con, con.cursor(row_factory=tuple_row) as cur:
        cur.execute(
            "SELECT d.content_hash, count(e.id) FROM documents d "
            "LEFT JOIN events e ON e.doc_id = d.id GROUP BY d.content_hash"
        )
        return set(cur.fetchall())


def test_workers_write_their_own_batches_into_postgis(
    cluster, corpus: list[Path], tmp_path: Path, pg_cluster
):
    """On a server store each worker writes its partitions; the result equals serial SQLite."""
    from tests.conftest import new_pg_database

    url = new_pg_database(pg_cluster)
    with _open(tmp_path / "ref.sqlite") as ref, open_store(url) as pg:
        serial = ingest_paths(ref, corpus)
        par = parallel.ingest_parallel(corpus, store=pg, cluster=cluster, batch=5)
        assert (par.added, par.events, par.replaced) == (
            serial.added,
            serial.events,
            serial.replaced,
        )
        assert sorted(par.failed) == sorted(serial.failed)
        assert pg.stats()["documents"] == ref.stats()["documents"]
        ref_rows = set(
            ref._conn().execute(
                "SELECT d.content_hash, count(e.id) FROM documents d "
                "LEFT JOIN events e ON e.doc_id = d.id GROUP BY d.content_hash"
            )
        )
        assert pg_contents(pg) == ref_rows
        again = parallel.ingest_parallel(corpus, store=pg, cluster=cluster, batch=5)
        assert again.added == 0 and pg.stats()["documents"] == ref.stats()["documents"]
