"""The gazetteer: 94,000 localities beside the INEI units, the automaton scan and its cache."""

from __future__ import annotations

import shutil
import subprocess
import sys

from geo.gazetteer import DATA_DIR, load_gazetteer
from geo.textnorm import fold_fast
from tests.conftest import ROOT, SHARED, need_shared


def scanned(gaz, text: str) -> list[str]:
    return [text[s:e] for s, e, _ in gaz.scan(fold_fast(text))]


def test_localities_are_loaded(gazetteer):
    kinds = {e.kind for e in gazetteer.lookup("Ccollpa")}
    assert kinds == {"locality"}
    codes = {e.ubigeo for e in gazetteer.lookup("Ccollpa")}
    assert len(codes) > 10 and codes <= set(gazetteer.units)
    assert sum(1 for _ in gazetteer.index) > 80_000


def test_locality_with_shared_pseudo_code_sits_in_its_province(gazetteer):
    # GeoNames' 120699 "Mazamari - Pangoa" is no INEI district: its localities go to Satipo.
    lines = (DATA_DIR / "localities.csv").read_text(encoding="utf-8").splitlines()
    assert not any(",120699," in line for line in lines)
    assert any(",1206," in line for line in lines)


def test_scan_whole_words_only(gazetteer):
    assert scanned(gazetteer, "Los ximalimas no son de Lima.") == ["Lima"]


def test_scan_two_names_one_space_apart(gazetteer):
    assert scanned(gazetteer, "Lima Callao") == ["Lima", "Callao"]


def test_scan_full_stop_splits_a_name(gazetteer):
    # "San Juan de Lurigancho" is one name; with a full stop inside it is not.
    assert scanned(gazetteer, "San Juan de Lurigancho") == ["San Juan de Lurigancho"]
    assert "San Juan de Lurigancho" not in scanned(gazetteer, "San Juan. De Lurigancho")


def test_scan_hyphenated_name(gazetteer):
    assert scanned(gazetteer, "en Rupa-Rupa hubo lluvias") == ["Rupa-Rupa"]


def test_spelling_variants_are_indexed(gazetteer):
    assert {e.ubigeo for e in gazetteer.lookup("Pichanaki")} == {
        e.ubigeo for e in gazetteer.lookup("Pichanaqui")
    }
    assert "170204" in {e.ubigeo for e in gazetteer.lookup("Huepetue")}
    assert "081304" in {e.ubigeo for e in gazetteer.lookup("Machupicchu")}
    assert "200114" in {e.ubigeo for e in gazetteer.lookup("Tambogrande")}


def test_cache_roundtrip(tmp_path):
    built = load_gazetteer(cache_dir=tmp_path)
    files = list(tmp_path.glob("gazetteer-*.pickle"))
    assert len(files) == 1
    cached = load_gazetteer(cache_dir=tmp_path)
    assert list(cached.index) == list(built.index)
    assert cached.lookup("Juliaca") == built.lookup("Juliaca")
    assert scanned(cached, "Hubo lluvias en Juliaca y Ccollpa") == ["Juliaca", "Ccollpa"]


def test_cache_rebuilt_when_data_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("demo", "*.geojson"))
    cache = tmp_path / "cache"
    assert load_gazetteer(data, cache).lookup("Zzyzxville") == ()
    with (data / "aliases.csv").open("a", encoding="utf-8") as fh:
        fh.write("Zzyzxville,150101,test alias\n")
    assert {e.ubigeo for e in load_gazetteer(data, cache).lookup("Zzyzxville")} == {"150101"}
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1  # the stale index was removed


def test_cache_unwritable_still_loads(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    gaz = load_gazetteer(cache_dir=blocker / "cache")
    assert gaz.lookup("Cusco")


def test_corrupt_cache_is_rebuilt(tmp_path):
    load_gazetteer(cache_dir=tmp_path)
    (path,) = tmp_path.glob("gazetteer-*.pickle")
    path.write_bytes(b"not a pickle")
    assert load_gazetteer(cache_dir=tmp_path).lookup("Puno")


def test_build_localities_reproduces_the_committed_file(tmp_path):
    need_shared(SHARED / "gazetteer" / "geonames-postal-pe" / "pe_postal_places.csv")
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_localities.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    committed = (DATA_DIR / "localities.csv").read_bytes()
    assert (tmp_path / "localities.csv").read_bytes() == committed
