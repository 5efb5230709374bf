"""Per-type precision/recall and casualty exact-match of the event classifier, by language.

python bench/eval_event_types.py [tests/data/eval_event_types.jsonl] [--errors]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluate import load_event_gold, score_event_types  # noqa: E402
from geo.events import classify, default_taxonomy  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(args[0]) if args else ROOT / "tests" / "data" / "eval_event_types.jsonl"
    gold = load_event_gold(path)
    tax = default_taxonomy()
    scores = {
        lang: score_event_types([g for g in gold if lang == "all" or g.lang == lang], classify)
        for lang in ("all", "es", "en")
    }
    n = {lang: sum(1 for g in gold if lang == "all" or g.lang == lang) for lang in scores}
    print(f"{path.name}: {n['all']} sentences ({n['es']} es, {n['en']} en)\n")
    print(f"{'type':26}" + "".join(f" {lang + ' P':>7} {lang + ' R':>7}" for lang in scores))
    for t in tax.ids:
        row = f"{t:26}"
        for sc in scores.values():
            row += f" {sc.precision(t):7.3f} {sc.recall(t):7.3f}"
        print(row)
    print()
    for lang, sc in scores.items():
        p, r, f1 = sc.micro()
        p2, r2, f2 = sc.micro(exclude=("other",))
        print(
            f"{lang:>3}: micro P={p:.3f} R={r:.3f} F1={f1:.3f} | without 'other' "
            f"P={p2:.3f} R={r2:.3f} F1={f2:.3f} | fatalities exact {sc.fatal_rate:.3f} "
            f"injured exact {sc.injured_rate:.3f}"
        )
    if "--errors" in sys.argv:
        print("\n" + "\n".join(scores["all"].errors))


if __name__ == "__main__":
    main()
