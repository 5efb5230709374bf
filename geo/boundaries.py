"""Boundary polygons per admin level: the embedded departments and user-added layers.

A user brings province or district polygons (GeoJSON, GeoPackage or a zipped Shapefile);
`add_boundaries` finds the ubigeo column, repairs, dissolves, simplifies and stores them as
GeoParquet under `<data_dir>/boundaries/<level>.parquet`. `load_boundaries` returns the
user's polygons of a level, else the shipped ones (data/), or None when neither exists (the
map then draws points).
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.model import LEVELS

LEVEL_DIGITS: dict[str, int] = {"department": 2, "province": 4, "district": 6}
_DATA = Path(__file__).resolve().parents[1] / "data"
EMBEDDED_DEPARTMENTS = _DATA / "departments.geojson"
# Shipped polygons per level (provinces and districts: simplified INEI 2007 limits, MPL-2.0,
# built by scripts/build_boundaries.py --inei); a layer the user adds overrides them.
EMBEDDED: dict[str, Path] = {
    "department": EMBEDDED_DEPARTMENTS,
    "province": _DATA / "provinces.geojson",
    "district": _DATA / "districts.geojson",
}

# Simplification tolerance in degrees (about 220 m at Peru's latitudes). GEOS's coverage
# simplifier (Visvalingam-Whyatt) drops a vertex when its triangle is smaller than tolerance²,
# and shared borders stay shared, so no slivers or gaps appear between neighbours. Measured
# with bench/bench_boundaries.py --dense: a 3.3-million-vertex district file of all Peru comes
# out at 2.5 MB of GeoJSON (0.001 gave 7.4 MB); the INEI 2007 "simple" files barely change.
DEFAULT_TOLERANCE = 0.002
# Coordinates are snapped to this grid (about 1 m): plenty for a web map, and it keeps the
# GeoJSON the dashboard sends to the browser small.
COORD_GRID = 1e-5
# A zip whose members unpack to more than this is refused (zip bomb guard).
MAX_ZIP_UNCOMPRESSED = 2 * 1024**3
# Share of non-empty rows whose values must look like ubigeo codes for a column to qualify.
MIN_CODE_SHARE = 0.9
# Rough bounding box of Peru with a margin (lon_min, lat_min, lon_max, lat_max).
PERU_BBOX = (-82.5, -19.0, -68.0, 0.5)

_GEO_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".fgb")
_CODE_HINTS = ("ubigeo", "iddist", "idprov", "iddpto", "iddp", "idpr", "cod", "id")
_NAME_HINTS: dict[str, tuple[str, ...]] = {
    "department": ("nombdep", "departamen", "nomb_dep", "dep"),
    "province": ("nombprov", "provincia", "nomb_prov", "prov"),
    "district": ("nombdist", "distrito", "nomb_dist", "dist"),
}
_GENERIC_NAME_HINTS = ("name", "nombre", "nomb")
# Row numbers and measures that auto-detection never takes as codes (--code-column still can).
_ROW_ID_COLUMNS = frozenset(
    {"objectid", "object_id", "fid", "gid", "oid", "ogc_fid", "id", "count", "area", "perimeter"}
)


class BoundaryError(ValueError):
    """A boundary file that cannot be used as given; the message is one line for the user."""


@dataclass(frozen=True)
class BoundaryReport:
    """What `add_boundaries` read, repaired, matched and wrote, for the CLI and the dashboard."""

    level: str
    source: str
    output: Path
    layer: str
    code_column: str
    features_read: int
    units_written: int
    matched: int
    not_in_gazetteer: tuple[tuple[str, str], ...]
    missing_from_file: tuple[tuple[str, str], ...]
    repaired: int
    dropped_empty: int
    empty_codes: tuple[str, ...]
    dropped_not_polygon: int
    dropped_bad_code: int
    dissolved: int
    outside_peru: int
    reprojected_from: str | None
    vertices_before: int
    vertices_after: int
    geojson_bytes: int
    seconds: float

    def summary(self) -> str:
        """Multi-line human report of the add, listing codes that did not match."""
        lines = [
            f"{self.level} boundaries from {self.source} (layer {self.layer!r}, "
            f"code column {self.code_column!r})",
            f"  features read:            {self.features_read}",
            f"  units written:            {self.units_written} -> {self.output}",
            f"  matched gazetteer:        {self.matched}",
            f"  repaired invalid:         {self.repaired}",
            f"  dropped empty geometry:   {self.dropped_empty}{_codes(self.empty_codes)}",
            f"  dropped non-polygons:     {self.dropped_not_polygon}",
            f"  dropped bad/missing code: {self.dropped_bad_code}",
            f"  features dissolved:       {self.dissolved} (merged into a unit with the same code)",
            f"  vertices:                 {self.vertices_before} -> {self.vertices_after}",
            f"  size as GeoJSON:          {self.geojson_bytes / 1e6:.2f} MB",
            f"  time:                     {self.seconds:.2f} s",
        ]
        if self.reprojected_from:
            lines.append(f"  reprojected from:         {self.reprojected_from}")
        if self.outside_peru:
            lines.append(
                f"  WARNING: {self.outside_peru} unit(s) lie outside Peru; is the CRS right?"
            )
        lines.append(_listing("codes not in the gazetteer (kept)", self.not_in_gazetteer))
        lines.append(
            _listing(
                f"gazetteer {self.level}s missing from the file (drawn as points)",
                self.missing_from_file,
            )
        )
        return "\n".join(lines)


def _codes(codes: tuple[str, ...], limit: int = 20) -> str:
    if not codes:
        return ""
    more = f", ... and {len(codes) - limit} more" if len(codes) > limit else ""
    return f" ({', '.join(codes[:limit])}{more})"


def _listing(title: str, items: tuple[tuple[str, str], ...], limit: int = 30) -> str:
    if not items:
        return f"  {title}: none"
    shown = ", ".join(f"{code} {name}".strip() for code, name in items[:limit])
    more = f", ... and {len(items) - limit} more" if len(items) > limit else ""
    return f"  {title}: {len(items)}: {shown}{more}"


# --- loading -----------------------------------------------------------------------------------
def _check_level(level: str) -> int:
    if level not in LEVEL_DIGITS:
        raise BoundaryError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    return LEVEL_DIGITS[level]


def layer_path(level: str, data_dir: Path) -> Path:
    """Where the user's boundaries of a level are stored."""
    _check_level(level)
    return Path(data_dir) / "boundaries" / f"{level}.parquet"


def _default_data_dir() -> Path:
    from geo.settings import load_settings

    return load_settings().data_dir


def _keeps_boundaries(store: Any) -> bool:
    """Whether a store keeps the user's boundaries itself (PostGIS: user_boundaries)."""
    return store is not None and bool(getattr(store, "keeps_boundaries", False))


def _layer_from_rows(rows: list[tuple[str, str | None, bytes]], digits: int) -> gpd.GeoDataFrame:
    """A layer (ubigeo, name, geometry) from a store's (ubigeo, name, WKB) rows."""
    codes = _normalise_codes(pd.Series([r[0] for r in rows], dtype="string"), digits)
    names = pd.Series([r[1] for r in rows], dtype="string").fillna(codes)
    geoms = shapely.from_wkb([bytes(r[2]) for r in rows])
    out = gpd.GeoDataFrame(
        {"ubigeo": codes.astype(object), "name": names.astype(object)}, geometry=geoms, crs=4326
    )
    out = out[out["ubigeo"].notna() & out.geometry.notna() & ~out.geometry.is_empty]
    return out.reset_index(drop=True)


def load_boundaries(
    level: str, data_dir: Path | None = None, store: Any = None
) -> gpd.GeoDataFrame | None:
    """Polygons of a level (ubigeo, name, geometry in EPSG:4326), or None when it has none.

    A layer added by the user wins; otherwise the shipped file of the level (data/). With a
    store that keeps boundaries (PostGIS), the user's layer is the one in the store, read
    from its user_boundaries table (made valid there), never a file of the data folder: every
    dashboard and export on the server sees the same polygons.
    """
    _check_level(level)
    if _keeps_boundaries(store):
        rows = store.boundary_units(level)
        if rows:
            layer = _layer_from_rows(rows, LEVEL_DIGITS[level])
            return layer if len(layer) else None
        user = None
    else:
        user = layer_path(level, Path(data_dir) if data_dir is not None else _default_data_dir())
    if user is not None and user.is_file():
        path = user
    elif EMBEDDED[level].is_file():
        path = EMBEDDED[level]
    else:
        return None
    st = path.stat()
    gdf = _read_layer(str(path), st.st_mtime_ns, st.st_size, LEVEL_DIGITS[level])
    return None if gdf is None else gdf.copy()


def boundary_source(level: str, data_dir: Path | None = None, store: Any = None) -> str:
    """Where a level's polygons come from: 'user' (added), 'shipped' (data/) or 'none'.

    With a store that keeps boundaries, 'user' means polygons in the store (see
    load_boundaries).
    """
    _check_level(level)
    if _keeps_boundaries(store):
        if store.boundaries_stamp(level)[2]:  # (backend, level, polygons, last change)
            return "user"
    elif layer_path(
        level, Path(data_dir) if data_dir is not None else _default_data_dir()
    ).is_file():
        return "user"
    return "shipped" if EMBEDDED[level].is_file() else "none"


def boundary_levels(data_dir: Path | None = None) -> tuple[str, ...]:
    """The levels that have polygons (the others are drawn as points)."""
    return tuple(lv for lv in LEVELS if load_boundaries(lv, data_dir) is not None)


@lru_cache(maxsize=8)
def _read_layer(path: str, mtime_ns: int, size: int, digits: int) -> gpd.GeoDataFrame | None:
    """Read and normalise one stored layer; cached per file version (mtime and size)."""
    try:
        gdf = gpd.read_parquet(path) if path.endswith(".parquet") else gpd.read_file(path)
    except Exception as exc:
        raise BoundaryError(f"boundary layer {path} is unreadable ({_one_line(exc)})") from None
    if "ubigeo" not in gdf.columns:
        raise BoundaryError(f"boundary layer {path} has no 'ubigeo' column")
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    elif gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    codes = _normalise_codes(gdf["ubigeo"], digits)
    names = gdf["name"].astype("string") if "name" in gdf.columns else codes
    out = gpd.GeoDataFrame(
        {"ubigeo": codes.astype(object), "name": names.fillna(codes).astype(object)},
        geometry=gdf.geometry.values,
        crs=4326,
    )
    out = out[out["ubigeo"].notna() & out.geometry.notna() & ~out.geometry.is_empty]
    if out.empty:
        return None
    return out.reset_index(drop=True)


# --- adding ------------------------------------------------------------------------------------
def add_boundaries(
    path: str | os.PathLike[str],
    level: str,
    data_dir: Path | None = None,
    code_column: str | None = None,
    gazetteer: Any = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> BoundaryReport:
    """Read, validate, repair, dissolve, simplify and store a user's boundary file for a level."""
    t0 = time.perf_counter()
    digits = _check_level(level)
    src = Path(path)
    data_dir = Path(data_dir) if data_dir is not None else _default_data_dir()
    if gazetteer is None:
        from geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    units = _level_units(gazetteer, level)

    raw, layer = _read_source(src)
    features_read = len(raw)
    raw = _to_wgs84(raw, src)

    col = _pick_code_column(raw, level, code_column, units)
    codes = _normalise_codes(raw[col], digits)
    name_col = _pick_name_column(raw, level, exclude=col)

    geoms = raw.geometry.values
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    invalid = ~empty & ~shapely.is_valid(geoms)
    fixed = np.array(geoms, dtype=object)
    if invalid.any():
        fixed[invalid] = shapely.make_valid(geoms[invalid], method="structure")
    polys = np.array([_polygonal(g) for g in fixed], dtype=object)
    not_polygon = ~empty & np.array([p is None for p in polys])
    bad_code = ~empty & ~not_polygon & codes.isna().to_numpy()
    keep = ~empty & ~not_polygon & ~bad_code
    if not keep.any():
        if (~empty).any() and not_polygon[~empty].all():
            kinds = sorted(set(shapely.get_type_id(geoms[~empty]).tolist()))
            names = ", ".join(_GEOM_NAMES.get(k, str(k)) for k in kinds)
            raise BoundaryError(f"{src.name} holds no polygons (only {names})")
        if empty.all():
            raise BoundaryError(f"{src.name} holds no polygons (every geometry is empty)")
        raise BoundaryError(f"{src.name}: no polygon has a usable {level} code in {col!r}")

    table = pd.DataFrame(
        {
            "ubigeo": codes[keep].to_numpy(dtype=object),
            "fname": (
                raw[name_col][keep].astype("string").to_numpy(dtype=object) if name_col else None
            ),
            "geometry": polys[keep],
        }
    )
    vertices_before = int(shapely.get_num_coordinates(table["geometry"].to_numpy()).sum())
    merged = _dissolve(table)
    dissolved = len(table) - len(merged)
    simple = _simplify(merged["geometry"].to_numpy(), tolerance)
    names = [
        _unit_name(units.get(code)) or (fname if isinstance(fname, str) and fname else code)
        for code, fname in zip(merged["ubigeo"], merged["fname"], strict=True)
    ]
    out = gpd.GeoDataFrame(
        {"ubigeo": merged["ubigeo"].to_numpy(dtype=object), "name": names},
        geometry=simple,
        crs=4326,
    ).sort_values("ubigeo", ignore_index=True)

    target = layer_path(level, data_dir)
    _atomic_parquet(out, target)

    file_codes = set(out["ubigeo"])
    fnames = dict(zip(out["ubigeo"], out["name"], strict=True))
    not_in = tuple((c, fnames[c]) for c in sorted(file_codes - set(units)))
    missing = tuple((c, _unit_name(units[c])) for c in sorted(set(units) - file_codes))
    reps = shapely.point_on_surface(out.geometry.values)
    x, y = shapely.get_x(reps), shapely.get_y(reps)
    lo_x, lo_y, hi_x, hi_y = PERU_BBOX
    outside = int((~((x >= lo_x) & (x <= hi_x) & (y >= lo_y) & (y <= hi_y))).sum())
    return BoundaryReport(
        level=level,
        source=str(src),
        output=target,
        layer=layer,
        code_column=col,
        features_read=features_read,
        units_written=len(out),
        matched=len(file_codes & set(units)),
        not_in_gazetteer=not_in,
        missing_from_file=missing,
        repaired=int(invalid.sum()),
        dropped_empty=int(empty.sum()),
        empty_codes=tuple(sorted({c for c in codes[empty] if isinstance(c, str)})),
        dropped_not_polygon=int(not_polygon.sum()),
        dropped_bad_code=int(bad_code.sum()),
        dissolved=dissolved,
        outside_peru=outside,
        reprojected_from=raw.attrs.get("reprojected_from"),
        vertices_before=vertices_before,
        vertices_after=int(shapely.get_num_coordinates(out.geometry.values).sum()),
        geojson_bytes=len(out.to_json(drop_id=True).encode("utf-8")),
        seconds=time.perf_counter() - t0,
    )


_GEOM_NAMES = {
    0: "points",
    1: "lines",
    2: "rings",
    3: "polygons",
    4: "multipoints",
    5: "multilines",
    6: "multipolygons",
    7: "collections",
}


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _level_units(gazetteer: Any, level: str) -> dict[str, Any]:
    """Gazetteer units of one level keyed by ubigeo."""
    units: Mapping[str, Any] = getattr(gazetteer, "units", None) or {}
    return {code: u for code, u in units.items() if getattr(u, "level", None) == level}


def _unit_name(unit: Any) -> str:
    return getattr(unit, "name", "") or ""


def _read_source(src: Path) -> tuple[gpd.GeoDataFrame, str]:
    """Open a GeoJSON / GeoPackage / zipped Shapefile and return its polygon layer."""
    import pyogrio

    if not src.exists():
        raise BoundaryError(f"{src}: no such file")
    if src.is_dir():
        raise BoundaryError(f"{src} is a folder; give a GeoJSON, GeoPackage or zipped Shapefile")
    if src.stat().st_size == 0:
        raise BoundaryError(f"{src.name} is empty")
    datasets = _zip_members(src) if src.suffix.lower() == ".zip" else [str(src)]
    candidates: list[tuple[str, str]] = []
    others: list[str] = []
    first_error: str | None = None
    for ds in datasets:
        try:
            layers = pyogrio.list_layers(ds)
        except Exception as exc:
            first_error = first_error or _one_line(exc)
            continue
        for name, gtype in layers:
            if _maybe_polygon(gtype):
                candidates.append((ds, str(name)))
            else:
                others.append(f"{name}: {gtype or 'no geometry'}")
    if not candidates:
        if others:
            raise BoundaryError(f"{src.name} holds no polygons (only {'; '.join(others)})")
        raise BoundaryError(
            f"cannot read {src.name} as GeoJSON, GeoPackage or zipped Shapefile "
            f"({first_error or 'no layers'})"
        )
    ds, layer = candidates[0]
    try:
        gdf = gpd.read_file(ds, layer=layer)
    except Exception as exc:
        raise BoundaryError(f"cannot read {src.name}: {_one_line(exc)}") from None
    if gdf.empty:
        raise BoundaryError(f"{src.name} holds no polygons (no features)")
    return gdf, layer


def _maybe_polygon(gtype: object) -> bool:
    text = str(gtype or "Unknown").lower()
    return "polygon" in text or "unknown" in text or "collection" in text


def _zip_members(src: Path) -> list[str]:
    """GDAL paths of the geodata files inside a zip, after a zip bomb check."""
    try:
        with zipfile.ZipFile(src) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BoundaryError(f"{src.name} is not a readable zip archive ({exc})") from None
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_UNCOMPRESSED:
        raise BoundaryError(
            f"{src.name} unpacks to {total / 1e9:.1f} GB, more than the "
            f"{MAX_ZIP_UNCOMPRESSED / 1e9:.1f} GB limit"
        )
    members = [
        i.filename
        for i in infos
        if not i.is_dir()
        and i.filename.lower().endswith(_GEO_SUFFIXES)
        and "__macosx" not in i.filename.lower()
    ]
    if not members:
        names = ", ".join(i.filename for i in infos[:10]) or "nothing"
        raise BoundaryError(f"{src.name} contains no .shp, .gpkg or .geojson file (has {names})")
    # Shapefiles first: a .json next to a .shp is usually metadata, not geometry.
    members.sort(key=lambda m: (not m.lower().endswith(".shp"), m))
    return [f"/vsizip/{src.resolve()}/{m}" for m in members]


def _to_wgs84(gdf: gpd.GeoDataFrame, src: Path) -> gpd.GeoDataFrame:
    """Reproject to EPSG:4326; a file without CRS must already be in degrees."""
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise BoundaryError(
                f"{src.name} has no coordinate reference system and its coordinates are not "
                "longitude/latitude; save it with a CRS (e.g. a .prj file)"
            )
        return gdf.set_crs(4326)
    if gdf.crs.to_epsg() == 4326:
        return gdf
    before = gdf.crs.to_string()
    try:
        out = gdf.to_crs(4326)
    except Exception as exc:
        raise BoundaryError(
            f"cannot reproject {src.name} from {before}: {_one_line(exc)}"
        ) from None
    out.attrs["reprojected_from"] = before
    return out


def _normalise_codes(values: pd.Series, digits: int) -> pd.Series:
    """Ubigeo strings of `digits` digits (zero-padded when a leading 0 was lost), else None."""

    def one(v: object) -> str | None:
        if v is None or (isinstance(v, float) and not np.isfinite(v)) or v is pd.NA:
            return None
        if isinstance(v, (float, np.floating)):
            if not float(v).is_integer():
                return None
            v = int(v)
        text = str(v).strip()
        if not text.isdigit() or not text.isascii():
            return None
        if len(text) == digits - 1:
            text = "0" + text
        if len(text) != digits or not 1 <= int(text[:2]) <= 25:
            return None
        if (digits >= 4 and text[2:4] == "00") or (digits == 6 and text[4:6] == "00"):
            return None
        return text

    return pd.Series([one(v) for v in values], index=values.index, dtype=object)


def _code_share(values: pd.Series, digits: int, known: set[str]) -> tuple[float, float, float]:
    """Shares of non-empty values that are well-formed codes, found in `known`, and unpadded."""
    present = values.dropna()
    text = present.astype(str).str.strip()
    present = present[text != ""]
    if present.empty:
        return 0.0, 0.0, 0.0
    codes = _normalise_codes(present, digits).dropna()
    well = len(codes) / len(present)
    hits = codes.isin(known).sum() / len(present) if known else 0.0
    exact = (text[text != ""].str.len() == digits).sum() / len(present)
    return well, float(hits), float(exact)


def _candidate_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    out = []
    for c in gdf.columns:
        if c == gdf.geometry.name:
            continue
        s = gdf[c]
        if pd.api.types.is_bool_dtype(s):
            continue
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_string_dtype(s):
            out.append(str(c))
    return out


def _hint_rank(column: str) -> int:
    low = column.lower()
    for rank, hint in enumerate(_CODE_HINTS):
        if hint in low:
            return len(_CODE_HINTS) - rank
    return 0


def _pick_code_column(
    gdf: gpd.GeoDataFrame, level: str, code_column: str | None, units: dict[str, Any]
) -> str:
    """The column holding ubigeo codes of `level`: the named one, or the best-scoring one."""
    digits = LEVEL_DIGITS[level]
    known = set(units)
    columns = [str(c) for c in gdf.columns if c != gdf.geometry.name]
    if code_column is not None:
        if code_column not in gdf.columns:
            raise BoundaryError(
                f"no column {code_column!r} in the file; columns: {', '.join(columns)}"
            )
        well, _, _ = _code_share(gdf[code_column], digits, known)
        if well < MIN_CODE_SHARE:
            other = _other_level(gdf, [code_column], level)
            if other:
                raise BoundaryError(other)
            sample = ", ".join(repr(v) for v in gdf[code_column].dropna().astype(str).head(3))
            raise BoundaryError(
                f"column {code_column!r} does not hold {digits}-digit {level} ubigeo codes "
                f"(e.g. {sample})"
            )
        return code_column
    scored = []
    for c in _candidate_columns(gdf):
        if c.lower() in _ROW_ID_COLUMNS:
            continue  # 1, 2, 3... would pass for zero-padded department codes
        well, hits, exact = _code_share(gdf[c], digits, known)
        if well >= MIN_CODE_SHARE:
            scored.append((hits, well, exact, _hint_rank(c), gdf[c].nunique(), c))
    if scored:
        return max(scored)[-1]
    other = _other_level(gdf, _candidate_columns(gdf), level)
    if other:
        raise BoundaryError(other)
    raise BoundaryError(
        f"no column of {digits}-digit {level} ubigeo codes found; columns: "
        f"{', '.join(columns) or 'none'}; name one with --code-column"
    )


def _other_level(gdf: gpd.GeoDataFrame, columns: list[str], level: str) -> str | None:
    """A 'wrong level' message when a column holds codes of another level, else None."""
    for other, digits in LEVEL_DIGITS.items():
        if other == level:
            continue
        for c in columns:
            well, _, _ = _code_share(gdf[c], digits, set())
            if well >= MIN_CODE_SHARE:
                return (
                    f"column {c!r} holds {digits}-digit {other} codes, not "
                    f"{LEVEL_DIGITS[level]}-digit {level} codes; use --level {other}"
                )
    return None


def _pick_name_column(gdf: gpd.GeoDataFrame, level: str, exclude: str) -> str | None:
    """A text column that probably holds the unit names (used for codes the gazetteer lacks)."""
    texts = [
        str(c)
        for c in gdf.columns
        if c not in (exclude, gdf.geometry.name) and pd.api.types.is_string_dtype(gdf[c])
    ]
    for hints in (_NAME_HINTS[level], _GENERIC_NAME_HINTS):
        for hint in hints:
            for c in texts:
                if hint in c.lower() and not re.search(r"(^|_)id", c.lower()):
                    return c
    return None


def _polygonal(geom: Any) -> Any:
    """The polygonal part of a geometry as a Polygon/MultiPolygon, or None when there is none."""
    if geom is None or geom.is_empty:
        return None
    kind = geom.geom_type
    if kind in ("Polygon", "MultiPolygon"):
        return geom
    if kind == "GeometryCollection":
        parts = [
            p
            for g in geom.geoms
            for p in (getattr(g, "geoms", [g]) if g.geom_type == "MultiPolygon" else [g])
            if p.geom_type == "Polygon" and not p.is_empty
        ]
        if parts:
            return shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0]
    return None


def _dissolve(table: pd.DataFrame) -> pd.DataFrame:
    """One row per code: features sharing a code are unioned into one (multi)polygon."""
    rows = []
    for code, group in table.groupby("ubigeo", sort=True):
        geoms = group["geometry"].to_numpy()
        geom = geoms[0] if len(geoms) == 1 else _polygonal(shapely.union_all(geoms))
        fname = next((n for n in group["fname"] if isinstance(n, str) and n), None)
        if geom is not None:
            rows.append((code, fname, geom))
    return pd.DataFrame(rows, columns=["ubigeo", "fname", "geometry"])


def _simplify(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify as a coverage (shared borders stay shared), snap to the grid, keep validity."""
    geoms = np.asarray(geoms, dtype=object)
    if tolerance > 0:
        try:
            simple = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
        except Exception:  # not a clean coverage: fall back to per-polygon simplification
            simple = shapely.simplify(geoms, tolerance, preserve_topology=True)
    else:
        simple = geoms
    try:
        snapped = shapely.set_precision(simple, COORD_GRID)
    except shapely.errors.GEOSException:  # one bad geometry fails the batch: go one by one
        snapped = np.array([_snap(g) for g in simple], dtype=object)
    out = np.empty(len(geoms), dtype=object)
    for i, (orig, new) in enumerate(zip(geoms, snapped, strict=True)):
        cand = _polygonal(new) if new is not None and new.is_valid else None
        if cand is None:  # simplification broke this one: keep it unsimplified but snapped
            cand = _polygonal(_snap(orig))
        out[i] = cand if cand is not None else orig
    return shapely.orient_polygons(out, exterior_cw=False)


def _snap(geom: Any) -> Any:
    """One geometry snapped to the coordinate grid and made valid, or None when GEOS fails."""
    try:
        return shapely.make_valid(shapely.set_precision(geom, COORD_GRID))
    except shapely.errors.GEOSException:
        return None


def _atomic_parquet(gdf: gpd.GeoDataFrame, target: Path) -> None:
    """Write GeoParquet to a temp file in the same folder, fsync, then rename over target."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        gdf.to_parquet(tmp, index=False)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
