"""The dashboard's shareable state: filters, level, window and map view <-> URL query params."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from geo.model import LEVELS, EventFilter

MEASURES = ("mentions", "documents", "events")  # "events": distinct events (clusters)
_TYPE = re.compile(r"^[a-z][a-z_]{0,40}$")
_CODE = re.compile(r"^\d{2}(\d{2}){0,2}$")


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link restores."""

    date_from: date | None = None
    date_to: date | None = None
    level: str = "department"
    departments: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    text: str = ""
    min_confidence: float = 0.0
    lat: float | None = None
    lon: float | None = None
    zoom: float | None = None
    measure: str = "mentions"  # what the map counts: "mentions", "documents" or "events"
    types: tuple[str, ...] = ()  # event type ids (data/event_types.csv); empty = every type


def _one(params: Mapping[str, object], key: str) -> str | None:
    v = params.get(key)
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return None if v is None else str(v)


def _codes(raw: str | None, length: int) -> tuple[str, ...]:
    if not raw:
        return ()
    out = [c.strip() for c in raw.split(",")]
    return tuple(dict.fromkeys(c for c in out if _CODE.match(c) and len(c) == length))


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _float(raw: str | None, lo: float, hi: float) -> float | None:
    try:
        v = float(raw) if raw is not None else None
    except ValueError:
        return None
    return v if v is not None and lo <= v <= hi else None


def from_query(params: Mapping[str, object]) -> ViewState:
    """Read a state from query params; anything malformed is ignored (a link never crashes)."""
    level = _one(params, "level")
    zoom = _float(_one(params, "zoom"), 1, 18)
    conf = _float(_one(params, "conf"), 0.0, 1.0)
    return ViewState(
        date_from=_date(_one(params, "from")),
        date_to=_date(_one(params, "to")),
        level=level if level in LEVELS else "department",
        departments=_codes(_one(params, "dep"), 2),
        provinces=_codes(_one(params, "prov"), 4),
        districts=_codes(_one(params, "dist"), 6),
        text=(_one(params, "q") or "")[:200],
        min_confidence=conf or 0.0,
        measure=_one(params, "count") if _one(params, "count") in MEASURES else "mentions",
        lat=_float(_one(params, "lat"), -60.0, 20.0),
        lon=_float(_one(params, "lon"), -120.0, -30.0),
        zoom=round(zoom, 2) if zoom is not None else None,
        types=tuple(
            dict.fromkeys(t for t in (_one(params, "type") or "").split(",") if _TYPE.match(t))
        ),
    )


def to_query(state: ViewState) -> dict[str, str]:
    """The query params for a state (defaults omitted so links stay short)."""
    q: dict[str, str] = {}
    if state.date_from:
        q["from"] = state.date_from.isoformat()
    if state.date_to:
        q["to"] = state.date_to.isoformat()
    if state.level != "department":
        q["level"] = state.level
    for key, codes in (("dep", state.departments), ("prov", state.provinces),
                       ("dist", state.districts)):  # fmt: skip
        if codes:
            q[key] = ",".join(codes)
    if state.text:
        q["q"] = state.text
    if state.min_confidence:
        q["conf"] = f"{state.min_confidence:g}"
    if state.measure != "mentions":
        q["count"] = state.measure
    if state.types:
        q["type"] = ",".join(state.types)
    if state.lat is not None and state.lon is not None:
        q["lat"], q["lon"] = f"{state.lat:.3f}", f"{state.lon:.3f}"
    if state.zoom is not None:
        q["zoom"] = f"{state.zoom:g}"
    return q


def selection_prefixes(
    departments: Iterable[str], provinces: Iterable[str], districts: Iterable[str]
) -> tuple[str, ...]:
    """Ubigeo prefixes for the place pickers: the finest choice inside each picked area wins."""
    deps, provs, dists = list(departments), list(provinces), list(districts)
    out = list(dists)
    out += [p for p in provs if not any(d.startswith(p) for d in dists)]
    finer = provs + dists
    out += [d for d in deps if not any(c.startswith(d) for c in finer)]
    return tuple(sorted(dict.fromkeys(out)))


def to_filter(state: ViewState) -> EventFilter:
    """The store filter for a state."""
    return EventFilter(
        date_from=state.date_from,
        date_to=state.date_to,
        ubigeos=selection_prefixes(state.departments, state.provinces, state.districts),
        text=state.text.strip() or None,
        min_confidence=float(state.min_confidence or 0.0),
        text_scope="document",  # the dashboard searches titles and whole texts
        types=tuple(state.types),
    )
