"""Documents in: every format, every bad input, and the ingestion driver's safety guarantees."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import tracemalloc
import types
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest

from geo.ingest import (
    MAX_DOCUMENT_BYTES,
    IngestError,
    IngestFailure,
    content_hash,
    decode_bytes,
    detect_language,
    ingest_paths,
    iter_documents,
    read_text_input,
)
from geo.model import Document, Event
from geo.store import Store

DATA = Path(__file__).parent / "data" / "ingest"
ROOT = Path(__file__).resolve().parents[1]

# A tiny stand-in for the lead's extractor: a few names, each one event dated by the document.
FAKE_PLACES = {
    "Puno": ("21", "department"),
    "Juliaca": ("2111", "province"),
    "Lima": ("15", "department"),
    "Chosica": ("150118", "district"),
    "Cusco": ("08", "department"),
    "Talara": ("2007", "province"),
    "Arequipa": ("04", "department"),
}


def fake_extract(text: str, doc_date: date | None = None, url: str | None = None) -> list[Event]:
    """Events for the known names in text, dated by doc_date (or 2024-01-01)."""
    day = doc_date or date(2024, 1, 1)
    out = []
    for m in re.finditer("|".join(FAKE_PLACES), text):
        code, level = FAKE_PLACES[m.group(0)]
        out.append(
            Event(
                surface=m.group(0),
                start=m.start(),
                end=m.end(),
                ubigeo=code,
                level=level,
                department=m.group(0),
                province=None,
                district=None,
                place=None,
                lat=-12.0,
                lon=-75.0,
                date_start=day,
                date_end=day,
                date_precision="day",
                doc_date=doc_date,
                confidence=0.9,
                sentence=text[max(0, m.start() - 20) : m.end() + 20],
            )
        )
    return out


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "db" / "events.sqlite")
    yield s
    s.close()


def docs_of(paths) -> list[Document]:
    return [d for d in iter_documents(paths) if isinstance(d, Document)]


def failures_of(paths) -> list[IngestFailure]:
    return [d for d in iter_documents(paths) if isinstance(d, IngestFailure)]


def _pdf_bytes(text: str | None) -> bytes:
    """A minimal one-page PDF; with text=None the page has no text layer (like a scan)."""
    content = (
        b"" if text is None else b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    )
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# --- decoding ----------------------------------------------------------------------------------
def test_cp1252_spanish_curly_quotes_and_enye():
    text, when = read_text_input(str(DATA / "cp1252_es.txt"))
    assert "“No levantaremos el paro”" in text
    assert "señor Peña" in text and "diálogo" in text and "–" in text
    assert when is None


def test_utf8_bom_is_stripped():
    text, _ = read_text_input(str(DATA / "utf8_bom.txt"))
    assert text.startswith("Lluvias en Cusco")
    assert "\ufeff" not in text


def test_broken_encoding_is_an_error_not_latin1():
    # 0x81 is undefined in Windows-1252 and invalid UTF-8: Latin-1 would accept it silently.
    with pytest.raises(IngestError, match="neither UTF-8 nor Windows-1252"):
        decode_bytes(b"Protesta en Puno \x81\x8d y m\xe1s", "x.txt")


def test_broken_encoding_file(tmp_path: Path):
    p = tmp_path / "broken.txt"
    p.write_bytes("Café en Lima".encode() + b"\x81\x9d\xc3")
    with pytest.raises(IngestError) as err:
        read_text_input(str(p))
    assert "broken.txt" in str(err.value) and "\n" not in str(err.value)


def test_mixed_utf8_and_cp1252_is_an_error(tmp_path: Path):
    # Mostly UTF-8 ("año") with one stray cp1252 byte: cp1252 would "work" but garble año.
    p = tmp_path / "mixed.txt"
    p.write_bytes("El año pasado en Puno".encode() + b" \x93cita\x94")
    with pytest.raises(IngestError, match="mixed encodings"):
        read_text_input(str(p))
    table = tmp_path / "mixed.csv"
    table.write_bytes(b"text\n" + "Se\u00f1al en Puno".encode() + b" \x93x\x94\n")
    (fail,) = failures_of([table])
    assert "mixed encodings" in fail.reason


def test_text_is_nfc_normalised(tmp_path: Path):
    p = tmp_path / "nfd.txt"
    p.write_text(unicodedata.normalize("NFD", "Áncash y Huánuco"), encoding="utf-8")
    text, _ = read_text_input(str(p))
    assert text == unicodedata.normalize("NFC", "Áncash y Huánuco")


def test_content_hash_is_of_nfc_text():
    nfd = unicodedata.normalize("NFD", "Pasco y Junín")
    assert content_hash(nfd) == content_hash(unicodedata.normalize("NFC", nfd))
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash("x"))


def test_empty_file(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        read_text_input(str(p))


def test_whitespace_only_file(tmp_path: Path):
    p = tmp_path / "blank.md"
    p.write_bytes(b"  \n\t\r\n")
    with pytest.raises(IngestError, match="empty"):
        read_text_input(str(p))


def test_binary_file(tmp_path: Path):
    p = tmp_path / "data.bin"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(IngestError, match="not a text document"):
        read_text_input(str(p))


def test_wrong_extension_png_as_txt(tmp_path: Path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 50)
    with pytest.raises(IngestError, match="PNG image"):
        read_text_input(str(p))


def test_wrong_extension_pdf_suffix_on_text(tmp_path: Path):
    p = tmp_path / "notes.pdf"
    p.write_text("Protesta en Puno", encoding="utf-8")
    with pytest.raises(IngestError, match="not a PDF"):
        read_text_input(str(p))


def test_missing_file(tmp_path: Path):
    with pytest.raises(IngestError, match="no such file"):
        read_text_input(str(tmp_path / "nope.txt"))


def test_directory_is_not_a_document(tmp_path: Path):
    with pytest.raises(IngestError, match="is a directory"):
        read_text_input(str(tmp_path))


def test_read_text_input_refuses_tables():
    with pytest.raises(IngestError, match="table of many articles"):
        read_text_input(str(DATA / "articles.csv"))


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch):
    raw = "Marcha en Lima “hoy”".encode("cp1252")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    text, when = read_text_input("-")
    assert text == "Marcha en Lima “hoy”" and when is None


def test_stdin_dash_html_is_sniffed(monkeypatch: pytest.MonkeyPatch):
    raw = (DATA / "article.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    text, when = read_text_input("-")
    assert "Talara" in text and "<p>" not in text
    assert when == date(2023, 11, 14)


# --- formats -----------------------------------------------------------------------------------
def test_markdown_front_matter():
    (doc,) = docs_of([DATA / "article.md"])
    assert doc.title == "Huaico en Chosica"
    assert doc.doc_date == date(2024, 2, 7)
    assert doc.url == "https://example.org/huaico-chosica"
    assert doc.source == "Diario de prueba"
    assert doc.language == "es"
    assert "title:" not in doc.text and "Carretera Central" in doc.text


def test_markdown_without_front_matter(tmp_path: Path):
    p = tmp_path / "plain.md"
    p.write_text("# Sismo en Ica\n\nUn sismo sacudió Ica.\n", encoding="utf-8")
    (doc,) = docs_of([p])
    assert doc.title == "Sismo en Ica" and doc.doc_date is None


def test_html_article_metadata_and_boilerplate_dropped():
    (doc,) = docs_of([DATA / "article.html"])
    assert doc.title == "Derrame de petróleo en Piura"
    assert doc.doc_date == date(2023, 11, 14)
    assert doc.url == "https://example.org/derrame-piura"
    assert "Talara" in doc.text
    assert "MENÚ-DE-NAVEGACIÓN" not in doc.text
    assert "PIE-DE-PÁGINA" not in doc.text
    assert doc.language == "es"


def test_html_without_article_text(tmp_path: Path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    (fail,) = failures_of([p])
    assert "no article text" in fail.reason


def test_pdf_text_layer(tmp_path: Path):
    p = tmp_path / "report.pdf"
    p.write_bytes(_pdf_bytes("Conflicto minero en Cotabambas, Apurimac"))
    text, _ = read_text_input(str(p))
    assert "Cotabambas" in text


def test_pdf_without_text_layer(tmp_path: Path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(_pdf_bytes(None))
    with pytest.raises(IngestError, match="no text layer"):
        read_text_input(str(p))


def test_broken_pdf(tmp_path: Path):
    p = tmp_path / "cut.pdf"
    p.write_bytes(_pdf_bytes("Texto en Puno")[:60])
    with pytest.raises(IngestError) as err:
        read_text_input(str(p))
    assert "cut.pdf" in str(err.value)


def test_unknown_extension_sniffs_html(tmp_path: Path):
    p = tmp_path / "page.download"
    p.write_bytes((DATA / "article.html").read_bytes())
    (doc,) = docs_of([p])
    assert doc.title == "Derrame de petróleo en Piura"


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path):
    p = tmp_path / "page.txt"
    p.write_bytes((DATA / "article.html").read_bytes())
    (doc,) = docs_of([p])
    assert "<p>" not in doc.text and "MENÚ-DE-NAVEGACIÓN" not in doc.text
    assert doc.doc_date == date(2023, 11, 14)


def test_unknown_extension_plain_text(tmp_path: Path):
    p = tmp_path / "NOTE"
    p.write_text("Deslizamiento en Huancavelica", encoding="utf-8")
    (doc,) = docs_of([p])
    assert doc.text == "Deslizamiento en Huancavelica"


def test_csv_rows_with_metadata():
    items = list(iter_documents([DATA / "articles.csv"]))
    docs = [d for d in items if isinstance(d, Document)]
    fails = [d for d in items if isinstance(d, IngestFailure)]
    assert [d.title for d in docs] == ["Bloqueo en Puno", "Marcha en Lima"]
    assert docs[0].doc_date == date(2024, 3, 1) and docs[1].doc_date == date(2024, 3, 5)
    assert docs[0].source == "Radio A" and docs[1].url == "https://example.org/2"
    assert '"sin tregua"' in docs[0].text
    assert "\nHubo dos detenidos." in docs[1].text
    assert len(fails) == 1 and fails[0].path.endswith("articles.csv:5")
    assert "empty text" in fails[0].reason


def test_csv_semicolon_cp1252():
    (doc,) = docs_of([DATA / "articles_semicolon.csv"])
    assert doc.title == "Sequía en Ayacucho"
    assert "Huamanga; los agricultores" in doc.text


def test_csv_with_utf8_bom_header(tmp_path: Path):
    p = tmp_path / "excel.csv"
    p.write_bytes(b"\xef\xbb\xbfTexto,Fecha\n" + b"Huelga en Ilo" + b",2024-06-01\n")
    (doc,) = docs_of([p])
    assert doc.text == "Huelga en Ilo" and doc.doc_date == date(2024, 6, 1)


def test_csv_without_text_column():
    (fail,) = failures_of([DATA / "no_text_column.csv"])
    assert "no text column" in fail.reason
    assert "id, headline, published" in fail.reason


def test_jsonl_rows_and_bad_lines():
    items = list(iter_documents([DATA / "articles.jsonl"]))
    docs = [d for d in items if isinstance(d, Document)]
    fails = {f.path.rsplit(":", 1)[1]: f.reason for f in items if isinstance(f, IngestFailure)}
    assert docs[0].title == "Incendio en Arequipa"
    assert docs[0].doc_date == date(2024, 4, 2)
    assert docs[1].language == "en"
    assert set(fails) == {"2", "4", "5"}
    assert "invalid JSON" in fails["2"] and "found: headline" in fails["4"]


def test_zip_rejected(tmp_path: Path):
    p = tmp_path / "articles.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.txt", "Protesta en Puno")
    (fail,) = failures_of([p])
    assert "archives are not accepted" in fail.reason


def test_zip_bomb_rejected_without_unpacking(tmp_path: Path):
    # 200 MB of zeros compress to ~200 KB; a renamed bomb must not be inflated either.
    p = tmp_path / "bomb.zip"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z, z.open("z.txt", "w") as fh:
        for _ in range(200):
            fh.write(chunk)
    renamed = tmp_path / "bomb.txt"
    renamed.write_bytes(p.read_bytes())
    tracemalloc.start()
    fails = failures_of([p, renamed])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "archives are not accepted" in fails[0].reason
    assert "zip archive" in fails[1].reason
    assert peak < 20 * 1024 * 1024


def test_large_csv_50mb_bounded_memory(tmp_path: Path):
    p = tmp_path / "big.csv"
    para = "Los comuneros de Espinar marcharon hacia Cusco para exigir diálogo. " * 300
    n = 0
    with p.open("w", encoding="utf-8") as fh:
        fh.write("title,date,text\n")
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(f'"Nota {n}",2024-01-{n % 28 + 1:02d},"{para} {n}"\n')
            n += 1
    tracemalloc.start()
    count = 0
    for item in iter_documents([p]):
        assert isinstance(item, Document)
        count += 1
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == n
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a 50 MB table"


def test_large_single_document_refused_without_reading(tmp_path: Path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: no time spent writing
    tracemalloc.start()
    (fail,) = failures_of([p])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "too large" in fail.reason
    assert peak < 5 * 1024 * 1024


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("dos", encoding="utf-8")
    (tmp_path / "a.txt").write_text("uno", encoding="utf-8")
    (tmp_path / "c.txt").write_text("tres", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("oculto", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("oculto", encoding="utf-8")
    assert [d.text for d in docs_of([tmp_path])] == ["uno", "dos", "tres"]


def test_single_path_not_in_a_list():
    (doc,) = [d for d in iter_documents(str(DATA / "utf8_bom.txt")) if isinstance(d, Document)]
    assert doc.title == "Lluvias en Cusco"


def test_language_detection():
    assert (
        detect_language("Los pobladores de la zona denunciaron que el río está contaminado") == "es"
    )
    assert detect_language("The residents of the area said that the river was polluted") == "en"
    assert detect_language("Puno 2024") is None


def test_doc_date_fallback_only_when_document_has_none():
    a, b = docs_of([DATA / "article.md", DATA / "no_place.txt"])
    assert a.doc_date == date(2024, 2, 7) and b.doc_date is None
    a, b = (
        d
        for d in iter_documents([DATA / "article.md", DATA / "no_place.txt"], date(2020, 5, 5))
        if isinstance(d, Document)
    )
    assert a.doc_date == date(2024, 2, 7) and b.doc_date == date(2020, 5, 5)


# --- the ingestion driver ----------------------------------------------------------------------
def test_ingest_folder_summary(store: Store):
    summary = ingest_paths(store, [DATA], extract=fake_extract)
    # html, md, 2 csv rows, 2 jsonl rows, 1 semicolon row, cp1252, no_place, bom = 10
    assert summary.added == 10
    assert summary.duplicates == 0 and summary.replaced == 0
    failed = {p.split("/")[-1] for p, _ in summary.failed}
    assert failed == {
        "articles.csv:5",
        "articles.jsonl:2",
        "articles.jsonl:4",
        "articles.jsonl:5",
        "no_text_column.csv",
    }
    assert store.stats() == {"documents": 10, "events": summary.events}
    assert summary.events == len(store.events_frame())


def test_document_with_no_peruvian_place_stored_with_zero_events(store: Store):
    summary = ingest_paths(store, [DATA / "no_place.txt"], extract=fake_extract)
    assert summary.added == 1 and summary.events == 0
    assert store.stats() == {"documents": 1, "events": 0}


def test_document_with_no_peruvian_place_real_extractor(store: Store):
    pytest.importorskip("geo.extract")
    summary = ingest_paths(store, [DATA / "no_place.txt"])
    assert summary.added == 1 and summary.events == 0 and not summary.failed


def test_same_document_twice_is_a_duplicate(store: Store):
    first = ingest_paths(store, [DATA / "cp1252_es.txt"], extract=fake_extract)
    before = store.events_frame()
    second = ingest_paths(store, [DATA / "cp1252_es.txt"], extract=fake_extract)
    assert first.added == 1 and first.events == 2
    assert second.added == 0 and second.duplicates == 1 and second.events == 0
    after = store.events_frame()
    assert after["event_id"].tolist() == before["event_id"].tolist()
    assert store.stats() == {"documents": 1, "events": 2}


def test_same_text_in_utf8_and_cp1252_is_one_document(store: Store, tmp_path: Path):
    text = (DATA / "cp1252_es.txt").read_bytes().decode("cp1252")
    (tmp_path / "u.txt").write_text(text, encoding="utf-8")
    summary = ingest_paths(
        store, [DATA / "cp1252_es.txt", tmp_path / "u.txt"], extract=fake_extract
    )
    assert (summary.added, summary.duplicates) == (1, 1)


def test_corrected_version_replaces_events(store: Store, tmp_path: Path):
    original = (DATA / "article.md").read_text(encoding="utf-8")
    ingest_paths(store, [DATA / "article.md"], extract=fake_extract)
    assert set(store.events_frame()["surface"]) == {"Chosica", "Lima"}
    fixed = tmp_path / "fixed.md"
    fixed.write_text(original.replace("Chosica, Lima", "Chosica y en Cusco"), encoding="utf-8")
    summary = ingest_paths(store, [fixed], extract=fake_extract)
    assert summary.replaced == 1 and summary.added == 0
    assert store.stats()["documents"] == 1
    assert sorted(store.events_frame()["surface"]) == ["Chosica", "Chosica", "Cusco"]


def test_known_document_is_not_extracted_again(store: Store):
    calls: list[str] = []

    def counting(text: str, doc_date=None, url=None):
        calls.append(text)
        return fake_extract(text, doc_date, url)

    ingest_paths(store, [DATA / "utf8_bom.txt"], extract=counting)
    summary = ingest_paths(store, [DATA / "utf8_bom.txt"], extract=counting)
    assert summary.duplicates == 1 and len(calls) == 1


def test_progress_runs_on_the_callers_thread(store: Store):
    import threading

    seen: list[tuple[str, str, str]] = []
    ingest_paths(
        store,
        [DATA],
        extract=fake_extract,
        progress=lambda where, outcome: seen.append(
            (where, outcome, threading.current_thread().name)
        ),
    )
    assert len(seen) == 15
    assert {name for _, _, name in seen} == {threading.current_thread().name}
    assert sorted(o for _, o, _ in seen).count("added") == 10


def test_progress_error_stops_cleanly(store: Store):
    import threading

    def boom(where: str, outcome: str) -> None:
        if outcome == "added":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(store, [DATA], extract=fake_extract, progress=boom)
    assert not [t for t in threading.enumerate() if t.name == "ingest-writer"]
    frame = store.events_frame()
    # Whatever went in is whole: each stored document has exactly its events.
    con = store._conn()
    for doc_id, n in con.execute("SELECT id, n_events FROM documents"):
        assert (frame["doc_id"] == doc_id).sum() == n
    again = ingest_paths(store, [DATA], extract=fake_extract)
    assert again.added + again.duplicates == 10


def test_extract_crash_on_one_document_keeps_the_others(store: Store):
    def flaky(text: str, doc_date=None, url=None):
        if "Juliaca" in text:
            raise RuntimeError("extractor exploded")
        return fake_extract(text, doc_date, url)

    summary = ingest_paths(store, [DATA / "cp1252_es.txt", DATA / "utf8_bom.txt"], extract=flaky)
    assert summary.added == 1
    assert summary.failed == [(str(DATA / "cp1252_es.txt"), "RuntimeError: extractor exploded")]
    assert set(store.events_frame()["surface"]) == {"Cusco"}


def test_crash_mid_insert_leaves_nothing_half_written(store: Store):
    ingest_paths(store, [DATA / "utf8_bom.txt"], extract=fake_extract)
    before = (store.stats(), store.events_frame()["event_id"].tolist())

    def extract(text: str, doc_date=None, url=None):
        evs = fake_extract(text, doc_date, url)
        broken = Event(**{**_fields(evs[0]), "ubigeo": "not-a-code"})
        return [*evs, evs[0], broken]

    summary = ingest_paths(store, [DATA / "cp1252_es.txt"], extract=extract)
    assert summary.added == 0 and len(summary.failed) == 1
    assert "invalid ubigeo" in summary.failed[0][1]
    assert (store.stats(), store.events_frame()["event_id"].tolist()) == before
    # The same document goes in cleanly afterwards: no leftover hash blocks it.
    again = ingest_paths(store, [DATA / "cp1252_es.txt"], extract=fake_extract)
    assert again.added == 1


def _fields(ev: Event) -> dict:
    return {name: getattr(ev, name) for name in Event.__dataclass_fields__}


def test_process_killed_mid_transaction_leaves_nothing_half_written(tmp_path: Path):
    db = tmp_path / "events.sqlite"
    script = textwrap.dedent(
        f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import geo.store.sqlite as st
        from geo.ingest import ingest_paths
        from test_ingest import fake_extract
        store = st.Store.open({str(db)!r})
        ingest_paths(store, [{str(DATA / "utf8_bom.txt")!r}], extract=fake_extract)
        real, calls = st._event_row, []
        def dying(doc_id, ev, sid):
            calls.append(1)
            if len(calls) == 2:
                os._exit(9)  # power cut in the middle of the document's transaction
            return real(doc_id, ev, sid)
        st._event_row = dying
        ingest_paths(store, [{str(DATA / "cp1252_es.txt")!r}], extract=fake_extract)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == 9, proc.stderr.decode()
    with Store.open(db) as s:
        assert s.stats() == {"documents": 1, "events": 1}
        con = s._conn()
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        titles = [r[0] for r in con.execute("SELECT title FROM documents")]
        assert titles == ["Lluvias en Cusco"]


# --- the command line --------------------------------------------------------------------------
@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    fake = types.ModuleType("geo.extract")
    fake.extract_events = fake_extract  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "geo.extract", fake)
    monkeypatch.setenv("PEM_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_cli_ingest_summary_and_default_db(cli_env: Path, capsys: pytest.CaptureFixture):
    from geo.__main__ import main

    rc = main(["ingest", str(DATA / "cp1252_es.txt"), str(DATA / "no_text_column.csv")])
    err = capsys.readouterr().err
    assert rc == 1  # one input failed: scripts must notice
    assert "documents added:      1" in err
    assert "failed:               1" in err and "no text column" in err
    assert "events stored:        2" in err
    assert (cli_env / "data" / "events.sqlite").exists()
    rc = main(["ingest", str(DATA / "cp1252_es.txt")])
    assert rc == 0 and "skipped (duplicates): 1" in capsys.readouterr().err


def test_cli_ingest_db_flag_and_doc_date(cli_env: Path, capsys: pytest.CaptureFixture):
    from geo.__main__ import main

    db = cli_env / "other" / "x.sqlite"
    rc = main(["ingest", "--db", str(db), "--doc-date", "2021-06-07", str(DATA / "utf8_bom.txt")])
    assert rc == 0
    with Store.open(db) as s:
        frame = s.events_frame()
    assert frame["date_start"].dt.date.tolist() == [date(2021, 6, 7)]


def test_cli_ingest_every_input_failed_exits_1(cli_env: Path, capsys: pytest.CaptureFixture):
    from geo.__main__ import main

    empty = cli_env / "empty.txt"
    empty.write_bytes(b"")
    rc = main(["ingest", str(empty), str(cli_env / "missing.txt")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "empty file" in err and "no such file" in err


def test_cli_ingest_usage_error_exits_2(cli_env: Path, capsys: pytest.CaptureFixture):
    from geo.__main__ import main

    with pytest.raises(SystemExit) as exc:
        main(["ingest"])
    assert exc.value.code == 2
    assert main(["ingest", "-", "-"]) == 2
    assert "only once" in capsys.readouterr().err


def test_seed_article_roundtrip_with_real_extractor(seed_text: str, store: Store, tmp_path: Path):
    from geo.extract import extract_events

    p = tmp_path / "seed.txt"
    p.write_text(seed_text, encoding="utf-8")
    summary = ingest_paths(store, [p], doc_date=date(2024, 1, 1))
    (doc,) = docs_of([p])
    expected = extract_events(doc.text, doc_date=doc.doc_date or date(2024, 1, 1))
    assert summary.added == 1 and summary.events == len(expected) > 0
    frame = store.events_frame()
    assert sorted(frame["ubigeo"]) == sorted(e.ubigeo for e in expected)
    assert set(frame["sentence"]) <= {e.sentence for e in expected}


def test_cli_ingest_from_stdin_subprocess(tmp_path: Path):
    db = tmp_path / "s.sqlite"
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "ingest", "--db", str(db), "-"],
        input=(DATA / "cp1252_es.txt").read_bytes(),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"documents added:      1" in proc.stderr
    with Store.open(db) as s:
        assert s.stats()["documents"] == 1


def test_table_with_header_only_is_a_failure(tmp_path):
    from geo.ingest import IngestFailure, iter_documents

    f = tmp_path / "empty.csv"
    f.write_text("text,date\n", encoding="utf-8")
    (item,) = list(iter_documents([f]))
    assert isinstance(item, IngestFailure)
    assert "no rows" in item.reason
