"""Geoparser throughput, memory and accuracy, side by side with geotext on the same inputs.

python bench/bench_extract.py [--docs 10000] [--kb 3]

Runs on one core (sched_setaffinity). Prints: gazetteer load time; documents/s and MB/s for
geo.extract (recognition + resolution + dating) and for geotext (recognition only) over the
same generated corpus; peak memory; and department-level P/R/F1 of both on the hand-made
evaluation sets (geotext's Peruvian city names mapped to their GeoNames department).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from geo.evaluate import load_gold, score_docs  # noqa: E402
from geo.extract import extract_events  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.model import Event  # noqa: E402


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _gazetteer_load_seconds() -> float:
    """Cold load in a fresh interpreter (no warm caches in this process)."""
    code = (
        "import time; t=time.perf_counter(); from geo.gazetteer import load_gazetteer; "
        "load_gazetteer(); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    return float(out.stdout.strip())


def _throughput(fn, docs: list[str]) -> tuple[float, float, float]:
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    t = time.perf_counter()
    for d in docs:
        fn(d)
    dt = time.perf_counter() - t
    return len(docs) / dt, mb / dt, dt


def _interleaved(fa, fb, docs: list[str], block: int = 50):
    """Throughput of two functions over the same documents, timed in alternating blocks."""
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    ta = tb = 0.0
    for i in range(0, len(docs), block):
        chunk = docs[i : i + block]
        for fn, first in (
            ((fa, True), (fb, False)) if (i // block) % 2 == 0 else ((fb, False), (fa, True))
        ):
            t = time.perf_counter()
            for d in chunk:
                fn(d)
            if first:
                ta += time.perf_counter() - t
            else:
                tb += time.perf_counter() - t
    return (len(docs) / ta, mb / ta, ta), (len(docs) / tb, mb / tb, tb)


def _geotext_events(text: str, cities: dict[str, str]) -> list[Event]:
    """geotext's city mentions that GeoNames places in Peru, as events at department level."""
    from datetime import date

    from geotext import GeoText

    out, pos = [], 0
    for name in GeoText(text).cities:
        dep = cities.get(name.lower())
        i = text.find(name, pos)
        if dep is None or i < 0:
            continue
        pos = i + len(name)
        d = date(2000, 1, 1)
        out.append(
            Event(
                name,
                i,
                i + len(name),
                dep,
                "department",
                "",
                None,
                None,
                None,
                0.0,
                0.0,
                d,
                d,
                "day",
                None,
                1.0,
                "",
            )
        )
    return out


def _peru_cities() -> dict[str, str]:
    """City name -> INEI department code for GeoNames' Peruvian cities (geotext's own data)."""
    import geotext

    path = Path(geotext.__file__).parent / "data" / "cities15000.txt"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) > 10 and f[8] == "PE":
            code = "15" if f[10] == "LMA" else f[10]
            for n in [f[1], f[2]]:
                out.setdefault(n.lower(), code)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--kb", type=float, default=3.0)
    args = ap.parse_args()
    _one_core()

    load_s = _gazetteer_load_seconds()
    gaz = load_gazetteer()
    docs = list(generate(args.docs, target_bytes=int(args.kb * 1000)))
    total_mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {total_mb:.1f} MB, one core")
    print(f"gazetteer load (cold, fresh process): {load_s * 1000:.0f} ms")

    n_events = 0

    def ours(d: str) -> None:
        nonlocal n_events
        n_events += len(extract_events(d, gazetteer=gaz))

    from geotext import GeoText

    rows = []
    # Event typing and casualty numbers (issue 9) against the same extraction without them,
    # in alternating blocks so that load from other processes hits both alike.
    (bps, bmbs, bdt), (dps, mbs, dt) = _interleaved(
        lambda d: extract_events(d, gazetteer=gaz, classify=False), ours, docs
    )
    rows.append(("geo.extract without event typing", bps, bmbs, bdt))
    rows.append(("geo.extract (recognise+resolve+date+type)", dps, mbs, dt))
    from geo.extract import find_mentions
    from geo.textnorm import fold_fast

    rps, rmbs, rdt = _throughput(lambda d: find_mentions(d, gaz, fold_fast(d)), docs)
    rows.append(("geo.extract recognition stage only", rps, rmbs, rdt))
    gps, gmbs, gdt = _throughput(GeoText, docs)
    rows.append(("geotext (recognise only)", gps, gmbs, gdt))
    print(f"\n{'extractor':40} {'docs/s':>9} {'MB/s':>7} {'seconds':>8}")
    for name, a, b, c in rows:
        print(f"{name:40} {a:9.0f} {b:7.2f} {c:8.1f}")
    print(f"events found by geo.extract: {n_events} ({n_events / len(docs):.1f} per document)")
    print(f"speed ratio geo.extract / geotext: {mbs / gmbs:.2f}")
    print(
        f"event typing cost: {100 * (1 - dps / bps):.1f}% of end-to-end throughput "
        f"({bps:.0f} -> {dps:.0f} documents/s; budget 25%)"
    )

    tracemalloc.start()
    for d in docs[:1000]:
        extract_events(d, gazetteer=gaz)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\npeak traced memory while extracting: {peak / 1e6:.1f} MB; process max RSS {rss:.0f} MB"
    )

    cities = _peru_cities()
    print(f"\n{'accuracy (department level)':40} {'P':>6} {'R':>6} {'F1':>6} {'finest':>7}")
    sets = sorted((ROOT / "tests" / "data").glob("eval_*.jsonl"))
    for path in [p for p in sets if p.name != "eval_event_types.jsonl"]:
        gold = load_gold(path)
        a = score_docs(gold, lambda t, d: extract_events(t, doc_date=d, gazetteer=gaz))
        b = score_docs(gold, lambda t, d: _geotext_events(t, cities))
        for name, sc in ((f"geo.extract on {path.name}", a), (f"geotext on {path.name}", b)):
            fin = f"{sc.finest_accuracy:7.3f}" if sc is a else "    n/a"
            print(f"{name:40} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {fin}")


if __name__ == "__main__":
    main()
