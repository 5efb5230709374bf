"""Command line: a thin front over the geo library (python -m geo --help)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geo.ingest import IngestSummary

DB_HELP = (
    "the store: an SQLite file path (or sqlite:///path) or a postgresql://user@host/db URL "
    "(default: PEM_DB_URL, else the data directory's events.sqlite)"
)


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
    p.add_argument("--db", metavar="PATH_OR_URL", help=DB_HELP)
    p.add_argument("--doc-date", type=_iso_date, help="date for documents that carry none")
    p.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="decode and extract in N local processes (a Dask LocalCluster)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="decode and extract on an existing Dask cluster (e.g. tcp://HOST:8786)",
    )
    p.add_argument(
        "--format",
        choices=["store", "parquet"],
        default="store",
        help="store (default): the event store; parquet: partitioned GeoParquet in -o DIR",
    )
    p.add_argument("-o", "--output", metavar="DIR", help="folder for --format parquet")
    p.add_argument(
        "--batch",
        type=_positive_int,
        default=None,
        metavar="N",
        help="documents per task and per store transaction with --workers/--scheduler",
    )
    p.set_defaults(func=_run_ingest)


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def _run_ingest(args: argparse.Namespace) -> int:
    """Ingest files/folders/stdin into the store.

    Exit status: 0 when every input was stored, 1 when any document failed (or nothing was
    found, or a full disk stopped the run), 2 for usage errors and a damaged or read-only store.
    """
    from geo.ingest import ingest_paths
    from geo.settings import SettingsError, load_settings

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
    if args.workers is not None or args.scheduler or args.format != "store" or args.output:
        return _run_ingest_partitioned(args, extract_events)
    db = _db_arg(args)
    store = _open_for_writing(db, settings.busy_timeout_ms)

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
    return _ingest_report(summary, f"store: {_shown(db)}")


def _open_for_writing(db: Path | str, busy_timeout_ms: int) -> Any:
    """The store ingest writes to; a damaged, unreachable or read-only one is one CliError."""
    from geo.store import StoreDamaged, StoreError, open_store, read_only_message

    try:
        store = open_store(db, busy_timeout_ms=busy_timeout_ms)
    except StoreDamaged as exc:
        raise CliError(str(exc)) from None
    except (StoreError, OSError) as exc:
        raise CliError(f"cannot open store {_shown(db)}: {exc}") from None
    if store.read_only:
        store.close()
        raise CliError(read_only_message(db))
    return store


def _ingest_report(summary: IngestSummary, written_to: str) -> int:
    """Print an ingest run's failures and counts on stderr; return its exit status."""
    from geo.store import StoreDamaged

    err = sys.stderr
    for where, reason in summary.failed:
        print(f"failed: {where}: {reason}", file=err)
    print(f"documents added:      {summary.added}", file=err)
    print(f"skipped (duplicates): {summary.duplicates}", file=err)
    print(f"replaced (corrected): {summary.replaced}", file=err)
    print(f"failed:               {len(summary.failed)}", file=err)
    print(f"events stored:        {summary.events}", file=err)
    print(written_to, file=err)
    if summary.stopped is not None:
        print(f"error: {summary.stopped}", file=err)
        return 2 if isinstance(summary.stopped, StoreDamaged) else 1
    if summary.processed == 0 and not summary.failed:
        print("no documents found in the inputs", file=err)
        return 1
    return 1 if summary.failed else 0


def _run_ingest_partitioned(args: argparse.Namespace, extract: Callable[..., Any]) -> int:
    """Ingest over partitions: on a Dask cluster (--workers/--scheduler) or to GeoParquet."""
    from geo import parallel

    if args.workers is not None and args.scheduler:
        raise CliError("give --workers N (local processes) or --scheduler ADDRESS, not both")
    if args.format == "parquet" and not args.output:
        raise CliError("--format parquet needs -o DIR, the folder to write to")
    if args.output and args.format != "parquet":
        raise CliError("-o DIR is for --format parquet (the store is chosen with --db)")
    if args.format == "parquet" and args.db:
        raise CliError("--format parquet writes files, not a store: drop --db")
    store = out = None
    if args.format == "parquet":
        out = Path(args.output).expanduser()
        if out.exists() and not out.is_dir():
            raise CliError(f"{out} is a file; --format parquet needs a folder")
    else:
        from geo.settings import SettingsError, load_settings

        try:
            busy_ms = load_settings().busy_timeout_ms
        except SettingsError as exc:
            raise CliError(str(exc)) from None
        store = _open_for_writing(_db_arg(args), busy_ms)
    cluster = None
    meter = parallel.Progress(parallel.estimate_total(args.paths))
    try:
        if args.workers is not None or args.scheduler:
            try:
                cluster = parallel.start_cluster(args.workers, args.scheduler)
            except parallel.ClusterError as exc:
                raise CliError(str(exc)) from None
        summary = parallel.ingest_parallel(
            args.paths,
            store=store,
            doc_date=args.doc_date,
            extract=None if cluster is not None else extract,
            progress=meter,
            cluster=cluster,
            parquet_dir=out,
            batch=args.batch or parallel.DEFAULT_BATCH,
        )
    finally:
        meter.close()
        if cluster is not None:
            cluster.close()
        if store is not None:
            store.close()
    if store is not None:
        return _ingest_report(summary, f"store: {_shown(store.url)}")
    return _ingest_report(summary, f"parquet: {out}")


# --- check and backup (issue 11) ---------------------------------------------------------------
def _add_check(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="check the event store for damage (changes nothing)")
    p.add_argument("--db", metavar="PATH_OR_URL", help=DB_HELP)
    p.set_defaults(func=_run_check)


def _db_arg(args: argparse.Namespace) -> Path | str:
    """The store --db names (a path, or a postgresql:// URL as a string), else the settings'."""
    from geo.settings import SettingsError, load_settings
    from geo.store import StoreError, is_server_url, sqlite_path

    try:
        raw = args.db or load_settings().db_url or load_settings().db_path
        return str(raw).strip() if is_server_url(raw) else sqlite_path(raw)
    except (SettingsError, StoreError) as exc:
        raise CliError(str(exc)) from None


def _shown(db: Path | str) -> str:
    """How a store is named in messages: its path, or its URL without the password."""
    if isinstance(db, str):
        from geo.store.postgis import redact

        return redact(db)
    return str(db)


def _file_only(db: Path | str, what: str) -> Path:
    """The SQLite file for commands that work on a file; a server store gets one line."""
    if isinstance(db, str):
        raise CliError(
            f"{what} works on an SQLite store file; for a PostgreSQL store use the server's "
            "own tools (pg_dump for a backup, amcheck for a check)"
        )
    return db


def _run_check(args: argparse.Namespace) -> int:
    """Print what the check found; exit 0 when the store is sound, 1 when it is damaged."""
    from geo.store import StoreError, check_store

    db = _file_only(_db_arg(args), "check")
    try:
        report = check_store(db)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    print(f"store: {report.path}")
    for key, value in report.facts:
        print(f"  {key}: {value}")
    if report.ok:
        print("ok: integrity, foreign keys, full-text index and event counts are sound")
        return 0
    for problem in report.problems:
        print(f"problem: {problem}")
    print(
        "the store is damaged: restore a backup (python -m geo backup makes them), or ingest "
        "the documents again into a new store (--db NEW); sqlite3's .recover may save the rest"
    )
    return 1


def _add_remove(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remove", help="delete documents (and all their events) from the store")
    p.add_argument("doc_ids", nargs="*", type=int, metavar="DOC_ID", help="document ids")
    p.add_argument("--source", help="every document of this source")
    p.add_argument("--db", metavar="PATH_OR_URL", help=DB_HELP)
    p.set_defaults(func=_run_remove)


def _run_remove(args: argparse.Namespace) -> int:
    """Delete the named documents in one transaction and say how many went."""
    from geo.store import StoreError, open_store

    if not args.doc_ids and not args.source:
        raise CliError("name documents to remove: DOC_ID... or --source SOURCE")
    db = _db_arg(args)
    if isinstance(db, Path) and not db.exists():
        raise CliError(f"{db}: no event store there")
    try:
        with open_store(db) as store:
            docs, events = store.remove_documents(args.doc_ids, args.source)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if docs == 0:
        what = (
            f"source {args.source!r}" if args.source else "id " + ", ".join(map(str, args.doc_ids))
        )
        raise CliError(f"no document matches {what}; nothing removed")
    print(f"removed {docs} document(s) and {events} event(s)", file=sys.stderr)
    return 0


def _add_backup(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="copy the event store safely, even while it is in use")
    p.add_argument("dest", metavar="PATH", help="the backup file, or a folder for a dated file")
    p.add_argument("--db", metavar="PATH_OR_URL", help=DB_HELP)
    p.set_defaults(func=_run_backup)


def _run_backup(args: argparse.Namespace) -> int:
    from geo.store import StoreError, backup_store

    db = _file_only(_db_arg(args), "backup")
    try:
        out = backup_store(db, args.dest)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    print(f"backup written: {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


# --- export (issue 3) --------------------------------------------------------------------------
def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export stored events as CSV, GeoJSON or GeoParquet")
    p.add_argument("--db", metavar="PATH_OR_URL", help=DB_HELP)
    p.add_argument("--from", dest="date_from", type=_iso_date)
    p.add_argument("--to", dest="date_to", type=_iso_date)
    p.add_argument("--level", choices=["department", "province", "district"], default=None)
    p.add_argument("--where", nargs="*", default=[], metavar="UBIGEO")
    p.add_argument("--aggregate", action="store_true", help="one row per unit with its count")
    p.add_argument(
        "--type",
        dest="types",
        nargs="+",
        default=[],
        metavar="TYPE",
        help="only events of these types (ids in data/event_types.csv, e.g. road_block)",
    )
    p.add_argument(
        "--distinct",
        action="store_true",
        help="distinct events (reports of one event grouped) instead of place mentions",
    )
    p.add_argument("--format", required=True, choices=["csv", "geojson", "parquet"])
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from geo.boundaries import BoundaryError
    from geo.export import ExportError, export_store
    from geo.model import EventFilter
    from geo.settings import SettingsError, load_settings

    bad = [w for w in args.where if not (w.isdigit() and len(w) in (2, 4, 6))]
    if bad:
        raise CliError(f"--where takes 2/4/6-digit ubigeo codes, not {bad[0]!r}")
    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise CliError("--from is after --to")
    if args.types:
        from geo.events import default_taxonomy

        known = default_taxonomy().ids
        unknown = [t for t in args.types if t not in known]
        if unknown:
            raise CliError(f"unknown event type {unknown[0]!r}; use one of {', '.join(known)}")
    try:
        settings = load_settings()
        db = _db_arg(args)
        flt = EventFilter(
            args.date_from, args.date_to, ubigeos=tuple(args.where), types=tuple(args.types)
        )
        rows = export_store(
            db,
            flt,
            args.format,
            Path(args.output).expanduser(),
            level=args.level,
            per_unit=args.aggregate,
            data_dir=settings.data_dir,
            distinct=args.distinct,
        )
    except (ExportError, BoundaryError, SettingsError) as exc:
        raise CliError(str(exc)) from None
    what = "units" if args.aggregate else ("distinct events" if args.distinct else "mentions")
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
    a.add_argument(
        "--db",
        metavar="URL",
        help="also store the polygons in this PostGIS store (default: PEM_DB_URL when it is one)",
    )
    a.set_defaults(func=_run_boundaries_add)


def _run_boundaries_add(args: argparse.Namespace) -> int:
    from geo.boundaries import BoundaryError, add_boundaries
    from geo.settings import SettingsError, load_settings
    from geo.store import StoreError, is_server_url

    try:
        settings = load_settings()
        data_dir = Path(args.data_dir).expanduser() if args.data_dir else settings.data_dir
        server = args.db or settings.db_url
        if args.db and not is_server_url(args.db):
            raise CliError("boundaries add --db takes a postgresql:// URL (files need no --db)")
        report = add_boundaries(args.path, args.level, data_dir, code_column=args.code_column)
    except (BoundaryError, SettingsError) as exc:
        raise CliError(str(exc)) from None
    print(report.summary())
    if server and is_server_url(server):
        try:
            n = _boundaries_to_server(server, args.level, data_dir)
        except (BoundaryError, StoreError) as exc:
            raise CliError(
                f"the polygons were saved in {data_dir} but not in the server: {exc}"
            ) from None
        print(f"stored {n} {args.level} polygon(s) in the PostGIS store (ST_MakeValid applied)")
    return 0


def _boundaries_to_server(url: str, level: str, data_dir: Path) -> int:
    """Copy the level's added polygons into the PostGIS store's user_boundaries table."""
    from geo.boundaries import load_boundaries
    from geo.store import open_store

    layer = load_boundaries(level, data_dir)
    rows = []
    if layer is not None:
        for code, name, geom in zip(layer["ubigeo"], layer["name"], layer.geometry, strict=True):
            if geom is not None and not geom.is_empty:
                rows.append((str(code), None if name is None else str(name), geom.wkb))
    with open_store(url) as store:
        return store.put_boundaries(level, rows)


COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_extract,
    _add_ingest,
    _add_export,
    _add_boundaries,
    _add_check,
    _add_backup,
    _add_remove,
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
    except Exception as exc:  # a store error that escaped a command: one line, never a traceback
        from geo.store import StoreError, store_error

        err = exc if isinstance(exc, StoreError) else store_error("the store", exc)
        if err is None:
            raise
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
