"""Pairwise precision/recall of event clustering on the dedup corpus, and clustering speed.

python bench/eval_clusters.py [--mentions 200000]

The corpus (tests/data/dedup_corpus.jsonl) is run through the real extractor; every mention of
an article belongs to the article's event. The speed part clusters synthetic mentions spread
over 25 departments and three years, as a store does on its first read after a large ingest.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.clusters import MentionRow, cluster_mentions, pairwise_scores  # noqa: E402
from geo.extract import extract_events  # noqa: E402
from geo.store import to_days  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mentions", type=int, default=200_000)
    args = ap.parse_args()
    path = ROOT / "tests" / "data" / "dedup_corpus.jsonl"
    records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
    rows, gold, eid = [], {}, 0
    for doc_id, r in enumerate(records):
        dd = date.fromisoformat(r["doc_date"])
        for e in extract_events(r["text"], doc_date=dd):
            eid += 1
            rows.append(
                MentionRow(eid, doc_id, e.ubigeo, to_days(e.date_start), to_days(e.date_end),
                           e.date_precision, e.event_types, e.fatalities, e.injured, to_days(dd))
            )  # fmt: skip
            gold[eid] = r["event"]
    clusters = cluster_mentions(rows)
    pred = {m: i for i, c in enumerate(clusters) for m in c.members}
    p, r = pairwise_scores(pred, gold)
    events = len(set(gold.values()))
    print(
        f"{path.name}: {len(records)} articles, {len(rows)} mentions, {events} gold events, "
        f"{len(clusters)} clusters; pairwise P={p:.3f} R={r:.3f}"
    )

    rnd = random.Random(3)
    types = ["protest", "strike", "road_block", "clash", "crime", "natural_disaster", "other"]
    synth = []
    for i in range(args.mentions):
        dep = f"{rnd.randint(1, 25):02d}"
        code = dep + rnd.choice(["", "01", f"{rnd.randint(1, 9):02d}"])
        if len(code) == 4 and rnd.random() < 0.5:
            code += f"{rnd.randint(1, 12):02d}"
        day = 19000 + rnd.randint(0, 3 * 365)
        synth.append(MentionRow(i, i // 10, code, day, day, "day", (rnd.choice(types),)))
    t = time.perf_counter()
    out = cluster_mentions(synth)
    dt = time.perf_counter() - t
    print(
        f"clustering {len(synth):,} synthetic mentions: {dt:.2f} s "
        f"({len(synth) / dt:,.0f} mentions/s, {len(out):,} clusters)"
    )


if __name__ == "__main__":
    main()
