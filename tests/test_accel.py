"""The optional compiled modules (scripts/build_accel.py) never shadow an edited source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from geo import _accel

ROOT = Path(__file__).resolve().parents[1]
_WHICH = "import geo.extract as e; print(e.__file__.endswith('.py'))"


def _imports_source(env_extra: dict[str, str]) -> bool:
    env = {**os.environ, **env_extra}
    out = subprocess.run(
        [sys.executable, "-c", _WHICH], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip() == "True"


def test_no_accel_env_runs_the_sources():
    assert _imports_source({"GEO_NO_ACCEL": "1"})


def test_stale_build_finder_loads_the_source():
    finder = _accel._SourceOverStaleBuild({"geo.extract"})
    spec = finder.find_spec("geo.extract")
    assert spec is not None and spec.origin.endswith("extract.py")
    assert finder.find_spec("geo.dates") is None


def test_compiled_modules_match_their_record():
    """A compiled module runs only while its source is the one it was built from."""
    for name, on in _accel.active().items():
        if on:
            digest = _accel.source_digest(ROOT / "geo" / f"{name}.py")
            assert '"' + digest + '"' in _accel.RECORD.read_text(encoding="utf-8")


def test_stale_record_puts_the_source_first(monkeypatch, tmp_path):
    """A build whose recorded digest differs from the source's makes install() route the import
    to the .py; a matching record leaves the compiled module in charge."""
    monkeypatch.setattr(_accel, "_compiled_modules", lambda: ["extract"])
    monkeypatch.delenv("GEO_NO_ACCEL", raising=False)
    record = tmp_path / "record.json"
    monkeypatch.setattr(_accel, "RECORD", record)
    before = list(sys.meta_path)
    monkeypatch.setattr(sys, "meta_path", before[:])

    record.write_text('{"extract": "0000"}', encoding="utf-8")
    _accel.install()
    added = [f for f in sys.meta_path if f not in before]
    assert len(added) == 1 and added[0].find_spec("geo.extract") is not None

    sys.meta_path[:] = before
    digest = _accel.source_digest(ROOT / "geo" / "extract.py")
    record.write_text(json.dumps({"extract": digest}), encoding="utf-8")
    _accel.install()
    assert [f for f in sys.meta_path if f not in before] == []
