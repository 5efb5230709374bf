"""Command line: a thin front over the geo library (python -m geo --help)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date


class CliError(Exception):
    """An error to report to the user as one line on stderr, with exit status 2."""


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


# --- extract -----------------------------------------------------------------------------------
def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="print the Peruvian places in a document as JSON Lines")
    p.add_argument("path", help="a text file, or - for standard input")
    p.add_argument("--doc-date", type=_iso_date, help="document date (YYYY-MM-DD)")
    p.set_defaults(func=_run_extract)


def _run_extract(args: argparse.Namespace) -> int:
    import json

    from geo.extract import extract_events
    from geo.ingest import IngestError, read_text_input

    try:
        text, meta_date = read_text_input(args.path)
    except IngestError as exc:
        raise CliError(str(exc)) from None
    out = sys.stdout
    for ev in extract_events(text, doc_date=args.doc_date or meta_date):
        out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
    return 0


# --- ingest (issue 3) --------------------------------------------------------------------------
def _add_ingest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="add documents to the event store")
    p.add_argument("paths", nargs="+", help="files, folders, or - for standard input")
    p.add_argument("--db", help="SQLite store (default: the data directory's events.sqlite)")
    p.add_argument("--doc-date", type=_iso_date, help="date for documents that carry none")
    p.set_defaults(func=_run_ingest)


def _run_ingest(args: argparse.Namespace) -> int:
    """Ingest files/folders/stdin into the store; exit 1 only when every input failed."""
    from geo.ingest import ingest_paths
    from geo.settings import SettingsError, load_settings
    from geo.store import Store, StoreError

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise CliError(str(exc)) from None
    if args.paths.count("-") > 1:
        raise CliError("standard input (-) can be given only once")
    try:
        from geo.extract import extract_events
    except ImportError as exc:
        raise CliError(f"the place extractor is not available: {exc}") from None
    db = args.db or settings.db_path
    try:
        store = Store.open(db, busy_timeout_ms=settings.busy_timeout_ms)
    except (StoreError, OSError) as exc:
        raise CliError(f"cannot open store {db}: {exc}") from None

    bar = None
    seen = 0

    def progress(where: str, outcome: str) -> None:
        # The bar appears only for long runs (20+ documents) and only on a terminal.
        nonlocal bar, seen
        seen += 1
        if bar is None and seen >= 20 and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(initial=seen, unit="doc", file=sys.stderr, dynamic_ncols=True)
        elif bar is not None:
            bar.update(1)

    try:
        summary = ingest_paths(
            store, args.paths, doc_date=args.doc_date, extract=extract_events, progress=progress
        )
    finally:
        if bar is not None:
            bar.close()
        store.close()
    err = sys.stderr
    for where, reason in summary.failed:
        print(f"failed: {where}: {reason}", file=err)
    print(f"documents added:      {summary.added}", file=err)
    print(f"skipped (duplicates): {summary.duplicates}", file=err)
    print(f"replaced (corrected): {summary.replaced}", file=err)
    print(f"failed:               {len(summary.failed)}", file=err)
    print(f"events stored:        {summary.events}", file=err)
    print(f"store: {db}", file=err)
    if summary.processed == 0 and not summary.failed:
        print("no documents found in the inputs", file=err)
    return 0 if summary.processed > 0 else 1


# --- export (issue 3) --------------------------------------------------------------------------
def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export stored events as CSV, GeoJSON or GeoParquet")
    p.add_argument("--db", help="SQLite store (default: the data directory's events.sqlite)")
    p.add_argument("--from", dest="date_from", type=_iso_date)
    p.add_argument("--to", dest="date_to", type=_iso_date)
    p.add_argument("--level", choices=["department", "province", "district"], default=None)
    p.add_argument("--where", nargs="*", default=[], metavar="UBIGEO")
    p.add_argument("--aggregate", action="store_true", help="one row per unit with its count")
    p.add_argument("--format", required=True, choices=["csv", "geojson", "parquet"])
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo.boundaries import BoundaryError
    from geo.export import ExportError, export_store
    from geo.model import EventFilter
    from geo.settings import SettingsError, load_settings

    bad = [w for w in args.where if not (w.isdigit() and len(w) in (2, 4, 6))]
    if bad:
        raise CliError(f"--where takes 2/4/6-digit ubigeo codes, not {bad[0]!r}")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CliError("--from is after --to")
    try:
        settings = load_settings()
        db = Path(args.db).expanduser() if args.db else settings.db_path
        flt = EventFilter(args.date_from, args.date_to, ubigeos=tuple(args.where))
        rows = export_store(
            db,
            flt,
            args.format,
            Path(args.output).expanduser(),
            level=args.level,
            per_unit=args.aggregate,
            data_dir=settings.data_dir,
        )
    except (ExportError, BoundaryError, SettingsError) as exc:
        raise CliError(str(exc)) from None
    what = "units" if args.aggregate else "events"
    print(f"wrote {rows} {what} to {args.output}", file=sys.stderr)
    return 0


# --- boundaries (issue 3) ----------------------------------------------------------------------
def _add_boundaries(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("boundaries", help="manage province/district boundary polygons")
    bsub = p.add_subparsers(dest="boundaries_cmd", required=True)
    a = bsub.add_parser("add", help="add polygons from GeoJSON, GeoPackage or zipped Shapefile")
    a.add_argument("path")
    a.add_argument("--level", required=True, choices=["department", "province", "district"])
    a.add_argument("--code-column", help="the ubigeo column (detected when omitted)")
    a.add_argument("--data-dir", help="data directory (default: settings)")
    a.set_defaults(func=_run_boundaries_add)


def _run_boundaries_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from geo.boundaries import BoundaryError, add_boundaries
    from geo.settings import SettingsError, load_settings

    try:
        data_dir = Path(args.data_dir).expanduser() if args.data_dir else load_settings().data_dir
        report = add_boundaries(args.path, args.level, data_dir, code_column=args.code_column)
    except (BoundaryError, SettingsError) as exc:
        raise CliError(str(exc)) from None
    print(report.summary())
    return 0


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_extract,
    _add_ingest,
    _add_export,
    _add_boundaries,
)


def build_parser() -> argparse.ArgumentParser:
    """The argparse tree for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; user errors become one line on stderr and exit status 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
