"""python -m geo extract: the public JSON Lines contract and its error messages."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

FIELDS = {
    "surface", "start", "end", "ubigeo", "level", "department", "province", "district", "place",
    "lat", "lon", "date_start", "date_end", "date_precision", "doc_date", "confidence", "sentence",
}  # fmt: skip


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "geo", "extract", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )


def test_extract_seed_jsonl(seed_text):
    from tests.conftest import SEED

    p = run(str(SEED))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]
    assert rows and all(set(r) >= FIELDS for r in rows)
    for r in rows:
        assert seed_text[r["start"] : r["end"]] == r["surface"]
    assert {r["ubigeo"][:2] for r in rows} >= {"04", "21", "17"}
    assert all(r["doc_date"] == "2023-05-01" for r in rows)


def test_extract_stdin_with_doc_date():
    p = run("--doc-date", "2024-03-10", "-", stdin=b"Ayer hubo un huaico en Chosica, Lima.")
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert rows[-1]["ubigeo"][:2] == "15"
    assert rows[-1]["date_start"] == "2024-03-09"
    assert rows[-1]["doc_date"] == "2024-03-10"


def test_extract_cp1252_input_offsets_are_characters():
    text = "Protestas en Huánuco “ayer” y en Áncash."
    p = run("-", stdin=text.encode("cp1252"))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert [text[r["start"] : r["end"]] for r in rows] == ["Huánuco", "Áncash"]


def test_extract_missing_file_one_line_error(tmp_path):
    p = run(str(tmp_path / "nope.txt"))
    assert p.returncode != 0
    err = p.stderr.decode().strip()
    assert err.startswith("error:") and "\n" not in err
    assert p.stdout == b""


def test_extract_binary_file_one_line_error(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    p = run(str(f))
    assert p.returncode != 0
    assert len(p.stderr.decode().strip().splitlines()) == 1


def test_extract_bad_doc_date():
    p = run("--doc-date", "2023-13-45", "-", stdin=b"Lima")
    assert p.returncode == 2
    assert b"YYYY-MM-DD" in p.stderr
