"""Folium map building for the dashboard: pure functions from event frames to a folium.Map.

Everything that reaches the map's HTML or JavaScript from a document goes through
`escape_html_js`, which is safe both as HTML and inside folium's JavaScript template literals.
"""

from __future__ import annotations

import html
import json
import math
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import pandas as pd
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.template import Template

from geo.model import LEVELS
from geo.snippets import sentence_window

LEVEL_LENGTH: dict[str, int] = {"department": 2, "province": 4, "district": 6}
LEVEL_LABEL: dict[str, str] = {
    "department": "departments",
    "province": "provinces",
    "district": "districts",
}
# Sequential 5-class palette (ColorBrewer OrRd), light to dark.
PALETTE: tuple[str, ...] = ("#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000")
NO_DATA_COLOR = "#ece7df"
LAND_COLOR = "#f4f1ea"
SEA_COLOR = "#cfe3ee"
PERU_CENTER = (-9.2, -75.0)
PERU_ZOOM = 5
PERU_BOUNDS = ((-18.4, -81.4), (-0.03, -68.65))  # south-west, north-east (lat, lon)
MAX_SENTENCES = 3  # sentences per popup
MANY_UNITS = 200  # above this many units with events, popups carry two sentences
MAX_SENTENCE_CHARS = 220
MAX_MARKERS = 300  # most active places drawn as markers; the rest stay in the table

# Where each of folium's CDN assets lives under static/vendor/ (installed from npm by
# scripts/install_web_assets.sh). Assets folium lists that the map never uses are dropped:
# bootstrap, font-awesome, awesome-markers, and jQuery (only folium.Popup needs it; the map's
# popups are bound by GeoJsonPopup and by PlaceCluster's own script).
VENDOR_FILES: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "markerclusterjs": "leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": "leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "leaflet.markercluster/MarkerCluster.Default.css",
}
STATIC_VENDOR_URL = "/app/static/vendor"
VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"

_JS_HTML_ENTITIES = {
    "\\": "&#92;",
    "`": "&#96;",
    "$": "&#36;",
    "{": "&#123;",
    "}": "&#125;",
    "\u2028": "&#8232;",
    "\u2029": "&#8233;",
}
_JS_HTML_RE = re.compile("[\\\\`${}\u2028\u2029]")


def escape_html_js(text: object) -> str:
    """Escape untrusted text for HTML that folium embeds in JavaScript template literals.

    html.escape covers <, >, &, quotes; backslash, backtick, `$`, braces and the JS line
    separators become numeric entities, so `${...}`, backticks and `C:\\users` stay literal text
    whether the HTML lands in a JS template literal, a JSON string or the DOM.
    """
    s = html.escape("" if text is None else str(text), quote=True)
    return _JS_HTML_RE.sub(lambda m: _JS_HTML_ENTITIES[m.group(0)], s)


def safe_json(obj: Any) -> str:
    """JSON for inline <script>: no `</script>`, `<!--` or line separators can break out."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        s.replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def safe_url(url: object) -> str | None:
    """The URL if it is http(s) (never javascript: or data:), else None."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    return u if re.match(r"(?i)^https?://[^\s]+$", u) else None


def highlight(sentence: object, surface: object) -> str:
    """Escaped sentence with the first (case-insensitive) occurrence of the place in <mark>."""
    s = (
        ""
        if sentence is None or (isinstance(sentence, float) and math.isnan(sentence))
        else str(sentence)
    )
    word = "" if not isinstance(surface, str) else surface
    i = s.lower().find(word.lower()) if word else -1
    if len(s) > MAX_SENTENCE_CHARS:  # cut around the place, so the mark is never cut away
        a = max(i, 0)
        s = sentence_window(s, 0, len(s), a, a + len(word) * (i >= 0), MAX_SENTENCE_CHARS)
        i = s.lower().find(word.lower()) if word else -1
    if i < 0:
        return escape_html_js(s)
    j = i + len(word)
    return (
        escape_html_js(s[:i])
        + "<mark>"
        + escape_html_js(s[i:j])
        + "</mark>"
        + escape_html_js(s[j:])
    )


# --- classification ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClassBin:
    """One legend class: counts lo..hi (inclusive) drawn in color."""

    lo: int
    hi: int
    color: str

    @property
    def label(self) -> str:
        return f"{self.lo:,}" if self.lo == self.hi else f"{self.lo:,}–{self.hi:,}"


def class_breaks(counts: Sequence[int] | pd.Series, k: int = len(PALETTE)) -> list[ClassBin]:
    """Quantile classes over the positive counts (each value its own class when few)."""
    vals = sorted({int(c) for c in counts if c and c > 0})
    if not vals:
        return []
    if len(vals) <= k:
        uppers = vals
    else:
        s = pd.Series(sorted(int(c) for c in counts if c and c > 0))
        uppers = sorted({math.ceil(s.quantile(i / k)) for i in range(1, k + 1)})
    bins: list[ClassBin] = []
    lo = 1
    colors = _spread(PALETTE, len(uppers))
    for hi, color in zip(uppers, colors, strict=True):
        if hi < lo:
            continue
        bins.append(ClassBin(lo, hi, color))
        lo = hi + 1
    return bins


def _spread(palette: Sequence[str], n: int) -> list[str]:
    """n colors from the palette, spread from light to dark (the darkest always included)."""
    if n >= len(palette):
        return list(palette[:n])
    if n == 1:
        return [palette[-1]]
    idx = [round(i * (len(palette) - 1) / (n - 1)) for i in range(n)]
    return [palette[i] for i in idx]


def color_for(count: int, bins: Sequence[ClassBin]) -> str:
    """The fill color of a count under the classification."""
    for b in bins:
        if b.lo <= count <= b.hi:
            return b.color
    return NO_DATA_COLOR if count <= 0 or not bins else bins[-1].color


# --- aggregation to map layers -------------------------------------------------------------------
def unit_key(ubigeo: pd.Series, level: str) -> pd.Series:
    """The unit code at level for each event ubigeo (NA when the event is coarser than level)."""
    n = LEVEL_LENGTH[level]
    s = ubigeo.astype("string")
    return s.str.slice(0, n).where(s.str.len() >= n)


def _unit_name(code: str, gazetteer: Any) -> str:
    units = getattr(gazetteer, "units", {}) if gazetteer is not None else {}
    u = units.get(code)
    if u is None:
        return code
    if u.level == "department":
        return u.name
    return f"{u.name} ({u.department})"


_SAMPLE_COLS = ("sentence", "surface", "title", "source", "url", "date_start")


def _popup_html(title: str, count: int, rows: Sequence[tuple], doc_count: int | None = None) -> str:
    """Popup body: name, count, up to MAX_SENTENCES sentences with the place marked, doc links.

    rows are tuples in _SAMPLE_COLS order.
    """
    parts = [f'<div class="pem-pop"><b>{escape_html_js(title)}</b>']
    what = "event" if count == 1 else "events"
    extra = f" in {doc_count:,} document{'s' if doc_count != 1 else ''}" if doc_count else ""
    parts.append(f'<div class="pem-count">{count:,} {what}{extra}</div>')
    for sentence, surface, doc_title, source, url, d in rows:
        date_txt = "" if d is None or d != d else escape_html_js(str(d)[:10])
        title_txt = escape_html_js(_text(doc_title) or _text(source) or "source")
        href = safe_url(url)
        link = (
            f'<a href="{escape_html_js(href)}" target="_blank" rel="noopener noreferrer">'
            f"{title_txt}</a>"
            if href
            else f"<i>{title_txt}</i>"
        )
        parts.append(
            f'<p class="pem-s">{highlight(sentence, surface)}'
            f'<br><span class="pem-src">{date_txt} · {link}</span></p>'
        )
    if count > len(rows):
        parts.append(f'<div class="pem-more">+ {count - len(rows):,} more in the table below</div>')
    parts.append("</div>")
    return "".join(parts)


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def _samples(
    f: pd.DataFrame, keys: Sequence[str], n: int = MAX_SENTENCES
) -> dict[Any, list[tuple]]:
    """The first n rows of each group as _SAMPLE_COLS tuples (f sorted already)."""
    head = f.groupby(list(keys), sort=False).head(n)
    cols = []
    for c in _SAMPLE_COLS:
        if c not in head.columns:
            cols.append([None] * len(head))
        elif c == "date_start" and pd.api.types.is_datetime64_any_dtype(head[c]):
            days = head[c].dt.strftime("%Y-%m-%d")
            cols.append([d if isinstance(d, str) else None for d in days.tolist()])
        else:
            cols.append(head[c].tolist())
    key_lists = [head[k].tolist() for k in keys]
    out: dict[Any, list[tuple]] = {}
    for i, row in enumerate(zip(*cols, strict=True)):
        key = key_lists[0][i] if len(keys) == 1 else tuple(k[i] for k in key_lists)
        out.setdefault(key, []).append(row)
    return out


def _tip_html(title: str, count: int) -> str:
    what = "event" if count == 1 else "events"
    return f"<b>{escape_html_js(title)}</b><br>{count:,} {what}"


def unit_counts(frame: pd.DataFrame, level: str, gazetteer: Any = None) -> pd.DataFrame:
    """One row per unit at level with events: ubigeo, name, count, docs, lat, lon, popup, tip."""
    cols = ["ubigeo", "name", "count", "docs", "lat", "lon", "popup", "tip"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    f = frame.assign(_key=unit_key(frame["ubigeo"], level)).dropna(subset=["_key"])
    if f.empty:
        return pd.DataFrame(columns=cols)
    f = f.sort_values(["date_start", "event_id"], ascending=[False, False], kind="stable")
    g = f.groupby("_key", sort=True)
    agg = g.agg(count=("event_id", "size"), docs=("doc_id", "nunique")).reset_index()
    # Hundreds of units (districts): two sentences each keep the page light.
    by_key = _samples(f, ["_key"], MAX_SENTENCES if len(agg) <= MANY_UNITS else 2)
    units = getattr(gazetteer, "units", {}) if gazetteer is not None else {}
    out = []
    for key, count, docs in zip(*(agg[c].tolist() for c in ("_key", "count", "docs")), strict=True):
        name = _unit_name(key, gazetteer)
        u = units.get(key)
        lat, lon = (u.lat, u.lon) if u is not None else _mean_point(f, key)
        out.append(
            (key, name, int(count), int(docs), lat, lon,
             _popup_html(name, int(count), by_key[key], int(docs)), _tip_html(name, int(count)))
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def _mean_point(f: pd.DataFrame, key: str) -> tuple[float, float]:
    rows = f[f["_key"] == key]
    return float(rows["lat"].mean()), float(rows["lon"].mean())


def place_points(
    frame: pd.DataFrame, gazetteer: Any = None, limit: int = MAX_MARKERS
) -> pd.DataFrame:
    """One row per distinct place (its own ubigeo and point): the clustered marker layer."""
    cols = ["ubigeo", "name", "count", "lat", "lon", "popup", "tip"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    f = frame.dropna(subset=["lat", "lon"])
    place = f["place"].where(f["place"].notna() & (f["place"].astype("string") != ""), None)
    f = f.assign(_pl=place.fillna("")).sort_values(
        ["date_start", "event_id"], ascending=[False, False], kind="stable"
    )
    g = f.groupby(["ubigeo", "_pl", "lat", "lon"], sort=False)
    agg = (
        g.size().rename("count").reset_index().sort_values("count", ascending=False, kind="stable")
    )
    agg = agg.head(limit)
    by_key = _samples(f, ["ubigeo", "_pl", "lat", "lon"])
    out = []
    cols_in = ("ubigeo", "_pl", "lat", "lon", "count")
    for code, pl, lat, lon, count in zip(*(agg[c].tolist() for c in cols_in), strict=True):
        base = _unit_name(code, gazetteer)
        name = f"{pl}, {base}" if pl and pl not in base else base
        rows = by_key[(code, pl, lat, lon)]
        out.append(
            (code, name, int(count), float(lat), float(lon),
             _popup_html(name, int(count), rows), _tip_html(name, int(count)))
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


# --- folium elements -----------------------------------------------------------------------------
class _Raw(Element):
    """Already rendered HTML/JS, added to the figure as is.

    branca wraps every rendered macro in Element(text), which compiles that text as a Jinja
    template: for a map carrying half a megabyte of popups this doubled the build time.
    """

    def __init__(self, code: str):
        super().__init__()
        self._name = "Raw"
        self.code = code

    def render(self, **kwargs: Any) -> str:
        return self.code


def _render_macros(el: MacroElement, links: bool = False, **kwargs: Any) -> None:
    """MacroElement.render without re-compiling the output (and JSCSSMixin's links if asked)."""
    figure = el.get_root()
    if links:
        for name, url in getattr(el, "default_js", []):
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in getattr(el, "default_css", []):
            figure.header.add_child(CssLink(url), name=name)
    if isinstance(el, folium.map.Layer) and el.show:  # what Layer.render adds
        from folium.elements import ElementAddToElement

        el.add_child(
            ElementAddToElement(
                element_name=el.get_name(), element_parent_name=el._parent.get_name()
            ),
            name=el.get_name() + "_add",
        )
    macros = el._template.module.__dict__
    for part in ("header", "html", "script"):
        fn = macros.get(part)
        if fn is not None:
            getattr(figure, part).add_child(_Raw(fn(el, kwargs)), name=el.get_name())
    for child in el._children.values():
        child.render(**kwargs)


class _Legend(MacroElement):
    """A Leaflet control holding the classification legend (trusted, pre-escaped HTML)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
        .pem-legend{background:rgba(255,255,255,.92);padding:8px 10px;border-radius:6px;
          font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;
          box-shadow:0 1px 4px rgba(0,0,0,.25);max-width:220px}
        .pem-legend b{display:block;margin-bottom:4px}
        .pem-legend i{display:inline-block;width:14px;height:14px;margin-right:6px;
          vertical-align:-2px;border:1px solid #999}
        .pem-legend .pem-dot{border-radius:50%}
        .pem-title{background:rgba(255,255,255,.92);padding:6px 10px;border-radius:6px;
          font:13px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;
          box-shadow:0 1px 4px rgba(0,0,0,.25)}
        .pem-title small{color:#555}
        .pem-pop{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:340px}
        .pem-pop .pem-count{color:#444;margin:2px 0 6px}
        .pem-pop .pem-s{margin:0 0 7px}
        .pem-pop .pem-src{color:#666;font-size:11px}
        .pem-pop mark{background:#ffe08a;padding:0 1px}
        .pem-pop .pem-more{color:#666;font-size:11px}
        .leaflet-container{background:{{ this.sea }}}
        .leaflet-control-layers{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        .leaflet-control-layers label{margin:2px 0}
        .marker-cluster-small,.marker-cluster-medium,.marker-cluster-large{
          background-color:rgba(91,26,18,.25)}
        .marker-cluster-small div,.marker-cluster-medium div,.marker-cluster-large div{
          background-color:rgba(91,26,18,.78);color:#fff;font-weight:600}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
          var legend = L.control({position: "bottomright"});
          legend.onAdd = function(){
            var div = L.DomUtil.create("div", "pem-legend");
            div.innerHTML = {{ this.legend_json }};
            return div;
          };
          legend.addTo(map);
          var title = L.control({position: "topleft"});
          title.onAdd = function(){
            var div = L.DomUtil.create("div", "pem-title");
            div.innerHTML = {{ this.title_json }};
            return div;
          };
          if ({{ this.title_json }}) { title.addTo(map); }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, legend_html: str, title_html: str):
        super().__init__()
        self._name = "PemLegend"
        self.legend_json = safe_json(legend_html)
        self.title_json = safe_json(title_html)
        self.sea = SEA_COLOR


class _ViewSync(MacroElement):
    """Writes the map view into the dashboard URL (lat, lon, zoom) without rerunning the app."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map){
          var top;
          try { top = window.parent; if (top === window || !top.history) { return; } }
          catch (e) { return; }
          map.on("moveend", function(){
            try {
              var u = new URL(top.location.href), c = map.getCenter();
              u.searchParams.set("lat", c.lat.toFixed(3));
              u.searchParams.set("lon", c.lng.toFixed(3));
              u.searchParams.set("zoom", String(Math.round(map.getZoom() * 100) / 100));
              top.history.replaceState(top.history.state, "", u.toString());
            } catch (e) {}
          });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PemViewSync"


class PlaceCluster(folium.plugins.MarkerCluster):
    """Circle markers sized by event count from one JSON array (fast for thousands of points).

    Clustered (the numbers on clusters are events, not markers) or, with cluster=False, a plain
    layer: per-unit aggregates must stay separate points.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.cluster %}
        var {{ this.get_name() }} = L.markerClusterGroup({
          maxClusterRadius: 40, showCoverageOnHover: false,
          iconCreateFunction: function (cluster) {
            var n = 0;
            cluster.getAllChildMarkers().forEach(function (m) { n += m.options.pemCount || 1; });
            var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
            return L.divIcon({html: "<div><span>" + n + "</span></div>",
                              className: "marker-cluster marker-cluster-" + size,
                              iconSize: L.point(40, 40)});
          }
        });
        {% else %}
        var {{ this.get_name() }} = L.featureGroup();
        {% endif %}
        (function(group){
          var rows = {{ this.rows_json }};
          for (var i = 0; i < rows.length; i++) {
            var r = rows[i];
            var m = L.circleMarker([r[0], r[1]], {
              radius: r[2], color: "#5b1a12", weight: 1, fillColor: r[3], fillOpacity: 0.85,
              pemCount: r[6]
            });
            m.bindPopup(r[4], {maxWidth: 360});
            m.bindTooltip(r[5]);
            group.addLayer(m);
          }
        })({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        points: pd.DataFrame,
        bins: Sequence[ClassBin],
        name: str,
        show: bool = True,
        cluster: bool = True,
    ):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PlaceCluster"
        self.cluster = cluster
        rows = []
        top = max([int(c) for c in points["count"]] or [1])
        cols = ("lat", "lon", "count", "popup", "tip")
        for lat, lon, count, popup, tip in zip(*(points[c].tolist() for c in cols), strict=True):
            radius = (5 if cluster else 6) + (9 if cluster else 16) * math.sqrt(int(count) / top)
            rows.append(
                [round(float(lat), 5), round(float(lon), 5), round(radius, 1),
                 color_for(int(count), bins), popup, tip, int(count)]
            )  # fmt: skip
        self.rows_json = safe_json(rows)
        if not cluster:  # a plain layer needs no markercluster files
            self.default_js, self.default_css = [], []

    def render(self, **kwargs: Any) -> None:
        _render_macros(self, links=True, **kwargs)


_LAYER_CACHE: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}


def _cache_for(gdf: Any) -> dict[str, Any]:
    """Per-boundary-layer cache (load_boundaries returns the same object while files are unchanged).

    Kept outside the frame: pandas deep-copies DataFrame.attrs on every column access.
    """
    key = id(gdf)
    hit = _LAYER_CACHE.get(key)
    if hit is not None and hit[0]() is gdf:
        return hit[1]
    entry: dict[str, Any] = {}
    _LAYER_CACHE[key] = (weakref.ref(gdf), entry)
    weakref.finalize(gdf, _LAYER_CACHE.pop, key, None)
    return entry


def rounded_geometries(gdf: Any) -> list[tuple[str, str, dict]]:
    """(ubigeo, name, rounded GeoJSON geometry) per polygon, computed once per layer object."""
    entry = _cache_for(gdf)
    if "rounded" not in entry:
        entry["rounded"] = [
            (str(code), str(name), _round_geom(geom.__geo_interface__))
            for code, name, geom in zip(gdf["ubigeo"], gdf["name"], gdf.geometry, strict=True)
            if geom is not None and not geom.is_empty
        ]
    return entry["rounded"]


def geometry_json(gdf: Any) -> str:
    """The layer's polygons as script-safe GeoJSON (properties: ubigeo, escaped name n), cached."""
    entry = _cache_for(gdf)
    if "json" not in entry:
        feats = [
            {"type": "Feature", "properties": {"ubigeo": c, "n": escape_html_js(n)}, "geometry": g}
            for c, n, g in rounded_geometries(gdf)
        ]
        entry["json"] = safe_json({"type": "FeatureCollection", "features": feats})
    return entry["json"]


class ChoroplethLayer(folium.map.Layer):
    """Polygons from a cached GeoJSON string, styled and bound from a small per-unit table.

    Only the table (count, color, popup, tooltip of units with events) changes when the window
    moves; the geometry string is built once per boundary layer.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
          var props = {{ this.props_json }};
          return L.geoJson({{ this.geometry }}, {
            {% if not this.interactive %}interactive: false,{% endif %}
            style: function (f) {
              {% if this.fixed_style %}return {{ this.fixed_style }};{% else %}
              var p = props[f.properties.ubigeo];
              return {fillColor: p ? p[1] : {{ this.no_data }}, color: "#6b5d4f", weight: 0.8,
                      fillOpacity: p ? 0.78 : 0.35};{% endif %}
            }{% if this.interactive %},
            onEachFeature: function (f, layer) {
              var p = props[f.properties.ubigeo], name = "<b>" + f.properties.n + "</b>";
              layer.bindTooltip(p ? p[3] : name + "<br>no events", {sticky: true});
              var none = '<div class="pem-pop">' + name + "<div>no events</div></div>";
              layer.bindPopup(p ? p[2] : none, {maxWidth: 380});
              {% if this.hover %}
              layer.on("mouseover", function () { this.setStyle({weight: 2.5, color: "#222"}); });
              layer.on("mouseout", function () { this.setStyle({weight: 0.8, color: "#6b5d4f"}); });
              {% endif %}
            }{% endif %}
          });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        gdf: Any,
        units: pd.DataFrame | None,
        bins: Sequence[ClassBin],
        name: str,
        interactive: bool = True,
        fixed_style: dict | None = None,
        overlay: bool = True,
        control: bool = True,
    ):
        super().__init__(name=name, overlay=overlay, control=control, show=True)
        self._name = "ChoroplethLayer"
        self.geometry = geometry_json(gdf)
        self.interactive = interactive
        self.fixed_style = json.dumps(fixed_style) if fixed_style else ""
        self.no_data = json.dumps(NO_DATA_COLOR)
        self.hover = len(rounded_geometries(gdf)) <= 400
        props: dict[str, list] = {}
        if units is not None and not units.empty:
            cols = ("ubigeo", "count", "popup", "tip")
            for code, count, popup, tip in zip(*(units[c].tolist() for c in cols), strict=True):
                props[str(code)] = [int(count), color_for(int(count), bins), popup, tip]
        self.props_json = safe_json(props)

    def render(self, **kwargs: Any) -> None:
        _render_macros(self, **kwargs)


def _round_geom(g: dict, nd: int = 4) -> dict:
    """Coordinates rounded to ~10 m: a third of the payload, no visible change."""

    def rnd(c: Any) -> Any:
        if isinstance(c, (int, float)):
            return round(c, nd)
        return [rnd(x) for x in c]

    return {"type": g["type"], "coordinates": rnd(g["coordinates"])}


def _legend_html(level: str, bins: Sequence[ClassBin], points: bool, total: int) -> str:
    head = f"Events per {level}" + (" (points)" if points else "")
    rows = [f"<b>{escape_html_js(head)}</b>"]
    dot = ' class="pem-dot"' if points else ""
    if not bins:
        rows.append("no events in this selection")
    for b in bins:
        rows.append(f'<div><i{dot} style="background:{b.color}"></i>{b.label}</div>')
    if not points:
        rows.append(f'<div><i style="background:{NO_DATA_COLOR}"></i>0</div>')
    rows.append(f'<div style="margin-top:4px;color:#555">{total:,} events at {level} level</div>')
    return "".join(rows)


@dataclass(frozen=True)
class MapView:
    """What the map shows around the data: level, captions, base tiles and the initial view."""

    level: str = "department"
    title: str = ""
    subtitle: str = ""
    tiles_url: str = ""
    center: tuple[float, float] | None = None
    zoom: float | None = None
    sync_url: bool = True
    height: int | str = 560  # pixels, or a CSS size such as "100%" (standalone page)
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None  # overrides the view


def selection_bounds(
    codes: Sequence[str], gazetteer: Any, base: Any = None
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """South-west/north-east corners around the picked units (department polygons if given)."""
    pad = {2: 0.8, 4: 0.35, 6: 0.12}
    lats: list[float] = []
    lons: list[float] = []
    polys = {}
    if base is not None and len(base):
        polys = dict(zip(base["ubigeo"].astype(str), base.geometry, strict=True))
    units = getattr(gazetteer, "units", {}) if gazetteer is not None else {}
    for code in codes:
        if len(code) == 2 and code in polys and polys[code] is not None:
            x0, y0, x1, y1 = polys[code].bounds
            lats += [y0, y1]
            lons += [x0, x1]
        elif code in units:
            u, d = units[code], pad.get(len(code), 0.3)
            lats += [u.lat - d, u.lat + d]
            lons += [u.lon - d, u.lon + d]
    if not lats:
        return None
    return (min(lats), min(lons)), (max(lats), max(lons))


def build_map(
    frame: pd.DataFrame,
    view: MapView,
    gazetteer: Any = None,
    boundaries: Any = None,
    base: Any = None,
    asset_url: str | None = STATIC_VENDOR_URL,
    units: pd.DataFrame | None = None,
) -> folium.Map:
    """The dashboard map of the filtered events: choropleth (or points), places, legend, controls.

    boundaries: polygons of view.level (GeoDataFrame[ubigeo, name, geometry]) or None to draw the
    level as points; base: department polygons drawn as the offline base map; units: the
    unit_counts(frame, view.level) the caller already has.
    """
    level = view.level if view.level in LEVELS else "department"
    if units is None:
        units = unit_counts(frame, level, gazetteer)
    bins = class_breaks(units["count"]) if not units.empty else []
    m = folium.Map(
        location=list(view.center or PERU_CENTER),
        zoom_start=view.zoom or PERU_ZOOM,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        height=view.height,
    )
    # With tiles=None folium leaves the zoom range unset; markercluster needs maxZoom.
    m.options.update(min_zoom=3, max_zoom=14, zoom_snap=0.25, zoom_delta=0.5)
    if view.fit is not None:
        m.fit_bounds([list(view.fit[0]), list(view.fit[1])], max_zoom=9)
    elif view.center is None or view.zoom is None:
        m.fit_bounds([list(PERU_BOUNDS[0]), list(PERU_BOUNDS[1])])
    base_group = folium.FeatureGroup(
        name="Departments (offline base map)", overlay=False, show=True
    )
    if base is not None and len(base):
        ChoroplethLayer(
            base,
            None,
            [],
            name="Department lines",
            interactive=False,
            fixed_style={"color": "#8a8173", "weight": 1, "fillColor": LAND_COLOR,
                         "fillOpacity": 1.0},
            control=False,
        ).add_to(base_group)  # fmt: skip
    base_group.add_to(m)
    if view.tiles_url:
        folium.TileLayer(
            tiles=view.tiles_url,
            name="Street map (tile server)",
            attr="Map tiles: configured tile server",
            overlay=False,
            control=True,
            show=False,
        ).add_to(m)

    points_mode = boundaries is None or len(boundaries) == 0
    total = int(units["count"].sum()) if not units.empty else 0
    if not points_mode:
        ChoroplethLayer(boundaries, units, bins, name=f"Events per {level}").add_to(m)
    else:
        PlaceCluster(units, bins, name=f"Events per {level} (points)", cluster=False).add_to(m)

    places = place_points(frame, gazetteer)
    if not places.empty:
        PlaceCluster(places, class_breaks(places["count"]), name="Places (clustered)").add_to(m)

    title_html = ""
    if view.title:
        title_html = f"<b>{escape_html_js(view.title)}</b>"
        if view.subtitle:
            title_html += f"<br><small>{escape_html_js(view.subtitle)}</small>"
    m.add_child(_Legend(_legend_html(level, bins, points_mode, total), title_html))
    if view.sync_url:
        m.add_child(_ViewSync())
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    if asset_url is not None:
        use_local_assets(m, asset_url)
    return m


# --- assets and standalone export ----------------------------------------------------------------
def _walk(el: Any):
    yield el
    for child in getattr(el, "_children", {}).values():
        yield from _walk(child)


def use_local_assets(m: folium.Map, base_url: str = STATIC_VENDOR_URL) -> None:
    """Point every JS/CSS asset of the map at base_url (the npm copies), dropping unused ones."""
    base_url = base_url.rstrip("/")
    for el in _walk(m):
        for attr in ("default_js", "default_css"):
            assets = getattr(el, attr, None)
            if not assets:
                continue
            local = [
                (n, f"{base_url}/{VENDOR_FILES[n]}") for n, _url in assets if n in VENDOR_FILES
            ]
            setattr(el, attr, local)


def asset_urls(m: folium.Map) -> list[str]:
    """Every script/stylesheet URL the map will load (what st_folium passes to the browser)."""
    out: list[str] = []
    for el in _walk(m):
        for attr in ("default_js", "default_css"):
            out.extend(url for _n, url in getattr(el, attr, None) or [])
    return list(dict.fromkeys(out))


def standalone_html(m: folium.Map, vendor_dir: Path = VENDOR_DIR) -> str:
    """The map as one HTML file with Leaflet & co. inlined, so it opens offline.

    Falls back to the CDN URLs (noted in the page) only when static/vendor/ is not installed.
    """
    marker = "pem-vendor:"
    use_local_assets(m, marker)
    page = m.get_root().render()
    missing = []

    def inline(match: re.Match[str], kind: str) -> str:
        rel = match.group(1)[len(marker) :].lstrip("/")
        path = vendor_dir / rel
        if not path.is_file():
            missing.append(rel)
            return match.group(0).replace(marker + "/", "https://unpkg.com/" + _npm_path(rel))
        body = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        if kind == "js":
            return f"<script>/* {rel} (inlined) */\n{body}\n</script>"
        body = body.replace("</style", "<\\/style")
        return f"<style>/* {rel} (inlined) */\n{body}\n</style>"

    page = re.sub(
        r'<script src="(' + re.escape(marker) + r'[^"]+)"></script>',
        lambda mm: inline(mm, "js"),
        page,
    )
    page = re.sub(
        r'<link rel="stylesheet" href="(' + re.escape(marker) + r'[^"]+)"/>',
        lambda mm: inline(mm, "css"),
        page,
    )
    if missing:
        note = "<!-- static/vendor missing: Leaflet is loaded from unpkg.com (needs internet) -->"
        page = page.replace("<head>", "<head>\n" + note, 1)
    return page


_NPM_VERSIONS = {
    "leaflet": "leaflet@1.9.4/dist",
    "leaflet.markercluster": "leaflet.markercluster@1.5.3/dist",
}


def _npm_path(rel: str) -> str:
    pkg, _, rest = rel.partition("/")
    return f"{_NPM_VERSIONS.get(pkg, pkg)}/{rest}"
