"""Names for the offline base map: district capitals read from the embedded data/units.csv."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

UNITS_CSV = Path(__file__).resolve().parents[1] / "data" / "units.csv"
# Points that are not the district's own capital (borrowed from the province) get no label.
_OWN_POINT = frozenset({"capital", "capital_dup_nearest", "geonames"})


@lru_cache(maxsize=2)
def district_capitals(path: Path = UNITS_CSV) -> dict[str, tuple[str, float, float]]:
    """District code -> (capital name, lat, lon) for districts whose point is their capital."""
    out: dict[str, tuple[str, float, float]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("level") != "district" or row.get("point_source") not in _OWN_POINT:
                continue
            name = (row.get("capital") or row.get("name") or "").strip()
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (KeyError, TypeError, ValueError):
                continue
            if name:
                out[row["ubigeo"]] = (name, lat, lon)
    return out
