"""Boundaries: bring-your-own province/district layers and the per-level loader."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pytest
import shapely

from geo import boundaries as B
from geo.__main__ import main
from geo.boundaries import BoundaryError, add_boundaries, load_boundaries
from geo.model import Unit

DATA = Path(__file__).parent / "data" / "boundaries"
TINY = DATA / "tiny_districts.geojson"
EXPECTED = json.loads((DATA / "inei_expected.json").read_text(encoding="utf-8"))


def _unit(code: str, name: str) -> Unit:
    level = {2: "department", 4: "province", 6: "district"}[len(code)]
    return Unit(code, level, name, "Lima", None, None, -12.05, -77.04)


@pytest.fixture
def tiny_gaz() -> SimpleNamespace:
    """A gazetteer stand-in with the units the tiny fixtures refer to."""
    names = {
        "15": "Lima",
        "1501": "Lima",
        "150101": "Lima",
        "150102": "Ancón",
        "150103": "Ate",
        "150104": "Barranco",
        "150105": "Breña",
        "150106": "Carabayllo",
        "01": "Amazonas",
        "0101": "Chachapoyas",
        "010101": "Chachapoyas",
        "010102": "Asunción",
    }
    return SimpleNamespace(units={c: _unit(c, n) for c, n in names.items()})


def _add(path: Path, tmp_path: Path, gaz, level: str = "district", **kw) -> B.BoundaryReport:
    return add_boundaries(path, level, tmp_path / "data", gazetteer=gaz, **kw)


# --- tiny hand-made fixtures -------------------------------------------------------------------
def test_tiny_report(tmp_path, tiny_gaz):
    rep = _add(TINY, tmp_path, tiny_gaz)
    assert rep.code_column == "UBIGEO"
    assert rep.features_read == 7
    assert rep.units_written == 5  # 150105 has no geometry; 150103's two parts are one unit
    assert rep.dissolved == 1
    assert rep.dropped_empty == 1 and rep.empty_codes == ("150105",)
    assert rep.repaired == 1
    assert rep.matched == 4
    assert rep.not_in_gazetteer == (("150150", "NUEVO DISTRITO"),)
    assert [c for c, _ in rep.missing_from_file] == ["010101", "010102", "150105", "150106"]
    text = rep.summary()
    assert "dropped empty geometry:   1 (150105)" in text
    assert "150150 NUEVO DISTRITO" in text and "150106 Carabayllo" in text
    assert rep.output == tmp_path / "data" / "boundaries" / "district.parquet"


def test_bowtie_repaired(tmp_path, tiny_gaz):
    _add(TINY, tmp_path, tiny_gaz)
    gdf = load_boundaries("district", tmp_path / "data")
    bow = gdf.set_index("ubigeo").geometry["150104"]
    assert bow.is_valid and bow.geom_type in ("Polygon", "MultiPolygon")
    assert bow.area == pytest.approx(0.00005, rel=0.01)  # two triangles of a 0.01° square
    assert gdf.is_valid.all()


def test_dissolve_shared_code(tmp_path, tiny_gaz):
    _add(TINY, tmp_path, tiny_gaz)
    gdf = load_boundaries("district", tmp_path / "data").set_index("ubigeo")
    ate = gdf.geometry["150103"]
    assert ate.geom_type == "Polygon"  # two adjacent squares merged into one
    assert ate.area == pytest.approx(0.0002, rel=1e-3)
    assert list(gdf.index).count("150103") == 1


def test_names_from_gazetteer_else_file(tmp_path, tiny_gaz):
    _add(TINY, tmp_path, tiny_gaz)
    names = load_boundaries("district", tmp_path / "data").set_index("ubigeo")["name"]
    assert names["150102"] == "Ancón"  # gazetteer spelling wins over upper-case ANCON
    assert names["150150"] == "NUEVO DISTRITO"  # unknown code keeps the file's name


def test_int_codes_zero_padded(tmp_path, tiny_gaz):
    rep = _add(DATA / "int_codes.geojson", tmp_path, tiny_gaz)
    assert rep.code_column == "CODIGO"
    assert rep.matched == 2
    gdf = load_boundaries("district", tmp_path / "data")
    assert sorted(gdf["ubigeo"]) == ["010101", "010102"]


def test_code_column_named(tmp_path, tiny_gaz):
    rep = _add(TINY, tmp_path, tiny_gaz, code_column="UBIGEO")
    assert rep.code_column == "UBIGEO" and rep.units_written == 5


def test_code_column_named_missing(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match=r"no column 'CODE'.*UBIGEO"):
        _add(TINY, tmp_path, tiny_gaz, code_column="CODE")


def test_code_column_named_not_codes(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match="does not hold 6-digit district"):
        _add(TINY, tmp_path, tiny_gaz, code_column="NOMBRE")


def test_no_code_column(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match=r"no column of 6-digit district.*NOMBRE, AREA"):
        _add(DATA / "no_code.geojson", tmp_path, tiny_gaz)
    assert not (tmp_path / "data" / "boundaries" / "district.parquet").exists()


def test_wrong_level(tmp_path, tiny_gaz):
    # OBJECTID 1..7 would pass as zero-padded department codes 01..07: it must not be taken.
    with pytest.raises(BoundaryError, match=r"holds 6-digit district codes.*--level district"):
        _add(TINY, tmp_path, tiny_gaz, level="department")


def test_coarser_level_dissolves_children(tmp_path, tiny_gaz):
    # A district file added as provinces: the 4-digit prefix column is what matches.
    gdf = gpd.read_file(TINY)
    gdf["IDPROV"] = gdf["UBIGEO"].str[:4]
    src = tmp_path / "with_prov.geojson"
    gdf.to_file(src, driver="GeoJSON")
    rep = _add(src, tmp_path, tiny_gaz, level="province")
    assert rep.code_column == "IDPROV"
    assert rep.units_written == 1 and rep.matched == 1


def test_empty_file(tmp_path, tiny_gaz):
    src = tmp_path / "zero.geojson"
    src.write_bytes(b"")
    with pytest.raises(BoundaryError, match="is empty"):
        _add(src, tmp_path, tiny_gaz)


def test_empty_feature_collection(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match="no polygons"):
        _add(DATA / "empty.geojson", tmp_path, tiny_gaz)


def test_points_only(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match=r"no polygons \(only points: Point\)"):
        _add(DATA / "points.geojson", tmp_path, tiny_gaz)


def test_not_a_geo_file(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match=r"cannot read not_geo\.geojson"):
        _add(DATA / "not_geo.geojson", tmp_path, tiny_gaz)


def test_binary_file(tmp_path, tiny_gaz):
    src = tmp_path / "noise.gpkg"
    src.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(BoundaryError, match=r"cannot read noise\.gpkg"):
        _add(src, tmp_path, tiny_gaz)


def test_missing_file(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match="no such file"):
        _add(tmp_path / "nope.geojson", tmp_path, tiny_gaz)


def test_unknown_level(tmp_path, tiny_gaz):
    with pytest.raises(BoundaryError, match="unknown level 'region'"):
        _add(TINY, tmp_path, tiny_gaz, level="region")


def test_geopackage(tmp_path, tiny_gaz):
    src = tmp_path / "tiny.gpkg"
    gpd.read_file(TINY).to_file(src, driver="GPKG", layer="distritos")
    rep = _add(src, tmp_path, tiny_gaz)
    assert rep.layer == "distritos"
    assert rep.units_written == 5 and rep.repaired == 1


def _zip_shapefile(tmp_path: Path, gdf: gpd.GeoDataFrame, folder: str = "") -> Path:
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    gdf.to_file(shp_dir / "distritos.shp", driver="ESRI Shapefile")
    out = tmp_path / "distritos.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(shp_dir.iterdir()):
            zf.write(f, arcname=f"{folder}{f.name}")
    return out


def test_zipped_shapefile(tmp_path, tiny_gaz):
    gdf = gpd.read_file(TINY)
    gdf = gdf[gdf.geometry.notna()]
    src = _zip_shapefile(tmp_path, gdf, folder="limites/")
    rep = _add(src, tmp_path, tiny_gaz)
    assert rep.code_column == "UBIGEO"
    assert rep.units_written == 5 and rep.repaired == 1 and rep.dissolved == 1


def test_zip_without_geodata(tmp_path, tiny_gaz):
    src = tmp_path / "docs.zip"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("readme.txt", "no maps here")
    with pytest.raises(BoundaryError, match=r"no \.shp, \.gpkg or \.geojson.*readme.txt"):
        _add(src, tmp_path, tiny_gaz)


def test_zip_bomb_refused(tmp_path, tiny_gaz, monkeypatch):
    src = _zip_shapefile(tmp_path, gpd.read_file(TINY).dropna(subset=["geometry"]))
    monkeypatch.setattr(B, "MAX_ZIP_UNCOMPRESSED", 100)
    with pytest.raises(BoundaryError, match="unpacks to"):
        _add(src, tmp_path, tiny_gaz)


def test_corrupt_zip(tmp_path, tiny_gaz):
    src = tmp_path / "broken.zip"
    src.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(BoundaryError, match="not a readable zip"):
        _add(src, tmp_path, tiny_gaz)


def test_non_4326_reprojected(tmp_path, tiny_gaz):
    src = tmp_path / "utm.gpkg"
    gpd.read_file(TINY).to_crs(32718).to_file(src, driver="GPKG")
    rep = _add(src, tmp_path, tiny_gaz)
    assert rep.reprojected_from == "EPSG:32718"
    assert rep.outside_peru == 0
    gdf = load_boundaries("district", tmp_path / "data").set_index("ubigeo")
    lima = gdf.geometry["150101"]
    assert lima.bounds == pytest.approx((-77.05, -12.06, -77.04, -12.05), abs=2e-5)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_no_crs_projected_coordinates(tmp_path, tiny_gaz):
    src = tmp_path / "nocrs.gpkg"
    gdf = gpd.read_file(TINY).to_crs(32718).set_crs(None, allow_override=True)
    gdf.to_file(src, driver="GPKG")
    with pytest.raises(BoundaryError, match="no coordinate reference system"):
        _add(src, tmp_path, tiny_gaz)


def test_outside_peru_warned(tmp_path, tiny_gaz):
    gdf = gpd.read_file(TINY).dropna(subset=["geometry"])
    gdf["geometry"] = gdf.geometry.translate(xoff=150)  # lands in the Pacific near Asia
    src = tmp_path / "far.geojson"
    gdf.to_file(src, driver="GeoJSON")
    rep = _add(src, tmp_path, tiny_gaz)
    assert rep.outside_peru == rep.units_written
    assert "outside Peru" in rep.summary()


def test_simplify_keeps_shared_border(tmp_path, tiny_gaz):
    # Two neighbours whose common border zigzags with 200 tiny teeth: simplification must
    # drop vertices without opening gaps or overlaps between them.
    n = 200
    border = [(-77.05 + 0.02 * i / n, -12.05 + (0.0002 if i % 2 else 0.0)) for i in range(n + 1)]
    north = shapely.Polygon([*border, (-77.03, -12.03), (-77.05, -12.03)])
    south = shapely.Polygon([*border, (-77.03, -12.07), (-77.05, -12.07)])
    gdf = gpd.GeoDataFrame({"UBIGEO": ["150101", "150102"]}, geometry=[north, south], crs=4326)
    src = tmp_path / "zigzag.geojson"
    gdf.to_file(src, driver="GeoJSON")
    rep = _add(src, tmp_path, tiny_gaz)
    assert rep.vertices_after < rep.vertices_before / 2
    out = load_boundaries("district", tmp_path / "data").set_index("ubigeo").geometry
    a, b = out["150101"], out["150102"]
    assert a.is_valid and b.is_valid
    assert a.intersection(b).area == pytest.approx(0, abs=1e-12)  # no overlap
    assert a.union(b).geom_type == "Polygon"  # no gap between them
    assert a.union(b).area == pytest.approx(0.0008, rel=1e-3)


def test_failed_write_keeps_previous_layer(tmp_path, tiny_gaz, monkeypatch):
    _add(DATA / "int_codes.geojson", tmp_path, tiny_gaz)
    layer = tmp_path / "data" / "boundaries" / "district.parquet"
    before = layer.read_bytes()

    def broken(self, path, **kw):
        Path(path).write_bytes(b"PAR1 half")
        raise OSError("disk full")

    monkeypatch.setattr(gpd.GeoDataFrame, "to_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        _add(TINY, tmp_path, tiny_gaz)
    assert layer.read_bytes() == before
    assert [p.name for p in layer.parent.iterdir()] == ["district.parquet"]


# --- loading -----------------------------------------------------------------------------------
def test_load_boundaries_none_without_layer(tmp_path, monkeypatch):
    monkeypatch.setitem(B.EMBEDDED, "district", tmp_path / "absent.geojson")
    monkeypatch.setitem(B.EMBEDDED, "province", tmp_path / "absent.geojson")
    assert load_boundaries("district", tmp_path) is None
    assert load_boundaries("province", tmp_path) is None
    assert B.boundary_source("district", tmp_path) == "none"


def test_shipped_province_and_district_polygons(tmp_path):
    """Polygons at every level out of the box: the shipped INEI-derived files load."""
    prov = load_boundaries("province", tmp_path / "no-user-layers")
    dist = load_boundaries("district", tmp_path / "no-user-layers")
    assert len(prov) >= 190 and len(dist) >= 1800
    assert prov["ubigeo"].str.len().eq(4).all() and dist["ubigeo"].str.len().eq(6).all()
    assert prov.is_valid.all() and dist.is_valid.all()
    assert B.boundary_source("district", tmp_path / "no-user-layers") == "shipped"
    assert "Junín" in set(load_boundaries("department", tmp_path)["name"])
    assert dist.set_index("ubigeo").loc["120101", "name"] == "Huancayo"


def test_shipped_polygons_keep_the_mpl_notice():
    for level in ("province", "district"):
        fc = json.loads(B.EMBEDDED[level].read_text(encoding="utf-8"))
        assert "Mozilla Public License, v. 2.0" in fc["license"]
        assert "juaneladio/peru-geojson" in fc["source"]
        assert "http://mozilla.org/MPL/2.0/" in fc["license"]


def test_user_district_layer_overrides_shipped(tmp_path, tiny_gaz):
    gdf = gpd.GeoDataFrame(
        {"UBIGEO": ["150101"]}, geometry=[shapely.box(-77.1, -12.1, -77.0, -12.0)], crs=4326
    )
    src = tmp_path / "d.geojson"
    gdf.to_file(src, driver="GeoJSON")
    _add(src, tmp_path, tiny_gaz)
    assert load_boundaries("district", tmp_path / "data")["ubigeo"].tolist() == ["150101"]
    assert B.boundary_source("district", tmp_path / "data") == "user"


def test_build_inei_boundaries_is_deterministic(inei_dir, tmp_path):
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_boundaries.py"
    cmd = [sys.executable, str(script), "--inei", str(inei_dir), "--out-dir", str(tmp_path)]
    subprocess.run(cmd, check=True, capture_output=True)
    for name in ("provinces.geojson", "districts.geojson"):
        assert (tmp_path / name).read_bytes() == (B.EMBEDDED["district"].parent / name).read_bytes()
    size = sum((tmp_path / n).stat().st_size for n in ("provinces.geojson", "districts.geojson"))
    assert size < 2_000_000


def test_load_boundaries_embedded_department(tmp_path, monkeypatch):
    fake = tmp_path / "departments.geojson"
    gdf = gpd.GeoDataFrame(
        {"ubigeo": ["15"], "name": ["Lima"]},
        geometry=[shapely.box(-77.5, -12.5, -76.5, -11.5)],
        crs=4326,
    )
    gdf.to_file(fake, driver="GeoJSON")
    monkeypatch.setitem(B.EMBEDDED, "department", fake)
    monkeypatch.setitem(B.EMBEDDED, "district", tmp_path / "absent.geojson")
    got = load_boundaries("department", tmp_path / "empty")
    assert list(got.columns) == ["ubigeo", "name", "geometry"]
    assert got.crs.to_epsg() == 4326 and got["ubigeo"].tolist() == ["15"]
    assert load_boundaries("district", tmp_path / "empty") is None


def test_user_department_layer_overrides_embedded(tmp_path, tiny_gaz, monkeypatch):
    for lv in ("department", "province", "district"):
        monkeypatch.setitem(B.EMBEDDED, lv, tmp_path / "absent.geojson")
    assert load_boundaries("department", tmp_path / "data") is None
    gdf = gpd.GeoDataFrame({"DEP": ["15"]}, geometry=[shapely.box(-77, -12, -76, -11)], crs=4326)
    src = tmp_path / "dep.geojson"
    gdf.to_file(src, driver="GeoJSON")
    _add(src, tmp_path, tiny_gaz, level="department")
    got = load_boundaries("department", tmp_path / "data")
    assert got["ubigeo"].tolist() == ["15"] and got["name"].tolist() == ["Lima"]
    assert B.boundary_levels(tmp_path / "data") == ("department",)


def test_load_boundaries_sees_replaced_layer(tmp_path, tiny_gaz):
    _add(DATA / "int_codes.geojson", tmp_path, tiny_gaz)
    assert len(load_boundaries("district", tmp_path / "data")) == 2
    _add(TINY, tmp_path, tiny_gaz)
    assert len(load_boundaries("district", tmp_path / "data")) == 5


def test_load_boundaries_corrupt_layer(tmp_path):
    layer = tmp_path / "boundaries" / "province.parquet"
    layer.parent.mkdir(parents=True)
    layer.write_bytes(b"not parquet at all")
    with pytest.raises(BoundaryError, match="unreadable"):
        load_boundaries("province", tmp_path)


def test_load_boundaries_returns_copy(tmp_path, tiny_gaz):
    _add(TINY, tmp_path, tiny_gaz)
    first = load_boundaries("district", tmp_path / "data")
    first.loc[0, "name"] = "changed"
    assert load_boundaries("district", tmp_path / "data").loc[0, "name"] != "changed"


# --- CLI ---------------------------------------------------------------------------------------
def test_cli_boundaries_add(tmp_path, capsys):
    code = main(
        ["boundaries", "add", str(TINY), "--level", "district", "--data-dir", str(tmp_path)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "units written:            5" in out and "repaired invalid:         1" in out
    assert (tmp_path / "boundaries" / "district.parquet").is_file()


def test_cli_boundaries_add_into_a_postgis_store(tmp_path, capsys, pg_cluster):
    from geo.store import open_store
    from tests.conftest import new_pg_database

    url = new_pg_database(pg_cluster)
    args = ["boundaries", "add", str(TINY), "--level", "district", "--data-dir", str(tmp_path)]
    assert main([*args, "--db", url]) == 0
    assert "stored 5 district polygon(s) in the PostGIS store" in capsys.readouterr().out
    with open_store(url) as store, store._read() as con:
        rows = con.execute(
            "SELECT count(*), bool_and(ST_IsValid(geom)), min(GeometryType(geom)) "
            "FROM user_boundaries WHERE level = 'district'"
        ).fetchone()
    assert rows == (5, True, "MULTIPOLYGON")
    assert main([*args, "--db", str(tmp_path / "x.sqlite")]) == 2  # a file is not a server
    assert "takes a postgresql:// URL" in capsys.readouterr().err


def test_cli_boundaries_add_error(tmp_path, capsys):
    src = str(DATA / "no_code.geojson")
    code = main(["boundaries", "add", src, "--level", "province", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: no column of 4-digit province") and err.count("\n") == 1


# --- INEI 2007 files from ../shared ------------------------------------------------------------
@pytest.mark.parametrize("level", ["department", "province", "district"])
def test_inei_add(level, inei_dir, gazetteer, tmp_path):
    exp = EXPECTED[level]
    rep = add_boundaries(inei_dir / exp["file"], level, tmp_path, gazetteer=gazetteer)
    for key in ("code_column", "features_read", "units_written", "dissolved", "dropped_empty"):
        assert getattr(rep, key) == exp[key], key
    assert rep.repaired == exp["repaired"]
    assert len(rep.empty_codes) == exp["dropped_empty"]
    assert rep.outside_peru == 0
    missing = {c for c, _ in rep.missing_from_file}
    assert set(exp["missing_include"]) <= missing
    assert [c for c, _ in rep.not_in_gazetteer] == exp["not_in_gazetteer"]
    level_units = {c for c, u in gazetteer.units.items() if u.level == level}
    assert rep.matched + len(missing) == len(level_units)
    gdf = load_boundaries(level, tmp_path)
    assert len(gdf) == exp["units_written"]
    assert gdf.is_valid.all() and not gdf.is_empty.any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf["ubigeo"].str.len().eq(B.LEVEL_DIGITS[level]).all()
    assert rep.geojson_bytes < 3_000_000  # the layer the browser receives stays small


def test_inei_district_report_lists_newer_districts(inei_dir, gazetteer, tmp_path):
    rep = add_boundaries(
        inei_dir / "peru_distrital_simple.geojson", "district", tmp_path, gazetteer=gazetteer
    )
    names = dict(rep.missing_from_file)
    assert names["070107"] == "Mi Perú"  # created in 2014, after the 2007 limits
    text = rep.summary()
    assert "gazetteer districts missing from the file" in text and "070107 Mi Perú" in text


def test_inei_province_split_feature_dissolved(inei_dir, gazetteer, tmp_path):
    src = inei_dir / "peru_provincial_simple.geojson"
    raw = gpd.read_file(src)
    add_boundaries(src, "province", tmp_path, gazetteer=gazetteer)
    gdf = load_boundaries("province", tmp_path).set_index("ubigeo")
    for code in ("2001", "0510"):
        parts = raw[raw["FIRST_IDPR"] == code]
        assert len(parts) == 2
        assert gdf.geometry[code].area == pytest.approx(parts.geometry.union_all().area, rel=0.02)
    assert gdf.loc["2001", "name"] == "Piura"  # the file's "PUIRA" typo is not carried over


def test_snap_batch_failure_falls_back(tmp_path, tiny_gaz, monkeypatch):
    # GEOS can fail a whole batch on one odd polygon; each geometry is then snapped alone.
    real = shapely.set_precision

    def flaky(geom, *a, **kw):
        if not isinstance(geom, shapely.Geometry):
            raise shapely.errors.GEOSException("TopologyException: unable to assign free hole")
        return real(geom, *a, **kw)

    monkeypatch.setattr(shapely, "set_precision", flaky)
    rep = _add(TINY, tmp_path, tiny_gaz)
    assert rep.units_written == 5
    assert load_boundaries("district", tmp_path / "data").is_valid.all()


def test_embedded_departments_match_gazetteer(tmp_path, gazetteer):
    gdf = load_boundaries("department", tmp_path / "no-user-layers")
    deps = {c for c, u in gazetteer.units.items() if u.level == "department"}
    assert sorted(gdf["ubigeo"]) == sorted(deps) and len(gdf) == 25
    assert gdf.is_valid.all() and gdf.crs.to_epsg() == 4326
    # Each department's gazetteer point (its capital) lies inside its own polygon.
    inside = [
        gdf.set_index("ubigeo")
        .geometry[c]
        .buffer(0.05)
        .contains(shapely.Point(gazetteer.units[c].lon, gazetteer.units[c].lat))
        for c in deps
    ]
    assert all(inside)
