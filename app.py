"""Peru Event Map dashboard: `streamlit run app.py` (UI only; the work happens in geo/)."""

from __future__ import annotations

import functools
import html
import secrets
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import NoReturn

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import maps, snapshot, timeline, viewstate
from geo.clusters import casualty_totals
from geo.model import LEVELS, EventFilter
from geo.settings import SettingsError, load_settings
from geo.store import StoreError
from geo.textnorm import fold

UPLOAD_TYPES = ["txt", "md", "html", "htm", "pdf", "csv", "jsonl"]
DOC_LIST = 50  # documents listed in the sidebar (the CLI removes any)
TABLE_ROWS = 1000  # rows sent to the table; the count and the exports cover all rows
PLAY_DELAY_S = 0.7
MAP_HEIGHT = 560

st.set_page_config(page_title="Peru Event Map", layout="wide")
st.markdown(
    "<style>.block-container{padding-top:1.2rem;padding-bottom:1rem}"
    "section[data-testid=stSidebar] .block-container{padding-top:1rem}"
    # On a phone the map comes right after the title (the controls follow it).
    "@media (max-width:640px){div:has(>.st-key-pem_title){order:-2;padding-top:1.6rem}"
    "div:has(>.st-key-pem_map){order:-1}}"
    ".st-key-pem_show_table{display:none}</style>",
    unsafe_allow_html=True,
)
st.container(key="pem_title").markdown(
    "<h2 style='margin-bottom:0'>Peru Event Map</h2>"
    "<div style='color:#666;margin-bottom:.6rem'>Events in news about Peru, placed on INEI "
    "departments, provinces and districts. Click a region for the sentences behind it.</div>",
    unsafe_allow_html=True,
)
alert_box = st.empty()  # where a store failure is said, under the title, whatever ran before


# --- cached resources (one per server process) ---------------------------------------------------
@st.cache_resource(show_spinner=False)
def get_settings():
    """The settings (env PEM_* and PEM_CONFIG) read once per process."""
    return load_settings()


@st.cache_resource(show_spinner="Loading the gazetteer…")
def get_gazetteer():
    """INEI units and names, shared by every session."""
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


@st.cache_resource(show_spinner="Opening the event store (the first start adds the demo)…")
def get_store(db_path: str, data_dir: str):
    """The event store, with the demo documents ingested into it on first start."""
    from geo.demo import ensure_demo
    from geo.store import open_store

    store = open_store(db_path)
    ensure_demo(store, Path(data_dir))
    return store


@st.cache_resource(show_spinner=False, max_entries=6)
def base_frame(
    db_path: str,
    data_dir: str,
    version: tuple,
    ubigeos: tuple,
    text: str | None,
    conf: float,
    types: tuple = (),
):
    """Events matching the place/text/confidence/type filters, all dates (read-only, shared).

    The date window is applied in memory so that moving the slider does not query SQLite.
    Event clusters are brought up to date first, so every row knows its distinct event.
    """
    flt = EventFilter(
        ubigeos=ubigeos, text=text, min_confidence=conf, text_scope="document", types=types
    )
    store = get_store(db_path, data_dir)
    store.ensure_clusters()
    return store.events_frame(flt)


@st.cache_data(show_spinner=False, max_entries=16)
def type_hist(db_path: str, data_dir: str, version: tuple, ubigeos: tuple, text: str | None,
              conf: float, types: tuple, freq: str, measure: str) -> pd.DataFrame:  # fmt: skip
    """Counts per period split by event type over the whole span (moving the window reuses it)."""
    frame = base_frame(db_path, data_dir, version, ubigeos, text, conf, types)
    return timeline.type_histogram(frame, freq, list(taxonomy().ids), measure)


@st.cache_resource(show_spinner=False)
def taxonomy():
    """The event types (data/event_types.csv and the term lists), loaded once."""
    from geo.events import default_taxonomy

    return default_taxonomy()


def load_layer(level: str, data_dir: str):
    """Polygons of a level (the user's, else the shipped ones), or None (drawn as points).

    One object per file version and process: the map caches each layer's GeoJSON on the layer
    object, and load_boundaries hands out a fresh copy on every call.
    """
    from geo.boundaries import EMBEDDED, layer_path

    stamp = store.boundaries_stamp(level)  # a PostGIS store keeps the user's polygons itself
    if stamp is None:
        user = layer_path(level, Path(data_dir))
        path = user if user.is_file() else EMBEDDED[level]
        try:
            st_ = path.stat()
            stamp = (str(path), st_.st_mtime_ns, st_.st_size)
        except OSError:
            stamp = (str(path), 0, 0)
    return _layer(level, data_dir, stamp)


@st.cache_resource(show_spinner=False, max_entries=12)
def _layer(level: str, data_dir: str, stamp: tuple):
    """load_boundaries once per level, folder and version (stamp: file or store version)."""
    from geo.boundaries import load_boundaries

    return guarded(load_boundaries, level, Path(data_dir), store.raw)


@st.cache_resource(show_spinner=False)
def base_names(data_dir: str, stamps: tuple = ()) -> list[tuple]:
    """Label rows of the offline base map (departments, provinces, district capitals).

    stamps: the store's boundary stamps (PostGIS), so new polygons in the store move labels.
    """
    from geo.labels import district_capitals

    return maps.name_label_rows(
        get_gazetteer(),
        load_layer("department", data_dir),
        load_layer("province", data_dir),
        district_capitals(),
    )


@st.cache_resource(show_spinner=False, max_entries=24)
def map_tables(_frame: pd.DataFrame, level: str, measure: str, key: tuple, _flt: EventFilter):
    """The map's per-unit counts with popups and its place dots, for one window of one filter.

    key (data version, filters, window) stands for _frame and _flt, which are not hashed: a
    new visitor on the default view, or a window the slider comes back to, reuses them
    (read-only). The counts are the store's (in SQL); the frame gives the popups' sentences.
    """
    counts = store.unit_summary(_flt, level, measure)
    return maps.unit_counts(_frame, level, get_gazetteer(), measure, counts), maps.place_points(
        _frame, get_gazetteer()
    )


@st.cache_resource(show_spinner=False, max_entries=24)
def window_frame(_everything: pd.DataFrame, key: tuple) -> pd.DataFrame:
    """The rows of one window of one filter (key as map_tables, its last item the window).

    Shared read-only: a new visitor on the default view (or a window the slider comes back to)
    skips the in-memory filter of every stored event (~0.1 s at 100,000 events).
    """
    return timeline.in_window(_everything, key[-1][0], key[-1][1])


@st.cache_resource(show_spinner=False, max_entries=24)
def window_totals(_frame: pd.DataFrame, key: tuple) -> tuple[int, int]:
    """Fatalities and injured of one window of one filter (key as map_tables; read-only)."""
    return casualty_totals(_frame)


@st.cache_resource(show_spinner=False, max_entries=24)
def table_rows(_frame: pd.DataFrame, key: tuple, unit: str | None, _tax) -> tuple:
    """The table of one window of one filter: (mentions listed, the TABLE_ROWS most recent).

    key as map_tables, unit the region a click on the map filtered the table to, _tax the
    taxonomy (its labels). Shared read-only by every session showing that window.
    """
    listed = _frame
    if unit and len(_frame):
        listed = _frame[_frame["ubigeo"].astype("string").str.startswith(unit)]
    if not len(listed):
        return 0, pd.DataFrame()
    shown = listed.sort_values(["date_start", "event_id"], ascending=False).head(TABLE_ROWS)
    table = pd.DataFrame(
        {
            "date": timeline.day_strings(shown["date_start"]),
            "until": timeline.day_strings(shown["date_end"]),
            "place": shown["surface"],
            "event types": shown["event_types"].map(
                lambda v: ", ".join(_tax.label(t) for t in str(v).split(",") if t)
            ),
            "killed": shown["fatalities"].astype("Int64").astype("string").fillna(""),
            "injured": shown["injured"].astype("Int64").astype("string").fillna(""),
            "role": shown["role"] if "role" in shown.columns else "body",
            "ubigeo": shown["ubigeo"],
            "department": shown["department"],
            "province": shown["province"],
            "district": shown["district"],
            "sentence": shown["sentence"],
            "confidence": shown["confidence"],
            "document": shown["title"],
            "link": shown["url"].where(shown["url"].astype("string").str.match(r"(?i)^https?://")),
        }
    )
    for col in ("place", "role", "department", "province", "district", "sentence", "document"):
        table[col] = table[col].astype("string").fillna("")  # blank cells, not "None"
    return len(listed), table


def fixed_bins(frame, start, span, step_days, level, measure) -> tuple:
    """Colour classes over every frame Play will show, so that the frames compare."""
    values = []
    w = tuple(start)
    while w is not None:
        values += maps.measure_counts(timeline.in_window(frame, *w), level, measure).tolist()
        w = timeline.step_window(w, span, step_days, timeline.STEP_MONTHS.get(ss.play_step, 0))
    return tuple(maps.class_breaks(values))


def boundary_source(level: str, data_dir: Path) -> str:
    """'user', 'shipped' or 'none' for a level's polygons."""
    from geo.boundaries import boundary_source as source

    return guarded(source, level, data_dir, store.raw)


# --- state: query params and widgets ----------------------------------------------------------
try:
    settings = get_settings()
except SettingsError as _exc:
    st.error(f"**The settings cannot be used.** {_exc}", icon="🛑")
    st.stop()
gaz = get_gazetteer()
DB = settings.db_url.strip() or str(settings.db_path)  # a file path or a postgresql:// URL
DATA_DIR = str(settings.data_dir)
ss = st.session_state


def store_failed(exc: Exception) -> NoReturn:
    """A readable error box instead of a traceback when the store cannot be used; stops the run."""
    from geo.store import StoreDamaged

    what = (
        "Run `python -m geo check` to see what is damaged, then restore a backup "
        "(`python -m geo backup PATH` makes them) or ingest your documents into a new store "
        "(set `PEM_DB_NAME` or `PEM_DATA_DIR`)."
        if isinstance(exc, StoreDamaged)
        else "Check the store's folder and disk, then reload the page."
    )
    alert_box.error(f"**The event store cannot be used.** {exc}\n\n{what}", icon="🛑")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def as_store_error(exc: sqlite3.Error) -> StoreError:
    """The StoreError a sqlite3 error raised by a store read stands for (damaged, I/O, ...)."""
    from geo.store import store_error

    return store_error(DB, exc) or StoreError(f"cannot read the store at {DB}: {exc}")


def guarded(fn, *args, **kwargs):
    """fn(*args, **kwargs), a store read: any failure of the store becomes the error box.

    Every read in this script goes through here (directly or through GuardedStore), so damage
    that only a later query meets (a search, the document list, a rerun) reads the same way as
    damage found on opening. Bugs (sqlite3.ProgrammingError) still raise.
    """
    try:
        return fn(*args, **kwargs)
    except StoreError as exc:
        store_failed(exc)
    except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise
    except sqlite3.Error as exc:
        store_failed(as_store_error(exc))


class GuardedStore:
    """The shared Store with each method call run through guarded() (`raw` is the Store)."""

    def __init__(self, raw) -> None:
        self.raw = raw

    def __getattr__(self, name: str):
        attr = getattr(self.raw, name)
        if not callable(attr):
            return attr
        return functools.partial(guarded, attr)


store = GuardedStore(guarded(get_store, DB, DATA_DIR))
store.stats()  # reads the tables: a damaged file fails here, with a message, not later
_first_span = store.date_span()


def data_version() -> tuple:
    """Changes whenever documents are added or removed (also by the CLI), keying the caches."""
    s = store.stats()
    return (s["documents"], s["events"])


@st.cache_resource(show_spinner=False)
def unit_labels() -> dict[str, str]:
    """Picker labels with an unaccented form, so typing "junin" finds "Junín"."""
    out = {}
    for code, u in get_gazetteer().units.items():
        label = u.name if u.level == "department" else f"{u.name}, {u.department}"
        if u.level == "district" and u.province and u.province != u.name:
            label = f"{u.name}, {u.province} ({u.department})"
        plain = fold(label)
        out[code] = label if plain == label.lower() else f"{label} · {plain}"
    return out


def unit_label(code: str) -> str:
    """The picker label of a unit code."""
    return unit_labels().get(code, code)


span = _first_span or (date.today() - timedelta(days=365), date.today())
if span[0] == span[1]:
    span = (span[0] - timedelta(days=1), span[1])

if "pem_init" not in ss:
    qs = viewstate.from_query(st.query_params.to_dict())
    ss.pem_init = True
    ss.level = qs.level
    ss.deps = [c for c in qs.departments if c in gaz.units]
    ss.provs = [c for c in qs.provinces if c in gaz.units]
    ss.dists = [c for c in qs.districts if c in gaz.units]
    ss.q = qs.text
    ss.conf = float(qs.min_confidence)
    ss.measure = qs.measure
    ss.types = [t for t in qs.types if t in taxonomy().ids]
    if qs.date_from or qs.date_to:
        ss.win = timeline.clamp_window((qs.date_from or span[0], qs.date_to or span[1]), span)
    else:  # where the bulk of the events is (99% start after it); "All" is one click away
        all_events = guarded(base_frame, DB, DATA_DIR, data_version(), (), None, 0.0)
        ss.win = timeline.bulk_window(all_events["date_start"], span)
    ss.playing = False
    ss.play_step = "1 month"
    # The map view of the link, used once: afterwards the browser keeps the view (see MapView).
    has_view = None not in (qs.lat, qs.lon, qs.zoom)
    ss.init_view = (qs.lat, qs.lon, qs.zoom) if has_view else None
    ss.view_tag = secrets.token_hex(8)
    ss.fit_seq = 0

ss.win = timeline.clamp_window(tuple(ss.win), span)


def _on_slider() -> None:
    ss.win = tuple(ss.win_slider)
    ss.playing = False


def _on_picker() -> None:
    v = ss.win_picker
    if isinstance(v, (tuple, list)) and len(v) == 2:
        ss.win = timeline.clamp_window((v[0], v[1]), span)
        ss.playing = False


def _on_preset() -> None:
    if ss.get("preset"):
        ss.win = timeline.preset_window(ss.preset, span)
        ss.playing = False
    ss.preset = None


def _on_play() -> None:
    # A toggle, not a button: its value sticks, so a pause cannot be lost to the play loop's rerun.
    ss.playing = bool(ss.play_toggle)
    if not ss.playing and ss.get("shown_win"):
        ss.win = tuple(ss.shown_win)  # pause on the frame the user saw, not the next one
    if ss.playing:
        ss.win = timeline.play_start(
            tuple(ss.win),
            span,
            timeline.STEPS.get(ss.play_step, 30),
            timeline.STEP_MONTHS.get(ss.play_step, 0),
        )
        ss.play_from = tuple(ss.win)


# --- layout: containers in page order, filled in priority order so the map arrives first ----------
controls_box = st.container()
metrics_box = st.container()
map_box = st.container(key="pem_map")

# Place pickers: drop choices that no longer fit their parents (before they are used).
dep_opts = [u.ubigeo for u in gaz.departments()]
ss.deps = [c for c in ss.deps if c in dep_opts]
prov_opts = [p.ubigeo for d in (ss.deps or dep_opts) for p in gaz.children(d)]
ss.provs = [c for c in ss.provs if c in prov_opts]
dist_opts = [x.ubigeo for p in (ss.provs or prov_opts) for x in gaz.children(p)]
ss.dists = [c for c in ss.dists if c in dist_opts]

# --- data for this run ---------------------------------------------------------------------------
level = ss.level
prefixes = viewstate.selection_prefixes(ss.deps, ss.provs, ss.dists)
text = ss.q.strip() or None
conf = float(ss.conf)
version = data_version()

# Play: the window moves one step per rerun (driven from Python, so its state is known here).
step_days = timeline.STEPS.get(ss.play_step, 30)
step_months = timeline.STEP_MONTHS.get(ss.play_step, 0)  # "1 month" is a calendar month

win = tuple(ss.win)
state = viewstate.ViewState(
    date_from=win[0],
    date_to=win[1],
    level=level,
    departments=tuple(ss.deps),
    provinces=tuple(ss.provs),
    districts=tuple(ss.dists),
    text=ss.q.strip(),
    min_confidence=conf,
    measure=ss.measure,
    types=tuple(ss.types),
)
flt = viewstate.to_filter(state)
ss.pem_filter = flt  # what the exports and the tests use

types = tuple(t for t in taxonomy().ids if t in ss.types)  # taxonomy order: one cache key
type_labels = [taxonomy().label(t) for t in types]
everything = guarded(base_frame, DB, DATA_DIR, version, prefixes, text, conf, types)
# Every other read of this run, done before anything is drawn: damage a later query would meet
# shows as the error box on an empty page, not under a half-drawn one.
stats = store.stats()
doc_rows = store.documents_frame(limit=DOC_LIST)
window_key = (version, prefixes, text, conf, types, win)  # stands for frame in the caches
frame = window_frame(everything, window_key)
n_undated = int(everything["date_start"].isna().sum()) if len(everything) else 0
n_events = len(frame)
n_docs = int(frame["doc_id"].nunique()) if n_events else 0
boundaries = load_layer(level, str(settings.data_dir))
base = load_layer("department", str(settings.data_dir))
measure = ss.measure if ss.measure in maps.MEASURES else "mentions"
freq = timeline.pick_freq(span)
hist = guarded(type_hist, DB, DATA_DIR, version, prefixes, text, conf, types, freq, measure)
units_shown, places_shown = map_tables(frame, level, measure, window_key, flt)
ss.pem_unit_counts = dict(zip(units_shown["ubigeo"], units_shown["count"], strict=True))
n_counted = int(units_shown["count"].sum()) if len(units_shown) else 0
noun = maps.measure_noun(measure)

# Play compares frames: its colour classes are fixed over the whole played span.
bins, classes_note = None, "classes of this window"
if ss.playing:
    key = (ss.get("play_from"), step_days, prefixes, text, conf, level, measure, version)
    if ss.get("play_bins_key") != key:
        ss.play_bins = fixed_bins(everything, ss.get("play_from") or win, span, step_days, level,
                                  measure)  # fmt: skip
        ss.play_bins_key = key
    bins = ss.play_bins
    classes_note = f"classes fixed over the play ({(ss.get('play_from') or win)[0]} to {span[1]})"

# --- the map -------------------------------------------------------------------------------------
place_names = [unit_label(c).split(" · ")[0] for c in prefixes]
filters_txt = snapshot.describe_filters(place_names, text, conf, level, type_labels)
window_txt = f"{win[0].isoformat()} to {win[1].isoformat()}"


def selection_fit(codes: tuple[str, ...]):
    """Bounds of the picked units (their polygons where shipped or added), else all of Peru."""
    layers = [load_layer(lv, DATA_DIR) for lv in LEVELS]
    return maps.selection_bounds(codes, gaz, layers) or maps.PERU_BOUNDS


# The view stays where the user put it; only a new place selection or "Frame selection" (a new
# fit_seq) moves it. A link's own view is used on the session's first map only.
if "pem_fit_key" not in ss:
    if prefixes and ss.init_view is None:
        ss.fit_seq += 1
elif ss.pem_fit_key != prefixes:
    ss.fit_seq += 1
ss.pem_fit_key = prefixes
if ss.pop("frame_request", False):
    ss.fit_seq += 1
fit = selection_fit(prefixes) if ss.fit_seq else None
view = maps.MapView(
    level=level,
    title=maps.layer_name(level, measure) + (": " + ", ".join(type_labels) if type_labels else ""),
    subtitle=window_txt,
    tiles_url=settings.tiles_url,
    center=ss.init_view[:2] if ss.init_view else None,
    zoom=ss.init_view[2] if ss.init_view else None,
    height=MAP_HEIGHT,
    fit=fit,
    view_tag=ss.view_tag,
    fit_seq=ss.fit_seq,
    measure=measure,
    bins=bins,
    classes_note=classes_note,
)
ss.shown_win = win  # the frame on screen (a pause stops here)
# Polygons and base-map names go to static/generated/ once: the browser fetches and keeps them, so
# a rerun sends only what the window changes (counts, popups, places).
label_key = (store.boundaries_stamp("department"), store.boundaries_stamp("province"))
fmap = maps.build_map(frame, view, gaz, boundaries, base, units=units_shown,
                      names=base_names(DATA_DIR, label_key), static_dir=maps.STATIC_DIR,
                      places=places_shown)  # fmt: skip
with map_box:
    clicked = st_folium(
        fmap,
        height=MAP_HEIGHT,
        use_container_width=True,
        key="map",
        returned_objects=["last_active_drawing", "last_object_clicked"],
    )
    # A click on a region (or a place dot) filters the table to it; a new click only.
    feat = (clicked or {}).get("last_active_drawing") or {}
    code = str((feat.get("properties") or {}).get("ubigeo") or "")
    click_id = (code, str((clicked or {}).get("last_object_clicked")))
    if code and click_id != ss.get("last_click"):
        ss.table_unit = code
    ss.last_click = click_id
    st.button(
        "Frame selection",
        icon=":material/center_focus_strong:",
        on_click=lambda: ss.update(frame_request=True),
        help="Move the map to the picked places (all of Peru when none is picked). Otherwise "
        "the map stays where you put it.",
    )
if boundaries is None:
    map_box.caption(
        f"No {level} boundaries installed: {level}s are drawn as points "
        f"(add them with `python -m geo boundaries add FILE --level {level}`)."
    )
elif level != "department":
    src = boundary_source(level, Path(DATA_DIR))
    map_box.caption(
        f"{level.capitalize()} polygons: "
        + (("your polygons in the store" if store.keeps_boundaries else "your file")
           + " (python -m geo boundaries add)" if src == "user" else
           "INEI 2007 limits, simplified (MPL-2.0; see data/README.md). Units created "
           "since 2007 have no polygon: their number sits at their capital.")
    )  # fmt: skip

# --- sidebar: documents and filters --------------------------------------------------------------
with st.sidebar:
    st.markdown("### Filters")
    have = {lv: load_layer(lv, str(settings.data_dir)) is not None for lv in LEVELS}
    st.radio(
        "Map level",
        LEVELS,
        key="level",
        horizontal=True,
        format_func=lambda lv: lv.capitalize() + ("" if have[lv] else " (points)"),
        help="Provinces and districts are drawn with the shipped INEI 2007 polygons; your own "
        "(python -m geo boundaries add FILE --level province|district) replace them.",
    )
    st.radio(
        "The map counts",
        list(maps.MEASURES),
        key="measure",
        format_func=lambda m: maps.MEASURES[m],
        help="Mentions: body mentions of a place, one per sentence and unit (headlines, "
        "datelines and a road's endpoints are not counted). Documents: distinct source "
        "documents per unit. Distinct events: reports of the same event (clusters) merged into "
        "one. The legend, metrics, popups and exports say which.",
    )
    st.multiselect(
        "Event types",
        list(taxonomy().ids),
        key="types",
        format_func=taxonomy().label,
        placeholder="All event types",
        help="What happened at the place, read from the sentence (or its paragraph): "
        "see the taxonomy in the README. An event with several types shows under each.",
    )
    st.multiselect("Departments", dep_opts, key="deps", format_func=unit_label,
                   placeholder="All of Peru (type to search)")  # fmt: skip
    st.multiselect("Provinces", prov_opts, key="provs", format_func=unit_label,
                   placeholder="Any province")  # fmt: skip
    st.multiselect("Districts", dist_opts, key="dists", format_func=unit_label,
                   placeholder="Any district")  # fmt: skip
    st.text_input(
        "Search the documents",
        key="q",
        placeholder="e.g. bloqueo, protest, junin",
        help="Searches each document's title and whole text (not only the sentence with the "
        "place) and shows the place mentions of the documents that match. Every word must "
        "appear, in any form: protest finds protesters, bloqueo finds bloquearon; accents and "
        "capitals are ignored (junin finds Junín).",
    )
    st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="conf")

    # Drawn only while open (on_change="rerun" makes Streamlit track the expander): the upload
    # widgets and the document list otherwise cost the first map ~0.3 s of browser time.
    adder = st.expander("Add your documents", icon=":material/upload_file:", key="pem_add_open",
                        on_change="rerun")  # fmt: skip
    pasted, uploads, doc_date, use_date, add = "", [], None, False, False
    if adder.open:
        with adder:
            use_date = st.checkbox("Date for documents that carry none", key="use_doc_date")
            form = st.form("add_docs", clear_on_submit=True)
        with form:
            pasted = st.text_area("Paste a news text", height=120)
            uploads = st.file_uploader(
                "…or upload files",
                type=UPLOAD_TYPES,
                accept_multiple_files=True,
                max_upload_size=int(settings.max_upload_mb),
                help="txt, md, html, pdf, or a csv/jsonl table of articles with a text column.",
            )
            doc_date = st.date_input(
                "Document date",
                value=span[1],
                disabled=not use_date,
                format="YYYY-MM-DD",
                help="Used only for documents with no date of their own (tick the box above).",
            )
            add = st.form_submit_button("Add to the map", type="primary")
    ingest_box = st.container()
    for kind, msg in ss.pop("ingest_msgs", []):
        getattr(ingest_box, kind)(msg)
    st.caption(f"Store: {stats['documents']:,} documents · {stats['events']:,} events")


def manage_documents(docs: pd.DataFrame, n_docs: int) -> None:
    """The stored documents (docs: the newest DOC_LIST) with a delete button each (asks first)."""
    box = st.expander(f"Your documents ({n_docs:,})", icon=":material/description:",
                      key="pem_docs_open", on_change="rerun")  # fmt: skip
    if not box.open:  # listed only while open (see "Add your documents")
        return
    with box:
        if docs.empty:
            st.caption("No documents yet.")
            return
        pending = ss.get("confirm_delete")
        for doc_id, title, source, n_ev in zip(
            docs["doc_id"], docs["title"], docs["source"], docs["n_events"], strict=True
        ):
            name = title if isinstance(title, str) and title.strip() else f"document {doc_id}"
            row = st.container(key=f"doc_{doc_id}")
            a, b = row.columns([5, 1], vertical_alignment="center")
            src = f" · {source}" if isinstance(source, str) and source else ""
            a.markdown(f"**{escape_md(name)}**  \n<small>#{doc_id}{escape_md(src)} · "
                       f"{n_ev:,} events</small>", unsafe_allow_html=True)  # fmt: skip
            b.button("", icon=":material/delete:", key=f"del_{doc_id}", help="Delete…",
                     on_click=lambda d=int(doc_id): ss.update(confirm_delete=d))  # fmt: skip
            if pending == int(doc_id):
                row.warning(f"Delete “{name}” and its {n_ev:,} events from the map, the table "
                            "and the exports? This cannot be undone.")  # fmt: skip
                y, n = row.columns(2)
                y.button("Delete", key=f"yes_{doc_id}", type="primary",
                         on_click=delete_document, args=(int(doc_id), name))  # fmt: skip
                n.button("Cancel", key=f"no_{doc_id}",
                         on_click=lambda: ss.update(confirm_delete=None))  # fmt: skip
        if n_docs > DOC_LIST:
            st.caption(f"The {DOC_LIST} most recent; `python -m geo remove DOC_ID` removes any.")


def escape_md(text: str) -> str:
    """Document text shown as Markdown: HTML and Markdown syntax stay literal."""
    import html
    import re

    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~>$])", r"\\\1", html.escape(str(text), quote=False))


def delete_document(doc_id: int, name: str) -> None:
    """Delete one document and its events (one transaction), then drop every cached read."""
    ss.confirm_delete = None
    try:
        docs, events = store.raw.remove_documents([doc_id])
    except (StoreError, sqlite3.DatabaseError) as exc:  # the run that follows shows the box
        err = exc if isinstance(exc, StoreError) else as_store_error(exc)
        ss.ingest_msgs = [("error", f"Nothing was deleted: {err}")]
        return
    ss.ingest_msgs = [("success", f"Deleted “{name}” and its {events:,} events.")] if docs else [
        ("warning", f"“{name}” was already gone.")]  # fmt: skip
    st.cache_data.clear()
    base_frame.clear()
    map_tables.clear()
    window_totals.clear()
    table_rows.clear()
    window_frame.clear()


def ingest_uploads(pasted: str, uploads: list, when: date | None) -> list[tuple[str, str]]:
    """Ingest pasted text and uploads via a temp folder; (kind, message) lines to show."""
    from geo.ingest import ingest_paths

    msgs: list[tuple[str, str]] = []
    limit = int(settings.max_upload_mb) * 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="pem-upload-") as tmp:
        paths: list[Path] = []
        names: dict[str, str] = {}
        if pasted.strip():
            p = Path(tmp) / "pasted-text.txt"
            p.write_text(pasted, encoding="utf-8")
            paths.append(p)
            names[str(p)] = "pasted text"
        for i, up in enumerate(uploads or []):
            safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in Path(up.name).name)
            if up.size > limit:
                msgs.append(
                    ("error", f"{up.name}: larger than {settings.max_upload_mb} MB, not added")
                )
                continue
            p = Path(tmp) / f"{i:03d}-{safe or 'upload'}"
            p.write_bytes(up.getvalue())
            paths.append(p)
            names[str(p)] = up.name
        if not paths:
            msgs.append(("warning", "Nothing to add: paste a text or choose files."))
            return msgs
        bar = ingest_box.progress(0.0, text="Reading documents…")
        done = [0]

        def progress(where: str, outcome: str) -> None:
            done[0] += 1
            frac = min(1.0, done[0] / max(len(paths), done[0]))
            bar.progress(frac, text=f"{done[0]} processed · last: {outcome}")

        # The raw store: ingest reports a store failure itself (summary.stopped), once.
        summary = ingest_paths(store.raw, paths, doc_date=when, progress=progress)
        bar.empty()
    for where, reason in summary.failed:
        shown = next((n for k, n in names.items() if where.startswith(k)), Path(where).name)
        msgs.append(("error", f"{shown}: {reason}"))
    if summary.stopped is not None:  # disk full, damaged or read-only store: said once
        msgs.append(("error", f"Adding stopped: {summary.stopped}"))
    if summary.added or summary.replaced:
        n = summary.added + summary.replaced
        msgs.append(("success", f"Added {n} document(s) with {summary.events} events."))
    if summary.duplicates:
        msgs.append(("info", f"{summary.duplicates} document(s) were already in the store."))
    st.cache_data.clear()  # a replaced document can keep the counts: drop every cached read
    base_frame.clear()
    map_tables.clear()
    window_totals.clear()
    table_rows.clear()
    window_frame.clear()
    return msgs


if add:
    ss.ingest_msgs = ingest_uploads(pasted, uploads, doc_date if use_date else None)
    old_span, span = span, store.date_span() or span
    lo, hi = ss.win
    # A window that reached the ends of the data keeps reaching them, so new events show.
    ss.win = timeline.clamp_window(
        (span[0] if lo <= old_span[0] else lo, span[1] if hi >= old_span[1] else hi), span
    )
    st.rerun()  # redraw the map with the new events; messages show after the rerun

with st.sidebar:
    manage_documents(doc_rows, stats["documents"])

# --- time controls ------------------------------------------------------------------------------
with controls_box:
    ss.win_slider = tuple(ss.win)
    ss.win_picker = tuple(ss.win)
    st.slider(
        "Date window",
        min_value=span[0],
        max_value=span[1],
        key="win_slider",
        step=timedelta(days=1),
        format="YYYY-MM-DD",
        on_change=_on_slider,
        help="Events whose period overlaps the window are counted.",
    )
    c1, c2, c3, c4 = st.columns([2.5, 3.1, 1.2, 2.2], vertical_alignment="bottom")
    c1.date_input("From – to", key="win_picker", min_value=span[0], max_value=span[1],
                  on_change=_on_picker, format="YYYY-MM-DD")  # fmt: skip
    c2.segmented_control("Presets", list(timeline.PRESETS), key="preset", on_change=_on_preset,
                         help="Windows ending at the latest event in the data.")  # fmt: skip
    c3.selectbox("Play step", list(timeline.STEPS), key="play_step")
    with c4:
        b1, b2 = st.columns([1, 1.5], vertical_alignment="center")
        ss.play_toggle = bool(ss.playing)
        b1.toggle("Play", key="play_toggle", on_change=_on_play)
        win = tuple(ss.win)
        if ss.playing:
            left = timeline.n_steps(win, span, step_days, step_months)
            b2.markdown(f"**Playing** · {left} step(s) left", help="Switch Play off to pause.")
        else:
            b2.markdown("Paused" if win[1] < span[1] else "Stopped at the end")


with metrics_box:
    m1, m2, m3, m4, m5 = st.columns(5)
    m1.metric(
        f"{noun.capitalize()} counted",
        f"{n_counted:,}",
        help=f"What the map counts at {level} level: {maps.MEASURE_NOTE[measure]}.",
    )
    m2.metric("Source documents", f"{n_docs:,}")
    m3.metric(f"{level.capitalize()}s with {noun}", f"{len(units_shown):,}")
    m4.metric("Window", f"{(win[1] - win[0]).days + 1:,} days")
    dead, hurt = window_totals(frame, window_key)
    m5.metric(
        "Fatalities",
        f"{dead:,}",
        help=f"People killed as stated in the sentences ({hurt:,} injured), each distinct event "
        "counted once with the largest number any report gave: never added up across reports.",
    )

    if n_undated:
        st.caption(
            f"{n_undated:,} matching event(s) carry no date and are left out of every date window "
            "(the CLI export without --from/--to includes them)."
        )


# --- histogram -----------------------------------------------------------------------------------
tax_ids = list(taxonomy().ids)
if not hist.empty:
    # Drawn as inline SVG on the server: a charting library would delay the first map by ~1 s.
    # Not st.markdown: its renderer turns every bar into a React element on the browser's main
    # thread, which the map's frame shares (~0.1 s of the first map). st.html's sanitiser drops
    # SVG, so a constant script puts the server-built SVG (dates, counts and the taxonomy's
    # labels, escaped; no document text) into the page as it is, bar tooltips included.
    present = [t for t in tax_ids if t in hist.columns and hist[t].sum() > 0]
    stack = [(t, taxonomy().colour(t), taxonomy().label(t)) for t in present]
    key_html = " ".join(
        f"<span style='white-space:nowrap'><i style='display:inline-block;width:9px;height:9px;"
        f"background:{c};margin-right:3px'></i>{html.escape(lab)}</span>"
        for _, c, lab in stack
    )
    hist_noun = "distinct events" if measure == "events" else "mentions"
    # every "<" escaped: the sanitiser drops a script whose text looks like it holds a tag
    svg_js = maps.safe_json(timeline.histogram_svg(hist, win, freq, stack=stack)).replace(
        "<", "\\u003c"
    )
    st.html(
        "<div class='pem-hist' style='margin:-.4rem 0 .2rem'></div><script>(function () {"
        "var s = document.currentScript, d = s && s.previousElementSibling;"
        f"if (d) {{ d.innerHTML = {svg_js}; }}}})();</script>"
        f"<div style='color:#888;font-size:.8rem;margin-bottom:.6rem'>{hist_noun.capitalize()} "
        f"per {freq} by event type (start date; a mention counts under its first type); the "
        f"date window in full colour. {key_html}</div>",
        unsafe_allow_javascript=True,
    )

# --- exports -------------------------------------------------------------------------------------
title_txt = f"{maps.layer_name(level, measure)} in Peru"
if type_labels:
    title_txt += ": " + ", ".join(type_labels)
caption = snapshot.caption_for(frame, title_txt, window_txt, filters_txt, measure)
png_fit = selection_fit(prefixes) if prefixes else None
e0, e1, e2, e3, e4 = st.columns([1.3, 1, 1, 1, 1], vertical_alignment="bottom")
png_dpi = snapshot.PRINT_DPI[e0.selectbox("PNG resolution", list(snapshot.PRINT_DPI))]
stamp = f"peru-events-{win[0].isoformat()}-{win[1].isoformat()}"
e1.download_button(
    "PNG snapshot",
    icon=":material/download:",
    data=lambda: snapshot.render_png(
        frame,
        level,
        caption,
        boundaries,
        base,
        gaz,
        dpi=png_dpi,
        bounds=png_fit,
    ),
    file_name=f"{stamp}.png",
    mime="image/png",
    on_click="ignore",
    width="stretch",
)
e2.download_button(
    "Interactive HTML map",
    icon=":material/download:",
    data=lambda: snapshot.export_html(frame, view, gaz, boundaries, base),
    file_name=f"{stamp}.html",
    mime="text/html",
    on_click="ignore",
    width="stretch",
)
e3.download_button(
    "GeoJSON events",
    icon=":material/download:",
    data=lambda: snapshot.export_table(frame, "geojson", level, measure),
    file_name=f"{stamp}.geojson",
    mime="application/geo+json",
    on_click="ignore",
    width="stretch",
)
e4.download_button(
    "CSV events",
    icon=":material/download:",
    data=lambda: snapshot.export_table(frame, "csv", level, measure),
    file_name=f"{stamp}.csv",
    mime="text/csv",
    on_click="ignore",
    width="stretch",
)

# --- table ---------------------------------------------------------------------------------------
st.markdown("<div id='pem-table'></div>", unsafe_allow_html=True)
table_unit = ss.get("table_unit")
n_listed, table = table_rows(frame, window_key, table_unit if n_events else None, taxonomy())
st.markdown(f"#### {n_listed:,} place mentions")
if table_unit:
    t1, t2 = st.columns([4, 1], vertical_alignment="center")
    t1.info(
        f"Only **{unit_label(table_unit).split(' · ')[0]}**, clicked on the map "
        f"({n_listed:,} of {n_events:,} mentions).",
        icon=":material/filter_alt:",
    )
    t2.button("Show all", key="clear_table_unit", on_click=lambda: ss.update(table_unit=None))
if n_listed and not ss.get("pem_table_on"):
    # The session's first page: the table (~0.2-0.3 s of the browser's main thread, which the
    # map's frame shares) is drawn by the run that follows, asked for once the map is drawn.
    st.caption("The table follows once the map is drawn…")
    defer = st.container(key="pem_show_table")
    defer.button("Show the table", on_click=lambda: ss.update(pem_table_on=True))
    # Constant script, no document text: clicks that button once the map's frame holds polygons
    # (or after 8 s whatever happened, so the table never stays away).
    defer.html(
        """<script>
(function () {
  var t0 = Date.now();
  function drawn() {
    var fs = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
    for (var i = 0; i < fs.length; i++) {
      try { if (fs[i].contentDocument.querySelector(".leaflet-container path")) { return true; } }
      catch (e) {}
    }
    return false;
  }
  (function poll() {
    if (drawn() || Date.now() - t0 > 8000) {
      var b = document.querySelector(".st-key-pem_show_table button");
      if (b) { b.click(); }
      return;
    }
    setTimeout(poll, 50);
  })();
})();
</script>""",
        unsafe_allow_javascript=True,
    )
elif n_listed:
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=360,
        column_config={
            "link": st.column_config.LinkColumn("link", display_text="open"),
            "confidence": st.column_config.ProgressColumn(
                "confidence", min_value=0.0, max_value=1.0, format="%.2f"
            ),
            "sentence": st.column_config.TextColumn("sentence", width="large"),
            "role": st.column_config.TextColumn(
                "role", help="headline, dateline, body or route endpoint: the map counts body"
            ),
        },
    )
    st.caption(
        "Every place mention is listed, whatever its role; the map counts "
        f"{maps.MEASURE_NOTE[measure]}."
        + (f" The {TABLE_ROWS:,} most recent are shown; the exports hold all."
           if n_listed > TABLE_ROWS else "")
    )  # fmt: skip
else:
    st.info("No events match these filters. Widen the date window or clear a filter.")

# --- Enter applies a typed date ------------------------------------------------------------------
# Streamlit's date field applies a typed date on Escape or when focus leaves it, not on Enter; this
# page script (constant, no document text in it) turns Enter in a date field into that Escape.
st.html(
    """<script>
if (!window.pemEnterDate) {
  window.pemEnterDate = true;
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key !== "Enter" || e.isComposing || !t || !t.closest) return;
    if (!t.closest('[data-testid="stDateInputField"]')) return;
    e.preventDefault();
    e.stopPropagation();
    t.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", code: "Escape", keyCode: 27,
                                                  bubbles: true, cancelable: true}));
  }, true);
}
</script>""",
    unsafe_allow_javascript=True,
)

# --- keep the URL in step (map view included) ----------------------------------------------------
# lat/lon/zoom are left out: the map writes them itself (the server never sees them change).
want = viewstate.to_query(state)
if st.query_params.to_dict() != want:
    st.query_params.from_dict(want)

if ss.playing:
    nxt = timeline.step_window(win, span, step_days, step_months)
    # Quiet stretches (no events in the window) are skipped rather than played.
    while nxt is not None and nxt[1] < span[1] and timeline.in_window(everything, *nxt).empty:
        nxt = timeline.step_window(nxt, span, step_days, step_months)
    if nxt is None:
        ss.playing = False
        st.rerun()
    else:
        time.sleep(PLAY_DELAY_S)
        ss.win = nxt
        st.rerun()
