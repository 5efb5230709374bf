"""Optionally compile the extractor's hot modules with Cython (issue 7, throughput).

python scripts/build_accel.py [--clean] [--modules geo/extract.py ...]

Cython compiles the unchanged .py sources (pure-Python mode) into extension modules placed
beside them (geo/extract.cpython-311-*.so); Python imports an extension module in preference to
the .py of the same name, so the pure-Python sources stay the fallback: without a build, or
after --clean, everything runs as before. Annotation typing is off, so the compiled code keeps
Python's semantics exactly (an `x: float` stays a Python object, not a C double). The .c files
and objects go to build/accel/, not into the source tree. After editing a compiled module,
rebuild: the build records each source's SHA-256 (geo/_accel_build.json) and geo/_accel.py
imports the .py instead of a compiled module whose source has changed since, so a stale build
is never run. GEO_NO_ACCEL=1 runs the pure-Python modules with a build in place.

Needs Cython and a C compiler; scripts/setup.sh --accel installs Cython and runs this.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "accel"
sys.path.insert(0, str(ROOT))

from geo._accel import RECORD, source_digest  # noqa: E402

# The modules the cProfile of bench_extract spends its time in (README, "Speed and memory").
MODULES = [
    "geo/extract.py",
    "geo/dates.py",
    "geo/events.py",
    "geo/roles.py",
    "geo/snippets.py",
    "geo/textnorm.py",
]


def _built(module: str) -> Path:
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    return ROOT / (module.removesuffix(".py") + suffix)


def clean(modules: list[str]) -> None:
    for m in modules:
        for so in (ROOT / m).parent.glob(Path(m).stem + ".*.so"):
            so.unlink()
            print(f"removed {so.relative_to(ROOT)}")
    RECORD.unlink(missing_ok=True)


def build(modules: list[str]) -> None:
    try:
        from Cython.Build import cythonize
    except ImportError:
        sys.exit("build_accel: Cython is not installed (pip install cython)")
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    exts = [Extension(m.removesuffix(".py").replace("/", "."), [m]) for m in modules]
    ext_modules = cythonize(
        exts,
        build_dir=str(BUILD),
        language_level=3,
        quiet=True,
        compiler_directives={
            "annotation_typing": False,
            "binding": True,
            "embedsignature": False,
        },
    )
    dist = Distribution({"name": "geo-accel", "ext_modules": ext_modules})
    cmd = build_ext(dist)
    cmd.inplace = True
    cmd.build_temp = str(BUILD / "tmp")
    cmd.ensure_finalized()
    cmd.run()
    record = {Path(m).stem: source_digest(ROOT / m) for m in modules}
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for m in modules:
        print(f"built {_built(m).relative_to(ROOT)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clean", action="store_true", help="remove the compiled modules")
    ap.add_argument("--modules", nargs="*", default=MODULES)
    args = ap.parse_args()
    if args.clean:
        clean(args.modules)
    else:
        os.chdir(ROOT)
        build(args.modules)


if __name__ == "__main__":
    main()
