"""The store keeps typed mentions and their event clusters; queries show either (issue 9)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.ingest import content_hash
from geo.model import Document, Event, EventFilter
from geo.store import MIGRATIONS, Store, open_store

LEVEL_OF = {2: "department", 4: "province", 6: "district"}


def ev(code, day, types=("protest",), dead=None, hurt=None, sentence="Hubo una marcha.") -> Event:
    return Event(
        surface="Lugar", start=0, end=5, ubigeo=code, level=LEVEL_OF[len(code)],
        department="Puno", province="San Román" if len(code) >= 4 else None,
        district="Juliaca" if len(code) == 6 else None, place=None, lat=-15.5, lon=-70.1,
        date_start=day, date_end=day, date_precision="day", doc_date=day, confidence=0.9,
        sentence=sentence, event_types=types, fatalities=dead, injured=hurt,
    )  # fmt: skip


def doc(text: str, url: str | None = None, day: date | None = None) -> Document:
    return Document(text=text, url=url, doc_date=day, content_hash=content_hash(text))


@pytest.fixture
def store(tmp_path: Path, store_target):
    s = open_store(store_target(tmp_path / "events.sqlite"))
    yield s
    s.close()


D1, D2, D8 = date(2024, 1, 9), date(2024, 1, 10), date(2024, 1, 16)


def fill(store: Store) -> None:
    # One road block in Juliaca reported by three documents over two days (district and
    # province), the same place a week later, and a robbery there the same day.
    store.add_document(doc("a", day=D1), [ev("211101", D1, ("protest", "road_block"), dead=2)])
    store.add_document(doc("b", day=D1), [ev("2111", D1, ("road_block",), dead=2)])
    store.add_document(doc("c", day=D2), [ev("211101", D2, ("road_block",), dead=3, hurt=9)])
    store.add_document(doc("d", day=D8), [ev("211101", D8, ("road_block",))])
    store.add_document(doc("e", day=D1), [ev("211101", D1, ("crime",), dead=1)])


def test_mentions_keep_types_and_numbers(store):
    fill(store)
    df = store.events_frame()
    assert set(df["event_types"]) == {"protest,road_block", "road_block", "crime"}
    assert df["fatalities"].sum() == 8 and df["injured"].max() == 9


def test_type_filter_matches_any_listed_type(store):
    fill(store)
    assert len(store.events_frame(EventFilter(types=("road_block",)))) == 4
    assert len(store.events_frame(EventFilter(types=("crime", "protest")))) == 2
    assert len(store.events_frame(EventFilter(types=("health",)))) == 0


def test_type_filter_is_not_fooled_by_like_wildcards(store):
    fill(store)
    assert len(store.events_frame(EventFilter(types=("road%",)))) == 0


def test_clusters_group_reports_of_one_event(store):
    fill(store)
    cl = store.clusters_frame()
    assert len(cl) == 3
    block = cl[cl["n_sources"] == 3].iloc[0]
    assert block["ubigeo"] == "211101" and block["event_types"] == "protest,road_block"
    assert block["fatalities"] == 3 and block["injured"] == 9  # the largest report, not a sum
    assert block["first_report_date"] == pd.Timestamp(2024, 1, 9)
    assert len(block["doc_ids"]) == 3


def test_counts_mentions_vs_distinct(store):
    fill(store)
    flt = EventFilter(types=("road_block",))
    assert store.counts(flt, "department")["count"].tolist() == [4]
    assert store.counts(flt, "department", distinct=True)["count"].tolist() == [2]
    tl = store.timeline(flt, "week", distinct=True)
    assert tl["count"].sum() == 2


def test_casualties_are_counted_once_per_event(store):
    fill(store)
    tot = store.casualties(EventFilter())
    assert tot["fatalities"].tolist() == [4] and tot["injured"].tolist() == [9]
    per = store.casualties(EventFilter(types=("road_block",)), "province")
    assert per.set_index("ubigeo").loc["2111", "fatalities"] == 3


def test_type_counts(store):
    fill(store)
    assert store.type_counts(EventFilter())["road_block"] == 4
    assert store.type_counts(EventFilter(), distinct=True)["road_block"] == 2


def test_new_and_deleted_documents_recluster(store):
    fill(store)
    assert len(store.clusters_frame()) == 3
    store.add_document(doc("f", day=D8), [ev("211101", D8, ("road_block",))])
    cl = store.clusters_frame()
    assert len(cl) == 3 and sorted(cl["n_sources"]) == [1, 2, 3]
    assert store.delete_document(int(store.find_document(content_hash("c"))))
    cl = store.clusters_frame()
    block = cl[(cl["n_sources"] == 2) & (cl["first_report_date"] == pd.Timestamp(2024, 1, 9))]
    assert len(block) == 1 and block.iloc[0]["fatalities"] == 2


def test_corrected_document_reclusters(store):
    store.add_document(doc("v1", url="u", day=D1), [ev("211101", D1)])
    store.add_document(doc("v2", url="u", day=D1), [ev("211101", D1, ("crime",))])
    cl = store.clusters_frame()
    assert cl["event_types"].tolist() == ["crime"]


def test_untyped_events_are_other(store):
    store.add_document(doc("x", day=D1), [replace(ev("211101", D1), event_types=())])
    assert store.events_frame()["event_types"].tolist() == ["other"]
    assert store.clusters_frame()["event_types"].tolist() == ["other"]


def test_migration_types_an_older_store(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path, isolation_level=None)
    for i, m in enumerate(MIGRATIONS[:3]):
        m(con)
        con.execute(f"PRAGMA user_version = {i + 1}")
    con.execute(
        "INSERT INTO documents (content_hash, ingested_at) VALUES ('h', '2024-01-01T00:00:00')"
    )
    con.execute(
        'INSERT INTO events (doc_id, surface, start, "end", ubigeo, level, dep2, prov4, dist6, '
        "confidence, sentence, date_start, date_end) VALUES (1, 'Juliaca', 0, 7, '211101', "
        "'district', '21', '2111', '211101', 0.9, 'Un huaico dejó tres muertos en Juliaca.', "
        "19000, 19000)"
    )
    con.close()
    with Store.open(path) as s:
        df = s.events_frame()
        assert df["event_types"].tolist() == ["natural_disaster"]
        assert df["fatalities"].tolist() == [3]
        assert len(s.clusters_frame()) == 1


def _cli(*args: str):
    import subprocess
    import sys

    from tests.conftest import ROOT

    return subprocess.run(
        [sys.executable, "-m", "geo", *args], capture_output=True, cwd=ROOT, timeout=120
    )


def test_cli_export_type_and_distinct(tmp_path, store_target):
    import pandas as pd

    db = store_target(tmp_path / "events.sqlite")
    with open_store(db) as s:
        fill(s)
    out = tmp_path / "m.csv"
    p = _cli("export", "--db", str(db), "--type", "road_block", "--format", "csv", "-o", str(out))
    assert p.returncode == 0, p.stderr
    m = pd.read_csv(out, encoding="utf-8-sig")
    assert len(m) == 4 and set(m["counted_as"]) == {"mentions"}
    assert "wrote 4 mentions" in p.stderr.decode()
    out2 = tmp_path / "d.csv"
    p = _cli("export", "--db", str(db), "--type", "road_block", "--distinct", "--format", "csv",
             "-o", str(out2))  # fmt: skip
    assert p.returncode == 0, p.stderr
    d = pd.read_csv(out2, encoding="utf-8-sig")
    assert len(d) == 2 and set(d["counted_as"]) == {"distinct events"}
    assert sorted(d["n_sources"]) == [1, 3] and "1;2;3" in set(d["doc_ids"].astype(str))


def test_cli_export_unknown_type_is_a_clear_error(tmp_path):
    db = tmp_path / "events.sqlite"
    with Store.open(db) as s:
        fill(s)
    p = _cli("export", "--db", str(db), "--type", "riot", "--format", "csv", "-o",
             str(tmp_path / "x.csv"))  # fmt: skip
    assert p.returncode == 2 and b"unknown event type 'riot'" in p.stderr
    assert not (tmp_path / "x.csv").exists()
