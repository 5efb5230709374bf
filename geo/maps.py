"""Folium map building for the dashboard: pure functions from event frames to a folium.Map.

Everything that reaches the map's HTML or JavaScript from a document goes through
`escape_html_js`, which is safe both as HTML and inside folium's JavaScript template literals.
"""

from __future__ import annotations

import functools
import html
import json
import math
import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import numpy as np
import pandas as pd
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
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
# popups are built by its own layers' scripts, see POPUP_JS).
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


def highlight_parts(sentence: object, surface: object) -> tuple[str, int, int]:
    """(text, i, j): the sentence (cut around the place when long) and where the place is in it.

    text[i:j] is the first case-insensitive occurrence of the place (i == j when it is not in
    the sentence). Plain text: the browser puts it in the popup as text, never as HTML.
    """
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
        return s, 0, 0
    return s, i, i + len(word)


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


# What the map counts. Only body mentions count (headlines, datelines and a road's endpoints are
# not where something happened); "mentions" collapses them to one per sentence and unit,
# "documents" counts the distinct source documents per unit.
MEASURES: dict[str, str] = {
    "mentions": "Mentions (one per sentence)",
    "documents": "Documents (distinct sources)",
    "events": "Distinct events (reports grouped)",
}
_NOUN = {
    "mentions": ("mention", "mentions"),
    "documents": ("document", "documents"),
    "events": ("distinct event", "distinct events"),
}
COUNTED_ROLES = ("body",)


def measure_noun(measure: str, n: int = 2) -> str:
    """'mention'/'mentions' or 'document'/'documents' for a count."""
    one, many = _NOUN.get(measure, _NOUN["mentions"])
    return one if n == 1 else many


_NARROW = ("event_id", "doc_id", "ubigeo", "date_start", "role", "sentence_id", "cluster_id")


def _narrow_recent(frame: pd.DataFrame, extra: Sequence[str] = ()) -> pd.DataFrame:
    """Body-mention rows of a frame, few columns, most recent first; _pos is the frame position.

    Works on a handful of columns: taking every column of 100,000 rows per slider move cost
    most of the map's time.
    """
    cols = [c for c in (*_NARROW, *extra) if c in frame.columns]
    if "sentence_id" not in frame.columns and "sentence" in frame.columns:
        cols.append("sentence")
    f = frame[cols].assign(_pos=np.arange(len(frame)))
    if "role" in f.columns:
        f = f[f["role"].isin(COUNTED_ROLES) | f["role"].isna()]
    if f.empty:
        return f
    days = f["date_start"].to_numpy(dtype="datetime64[ns]").astype("int64")
    order = np.lexsort((-f["event_id"].to_numpy(dtype="int64"), -days))
    return f.iloc[order]


def counted_rows(frame: pd.DataFrame, level: str, measure: str = "mentions") -> pd.DataFrame:
    """The rows a measure counts at a level, most recent first, with the unit code in _key.

    Body mentions only (rows without a role column count as body); "mentions" keeps one row per
    sentence and unit, "documents" one per document and unit. Only the counting columns are
    kept, plus _pos (the row's position in frame) to fetch the rest.
    """
    f = _narrow_recent(frame)
    if f.empty:
        return f.assign(_key=pd.Series(dtype="string"))
    f = f.assign(_key=unit_key(f["ubigeo"], level)).dropna(subset=["_key"])
    if measure == "documents":
        return f.drop_duplicates(["doc_id", "_key"])
    sent = "sentence_id" if "sentence_id" in f.columns else "sentence"
    if measure == "events":  # one per event cluster (reports of one event grouped) and unit
        return f.assign(_ev=event_keys(f, sent)).drop_duplicates(["_ev", "_key"])
    return f.drop_duplicates(["doc_id", sent, "_key"])


def event_keys(f: pd.DataFrame, sent: str = "sentence") -> pd.Series:
    """The distinct event of each row: its cluster, else its own document sentence."""
    own = f["doc_id"].astype("string") + ":" + f[sent].astype("string")
    if "cluster_id" not in f.columns:
        return own
    return ("c" + f["cluster_id"].astype("Int64").astype("string")).fillna(own)


def measure_counts(frame: pd.DataFrame, level: str, measure: str = "mentions") -> pd.Series:
    """Count per unit code under a measure (what the choropleth colours and labels)."""
    if frame.empty:
        return pd.Series(dtype="int64")
    return counted_rows(frame, level, measure)["_key"].value_counts()


_SAMPLE_COLS = (
    "sentence", "surface", "title", "source", "url", "date_start", "event_types", "cluster_id",
)  # fmt: skip
MAX_SOURCES = 5  # reports listed under a distinct event in a popup


@functools.lru_cache(maxsize=4096)
def _type_labels(types: object) -> str:
    """'road block, protest' for a stored "road_block,protest" ('' for other/unknown)."""
    if not isinstance(types, str) or not types or types == "other":
        return ""
    from geo.events import default_taxonomy

    tax = default_taxonomy()
    return ", ".join(tax.label(t) for t in types.split(",") if t and t != "other")


def casualty_text(dead: int, hurt: int) -> str:
    """'14 killed · 20 injured' (empty when neither is stated)."""
    bits = [f"{dead:,} killed"] if dead else []
    if hurt:
        bits.append(f"{hurt:,} injured")
    return " · ".join(bits)


def _link(doc_title: object, source: object, url: object) -> tuple[str, str | None]:
    """(text, http(s) URL or None) of a source: its title, else its source, else 'source'."""
    return (_text(doc_title) or _text(source) or "source", safe_url(url))


def cluster_sources(frame: pd.DataFrame) -> dict[int, list[tuple]]:
    """The documents reporting each event cluster: (title, source, url), earliest first."""
    if "cluster_id" not in frame.columns or frame.empty:
        return {}
    f = frame.dropna(subset=["cluster_id"])
    f = f.sort_values(["doc_date", "doc_id"], kind="stable").drop_duplicates(
        ["cluster_id", "doc_id"]
    )
    out: dict[int, list[tuple]] = {}
    for cid, t, src, url in zip(f["cluster_id"].tolist(), f["title"].tolist(),
                                f["source"].tolist(), f["url"].tolist(), strict=True):  # fmt: skip
        out.setdefault(int(cid), []).append((t, src, url))
    return out


# --- popups: plain data on the server, built in the browser when opened -------------------------
# A popup is (name, count line, casualties, sentences, more): plain text, never HTML. Each
# sentence is (types, text, i, j, date, link, reports): text[i:j] is the place (marked), link
# (title, http(s) URL or None), reports None or (n, links) for a distinct event several
# documents reported. PopupPack turns popups into compact JSON (texts and links interned) and
# POPUP_JS builds the popup from it with DOM calls and textContent only, so no document text is
# ever parsed as HTML. At district level this halved the map's payload (one HTML string per unit
# before).
def popup_data(
    title: str,
    count_line: str,
    rows: Sequence[tuple],
    more: int = 0,
    casualties: str = "",
    sources: dict[int, list[tuple]] | None = None,
) -> tuple:
    """A popup's data: rows are _SAMPLE_COLS tuples (distinct sentences, latest first)."""
    sentences = []
    for sentence, surface, doc_title, source, url, d, types, cid in rows:
        docs = sources.get(int(cid)) if sources and not pd.isna(cid) else None
        reports = None
        if docs and len(docs) > 1:
            reports = (len(docs), tuple(_link(*x) for x in docs[:MAX_SOURCES]))
        text, i, j = highlight_parts(sentence, surface)
        date_txt = "" if d is None or d != d else str(d)[:10]
        sentences.append(
            (_type_labels(types), text, i, j, date_txt, _link(doc_title, source, url), reports)
        )
    return (str(title), count_line, casualties, tuple(sentences), max(0, int(more)))


def count_line(count: int, measure: str = "mentions", doc_count: int | None = None) -> str:
    """'12 mentions in 3 documents': a popup's count, saying its measure."""
    extra = ""
    if measure == "mentions" and doc_count:
        extra = f" in {doc_count:,} document{'s' if doc_count != 1 else ''}"
    return f"{count:,} {measure_noun(measure, count)}{extra}"


class PopupPack:
    """Popups as compact JSON rows, their sentence texts and links kept once per map."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.links: list[list] = []
        self._texts: dict[str, int] = {}
        self._links: dict[tuple, int] = {}

    def _text(self, s: str) -> int:
        k = self._texts.get(s)
        if k is None:
            k = self._texts[s] = len(self.texts)
            self.texts.append(s)
        return k

    def _link(self, link: tuple) -> int:
        k = self._links.get(link)
        if k is None:
            k = self._links[link] = len(self.links)
            self.links.append([link[0], link[1]])
        return k

    def row(self, pop: tuple) -> list:
        """[name, count line, casualties, sentences, more] with sentences as index rows."""
        name, line, casualties, sentences, more = pop
        rows = []
        for types, text, i, j, d, link, reports in sentences:
            rep = [reports[0], [self._link(x) for x in reports[1]]] if reports else 0
            rows.append([self._text(types) if types else -1, self._text(text), i, j, d,
                         self._link(link), rep])  # fmt: skip
        return [name, line, casualties, rows, more]

    def tables_json(self, measure: str = "mentions") -> str:
        """The interned tables and the count nouns, as script-safe JSON for POPUP_JS."""
        return safe_json([self.texts, self.links, list(_NOUN.get(measure, _NOUN["mentions"]))])


# Builds popups and tooltips from PopupPack rows (pemPopups(tables) in a layer's script). Text
# from documents goes in through textContent and createTextNode only; a link's href must be
# http(s) (checked on the server by safe_url and again here).
POPUP_JS = r"""
function pemPopups(tables) {
  var T = tables[0], K = tables[1], N = tables[2];
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function txt(s) { return document.createTextNode(String(s)); }
  function num(n) { return Number(n).toLocaleString("en-US"); }
  function link(k) {
    var l = K[k] || ["source", null];
    if (l[1] && /^https?:\/\//i.test(l[1])) {
      var a = el("a", null, l[0]);
      a.href = l[1]; a.target = "_blank"; a.rel = "noopener noreferrer";
      return a;
    }
    return el("i", null, l[0]);
  }
  function popup(d, code) {
    var div = el("div", "pem-pop");
    div.appendChild(el("b", null, d[0]));
    div.appendChild(el("div", "pem-count", d[1]));
    if (d[2]) { div.appendChild(el("div", "pem-count", d[2])); }
    for (var n = 0; n < d[3].length; n++) {
      var s = d[3][n], p = el("p", "pem-s"), t = T[s[1]] || "";
      if (s[0] >= 0) { p.appendChild(el("span", "pem-type", T[s[0]])); p.appendChild(el("br")); }
      if (s[3] > s[2]) {
        p.appendChild(txt(t.slice(0, s[2])));
        p.appendChild(el("mark", null, t.slice(s[2], s[3])));
        p.appendChild(txt(t.slice(s[3])));
      } else { p.appendChild(txt(t)); }
      p.appendChild(el("br"));
      var src = el("span", "pem-src", s[4] + " · ");
      src.appendChild(link(s[5]));
      p.appendChild(src);
      if (s[6]) {
        var r = el("span", "pem-src", "Reported by " + s[6][0] + " sources: ");
        for (var m = 0; m < s[6][1].length; m++) {
          if (m) { r.appendChild(txt(", ")); }
          r.appendChild(link(s[6][1][m]));
        }
        if (s[6][0] > s[6][1].length) {
          r.appendChild(txt(" and " + (s[6][0] - s[6][1].length) + " more"));
        }
        p.appendChild(el("br"));
        p.appendChild(r);
      }
      div.appendChild(p);
    }
    if (d[4] > 0) {
      var a = el("a", "pem-more", "+ " + num(d[4]) + " more: all in the table below");
      a.href = "#pem-table";
      a.setAttribute("data-u", String(code));
      div.appendChild(a);
    }
    return div;
  }
  function tip(d, count) {
    var div = el("div");
    div.appendChild(el("b", null, d[0]));
    if (count !== undefined && count !== null) {
      div.appendChild(el("br"));
      div.appendChild(txt(num(count) + " " + (count === 1 ? N[0] : N[1])));
    }
    return div;
  }
  return {popup: popup, tip: tip};
}
"""


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def _samples(
    f: pd.DataFrame, keys: Sequence[str], n: int = MAX_SENTENCES, frame: pd.DataFrame | None = None
) -> dict[Any, list[tuple]]:
    """The first n rows of each group with distinct sentences, as _SAMPLE_COLS tuples.

    With frame, f is narrow (see _narrow_recent): the sample columns are fetched from frame for
    a few candidate rows per group only.
    """
    if frame is not None:
        cand = f.groupby(list(keys), sort=False).head(n * 4)
        wide = frame.iloc[cand["_pos"].to_numpy()]
        f = wide[[c for c in (*_SAMPLE_COLS,) if c in wide.columns]].assign(
            **{k: cand[k].to_numpy() for k in keys}
        )
    if "sentence" in f.columns:
        f = f.drop_duplicates([*keys, "sentence"])
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


def unit_counts(
    frame: pd.DataFrame,
    level: str,
    gazetteer: Any = None,
    measure: str = "mentions",
    counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per unit at level with counted rows: ubigeo, name, count, docs, lat, lon, popup.

    count is the measure (see counted_rows); docs the distinct documents behind it. counts
    (ubigeo, count, documents: the store's unit_summary with this measure, counted in the
    database) gives those numbers; the frame then only supplies popups and casualties. popup is
    the popup's data (popup_data: plain text, built into HTML by the browser).
    """
    from geo.clusters import casualty_totals

    cols = ["ubigeo", "name", "count", "docs", "lat", "lon", "popup", "fatalities", "injured"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    f = counted_rows(frame, level, measure)
    if f.empty:
        return pd.DataFrame(columns=cols)
    hurt: dict[str, tuple[int, int]] = {}
    if "fatalities" in frame.columns and (
        frame["fatalities"].notna().any() or frame["injured"].notna().any()
    ):
        every = frame.assign(_key=unit_key(frame["ubigeo"], level)).dropna(subset=["_key"])
        hurt = {k: casualty_totals(grp) for k, grp in every.groupby("_key", sort=False)}
    sources = cluster_sources(frame) if measure == "events" else None
    if counts is not None:
        agg = pd.DataFrame(
            {"_key": counts["ubigeo"].astype(str), "count": counts["count"],
             "docs": counts["documents"]}
        )  # fmt: skip
    else:
        g = f.groupby("_key", sort=True)
        agg = g.agg(count=("event_id", "size"), docs=("doc_id", "nunique")).reset_index()
        if measure == "events":  # one row kept per event: its other reports' documents count too
            agg["docs"] = agg["_key"].map(measure_counts(frame, level, "documents")).to_numpy()
    # Hundreds of units (districts): two sentences each keep the page light.
    by_key = _samples(f, ["_key"], MAX_SENTENCES if len(agg) <= MANY_UNITS else 2, frame)
    sent = "sentence_id" if "sentence_id" in f.columns else "sentence"
    distinct = f.drop_duplicates(["_key", sent])["_key"].value_counts().to_dict()
    units = getattr(gazetteer, "units", {}) if gazetteer is not None else {}
    out = []
    for key, count, docs in zip(*(agg[c].tolist() for c in ("_key", "count", "docs")), strict=True):
        name = _unit_name(key, gazetteer)
        u = units.get(key)
        lat, lon = (u.lat, u.lon) if u is not None else _mean_point(frame, f, key)
        dead, injured = hurt.get(key, (0, 0))
        rows = by_key.get(key, [])
        out.append(
            (key, name, int(count), int(docs), lat, lon,
             popup_data(name, count_line(int(count), measure, int(docs)), rows,
                        int(distinct.get(key, count)) - len(rows), casualty_text(dead, injured),
                        sources), dead, injured)
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def _mean_point(frame: pd.DataFrame, f: pd.DataFrame, key: str) -> tuple[float, float]:
    rows = frame.iloc[f.loc[f["_key"] == key, "_pos"].to_numpy()]
    return float(rows["lat"].mean()), float(rows["lon"].mean())


def place_points(
    frame: pd.DataFrame, gazetteer: Any = None, limit: int = MAX_MARKERS
) -> pd.DataFrame:
    """One row per distinct place (its own ubigeo and point) with body mentions: the dot layer.

    count only orders the places (the busiest are kept); the dots never show a number, so the
    map has one count: the choropleth's.
    """
    cols = ["ubigeo", "name", "count", "lat", "lon", "popup", "colour"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    f = _narrow_recent(frame, ("place", "lat", "lon", "event_types"))
    f = f[f["lat"].notna().to_numpy() & f["lon"].notna().to_numpy()]
    if f.empty:
        return pd.DataFrame(columns=cols)
    colours = _type_colours(f)
    # Plain Python strings: hashing them is several times faster than Arrow-backed strings.
    pl = np.array([p if isinstance(p, str) else "" for p in f["place"].tolist()], dtype=object)
    keys = np.array(f["ubigeo"].tolist(), dtype=object) + "|" + pl
    f = f.assign(_pl=pl, _k=keys)
    counts = pd.Series(keys, dtype=object).value_counts(sort=True).head(limit)
    f = f[f["_k"].isin(set(counts.index))]
    first = f.drop_duplicates("_k")
    info = {
        k: (code, p, la, lo)
        for k, code, p, la, lo in zip(
            first["_k"].tolist(), first["ubigeo"].tolist(), first["_pl"].tolist(),
            first["lat"].tolist(), first["lon"].tolist(), strict=True,
        )
    }  # fmt: skip
    by_key = _samples(f, ["_k"], MAX_SENTENCES, frame)
    out = []
    for k, count in counts.items():
        code, pl_name, lat, lon = info[k]
        lat, lon = float(lat), float(lon)
        base = _unit_name(code, gazetteer)
        name = f"{pl_name}, {base}" if pl_name and pl_name not in base else base
        out.append(
            (code, name, int(count), lat, lon, popup_data(name, "place", by_key[k]),
             colours.get((code, pl_name, lat, lon)))
        )  # fmt: skip
    return pd.DataFrame(out, columns=cols)


def _first_type(types: object) -> str:
    return str(types).split(",")[0] if isinstance(types, str) and types else "other"


def first_types(types: pd.Series) -> pd.Series:
    """Each row's first event type ('other' when none), worked out once per distinct value.

    A window holds tens of thousands of rows but only a few dozen type combinations.
    """
    codes, uniques = pd.factorize(types, use_na_sentinel=True)
    firsts = np.array([_first_type(u) for u in uniques] + ["other"], dtype=object)
    return pd.Series(firsts[codes], index=types.index, dtype=object)


def _type_colours(f: pd.DataFrame) -> dict[tuple, str]:
    """The colour of each place's most frequent event type (a mention's first type)."""
    if "event_types" not in f.columns or f.empty:
        return {}
    from geo.events import default_taxonomy

    tax = default_taxonomy()
    place = f["place"].where(f["place"].notna() & (f["place"].astype("string") != ""), None)
    g = f.assign(_pl=place.fillna(""), _t=first_types(f["event_types"]))
    top = (
        g.groupby(["ubigeo", "_pl", "lat", "lon", "_t"], sort=False)
        .size()
        .reset_index(name="n")
        .sort_values("n", ascending=False, kind="stable")
        .drop_duplicates(["ubigeo", "_pl", "lat", "lon"])
    )
    keys = zip(top["ubigeo"], top["_pl"], top["lat"], top["lon"], top["_t"], strict=True)
    return {(c, p, la, lo): tax.colour(t) for c, p, la, lo, t in keys}


def type_legend(frame: pd.DataFrame) -> list[tuple[str, str, int]]:
    """(label, colour, mentions) of the event types in a frame, in taxonomy order."""
    if "event_types" not in frame.columns or frame.empty:
        return []
    from geo.events import default_taxonomy

    tax = default_taxonomy()
    counts = first_types(frame["event_types"]).value_counts()
    return [(t.label, t.colour, int(counts[t.id])) for t in tax.types if t.id in counts.index]


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


def _map_of(el: Any) -> str:
    """The JavaScript name of the folium.Map an element sits in (through feature groups)."""
    node = el
    while node is not None and not isinstance(node, folium.Map):
        node = getattr(node, "_parent", None)
    return node.get_name() if node is not None else "map"


def _render_macros(el: MacroElement, links: bool = False, **kwargs: Any) -> None:
    """MacroElement.render without re-compiling the output (and JSCSSMixin's links if asked)."""
    if hasattr(el, "map_ref"):
        el.map_ref = _map_of(el)
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
        .pem-pop .pem-more{color:#8c2d19;font-size:12px;text-decoration:underline;cursor:pointer}
        .pem-legend details summary{cursor:pointer;list-style:none}
        .pem-legend details summary::-webkit-details-marker{display:none}
        .pem-legend details:not([open]) summary b::after{content:" ▸"}
        .pem-legend .pem-note{margin-top:4px;color:#555;max-width:200px}
        .pem-lbl{pointer-events:none;white-space:nowrap;text-align:center;
          font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#3b3127;
          text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}
        .pem-lbl-n{font-weight:700;font-size:12px;color:#3a0c05;line-height:17px}
        .pem-lbl-d{font-size:11px;letter-spacing:.04em;text-transform:uppercase;line-height:15px}
        .pem-lbl-p{font-size:11px;font-style:italic;line-height:14px}
        .pem-lbl-c{font-size:10px;line-height:13px;color:#4a4036}
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
            L.DomEvent.disableClickPropagation(div);
            var fold = div.querySelector("details");
            if (fold && map.getSize().x < 520) { fold.open = false; }  // phones: folded
            return div;
          };
          legend.addTo(map);
          // "+N more" in a popup: the click on the region filtered the table; go to it.
          map.getContainer().addEventListener("click", function (e) {
            var a = e.target && e.target.closest ? e.target.closest("a.pem-more") : null;
            if (!a) { return; }
            e.preventDefault();
            try {
              var t = window.parent.document.getElementById("pem-table");
              if (t) { t.scrollIntoView({behavior: "smooth", block: "start"}); }
            } catch (err) {}
          }, true);
          var title = L.control({position: "topleft"});
          title.onAdd = function(){
            var div = L.DomUtil.create("div", "pem-title");
            div.innerHTML = {{ this.title_json }};
            return div;
          };
          if ({{ this.title_json }} && map.getSize().x >= 520) { title.addTo(map); }
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
    """Keeps the user's view across reruns and in the dashboard URL, without rerunning the app.

    The view (centre, zoom) lives in the tab's sessionStorage, tagged with the server session
    and its frame counter: a redrawn map (new counts, a preset, the slider) restores it; only a
    new frame request (the "Frame selection" button, a new place selection) fits the bounds.
    The URL's lat/lon/zoom are rewritten on every move and again whenever the app replaces the
    query string (Streamlit never sees them after the first load, so it cannot send them back).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map){
          var top, tag = {{ this.tag_json }}, seq = {{ this.seq }}, fit = {{ this.fit_json }};
          try { top = window.parent; if (!top.sessionStorage) { top = window; } }
          catch (e) { top = window; }
          var KEY = "pem-view";
          function load() {
            try { return JSON.parse(top.sessionStorage.getItem(KEY) || "null"); }
            catch (e) { return null; }
          }
          function inUrl(c, z) {
            try {
              var u = new URL(top.location.href);
              var want = {lat: c.lat.toFixed(3), lon: c.lng.toFixed(3),
                          zoom: String(Math.round(z * 100) / 100)};
              var same = true;
              for (var k in want) { if (u.searchParams.get(k) !== want[k]) { same = false; } }
              if (same || top === window) { return; }
              for (var k2 in want) { u.searchParams.set(k2, want[k2]); }
              top.history.replaceState(top.history.state, "", u.toString());
            } catch (e) {}
          }
          function save() {
            var c = map.getCenter(), z = map.getZoom();
            try {
              top.sessionStorage.setItem(KEY, JSON.stringify(
                {tag: tag, seq: seq, lat: c.lat, lon: c.lng, zoom: z}));
            } catch (e) {}
            inUrl(c, z);
          }
          var st = load();
          if (st && st.tag === tag && st.seq === seq && isFinite(st.lat) && isFinite(st.zoom)) {
            var back = function () { map.setView([st.lat, st.lon], st.zoom, {animate: false}); };
            back();
            setTimeout(back, 0);  // again once the frame has its final size (no drift)
            setTimeout(back, 250);
          } else if (fit) {
            map.fitBounds(fit, {maxZoom: 10, animate: false});
          }
          map.on("moveend", save);
          save();
          setInterval(function(){ inUrl(map.getCenter(), map.getZoom()); }, 400);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, tag: str = "", seq: int = 0, fit: Any = None) -> None:
        super().__init__()
        self._name = "PemViewSync"
        self.tag_json = safe_json(str(tag))
        self.seq = int(seq)
        self.fit_json = safe_json([list(fit[0]), list(fit[1])] if fit else None)


class PointLayer(folium.map.Layer):
    """Circle markers from one JSON array (fast for thousands of points).

    kind="units": units without polygons, sized and coloured by their count (points mode);
    kind="places": small dots of the places behind the counts, all alike and without numbers,
    so they never read as a second count or as a unit.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function(group, map){
          function popupOptions(map) {
            // Room for the close button: past the zoom buttons and title (top left), the layer
            // control (top right) and the legend (bottom right); phones have no title box.
            var size = map.getSize(), small = size.x < 520;
            return {maxWidth: Math.max(200, Math.min(360, size.x - (small ? 60 : 300))),
                    autoPanPaddingTopLeft: L.point(small ? 12 : 60, small ? 58 : 118),
                    autoPanPaddingBottomRight: L.point(small ? 12 : 250, small ? 46 : 24)};
          }
          {{ this.popup_js }}
          var rows = {{ this.rows_json }}, pops = pemPopups({{ this.tables_json }});
          var opts = popupOptions(map);
          function bind(m, r) {  // built when first opened (see POPUP_JS)
            m.bindPopup(function () { return pops.popup(r[4], r[6]); }, opts);
            m.bindTooltip(function () { return pops.tip(r[4], r[5]); });
          }
          for (var i = 0; i < rows.length; i++) {
            var r = rows[i];
            // A place dot takes its event type's colour (r[7]); its size never changes.
            var m = L.circleMarker([r[0], r[1]],
                                   r[7] ? Object.assign({}, {{ this.style }}, {fillColor: r[7]})
                                        : {{ this.style }});
            {% if this.kind == "units" %}m.setStyle({radius: r[2], fillColor: r[3]});{% endif %}
            m.feature = {type: "Feature", properties: {ubigeo: r[6], kind: {{ this.kind_json }}}};
            bind(m, r);
            group.addLayer(m);
          }
        })({{ this.get_name() }}, {{ this.map_ref }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        points: pd.DataFrame,
        bins: Sequence[ClassBin],
        name: str,
        kind: str = "places",
        show: bool = True,
        measure: str = "mentions",
    ):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "PointLayer"
        self.kind = kind
        self.kind_json = json.dumps(kind)
        self.map_ref = "map"
        if kind == "units":
            style = {"color": "#5b1a12", "weight": 1, "fillOpacity": 0.85, "radius": 6}
        else:
            style = {"radius": 3.5, "color": "#ffffff", "weight": 1.2, "fillColor": "#2b3a55",
                     "fillOpacity": 0.95}  # fmt: skip
        self.style = json.dumps(style)
        rows = []
        top = max([int(c) for c in points["count"]] or [1])
        cols = ("lat", "lon", "count", "popup", "ubigeo")
        colours = points["colour"].tolist() if "colour" in points.columns else [None] * len(points)
        pack = PopupPack()
        for (lat, lon, count, popup, code), colour in zip(
            zip(*(points[c].tolist() for c in cols), strict=True), colours, strict=True
        ):
            radius = 6 + 16 * math.sqrt(int(count) / top)
            rows.append(
                [round(float(lat), 5), round(float(lon), 5), round(radius, 1),
                 color_for(int(count), bins), pack.row(popup),
                 int(count) if kind == "units" else None, str(code),
                 colour if isinstance(colour, str) else None]
            )  # fmt: skip
        self.rows_json = safe_json(rows)
        self.tables_json = pack.tables_json(measure)
        self.popup_js = POPUP_JS

    def render(self, **kwargs: Any) -> None:
        _render_macros(self, **kwargs)


class LabelLayer(JSCSSMixin, folium.map.Layer):
    """Text labels placed without collisions, redrawn on every move and zoom.

    rows: (lat, lon, text, kind, min_zoom, dy) in priority order (the counts first, then
    department, province and district-capital names). A label is drawn only from its zoom on,
    inside the view, and when its box overlaps no label placed before it. Labels never take
    clicks, so the polygons under them stay clickable.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        (function(layer, map){
          var rows = {{ this.rows_json }};
          {% if this.static_rows %}rows = rows.concat({{ this.static_rows }});{% endif %}
          var size = {n: [7.6, 17], d: [7.0, 15], p: [6.4, 14], c: [6.0, 13]};
          function draw() {
            if (!map.hasLayer(layer)) { return; }
            layer.clearLayers();
            var z = map.getZoom(), view = map.getBounds().pad(0.05), placed = [];
            for (var i = 0; i < rows.length; i++) {
              var r = rows[i];
              if (z < r[4]) { continue; }
              var ll = L.latLng(r[0], r[1]);
              if (!view.contains(ll)) { continue; }
              var s = size[r[3]] || size.c, p = map.latLngToContainerPoint(ll);
              var w = r[6] * s[0] + 10, h = s[1], y = p.y + r[5];
              var box = [p.x - w / 2, y - h / 2, p.x + w / 2, y + h / 2], hit = false;
              for (var j = 0; j < placed.length; j++) {
                var q = placed[j];
                if (box[0] < q[2] && box[2] > q[0] && box[1] < q[3] && box[3] > q[1]) {
                  hit = true; break;
                }
              }
              if (hit) { continue; }
              placed.push(box);
              layer.addLayer(L.marker(ll, {interactive: false, keyboard: false,
                icon: L.divIcon({className: "pem-lbl pem-lbl-" + r[3], html: r[2],
                                 iconSize: [w, h], iconAnchor: [w / 2, h / 2 - r[5]]})}));
            }
          }
          map.on("zoomend moveend", draw);
          layer.on("add", function () { setTimeout(draw, 0); });
          setTimeout(draw, 0);
        })({{ this.get_name() }}, {{ this.map_ref }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows: Sequence[tuple],
        name: str = "Names",
        show: bool = True,
        static_rows: Sequence[tuple] = (),
        static_dir: Path | None = None,
    ):
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = "LabelLayer"
        self.map_ref = "map"
        self.rows_json = safe_json(_label_json_rows(rows))
        self.n_rows = len(rows) + len(static_rows)
        # static_rows (the base map's names) follow rows; they never change with the window, so
        # the dashboard sends them once as a static file (see static_data).
        self.static_rows = ""
        if static_rows:
            src = _static_names(static_rows, static_dir)
            if src is not None:
                url, self.static_rows = src
                self.default_js = [(f"pem_data_{url.rsplit('-', 1)[-1][:-3]}", url)]
            else:
                self.static_rows = safe_json(_label_json_rows(static_rows))

    def render(self, **kwargs: Any) -> None:
        _render_macros(self, **kwargs)


def _label_json_rows(rows: Sequence[tuple]) -> list[list]:
    out = []
    for lat, lon, text, kind, min_zoom, dy in rows:
        label = str(text)
        out.append(
            [round(float(lat), 4), round(float(lon), 4), escape_html_js(label), kind,
             float(min_zoom), int(dy), len(label)]
        )  # fmt: skip
    return out


_NAMES_CACHE: dict[tuple[int, str], tuple[Sequence[tuple], tuple[str, str] | None]] = {}


def _static_names(rows: Sequence[tuple], static_dir: Path | None) -> tuple[str, str] | None:
    """static_data of label rows, once per rows object (the dashboard caches its name rows)."""
    if static_dir is None:
        return None
    key = (id(rows), str(static_dir))
    hit = _NAMES_CACHE.get(key)
    if hit is not None and hit[0] is rows:
        return hit[1]
    if len(_NAMES_CACHE) > 8:
        _NAMES_CACHE.clear()
    src = static_data(safe_json(_label_json_rows(rows)), static_dir)
    _NAMES_CACHE[key] = (rows, src)
    return src


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


def label_points(gdf: Any) -> dict[str, tuple[float, float]]:
    """A point inside each polygon (lat, lon) where its label goes, computed once per layer."""
    entry = _cache_for(gdf)
    if "points" not in entry:
        import shapely

        pts = shapely.point_on_surface(gdf.geometry.values)
        entry["points"] = {
            str(c): (float(p.y), float(p.x))
            for c, p in zip(gdf["ubigeo"], pts, strict=True)
            if p is not None and not p.is_empty
        }
    return entry["points"]


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


STATIC_DIR = VENDOR_DIR.parent  # served by Streamlit at /app/static/ (enableStaticServing)
STATIC_URL = STATIC_VENDOR_URL.rsplit("/", 1)[0]
GENERATED = "generated"  # static/generated/: data files the dashboard writes (git-ignored)


def static_data(json_text: str, static_dir: Path | None) -> tuple[str, str] | None:
    """Put script-safe JSON in a static file the browser fetches once and keeps.

    Returns (script URL, the JavaScript expression that reads the data), or None when there is
    no static folder or it cannot be written (the caller then inlines the JSON). The file is
    named by its content hash, so a changed boundary file gets a new name and a browser never
    uses a stale copy; it is written once (atomically: parallel servers are harmless).
    """
    if static_dir is None:
        return None
    import hashlib
    import os

    # "v2": the file reads the data with JSON.parse (named anew so no browser keeps the old form)
    digest = hashlib.sha256(b"v2\n" + json_text.encode("utf-8")).hexdigest()[:20]
    name = f"pem-{digest}.js"
    path = Path(static_dir) / GENERATED / name
    expr = f'window.PEM_DATA["{digest}"]'
    if not path.is_file():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
            # JSON.parse of one string literal: V8 reads it about 3x faster than the same data
            # as an object literal (the district polygons: 8 ms against 23 ms in node), on the
            # main thread the map's frame shares with the page.
            tmp.write_text(
                f"window.PEM_DATA = window.PEM_DATA || {{}};\n"
                f"{expr} = JSON.parse({json.dumps(json_text)});\n",
                encoding="utf-8",
            )
            os.replace(tmp, path)
        except OSError:
            return None
    return f"{STATIC_URL}/{GENERATED}/{name}", expr


def static_geometry(gdf: Any, static_dir: Path | None) -> tuple[str, str] | None:
    """static_data of a layer's GeoJSON (geometry_json), worked out once per layer and folder."""
    if static_dir is None:
        return None
    entry = _cache_for(gdf)
    key = ("static", str(static_dir))
    if key not in entry:
        entry[key] = static_data(geometry_json(gdf), static_dir)
    return entry[key]


class ChoroplethLayer(JSCSSMixin, folium.map.Layer):
    """Polygons from a cached GeoJSON string, styled and bound from a small per-unit table.

    Only the table (count, color, popup, tooltip of units with events) changes when the window
    moves; the geometry string is built once per boundary layer.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
          function popupOptions(map) {
            // Room for the close button: past the zoom buttons and title (top left), the layer
            // control (top right) and the legend (bottom right); phones have no title box.
            var size = map.getSize(), small = size.x < 520;
            return {maxWidth: Math.max(200, Math.min(360, size.x - (small ? 60 : 300))),
                    autoPanPaddingTopLeft: L.point(small ? 12 : 60, small ? 58 : 118),
                    autoPanPaddingBottomRight: L.point(small ? 12 : 250, small ? 46 : 24)};
          }
          {% if this.interactive %}{{ this.popup_js }}
          var pops = pemPopups({{ this.tables_json }});{% endif %}
          var props = {{ this.props_json }};
          var opts = popupOptions(map);
          return L.geoJson({{ this.geometry }}, {
            {% if not this.interactive %}interactive: false,{% endif %}
            style: function (f) {
              {% if this.fixed_style %}return {{ this.fixed_style }};{% else %}
              var p = props[f.properties.ubigeo];
              return {fillColor: p ? p[1] : {{ this.no_data }}, color: "#6b5d4f", weight: 0.8,
                      fillOpacity: p ? 0.78 : 0.35};{% endif %}
            }{% if this.interactive %},
            onEachFeature: function (f, layer) {
              // f.properties.n is the polygon's name, escaped on the server (geometry_json).
              var code = f.properties.ubigeo, p = props[code];
              var name = "<b>" + f.properties.n + "</b>";
              var none = '<div class="pem-pop">' + name + "<div>no events</div></div>";
              if (p) {  // built when first opened (see POPUP_JS)
                layer.bindTooltip(function () { return pops.tip(p[2], p[0]); }, {sticky: true});
                layer.bindPopup(function () { return pops.popup(p[2], code); }, opts);
              } else {
                layer.bindTooltip(name + "<br>no events", {sticky: true});
                layer.bindPopup(none, opts);
              }
              {% if this.hover %}
              layer.on("mouseover", function () { this.setStyle({weight: 2.5, color: "#222"}); });
              layer.on("mouseout", function () { this.setStyle({weight: 0.8, color: "#6b5d4f"}); });
              {% endif %}
            }{% endif %}
          });
        })({{ this.map_ref }});
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
        static_dir: Path | None = None,
        measure: str = "mentions",
    ):
        super().__init__(name=name, overlay=overlay, control=control, show=True)
        self._name = "ChoroplethLayer"
        self.map_ref = "map"
        # The polygons never change with the window: from a static file the browser keeps
        # (st_folium loads default_js before the map script), else inline.
        src = static_geometry(gdf, static_dir)
        if src is not None:
            url, self.geometry = src
            self.default_js = [(f"pem_data_{url.rsplit('-', 1)[-1][:-3]}", url)]
        else:
            self.geometry = geometry_json(gdf)
        self.interactive = interactive
        self.fixed_style = json.dumps(fixed_style) if fixed_style else ""
        self.no_data = json.dumps(NO_DATA_COLOR)
        self.hover = len(rounded_geometries(gdf)) <= 400
        props: dict[str, list] = {}
        pack = PopupPack()
        if units is not None and not units.empty:
            cols = ("ubigeo", "count", "popup")
            for code, count, popup in zip(*(units[c].tolist() for c in cols), strict=True):
                props[str(code)] = [int(count), color_for(int(count), bins), pack.row(popup)]
        self.props_json = safe_json(props)
        self.tables_json = pack.tables_json(measure)
        self.popup_js = POPUP_JS

    def render(self, **kwargs: Any) -> None:
        _render_macros(self, **kwargs)


def _round_geom(g: dict, nd: int = 4) -> dict:
    """Coordinates rounded to ~10 m: a third of the payload, no visible change."""

    def rnd(c: Any) -> Any:
        if isinstance(c, (int, float)):
            return round(c, nd)
        return [rnd(x) for x in c]

    return {"type": g["type"], "coordinates": rnd(g["coordinates"])}


MEASURE_HEAD = {"mentions": "Mentions", "documents": "Documents", "events": "Distinct events"}
MEASURE_NOTE = {
    "mentions": "mentions in the body of the texts, one per sentence and unit (headlines, "
    "datelines and road endpoints not counted)",
    "documents": "distinct source documents with a body mention of the unit",
    "events": "distinct events: reports of the same place, dates and type from any documents "
    "grouped into one",
}


MEASURE_SHORT = {
    "mentions": "body text, one per sentence and unit",
    "documents": "distinct source documents",
    "events": "reports of one event grouped",
}


def layer_name(level: str, measure: str = "mentions") -> str:
    """The layer-control and legend name of the count layer, e.g. "Mentions per department"."""
    return f"{MEASURE_HEAD.get(measure, 'Mentions')} per {level}"


def _legend_html(
    level: str,
    bins: Sequence[ClassBin],
    points: bool,
    total: int,
    measure: str = "mentions",
    classes_note: str = "classes of this window",
    types: Sequence[tuple[str, str, int]] = (),
) -> str:
    head = layer_name(level, measure) + (" (points)" if points else "")
    rows = [f'<details class="pem-fold" open><summary><b>{escape_html_js(head)}</b></summary>']
    dot = ' class="pem-dot"' if points else ""
    if not bins:
        rows.append("none in this selection")
    for b in bins:
        rows.append(f'<div><i{dot} style="background:{b.color}"></i>{b.label}</div>')
    if not points:
        rows.append(f'<div><i style="background:{NO_DATA_COLOR}"></i>0</div>')
    noun = measure_noun(measure, total)
    rows.append(
        f'<div class="pem-note">{total:,} {noun} at {level} level '
        f"({escape_html_js(MEASURE_SHORT.get(measure, ''))}); {escape_html_js(classes_note)}. "
        "Dots: places named.</div></details>"
    )
    if types:
        rows.append('<details class="pem-fold" open><summary><b>Dots: event type</b></summary>')
        # <p>, not <div>: the class rows of the count legend are the only divs with a swatch.
        for label, colour, n in types:
            rows.append(
                f'<p class="pem-typekey" style="margin:0"><i class="pem-dot" '
                f'style="background:{colour}"></i>{escape_html_js(label)} ({n:,})</p>'
            )
        rows.append("</details>")
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
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None  # bounds to frame
    view_tag: str = ""  # the dashboard session: a stored view of another session is not reused
    fit_seq: int = 0  # bumped by each frame request; a stored view of an older one is dropped
    measure: str = "mentions"  # what the count layer counts (MEASURES)
    bins: tuple[ClassBin, ...] | None = None  # fixed colour classes (Play), else per window
    classes_note: str = "classes of this window"


def selection_bounds(
    codes: Sequence[str], gazetteer: Any, base: Any = None
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """South-west/north-east corners around the picked units.

    base: a polygon layer or a list of them (departments, provinces, districts); a unit with a
    polygon is framed by it, one without by its point with a margin.
    """
    pad = {2: 0.8, 4: 0.35, 6: 0.12}
    lats: list[float] = []
    lons: list[float] = []
    polys: dict[str, Any] = {}
    layers = base if isinstance(base, (list, tuple)) else [base]
    for layer in layers:
        if layer is not None and len(layer):
            polys.update(zip(layer["ubigeo"].astype(str), layer.geometry, strict=True))
    units = getattr(gazetteer, "units", {}) if gazetteer is not None else {}
    for code in codes:
        poly = polys.get(code)
        if poly is not None and not poly.is_empty:
            x0, y0, x1, y1 = poly.bounds
            lats += [y0, y1]
            lons += [x0, x1]
        elif code in units:
            u, d = units[code], pad.get(len(code), 0.3)
            lats += [u.lat - d, u.lat + d]
            lons += [u.lon - d, u.lon + d]
    if not lats:
        return None
    return (min(lats), min(lons)), (max(lats), max(lons))


def count_label_rows(units: pd.DataFrame, boundaries: Any = None) -> list[tuple]:
    """Number labels of the count layer, biggest first, inside each unit's polygon if it has one."""
    if units is None or units.empty:
        return []
    pts = label_points(boundaries) if boundaries is not None and len(boundaries) else {}
    rows = []
    order = units.sort_values("count", ascending=False, kind="stable")
    for code, count, lat, lon in zip(
        *(order[c].tolist() for c in ("ubigeo", "count", "lat", "lon")), strict=True
    ):
        la, lo = pts.get(str(code), (lat, lon))
        rows.append((la, lo, f"{int(count):,}", "n", 0, 9))
    return rows


def name_label_rows(
    gazetteer: Any,
    departments: Any = None,
    provinces: Any = None,
    capitals: Mapping[str, tuple[str, float, float]] | None = None,
) -> list[tuple]:
    """The offline base map's names: departments, provinces from zoom 7, district capitals from 9.

    capitals: district code -> (capital name, lat, lon).
    """
    rows: list[tuple] = []
    units = getattr(gazetteer, "units", {}) if gazetteer is not None else {}
    dep_pts = label_points(departments) if departments is not None and len(departments) else {}
    prov_pts = label_points(provinces) if provinces is not None and len(provinces) else {}
    for code, u in sorted(units.items()):
        if u.level == "department":
            la, lo = dep_pts.get(code, (u.lat, u.lon))
            rows.append((la, lo, u.name, "d", 0, -9))
    for code, u in sorted(units.items()):
        if u.level == "province":
            la, lo = prov_pts.get(code, (u.lat, u.lon))
            rows.append((la, lo, u.name, "p", 7, -8))
    for _code, (name, la, lo) in sorted((capitals or {}).items()):
        rows.append((la, lo, name, "c", 9, -7))
    return rows


def build_map(
    frame: pd.DataFrame,
    view: MapView,
    gazetteer: Any = None,
    boundaries: Any = None,
    base: Any = None,
    asset_url: str | None = STATIC_VENDOR_URL,
    units: pd.DataFrame | None = None,
    names: Sequence[tuple] | None = None,
    static_dir: Path | None = None,
    places: pd.DataFrame | None = None,
) -> folium.Map:
    """The dashboard map: one count layer (choropleth with number labels), place dots, names.

    boundaries: polygons of view.level (GeoDataFrame[ubigeo, name, geometry]) or None to draw the
    level as points; base: department polygons drawn as the offline base map; units: the
    unit_counts(frame, view.level, gazetteer, view.measure) the caller already has; names: the
    base map's label rows (name_label_rows), default the department names; static_dir: where
    the polygons and the names go as static files the browser caches (the dashboard's
    static/ folder; None inlines them, as the standalone HTML export needs); places: the
    place_points(frame, gazetteer) the caller already has.
    """
    level = view.level if view.level in LEVELS else "department"
    measure = view.measure if view.measure in MEASURES else "mentions"
    if units is None:
        units = unit_counts(frame, level, gazetteer, measure)
    if view.bins is not None:
        bins = list(view.bins)
    else:
        bins = class_breaks(units["count"]) if not units.empty else []
    m = folium.Map(
        location=list(view.center or PERU_CENTER),
        zoom_start=view.zoom or PERU_ZOOM,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        height=view.height,
    )
    # With tiles=None folium leaves the zoom range unset.
    m.options.update(min_zoom=3, max_zoom=14, zoom_snap=0.25, zoom_delta=0.5)
    fit = view.fit
    if fit is None and (view.center is None or view.zoom is None):
        fit = PERU_BOUNDS
    if not view.sync_url and fit is not None:  # the standalone page: framed once by Leaflet
        m.fit_bounds([list(fit[0]), list(fit[1])], max_zoom=10)
    if view.sync_url:
        # Before any layer: the view is set (restored or fitted) on the empty map, so the
        # polygons are projected and drawn once, at the final view (a fit after them projected
        # all 1,826 district polygons twice: ~0.15 s of the first map in chromium).
        m.add_child(_ViewSync(view.view_tag, view.fit_seq, fit))
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
            static_dir=static_dir,
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
    count_layer: Any
    if not points_mode:
        count_layer = ChoroplethLayer(
            boundaries, units, bins, name=layer_name(level, measure), static_dir=static_dir,
            measure=measure,
        )  # fmt: skip
    else:
        count_layer = PointLayer(units, bins, name=layer_name(level, measure), kind="units",
                                 measure=measure)  # fmt: skip
    count_layer.add_to(m)

    if places is None:
        places = place_points(frame, gazetteer)
    if not places.empty:
        dots = PointLayer(places, [], name="Places", kind="places")
        dots.add_to(m)

    if names is None:
        names = name_label_rows(gazetteer, base)
    labels = LabelLayer(
        count_label_rows(units, boundaries), name="Labels", static_rows=names,
        static_dir=static_dir,
    )  # fmt: skip
    labels.control = False
    labels.add_to(m)

    title_html = ""
    if view.title:
        title_html = f"<b>{escape_html_js(view.title)}</b>"
        if view.subtitle:
            title_html += f"<br><small>{escape_html_js(view.subtitle)}</small>"
    legend = _legend_html(
        level, bins, points_mode, total, measure, view.classes_note, type_legend(frame)
    )
    m.add_child(_Legend(legend, title_html))
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
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
                (n, url if n.startswith("pem_data_") else f"{base_url}/{VENDOR_FILES[n]}")
                for n, url in assets
                if n in VENDOR_FILES or n.startswith("pem_data_")
            ]
            setattr(el, attr, local)


def asset_urls(m: folium.Map) -> list[str]:
    """Every script/stylesheet URL the map will load (what st_folium passes to the browser)."""
    out: list[str] = []
    for el in _walk(m):
        for attr in ("default_js", "default_css"):
            out.extend(url for _n, url in getattr(el, attr, None) or [])
    return list(dict.fromkeys(out))


def standalone_html(m: folium.Map, vendor_dir: Path = VENDOR_DIR, title: str = "") -> str:
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
    if title:
        page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
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
