"""Ingestion over partitions: decode + extract on Dask workers (or in this process), then store.

The work of `python -m geo ingest` is cut into partitions: runs of files, decoded on the
workers with geo.ingest's own readers, and runs of table rows (CSV, JSON Lines, Parquet),
streamed by the client with those same readers and extracted on the workers. Results are
written in batches (one transaction per partition): by the workers when the store takes
concurrent writers (PostgreSQL), by the client otherwise (SQLite has one writer), in input
order so a corrected document replaces its earlier version as it does in a serial run.

Resuming is cheap: a document whose content hash is already stored is not extracted again
(workers look it up when they can see the store, the client always does for table rows),
and the store's content-hash idempotence keeps a rerun free of duplicates. The Parquet route
writes one file per partition and department plus a marker, so a rerun skips finished
partitions without reading them.

Dask is imported only here, and only when a cluster is asked for: serial ingest never needs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from geo.ingest import (
    ExtractFn,
    IngestFailure,
    IngestSummary,
    _default_extract,
    _expand,
    _fatal,
    _stopped_at,
    _table_kind,
    _Tally,
    iter_sourced,
)
from geo.model import Document, Event
from geo.store.base import Prepared, prepare_document

DEFAULT_BATCH = 64  # documents per partition: one task
# A single writer (SQLite's client) stores up to this many consecutive finished partitions in
# one transaction: each commit flushes the full-text indexes into new segments and rewrites
# the pages the batch touched, so fewer, larger commits cost the one writer less CPU.
WRITE_GROUP = 4
CONNECT_TIMEOUT_S = 10.0  # how long to wait for --scheduler before giving up
# No partition finished for this long: the run stops with a message instead of waiting for
# ever on a wedged cluster (what was stored stays; a rerun resumes). A partition is about 64
# documents, normally seconds of work.
STALL_S = 900.0
MAX_RESTARTS = 1  # a stalled LocalCluster of this run is restarted once, then the run stops
RESTART_TIMEOUT_S = 120.0
POLL_S = 1.0  # how often a blocked wait checks that the cluster is still there
PROGRESS_EVERY_S = 30.0  # a progress line this often when stderr is not a terminal
CONCURRENT_SCHEMES = ("postgresql:", "postgres:")


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached or started; the message is one line for the user."""


class ClusterStalled(ClusterError):
    """No partition finished in STALL_S: the workers look wedged."""


# --- the units of work -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Partition:
    """One task: files to decode on the worker, or table rows the client already read."""

    index: int  # position in the run: results are written in this order
    key: str  # stable across runs for the same inputs (names the Parquet part files)
    files: tuple[str, ...] = ()
    items: tuple[tuple[str, Document | IngestFailure], ...] = ()

    def describe(self) -> str:
        """Where the partition's inputs are, for a failure that lost the whole partition."""
        wheres = list(self.files) or [w for w, _ in self.items]
        if not wheres:
            return f"partition {self.index}"
        return wheres[0] if len(wheres) == 1 else f"{wheres[0]} .. {wheres[-1]}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: extracted (events attached), stored, duplicate or failed."""

    where: str
    status: str  # 'extracted', 'added', 'replaced', 'duplicate' or 'failed'
    content_hash: str = ""
    reason: str = ""
    doc: Document | None = None
    events: Sequence[Event] = ()  # an EventCount when it reached the client with prepared
    n_events: int = 0
    prepared: Prepared | None = None  # what storing it derives without the database

    def __reduce__(self) -> tuple[Any, ...]:
        """With prepared rows, only what the client stores crosses, as plain tuples.

        The single writer needs the document's fields but not its text (prepared holds the
        search terms), and only the number of its events (prepared holds their rows):
        shipping both, and rebuilding three slotted dataclasses field by field from their
        pickled state, cost the client's event loop more than the rows themselves.
        """
        p, doc = self.prepared, self.doc
        if p is None or doc is None:
            return (
                _outcome,
                (
                    self.where,
                    self.status,
                    self.content_hash,
                    self.reason,
                    doc,
                    self.events,
                    self.n_events,
                ),
            )
        meta = (doc.title, doc.source, doc.url, doc.doc_date, doc.language, doc.content_hash)
        return (
            _prepared_outcome,
            (
                self.where,
                self.status,
                self.content_hash,
                self.reason,
                meta,
                len(self.events),
                self.n_events,
                (p.content_hash, p.terms, p.sentences, p.rows),
            ),
        )


def _outcome(
    where: str,
    status: str,
    content_hash: str,
    reason: str,
    doc: Document | None,
    events: Sequence[Event],
    n_events: int,
) -> Outcome:
    return Outcome(where, status, content_hash, reason, doc, events, n_events)


def _prepared_outcome(
    where: str,
    status: str,
    content_hash: str,
    reason: str,
    meta: tuple[Any, ...],
    n: int,
    n_events: int,
    prepared: tuple[Any, ...],
) -> Outcome:
    """An outcome as the client receives it: the document without its text, n events."""
    doc = Document("", *meta)
    return Outcome(
        where, status, content_hash, reason, doc, EventCount(n), n_events, Prepared(*prepared)
    )


class EventCount(Sequence[Event]):
    """How many events a document has, for a client that stores their prepared rows instead.

    Storing prepared rows reads only the number of events; reading an event is an error.
    """

    __slots__ = ("_n",)

    def __init__(self, n: int) -> None:
        self._n = int(n)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: Any) -> Any:
        raise TypeError("only the number of these events was shipped; their rows are prepared")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EventCount):
            return self._n == other._n
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EventCount({self._n})"


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """The outcomes of one partition, and the store error that stopped it, if any."""

    index: int
    key: str
    outcomes: tuple[Outcome, ...]
    stopped: Exception | None = None
    stopped_where: str = ""
    written: bool = False  # already stored or skipped: the client only reports it


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What every task needs besides its partition (sent once with each task, small)."""

    doc_date: date | None = None
    lookup_url: str | None = None  # store to skip known documents with (read only)
    write_url: str | None = None  # store the worker writes its batch to (concurrent backends)
    extract: ExtractFn | None = None
    # The client writes the results (SQLite): the worker also computes what storing derives
    # from a document without the database (search terms, sentence and event rows), so the
    # single writer only runs SQL.
    prepare: bool = False


def concurrent_writers(url: str) -> bool:
    """Whether the store at url takes writes from many processes at once (a database server)."""
    return url.startswith(CONCURRENT_SCHEMES)


# --- on the worker -----------------------------------------------------------------------------
_WORKER_STORES: dict[str, Any] = {}


def _sqlite_file(url: str) -> Path | None:
    """The file a SQLite store URL names, or None for a server URL."""
    if concurrent_writers(url):
        return None
    from geo.store import sqlite_path

    return sqlite_path(url)


def _worker_store(url: str, lookup_only: bool) -> Any:
    """This process's store for url (opened once per worker), or None when it cannot see it.

    A worker on another machine does not see the client's SQLite file: it must not create an
    empty one there, so it then skips the lookup and the client's idempotent write decides.
    """
    store = _WORKER_STORES.get(url)
    if store is not None:
        return store
    path = _sqlite_file(url)
    if lookup_only and path is not None and not path.is_file():
        return None
    from geo.store import open_store

    store = _WORKER_STORES[url] = open_store(url)
    return store


def _items_of(part: Partition, doc_date: date | None) -> Iterator[tuple[str, Any]]:
    if part.files:
        yield from iter_sourced(list(part.files), doc_date)
    yield from part.items


def run_partition(part: Partition, cfg: WorkerConfig) -> PartitionResult:
    """Decode and extract one partition (and store it when cfg.write_url says so)."""
    extract = cfg.extract
    lookup = None
    if cfg.write_url or cfg.lookup_url:
        url = cfg.write_url or cfg.lookup_url
        assert url is not None
        try:
            lookup = _worker_store(url, lookup_only=cfg.write_url is None)
        except Exception as exc:
            if not _fatal(exc):
                raise
            return PartitionResult(part.index, part.key, (), exc, part.describe())
    outcomes: list[Outcome] = []
    for where, item in _items_of(part, cfg.doc_date):
        if isinstance(item, IngestFailure):
            outcomes.append(Outcome(item.path, "failed", reason=item.reason))
            continue
        if lookup is not None:
            try:
                known = lookup.find_document(item.content_hash) is not None
            except Exception as exc:
                if not _fatal(exc):
                    raise
                return PartitionResult(part.index, part.key, tuple(outcomes), exc, where)
            if known:
                outcomes.append(Outcome(where, "duplicate", item.content_hash))
                continue
        try:
            if extract is None:
                extract = _default_extract()
            evs = extract(item.text, doc_date=item.doc_date or cfg.doc_date, url=item.url)
        except Exception as exc:
            outcomes.append(Outcome(where, "failed", reason=f"{type(exc).__name__}: {exc}"))
            continue
        evs = tuple(evs)
        prepared = None
        if cfg.prepare:
            try:
                prepared = prepare_document(item, evs)
            except ValueError:
                prepared = None  # an invalid event: the store reports it as it always did
        outcomes.append(
            Outcome(where, "extracted", item.content_hash, doc=item, events=evs, prepared=prepared)
        )
    result = PartitionResult(part.index, part.key, tuple(outcomes))
    if cfg.write_url:
        result = write_result(lookup, result)
    return result


def write_result(store: Any, result: PartitionResult) -> PartitionResult:
    """Store a partition's extracted documents in one batch; statuses replace the documents.

    A batch refused for one bad document (not a store-wide error) is stored again one
    document at a time, so only that document fails.
    """
    todo = [(i, o) for i, o in enumerate(result.outcomes) if o.status == "extracted"]
    outcomes = list(result.outcomes)
    if not todo:
        return result
    items = [(o.doc, o.events) for _, o in todo]
    prepared = [o.prepared for _, o in todo]
    try:
        if any(p is not None for p in prepared):
            res = store.add_documents(items, prepared=prepared)
        else:
            res = store.add_documents(items)
        done: list[Any] = list(res)
    except Exception as exc:
        if _fatal(exc):
            return PartitionResult(result.index, result.key, (), exc, todo[0][1].where)
        done = []
        for n, (_, o) in enumerate(todo):
            try:
                if o.prepared is not None:
                    done.append(store.add_document(o.doc, o.events, prepared=o.prepared))
                else:
                    done.append(store.add_document(o.doc, o.events))
            except Exception as one:
                if _fatal(one):
                    kept = tuple(outcomes[: todo[n][0]])
                    return PartitionResult(result.index, result.key, kept, one, o.where)
                done.append(f"{type(one).__name__}: {one}")
    for (i, o), r in zip(todo, done, strict=True):
        if isinstance(r, str):
            outcomes[i] = Outcome(o.where, "failed", o.content_hash, reason=r)
        else:
            outcomes[i] = Outcome(o.where, r.status, o.content_hash, n_events=r.n_events)
    return PartitionResult(result.index, result.key, tuple(outcomes))


# --- partitioning on the client ----------------------------------------------------------------
def _file_key(paths: Sequence[str]) -> str:
    h = hashlib.sha256()
    for p in paths:
        try:
            st = os.stat(p)
            h.update(f"{os.path.abspath(p)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            h.update(f"{os.path.abspath(p)}\0missing\n".encode())
    return h.hexdigest()[:24]


def _items_key(items: Sequence[tuple[str, Document | IngestFailure]]) -> str:
    h = hashlib.sha256()
    for where, item in items:
        tag = item.content_hash if isinstance(item, Document) else "failed"
        h.update(f"{where}\0{tag}\n".encode())
    return h.hexdigest()[:24]


def partitions(
    paths: Iterable[str | Path],
    doc_date: date | None = None,
    batch: int = DEFAULT_BATCH,
    absolute: bool = False,
) -> Iterator[Partition]:
    """The run's partitions in input order: runs of files, and runs of a table's rows.

    absolute=True names files by absolute path, for workers on other machines (whose working
    folder is not the client's; the files must be on a folder they share).
    """
    index = 0
    files: list[str] = []
    items: list[tuple[str, Document | IngestFailure]] = []

    def flush_files() -> Iterator[Partition]:
        nonlocal index
        if files:
            yield Partition(index, "f" + _file_key(files), files=tuple(files))
            index += 1
            files.clear()

    def flush_items() -> Iterator[Partition]:
        nonlocal index
        if items:
            yield Partition(index, "r" + _items_key(items), items=tuple(items))
            index += 1
            items.clear()

    for p in _expand(paths):
        if isinstance(p, IngestFailure) or str(p) == "-" or _table_kind(p):
            yield from flush_files()
            source = [(p.path, p)] if isinstance(p, IngestFailure) else iter_sourced([p], doc_date)
            for pair in source:
                items.append(pair)
                if len(items) >= batch:
                    yield from flush_items()
            yield from flush_items()
            continue
        files.append(os.path.abspath(p) if absolute else str(p))
        if len(files) >= batch:
            yield from flush_files()
    yield from flush_files()


def estimate_total(paths: Iterable[str | Path]) -> int:
    """About how many documents the inputs hold: one per file, one per line of a table.

    A table's lines are counted in one fast pass over its bytes (a CSV cell spanning lines
    makes it an overestimate); it is only for the progress ETA.
    """
    total = 0
    for p in _expand(paths):
        if isinstance(p, IngestFailure) or str(p) == "-" or not _table_kind(p):
            total += 1
            continue
        kind = _table_kind(p)
        if kind == "parquet":
            try:
                import pyarrow.parquet as pq

                total += pq.ParquetFile(p).metadata.num_rows
            except Exception:
                total += 1
            continue
        lines = 0
        try:
            with open(p, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    lines += chunk.count(b"\n")
        except OSError:
            lines = 1
        total += max(lines - (1 if kind == "csv" else 0), 1)
    return total


# --- running -----------------------------------------------------------------------------------
class _Done:
    """The finished 'future' of a task run inline."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._value, self._error = fn(*args), None
        except Exception as exc:
            self._value, self._error = None, exc

    def done(self) -> bool:
        return True

    def result(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value


class Inline:
    """Runs each task in this process when submitted: the --format parquet route without Dask."""

    n_workers = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return _Done(fn, args)

    def wait_first(self, futures: Sequence[Any]) -> list[Any]:
        return list(futures)

    def recover(self) -> bool:
        return False

    def cancel(self, futures: Sequence[Any]) -> None:
        return None

    def close(self) -> None:
        return None


@dataclass
class Cluster:
    """A Dask client (and the LocalCluster it started, if any) for one ingest run."""

    client: Any
    local: Any = None
    own_client: bool = True
    restarts: int = 0  # how often this run restarted its own workers after a stall
    _woken: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def n_workers(self) -> int:
        return max(self._workers(), 1)

    def _workers(self) -> int:
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        fut = self.client.submit(fn, *args, pure=False)
        fut.add_done_callback(lambda _f: self._woken.set())
        return fut

    def wait_first(self, futures: Sequence[Any]) -> list[Any]:
        """The futures that are done, once one is; ClusterError when none finishes in time.

        Waits on this client's own futures (distributed.wait would use the process's default
        client, which may be another one) and wakes every POLL_S to check the client.
        """
        started = time.monotonic()
        while True:
            self._woken.clear()
            done = [f for f in futures if f.done()]
            if done:
                return done
            if self._woken.wait(POLL_S):
                continue
            if self.client.status in ("closing", "closed"):
                raise ClusterError(f"the Dask client is {self.client.status}: the run stopped")
            waited = time.monotonic() - started
            if waited >= STALL_S:
                raise ClusterStalled(_stall_message(waited, futures, self._safe_workers()))

    def recover(self) -> bool:
        """Restart the workers of the LocalCluster this run started, once, after a stall.

        Their tasks are gone with them; the caller submits its unfinished partitions again
        (storing is idempotent). An outside cluster is never restarted from here.
        """
        if self.local is None or self.restarts >= MAX_RESTARTS:
            return False
        self.restarts += 1
        try:
            self.client.restart(timeout=RESTART_TIMEOUT_S, wait_for_workers=True)
        except Exception:
            return False
        return True

    def _safe_workers(self) -> int | None:
        try:
            return self._workers()
        except Exception:
            return None

    def cancel(self, futures: Sequence[Any]) -> None:
        self.client.cancel(list(futures))

    def close(self) -> None:
        """Shut down what this run started (an outside cluster is left running)."""
        if self.own_client:
            self.client.close()
        if self.local is not None:
            self.local.close()


def _stall_message(waited: float, futures: Sequence[Any], workers: int | None) -> str:
    """Why a run gave up on its cluster: how long, where the tasks were, how many workers."""
    states: dict[str, int] = {}
    for f in futures:
        status = str(getattr(f, "status", None) or ("running" if f.running() else "pending"))
        states[status] = states.get(status, 0) + 1
    held = ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
    seen = "unknown" if workers is None else str(workers)
    return (
        f"no partition finished in {waited:.0f} s ({held}; workers: {seen}); "
        "the cluster looks stuck: restart it and run the same command again to resume"
    )


class Pool:
    """N local processes without Dask (concurrent.futures): the benchmark's reference runner."""

    def __init__(self, workers: int) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.n_workers = int(workers)
        # Not fork(): a child forked while another thread of this process holds a lock (a Dask
        # client's event loop, logging, the import lock) can block on it forever. The fork
        # server is a fresh process that has loaded the extractor once and forks the workers.
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["geo.parallel", "geo.extract"])
        self.pool = ProcessPoolExecutor(max_workers=self.n_workers, mp_context=ctx)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.pool.submit(fn, *args)

    def wait_first(self, futures: Sequence[Any]) -> list[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        done = wait(list(futures), timeout=STALL_S, return_when=FIRST_COMPLETED).done
        if not done:
            raise ClusterStalled(_stall_message(STALL_S, futures, self.n_workers))
        return list(done)

    def recover(self) -> bool:
        return False  # the reference runner reports a stall; it does not restart processes

    def cancel(self, futures: Sequence[Any]) -> None:
        for f in futures:
            f.cancel()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def start_cluster(workers: int | None = None, scheduler: str | None = None) -> Cluster:
    """A LocalCluster of `workers` processes, or a client of the scheduler at that address."""
    try:
        import dask.config
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError(
            f"Dask is not installed ({exc}); pip install -r requirements.txt"
        ) from None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, ValueError, TypeError) as exc:
            msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {msg}") from None
        return Cluster(client)
    n = int(workers or 1)
    # Housekeeping that wakes every process of the cluster: on a laptop's few cores each wake
    # takes the GIL and CPU from extraction. The workers' statistical profiler samples the task
    # thread every 10 ms; the event-loop tick (20 ms) and system monitor (0.5 s) only feed the
    # dashboard and blocked-loop warnings; work stealing moves equal-sized tasks for nothing.
    dask.config.set(
        {
            "distributed.worker.profile.enabled": False,
            "distributed.admin.tick.interval": "1s",
            "distributed.admin.system-monitor.interval": "5s",
            "distributed.worker.memory.monitor-interval": "1s",
            "distributed.scheduler.work-stealing": False,
        }
    )
    local = LocalCluster(
        n_workers=n,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never 8787, which another cluster may hold
        silence_logs=40,  # logging.ERROR: a worker restart is reported by the run, not logs
    )
    return Cluster(Client(local), local)


def _result_of(fut: Any, part: Partition) -> PartitionResult:
    """A finished task's result; a task that could not run fails its whole partition."""
    try:
        return fut.result()
    except Exception as exc:
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(
            ": "
        )
        where = part.describe()
        return PartitionResult(part.index, part.key, (Outcome(where, "failed", reason=reason),))


@dataclass
class _Sink:
    """Where finished partitions go on the client: the store (SQLite) or Parquet files."""

    store: Any = None  # client-side writes (single-writer stores)
    parquet: ParquetSink | None = None
    seen: set[str] = field(default_factory=set)

    def write(self, result: PartitionResult) -> PartitionResult:
        if result.written:
            return result
        if self.parquet is not None:
            return self.parquet.write(result, self.seen)
        if self.store is not None and result.stopped is None:
            return write_result(self.store, result)
        return result

    def write_many(self, results: Sequence[PartitionResult]) -> list[PartitionResult]:
        """Write consecutive partitions, into the store in one transaction when it can.

        What comes back is what writing them one by one would give: one result per
        partition, and none after a partition that stopped the run.
        """
        fresh = all(not r.written and r.stopped is None for r in results)
        if len(results) > 1 and fresh and self.store is not None and self.parquet is None:
            grouped = _write_group(self.store, results)
            if grouped is not None:
                return grouped
        out = []
        for r in results:
            out.append(self.write(r))
            if out[-1].stopped is not None:
                break
        return out


def _write_group(store: Any, results: Sequence[PartitionResult]) -> list[PartitionResult] | None:
    """Partitions' outcomes stored as one batch, split back per partition.

    None when the batch as a whole was refused by a store error (nothing of it written):
    the caller then writes the partitions one by one, as without grouping, so whatever
    the store still takes before the error is kept.
    """
    merged = PartitionResult(
        results[0].index, results[0].key, tuple(o for r in results for o in r.outcomes)
    )
    done = write_result(store, merged)
    if done.stopped is not None and not done.outcomes:
        return None
    out: list[PartitionResult] = []
    at = 0
    for r in results:
        mine = done.outcomes[at : at + len(r.outcomes)]
        at += len(r.outcomes)
        if len(mine) < len(r.outcomes):  # the store stopped inside this partition
            out.append(PartitionResult(r.index, r.key, mine, done.stopped, done.stopped_where))
            break
        out.append(PartitionResult(r.index, r.key, mine))
    return out


def ingest_parallel(
    paths: Iterable[str | Path],
    store: Any = None,
    doc_date: date | None = None,
    extract: ExtractFn | None = None,
    progress: Callable[[str, str], None] | None = None,
    cluster: Cluster | Pool | None = None,
    parquet_dir: Path | None = None,
    batch: int = DEFAULT_BATCH,
) -> IngestSummary:
    """Ingest every input over partitions, on cluster's workers (None: in this process).

    Counts, failures and the stopping store error come back as from geo.ingest.ingest_paths;
    progress(where, outcome) is called on the caller's thread for each input. With
    parquet_dir, events go to partitioned GeoParquet files there instead of a store.
    """
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    tally = _Tally(progress)
    sink = _Sink()
    url = None
    if parquet_dir is not None:
        sink.parquet = ParquetSink(Path(parquet_dir))
        sink.seen = sink.parquet.done_hashes()
    elif store is not None:
        url = store.url
        if not concurrent_writers(url):
            sink.store = store
    else:
        raise ValueError("ingest_parallel needs a store or a parquet_dir")
    worker_writes = url is not None and concurrent_writers(url)
    cfg = WorkerConfig(
        doc_date=doc_date,
        lookup_url=None if worker_writes else url,
        write_url=url if worker_writes else None,
        extract=extract,
        prepare=sink.store is not None,
    )
    runner: Any = cluster if cluster is not None else Inline()
    if isinstance(runner, Cluster):
        runner.restarts = 0  # a cluster kept across runs gets its one restart per run
    remote = isinstance(runner, Cluster) and runner.local is None
    group = WRITE_GROUP if sink.store is not None else 1
    # Finished partitions wait (up to group of them) to be written together: they must not
    # keep the workers from their next tasks.
    window = 2 * runner.n_workers + 2 + (group - 1)
    inflight: dict[Any, Partition] = {}
    ready: dict[int, PartitionResult] = {}
    next_index = 0

    def record(result: PartitionResult) -> None:
        for o in result.outcomes:
            if o.status == "failed":
                tally.fail(o.where, o.reason)
            elif o.status in ("added", "replaced", "duplicate"):
                tally.stored(o.where, o.status, o.n_events)
        if result.stopped is not None and tally.stopped is None:
            tally.stopped = _stopped_at(result.stopped_where, result.stopped)

    def drain(block: bool) -> None:
        """Collect finished tasks; write and report them in input order."""
        if inflight:
            if block:
                try:
                    done = runner.wait_first(list(inflight))
                except ClusterStalled as exc:
                    if runner.recover():
                        # The workers were restarted: what they held is gone; send it again.
                        todo = sorted(inflight.values(), key=lambda p: p.index)
                        inflight.clear()
                        for part in todo:
                            inflight[runner.submit(run_partition, part, cfg)] = part
                        return
                    first = min(inflight.values(), key=lambda p: p.index)
                    write_ready(whole_groups=False)  # what finished stays
                    tally.stopped = tally.stopped or _stopped_at(first.describe(), exc)
                    return
                except ClusterError as exc:
                    first = min(inflight.values(), key=lambda p: p.index)
                    write_ready(whole_groups=False)
                    tally.stopped = tally.stopped or _stopped_at(first.describe(), exc)
                    return
            else:
                done = [f for f in inflight if f.done()]
            for fut in done:
                part = inflight.pop(fut)
                ready[part.index] = _result_of(fut, part)
        write_ready(whole_groups=bool(inflight))

    def write_ready(whole_groups: bool) -> None:
        """Write and report the finished partitions that are next in input order.

        whole_groups: only groups of `group` (more are on their way to fill the last one).
        """
        nonlocal next_index
        while next_index in ready and tally.stopped is None:
            run = [next_index]
            while len(run) < group and run[-1] + 1 in ready:
                run.append(run[-1] + 1)
            if len(run) < group and whole_groups:
                return
            for result in sink.write_many([ready.pop(i) for i in run]):
                record(result)
            next_index = run[-1] + 1

    try:
        for part in partitions(paths, doc_date, batch, absolute=remote):
            if tally.stopped is not None:
                break
            if sink.parquet is not None and sink.parquet.is_done(part.key):
                done = tuple(sink.parquet.done_outcomes(part.key))
                ready[part.index] = PartitionResult(part.index, part.key, done, written=True)
                continue
            try:
                todo = _skip_known(part, sink.store, tally)
            except Exception as exc:
                if not _fatal(exc):
                    raise
                tally.stopped = _stopped_at(part.describe(), exc)
                break
            if todo is None:
                ready[part.index] = PartitionResult(part.index, part.key, (), written=True)
                continue
            inflight[runner.submit(run_partition, todo, cfg)] = todo
            drain(block=False)
            while len(inflight) + len(ready) >= window and tally.stopped is None:
                drain(block=True)
        while (inflight or ready) and tally.stopped is None:
            drain(block=True)
    finally:
        if inflight:
            with suppress(Exception):
                runner.cancel(list(inflight))
    return tally.summary()


def _skip_known(part: Partition, store: Any, tally: _Tally) -> Partition | None:
    """Rows the client read whose document is already stored are reported, not sent out."""
    if store is None or not part.items:
        return part
    kept = []
    for where, item in part.items:
        if isinstance(item, Document) and store.find_document(item.content_hash) is not None:
            tally.stored(where, "duplicate", 0)
        else:
            kept.append((where, item))
    if not kept and not part.files:
        return None
    return Partition(part.index, part.key, part.files, tuple(kept))


# --- GeoParquet output -------------------------------------------------------------------------
PARTITION_COLUMN = "department_code"
PARQUET_COLUMNS = (
    "content_hash",
    "title",
    "url",
    "source",
    "language",
    "doc_date",
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
    "confidence",
    "sentence",
    "role",
    "event_types",
    "fatalities",
    "injured",
)


_DATE_COLUMNS = frozenset({"doc_date", "date_start", "date_end"})
_INT_COLUMNS = frozenset({"start", "end", "fatalities", "injured"})
_FLOAT_COLUMNS = frozenset({"lat", "lon", "confidence"})


class ParquetSink:
    """Events as GeoParquet under DIR/department_code=XX/, one file per partition and department.

    A partition's files are written under temporary names and renamed, then a marker
    (DIR/_done/KEY.json, with the documents it held) says it is complete: a rerun skips
    marked partitions and rewrites an unmarked one whole, so nothing is written twice.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            raise ValueError(f"{self.root} is a file; parquet output needs a folder")
        self.marks = self.root / "_done"
        self.marks.mkdir(parents=True, exist_ok=True)

    def is_done(self, key: str) -> bool:
        return (self.marks / f"{key}.json").is_file()

    def done_outcomes(self, key: str) -> list[Outcome]:
        data = json.loads((self.marks / f"{key}.json").read_text(encoding="utf-8"))
        return [Outcome(w, "duplicate", h) for w, h in data.get("documents", [])]

    def done_hashes(self) -> set[str]:
        """Content hashes of the documents of finished partitions (no document twice)."""
        seen: set[str] = set()
        for mark in self.marks.glob("*.json"):
            try:
                data = json.loads(mark.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            seen.update(h for _, h in data.get("documents", []))
        return seen

    def write(self, result: PartitionResult, seen: set[str]) -> PartitionResult:
        outcomes: list[Outcome] = []
        rows: list[dict[str, Any]] = []
        docs: list[tuple[str, str]] = []
        for o in result.outcomes:
            if o.status != "extracted":
                outcomes.append(o)
                continue
            if o.content_hash in seen:
                outcomes.append(Outcome(o.where, "duplicate", o.content_hash))
                continue
            seen.add(o.content_hash)
            assert o.doc is not None
            rows.extend(_event_rows(o.doc, o.events))
            docs.append((o.where, o.content_hash))
            outcomes.append(Outcome(o.where, "added", o.content_hash, n_events=len(o.events)))
        if rows:
            self._write_rows(result.key, rows)
        mark = self.marks / f"{result.key}.json"
        tmp = mark.with_suffix(".tmp")
        tmp.write_text(json.dumps({"documents": docs}), encoding="utf-8")
        os.replace(tmp, mark)
        return PartitionResult(result.index, result.key, tuple(outcomes), result.stopped)

    def _write_rows(self, key: str, rows: list[dict[str, Any]]) -> None:
        import geopandas as gpd
        import pandas as pd

        frame = pd.DataFrame(rows, columns=[*PARQUET_COLUMNS, PARTITION_COLUMN])
        # Fixed types: a file whose column is empty must still match the others' schema.
        for col in PARQUET_COLUMNS:
            if col in _DATE_COLUMNS:
                frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ms]")
            elif col in _INT_COLUMNS:
                frame[col] = frame[col].astype("Int64")
            elif col in _FLOAT_COLUMNS:
                frame[col] = frame[col].astype("float64")
            else:
                frame[col] = frame[col].astype("string")
        gdf = gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326"
        )
        for dep, group in gdf.groupby(PARTITION_COLUMN, sort=True):
            folder = self.root / f"{PARTITION_COLUMN}={dep}"
            folder.mkdir(parents=True, exist_ok=True)
            out = folder / f"part-{key}.parquet"
            tmp = folder / f".part-{key}.parquet.tmp"
            group.drop(columns=[PARTITION_COLUMN]).to_parquet(tmp, index=False)
            os.replace(tmp, out)


def _event_rows(doc: Document, events: Sequence[Event]) -> Iterator[dict[str, Any]]:
    from geo.store import stored_sentence

    for ev in events:
        yield {
            "content_hash": doc.content_hash,
            "title": doc.title,
            "url": doc.url,
            "source": doc.source,
            "language": doc.language,
            "doc_date": doc.doc_date,
            "surface": ev.surface,
            "start": int(ev.start),
            "end": int(ev.end),
            "ubigeo": ev.ubigeo,
            "level": ev.level,
            "department": ev.department,
            "province": ev.province,
            "district": ev.district,
            "place": ev.place,
            "lat": ev.lat,
            "lon": ev.lon,
            "date_start": ev.date_start,
            "date_end": ev.date_end,
            "date_precision": ev.date_precision,
            "confidence": float(ev.confidence),
            "sentence": stored_sentence(ev),
            "role": ev.role,
            "event_types": ",".join(ev.event_types) or "other",
            "fatalities": ev.fatalities,
            "injured": ev.injured,
            PARTITION_COLUMN: str(ev.ubigeo)[:2],
        }


# --- progress ----------------------------------------------------------------------------------
class Progress:
    """Documents/s and ETA on stderr: a bar on a terminal, a line every 30 s in a log."""

    def __init__(self, total: int, stream: IO[str] | None = None, every: float | None = None):
        self.total = max(int(total), 1)
        self.stream = stream or sys.stderr
        self.every = PROGRESS_EVERY_S if every is None else every
        self.count = 0
        self.start = time.monotonic()
        self.last = self.start
        self.bar: Any = None
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="doc", file=self.stream, dynamic_ncols=True)

    def __call__(self, where: str, outcome: str) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float | None = None) -> str:
        """'progress: N/M documents, R documents/s, ETA H:MM:SS' for the run so far."""
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        rate = self.count / elapsed
        left = max(self.total - self.count, 0)
        eta = "unknown" if rate <= 0 else _clock(left / rate)
        return (
            f"progress: {self.count:,}/~{self.total:,} documents, "
            f"{rate:,.1f} documents/s, ETA {eta}"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
