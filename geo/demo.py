"""The embedded demo documents (data/demo/) ingested into a fresh store on first start."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
MARKER_NAME = ".demo-ingested"


def demo_files(demo_dir: Path = DEMO_DIR) -> list[Path]:
    """The demo documents, in name order (README.md excluded)."""
    if not demo_dir.is_dir():
        return []
    return sorted(
        p for p in demo_dir.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md"
    )


def fingerprint(files: list[Path]) -> str:
    """A hash of the demo set, so a changed demo corpus is ingested again."""
    h = hashlib.sha256()
    for p in files:
        h.update(p.name.encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def ensure_demo(
    store: Any,
    data_dir: Path,
    demo_dir: Path = DEMO_DIR,
    extract: Callable[..., Any] | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> Any | None:
    """Ingest the demo set once into an empty store; returns the IngestSummary or None if skipped.

    Skipped when this data directory already has the demo (marker file) or holds other
    documents (a user's own collection is never mixed with the demo). Idempotent: the store
    deduplicates by content hash, so an interrupted first start simply resumes.
    """
    from geo.ingest import ingest_paths

    files = demo_files(demo_dir)
    if not files or getattr(store, "read_only", False):  # a read-only store is shown as it is
        return None
    marker = Path(data_dir) / MARKER_NAME
    fp = fingerprint(files)
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == fp:
        return None
    if not marker.exists() and store.stats()["documents"] > 0:
        return None
    summary = ingest_paths(store, files, extract=extract, progress=progress)
    if summary.failed:
        return summary  # no marker: the next start tries the failed files again
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_suffix(".tmp")
    tmp.write_text(fp + "\n", encoding="utf-8")
    tmp.replace(marker)
    return summary
