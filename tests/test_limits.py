"""Issue 11: one long sentence, bounded reads and clear failures, each case named after itself."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

import geo.ingest as ingest_mod
from geo import maps
from geo.extract import extract_events
from geo.ingest import IngestError, IngestFailure, ingest_paths, iter_sourced, read_text_input
from geo.snippets import WINDOW_CHARS, sentence_window
from geo.store import Store

PLACES = ["Cusco", "Puno", "Tacna", "Arequipa", "Piura", "Tumbes"]


def dense_sentence(n: int) -> str:
    """One sentence that never ends: n department names joined by 'y'."""
    return "Hubo protestas en " + " y ".join(PLACES[i % 6] for i in range(n)) + "."


def test_sentence_window_short_sentence_is_kept_whole():
    text = "  Paro en Puno.  Otra frase."
    assert sentence_window(text, 0, 16, 11, 15) == "Paro en Puno."


def test_sentence_window_long_sentence_capped_at_words_with_ellipsis():
    words = [f"w{i:04d}" for i in range(2000)]
    text = " ".join(words)
    for k in (0, 700, 1999):
        start = text.index(words[k])
        out = sentence_window(text, 0, len(text), start, start + 5)
        assert words[k] in out
        assert len(out) <= WINDOW_CHARS + 4
        body = out.removeprefix("… ").removesuffix(" …")
        assert all(w in words for w in body.split())  # no word cut in half
        assert out.startswith("… ") == (k > 0) and out.endswith(" …") == (k < 1999)


def test_one_long_sentence_does_not_multiply_memory_or_storage(tmp_path: Path):
    text = dense_sentence(3000)  # about 25 KB, one sentence, 3,000 mentions
    events = extract_events(text, doc_date=date(2024, 5, 1))
    assert len(events) == 3000
    assert max(len(e.sentence) for e in events) <= WINDOW_CHARS + 4
    assert all(text[e.start : e.end] in e.sentence for e in events)
    src = tmp_path / "dense.txt"
    src.write_text(text, encoding="utf-8")
    db = tmp_path / "s.sqlite"
    with Store.open(db) as store:
        summary = ingest_paths(store, [src])
        assert summary.events == 3000
        con = store._conn()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (chars,) = con.execute("SELECT sum(length(text)) FROM sentences").fetchone()
        assert chars < 40 * WINDOW_CHARS  # windows repeat in a list, each kept once
        frame = store.events_frame()
        assert (frame["sentence"].str.len() <= WINDOW_CHARS + 4).all()
    assert db.stat().st_size / 3000 < 1200  # bytes per event, whatever the sentence length


def test_popup_marks_place_in_long_window():
    window = "… " + "palabra " * 40 + "protesta en Tacna y " + "otra " * 20 + "…"
    text, i, j = maps.highlight_parts(window, "Tacna")
    assert text[i:j] == "Tacna"  # cut around the place: the mark is kept
    assert len(text) < maps.MAX_SENTENCE_CHARS + 40


# --- everything read is bounded ------------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]


def sourced(paths) -> list[tuple[str, object]]:
    return list(iter_sourced(paths))


def failures(paths) -> list[IngestFailure]:
    return [x for _, x in sourced(paths) if isinstance(x, IngestFailure)]


def documents(paths) -> list:
    return [x for _, x in sourced(paths) if not isinstance(x, IngestFailure)]


def test_jsonl_row_over_the_cap_is_a_failure_and_the_rest_ingested(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_DOCUMENT_BYTES", 4096)
    monkeypatch.setattr(ingest_mod, "CHUNK_BYTES", 64 * 1024)  # the encoding pass reads chunks
    p = tmp_path / "t.jsonl"
    huge = json.dumps({"text": "Paro en Cusco. " * 300_000})  # 4.5 MB, far over the 4 KB cap
    p.write_text(
        json.dumps({"text": "Paro en Puno."})
        + "\n"
        + huge
        + "\n"
        + '{"text": "Marcha en Lima."}\n',
        encoding="utf-8",
    )
    tracemalloc.start()
    items = sourced([p])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    fails = [x for _, x in items if isinstance(x, IngestFailure)]
    docs = [x for _, x in items if not isinstance(x, IngestFailure)]
    assert [d.text for d in docs] == ["Paro en Puno.", "Marcha en Lima."]
    assert len(fails) == 1 and fails[0].path.endswith("t.jsonl:2")
    assert "longer than the" in fails[0].reason and "limit" in fails[0].reason
    assert peak < 1_000_000  # the 4.5 MB line was skipped in pieces, never held whole


def test_csv_line_over_the_cap_ends_the_table_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_DOCUMENT_BYTES", 4096)
    p = tmp_path / "t.csv"
    p.write_text("text\nParo en Puno.\n" + "x" * 50_000 + "\nMarcha en Lima.\n", encoding="utf-8")
    items = sourced([p])
    assert [x.text for _, x in items if not isinstance(x, IngestFailure)] == ["Paro en Puno."]
    fails = [x for _, x in items if isinstance(x, IngestFailure)]
    assert len(fails) == 1 and "line 3 is longer than the" in fails[0].reason


@pytest.mark.parametrize("dev", ["/dev/zero", "/dev/urandom", "/dev/stdin", "/dev/null"])
def test_device_paths_are_refused_up_front(dev):
    if not Path(dev).exists():
        pytest.skip(f"{dev} does not exist here")
    (fail,) = failures([dev])
    assert "only - reads standard input" in fail.reason
    with pytest.raises(IngestError, match="only - reads standard input"):
        read_text_input(dev)


def test_named_pipe_without_writer_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    table = tmp_path / "pipe.jsonl"
    os.mkfifo(table)
    # in a child process: if the refusal regressed, opening the FIFO would block forever
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "ingest", "--db", str(tmp_path / "s.sqlite"), str(tmp_path)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "pipe.txt: is a named pipe (FIFO), not a regular file" in proc.stderr
    assert "pipe.jsonl: is a named pipe (FIFO), not a regular file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_socket_path_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        srv.bind(str(path))
        (fail,) = failures([path])
        assert "is a socket, not a regular file" in fail.reason
    finally:
        srv.close()


class EndlessStdin:
    """A standard input that never ends (like `< /dev/zero`), counting what was read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, n: int = -1) -> bytes:
        assert n is not None and n > 0, "an unbounded read of standard input"
        self.read_bytes += n
        return b"a" * n


def test_stdin_read_stops_at_the_cap(monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_DOCUMENT_BYTES", 10_000)
    endless = EndlessStdin()
    monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": endless})())
    (fail,) = failures(["-"])
    assert "too large for one document" in fail.reason
    assert endless.read_bytes <= 10_001


def test_deeply_nested_jsonl_line_is_one_failure(tmp_path):
    p = tmp_path / "deep.jsonl"
    deep = "[" * 200_000 + "]" * 200_000
    inner = '{"text": "x", "meta": ' + "[" * 200_000 + "]" * 200_000 + "}"
    p.write_text(
        '{"text": "Paro en Puno."}\n' + deep + "\n" + inner + '\n{"text": "Marcha en Lima."}\n',
        encoding="utf-8",
    )
    items = sourced([p])
    docs = [x.text for _, x in items if not isinstance(x, IngestFailure)]
    fails = [x for _, x in items if isinstance(x, IngestFailure)]
    assert docs == ["Paro en Puno.", "Marcha en Lima."]
    assert [f.path.rsplit(":", 1)[1] for f in fails] == ["2", "3"]
    assert all("nested too deeply" in f.reason for f in fails)


# --- text hygiene --------------------------------------------------------------------------------
def test_nul_byte_after_the_first_64kb_is_refused(tmp_path):
    p = tmp_path / "late-nul.txt"
    p.write_bytes(b"Paro en Cusco. " * 6000 + b"\x00" + b"Marcha en Lima.")  # NUL at 90,000
    (fail,) = failures([p])
    assert "NUL byte at byte 90,000" in fail.reason
    md = tmp_path / "late-nul.md"
    md.write_bytes(b"# T\n\n" + b"texto " * 20_000 + b"\x00")
    assert "NUL" in failures([md])[0].reason


def test_nul_in_utf16_text_and_in_table_rows_is_refused(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("\ufeffParo en Cusco.\x00Fin.".encode("utf-16-le"))
    assert "NUL character" in failures([p])[0].reason
    t = tmp_path / "rows.jsonl"
    t.write_text('{"text": "a\\u0000b"}\n{"text": "Paro en Puno."}\n', encoding="utf-8")
    items = sourced([t])
    assert "NUL character" in items[0][1].reason
    assert items[1][1].text == "Paro en Puno."


def test_pem_db_name_must_be_a_file_name():
    from geo.settings import SettingsError, load_settings

    for bad in ("../events.sqlite", "..", ".", "sub/events.sqlite", "/tmp/x.sqlite", "a\\b", ""):
        with pytest.raises(SettingsError, match="must be a file name"):
            load_settings(env={"PEM_DB_NAME": bad, "PEM_DATA_DIR": "/tmp/pem"})
    ok = load_settings(env={"PEM_DB_NAME": "work..v2.sqlite", "PEM_DATA_DIR": "/tmp/pem"})
    assert ok.db_path == Path("/tmp/pem/work..v2.sqlite")


def test_pem_db_name_path_in_toml_is_refused(tmp_path):
    from geo.settings import SettingsError, load_settings

    cfg = tmp_path / "pem.toml"
    cfg.write_text('db_name = "../../etc/x.sqlite"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="must be a file name"):
        load_settings(env={}, config=cfg)


# --- failures are listed, counted, and stop when every later one would fail too ------------------
def test_unreadable_subfolder_is_listed_as_a_failure(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Paro en Puno.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Paro en Lima.", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root ignores chmod; the walk sees EACCES
    items = sourced([tmp_path])
    assert [x.text for _, x in items if not isinstance(x, IngestFailure)] == ["Paro en Puno."]
    (fail,) = [x for _, x in items if isinstance(x, IngestFailure)]
    assert fail.path == str(locked) and "cannot read this folder" in fail.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder whatever its mode")
def test_unreadable_subfolder_is_listed_as_a_failure_chmod(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Paro en Lima.", encoding="utf-8")
    locked.chmod(0)
    try:
        (fail,) = failures([tmp_path])
        assert fail.path == str(locked) and "cannot read this folder" in fail.reason
    finally:
        locked.chmod(0o755)


def fake_extract(text: str, doc_date=None, url=None) -> list:
    from tests.test_ingest import fake_extract as fx

    return fx(text, doc_date=doc_date, url=url)


def test_ingest_exit_status_1_when_any_document_failed(tmp_path, monkeypatch, capsys):
    from geo.__main__ import main

    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path / "data"))
    good = tmp_path / "good.txt"
    good.write_text("Paro en Cusco ayer.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["ingest", str(good)]) == 0
    assert main(["ingest", str(good), str(bad)]) == 1  # one failure is enough to say so
    assert "failed:               1" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "--doc-date", "yesterday", str(good)])
    assert exc.value.code == 2


def _limit_pages(monkeypatch, pages: int) -> None:
    """Every new store connection may grow the file to `pages` pages: SQLITE_FULL after that."""
    real = Store._connect

    def connect(self):
        con = real(self)
        con.execute(f"PRAGMA max_page_count = {pages}")
        return con

    monkeypatch.setattr(Store, "_connect", connect)


def test_disk_full_stops_after_the_first_failure_with_one_message(tmp_path, monkeypatch, capsys):
    from geo.__main__ import main

    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr("geo.extract.extract_events", fake_extract)
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02d}.txt").write_text(
            f"Informe {i}. " + "Paro en Cusco y Lima. " * 300, encoding="utf-8"
        )
    db = tmp_path / "data" / "events.sqlite"
    Store.open(db).close()
    _limit_pages(monkeypatch, 60)
    rc = main(["ingest", "--db", str(db), str(folder)])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.count("error:") == 1 and "is full" in err, err
    assert "failed:               0" in err  # not one line per document
    assert "stopped at" in err
    monkeypatch.undo()
    with Store.open(db) as s:
        added = s.stats()["documents"]
        assert 0 < added < 40
        assert s._conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert f"documents added:      {added}" in err


def test_disk_full_in_the_library_is_reported_once(tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite"
    with Store.open(db) as empty:  # room for a few documents past the schema's own pages
        schema_pages = empty._conn().execute("PRAGMA page_count").fetchone()[0]
    _limit_pages(monkeypatch, schema_pages + 40)
    paths = []
    for i in range(30):
        p = tmp_path / f"{i}.txt"
        p.write_text(f"Doc {i}. " + "Paro en Cusco. " * 400, encoding="utf-8")
        paths.append(p)
    with Store.open(db) as s:
        summary = ingest_paths(s, paths, extract=fake_extract)
    from geo.store import StoreFull

    assert isinstance(summary.stopped, StoreFull)
    assert summary.failed == [] and 0 < summary.added < 30


# --- damaged and read-only stores ----------------------------------------------------------------
def _filled_store(db: Path, n: int = 60) -> None:
    from tests.test_store import doc, ev

    with Store.open(db) as s:
        for i in range(n):
            s.add_document(doc(f"documento {i} " * 50), [ev("15", date(2024, 1, 1 + i % 28))] * 20)
        s._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _damage(db: Path) -> None:
    """Overwrite every page after the schema page with garbage (a bad disk, a torn copy)."""
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for off in range(page, len(data), page):
        data[off : off + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))


def test_damaged_store_export_ingest_and_check_give_one_line(tmp_path):
    db = tmp_path / "events.sqlite"
    _filled_store(db)
    _damage(db)
    src = tmp_path / "a.txt"
    src.write_text("Paro en Cusco.", encoding="utf-8")
    env = {**os.environ, "PEM_DATA_DIR": str(tmp_path / "data")}
    for args, want in (
        (["export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "o.csv")], 2),
        (["ingest", "--db", str(db), str(src)], 2),
        (["check", "--db", str(db)], 1),
    ):
        proc = subprocess.run(
            [sys.executable, "-m", "geo", *args], capture_output=True, text=True, timeout=120,
            cwd=ROOT, env=env,
        )  # fmt: skip
        assert proc.returncode == want, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr + proc.stdout
        if want == 2:
            lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
            assert len(lines) == 1 and f"error: the store at {db} is damaged" in lines[0], lines
            assert "python -m geo check" in lines[0]
        else:
            assert "problem:" in proc.stdout and "restore a backup" in proc.stdout
    assert not (tmp_path / "o.csv").exists()


def test_check_on_a_sound_store(tmp_path, capsys):
    from geo.__main__ import main

    db = tmp_path / "events.sqlite"
    _filled_store(db, 5)
    assert main(["check", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "documents: 5" in out and "events: 100" in out and "sentences: 5" in out
    assert "ok: integrity" in out
    assert main(["check", "--db", str(tmp_path / "none.sqlite")]) == 2


def test_check_finds_a_damaged_full_text_index(tmp_path, capsys):
    from geo.__main__ import main

    db = tmp_path / "events.sqlite"
    _filled_store(db, 3)
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER sentences_fts_ad")
    con.execute("DELETE FROM sentences WHERE id = 1")  # the index still lists it
    con.commit()
    con.close()
    assert main(["check", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "problem: full-text index" in out


def test_backup_copies_a_store_in_use(tmp_path, capsys):
    from geo.__main__ import main

    db = tmp_path / "events.sqlite"
    _filled_store(db, 4)
    busy = Store.open(db)
    busy.stats()  # another process has it open (WAL, a reader)
    dest = tmp_path / "backups"
    dest.mkdir()
    assert main(["backup", "--db", str(db), str(dest)]) == 0
    (copy,) = dest.glob("events-*.sqlite")
    assert "backup written" in capsys.readouterr().err
    with Store.open(copy) as s:
        assert s.stats() == busy.stats()
        assert len(s.events_frame()) == 80
    busy.close()
    assert main(["backup", "--db", str(db), str(copy)]) == 2  # never overwrites
    assert "already exists" in capsys.readouterr().err
    assert not list(dest.glob(".*partial"))


def test_backup_of_a_damaged_store_is_refused_and_leaves_nothing(tmp_path, capsys):
    from geo.__main__ import main

    db = tmp_path / "events.sqlite"
    _filled_store(db)
    _damage(db)
    out = tmp_path / "copy.sqlite"
    assert main(["backup", "--db", str(db), str(out)]) == 2
    assert "is damaged" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".*partial"))


def test_read_only_store_can_still_be_read_and_exported(tmp_path, monkeypatch, capsys):
    import geo.store.sqlite as store_mod
    from geo.__main__ import main
    from geo.store import StoreReadOnly
    from tests.test_store import doc, ev

    db = tmp_path / "ro" / "events.sqlite"
    db.parent.mkdir()
    _filled_store(db, 3)
    before = db.read_bytes()
    monkeypatch.setattr(store_mod, "_writable", lambda p: False)  # a read-only folder/medium
    with Store.open(db) as s:
        assert s.read_only
        assert len(s.events_frame()) == 60 and s.stats()["documents"] == 3
        with pytest.raises(StoreReadOnly, match="read-only"):
            s.add_document(doc("nuevo"), [ev("15", date(2024, 1, 1))])
    out = tmp_path / "out.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 61
    src = tmp_path / "a.txt"
    src.write_text("Paro en Cusco.", encoding="utf-8")
    assert main(["ingest", "--db", str(db), str(src)]) == 2
    assert "is read-only" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_read_only_open_falls_back_to_immutable(tmp_path, monkeypatch):
    db = tmp_path / "events.sqlite"
    _filled_store(db, 2)
    real = sqlite3.connect
    seen = []

    def connect(database, *a, **kw):
        seen.append(str(database))
        if "mode=ro" in str(database):  # as on read-only media without the -shm file
            raise sqlite3.OperationalError("unable to open database file")
        return real(database, *a, **kw)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with Store.open(db, read_only=True) as s:
        assert s.stats()["documents"] == 2
    assert any("immutable=1" in u for u in seen)


def test_dashboard_damaged_store_shows_an_error_box(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    db = tmp_path / "events.sqlite"
    _filled_store(db)
    _damage(db)
    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        (box,) = at.error
        assert "The event store cannot be used" in box.value and "is damaged" in box.value
        assert "python -m geo check" in box.value
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def _damage_tables(db: Path, names: tuple[str, ...]) -> None:
    """Overwrite only the pages of the named tables: damage that only some queries meet."""
    con = sqlite3.connect(db)
    marks = ",".join("?" * len(names))
    pages = [r[0] for r in con.execute(f"SELECT pageno FROM dbstat WHERE name IN ({marks})", names)]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert pages
    data = bytearray(db.read_bytes())
    for p in pages:
        data[(p - 1) * size : p * size] = b"\xa5" * size
    db.write_bytes(bytes(data))


def _error_box_only(at) -> str:
    """The one error box of a run that raised nothing and drew no table."""
    assert not at.exception, [e.value for e in at.exception]
    (box,) = at.error
    assert "The event store cannot be used" in box.value and "is damaged" in box.value
    assert "python -m geo check" in box.value
    assert not [m for m in at.markdown if "place mentions" in m.value]  # nothing half-drawn
    return box.value


@pytest.fixture()
def app_on(tmp_path, monkeypatch):
    """An AppTest on a store of 60 documents in tmp_path (caches cleared before and after)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    _filled_store(tmp_path / "events.sqlite")
    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    st.cache_resource.clear()
    st.cache_data.clear()


def test_dashboard_store_damaged_between_reruns_shows_the_error_box(tmp_path, app_on):
    at = app_on
    at.run()
    assert not at.exception and not at.error
    assert [m for m in at.markdown if "place mentions" in m.value]  # the first map and table
    # While the dashboard is open the sentences go bad: the counts and the date span still read,
    # the next query for events (a department picked) meets the damage.
    _damage_tables(tmp_path / "events.sqlite", ("sentences",))
    at.multiselect(key="deps").select("15").run()
    _error_box_only(at)


def test_dashboard_damaged_search_index_shows_the_error_box_on_search(tmp_path, app_on):
    # Only a search reads the document index: the first map is drawn, the search meets the damage.
    _damage_tables(tmp_path / "events.sqlite", ("doc_search_data", "doc_search_idx"))
    at = app_on
    at.run()
    assert not at.exception and not at.error
    at.text_input(key="q").input("documento").run()
    assert "doc_search" in _error_box_only(at)


def test_dashboard_damaged_document_list_shows_the_error_box(tmp_path, app_on):
    # The sidebar's list of documents is the only read of the events-per-document index here
    # (the map's query for one department does not use it); it raised a raw sqlite3 error.
    _damage_tables(tmp_path / "events.sqlite", ("events_doc",))
    at = app_on
    for k, v in {"dep": "15", "from": "2024-01-01", "to": "2024-01-28"}.items():
        at.query_params[k] = v
    at.run()
    _error_box_only(at)


def test_dashboard_read_only_store_is_shown_without_the_demo(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import geo.store.sqlite as store_mod

    db = tmp_path / "events.sqlite"
    _filled_store(db, 3)
    monkeypatch.setattr(store_mod, "_writable", lambda p: False)
    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error
        assert any("3 documents" in c.value for c in at.caption)
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


# --- words that are not dates --------------------------------------------------------------------
def _found(text: str) -> list[tuple[str, str]]:
    from geo.dates import Period, find_dates

    ref = Period.day(date(2024, 6, 15))
    return [(text[m.start : m.end], m.period.start.isoformat()) for m in find_dates(text, ref)]


@pytest.mark.parametrize(
    "text",
    [
        "the line sep here",
        "el mar de Grau",
        "dic es una palabra",
        "nov y dic",
        "the oct group met",
        "two years ago 5 people died",
        "a set of rules",
        "separaron al jun-ta",
    ],
)
def test_lowercase_month_abbreviations_that_are_words_are_not_months(text):
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("el 5 de sep hubo un paro", ("5 de sep", "2024-09-05")),
        ("en sep. 5 hubo un paro", ("sep. 5", "2024-09-05")),
        ("desde sep 2023", ("sep 2023", "2023-09-01")),
        ("el 3 de mar de 2024", ("3 de mar de 2024", "2024-03-03")),
        # a bare month is the latest such month on or before the document (June 2024)
        ("In Sep there was a strike", ("Sep", "2023-09-01")),
        ("el Dic pasado", ("Dic", "2023-12-01")),
    ],
)
def test_month_abbreviations_count_when_capitalised_or_next_to_a_day_or_year(text, want):
    assert _found(text) == [want]


def test_extracted_event_not_dated_by_the_sea():
    events = extract_events(
        "Pescadores protestaron en el mar de Grau, frente a Tacna.", date(2024, 6, 1)
    )
    assert events and all(e.date_start == date(2024, 6, 1) for e in events)
