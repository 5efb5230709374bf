"""Print department P/R/F1 and finest-unit accuracy of the extractor on an eval set.

python bench/eval_geoparse.py [tests/data/eval_geoparse.jsonl] [--errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.evaluate import load_gold, score_docs
from geo.extract import extract_events


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = (
        Path(args[0])
        if args
        else Path(__file__).resolve().parents[1] / "tests/data/eval_geoparse.jsonl"
    )
    docs = load_gold(path)
    for lang in ("all", "es", "en"):
        subset = [d for d in docs if lang == "all" or d.lang == lang]
        if not subset:
            continue
        sc = score_docs(subset, lambda t, d: extract_events(t, doc_date=d))
        print(
            f"{lang:>3}: texts={len(subset):3d} gold={sc.gold_total:3d} "
            f"dept P={sc.precision:.3f} R={sc.recall:.3f} F1={sc.f1:.3f} "
            f"finest acc={sc.finest_accuracy:.3f} "
            f"dates={sc.date_accuracy:.3f} ({sc.dated_right}/{sc.dated}) abroad={sc.abroad}"
        )
        if lang == "all" and "--errors" in sys.argv:
            print("\n".join(sc.errors), flush=True)


if __name__ == "__main__":
    main()
