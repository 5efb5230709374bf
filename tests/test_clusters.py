"""Event clusters: one event from many reports, and look-alike events kept apart (issue 9)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from geo.clusters import MentionRow, cluster_mentions, pairwise_scores, same_event
from geo.extract import extract_events
from geo.store import to_days
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "dedup_corpus.jsonl"


def row(eid, doc, code, day, types=("protest",), dead=None, precision="day", end=None):
    return MentionRow(eid, doc, code, day, day if end is None else end, precision, types, dead)


def corpus_rows() -> tuple[list[MentionRow], dict[int, str], list[dict]]:
    records = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x]
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
    return rows, gold, records


def test_dedup_corpus_shape():
    rows, gold, records = corpus_rows()
    per_event: dict[str, list[dict]] = {}
    for r in records:
        per_event.setdefault(r["event"], []).append(r)
    multi = [e for e, rs in per_event.items() if len(rs) >= 3]
    assert len(multi) >= 5
    for e in multi:
        rs = per_event[e]
        assert 3 <= len(rs) <= 6 and {r["lang"] for r in rs} == {"es", "en"}, e
    assert len({r["doc_date"] for r in per_event["juliaca-block"]}) == 2  # a day apart
    assert all(gold[r.event_id] for r in rows)  # every mention of the corpus is labelled


def test_dedup_pairwise_precision_recall():
    rows, gold, _ = corpus_rows()
    clusters = cluster_mentions(rows)
    pred = {m: i for i, c in enumerate(clusters) for m in c.members}
    p, r = pairwise_scores(pred, gold)
    assert p >= 0.9 and r >= 0.9, (p, r)


def test_same_place_a_week_later_is_another_event():
    a, b = row(1, 1, "211101", 100), row(2, 2, "211101", 107)
    assert not same_event(a, b)
    assert len(cluster_mentions([a, b])) == 2


def test_same_day_in_the_neighbouring_province_is_another_event():
    assert not same_event(row(1, 1, "1102", 100), row(2, 2, "1105", 100))


def test_district_inside_province_is_the_same_event():
    clusters = cluster_mentions([row(1, 1, "211101", 100), row(2, 2, "2111", 101)])
    assert len(clusters) == 1 and clusters[0].ubigeo == "211101"
    assert clusters[0].n_sources == 2


def test_a_province_mention_does_not_bridge_two_districts():
    rows = [row(1, 1, "211101", 100), row(2, 2, "211105", 100), row(3, 3, "2111", 100)]
    clusters = cluster_mentions(rows)
    assert len(clusters) == 2
    assert sorted(len(c.members) for c in clusters) == [1, 2]


def test_reports_do_not_chain_day_after_day():
    rows = [row(1, 1, "211101", 100), row(2, 2, "211101", 101), row(3, 3, "211101", 102)]
    assert len(cluster_mentions(rows)) == 2


def test_different_types_are_different_events():
    a, b = row(1, 1, "211101", 100, ("crime",)), row(2, 2, "211101", 100, ("road_block",))
    assert len(cluster_mentions([a, b])) == 2
    multi = row(3, 3, "211101", 100, ("protest", "road_block"))
    assert same_event(multi, b)


def test_fatalities_are_never_summed_across_reports():
    rows = [
        row(1, 1, "130809", 100, ("clash",), dead=14),
        row(2, 2, "1308", 100, ("clash",), dead=14),
        row(3, 3, "130809", 101, ("clash",), dead=16),
    ]
    (c,) = cluster_mentions(rows)
    assert c.fatalities == 16 and c.n_sources == 3


def test_earliest_report_and_sources():
    rows = [
        MentionRow(1, 7, "200601", 100, 100, "day", ("health",), doc_date=101),
        MentionRow(2, 5, "200601", 100, 100, "day", ("health",), doc_date=100),
        MentionRow(3, 5, "200601", 100, 100, "day", ("health",), doc_date=100),
    ]
    (c,) = cluster_mentions(rows)
    assert c.doc_ids == (5, 7) and c.first_doc_id == 5 and c.first_date == 100


def test_undated_mentions_stay_alone():
    rows = [row(1, 1, "211101", None), row(2, 2, "211101", None)]
    assert len(cluster_mentions(rows)) == 2


@pytest.mark.parametrize("precision", ["month", "year"])
def test_coarse_periods_need_a_real_overlap(precision):
    a = row(1, 1, "211101", 100, precision=precision, end=130)
    assert same_event(a, row(2, 2, "211101", 120))
    assert not same_event(a, row(3, 3, "211101", 131))


def test_casualty_totals_take_each_events_largest_number_once():
    import pandas as pd

    from geo.clusters import casualty_totals

    na = pd.NA
    frame = pd.DataFrame(
        {
            "doc_id": [1, 2, 3, 4, 4, 5],
            "sentence": ["a", "b", "c", "d", "e", "f"],
            "cluster_id": pd.array([7, 7, 7, na, na, 8], dtype="Int64"),
            "fatalities": pd.array([2, 3, na, 1, na, na], dtype="Int64"),
            "injured": pd.array([na, 5, 4, na, 2, na], dtype="Int64"),
        }
    )
    # Event 7: largest report 3 dead, 5 hurt; two unclustered sentences: 1 dead, 2 hurt;
    # event 8 states nothing.
    assert casualty_totals(frame) == (4, 7)
    assert casualty_totals(frame.iloc[[5]]) == (0, 0)  # nothing stated: nothing counted
    assert casualty_totals(frame.iloc[0:0]) == (0, 0)
