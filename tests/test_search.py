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
