"""The dashboard script under streamlit.testing (no browser): filters, URL state, exports."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.model import EventFilter
from tests.conftest import BACKENDS, new_pg_database
from tests.dashboard_fakes import fill_store, payload_document

APP = str(Path(__file__).resolve().parents[1] / "app.py")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _new_target(request, folder: Path) -> str:
    """Where a test's store goes on this module's backend: a file, or a new PostGIS database."""
    if request.node.callspec.params.get("data_dir") == "postgis":
        return new_pg_database(request.getfixturevalue("pg_cluster"))
    return str(folder / "events.sqlite")


def _point_app_at(mp: pytest.MonkeyPatch, folder: Path, target: str) -> None:
    """The app's settings for a data folder and its store (PEM_DB_URL for a server store)."""
    mp.setenv("PEM_DATA_DIR", str(folder))
    if target.startswith("postgresql://"):
        mp.setenv("PEM_DB_URL", target)
    else:
        mp.delenv("PEM_DB_URL", raising=False)


# Every test of the dashboard runs on both store backends (PostGIS through PEM_DB_URL).
@pytest.fixture(scope="module", params=BACKENDS, autouse=True)
def data_dir(request, tmp_path_factory, gazetteer):
    """A data directory with a synthetic store (so the demo is not ingested into it)."""
    import streamlit as st

    from geo.store import open_store

    d = tmp_path_factory.mktemp("appdata")
    target = (
        new_pg_database(request.getfixturevalue("pg_cluster"))
        if request.param == "postgis"
        else str(d / "events.sqlite")
    )
    s = open_store(target)
    fill_store(s, gazetteer, 800, n_docs=16, start=date(2022, 1, 1), days=700)
    s.add_document(*payload_document(gazetteer))
    s.close()
    mp = pytest.MonkeyPatch()
    _point_app_at(mp, d, target)
    (d / "store-target").write_text(target, encoding="utf-8")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield d
    mp.undo()
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def store(data_dir):
    from geo.store import open_store

    s = open_store((data_dir / "store-target").read_text(encoding="utf-8"))
    yield s
    s.close()


def run_app(params: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at) -> int:
    """The number of place mentions the table lists (all roles, the filtered frame)."""
    import re

    head = next(m.value for m in at.markdown if re.match(r"^#### [\d,]+ place mentions$", m.value))
    return int(head.split()[1].replace(",", ""))


def counted(at) -> int:
    """The map's count metric ("Mentions counted" or "Documents counted")."""
    metric = next(m for m in at.metric if m.label.endswith(" counted"))
    return int(metric.value.replace(",", ""))


def open_expander(at, key: str) -> None:
    """Open a sidebar expander as a click does (its contents are drawn only while it is open)."""
    at.session_state[key] = True
    at.run()


def submit(at) -> None:
    """Press the "Add to the map" form button."""
    next(b for b in at.button if b.label == "Add to the map").click()
    at.run()


def expected(store, flt: EventFilter) -> int:
    return len(store.events_frame(flt))


def test_app_starts_where_the_bulk_of_events_is(store):
    at = run_app()
    span = store.date_span()
    flt = at.session_state["pem_filter"]
    assert flt.date_to == span[1] and span[0] < flt.date_from
    starts = store.events_frame()["date_start"]
    assert (starts >= pd.Timestamp(flt.date_from)).mean() >= 0.99  # 99% of events start inside
    assert 0 < shown(at) == expected(store, flt)
    at.button_group(key="preset").set_value("All").run()  # all of it, one click away
    assert shown(at) == expected(store, EventFilter(date_from=span[0], date_to=span[1]))


def test_sidebar_panels_are_drawn_only_when_opened():
    """The upload form and the document list cost the first map time: drawn once opened."""
    at = run_app()
    assert not any(d.label == "Document date" for d in at.date_input)
    assert not any((b.key or "").startswith("del_") for b in at.button)
    open_expander(at, "pem_add_open")
    assert any(d.label == "Document date" for d in at.date_input)
    open_expander(at, "pem_docs_open")
    assert any((b.key or "").startswith("del_") for b in at.button)


def test_document_date_field_disabled_until_ticked():
    at = run_app()
    open_expander(at, "pem_add_open")
    field = next(d for d in at.date_input if d.label == "Document date")
    assert field.disabled
    at.checkbox(key="use_doc_date").check().run()
    assert not next(d for d in at.date_input if d.label == "Document date").disabled


def test_delete_document_asks_then_removes_it_everywhere(request, tmp_path, data_dir, monkeypatch):
    import streamlit as st

    from geo import snapshot
    from geo.store import open_store
    from tests.dashboard_fakes import fill_store

    target = _new_target(request, tmp_path)
    s = open_store(target)
    fill_store(s, __import__("geo.gazetteer").gazetteer.load_gazetteer(), 300, n_docs=3)
    victim = int(s.documents_frame()["doc_id"].iloc[0])
    _point_app_at(monkeypatch, tmp_path, target)
    st.cache_resource.clear()
    try:
        at = run_app({"from": "2021-01-01", "to": "2026-12-31"})
        before = shown(at)
        open_expander(at, "pem_docs_open")
        next(b for b in at.button if b.key == f"del_{victim}").click().run()
        assert any("cannot be undone" in w.value for w in at.warning)
        assert s.stats()["documents"] == 3  # nothing deleted before the confirmation
        next(b for b in at.button if b.key == f"yes_{victim}").click().run()
        assert s.stats()["documents"] == 2
        assert victim not in set(s.events_frame()["doc_id"])
        assert shown(at) == before - 100  # gone from the table and the map's frame
        frame = s.events_frame(at.session_state["pem_filter"])
        csv = pd.read_csv(io.BytesIO(snapshot.export_table(frame, "csv")))
        assert victim not in set(csv["doc_id"])
    finally:
        s.close()
        _point_app_at(monkeypatch, data_dir, (data_dir / "store-target").read_text())
        st.cache_resource.clear()


def test_department_filter(store):
    at = run_app()
    at.multiselect(key="deps").set_value(["08"]).run()
    flt = at.session_state["pem_filter"]
    assert flt.ubigeos == ("08",)
    assert shown(at) == expected(store, flt) > 0


def test_department_options_searchable_without_accents():
    at = run_app()
    labels = at.multiselect(key="deps").options
    junin = next(x for x in labels if x.startswith("Junín"))
    assert "junin" in junin


def test_province_narrows_department(store):
    at = run_app()
    at.multiselect(key="deps").set_value(["08"]).run()
    at.multiselect(key="provs").set_value(["0801"]).run()
    flt = at.session_state["pem_filter"]
    assert flt.ubigeos == ("0801",)
    assert shown(at) == expected(store, flt)


def test_text_search(store):
    at = run_app()
    at.text_input(key="q").input("backtick").run()
    flt = at.session_state["pem_filter"]
    assert flt.text == "backtick"
    assert shown(at) == expected(store, flt) >= 1


def test_min_confidence(store):
    at = run_app()
    before = shown(at)
    at.slider(key="conf").set_value(0.8).run()
    flt = at.session_state["pem_filter"]
    assert shown(at) == expected(store, flt) < before


def test_slider_changes_counts(store):
    at = run_app()
    before = shown(at)
    at.slider(key="win_slider").set_value((date(2022, 6, 1), date(2022, 8, 31))).run()
    flt = at.session_state["pem_filter"]
    assert (flt.date_from, flt.date_to) == (date(2022, 6, 1), date(2022, 8, 31))
    assert 0 < shown(at) == expected(store, flt) < before
    assert at.query_params["from"] in ("2022-06-01", ["2022-06-01"])


def test_preset_last_30_days(store):
    at = run_app()
    at.button_group(key="preset").set_value("30 days").run()
    flt = at.session_state["pem_filter"]
    span = store.date_span()
    assert flt.date_to == span[1] and (flt.date_to - flt.date_from).days == 29
    assert shown(at) == expected(store, flt)


def test_level_province_draws_shipped_polygons():
    at = run_app()
    at.radio(key="level").set_value("province").run()
    metric = next(m for m in at.metric if m.label == "Provinces with mentions")
    assert int(metric.value.replace(",", "")) > 0
    assert any("INEI 2007 limits" in c.value for c in at.caption)
    assert not any("drawn as points" in c.value for c in at.caption)


def test_query_params_restore_state(store):
    params = {"from": "2022-06-01", "to": "2022-10-31", "level": "district", "dep": "08,15",
              "q": "Protesters", "conf": "0.6"}  # fmt: skip
    at = run_app(params)
    assert at.radio(key="level").value == "district"
    assert at.multiselect(key="deps").value == ["08", "15"]
    assert at.text_input(key="q").value == "Protesters"
    assert at.slider(key="conf").value == pytest.approx(0.6)
    flt = at.session_state["pem_filter"]
    assert (flt.date_from, flt.date_to) == (date(2022, 6, 1), date(2022, 10, 31))
    assert shown(at) == expected(store, flt)


def test_query_params_roundtrip_after_changes():
    at = run_app()
    at.multiselect(key="deps").set_value(["04"]).run()
    at.radio(key="level").set_value("province").run()
    at.slider(key="win_slider").set_value((date(2022, 7, 1), date(2022, 12, 31))).run()
    params = {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert params["dep"] == "04" and params["level"] == "province"
    again = run_app(params)
    assert again.session_state["pem_filter"] == at.session_state["pem_filter"]
    assert again.radio(key="level").value == "province"
    assert shown(again) == shown(at)


def test_bad_query_params_are_ignored():
    at = run_app({"from": "not-a-date", "level": "galaxy", "dep": "99,<script>"})
    assert at.radio(key="level").value == "department"
    assert at.multiselect(key="deps").value == []


def test_exports_have_the_rows_on_screen(store):
    import geopandas as gpd

    from geo import snapshot

    at = run_app()
    at.multiselect(key="deps").set_value(["08", "15"]).run()
    at.slider(key="win_slider").set_value((date(2022, 6, 1), date(2023, 5, 31))).run()
    n = shown(at)
    frame = store.events_frame(at.session_state["pem_filter"])
    csv = pd.read_csv(io.BytesIO(snapshot.export_table(frame, "csv")))
    gj = gpd.read_file(io.BytesIO(snapshot.export_table(frame, "geojson")))
    assert len(csv) == len(gj) == n > 0
    labels = [b.label for b in at.get("download_button")]
    assert {"PNG snapshot", "Interactive HTML map", "GeoJSON events", "CSV events"} <= set(labels)


def test_paste_text_adds_events(store):
    at = run_app()
    before = store.stats()["events"]
    open_expander(at, "pem_add_open")
    at.text_area[0].input(
        "Farmers blocked the road near Arequipa on 2 March 2023, local radio reported."
    )
    submit(at)
    assert not at.exception
    assert store.stats()["events"] > before
    assert any("Added 1 document" in s.value for s in at.success)


def test_paste_nothing_warns():
    at = run_app()
    open_expander(at, "pem_add_open")
    submit(at)
    assert any("Nothing to add" in w.value for w in at.warning)


def test_play_steps_to_the_end_and_reports(store):
    at = run_app()
    at.selectbox(key="play_step").set_value("1 year").run()
    at.toggle(key="play_toggle").set_value(True).run()  # each step reruns until the end
    span = store.date_span()
    win = at.session_state["win"]
    assert win[1] == span[1] and (win[1] - win[0]).days in (364, 365)  # a calendar year
    assert at.session_state["playing"] is False
    assert at.toggle(key="play_toggle").value is False
    assert any("Stopped at the end" in md.value for md in at.markdown)


def test_store_without_events_shows_an_empty_map(request, tmp_path, data_dir, monkeypatch):
    import streamlit as st

    from geo.model import Document
    from geo.store import open_store

    target = _new_target(request, tmp_path)
    s = open_store(target)
    s.add_document(Document(text="no places at all", title="empty", content_hash="empty-1"), [])
    s.close()
    _point_app_at(monkeypatch, tmp_path, target)
    st.cache_resource.clear()
    try:
        at = run_app()
        assert shown(at) == 0
        assert any("No events match" in i.value for i in at.info)
        at.radio(key="level").set_value("district").run()
        assert not at.exception
    finally:
        _point_app_at(monkeypatch, data_dir, (data_dir / "store-target").read_text())
        st.cache_resource.clear()


def test_preset_keeps_the_view_only_frame_or_new_places_move_it():
    at = run_app({"lat": "-13.5", "lon": "-72.0", "zoom": "7"})
    assert at.session_state["init_view"] == (-13.5, -72.0, 7)
    assert "lat" not in at.query_params  # the browser writes the view, the server never does
    seq = at.session_state["fit_seq"]
    at.button_group(key="preset").set_value("30 days").run()
    at.slider(key="win_slider").set_value((date(2022, 6, 1), date(2022, 8, 31))).run()
    assert at.session_state["fit_seq"] == seq  # filters and windows never move the map
    at.multiselect(key="deps").set_value(["08"]).run()
    assert at.session_state["fit_seq"] == seq + 1  # a new place selection frames it
    next(b for b in at.button if b.label == "Frame selection").click().run()
    assert at.session_state["fit_seq"] == seq + 2


def test_documents_measure_counts_distinct_sources(store):
    at = run_app()
    mentions = counted(at)
    at.radio(key="measure").set_value("documents").run()
    assert next(m for m in at.metric if m.label == "Documents counted")
    docs = counted(at)
    assert 0 < docs < mentions
    assert at.query_params["count"] in ("documents", ["documents"])
    again = run_app({"count": "documents"})
    assert again.radio(key="measure").value == "documents" and counted(again) == docs


def test_the_table_follows_the_first_map():
    at = run_app()
    assert len(at.dataframe) == 0 and shown(at) > 0  # the count now, the rows on the next run
    next(b for b in at.button if b.label == "Show the table").click().run()  # the page's script
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 0
    at.button_group(key="preset").set_value("30 days").run()
    assert len(at.dataframe) == 1  # and from then on with every run


def test_table_cells_are_blank_not_none():
    at = run_app()
    next(b for b in at.button if b.label == "Show the table").click().run()
    df = at.dataframe[0].value
    dep_level = df[df["ubigeo"].str.len() == 2]
    assert len(dep_level) and (dep_level["province"] == "").all()
    assert not df.astype(str).isin(["None", "NaT", "<NA>"]).any().any()


def test_play_fixes_the_colour_classes(store):
    at = run_app()
    at.selectbox(key="play_step").set_value("1 year").run()
    at.toggle(key="play_toggle").set_value(True).run()
    bins = at.session_state["play_bins"]
    assert bins and bins[-1].hi >= 1


@pytest.mark.parametrize("count", ["mentions", "documents", "events"])
def test_map_counts_per_unit_match_sqlite_and_the_shown_events(
    count, request, store, data_dir, tmp_path, gazetteer, monkeypatch
):
    """The map's per-unit numbers (counted by the store) are what the shown events give, and a
    PostGIS store shows the same per-unit counts as a SQLite store of the same documents."""
    import streamlit as st

    from geo import maps
    from geo.store import open_store

    params = {"from": "2022-03-01", "to": "2023-02-28", "level": "province", "count": count}
    at = run_app(params)
    got = {k: int(v) for k, v in at.session_state["pem_unit_counts"].items()}
    frame = store.events_frame(at.session_state["pem_filter"])
    assert got == maps.measure_counts(frame, "province", count).to_dict() and len(got) > 5
    if request.node.callspec.params["data_dir"] != "postgis":
        return
    lite = tmp_path / "events.sqlite"  # the same documents as the module's PostGIS store
    with open_store(lite) as s:
        fill_store(s, gazetteer, 800, n_docs=16, start=date(2022, 1, 1), days=700)
        s.add_document(*payload_document(gazetteer))
    _point_app_at(monkeypatch, tmp_path, str(lite))
    st.cache_resource.clear()
    try:
        on_sqlite = run_app(params).session_state["pem_unit_counts"]
        assert {k: int(v) for k, v in on_sqlite.items()} == got
    finally:
        _point_app_at(monkeypatch, data_dir, (data_dir / "store-target").read_text())
        st.cache_resource.clear()


def test_postgis_user_polygons_come_from_the_store(request, store, data_dir):
    """On PostGIS the map draws the store's user_boundaries layer (no file in the data folder)."""
    import streamlit as st
    from shapely.geometry import Polygon

    if request.node.callspec.params["data_dir"] != "postgis":
        assert not store.keeps_boundaries
        return
    square = Polygon([(-72.5, -14), (-71.5, -14), (-71.5, -13), (-72.5, -13)]).wkb
    store.put_boundaries("province", [("0801", "Cusco (mine)", square)])
    st.cache_resource.clear()
    try:
        at = run_app({"level": "province"})
        assert any("your polygons in the store" in c.value for c in at.caption)
        assert not (data_dir / "boundaries").exists()
    finally:
        store.put_boundaries("province", [])
        st.cache_resource.clear()
    assert not any("your polygons" in c.value for c in run_app({"level": "province"}).caption)
