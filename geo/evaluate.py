"""Scoring a geoparser against hand-annotated gold: department P/R/F1 and finest-unit accuracy."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.dates import Period, parse_doc_date
from geo.model import Event


@dataclass(frozen=True)
class GoldMention:
    """One annotated place: where it is and the finest ubigeo the text supports."""

    surface: str
    start: int
    ubigeo: str
    date_start: date | None = None  # the event's period, where the text states one
    date_end: date | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.surface)


@dataclass(frozen=True)
class GoldDoc:
    """One evaluation text with its gold mentions."""

    id: str
    lang: str
    text: str
    doc_date: date | Period | None  # a Period for a month-only publication date
    gold: tuple[GoldMention, ...]
    tags: tuple[str, ...] = ()
    abroad: tuple[tuple[int, int], ...] = ()  # spans of places outside Peru


@dataclass
class Score:
    """Counts behind the metrics, and the errors for reading."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0
    gold_total: int = 0
    dated: int = 0  # gold mentions with a stated period
    dated_right: int = 0  # ... whose matched prediction has exactly that period
    abroad: int = 0  # predictions on a place outside Peru
    errors: list[str] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float:
        return self.dated_right / self.dated if self.dated else 1.0

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
        gold = tuple(
            GoldMention(
                g["surface"],
                g["start"],
                g["ubigeo"],
                date.fromisoformat(g["date_start"]) if g.get("date_start") else None,
                date.fromisoformat(g["date_end"]) if g.get("date_end") else None,
            )
            for g in r["gold"]
        )
        abroad = tuple((a["start"], a["start"] + len(a["surface"])) for a in r.get("abroad", ()))
        docs.append(
            GoldDoc(
                r["id"],
                r["lang"],
                r["text"],
                _doc_date(r.get("doc_date")),
                gold,
                tuple(r.get("tags", ())),
                abroad,
            )
        )
    return docs


def _doc_date(value: str | None) -> date | Period | None:
    """An ISO day, or a month ("2023-05") read as that month's period."""
    return parse_doc_date(value) if value else None


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
            if g.date_start is not None:
                sc.dated += 1
                if (p.date_start, p.date_end) == (g.date_start, g.date_end or g.date_start):
                    sc.dated_right += 1
                else:
                    sc.errors.append(
                        f"{doc.id}: {g.surface!r} date gold {g.date_start}..{g.date_end}"
                        f" got {p.date_start}..{p.date_end}"
                    )
        for k, p in enumerate(preds):
            if k not in used:
                sc.fp += 1
                foreign = any(a < p.end and p.start < b for a, b in doc.abroad)
                sc.abroad += foreign
                kind = "ABROAD" if foreign else "spurious"
                sc.errors.append(f"{doc.id}: {kind} {p.surface!r} -> {p.ubigeo}")
    return sc


# --- event types and casualty numbers (issue 9) ------------------------------------------------
@dataclass(frozen=True)
class GoldSentence:
    """One sentence of the event-type gold set: its types ([] = other) and stated numbers."""

    id: str
    lang: str
    text: str
    types: tuple[str, ...]
    fatalities: int | None
    injured: int | None
    tags: tuple[str, ...] = ()


def load_event_gold(path: Path) -> list[GoldSentence]:
    """Read tests/data/eval_event_types.jsonl (format in tests/data/README.md)."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        out.append(
            GoldSentence(
                r["id"],
                r["lang"],
                r["text"],
                tuple(r["types"]),
                r["fatalities"],
                r["injured"],
                tuple(r.get("tags", ())),
            )
        )
    return out


@dataclass
class TypeScore:
    """Per-type and micro counts of a multi-label run, casualty exact matches, and errors."""

    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)
    sentences: int = 0
    fatal_exact: int = 0
    injured_exact: int = 0
    errors: list[str] = field(default_factory=list)

    def precision(self, t: str) -> float:
        tp, fp = self.tp.get(t, 0), self.fp.get(t, 0)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, t: str) -> float:
        tp, fn = self.tp.get(t, 0), self.fn.get(t, 0)
        return tp / (tp + fn) if tp + fn else 1.0

    def micro(self, exclude: tuple[str, ...] = ()) -> tuple[float, float, float]:
        """Micro precision, recall and F1 over every type but the excluded ones."""
        keys = (set(self.tp) | set(self.fp) | set(self.fn)) - set(exclude)
        tp = sum(self.tp.get(k, 0) for k in keys)
        fp = sum(self.fp.get(k, 0) for k in keys)
        fn = sum(self.fn.get(k, 0) for k in keys)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def fatal_rate(self) -> float:
        return self.fatal_exact / self.sentences if self.sentences else 1.0

    @property
    def injured_rate(self) -> float:
        return self.injured_exact / self.sentences if self.sentences else 1.0


def score_event_types(gold: Iterable[GoldSentence], classify: Callable[[str], Any]) -> TypeScore:
    """Score a classifier (sentence -> object with types, fatalities, injured) against gold.

    A gold sentence without types counts as 'other'; fatalities/injured match exactly
    (null must be predicted as null).
    """
    sc = TypeScore()
    for g in gold:
        got = classify(g.text)
        pred = set(got.types) or {"other"}
        want = set(g.types) or {"other"}
        for t in pred & want:
            sc.tp[t] = sc.tp.get(t, 0) + 1
        for t in pred - want:
            sc.fp[t] = sc.fp.get(t, 0) + 1
        for t in want - pred:
            sc.fn[t] = sc.fn.get(t, 0) + 1
        sc.sentences += 1
        sc.fatal_exact += got.fatalities == g.fatalities
        sc.injured_exact += got.injured == g.injured
        if pred != want or got.fatalities != g.fatalities or got.injured != g.injured:
            sc.errors.append(
                f"{g.id}: types {sorted(pred)} want {sorted(want)}; dead {got.fatalities} want "
                f"{g.fatalities}; injured {got.injured} want {g.injured}: {g.text}"
            )
    return sc
