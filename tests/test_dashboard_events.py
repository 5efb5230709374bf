"""Dashboard pieces for event types and distinct events: links, counts, popups, histogram, PNG."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from io import BytesIO

import pandas as pd
import pytest

from geo import maps, snapshot, timeline, viewstate
from geo.ingest import content_hash
from geo.model import Document, EventFilter
from geo.store import Store
from tests.dashboard_fakes import make_event, popup_text

D1, D2 = date(2024, 1, 9), date(2024, 1, 10)


@pytest.fixture
def frame(tmp_path, gazetteer):
    """One road block in Juliaca reported by three documents (2 and 3 dead), and a robbery."""
    u = gazetteer.units["211101"]
    s = Store.open(tmp_path / "events.sqlite")

    def add(text, day, types, dead=None, title=None, url=None):
        ev = replace(make_event(u, day, text), event_types=types, fatalities=dead)
        doc = Document(text=text, title=title, url=url, doc_date=day,
                       content_hash=content_hash(text))  # fmt: skip
        s.add_document(doc, [ev])

    add("Bloqueo en Juliaca dejó 2 muertos.", D1, ("road_block",), 2, "Diario A", "https://a.pe/1")
    add("Juliaca: bloqueo con 3 muertos.", D2, ("road_block",), 3, "<b>Radio B</b>", "https://b.pe")
    add("In Juliaca the blockade went on.", D2, ("road_block",), None, "Wire C", "javascript:x")
    add("Asalto a un banco en Juliaca.", D1, ("crime",), None, "Diario A2", None)
    s.ensure_clusters()
    out = s.events_frame(EventFilter())
    s.close()
    return out


def test_link_carries_types_and_the_distinct_events_choice():
    st = viewstate.ViewState(date(2024, 1, 1), date(2024, 2, 1), measure="events",
                             types=("road_block", "strike"))  # fmt: skip
    q = viewstate.to_query(st)
    assert q["type"] == "road_block,strike" and q["count"] == "events"
    assert viewstate.from_query(q) == st
    assert viewstate.to_filter(st).types == ("road_block", "strike")


def test_link_with_garbage_types_is_ignored():
    st = viewstate.from_query({"type": "road_block,<script>,ROAD,x" + "y" * 60})
    assert st.types == ("road_block",)


def test_distinct_events_measure_counts_reports_once(frame, gazetteer):
    mentions = maps.unit_counts(frame, "department", gazetteer, "mentions")
    events = maps.unit_counts(frame, "department", gazetteer, "events")
    assert mentions["count"].tolist() == [4]
    assert events["count"].tolist() == [2]  # the road block (3 reports) and the robbery
    assert events["popup"].iloc[0][1] == "2 distinct events"


def test_region_popup_sums_fatalities_once_per_event(frame, gazetteer):
    units = maps.unit_counts(frame, "department", gazetteer, "mentions")
    assert units["fatalities"].tolist() == [3]  # the largest report, not 2 + 3
    assert units["popup"].iloc[0][2] == "3 killed"


def test_popup_lists_the_cluster_sources_escaped(frame, gazetteer):
    popup = maps.unit_counts(frame, "department", gazetteer, "events")["popup"].iloc[0]
    assert "Reported by 3 sources" in popup_text(popup)
    reports = dict(next(s[6][1] for s in popup[3] if s[6]))
    # Titles stay plain text (the browser sets them as text: see test_browser), and an unsafe
    # link is kept as text without its URL.
    assert reports["<b>Radio B</b>"] == "https://b.pe" and reports["Wire C"] is None
    assert "javascript:" not in json.dumps(popup)
    assert "road block" in [s[0] for s in popup[3]]  # each sentence says its type


def test_place_dots_take_their_type_colour(frame, gazetteer):
    from geo.events import default_taxonomy

    pts = maps.place_points(frame, gazetteer)
    assert pts["colour"].tolist() == [default_taxonomy().colour("road_block")]
    legend = maps.type_legend(frame)
    assert [(label, n) for label, _, n in legend] == [("road block", 3), ("crime", 1)]


def test_histogram_split_by_type(frame):
    ids = ["road_block", "crime", "other"]
    h = timeline.type_histogram(frame, "day", ids, "mentions")
    assert h["road_block"].sum() == 3 and h["crime"].sum() == 1 and h["count"].sum() == 4
    h2 = timeline.type_histogram(frame, "day", ids, "events")
    assert h2["road_block"].sum() == 1 and h2["count"].sum() == 2
    stack = [("road_block", "#ff7f0e", "road block"), ("crime", "#e377c2", "crime")]
    svg = timeline.histogram_svg(h, (D1, D2), "day", stack=stack)
    assert svg.count('fill="#ff7f0e"') == 2 and "road block" in svg


def test_exports_say_what_they_count(frame):
    raw = snapshot.export_table(frame, "csv", "department", "events")
    rows = pd.read_csv(BytesIO(raw), encoding="utf-8-sig")
    assert set(rows["counted_as"].dropna()) == {"events per department"}
    assert (rows["counted_as"].notna()).sum() == 2  # one row per distinct event is counted
    assert {"event_types", "fatalities", "injured", "cluster_id"} <= set(rows.columns)


def test_png_title_and_footer_carry_the_type_filter(frame, gazetteer):
    from PIL import Image

    filters = snapshot.describe_filters([], None, 0.0, "department", ["road block"])
    cap = snapshot.caption_for(frame, "Distinct events per department in Peru: road block",
                               "2024-01-09 to 2024-01-10", filters, "events")  # fmt: skip
    png = snapshot.render_png(frame, "department", cap, None, None, gazetteer, dpi=40)
    info = Image.open(BytesIO(png)).info
    assert info["Title"].endswith(": road block")
    assert "event types: road block" in info["Description"]
    assert "Distinct events" in info["Description"] or "distinct events" in info["Description"]
