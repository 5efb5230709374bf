"""Does cost grow linearly with input? One dense never-ending sentence vs normal prose.

python bench/bench_limits.py [--sizes 10 100 1000] [--repeat 3] [--timeout 900]

For each size (KB of UTF-8) and each kind of text, a fresh process measures:
  - extraction: geo.extract.extract_events on the text (gazetteer loaded beforehand);
    CPU (process) time and wall time, each the best of --repeat runs (the machine may be
    shared: the linearity check uses CPU time);
  - ingestion: the real path, file -> read/decode -> extract -> store, into a new store;
  - peak RSS of each process (ru_maxrss; includes the ~60 MB of the gazetteer and Python);
  - store bytes per event: (store size - an empty store's size) / events, after a checkpoint.
Kinds: "dense" is one sentence "Hubo protestas en Cusco y Puno y Tacna y ..." with no full
stop until the end (a mention every ~8 characters); "prose" is generated news-like text
(bench/corpus.py) of the same size in one document, in paragraphs of about 600 bytes.

Targets (issue 11): time linear (100 KB within 12x of 10 KB, 1 MB within 12x of 100 KB) and
store bytes per event independent of sentence length. The figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLACES = ["Cusco", "Puno", "Tacna", "Arequipa", "Piura", "Tumbes", "Loreto", "Junín"]


def dense_text(n_bytes: int) -> str:
    """One sentence of about n_bytes: department names joined by 'y', one full stop at the end."""
    parts = ["Hubo protestas en"]
    size = len(parts[0])
    i = 0
    while size < n_bytes:
        word = (" " if i == 0 else " y ") + PLACES[i % len(PLACES)]
        parts.append(word)
        size += len(word.encode("utf-8"))
        i += 1
    return "".join(parts) + "."


def prose_text(n_bytes: int) -> str:
    """Generated news-like prose of about n_bytes in one document, in paragraphs of ~600 bytes."""
    from bench.corpus import generate

    body = next(generate(1, seed=11, target_bytes=n_bytes))
    words = body.split(" ")
    out, size = [], 0
    for w in words:  # a paragraph break after the sentence that passes each 600 bytes
        out.append(w)
        size += len(w) + 1
        if size >= 600 and w.endswith("."):
            out.append("\n\n")
            size = 0
    return " ".join(out).replace(" \n\n ", "\n\n")


def _store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def child(kind: str, kb: int, mode: str, repeat: int = 1) -> dict:
    """Run one measurement in this (fresh) process and return its figures (best of repeat)."""
    from datetime import date

    from geo.extract import extract_events

    text = dense_text(kb * 1024) if kind == "dense" else prose_text(kb * 1024)
    extract_events("Paro en Cusco.", doc_date=date(2024, 1, 1))  # load the gazetteer first
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out: dict = {"kind": kind, "kb": kb, "mode": mode, "bytes": len(text.encode("utf-8"))}
    if mode == "extract":
        times, cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            events = extract_events(text, doc_date=date(2024, 1, 1))
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            del events
        events = extract_events(text, doc_date=date(2024, 1, 1))
        out["seconds"], out["cpu"] = min(times), min(cpu)
        out["events"] = len(events)
        out["longest_sentence"] = max((len(e.sentence) for e in events), default=0)
    else:
        from geo.ingest import ingest_paths
        from geo.store import Store

        with tempfile.TemporaryDirectory(prefix="bench-limits-") as tmp:
            src = Path(tmp) / "doc.txt"
            src.write_text(text, encoding="utf-8")
            empty = Path(tmp) / "empty" / "events.sqlite"
            Store.open(empty).close()
            times, cpu = [], []
            for r in range(repeat):
                db = Path(tmp) / f"store{r}" / "events.sqlite"
                store = Store.open(db)
                t0, c0 = time.perf_counter(), time.process_time()
                summary = ingest_paths(store, [src], doc_date=date(2024, 1, 1))
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                store._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
                store.close()
            out["seconds"], out["cpu"] = min(times), min(cpu)
            out["events"] = summary.events
            out["failed"] = summary.failed
            grown = _store_bytes(db) - _store_bytes(empty)
            out["store_bytes_per_event"] = grown / summary.events if summary.events else None
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["rss_before_mb"] = rss0
    return out


def run(kind: str, kb: int, mode: str, timeout: float, repeat: int) -> dict:
    """One measurement in a fresh interpreter (its own peak RSS); None figures on timeout."""
    cmd = [sys.executable, __file__, "--child", kind, str(kb), mode, "--repeat", str(repeat)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"kind": kind, "kb": kb, "mode": mode, "timeout": timeout}
    if proc.returncode != 0:
        return {"kind": kind, "kb": kb, "mode": mode, "error": proc.stderr.strip()[-300:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt(v: object, spec: str) -> str:
    return "–" if v is None else format(v, spec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="KB")
    ap.add_argument("--kinds", nargs="+", default=["dense", "prose"])
    ap.add_argument("--timeout", type=float, default=900, help="seconds per measurement")
    ap.add_argument("--repeat", type=int, default=3, help="times are the best of this many runs")
    ap.add_argument("--child", nargs=3, metavar=("KIND", "KB", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, kb, mode = args.child
        print(json.dumps(child(kind, int(kb), mode, args.repeat)))
        return

    rows = []
    print(
        "CPU seconds (process time, all threads) are the figures the linearity check uses: wall"
        " time on a shared machine\nmeasures the other users too. Best of "
        f"{args.repeat} runs.\n"
    )
    print(
        f"{'kind':<6} {'size':>7} {'events':>8} {'extract CPU':>11} {'ingest CPU':>10} "
        f"{'(wall)':>13} {'RSS extract':>11} {'RSS ingest':>10} {'B/event':>8} "
        f"{'longest sentence':>16}"
    )
    for kind in args.kinds:
        for kb in args.sizes:
            ex = run(kind, kb, "extract", args.timeout, args.repeat)
            ing = run(kind, kb, "ingest", args.timeout, args.repeat)
            for r in (ex, ing):
                if "timeout" in r or "error" in r:
                    print(f"  {kind} {kb} KB {r['mode']}: {r.get('error') or 'timed out'}")
            ec, ic = ex.get("cpu"), ing.get("cpu")
            wall = f"{_fmt(ex.get('seconds'), '.2f')}/{_fmt(ing.get('seconds'), '.2f')}"
            rows.append((kind, kb, ec, ic, ing.get("store_bytes_per_event")))
            print(
                f"{kind:<6} {kb:>5}KB {_fmt(ex.get('events'), ',d'):>8} {_fmt(ec, '.2f'):>11} "
                f"{_fmt(ic, '.2f'):>10} {wall:>13} "
                f"{_fmt(ex.get('rss_mb'), '.0f'):>9}MB {_fmt(ing.get('rss_mb'), '.0f'):>8}MB "
                f"{_fmt(ing.get('store_bytes_per_event'), '.0f'):>8} "
                f"{_fmt(ex.get('longest_sentence'), ',d'):>16}",
                flush=True,
            )
    print("\nlinearity (CPU time ratio of each size to the previous one; target within 12x):")
    for kind in args.kinds:
        mine = [r for r in rows if r[0] == kind]
        for (_, kb0, e0, i0, _), (_, kb1, e1, i1, _) in pairwise(mine):
            for label, a, b in (("extract", e0, e1), ("ingest", i0, i1)):
                if a and b:
                    ratio = b / a
                    verdict = "ok" if ratio <= 12 * (kb1 / kb0) / 10 else "NOT LINEAR"
                    print(f"  {kind:<6} {label:<8} {kb0}KB -> {kb1}KB: {ratio:5.1f}x  {verdict}")
                else:
                    print(f"  {kind:<6} {label:<8} {kb0}KB -> {kb1}KB: no figure")
    print("\nstore bytes per event (target: the same whatever the sentence length):")
    for kind in args.kinds:
        figs = [f"{kb}KB {_fmt(b, '.0f')}" for k, kb, _, _, b in rows if k == kind]
        print(f"  {kind:<6} " + " · ".join(figs))


if __name__ == "__main__":
    main()
