"""Guard for the optional compiled modules (scripts/build_accel.py, issue 7).

Python imports an extension module (geo/extract.cpython-311-*.so) in preference to the .py of
the same name. A build made before the source was edited would then run stale code, so each
build records the SHA-256 of the sources it compiled (geo/_accel_build.json), and this finder
imports the .py instead whenever the source no longer matches, when the record is missing, or
when GEO_NO_ACCEL=1 is set. Without a build it does nothing: the .py modules are the program.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
RECORD = _HERE / "_accel_build.json"


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _SourceOverStaleBuild:
    """A meta path finder: geo.<name> from its .py when its compiled module is not current."""

    def __init__(self, names: set[str]):
        self.names = names

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in self.names:
            return None
        src = _HERE / (fullname.rsplit(".", 1)[1] + ".py")
        return importlib.util.spec_from_file_location(
            fullname, src, loader=importlib.machinery.SourceFileLoader(fullname, str(src))
        )


def _compiled_modules() -> list[str]:
    out = []
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        out += [p.name[: -len(suffix)] for p in _HERE.glob("*" + suffix)]
    return out


def install() -> None:
    compiled = _compiled_modules()
    if not compiled:
        return
    if os.environ.get("GEO_NO_ACCEL") == "1":
        stale = set(compiled)
    else:
        try:
            record = json.loads(RECORD.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        stale = set()
        for name in compiled:
            src = _HERE / f"{name}.py"
            if src.exists() and record.get(name) != source_digest(src):
                stale.add(name)
    if stale:
        sys.meta_path.insert(0, _SourceOverStaleBuild({f"geo.{n}" for n in stale}))


def active() -> dict[str, bool]:
    """Which geo modules run compiled in this process (for the bench and the tests)."""
    return {
        name: not getattr(sys.modules.get(f"geo.{name}"), "__file__", "").endswith(".py")
        for name in _compiled_modules()
        if f"geo.{name}" in sys.modules
    }
