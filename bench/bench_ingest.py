"""Ingest throughput over worker processes: decode + extract + store, 1 worker against 2.

python bench/bench_ingest.py [--docs 20000] [--workers 1 2] [--runners pool localcluster]
                             [--batch 64] [--kb 3] [--no-serial] [--backend sqlite|postgis]

Writes --docs generated news documents (bench/corpus.py, about --kb KB each) as text files,
then ingests them into a fresh SQLite store for each runner and worker count:
  serial        today's `python -m geo ingest` path (geo.ingest.ingest_paths, one process)
  pool          geo.parallel over N plain processes (concurrent.futures), the reference
  localcluster  geo.parallel over a dask.distributed LocalCluster of N worker processes
                (what `--workers N` runs); its start-up is timed apart
Files are decoded and extracted on the workers; the client writes one transaction per
partition (--batch documents). Prints, for each run: wall documents/s, the workers' CPU
seconds (user + system) and documents per worker CPU second (the per-worker rate a paper plan
multiplies), the client's CPU seconds, and the ratio of N workers to 1 worker (wall). Every
store is checked to hold the same documents and events. The machine's load average is
printed before and after: on a shared machine the wall figures move with it, CPU seconds less.
--backend postgis stores into a fresh database per run on a throwaway local PostgreSQL +
PostGIS cluster (tests/pgserver.py, fsync on): the workers then write their own batches (the
server shares the same cores).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from geo import parallel  # noqa: E402
from geo.ingest import ingest_paths  # noqa: E402
from geo.store import open_store  # noqa: E402


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _worker_cpu(cluster: parallel.Cluster) -> float:
    def cpu() -> float:
        import psutil

        t = psutil.Process().cpu_times()
        return t.user + t.system

    return sum(cluster.client.run(cpu).values())


def _pool_cpu(pool: parallel.Pool) -> float:
    import psutil

    total = 0.0
    for proc in list(pool.pool._processes.values()):
        try:
            t = psutil.Process(proc.pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system
    return total


def _write_corpus(folder: Path, n: int, kb: float) -> float:
    t = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(generate(n, target_bytes=int(kb * 1000))):
        (folder / f"d{i:06d}.txt").write_text(f"Nota {i}\n{text}\n", encoding="utf-8")
    return time.perf_counter() - t


def _run(kind: str, n: int, inputs: Path, db: Path | str, batch: int) -> dict[str, float]:
    """One ingest of the corpus into a new store; wall and CPU seconds, counts."""
    startup = 0.0
    runner = None
    if kind == "localcluster":
        t = time.perf_counter()
        runner = parallel.start_cluster(workers=n)
        runner.client.run(lambda: __import__("geo.extract").extract.extract_events("Cusco."))
        startup = time.perf_counter() - t
        cpu0 = _worker_cpu(runner)
    elif kind == "pool":
        runner = parallel.Pool(n)
        cpu0 = 0.0  # its processes start with the first task
    client0 = time.process_time()
    t = time.perf_counter()
    with open_store(db) as store:
        if kind == "serial":
            summary = ingest_paths(store, [inputs])
        else:
            summary = parallel.ingest_parallel([inputs], store=store, cluster=runner, batch=batch)
        wall = time.perf_counter() - t
        client_cpu = time.process_time() - client0
        stats = store.stats()
    if kind == "localcluster":
        workers_cpu = _worker_cpu(runner) - cpu0
        runner.close()
    elif kind == "pool":
        # The workers are the fork server's children, not this process's: read their own CPU
        # time before they exit.
        workers_cpu = _pool_cpu(runner) - cpu0
        runner.close()
    else:
        workers_cpu = client_cpu
    if summary.failed or summary.stopped:
        raise SystemExit(f"{kind} x{n}: failures {summary.failed[:3]} {summary.stopped}")
    return {
        "wall": wall,
        "startup": startup,
        "workers_cpu": workers_cpu,
        "client_cpu": client_cpu,
        "docs": stats["documents"],
        "events": stats["events"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument(
        "--runners", nargs="+", default=["pool", "localcluster"], choices=["pool", "localcluster"]
    )
    ap.add_argument("--batch", type=int, default=parallel.DEFAULT_BATCH)
    ap.add_argument("--kb", type=float, default=3.0, help="size of one document")
    ap.add_argument("--no-serial", action="store_true", help="skip the serial reference run")
    ap.add_argument("--backend", choices=["sqlite", "postgis"], default="sqlite")
    args = ap.parse_args()
    pg = None
    if args.backend == "postgis":
        from tests.pgserver import start_cluster

        pg = start_cluster(fsync=True)

    tmp = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    try:
        inputs = tmp / "docs"
        secs = _write_corpus(inputs, args.docs, args.kb)
        size = sum(p.stat().st_size for p in inputs.iterdir()) / 1e6
        print(
            f"corpus: {args.docs:,} documents, {size:.1f} MB of text files ({secs:.1f} s to write)"
        )
        print(f"before: {_load()}")
        runs = [("serial", 1)] if not args.no_serial else []
        runs += [(kind, n) for kind in args.runners for n in args.workers]
        results: dict[tuple[str, int], dict[str, float]] = {}
        print(
            f"{'runner':<13}{'workers':>8}{'docs/s':>9}{'wall s':>9}{'start s':>9}"
            f"{'worker CPU s':>14}{'docs/CPU s':>12}{'client CPU s':>14}{'events':>10}"
        )
        for kind, n in runs:
            target = tmp / f"{kind}{n}.sqlite" if pg is None else pg.create_database(f"b_{kind}{n}")
            r = _run(kind, n, inputs, target, args.batch)
            results[(kind, n)] = r
            print(
                f"{kind:<13}{n:>8}{r['docs'] / r['wall']:>9.1f}{r['wall']:>9.1f}"
                f"{r['startup']:>9.1f}{r['workers_cpu']:>14.1f}"
                f"{r['docs'] / max(r['workers_cpu'], 1e-9):>12.1f}{r['client_cpu']:>14.1f}"
                f"{int(r['events']):>10,}",
                flush=True,
            )
        counts = {(int(r["docs"]), int(r["events"])) for r in results.values()}
        print(f"same documents and events in every store: {len(counts) == 1} {sorted(counts)}")
        for kind in args.runners:
            base = results.get((kind, 1))
            for n in args.workers:
                if base is None or n == 1 or (kind, n) not in results:
                    continue
                ratio = base["wall"] / results[(kind, n)]["wall"]
                print(f"{kind}: {n} workers / 1 worker = {ratio:.2f}x (wall documents/s)")
        print(f"after: {_load()}")
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
