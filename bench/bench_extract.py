"""Geoparser throughput, memory, long-input scaling and accuracy, beside its peers in one run.

python bench/bench_extract.py [--docs 10000] [--kb 3] [--baseline REV] [--long-kb 10 100 1000]

Runs on one core (sched_setaffinity) and times with CPU seconds (process_time), so other
processes on the machine change the figures less. Prints: gazetteer load time (from the cached
index, and building it); documents/s and MB/s over one generated corpus for geo.extract (with
and without event typing), its recognition stage, geotext (recognition only) and the same
extractor at --baseline (default 811893c, the engine before the 94,000-locality gazetteer, run
from a `git archive` of that commit on the same corpus); seconds per KB of one dense sentence
and of prose at 10 KB, 100 KB and 1 MB; peak memory; and department-level P/R/F1 on the
evaluation sets (geotext's Peruvian cities mapped to their GeoNames department).
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
from geo._accel import active as accel_active  # noqa: E402
from geo.evaluate import load_gold, score_docs  # noqa: E402
from geo.extract import extract_events  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.model import Event  # noqa: E402


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _gazetteer_load_seconds(cache_dir: str | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds to load in a fresh interpreter: from the cached index, or building
    it into cache_dir."""
    arg = f"cache_dir=__import__('pathlib').Path({cache_dir!r})" if cache_dir else ""
    code = (
        "import time; t=time.perf_counter(); c=time.process_time(); "
        "from geo.gazetteer import load_gazetteer; "
        f"load_gazetteer({arg}); print(time.perf_counter()-t, time.process_time()-c)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


_BASELINE_CODE = """
import json, os, sys, time
sys.path.insert(0, os.getcwd())
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
from geo.extract import extract_events
from geo.gazetteer import load_gazetteer
gaz = load_gazetteer()
docs = json.load(open(sys.argv[1], encoding="utf-8"))
t = time.process_time()
for d in docs:
    extract_events(d, gazetteer=gaz)
print(time.process_time() - t)
"""


def _baseline(rev: str, docs: list[str]) -> tuple[float, float, float] | None:
    """The extractor of an earlier commit on the same documents, in its own checkout."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tar = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True)
        if tar.returncode != 0:
            print(f"baseline {rev}: git archive failed: {tar.stderr.decode().strip()}")
            return None
        subprocess.run(["tar", "-x", "-C", tmp], input=tar.stdout, check=True)
        corpus = Path(tmp) / "corpus.json"
        corpus.write_text(json.dumps(docs), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", _BASELINE_CODE, str(corpus)],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            print(f"baseline {rev} failed: {out.stderr.strip()[-300:]}")
            return None
        dt = float(out.stdout.strip().splitlines()[-1])
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    return len(docs) / dt, mb / dt, dt


def _long_inputs(gaz, sizes_kb: list[int], prose: str) -> None:
    """Seconds per KB of one dense sentence and of prose as the input grows."""
    kinds = {
        "one sentence 'Lima, Lima, ...'": "Lima, ",
        "one sentence 'protestas en Cusco y Puno y ...'": "protestas en Cusco y Puno y Tacna y ",
        # thousands of dates in one sentence (a case table flattened to one line)
        "one line 'SE 12-2024 Piura 120; ...'": "SE 12-2024 Piura 120; ",
        # bare lists of localities under a head, each pair read for containment
        "one sentence 'los caseríos A, B, C, distrito de D, ...'": (
            "los caseríos Ccollpa, Pampa, Huayllay, distrito de Huanta, "
        ),
        "prose (corpus documents)": prose,
    }
    print(f"\n{'long input':58} {'KB':>6} {'events':>8} {'seconds':>8} {'ms/KB':>7} {'x prev':>7}")
    for name, unit in kinds.items():
        prev = None
        for kb in sizes_kb:
            n = kb * 1000
            text = (unit * (n // len(unit) + 1))[:n]
            t = time.process_time()
            events = extract_events(text, gazetteer=gaz)
            dt = time.process_time() - t
            per_kb = dt / kb * 1000
            ratio = f"{dt / prev:7.1f}" if prev else "      -"
            print(f"{name:58} {kb:6d} {len(events):8d} {dt:8.2f} {per_kb:7.2f} {ratio}")
            prev = dt


def _throughput(fn, docs: list[str]) -> tuple[float, float, float]:
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    t = time.process_time()
    for d in docs:
        fn(d)
    dt = time.process_time() - t
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
            t = time.process_time()
            for d in chunk:
                fn(d)
            if first:
                ta += time.process_time() - t
            else:
                tb += time.process_time() - t
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
    ap.add_argument("--baseline", default="811893c", help="git revision to compare with ('' skips)")
    ap.add_argument("--long-kb", type=int, nargs="*", default=[10, 100, 1000])
    args = ap.parse_args()
    _one_core()

    import tempfile

    gaz = load_gazetteer()  # makes sure the cached index exists
    load_s = _gazetteer_load_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        build_s = _gazetteer_load_seconds(tmp)
    docs = list(generate(args.docs, target_bytes=int(args.kb * 1000)))
    total_mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {total_mb:.1f} MB, one core, CPU seconds")
    compiled = sorted(name for name, on in accel_active().items() if on)
    print(
        "compiled modules (scripts/build_accel.py): "
        + (", ".join(compiled) if compiled else "none, pure Python")
    )
    print(
        f"gazetteer: {len(gaz.index):,} names; load from the cached index {load_s[1] * 1000:.0f} ms"
        f" CPU ({load_s[0] * 1000:.0f} ms wall), fresh process; building the index "
        f"{build_s[1]:.1f} s CPU ({build_s[0]:.1f} s wall), first run after a data change"
    )

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
    base = _baseline(args.baseline, docs) if args.baseline else None
    if base is not None:
        rows.append((f"geo.extract at {args.baseline} (old gazetteer)", *base))
    print(f"\n{'extractor':40} {'docs/s':>9} {'MB/s':>7} {'seconds':>8}")
    for name, a, b, c in rows:
        print(f"{name:40} {a:9.0f} {b:7.2f} {c:8.1f}")
    print(f"events found by geo.extract: {n_events} ({n_events / len(docs):.1f} per document)")
    print(f"speed ratio geo.extract / geotext: {mbs / gmbs:.2f}")
    print(
        f"event typing cost: {100 * (1 - dps / bps):.1f}% of end-to-end throughput "
        f"({bps:.0f} -> {dps:.0f} documents/s; budget 25%)"
    )
    if base is not None:
        print(
            f"end to end against {args.baseline}: {dps / base[0]:.2f}x with typing, "
            f"{bps / base[0]:.2f}x without"
        )
    if args.long_kb:
        _long_inputs(gaz, args.long_kb, "\n\n".join(docs[:400]))

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
