"""Export: events and per-unit aggregates as CSV, GeoJSON and GeoParquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import export as X
from geo.__main__ import main
from geo.model import Document, Event, Unit

COLUMNS = [
    "event_id",
    "doc_id",
    "surface",
    "start",
    "end",
    "ubigeo",
    "level",
    "department",
    "province",
    "district",
    "place",
    "lat",
    "lon",
    "date_start",
    "date_end",
    "date_precision",
    "doc_date",
    "confidence",
    "sentence",
    "title",
    "url",
    "source",
]


def _row(i: int, ubigeo: str, sentence: str = "Hubo una protesta.", doc: int = 1, **kw) -> dict:
    level = {2: "department", 4: "province", 6: "district"}[len(ubigeo)]
    row = {
        "event_id": i,
        "doc_id": doc,
        "surface": "Lima",
        "start": 0,
        "end": 4,
        "ubigeo": ubigeo,
        "level": level,
        "department": "Lima",
        "province": "Lima" if len(ubigeo) >= 4 else None,
        "district": "Miraflores" if len(ubigeo) == 6 else None,
        "place": None,
        "lat": -12.12,
        "lon": -77.03,
        "date_start": pd.Timestamp("2024-03-01"),
        "date_end": pd.Timestamp("2024-03-31"),
        "date_precision": "month",
        "doc_date": pd.Timestamp("2024-04-02"),
        "confidence": 0.9,
        "sentence": sentence,
        "title": "Noticias",
        "url": "https://example.org/a",
        "source": "example",
    }
    row.update(kw)
    return row


@pytest.fixture
def frame() -> pd.DataFrame:
    """A small events frame shaped like Store.events_frame (datetime64 date columns)."""
    rows = [
        _row(1, "15", doc=1),
        _row(2, "1501", doc=1),
        _row(3, "150122", doc=1),
        _row(4, "150122", doc=2, doc_date=pd.NaT),
        _row(5, "080101", doc=2, department="Cusco", province="Cusco", district="Cusco"),
        _row(6, "0801", doc=3, department="Cusco", province="Cusco", lat=float("nan")),
    ]
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("date_start", "date_end", "doc_date"):
        df[col] = pd.to_datetime(df[col])
    return df


@pytest.fixture
def gaz() -> SimpleNamespace:
    def u(code: str, level: str, name: str, lat: float, lon: float) -> Unit:
        return Unit(code, level, name, "Lima", None, None, lat, lon)

    units = [
        u("15", "department", "Lima", -12.04, -77.03),
        u("08", "department", "Cusco", -13.52, -71.97),
        u("1501", "province", "Lima", -12.04, -77.03),
        u("0801", "province", "Cusco", -13.52, -71.97),
        u("150122", "district", "Miraflores", -12.12, -77.03),
        u("080101", "district", "Cusco", -13.52, -71.97),
    ]
    return SimpleNamespace(units={x.ubigeo: x for x in units})


@pytest.fixture
def dep_polygons() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ubigeo": ["15", "01"], "name": ["Lima", "Amazonas"]},
        geometry=[shapely.box(-77.9, -13.0, -76.0, -10.0), shapely.box(-78.5, -6.5, -77.5, -5.5)],
        crs=4326,
    )


# --- conversion and aggregation ----------------------------------------------------------------
def test_events_to_geodataframe(frame):
    gdf = X.events_to_geodataframe(frame)
    assert len(gdf) == len(frame) and gdf.crs.to_epsg() == 4326
    assert gdf.geometry.iloc[0].equals(shapely.Point(-77.03, -12.12))
    assert gdf.geometry.iloc[5] is None  # no latitude: a row without geometry, not a dropped row


def test_aggregate_department_with_polygons(frame, gaz, dep_polygons):
    agg = X.aggregate(frame, "department", dep_polygons, gaz)
    by = agg.set_index("ubigeo")
    assert by.loc["15", "count"] == 4 and by.loc["08", "count"] == 2
    assert by.loc["15", "documents"] == 2
    assert by.loc["15", "polygon"] and by.geometry["15"].geom_type == "Polygon"
    # Cusco has no polygon in these boundaries: its gazetteer point is used instead.
    assert not by.loc["08", "polygon"]
    assert by.geometry["08"].equals(shapely.Point(-71.97, -13.52))
    assert list(agg.columns) == [*X.AGGREGATE_COLUMNS, "geometry"]
    assert agg["ubigeo"].tolist() == ["15", "08"]  # most events first


def test_aggregate_excludes_coarser_events(frame, gaz):
    agg = X.aggregate(frame, "district", None, gaz)
    assert dict(zip(agg["ubigeo"], agg["count"], strict=True)) == {"150122": 2, "080101": 1}
    prov = X.aggregate(frame, "province", None, gaz)
    assert dict(zip(prov["ubigeo"], prov["count"], strict=True)) == {"1501": 3, "0801": 2}
    # The invariant the CLI relies on: aggregate counts sum to the level-filtered events.
    for level in ("department", "province", "district"):
        total = X.aggregate(frame, level, None, gaz)["count"].sum()
        assert total == len(X.filter_level(frame, level))


def test_aggregate_points_without_boundaries(frame, gaz):
    agg = X.aggregate(frame, "district", None, gaz)
    assert set(agg.geom_type) == {"Point"} and not agg["polygon"].any()
    assert agg.set_index("ubigeo").loc["150122", "name"] == "Miraflores"


def test_aggregate_unit_unknown_to_gazetteer(frame):
    agg = X.aggregate(frame, "district", None, gazetteer=None).set_index("ubigeo")
    assert agg.loc["150122", "name"] == "Miraflores"  # from the events' district column
    assert agg.geometry["150122"].equals(shapely.Point(-77.03, -12.12))


def test_aggregate_include_empty(frame, gaz, dep_polygons):
    agg = X.aggregate(frame, "department", dep_polygons, gaz, include_empty=True)
    assert agg.set_index("ubigeo").loc["01", "count"] == 0
    assert len(agg) == 3


def test_aggregate_empty_frame(frame, gaz, dep_polygons):
    agg = X.aggregate(frame.iloc[:0], "department", dep_polygons, gaz)
    assert len(agg) == 0 and list(agg.columns) == [*X.AGGREGATE_COLUMNS, "geometry"]
    for fmt in X.FORMATS:
        assert X.to_bytes(agg, fmt)


def test_aggregate_unknown_level(frame):
    with pytest.raises(X.ExportError, match="unknown level"):
        X.aggregate(frame, "region", None)


# --- formats -----------------------------------------------------------------------------------
def _read_back(data: bytes, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    if fmt == "geojson":
        return gpd.read_file(io.BytesIO(data))
    return gpd.read_parquet(io.BytesIO(data))


@pytest.mark.parametrize("fmt", X.FORMATS)
def test_row_counts_every_format(frame, gaz, dep_polygons, tmp_path, fmt):
    agg = X.aggregate(frame, "department", dep_polygons, gaz)
    for table in (frame, X.events_to_geodataframe(frame), agg, frame.iloc[:0]):
        data = X.to_bytes(table, fmt)
        assert len(_read_back(data, fmt)) == len(table)
        out = X.WRITERS[fmt](table, tmp_path / f"out.{fmt}")
        assert out.read_bytes() == data


def test_geojson_feature_collection(frame):
    doc = json.loads(X.to_bytes(frame, "geojson"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(frame)
    props = doc["features"][0]["properties"]
    assert props["date_start"] == "2024-03-01" and props["doc_date"] == "2024-04-02"
    assert doc["features"][3]["properties"]["doc_date"] is None
    assert doc["features"][0]["geometry"] == {"type": "Point", "coordinates": [-77.03, -12.12]}
    assert doc["features"][5]["geometry"] is None


def test_geojson_no_nan_tokens(frame):
    text = X.to_bytes(frame, "geojson").decode("utf-8")
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-standard JSON token {c}"))


def test_geojson_keeps_accents_and_quotes(frame):
    frame.loc[0, "sentence"] = 'Se dijo "basta" en Ñaña, Perú.'
    doc = json.loads(X.to_bytes(frame, "geojson").decode("utf-8"))
    assert doc["features"][0]["properties"]["sentence"] == 'Se dijo "basta" en Ñaña, Perú.'


def test_geojson_odd_cells(frame):
    import numpy as np

    frame["confidence"] = [0.5, float("inf"), float("nan"), 1.0, 0.2, 0.3]
    frame["extra"] = pd.Series([np.int64(3), None, "x", date(2024, 1, 2), 1.5, True], dtype=object)
    frame.loc[4, "lon"] = float("nan")
    doc = json.loads(X.to_bytes(frame, "geojson"))
    props = [f["properties"] for f in doc["features"]]
    assert [p["confidence"] for p in props[:3]] == [0.5, None, None]
    assert [p["extra"] for p in props] == [3, None, "x", "2024-01-02", 1.5, True]
    assert doc["features"][4]["geometry"] is None


def test_geojson_empty_point_geometry(frame):
    gdf = X.events_to_geodataframe(frame)
    gdf.loc[0, "geometry"] = shapely.Point()
    doc = json.loads(X.to_bytes(gdf, "geojson"))
    assert doc["features"][0]["geometry"] is None and len(doc["features"]) == len(frame)


def test_csv_dates_iso(frame):
    rows = list(csv.DictReader(io.StringIO(X.to_bytes(frame, "csv").decode("utf-8-sig"))))
    assert rows[0]["date_start"] == "2024-03-01" and rows[0]["date_end"] == "2024-03-31"
    assert rows[3]["doc_date"] == ""
    assert "geometry" not in rows[0]


def test_csv_formula_injection(frame):
    payloads = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    for i, p in enumerate(payloads):
        frame.loc[i, "sentence"] = p
    frame.loc[0, "title"] = "=cmd|' /C calc'!A0"
    rows = list(csv.DictReader(io.StringIO(X.to_bytes(frame, "csv").decode("utf-8-sig"))))
    for i, p in enumerate(payloads):
        assert rows[i]["sentence"] == "'" + p
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0"
    # Numbers stay numbers: a negative longitude is not a formula and gets no apostrophe.
    assert rows[0]["lon"] == "-77.03"


def test_csv_formula_injection_mixed_column(frame):
    frame["note"] = pd.Series(["=1+2", None, 7, "-x", "ok", 2.5], dtype=object)
    back = pd.read_csv(io.BytesIO(X.to_bytes(frame, "csv")), dtype=str, keep_default_na=False)
    assert back["note"].tolist() == ["'=1+2", "", "7", "'-x", "ok", "2.5"]


def test_csv_ordinary_text_untouched(frame):
    frame.loc[0, "sentence"] = "Protesta en Lima; 3 heridos, según la PNP."
    rows = list(csv.DictReader(io.StringIO(X.to_bytes(frame, "csv").decode("utf-8-sig"))))
    assert rows[0]["sentence"] == "Protesta en Lima; 3 heridos, según la PNP."


def test_csv_multiline_sentence(frame):
    frame.loc[1, "sentence"] = 'line one\nline "two", with comma'
    back = pd.read_csv(io.BytesIO(X.to_bytes(frame, "csv")), dtype=str, keep_default_na=False)
    assert len(back) == len(frame)
    assert back.loc[1, "sentence"] == 'line one\nline "two", with comma'


def test_csv_aggregate_has_lat_lon_not_geometry(frame, gaz, dep_polygons):
    agg = X.aggregate(frame, "department", dep_polygons, gaz)
    back = pd.read_csv(io.BytesIO(X.to_bytes(agg, "csv")), dtype={"ubigeo": str})
    assert list(back.columns) == list(X.AGGREGATE_COLUMNS)
    assert back["ubigeo"].tolist() == ["15", "08"]  # leading zero of 08 kept


def test_parquet_reads_back(frame, gaz, dep_polygons):
    back = gpd.read_parquet(io.BytesIO(X.to_bytes(frame, "parquet")))
    assert back.crs.to_epsg() == 4326
    assert back.loc[0, "date_start"] == date(2024, 3, 1)
    assert pd.isna(back.loc[3, "doc_date"])
    assert back["ubigeo"].tolist() == frame["ubigeo"].tolist()
    agg = gpd.read_parquet(
        io.BytesIO(X.to_bytes(X.aggregate(frame, "department", dep_polygons, gaz), "parquet"))
    )
    assert set(agg.geom_type) == {"Polygon", "Point"}


def test_unknown_format(frame):
    with pytest.raises(X.ExportError, match="unknown format 'xlsx'"):
        X.to_bytes(frame, "xlsx")


def test_write_missing_folder(frame, tmp_path):
    with pytest.raises(X.ExportError, match="does not exist"):
        X.write_csv(frame, tmp_path / "no" / "such" / "out.csv")


def test_write_failure_keeps_old_file(frame, tmp_path, monkeypatch):
    out = tmp_path / "events.geojson"
    out.write_text("previous export", encoding="utf-8")

    def boom(*a, **kw):
        raise OSError("disk full")

    monkeypatch.setattr(X.os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        X.write_geojson(frame, out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


def test_filter_level(frame):
    assert len(X.filter_level(frame, None)) == 6
    assert len(X.filter_level(frame, "department")) == 6
    assert len(X.filter_level(frame, "province")) == 5
    assert X.filter_level(frame, "district")["ubigeo"].tolist() == ["150122", "150122", "080101"]


def test_csv_lone_carriage_return(frame):
    frame.loc[2, "sentence"] = "antes\rdespués"
    back = pd.read_csv(io.BytesIO(X.to_bytes(frame, "csv")), dtype=str, keep_default_na=False)
    assert len(back) == len(frame) and back.loc[2, "sentence"] == "antes\rdespués"


# --- CLI end to end over a real store ----------------------------------------------------------
def _event(ubigeo: str, day: date, sentence: str) -> Event:
    level = {2: "department", 4: "province", 6: "district"}[len(ubigeo)]
    return Event(
        surface="X",
        start=0,
        end=1,
        ubigeo=ubigeo,
        level=level,
        department="Lima" if ubigeo.startswith("15") else "Cusco",
        province=None,
        district=None,
        place=None,
        lat=-12.0,
        lon=-77.0,
        date_start=day,
        date_end=day,
        date_precision="day",
        doc_date=day,
        confidence=0.8,
        sentence=sentence,
    )


@pytest.fixture
def store_db(tmp_path, monkeypatch):
    from geo.store import Store

    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "events.sqlite"
    store = Store.open(db)
    d1, d2 = date(2024, 1, 10), date(2024, 6, 5)
    store.add_document(
        Document(text="uno", title="A", url="https://example.org/1", doc_date=d1),
        [
            _event("150122", d1, "=1+1 en Miraflores"),
            _event("15", d1, "Lima"),
            _event("0801", d1, "c"),
        ],
    )
    store.add_document(
        Document(text="dos", title="B", url="https://example.org/2", doc_date=d2),
        [_event("080101", d2, "Cusco"), _event("150101", d2, "Lima cercado")],
    )
    store.close()
    return db


def _export(db, tmp_path, fmt: str, *extra: str) -> pd.DataFrame:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--db", str(db), "--format", fmt, "-o", str(out), *extra]) == 0
    return _read_back(out.read_bytes(), fmt)


@pytest.mark.parametrize("fmt", X.FORMATS)
def test_cli_export_rows(store_db, tmp_path, fmt):
    from geo.store import Store

    with Store.open(store_db) as store:
        n = len(store.events_frame(None))
    assert n == 5
    assert len(_export(store_db, tmp_path, fmt)) == n
    assert len(_export(store_db, tmp_path, fmt, "--where", "15")) == 3
    assert len(_export(store_db, tmp_path, fmt, "--from", "2024-06-01")) == 2
    assert len(_export(store_db, tmp_path, fmt, "--level", "district")) == 3


def test_cli_export_aggregate(store_db, tmp_path):
    agg = _export(store_db, tmp_path, "geojson", "--aggregate")
    assert dict(zip(agg["ubigeo"], agg["count"], strict=True)) == {"15": 3, "08": 2}
    prov = _export(store_db, tmp_path, "csv", "--aggregate", "--level", "province")
    assert dict(zip(prov["ubigeo"], prov["count"], strict=True)) == {"1501": "2", "0801": "2"}
    dist = _export(store_db, tmp_path, "parquet", "--aggregate", "--level", "district")
    assert sorted(dist["ubigeo"]) == ["080101", "150101", "150122"]
    assert dist["count"].sum() == len(_export(store_db, tmp_path, "csv", "--level", "district"))


def test_cli_export_csv_escaped(store_db, tmp_path):
    rows = _export(store_db, tmp_path, "csv", "--where", "150122")
    assert rows["sentence"].tolist() == ["'=1+1 en Miraflores"]


def test_cli_export_missing_db(tmp_path, capsys):
    out = tmp_path / "o.csv"
    code = main(
        ["export", "--db", str(tmp_path / "none.sqlite"), "--format", "csv", "-o", str(out)]
    )
    assert code == 2 and "no event store" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "none.sqlite").exists()


def test_cli_export_bad_where(store_db, tmp_path, capsys):
    out = str(tmp_path / "o.csv")
    code = main(["export", "--db", str(store_db), "--format", "csv", "-o", out, "--where", "Lima"])
    assert code == 2 and "--where takes 2/4/6-digit ubigeo codes" in capsys.readouterr().err


def test_cli_export_output_folder_missing(store_db, tmp_path, capsys):
    out = str(tmp_path / "nope" / "o.csv")
    assert main(["export", "--db", str(store_db), "--format", "csv", "-o", out]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_export_from_after_to(store_db, tmp_path, capsys):
    out = str(tmp_path / "o.csv")
    args = ["export", "--db", str(store_db), "--format", "csv", "-o", out]
    assert main([*args, "--from", "2024-05-01", "--to", "2024-01-01"]) == 2
    assert "--from is after --to" in capsys.readouterr().err
