"""Benchmark the store: ingestion throughput and dashboard query latency on a large store.

(a) ingest a generated corpus of news-like documents (~3 KB, Spanish and English) through
    the real ingestion path (files on disk -> decode -> extract -> store) and print docs/s;
(b) bulk-load a synthetic store of N events (skewed over units, spread over years, mostly
    day-precise, some month/year periods) and print the median latency of the dashboard's
    queries and the database size.

    python bench/bench_store.py                      # 10,000 documents, 1,000,000 events
    python bench/bench_store.py --docs 500 --events 100000 --runs 5   # quick run
    python bench/bench_store.py --docs 0 --backend sqlite postgis     # both backends side by side

The PostGIS store is a throwaway local cluster (Debian's PostgreSQL 15 binaries, fsync on)
unless --pg-url names an empty database. Both stores are filled through add_documents in
batches of 4,000 documents (COPY on PostGIS); the same seed gives both the same data.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.ingest import content_hash, ingest_paths  # noqa: E402
from geo.model import Document, Event, EventFilter  # noqa: E402
from geo.store import BaseStore, Store, open_store  # noqa: E402

MONTHS_ES = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
)
MONTHS_EN = "January February March April May June July August September October November December"

ES_TEMPLATES = (
    "Pobladores de {p} bloquearon la carretera el {d} para exigir la atención del Gobierno.",
    "La Defensoría del Pueblo informó que en {p} se registró un nuevo conflicto social.",
    "Según la policía, la movilización en {p} reunió a cientos de personas desde temprano.",
    "Los dirigentes de {p} anunciaron un paro indefinido a partir del {d}.",
    "Las lluvias intensas afectaron viviendas y cultivos en {p}, informó el COER.",
    "El alcalde de {p} pidió una mesa de diálogo con representantes del Ejecutivo.",
    "Vecinos denunciaron la contaminación del río que abastece de agua a {p}.",
    "La fiscalía abrió una investigación por los hechos ocurridos en {p} el {d}.",
)
EN_TEMPLATES = (
    "Residents of {p} blocked the highway on {d} to demand attention from the government.",
    "The Ombudsman's office reported a new social conflict in {p} this week.",
    "According to police, the march in {p} gathered hundreds of people early in the day.",
    "Community leaders in {p} announced an indefinite strike starting {d}.",
    "Heavy rain damaged homes and crops in {p}, the regional emergency office said.",
    "The mayor of {p} asked for talks with representatives of the national government.",
)
FILLER_ES = (
    "Las autoridades señalaron que la situación se mantiene bajo observación y que se "
    "evaluarán nuevas medidas durante los próximos días."
)
FILLER_EN = (
    "Officials said the situation remains under observation and that further measures will "
    "be considered over the coming days."
)


def load_units() -> list[dict[str, str]]:
    with (ROOT / "data" / "units.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _date_text(d: date, lang: str) -> str:
    if lang == "es":
        return f"{d.day} de {MONTHS_ES.split()[d.month - 1]} de {d.year}"
    return f"{MONTHS_EN.split()[d.month - 1]} {d.day}, {d.year}"


def make_corpus(folder: Path, n: int, rng: random.Random) -> int:
    """Write n ~3 KB news-like documents (70% Spanish) as .txt files; returns total bytes."""
    units = load_units()
    names = [u["name"] for u in units if u["level"] in ("department", "province")]
    names += [u["name"] for u in rng.sample(units, 300)]
    total = 0
    for i in range(n):
        lang = "es" if rng.random() < 0.7 else "en"
        templates, filler = (ES_TEMPLATES, FILLER_ES) if lang == "es" else (EN_TEMPLATES, FILLER_EN)
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        parts = [f"Noticia {i}" if lang == "es" else f"Report {i}", ""]
        size = 0
        while size < 3000:
            s = rng.choice(templates).format(p=rng.choice(names), d=_date_text(day, lang))
            s = s + " " + filler if rng.random() < 0.5 else s
            parts.append(s)
            size += len(s) + 1
        text = "\n".join(parts) + f"\n{i}\n"
        p = folder / f"{i // 1000:03d}" / f"doc{i:06d}.txt"
        p.parent.mkdir(exist_ok=True)
        p.write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


def bench_ingest(n_docs: int, rng: random.Random) -> dict[str, object]:
    try:
        from geo.extract import extract_events

        extractor, name = extract_events, "geo.extract.extract_events (real)"
    except ImportError as exc:
        from geo.gazetteer import load_gazetteer  # noqa: F401  (fail loudly if data is absent)

        def extractor(text: str, doc_date=None, url=None) -> list[Event]:
            return []

        name = f"none (geo.extract not importable: {exc}); store path only"
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        nbytes = make_corpus(corpus, n_docs, rng)
        # Warm up imports and the gazetteer outside the timed loop.
        extractor("Lima")
        store = Store.open(Path(tmp) / "events.sqlite")
        t0 = time.perf_counter()
        summary = ingest_paths(store, [corpus], extract=extractor)
        secs = time.perf_counter() - t0
        store.close()
        # The same corpus with extraction switched off: what reading + storing alone costs.
        bare = Store.open(Path(tmp) / "bare.sqlite")
        t0 = time.perf_counter()
        bare_summary = ingest_paths(bare, [corpus], extract=lambda text, **kw: [])
        bare_secs = time.perf_counter() - t0
        bare.close()
    return {
        "bare_docs_per_s": bare_summary.added / bare_secs if bare_secs else 0.0,
        "docs": n_docs,
        "mb": nbytes / 1e6,
        "seconds": secs,
        "docs_per_s": summary.added / secs if secs else 0.0,
        "events": summary.events,
        "failed": len(summary.failed),
        "extractor": name,
    }


def synthetic_batches(
    n_events: int, rng: random.Random, batch_docs: int = 4000
) -> Iterator[list[tuple[Document, list[Event]]]]:
    """Batches of synthetic documents (~5 events each) totalling n_events; same seed, same data.

    Events are skewed like real news (Lima and a few regions dominate), spread over six years,
    mostly day-precise with some month and year periods.
    """
    units = load_units()
    deps = [u for u in units if u["level"] == "department"]
    dep_weight = {
        u["ubigeo"]: 1.0 / (i + 1) ** 0.8 for i, u in enumerate(rng.sample(deps, len(deps)))
    }
    dep_weight["15"] = max(dep_weight.values()) * 3
    by_dep: dict[tuple[str, str], list[dict[str, str]]] = {}
    for u in units:
        by_dep.setdefault((u["ubigeo"][:2], u["level"]), []).append(u)
    dep_codes = list(dep_weight)
    weights = [dep_weight[c] for c in dep_codes]
    start = date(2019, 1, 1)
    span_days = 6 * 365
    made = 0
    doc_i = 0
    while made < n_events:
        batch: list[tuple[Document, list[Event]]] = []
        while len(batch) < batch_docs and made < n_events:
            k = min(rng.randint(1, 9), n_events - made)
            day = start + timedelta(days=int(rng.triangular(0, span_days, span_days * 0.8)))
            text = f"synthetic document {doc_i}"
            doc = Document(
                text=text,
                title=f"Noticia {doc_i}",
                source="bench",
                doc_date=day,
                language="es",
                content_hash=content_hash(text),
            )
            rows = []
            for _ in range(k):
                dep = rng.choices(dep_codes, weights)[0]
                r = rng.random()
                lvl = "department" if r < 0.3 else "province" if r < 0.6 else "district"
                u = rng.choice(by_dep.get((dep, lvl)) or by_dep[(dep, "department")])
                p = rng.random()
                if p < 0.8:
                    d0 = d1 = day - timedelta(days=rng.randrange(3))
                    prec = "day"
                elif p < 0.95:
                    d0 = day.replace(day=1)
                    d1 = (d0 + timedelta(days=32)).replace(day=1) - timedelta(days=1)
                    prec = "month"
                else:
                    d0, d1, prec = date(day.year, 1, 1), date(day.year, 12, 31), "year"
                rows.append(
                    Event(
                        surface=u["name"],
                        start=10,
                        end=10 + len(u["name"]),
                        ubigeo=u["ubigeo"],
                        level=u["level"],
                        department=u["department"],
                        province=u["province"] or None,
                        district=u["district"] or None,
                        place=None,
                        lat=float(u["lat"]),
                        lon=float(u["lon"]),
                        date_start=d0,
                        date_end=d1,
                        date_precision=prec,
                        doc_date=day,
                        confidence=round(rng.uniform(0.3, 1.0), 2),
                        sentence=rng.choice(ES_TEMPLATES).format(
                            p=u["name"], d=_date_text(day, "es")
                        ),
                    )
                )
            batch.append((doc, rows))
            made += k
            doc_i += 1
        yield batch


def build_big_store(
    target: str,
    n_events: int,
    seed: int,
    server_cpu: Callable[[], float] | None = None,
    writers: int = 1,
) -> dict[str, float]:
    """Bulk-load n_events through the store's batch API (add_documents); times in seconds.

    load: the add_documents calls only (data generation is timed apart, as gen); analyze:
    refreshing the planner's statistics afterwards (ANALYZE), which queries need. With
    writers > 1 (PostGIS) that many threads each send batches on their own connection while
    the next batches are generated; load is then the wall time of the whole loop.
    """
    store = open_store(target)
    if isinstance(store, Store):
        # Building bench data only: no fsync per batch (the store itself always runs FULL).
        store._conn().execute("PRAGMA synchronous = OFF")
    load = gen = 0.0
    cpu0 = time.process_time()
    srv0 = server_cpu() if server_cpu else float("nan")
    t_gen = time.perf_counter()
    if writers > 1 and not isinstance(store, Store):
        from concurrent.futures import ThreadPoolExecutor

        t0 = time.perf_counter()
        with ThreadPoolExecutor(writers) as pool:
            pending = []
            for batch in synthetic_batches(n_events, random.Random(seed)):
                pending.append(pool.submit(store.add_documents, batch))
                if len(pending) >= 2 * writers:  # bounded memory: wait for the oldest
                    pending.pop(0).result()
            for f in pending:
                f.result()
        load = time.perf_counter() - t0
        gen = float("nan")
    else:
        for batch in synthetic_batches(n_events, random.Random(seed)):
            t0 = time.perf_counter()
            gen += t0 - t_gen
            store.add_documents(batch)
            t_gen = time.perf_counter()
            load += t_gen - t0
    cpu = time.process_time() - cpu0
    srv = (server_cpu() - srv0) if server_cpu else float("nan")
    t0 = time.perf_counter()
    if isinstance(store, Store):
        con = store._conn()
        con.execute("ANALYZE")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with store._read() as con:
            con.execute("VACUUM ANALYZE")
    analyze = time.perf_counter() - t0
    store.close()
    return {"load": load, "gen": gen, "analyze": analyze, "client_cpu": cpu, "server_cpu": srv}


def timed(fn: Callable[[], object], runs: int) -> tuple[float, int]:
    """Median wall time in ms over runs (after one warm-up) and the result's row count."""
    out = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), len(out)  # type: ignore[arg-type]


def query_cases(store: BaseStore) -> list[tuple[str, Callable[[], object]]]:
    """The dashboard's queries, relative to the store's last event date."""
    span = store.date_span()
    assert span is not None
    end = span[1]
    month = EventFilter(date_from=end - timedelta(days=30), date_to=end)
    year = EventFilter(date_from=end - timedelta(days=365), date_to=end)
    return [
        ("counts per department, last 30 days", lambda: store.counts(month, "department")),
        ("counts per department, last 365 days", lambda: store.counts(year, "department")),
        ("counts per department, all time", lambda: store.counts(EventFilter(), "department")),
        (
            "counts per province in Cusco, 365 d",
            lambda: store.counts(EventFilter(year.date_from, year.date_to, ("08",)), "province"),
        ),
        (
            "events_frame province 1501, 30 days",
            lambda: store.events_frame(EventFilter(month.date_from, month.date_to, ("1501",))),
        ),
        (
            "events_frame department 08, 30 days",
            lambda: store.events_frame(EventFilter(month.date_from, month.date_to, ("08",))),
        ),
        ("events_frame all, 30 days, limit 5000", lambda: store.events_frame(month, limit=5000)),
        ("timeline weekly, 365 days", lambda: store.timeline(year, "week")),
        ("timeline monthly, all time", lambda: store.timeline(EventFilter(), "month")),
        (
            "text search 'paro', 365 days, counts",
            lambda: store.counts(
                EventFilter(year.date_from, year.date_to, text="paro indefinido"), "department"
            ),
        ),
        (
            "doc search 'noticia 12', all time, counts",
            lambda: store.counts(
                EventFilter(text="noticia 12", text_scope="document"),
                "department",
            ),
        ),
        ("documents_for 1501, 30 days", lambda: store.documents_for("1501", month)),
        (
            "map counts per district, 365 d (mentions)",
            lambda: store.unit_summary(year, "district", "mentions"),
        ),
        (
            "map counts per province, 30 d (documents)",
            lambda: store.unit_summary(month, "province", "documents"),
        ),
    ]


def bench_queries(target: str, runs: int) -> list[tuple[str, float, int]]:
    store = open_store(target)
    results = []
    for label, fn in query_cases(store):
        ms, n = timed(fn, runs)
        results.append((label, ms, n))
    store.close()
    return results


def store_size(target: str) -> int:
    """Bytes on disk: the SQLite file and its -wal/-shm, or the PostgreSQL database."""
    if target.startswith("postgresql://"):
        with open_store(target) as s, s._read() as con:
            return int(con.execute("SELECT pg_database_size(current_database())").fetchone()[0])
    path = Path(target)
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def bench_backends(args: argparse.Namespace) -> None:
    """Build the same big store on each backend, then print load figures and query latencies."""
    cluster = None
    loads: dict[str, dict[str, float]] = {}
    queries: dict[str, list[tuple[str, float, int]]] = {}
    sizes: dict[str, int] = {}
    stats: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for backend in args.backend:
                if backend == "sqlite":
                    target = args.db or str(Path(tmp) / "big.sqlite")
                elif args.pg_url:
                    target = args.pg_url
                else:
                    sys.path.insert(0, str(ROOT))
                    from tests.pgserver import start_cluster

                    cluster = start_cluster(fsync=True)
                    target = cluster.create_database("bench")
                with open_store(target) as s:
                    have = s.stats()["events"]
                if have >= args.events:  # a store kept with --db is reused as it is
                    loads[backend] = {"load": float("nan"), "gen": 0.0, "analyze": 0.0,
                                      "client_cpu": 0.0, "server_cpu": float("nan")}  # fmt: skip
                else:
                    srv = cluster.cpu_seconds if (backend == "postgis" and cluster) else None
                    writers = args.writers if backend == "postgis" else 1
                    loads[backend] = build_big_store(target, args.events, args.seed, srv, writers)
                with open_store(target) as s:
                    stats[backend] = s.stats()
                sizes[backend] = store_size(target)
                queries[backend] = bench_queries(target, args.runs)
        finally:
            if cluster is not None:
                cluster.stop()
    names = list(loads)
    print("== store ==")
    for b in names:
        lo, st = loads[b], stats[b]
        print(
            f"{b:<8} {st['events']:,} events / {st['documents']:,} documents; "
            f"bulk load {lo['load']:.1f} s ({st['events'] / lo['load']:,.0f} events/s) "
            f"+ analyze {lo['analyze']:.1f} s; data generation {lo['gen']:.1f} s apart; "
            f"CPU: client {lo['client_cpu']:.1f} s"
            + (f", server {lo['server_cpu']:.1f} s" if lo["server_cpu"] == lo["server_cpu"] else "")
            + f"; size {sizes[b] / 1e6:.0f} MB "
            f"({sizes[b] / st['events']:.0f} B/event)"
        )
    print()
    head = f"query (median of {args.runs} runs, ms)"
    print(f"{head:<42} " + " ".join(f"{b:>9}" for b in names) + f" {'rows':>8}")
    print("-" * (52 + 10 * len(names)))
    for i, (label, _, n) in enumerate(queries[names[0]]):
        cells = " ".join(f"{queries[b][i][1]:>9.1f}" for b in names)
        same = all(queries[b][i][2] == n for b in names)
        print(f"{label:<42} {cells} {n:>8,}" + ("" if same else "  (row counts differ!)"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000, help="documents to ingest (0 to skip)")
    ap.add_argument(
        "--events", type=int, default=1_000_000, help="events in the big store (0 skips)"
    )
    ap.add_argument("--runs", type=int, default=7, help="timed runs per query (median reported)")
    ap.add_argument(
        "--db", help="keep the big SQLite store at this path (default: a temporary folder)"
    )
    ap.add_argument(
        "--backend",
        nargs="+",
        choices=["sqlite", "postgis"],
        default=["sqlite"],
        help="store backends to build and query side by side (sqlite postgis: both)",
    )
    ap.add_argument(
        "--writers",
        type=int,
        default=1,
        help="PostGIS bulk load: threads sending batches at once (each on its own connection)",
    )
    ap.add_argument(
        "--pg-url",
        help="an empty PostgreSQL database with PostGIS (default: a throwaway local cluster, "
        "started with fsync on)",
    )
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    if args.docs > 0:
        r = bench_ingest(args.docs, rng)
        print("== ingestion ==")
        print(f"extractor        : {r['extractor']}")
        print(f"documents        : {r['docs']:,} ({r['mb']:.1f} MB of text, {r['failed']} failed)")
        print(f"events stored    : {r['events']:,}")
        print(f"time             : {r['seconds']:.1f} s")
        print(f"throughput       : {r['docs_per_s']:.0f} docs/s (extract + store)")
        print(f"without extractor: {r['bare_docs_per_s']:.0f} docs/s (read + decode + store)")
        print()
    if args.events > 0:
        bench_backends(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
