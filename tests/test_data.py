"""Checks of the embedded data: units.csv, places.csv and departments.geojson.

Geometry thresholds were measured against the INEI 2007 limits in ../shared (see data/README.md)
and set slightly below the measured shares, so a regression in the build scripts fails here.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PERU_BBOX = (-81.4, -18.4, -68.6, 0.1)  # lon_min, lat_min, lon_max, lat_max


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).upper()


@pytest.fixture(scope="module")
def units() -> dict[str, dict]:
    return {r["ubigeo"]: r for r in _rows("units.csv")}


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return _rows("places.csv")


@pytest.fixture(scope="module")
def departments_fc() -> dict:
    return json.loads((DATA / "departments.geojson").read_text(encoding="utf-8"))


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up while the script loads
    spec.loader.exec_module(mod)
    return mod


# --- units.csv ---------------------------------------------------------------------------------


def test_units_header() -> None:
    with open(DATA / "units.csv", encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    assert header[:9] == [
        "ubigeo",
        "level",
        "name",
        "department",
        "province",
        "district",
        "lat",
        "lon",
        "capital",
    ]


def test_units_counts(units) -> None:
    levels = Counter(u["level"] for u in units.values())
    assert levels == {"department": 25, "province": 196, "district": 1891}


def test_units_code_length_matches_level(units) -> None:
    lengths = {"department": 2, "province": 4, "district": 6}
    for code, u in units.items():
        assert re.fullmatch(r"\d+", code), code
        assert len(code) == lengths[u["level"]], code


def test_units_codes_hierarchical(units) -> None:
    for code, u in units.items():
        if u["level"] == "department":
            continue
        parent = code[:-2]
        assert parent in units, f"{code} has no parent {parent}"
        assert units[parent]["level"] != u["level"]


def test_units_codes_unique() -> None:
    codes = [r["ubigeo"] for r in _rows("units.csv")]
    assert len(codes) == len(set(codes))


def test_units_ancestor_columns(units) -> None:
    for code, u in units.items():
        assert u["department"] == units[code[:2]]["name"]
        if u["level"] == "department":
            assert u["province"] == "" and u["district"] == ""
        elif u["level"] == "province":
            assert u["province"] == u["name"] and u["district"] == ""
        else:
            assert u["province"] == units[code[:4]]["name"]
            assert u["district"] == u["name"]


def test_units_accented_names(units) -> None:
    deps = {u["name"] for u in units.values() if u["level"] == "department"}
    assert {"Junín", "Huánuco", "Apurímac", "Áncash", "San Martín"} <= deps


def test_units_callao_is_department_07(units) -> None:
    assert units["07"]["name"] == "Callao"
    assert units["07"]["level"] == "department"
    assert units["15"]["name"] == "Lima"


def test_units_tayacaja_package_duplicates_dropped(units) -> None:
    assert "090708" not in units and "090712" not in units
    assert units["090709"]["name"] == "Huaribamba"
    assert units["090714"]["name"] == "Salcabamba"


def test_units_truncated_name_fixed(units) -> None:
    assert units["060506"]["name"] == "Santa Cruz de Toledo"


def test_units_points_in_peru(units) -> None:
    lon0, lat0, lon1, lat1 = PERU_BBOX
    for code, u in units.items():
        lat, lon = float(u["lat"]), float(u["lon"])
        assert lat0 <= lat <= lat1 and lon0 <= lon <= lon1, code


def test_units_capitals_known(units) -> None:
    for code, u in units.items():
        if u["level"] != "district" or code.endswith("01"):
            assert u["capital"], f"{code} {u['name']} has no capital"
    assert units["17"]["capital"] == "Puerto Maldonado"
    assert units["0808"]["capital"] == "Yauri"
    assert units["100601"]["capital"] == "Tingo María"


def test_units_point_source_values(units) -> None:
    sources = Counter(u["point_source"] for u in units.values())
    assert set(sources) <= {"capital", "capital_dup_nearest", "geonames", "province_capital"}
    # Fallback to the province capital is the weakest method; keep it rare.
    assert sources["province_capital"] <= 60


def test_units_capital_district_shares_province_capital(units) -> None:
    for code, u in units.items():
        if u["level"] == "district" and code.endswith("01"):
            prov = units[code[:4]]
            assert _norm(u["capital"]) == _norm(prov["capital"]), code


# --- places.csv --------------------------------------------------------------------------------


def test_places_header() -> None:
    with open(DATA / "places.csv", encoding="utf-8") as fh:
        header = fh.readline().strip()
    assert header == "name,alt_names,ubigeo,lat,lon,population,geonameid,source"


def test_places_ubigeo_is_known_district(places, units) -> None:
    for p in places:
        assert p["ubigeo"] in units, p
        assert units[p["ubigeo"]]["level"] == "district", p


def test_places_count_and_sources(places) -> None:
    assert 1900 <= len(places) <= 2300
    assert {p["source"] for p in places} == {"geonames", "curated"}


def test_places_geonameid_unique(places) -> None:
    ids = [p["geonameid"] for p in places]
    assert len(ids) == len(set(ids))


CURATED_EXPECTED = {
    "Iquitos": "160101",
    "Juliaca": "211101",
    "Puerto Maldonado": "170101",
    "Pucallpa": "250101",
    "Chimbote": "021801",
    "Cerro de Pasco": "190101",
    "Lima": "150101",
    "Callao": "070101",
    "Cusco": "080101",
    "Tarapoto": "220901",
    "Talara": "200701",
    "Tingo María": "100601",
    "Quillabamba": "080901",
    "Yauri": "080801",
    "Machupicchu": "081304",
    "San Vicente de Cañete": "150501",
    "Sullana": "200601",
}


@pytest.mark.parametrize(("name", "code"), sorted(CURATED_EXPECTED.items()))
def test_places_curated_city_district(places, name, code) -> None:
    hits = [p for p in places if p["name"] == name and p["source"] == "curated"]
    assert len(hits) == 1, name
    assert hits[0]["ubigeo"] == code


def test_places_curated_city_is_district_capital(places, units) -> None:
    for p in places:
        if p["source"] != "curated":
            continue
        cap = _norm(units[p["ubigeo"]]["capital"])
        names = {_norm(p["name"])} | {_norm(a) for a in p["alt_names"].split("|") if a}
        assert cap in names, (p["name"], units[p["ubigeo"]]["capital"])


def test_places_aguas_calientes_alias(places) -> None:
    row = next(p for p in places if p["name"] == "Machupicchu")
    assert "Aguas Calientes" in row["alt_names"].split("|")


@pytest.mark.parametrize(
    "word", ["Progreso", "Independencia", "Victoria", "Florida", "Santa", "La Libertad", "Llama"]
)
def test_places_stoplist_word_absent(places, word) -> None:
    names = {p["name"] for p in places}
    alts = {a for p in places for a in p["alt_names"].split("|")}
    assert word not in names and word not in alts


def test_places_florida_parenthesis_keeps_real_name(places) -> None:
    assert any(p["name"] == "Pomacochas" for p in places)


def test_places_alt_names_clean(places) -> None:
    for p in places:
        for a in filter(None, p["alt_names"].split("|")):
            assert len(a) >= 3, a
            assert not (a.isupper() and " " not in a), a  # IATA/ICAO-like codes
            assert all(unicodedata.name(ch, "").startswith("LATIN") for ch in a if ch.isalpha()), a


def test_places_alt_name_not_another_place(places) -> None:
    # GeoNames lists "Chiclayo" as an alternate name of the hamlet Chílcayoc.
    owners = [p["name"] for p in places if "Chiclayo" in p["alt_names"].split("|")]
    assert owners == []


def test_places_shared_alt_name_stays_with_city(places) -> None:
    owners = [(p["name"], p["ubigeo"]) for p in places if "Cuzco" in p["alt_names"].split("|")]
    assert owners == [("Cusco", "080101")]


def test_places_admin1_mapping_is_inei(units) -> None:
    mod = _load_script("build_gazetteer")
    units_rows = {
        c: mod.Row(c, u["level"], u["name"], "", "", "", float(u["lat"]), float(u["lon"]))
        for c, u in units.items()
    }
    a1 = mod.admin1_to_department(mod.geonames_pe(), units_rows)
    expected = {f"{i:02d}": f"{i:02d}" for i in range(1, 26)} | {"LMA": "15"}
    assert a1 == expected


def test_places_sorted() -> None:
    rows = _rows("places.csv")
    mod = _load_script("build_gazetteer")
    keys = [(mod.norm(r["name"]), r["name"], int(r["geonameid"])) for r in rows]
    assert keys == sorted(keys)


def test_build_gazetteer_is_deterministic(tmp_path) -> None:
    mod = _load_script("build_gazetteer")
    assert mod.main(["--out", str(tmp_path)]) == 0
    for name in ("units.csv", "places.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


# --- departments.geojson -----------------------------------------------------------------------


def test_departments_geojson_features(departments_fc, units) -> None:
    feats = departments_fc["features"]
    assert len(feats) == 25
    codes = [f["properties"]["ubigeo"] for f in feats]
    assert codes == sorted(u for u in units if len(u) == 2)
    for f in feats:
        assert f["properties"]["name"] == units[f["properties"]["ubigeo"]]["name"]


def test_departments_geojson_valid_no_overlap(departments_fc) -> None:
    geoms = [shape(f["geometry"]) for f in departments_fc["features"]]
    assert all(g.is_valid and not g.is_empty for g in geoms)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for i, j in zip(left, right, strict=True):
        if i < j:
            assert geoms[i].intersection(geoms[j]).area < 1e-6, (i, j)


def test_departments_geojson_capital_inside(departments_fc, units) -> None:
    for f in departments_fc["features"]:
        u = units[f["properties"]["ubigeo"]]
        assert shape(f["geometry"]).contains(Point(float(u["lon"]), float(u["lat"]))), u["name"]


def test_departments_geojson_small() -> None:
    assert (DATA / "departments.geojson").stat().st_size < 300 * 1024


# --- against the INEI 2007 limits in ../shared ---------------------------------------------------


def _inei_polygons(path: Path, key: str):
    import geopandas as gpd

    gdf = gpd.read_file(path)
    gdf["geometry"] = gdf.geometry.make_valid()
    return gdf.dissolve(by=key).to_crs(32718)


def _shares(units: dict[str, dict], level: str, polys) -> tuple[float, float]:
    import geopandas as gpd

    rows = [u for u in units.values() if u["level"] == level and u["ubigeo"] in polys.index]
    pts = gpd.GeoSeries([Point(float(u["lon"]), float(u["lat"])) for u in rows], crs=4326).to_crs(
        32718
    )
    dist = [polys.geometry[u["ubigeo"]].distance(pt) for u, pt in zip(rows, pts, strict=True)]
    inside = sum(d == 0 for d in dist) / len(dist)
    near = sum(d <= 3000 for d in dist) / len(dist)
    return inside, near


def test_units_departments_inside_inei(units, inei_dir) -> None:
    polys = _inei_polygons(inei_dir / "peru_departamental_simple.geojson", "FIRST_IDDP")
    inside, _ = _shares(units, "department", polys)
    assert inside == 1.0  # measured 25/25


def test_units_provinces_inside_inei(units, inei_dir) -> None:
    polys = _inei_polygons(inei_dir / "peru_provincial_simple.geojson", "FIRST_IDPR")
    inside, near = _shares(units, "province", polys)
    assert inside >= 0.97  # measured 193/195 = 0.990
    assert near >= 0.99  # measured 195/195 within 3 km


def test_units_districts_inside_inei(units, inei_dir) -> None:
    polys = _inei_polygons(inei_dir / "peru_distrital_simple.geojson", "IDDIST")
    inside, near = _shares(units, "district", polys)
    assert inside >= 0.90  # measured 1688/1832 = 0.921
    assert near >= 0.96  # measured 1787/1832 = 0.975 within 3 km


def test_places_district_matches_inei(places, inei_dir) -> None:
    import geopandas as gpd

    polys = _inei_polygons(inei_dir / "peru_distrital_simple.geojson", "IDDIST")
    rows = [p for p in places if p["ubigeo"] in polys.index]
    pts = gpd.GeoSeries([Point(float(p["lon"]), float(p["lat"])) for p in rows], crs=4326).to_crs(
        32718
    )
    dist = [polys.geometry[p["ubigeo"]].distance(pt) for p, pt in zip(rows, pts, strict=True)]
    assert sum(d == 0 for d in dist) / len(dist) >= 0.84  # measured 1788/2061 = 0.868
    assert sum(d <= 3000 for d in dist) / len(dist) >= 0.94  # measured 0.960


def test_departments_geojson_overlaps_inei(departments_fc, inei_dir) -> None:
    import geopandas as gpd

    inei = gpd.read_file(inei_dir / "peru_departamental_simple.geojson").set_index("FIRST_IDDP")
    for f in departments_fc["features"]:
        code = f["properties"]["ubigeo"]
        if code == "07":
            continue  # Natural Earth's Callao is a rough 56 km² outline (INEI: 145 km²)
        a, b = shape(f["geometry"]), shapely.make_valid(inei.geometry[code])
        iou = a.intersection(b).area / a.union(b).area
        assert iou >= 0.8, (code, iou)  # measured 0.842 .. 0.972
