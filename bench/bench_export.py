"""Time the export formats on a synthetic events frame shaped like Store.events_frame.

Usage: python bench/bench_export.py [--rows N]   (prints seconds and bytes per format)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from geo import export  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402


def synthetic_frame(n: int, seed: int = 7) -> pd.DataFrame:
    """n events on random gazetteer units, with dates, sentences and a few formula-like cells."""
    rng = np.random.default_rng(seed)
    units = list(load_gazetteer().units.values())
    pick = [units[i] for i in rng.integers(0, len(units), n)]
    start = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 1800, n), unit="D")
    sentences = np.array(["Protesta en la plaza principal.", "=SUM(A1:A9) bloqueo", "-- paro"])
    return pd.DataFrame(
        {
            "event_id": np.arange(n),
            "doc_id": rng.integers(0, n // 5 + 1, n),
            "surface": [u.name for u in pick],
            "start": 0,
            "end": 10,
            "ubigeo": [u.ubigeo for u in pick],
            "level": [u.level for u in pick],
            "department": [u.department for u in pick],
            "province": [u.province for u in pick],
            "district": [u.district for u in pick],
            "place": None,
            "lat": [u.lat for u in pick],
            "lon": [u.lon for u in pick],
            "date_start": start,
            "date_end": start + pd.Timedelta(days=1),
            "date_precision": "day",
            "doc_date": start,
            "confidence": rng.random(n),
            "sentence": sentences[rng.integers(0, 3, n)],
            "title": "Titular de prueba",
            "url": "https://example.org/news",
            "source": "example",
        }
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    frame = synthetic_frame(args.rows)
    print(f"{len(frame)} events")
    for fmt in export.FORMATS:
        t0 = time.perf_counter()
        data = export.to_bytes(frame, fmt)
        dt = time.perf_counter() - t0
        print(f"{fmt:8s} {dt:6.2f} s  {len(data) / 1e6:7.1f} MB  {len(frame) / dt:9.0f} rows/s")
    t0 = time.perf_counter()
    agg = export.aggregate(frame, "district", None, load_gazetteer())
    print(f"aggregate district: {len(agg)} units in {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
