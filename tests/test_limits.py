"""Issue 11: one long sentence, bounded reads and clear failures, each case named after itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from geo import maps
from geo.extract import extract_events
from geo.ingest import ingest_paths
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
    out = maps.highlight(window, "Tacna")
    assert "<mark>Tacna</mark>" in out
    assert len(out) < maps.MAX_SENTENCE_CHARS + 40
