"""Scoring a geoparser against hand-annotated gold: department P/R/F1 and finest-unit accuracy."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo.model import Event


@dataclass(frozen=True)
class GoldMention:
    """One annotated place: where it is and the finest ubigeo the text supports."""

    surface: str
    start: int
    ubigeo: str

    @property
    def end(self) -> int:
        return self.start + len(self.surface)


@dataclass(frozen=True)
class GoldDoc:
    """One evaluation text with its gold mentions."""

    id: str
    lang: str
    text: str
    doc_date: date | None
    gold: tuple[GoldMention, ...]
    tags: tuple[str, ...] = ()


@dataclass
class Score:
    """Counts behind the metrics, and the errors for reading."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    gold_total: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def finest_accuracy(self) -> float:
        return self.exact / self.gold_total if self.gold_total else 1.0


def load_gold(path: Path) -> list[GoldDoc]:
    """Read an eval_*.jsonl file into GoldDoc records."""
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        gold = tuple(GoldMention(g["surface"], g["start"], g["ubigeo"]) for g in r["gold"])
        d = date.fromisoformat(r["doc_date"]) if r.get("doc_date") else None
        docs.append(GoldDoc(r["id"], r["lang"], r["text"], d, gold, tuple(r.get("tags", ()))))
    return docs


def score_docs(
    docs: Iterable[GoldDoc], extract: Callable[[str, date | None], list[Event]]
) -> Score:
    """Match predictions to gold by overlapping spans and count department and exact hits."""
    sc = Score()
    for doc in docs:
        preds = extract(doc.text, doc.doc_date)
        used: set[int] = set()
        for g in doc.gold:
            sc.gold_total += 1
            hit = next(
                (
                    k
                    for k, p in enumerate(preds)
                    if k not in used and p.start < g.end and g.start < p.end
                ),
                None,
            )
            if hit is None:
                sc.fn += 1
                sc.errors.append(f"{doc.id}: missed {g.surface!r} ({g.ubigeo})")
                continue
            used.add(hit)
            p = preds[hit]
            if p.ubigeo[:2] == g.ubigeo[:2]:
                sc.tp += 1
            else:
                sc.fp += 1
                sc.fn += 1
                sc.errors.append(f"{doc.id}: {g.surface!r} gold {g.ubigeo} got {p.ubigeo}")
                continue
            if p.ubigeo == g.ubigeo:
                sc.exact += 1
            else:
                sc.errors.append(f"{doc.id}: {g.surface!r} gold {g.ubigeo} got {p.ubigeo} (finer)")
        for k, p in enumerate(preds):
            if k not in used:
                sc.fp += 1
                sc.errors.append(f"{doc.id}: spurious {p.surface!r} -> {p.ubigeo}")
    return sc
