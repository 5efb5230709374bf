"""One event from many reports: group place mentions into event clusters.

Two mentions are the same event when their places agree (the same unit, or one inside the
other: district 211101 inside province 2111), their periods overlap (day-precision dates may
be a day apart, since reports are dated by publication) and they share an event type. A
mention joins a cluster only if it agrees with every member (complete linkage), so a province
mention cannot bridge two districts, and a report a day later cannot chain to one a week later.
Undated mentions stay alone.

A cluster keeps the number of documents reporting it, the earliest report, and the largest
fatality and injured numbers any one report stated (tolls are revised, never added up).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DAY_SLACK = 1  # days between day-precision reports of the same event


@dataclass(frozen=True, slots=True)
class MentionRow:
    """The parts of a stored mention that clustering reads (dates as day numbers)."""

    event_id: int
    doc_id: int
    ubigeo: str
    date_start: int | None
    date_end: int | None
    date_precision: str | None
    types: tuple[str, ...]
    fatalities: int | None = None
    injured: int | None = None
    doc_date: int | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    """An event reported by one or more mentions: where, when, what, how many sources."""

    members: tuple[int, ...]  # event ids, in input order
    ubigeo: str  # the finest unit any member names
    date_start: int | None
    date_end: int | None
    types: tuple[str, ...]
    doc_ids: tuple[int, ...]  # distinct documents, earliest report first
    first_doc_id: int
    first_date: int | None  # the earliest report's document date (else its event date)
    fatalities: int | None
    injured: int | None

    @property
    def n_sources(self) -> int:
        """How many documents report the event."""
        return len(self.doc_ids)


def places_agree(a: str, b: str) -> bool:
    """The same unit, or one inside the other (ubigeo prefixes)."""
    return a.startswith(b) or b.startswith(a)


def dates_agree(a: MentionRow, b: MentionRow) -> bool:
    """Periods overlap; reports dated to the day may be a day apart."""
    if a.date_start is None or b.date_start is None:
        return False
    slack = DAY_SLACK if a.date_precision == "day" and b.date_precision == "day" else 0
    return (
        a.date_start <= (b.date_end or b.date_start) + slack
        and b.date_start <= (a.date_end or a.date_start) + slack
    )


def types_agree(a: MentionRow, b: MentionRow) -> bool:
    """At least one event type in common ('other' agrees only with 'other')."""
    return bool(set(a.types or ("other",)) & set(b.types or ("other",)))


def same_event(a: MentionRow, b: MentionRow) -> bool:
    """Whether two mentions can report the same event."""
    return places_agree(a.ubigeo, b.ubigeo) and dates_agree(a, b) and types_agree(a, b)


def cluster_mentions(rows: Iterable[MentionRow], type_order: Sequence[str] = ()) -> list[Cluster]:
    """Group mentions into event clusters (complete linkage on place, date and type).

    Mentions are taken by start date, finest place first, so a precise report seeds the
    cluster that vaguer ones join; among clusters a mention agrees with, the largest wins.
    """
    rows = list(rows)
    order = {t: i for i, t in enumerate(type_order)}
    dated = sorted(
        (r for r in rows if r.date_start is not None),
        key=lambda r: (r.ubigeo[:2], r.date_start, -len(r.ubigeo), r.event_id),
    )
    groups: list[list[MentionRow]] = []
    # Open groups (those a later mention may still join): reach (latest end + slack), the
    # finest code and the types of its members (cheap necessary tests), and the members.
    open_groups: list[tuple[int, str, set[str], list[MentionRow]]] = []
    dep = None
    for r in dated:
        if r.ubigeo[:2] != dep:
            dep, open_groups = r.ubigeo[:2], []
        open_groups = [g for g in open_groups if g[0] >= r.date_start]
        mine = set(r.types or ("other",))
        best: tuple[int, str, set[str], list[MentionRow]] | None = None
        for g in open_groups:
            if best is not None and len(g[3]) <= len(best[3]):
                continue
            if not (g[2] & mine) or not places_agree(r.ubigeo, g[1]):
                continue
            if all(same_event(r, m) for m in g[3]):
                best = g
        if best is None:
            members = [r]
            groups.append(members)
            finest, kinds = r.ubigeo, set(mine)
        else:
            open_groups.remove(best)
            members = best[3]
            members.append(r)
            finest = r.ubigeo if len(r.ubigeo) > len(best[1]) else best[1]
            kinds = best[2] | mine
        reach = max((m.date_end or m.date_start) for m in members) + DAY_SLACK
        open_groups.append((reach, finest, kinds, members))
    groups += [[r] for r in rows if r.date_start is None]
    return [_summary(g, order) for g in groups]


def _summary(members: list[MentionRow], order: dict[str, int]) -> Cluster:
    if len(members) == 1:  # most mentions report an event no one else reports
        m = members[0]
        when = m.doc_date if m.doc_date is not None else m.date_start
        return Cluster(
            (m.event_id,), m.ubigeo, m.date_start,
            (m.date_end or m.date_start) if m.date_start is not None else None,
            tuple(m.types) or ("other",), (m.doc_id,), m.doc_id, when, m.fatalities, m.injured,
        )  # fmt: skip
    finest = max(members, key=lambda m: (len(m.ubigeo), -m.event_id)).ubigeo
    starts = [m.date_start for m in members if m.date_start is not None]
    ends = [m.date_end or m.date_start for m in members if m.date_start is not None]
    types = sorted(
        {t for m in members for t in (m.types or ("other",))},
        key=lambda t: (order.get(t, len(order)), t),
    )
    if len(types) > 1 and "other" in types:
        types.remove("other")
    first_seen: dict[int, int | None] = {}
    for m in members:
        when = m.doc_date if m.doc_date is not None else m.date_start
        if m.doc_id not in first_seen or (
            when is not None and (first_seen[m.doc_id] is None or when < first_seen[m.doc_id])
        ):
            first_seen[m.doc_id] = when
    docs = sorted(first_seen, key=lambda d: (first_seen[d] is None, first_seen[d] or 0, d))
    dead = [m.fatalities for m in members if m.fatalities is not None]
    hurt = [m.injured for m in members if m.injured is not None]
    return Cluster(
        members=tuple(m.event_id for m in sorted(members, key=lambda m: m.event_id)),
        ubigeo=finest,
        date_start=min(starts) if starts else None,
        date_end=max(ends) if ends else None,
        types=tuple(types),
        doc_ids=tuple(docs),
        first_doc_id=docs[0],
        first_date=first_seen[docs[0]],
        fatalities=max(dead) if dead else None,
        injured=max(hurt) if hurt else None,
    )


def pairwise_scores(predicted: dict[int, int], gold: dict[int, str]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping (item -> cluster) against gold labels."""
    items = sorted(set(predicted) & set(gold))
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            same_pred = predicted[a] == predicted[b]
            same_gold = gold[a] == gold[b]
            tp += same_pred and same_gold
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


# --- data frames -------------------------------------------------------------------------------
def casualty_totals(frame: pd.DataFrame) -> tuple[int, int]:
    """Fatalities and injured in a frame, each event's largest stated number counted once.

    Works on mentions (grouped by cluster_id, else by document sentence) and on distinct rows.
    """
    if frame.empty or "fatalities" not in frame.columns:
        return 0, 0
    # Rows stating neither number add nothing to any event's largest: most mentions state none.
    frame = frame[frame["fatalities"].notna().to_numpy() | frame["injured"].notna().to_numpy()]
    if frame.empty:
        return 0, 0
    if "cluster_id" in frame.columns and frame["cluster_id"].notna().any():
        key = (
            frame["cluster_id"]
            .astype("string")
            .fillna(frame["doc_id"].astype("string") + ":" + frame["sentence"].astype("string"))
        )
    else:
        key = frame["doc_id"].astype("string") + ":" + frame["sentence"].astype("string")
    g = frame.groupby(key)
    return int(g["fatalities"].max().fillna(0).sum()), int(g["injured"].max().fillna(0).sum())
