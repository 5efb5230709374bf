"""Removing documents: Store.remove_documents and `python -m geo remove` (one transaction)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from geo.__main__ import main
from geo.model import Document
from geo.store import open_store
from tests.conftest import sql_scalar
from tests.dashboard_fakes import fake_units, make_event


@pytest.fixture()
def store(tmp_path, gazetteer, store_target):
    s = open_store(store_target(tmp_path / "events.sqlite"))
    units = fake_units(gazetteer, ("department",))
    for i, source in enumerate(["radio", "radio", "paper"]):
        doc = Document(text=f"doc {i}", title=f"Doc {i}", source=source, content_hash=f"h{i}")
        s.add_document(doc, [make_event(units[i], date(2024, 1, 1 + i)) for _ in range(2 + i)])
    yield s
    s.close()


def test_remove_by_id_takes_events_and_sentences(store):
    docs = store.documents_frame()
    assert len(docs) == 3 and docs["n_events"].sum() == 9
    first = int(docs[docs["title"] == "Doc 0"]["doc_id"].iloc[0])
    assert store.remove_documents([first]) == (1, 2)
    assert store.stats() == {"documents": 2, "events": 7}
    assert first not in set(store.events_frame()["doc_id"])
    assert sql_scalar(store, f"SELECT count(*) FROM sentences WHERE doc_id = {first:d}") == 0


def test_remove_by_source(store):
    assert store.remove_documents(source="radio") == (2, 5)
    assert store.documents_frame()["source"].tolist() == ["paper"]


def test_remove_unknown_id_changes_nothing(store):
    assert store.remove_documents([999]) == (0, 0)
    assert store.stats()["events"] == 9


@pytest.mark.sqlite_only
def test_remove_is_one_transaction(store, monkeypatch):
    """A failure half-way leaves every document in place."""
    ids = store.documents_frame()["doc_id"].tolist()
    con = store._conn()
    con.execute(
        "CREATE TEMP TRIGGER fail_second BEFORE DELETE ON documents WHEN old.id = "
        f"{max(ids)} BEGIN SELECT RAISE(ABORT, 'disk gone'); END"
    )
    with pytest.raises(sqlite3.DatabaseError):
        store.remove_documents(ids)
    con.execute("DROP TRIGGER fail_second")
    assert store.stats() == {"documents": 3, "events": 9}


def test_cli_remove_by_id_and_source(store, capsys):
    db = store.url  # sqlite:///... or postgresql://...: --db takes either
    doc = int(store.documents_frame()["doc_id"].iloc[-1])
    assert main(["remove", "--db", db, str(doc)]) == 0
    assert "removed 1 document(s)" in capsys.readouterr().err
    assert main(["remove", "--db", db, "--source", "paper"]) == 0
    assert store.documents_frame()["source"].tolist() == ["radio"]


def test_cli_remove_nothing_matches_is_an_error(store, capsys):
    assert main(["remove", "--db", store.url, "4242"]) == 2
    assert "nothing removed" in capsys.readouterr().err
    assert main(["remove", "--db", store.url]) == 2
    assert store.stats()["documents"] == 3
