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
    raise CliError("ingest is not available yet")


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
    raise CliError("export is not available yet")


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
    raise CliError("boundaries add is not available yet")


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
