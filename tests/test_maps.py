"""Map building, escaping of untrusted text, snapshots, time windows and URL state."""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import folium
import pandas as pd
import pytest

from geo import maps, snapshot, timeline, viewstate
from geo.model import EventFilter
from tests.dashboard_fakes import PAYLOADS, fill_store, make_event, payload_document, popup_text

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store(tmp_path_factory, gazetteer):
    from geo.store import Store

    s = Store.open(tmp_path_factory.mktemp("maps") / "events.sqlite")
    fill_store(s, gazetteer, 600, n_docs=12)
    s.add_document(*payload_document(gazetteer))
    return s


@pytest.fixture(scope="module")
def frame(store):
    return store.events_frame(EventFilter())


@pytest.fixture(scope="module")
def departments():
    from geo.boundaries import load_boundaries

    gdf = load_boundaries("department")
    assert gdf is not None and len(gdf) == 25
    return gdf


def node_or_skip() -> str:
    node = shutil.which("node")
    if node is None:
        if IN_CI:
            pytest.fail("node is required in CI (npm installs the web assets)")
        pytest.skip("node not installed")
    return node


def run_map_script(page: str) -> list[tuple[str, str]]:
    """Run the map's inline scripts in node with Leaflet/DOM stubs; return the strings passed in.

    Each string comes as (sink, string): "text" when it was set as textContent or passed to
    createTextNode (shown as text whatever it holds), else "html" (what Leaflet or the page may
    parse as HTML). A popup or tooltip bound as a function is built as Leaflet would on opening.
    A `${...}` that survived would call alert (undefined: ReferenceError), a backslash would be
    a syntax error in the template literal: node exits non-zero and the test fails.
    """
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    harness = """
const captured = [];
let last = "";
const chain = new Proxy(function () {}, {
  get: (t, p) => { if (p === Symbol.toPrimitive) { return () => ""; }
                   last = String(p); return chain; },
  apply: (t, self, args) => {
    const method = last, sink = method === "createTextNode" ? "text" : "html";
    for (const a of args) {
      if (typeof a === "string") { captured.push([sink, a]); }
      else if (typeof a === "function" && a !== chain && /^bind(Popup|Tooltip)$/.test(method)) {
        const out = a(chain);
        if (typeof out === "string") { captured.push(["html", out]); }
      }
    }
    return chain; },
  set: (t, p, v) => { if (typeof v === "string") {
                        captured.push([p === "textContent" ? "text" : "html", v]); }
                      if (typeof v === "function") v(); return true; },
});
globalThis.L = chain; globalThis.document = chain; globalThis.window = chain;
globalThis.setInterval = () => 0;
globalThis.$ = (s) => { captured.push(["html", s]); return [s]; };
%s
process.stdout.write(JSON.stringify(captured));
""" % "\n".join(scripts)  # noqa: UP031 (JS braces)
    out = subprocess.run(
        [node_or_skip(), "-"], input=harness, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    return [tuple(x) for x in json.loads(out.stdout)]


# --- escaping ------------------------------------------------------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_html_js_leaves_no_active_characters(payload):
    out = maps.escape_html_js(payload)
    assert not set(out) & set("<>`$\\{}\"'")
    assert html.unescape(out) == payload


def test_escape_html_js_none_and_numbers():
    assert maps.escape_html_js(None) == ""
    assert maps.escape_html_js(12) == "12"


def test_popup_img_onerror():
    _check_popup_roundtrip("<img src=x onerror=alert(1)>")


def test_popup_template_injection():
    _check_popup_roundtrip("${alert(1)}")


def test_popup_backtick():
    _check_popup_roundtrip("a `quoted` word")


def test_popup_backslash_windows_path():
    _check_popup_roundtrip("C:\\users\\x and \\u0041 \\n")


def test_popup_closing_script_tag():
    _check_popup_roundtrip("</script><script>alert(2)</script>")


def _check_popup_roundtrip(payload: str) -> None:
    """Real folium Popup and Tooltip HTML, executed: the text arrives literally."""
    m = folium.Map(tiles=None)
    text = maps.escape_html_js(payload)
    marker = folium.Marker([-12.0, -77.0])
    folium.Popup(f"<b>{text}</b>").add_to(marker)
    folium.Tooltip(f"<i>{text}</i>").add_to(marker)
    marker.add_to(m)
    page = m.get_root().render()
    assert page.count("</script>") == page.count("<script")  # nothing closed a script early
    captured = [s for _sink, s in run_map_script(page)]
    literal = [s for s in captured if text in s]
    assert len(literal) >= 2, captured
    for s in literal:
        assert payload in html.unescape(re.sub(r"<[^>]+>", "", s))


def test_highlight_parts_find_the_place_and_keep_the_text_as_is():
    text, i, j = maps.highlight_parts("Police in <Cusco> said ${x}", "cusco")
    assert text == "Police in <Cusco> said ${x}"  # plain text: the browser adds it as text
    assert text[i:j] == "Cusco"


def test_highlight_parts_place_missing_marks_nothing():
    text, i, j = maps.highlight_parts("nothing here", "Lima")
    assert text == "nothing here" and i == j


def test_safe_url_rejects_javascript():
    assert maps.safe_url("javascript:alert(1)") is None
    assert maps.safe_url("data:text/html,x") is None
    assert maps.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"


def test_safe_json_cannot_close_script():
    s = maps.safe_json(["</script><!--", "\u2028"])
    assert "</" not in s and "<!--" not in s and "\u2028" not in s
    assert json.loads(s) == ["</script><!--", "\u2028"]


def test_payload_map_runs_and_shows_text_literally(frame, gazetteer, departments):
    payload_rows = frame[frame["title"].str.startswith("Payload")]
    m = maps.build_map(payload_rows, maps.MapView(title="Payload ${x} `t` C:\\users"), gazetteer,
                       departments, departments, asset_url=None)  # fmt: skip
    page = m.get_root().render()
    captured = run_map_script(page)
    as_html = [s for sink, s in captured if sink == "html"]
    as_text = [s for sink, s in captured if sink == "text"]
    joined = html.unescape(re.sub(r"<[^>]+>", "", " ".join(as_html))) + " " + " ".join(as_text)
    assert "Payload ${x} `t` C:\\users" in joined
    shown = [p for p in PAYLOADS if p in joined]
    assert len(shown) >= maps.MAX_SENTENCES
    raw = " ".join(as_html)
    assert not any(p in raw for p in PAYLOADS)  # as HTML only in escaped form
    # The popups put the sentences in as text (textContent, text nodes), never as HTML.
    assert len([p for p in PAYLOADS if any(p in t for t in as_text)]) >= maps.MAX_SENTENCES


# --- classification and aggregation -------------------------------------------------------------
def test_class_breaks_cover_all_counts():
    counts = [1, 2, 2, 3, 5, 8, 13, 21, 34, 55, 89]
    bins = maps.class_breaks(counts)
    assert len(bins) == 5
    assert bins[0].lo == 1 and bins[-1].hi == 89
    for a, b in itertools.pairwise(bins):
        assert b.lo == a.hi + 1
    for c in counts:
        assert maps.color_for(c, bins) in maps.PALETTE


def test_class_breaks_few_values_one_class_each():
    bins = maps.class_breaks([4, 4, 9])
    assert [(b.lo, b.hi) for b in bins] == [(1, 4), (5, 9)]
    assert bins[-1].color == maps.PALETTE[-1]


def test_class_breaks_empty():
    assert maps.class_breaks([]) == []
    assert maps.color_for(0, []) == maps.NO_DATA_COLOR


def test_unit_counts_match_store_counts(store, frame, gazetteer):
    """Mentions: one per sentence and unit; documents: distinct documents per unit."""
    for level in ("department", "province", "district"):
        f = frame.assign(k=maps.unit_key(frame["ubigeo"], level)).dropna(subset=["k"])
        mine = maps.unit_counts(frame, level, gazetteer).set_index("ubigeo")["count"]
        sentences = f.drop_duplicates(["doc_id", "sentence", "k"])["k"].value_counts()
        assert mine.sort_index().to_dict() == sentences.sort_index().to_dict()
        docs = maps.unit_counts(frame, level, gazetteer, "documents").set_index("ubigeo")["count"]
        assert docs.to_dict() == f.groupby("k")["doc_id"].nunique().to_dict()
        theirs = store.counts(EventFilter(), level).set_index("ubigeo")["count"]
        assert set(mine.index) == set(theirs.index) and (mine <= theirs[mine.index]).all()


def test_same_sentence_twice_counts_once(gazetteer):
    """Two mentions of one unit in one sentence are one mention; another sentence is another."""
    rows = pd.DataFrame(
        {
            "event_id": [1, 2, 3, 4],
            "doc_id": [1, 1, 1, 2],
            "ubigeo": ["080101", "0801", "080101", "080101"],
            "sentence": ["Cusco y Cusco.", "Cusco y Cusco.", "Otra en Cusco.", "Cusco y Cusco."],
            "surface": ["Cusco"] * 4,
            "date_start": pd.to_datetime(["2024-01-01"] * 4),
            "lat": [-13.5] * 4,
            "lon": [-72.0] * 4,
            "role": ["body"] * 4,
        }
    )
    units = maps.unit_counts(rows, "department", gazetteer).set_index("ubigeo")
    assert units.at["08", "count"] == 3 and units.at["08", "docs"] == 2
    assert maps.unit_counts(rows, "department", gazetteer, "documents")["count"].tolist() == [2]
    texts = [s[1] for s in units.at["08", "popup"][3]]
    assert sorted(texts) == ["Cusco y Cusco.", "Otra en Cusco."]  # no sentence listed twice
    assert units.at["08", "popup"][4] == 0  # both distinct sentences are in the popup: no "more"


def test_headline_and_dateline_are_not_counted(gazetteer):
    rows = pd.DataFrame(
        {
            "event_id": [1, 2, 3],
            "doc_id": [1, 1, 1],
            "ubigeo": ["2111", "2111", "2111"],
            "sentence": [
                "Paro en Juliaca",
                "Juliaca, 12 de marzo de 2024.",
                "Marcharon en Juliaca.",
            ],
            "surface": ["Juliaca"] * 3,
            "date_start": pd.to_datetime(["2024-03-12"] * 3),
            "lat": [-15.5] * 3,
            "lon": [-70.1] * 3,
            "role": ["headline", "dateline", "body"],
        }
    )
    units = maps.unit_counts(rows, "province", gazetteer)
    assert units["count"].tolist() == [1]
    assert "Paro en Juliaca" not in popup_text(units.at[0, "popup"])


def test_unit_counts_popup_has_sentences_and_links(frame, gazetteer):
    units = maps.unit_counts(frame, "department", gazetteer).set_index("ubigeo")
    name, line, _casualties, sentences, more = units.at["08", "popup"]
    assert name == "Cusco" and line.endswith("documents") and more > 0
    assert len(sentences) == maps.MAX_SENTENCES
    for _types, text, i, j, _day, (_title, href), _reports in sentences:
        assert text[i:j] and text[i:j] in text  # the place (a district of Cusco) is marked
        assert href.startswith("https://example.org/")


def test_unit_counts_empty_frame(frame):
    assert maps.unit_counts(frame.iloc[0:0], "district").empty


def test_place_points_limit(frame, gazetteer):
    pts = maps.place_points(frame, gazetteer, limit=7)
    assert len(pts) == 7
    assert pts["count"].is_monotonic_decreasing


def test_choropleth_geometry_cached_and_names_escaped(departments, gazetteer, frame):
    gj = maps.geometry_json(departments)
    assert maps.geometry_json(departments) is gj  # built once per boundary layer
    data = json.loads(gj)
    assert len(data["features"]) == 25
    assert {f["properties"]["ubigeo"] for f in data["features"]} == set(departments["ubigeo"])
    units = maps.unit_counts(frame, "department", gazetteer)
    layer = maps.ChoroplethLayer(departments, units, maps.class_breaks(units["count"]), "x")
    props = json.loads(layer.props_json)
    assert props["08"][0] == int(units.set_index("ubigeo").at["08", "count"])
    assert props["08"][1] in maps.PALETTE


def test_choropleth_cache_is_not_in_frame_attrs(departments):
    maps.geometry_json(departments)
    assert departments.attrs == {}  # pandas deep-copies attrs on every column access


def test_point_layer_respects_show(frame, gazetteer):
    pts = maps.place_points(frame, gazetteer, limit=5)
    m = folium.Map(tiles=None)
    maps.PointLayer(pts, [], name="p", show=False).add_to(m)
    hidden = m.get_root().render()
    m2 = folium.Map(tiles=None)
    maps.PointLayer(pts, [], name="p").add_to(m2)
    assert ".addTo(map_" not in hidden.split("L.featureGroup()")[1]
    assert ".addTo(map_" in m2.get_root().render().split("L.featureGroup()")[1]


def test_place_dots_carry_no_count(frame, gazetteer):
    """One count on the map: the choropleth's. Place dots are alike and numberless."""
    pts = maps.place_points(frame, gazetteer, limit=50)
    assert not pts.empty
    for popup in pts["popup"]:
        assert popup[1] == "place" and popup[4] == 0
        assert not re.search(r"\d+ (events?|mentions?)", popup_text(popup))
    layer = maps.PointLayer(pts, [], name="Places")
    assert "setStyle" not in layer._template.module.script(layer, {})  # no per-count size


def test_count_labels_equal_legend_classes(frame, gazetteer, departments):
    units = maps.unit_counts(frame, "department", gazetteer)
    rows = maps.count_label_rows(units, departments)
    bins = maps.class_breaks(units["count"])
    labels = [int(r[2].replace(",", "")) for r in rows]
    assert sorted(labels) == sorted(units["count"].tolist())
    assert max(labels) == bins[-1].hi  # the darkest class ends at the biggest label
    assert labels == sorted(labels, reverse=True)  # biggest placed first


# --- assets ------------------------------------------------------------------------------------
def test_map_uses_only_local_assets(frame, gazetteer, departments):
    m = maps.build_map(frame, maps.MapView(), gazetteer, departments, departments)
    urls = maps.asset_urls(m)
    assert urls and all(u.startswith("/app/static/vendor/") for u in urls)
    page = m.get_root().render()
    assert not re.findall(r'(?:src|href)="https?://', page)
    assert "leaflet.js" in page and "leaflet.markercluster.js" not in page  # no clusters
    assert "$(" not in page  # jQuery is not loaded, so nothing may use it


def test_static_polygons_and_names_leave_the_rerun_payload(frame, gazetteer, departments, tmp_path):
    from streamlit_folium import _get_map_string

    names = maps.name_label_rows(gazetteer, departments)
    inline = maps.build_map(frame, maps.MapView(), gazetteer, departments, departments, names=names)
    m = maps.build_map(frame, maps.MapView(), gazetteer, departments, departments, names=names,
                       static_dir=tmp_path)  # fmt: skip
    files = sorted((tmp_path / maps.GENERATED).glob("pem-*.js"))
    assert len(files) == 2  # one polygon file (base and count layer share it), one of names
    urls = [u for u in maps.asset_urls(m) if f"/{maps.GENERATED}/" in u]
    assert sorted(u.rsplit("/", 1)[-1] for u in urls) == [f.name for f in files]
    assert all(u.startswith("/app/static/generated/") for u in urls)
    script, inline_script = _get_map_string(m), _get_map_string(inline)
    geometry = maps.geometry_json(departments)
    assert geometry in inline_script and geometry not in script
    assert "window.PEM_DATA[" in script
    assert len(script) < len(inline_script) - len(geometry)
    body = next(f for f in files if _generated_json(f) == geometry)
    assert body.read_text(encoding="utf-8").startswith("window.PEM_DATA = window.PEM_DATA || {};")
    names_file = _generated_json(next(f for f in files if f != body))
    assert "AMAZONAS" in names_file.upper() and '"d"' in names_file  # the department names


def _generated_json(path) -> str:
    """The JSON text a static/generated/ file hands to JSON.parse (one string literal)."""
    import json

    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(" = JSON.parse(")
    assert head.startswith("window.PEM_DATA = window.PEM_DATA || {};\nwindow.PEM_DATA[")
    literal, _, tail = rest.rpartition(");")
    assert tail == "\n"
    return json.loads(literal)


def test_static_data_is_one_json_parse_of_the_exact_text(tmp_path):
    # Parsed by JSON.parse (faster than an object literal), the data comes back unchanged,
    # script-unsafe characters included; the name follows the text, so a change is a new file.
    text = maps.safe_json({"n": 'Ñaña </script> \u2028 "q" \\ ', "c": [[-77.7642, -6.2691]]})
    url, expr = maps.static_data(text, tmp_path)
    path = tmp_path / maps.GENERATED / url.rsplit("/", 1)[-1]
    assert _generated_json(path) == text
    assert expr in path.read_text(encoding="utf-8")
    assert "</script" not in path.read_text(encoding="utf-8")
    other, _ = maps.static_data(maps.safe_json({"n": "x"}), tmp_path)
    assert other != url


def test_static_data_falls_back_to_inline_when_it_cannot_write(frame, gazetteer, departments,
                                                                tmp_path):  # fmt: skip
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")  # static/generated cannot be made under a file
    assert maps.static_data("{}", blocked) is None
    m = maps.build_map(frame, maps.MapView(), gazetteer, departments, departments,
                       static_dir=blocked)  # fmt: skip
    assert maps.geometry_json(departments) in m.get_root().render()
    assert all("/generated/" not in u for u in maps.asset_urls(m))


def test_vendor_files_named_by_the_install_script():
    script = Path(__file__).resolve().parents[1] / "scripts" / "install_web_assets.sh"
    text = script.read_text(encoding="utf-8")
    for rel in maps.VENDOR_FILES.values():
        assert Path(rel).name in text


def test_standalone_html_inlines_leaflet(frame, gazetteer, departments, tmp_path):
    vendor = tmp_path / "vendor"
    for rel in maps.VENDOR_FILES.values():
        (vendor / rel).parent.mkdir(parents=True, exist_ok=True)
        (vendor / rel).write_text(f"/* {rel} */ var x = '</script>';", encoding="utf-8")
    m = maps.build_map(
        frame, maps.MapView(sync_url=False), gazetteer, departments, departments, None
    )
    page = maps.standalone_html(m, vendor)
    assert "/* leaflet/leaflet.js */" in page
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)
    assert "<\\/script>" in page  # inlined code cannot close its own tag


def test_standalone_html_without_vendor_says_cdn(frame, gazetteer, tmp_path):
    m = maps.build_map(frame.head(5), maps.MapView(sync_url=False), gazetteer, None, None, None)
    page = maps.standalone_html(m, tmp_path / "missing")
    assert "needs internet" in page and "unpkg.com/leaflet@" in page


def test_points_mode_without_boundaries(frame, gazetteer):
    m = maps.build_map(frame, maps.MapView(level="district"), gazetteer, None, None)
    page = m.get_root().render()
    assert "Mentions per district (points)" in page
    assert "markerClusterGroup" not in page


def test_tiles_url_is_a_base_layer_choice(frame, gazetteer, departments):
    view = maps.MapView(tiles_url="http://localhost:9/{z}/{x}/{y}.png")
    page = maps.build_map(frame, view, gazetteer, departments, departments).get_root().render()
    assert "http://localhost:9/{z}/{x}/{y}.png" in page and "Street map" in page


# --- snapshots -----------------------------------------------------------------------------------
def test_png_snapshot_is_a_png(frame, gazetteer, departments):
    cap = snapshot.caption_for(frame, "Title", "2021-01-01 to 2025-12-31", "level department")
    png = snapshot.render_png(frame, "department", cap, departments, departments, gazetteer, dpi=50)
    assert png.startswith(snapshot.PNG_MAGIC) and len(png) > 5_000


def test_png_snapshot_points_and_empty(frame, gazetteer, departments):
    cap = snapshot.caption_for(frame.iloc[0:0], "Nothing", "-", "-")
    png = snapshot.render_png(
        frame.iloc[0:0], "district", cap, None, departments, gazetteer, dpi=40
    )
    assert png.startswith(snapshot.PNG_MAGIC)


def test_caption_counts_documents(frame):
    cap = snapshot.caption_for(frame, "t", "w", "f")
    assert cap.n_events == len(frame) and cap.n_documents == frame["doc_id"].nunique()
    assert f"{len(frame):,} place mentions" in cap.footer() and "one per sentence" in cap.footer()


def test_export_rows_equal_frame(frame):
    import geopandas as gpd

    csv = snapshot.export_table(frame, "csv")
    assert len(pd.read_csv(__import__("io").BytesIO(csv))) == len(frame)
    gj = gpd.read_file(__import__("io").BytesIO(snapshot.export_table(frame, "geojson")))
    assert len(gj) == len(frame)


# --- time windows ------------------------------------------------------------------------------
SPAN = (date(2021, 1, 1), date(2021, 12, 31))


def test_preset_ends_at_latest_event():
    assert timeline.preset_window("7 days", SPAN) == (date(2021, 12, 25), date(2021, 12, 31))
    assert timeline.preset_window("All", SPAN) == SPAN


def test_step_window_keeps_width_and_stops():
    win = (date(2021, 1, 1), date(2021, 1, 31))
    steps = [win]
    while (nxt := timeline.step_window(steps[-1], SPAN, 30)) is not None:
        steps.append(nxt)
    assert steps[-1][1] == SPAN[1]
    assert all((b - a) == timedelta(days=30) for a, b in steps)
    assert len(steps) - 1 == timeline.n_steps(win, SPAN, 30)


def test_play_start_rewinds_at_end():
    assert timeline.play_start((date(2021, 12, 1), SPAN[1]), SPAN) == (
        SPAN[0],
        SPAN[0] + timedelta(days=30),
    )


def test_play_start_full_span_uses_one_step_window():
    assert timeline.play_start(SPAN, SPAN, 7) == (SPAN[0], SPAN[0] + timedelta(days=6))


def test_play_start_keeps_a_window_with_room():
    win = (date(2021, 3, 1), date(2021, 3, 31))
    assert timeline.play_start(win, SPAN, 7) == win


def test_clamp_window_inverted_is_span():
    assert timeline.clamp_window((date(2022, 1, 1), date(2022, 2, 1)), SPAN) == SPAN


def test_pick_freq():
    assert timeline.pick_freq((date(2021, 1, 1), date(2021, 2, 1))) == "day"
    assert timeline.pick_freq((date(2021, 1, 1), date(2022, 2, 1))) == "week"
    assert timeline.pick_freq((date(2015, 1, 1), date(2022, 2, 1))) == "month"


def test_histogram_svg_bars_and_window():
    import xml.etree.ElementTree as ET

    hist = pd.DataFrame({"period_start": pd.to_datetime(["2021-01-01", "2021-02-01",
                         "2021-03-01", "2021-04-01"]), "count": [3, 0, 5, 1]})  # fmt: skip
    svg = timeline.histogram_svg(hist, (date(2021, 2, 15), date(2021, 3, 10)), "month")
    root = ET.fromstring(svg)
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert len(rects) == 3  # empty months draw no bar
    fills = [r.get("fill") for r in rects]
    assert fills == [timeline.HIST_OUT, timeline.HIST_IN, timeline.HIST_OUT]
    assert rects[1].find("{http://www.w3.org/2000/svg}title").text == "2021-03: 5 events"


def test_histogram_svg_empty():
    assert (
        timeline.histogram_svg(pd.DataFrame({"period_start": [], "count": []}), SPAN, "day") == ""
    )


# --- URL state ---------------------------------------------------------------------------------
def test_query_roundtrip():
    st = viewstate.ViewState(date(2022, 1, 1), date(2022, 3, 1), "province", ("08",),
                             ("0801",), (), "protesta", 0.5, -13.5, -72.0, 7)  # fmt: skip
    assert viewstate.from_query(viewstate.to_query(st)) == st


def test_query_garbage_ignored():
    st = viewstate.from_query({"from": "yesterday", "level": "planet", "dep": "08,xx,1234",
                               "conf": "7", "zoom": "nan", "lat": "1e9"})  # fmt: skip
    assert st == viewstate.ViewState(departments=("08",))


def test_selection_prefixes_finest_wins():
    assert viewstate.selection_prefixes(["08", "15"], ["0801"], []) == ("0801", "15")
    assert viewstate.selection_prefixes(["08"], ["0801"], ["080101"]) == ("080101",)


def test_overlapping_period_counts(store, frame, gazetteer):
    lo, hi = date(2022, 3, 1), date(2022, 3, 31)
    mine = timeline.in_window(frame, lo, hi)
    theirs = store.events_frame(EventFilter(date_from=lo, date_to=hi))
    assert sorted(mine["event_id"]) == sorted(theirs["event_id"])


def test_long_period_overlaps_window(gazetteer):
    ev = make_event(gazetteer.units["15"], date(2021, 1, 1), days=60)
    df = pd.DataFrame([{**ev.to_dict(), "event_id": 1, "doc_id": 1}])
    for c in ("date_start", "date_end"):
        df[c] = pd.to_datetime(df[c])
    assert len(timeline.in_window(df, date(2021, 2, 1), date(2021, 2, 10))) == 1
    assert len(timeline.in_window(df, date(2021, 3, 3), date(2021, 3, 10))) == 0


# --- demo ingestion ----------------------------------------------------------------------------
def test_demo_ingested_once(tmp_path):
    from geo.demo import MARKER_NAME, demo_files, ensure_demo
    from geo.store import Store

    s = Store.open(tmp_path / "events.sqlite")
    first = ensure_demo(s, tmp_path)
    assert first is not None and first.added == len(demo_files()) >= 20 and not first.failed
    assert (tmp_path / MARKER_NAME).exists()
    stats = s.stats()
    assert ensure_demo(s, tmp_path) is None  # second start: nothing to do
    assert s.stats() == stats


def test_demo_skipped_when_store_has_documents(tmp_path, gazetteer):
    from geo.demo import ensure_demo
    from geo.store import Store

    s = Store.open(tmp_path / "events.sqlite")
    s.add_document(*payload_document(gazetteer))
    assert ensure_demo(s, tmp_path) is None
    assert s.stats()["documents"] == 1


def test_demo_failure_leaves_no_marker(tmp_path):
    from geo.demo import MARKER_NAME, ensure_demo
    from geo.store import Store

    def broken(text, **kw):
        raise RuntimeError("extractor down")

    s = Store.open(tmp_path / "events.sqlite")
    summary = ensure_demo(s, tmp_path, extract=broken)
    assert summary.failed and not (tmp_path / MARKER_NAME).exists()


def test_selection_bounds_frames_the_picked_units(gazetteer, departments):
    (s, w), (n, e) = maps.selection_bounds(["08"], gazetteer, departments)
    cusco = gazetteer.units["08"]
    assert s < cusco.lat < n and w < cusco.lon < e and (n - s) < 6
    assert maps.selection_bounds([], gazetteer, departments) is None
    (s2, w2), (n2, e2) = maps.selection_bounds(["150101"], gazetteer)
    assert n2 - s2 < 0.5 and e2 - w2 < 0.5


def test_unit_points_are_not_clustered(frame, gazetteer):
    page = maps.build_map(frame, maps.MapView(level="district"), gazetteer).get_root().render()
    assert "Mentions per district (points)" in page
    assert "L.featureGroup()" in page  # the per-district aggregates
    assert "iconCreateFunction" not in page  # places are plain dots, no second count


def test_one_month_play_step_is_a_calendar_month():
    span = (date(2024, 1, 1), date(2024, 12, 31))
    first = timeline.play_start(span, span, 30, months=1)
    assert first == (date(2024, 1, 1), date(2024, 1, 31))
    feb = timeline.step_window(first, span, 30, months=1)
    assert feb == (date(2024, 2, 1), date(2024, 2, 29))  # not 30 days later
    mar = timeline.step_window(feb, span, 30, months=1)
    assert mar == (date(2024, 3, 1), date(2024, 3, 31))
    assert timeline.n_steps(first, span, 30, months=1) == 11


def test_add_months_keeps_month_ends():
    assert timeline.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert timeline.add_months(date(2024, 2, 29), 1) == date(2024, 3, 31)
    assert timeline.add_months(date(2024, 1, 15), 12) == date(2025, 1, 15)


def test_bulk_window_skips_stray_old_events():
    starts = pd.Series(
        pd.to_datetime(["2011-01-01"] + [f"2024-{m:02d}-01" for m in range(1, 13)] * 10)
    )
    span = (date(2011, 1, 1), date(2024, 12, 1))
    assert timeline.bulk_window(starts, span) == (date(2024, 1, 1), date(2024, 12, 1))
    assert timeline.bulk_window(starts.iloc[0:0], span) == span
