"""Time `add_boundaries` on the INEI 2007 files and print the size of the stored web layers.

Usage: python bench/bench_boundaries.py [--inei DIR] [--dense]
--dense also builds a synthetic high-resolution district file (every border densified to a
vertex every ~50 m with a small deterministic wiggle, shared borders kept identical) to show
what simplification does to a full-resolution file a user might bring.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402

from geo.boundaries import DEFAULT_TOLERANCE, add_boundaries  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402

FILES = {
    "department": "peru_departamental_simple.geojson",
    "province": "peru_provincial_simple.geojson",
    "district": "peru_distrital_simple.geojson",
}


def _wiggle(coords: np.ndarray) -> np.ndarray:
    """Shift each vertex by up to ~30 m, as a pure function of its (rounded) position."""
    out = coords.copy()
    for i, (x, y) in enumerate(coords):
        h = hashlib.blake2b(f"{x:.6f},{y:.6f}".encode(), digest_size=4).digest()
        out[i, 0] += (h[0] / 255 - 0.5) * 0.0005
        out[i, 1] += (h[1] / 255 - 0.5) * 0.0005
    return out


def dense_copy(src: Path, dst: Path, step: float = 0.0005) -> int:
    """Write a densified, wiggled copy of a boundary file; returns its vertex count."""
    gdf = gpd.read_file(src)
    gdf = gdf[gdf.geometry.notna()].copy()
    geoms = shapely.set_precision(gdf.geometry.values, 1e-6)
    dense = shapely.segmentize(geoms, step)
    dense = shapely.set_precision(dense, 1e-6)
    gdf["geometry"] = shapely.transform(dense, _wiggle)
    gdf.to_file(dst, driver="GeoJSON")
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--inei", type=Path, default=ROOT.parent / "shared/boundaries/inei-2007")
    ap.add_argument("--dense", action="store_true")
    args = ap.parse_args()
    gaz = load_gazetteer()
    print(f"tolerance {DEFAULT_TOLERANCE} degrees")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        for level, name in FILES.items():
            src = args.inei / name
            t0 = time.perf_counter()
            rep = add_boundaries(src, level, data, gazetteer=gaz)
            dt = time.perf_counter() - t0
            print(
                f"{level:10s} {src.stat().st_size / 1e6:6.2f} MB in, {rep.features_read} features"
                f" -> {rep.units_written} units, vertices {rep.vertices_before} -> "
                f"{rep.vertices_after}, GeoJSON {rep.geojson_bytes / 1e6:.2f} MB, "
                f"parquet {rep.output.stat().st_size / 1e6:.2f} MB, add {dt:.2f} s"
            )
        if args.dense:
            dense = data / "dense_districts.geojson"
            t0 = time.perf_counter()
            n = dense_copy(args.inei / FILES["district"], dense)
            print(
                f"dense file: {n} vertices, {dense.stat().st_size / 1e6:.1f} MB "
                f"(built in {time.perf_counter() - t0:.1f} s)"
            )
            t0 = time.perf_counter()
            rep = add_boundaries(dense, "district", data, gazetteer=gaz)
            dt = time.perf_counter() - t0
            print(
                f"dense district -> {rep.units_written} units, vertices {rep.vertices_before} -> "
                f"{rep.vertices_after}, GeoJSON {rep.geojson_bytes / 1e6:.2f} MB, add {dt:.2f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
