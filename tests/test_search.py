"""Search that finds what people type (geo.search + the store's whole-document index)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from geo import search
from geo.model import Document, EventFilter
from geo.store import Store, open_store
from tests.dashboard_fakes import fake_units, make_event

DOCS = {
    "a": (
        "Bloqueo en la vía",
        "Los comuneros bloquearon la carretera en Juliaca durante dos días.",
    ),
    "b": ("Protest in the south", "Hundreds of protesters gathered in Arequipa on Monday."),
    "c": ("Lluvias en Junín", "Las lluvias para la cosecha llegaron tarde a Jauja."),
    "d": ("Informe anual", "Sección uno. " + "Texto largo sin lugares. " * 40 + "Hubo un paro."),
}


@pytest.fixture()
def store(tmp_path, gazetteer, store_target):
    s = open_store(store_target(tmp_path / "e.sqlite"))
    unit = fake_units(gazetteer, ("department",))[0]
    for key, (title, text) in DOCS.items():
        ev = make_event(unit, date(2024, 1, 1), sentence=f"{unit.name}: {key} sentence.")
        s.add_document(Document(text=text, title=title, content_hash=key), [ev])
    yield s
    s.close()


def titles(store: Store, text: str) -> set[str]:
    flt = EventFilter(text=text, text_scope="document")
    return set(store.events_frame(flt)["title"])


def test_bloqueo_finds_bloquearon():
    assert set(search.stems("bloqueo")) & set(search.stems("bloquearon"))


def test_protest_finds_protesters(store):
    assert titles(store, "protest") == {"Protest in the south"}
    assert titles(store, "protesters gathered") == {"Protest in the south"}


def test_search_bloqueo_finds_document_with_bloquearon(store):
    assert titles(store, "bloqueo") == {"Bloqueo en la vía"}
    assert titles(store, "bloquear") == {"Bloqueo en la vía"}


def test_search_junin_finds_accented_title(store):
    assert titles(store, "junin") == {"Lluvias en Junín"}
    assert titles(store, "JUNÍN lluvia") == {"Lluvias en Junín"}


def test_search_whole_text_not_only_the_sentence(store):
    """The word is far from every stored sentence window, in the document's text only."""
    assert titles(store, "paro") == {"Informe anual"}


def test_short_word_does_not_stem_into_others(store):
    """'paro' must not find 'para' (both stem to 'par' in Spanish)."""
    assert "Lluvias en Junín" not in titles(store, "paro")


def test_every_word_must_appear(store):
    assert titles(store, "bloqueo arequipa") == set()


def test_query_syntax_is_inert(store):
    for text in ['"', "OR", "AND NOT", "(*", "x'--", "NEAR("]:
        store.events_frame(EventFilter(text=text, text_scope="document"))  # never raises


def test_sentence_scope_is_unchanged(store):
    assert store.events_frame(EventFilter(text="bloqueo")).empty  # not in any sentence


@pytest.mark.sqlite_only
def test_deleted_document_leaves_the_index(store):
    doc = int(store.documents_frame().set_index("title").loc["Bloqueo en la vía", "doc_id"])
    store.remove_documents([doc])
    con = sqlite3.connect(store.path)
    assert con.execute("SELECT count(*) FROM doc_search WHERE rowid = ?", (doc,)).fetchone()[0] == 0
    assert titles(store, "bloqueo") == set()


@pytest.mark.sqlite_only
def test_migration_indexes_titles_and_sentences_of_old_documents(store, tmp_path):
    con = store._conn()
    con.execute("DROP TRIGGER doc_search_ad")
    con.execute("DROP TABLE doc_search")
    con.execute("PRAGMA user_version = 6")
    store.close()
    again = Store.open(store.path)
    try:
        assert again.has_doc_search
        assert titles(again, "protest") == {"Protest in the south"}  # from the title
        assert titles(again, "sentence") == {t for t, _ in DOCS.values()}  # stored sentences
    finally:
        again.close()


# --- search terms computed ahead (on a worker) ---------------------------------------------------
def _index_text_word_by_word(*texts):
    """index_text as first written: every word of the text in turn, repeated ones included."""
    seen = {}
    for text in texts:
        for w in search.words(text or ""):
            seen.setdefault(w, None)
            for k in search.stems(w):
                seen.setdefault(k, None)
    return " ".join(seen)


def test_index_text_is_the_word_by_word_index():
    from bench.corpus import generate

    texts = [*(t for pair in DOCS.values() for t in pair), *generate(30, target_bytes=2000)]
    texts.append("Protestas, protestas y PROTESTAS en Junín; junin protestaban protest.")
    for text in texts:
        assert search.index_text("Título: " + text[:40], text) == _index_text_word_by_word(
            "Título: " + text[:40], text
        )


def _prepared_corpus():
    """Real extracted documents: repeated sentences, a corrected version, a duplicate.

    The two versions of one URL go in different batches (items[:6], items[6:]): PostGIS
    refuses a batch holding both (a foreign key error, as before prepared values existed).
    """
    from bench.corpus import generate
    from geo.extract import extract_events
    from geo.ingest import content_hash

    items = []
    for i, text in enumerate(generate(8, seed=11, target_bytes=1500)):
        url = "https://x.pe/corregida" if i in (2, 7) else f"https://x.pe/{i}"
        doc = Document(text=text, title=f"Nota {i}", url=url, content_hash=content_hash(text))
        items.append((doc, extract_events(text, doc_date=date(2024, 3, 1), url=url)))
    items.append(items[0])  # the same document again, inside the batch
    assert sum(len(evs) for _, evs in items) > 20
    assert any(len({e.sentence for e in evs}) < len(evs) for _, evs in items)
    return items


def _rows(store, sql: str) -> list[tuple]:
    if hasattr(store, "_conn"):
        return [tuple(r) for r in store._conn().execute(sql)]
    with store._read() as con:
        return [tuple(r) for r in con.execute(sql)]


def _held(store) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Everything add_documents wrote, in id order: events with sentences, sentences, terms."""
    events = _rows(
        store,
        "SELECT d.content_hash, d.title, d.url, d.doc_key, d.doc_date, d.n_events, e.surface, "
        'e.start, e."end", e.ubigeo, e.level, e.dep2, e.prov4, e.dist6, e.department, '
        "e.province, e.district, e.place, e.lat, e.lon, e.date_start, e.date_end, "
        "e.date_precision, e.doc_date, e.confidence, e.role, e.event_types, e.fatalities, "
        "e.injured, s.text FROM documents d LEFT JOIN events e ON e.doc_id = d.id "
        "LEFT JOIN sentences s ON s.id = e.sentence_id ORDER BY d.id, e.id",
    )
    sentences = _rows(
        store,
        "SELECT d.content_hash, s.text FROM sentences s JOIN documents d ON d.id = s.doc_id "
        "ORDER BY s.id",
    )
    if hasattr(store, "_conn"):
        terms = _rows(
            store,
            "SELECT d.content_hash, t.terms FROM documents d "
            "JOIN doc_search t ON t.rowid = d.id ORDER BY d.id",
        )
    else:
        terms = _rows(store, "SELECT content_hash, search::text FROM documents ORDER BY id")
    return events, sentences, terms


def test_store_given_prepared_values_holds_what_it_computes(tmp_path, store_target):
    from geo.store import prepare_document

    items = _prepared_corpus()
    prepared = [prepare_document(doc, evs) for doc, evs in items]
    prepared[3] = None  # one left to the store: a mixed batch
    with (
        open_store(store_target(tmp_path / "own.sqlite")) as own,
        open_store(store_target(tmp_path / "given.sqlite")) as given,
    ):
        a = own.add_documents(items[:6])
        a += own.add_documents(items[6:])
        b = given.add_documents(items[:6], prepared=prepared[:6])
        b += given.add_documents(items[6:], prepared=prepared[6:])
        assert [(r.status, r.n_events) for r in a] == [(r.status, r.n_events) for r in b]
        assert "replaced" in {r.status for r in b} and "duplicate" in {r.status for r in b}
        held = _held(own)
        assert _held(given) == held
        # ... and what it holds is each document's own index, title and whole text:
        want = {doc.content_hash: search.index_text(doc.title, doc.text) for doc, _ in items}
        stored = dict(held[2])
        assert set(stored) == {r[0] for r in held[0]} and len(stored) == 7  # 8, one replaced
        if hasattr(given, "_conn"):
            assert stored == {h: want[h] for h in stored}
        else:
            with given._read() as con:
                for h, vector in stored.items():
                    sql = "SELECT to_tsvector('pem_simple'::regconfig, %s)::text"
                    assert con.execute(sql, (want[h],)).fetchone()[0] == vector
        words = {w for doc, _ in items for w in search.words(doc.text)}
        queries = ["protesta", "junin", "bloqueo", "lluvias", *sorted(words)[::97]]
        found = 0
        for q in queries:
            flt = EventFilter(text=q, text_scope="document")
            docs = set(own.events_frame(flt)["doc_id"])
            assert set(given.events_frame(flt)["doc_id"]) == docs, q
            found += bool(docs)
        assert found >= 3


def test_prepared_values_of_another_document_are_refused(tmp_path, store_target):
    from geo.store import prepare_document

    items = _prepared_corpus()[:2]
    wrong = [prepare_document(*items[1]), prepare_document(*items[0])]
    with open_store(store_target(tmp_path / "e.sqlite")) as s:
        with pytest.raises(ValueError, match="another document"):
            s.add_documents(items, prepared=wrong)
        with pytest.raises(ValueError, match="prepared values for"):
            s.add_documents(items, prepared=wrong[:1])
        assert s.stats() == {"documents": 0, "events": 0}
        assert s.add_document(*items[0], prepared=wrong[1]).status == "added"
