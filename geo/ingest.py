"""Documents in: decode files (text, Markdown, HTML, PDF, CSV/JSONL tables) into Documents.

Decoding is strict on purpose: UTF-8 (with or without BOM), then Windows-1252, never Latin-1,
because Latin-1 accepts every byte and silently turns curly quotes into control characters.
Zip and other archives are rejected with a clear message (no zip-bomb exposure); CSV and JSON
Lines tables are streamed row by row so a large file is read in bounded memory.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from geo.model import Document, Event

if TYPE_CHECKING:
    from geo.store import Store

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024  # one article; bigger collections belong in CSV/JSONL
SNIFF_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024

TEXT_EXT = {".txt", ".text"}
MARKDOWN_EXT = {".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
PDF_EXT = {".pdf"}
CSV_EXT = {".csv", ".tsv"}
JSONL_EXT = {".jsonl", ".ndjson"}
PARQUET_EXT = {".parquet", ".pq"}
ARCHIVE_EXT = {".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar"}

TEXT_COLUMNS = ("text", "body", "content", "texto", "contenido", "cuerpo")
DATE_COLUMNS = ("date", "fecha", "published", "published_at", "pubdate", "doc_date")
TITLE_COLUMNS = ("title", "titulo", "título", "headline", "titular")
URL_COLUMNS = ("url", "link", "enlace")
SOURCE_COLUMNS = ("source", "fuente", "medio", "outlet", "sitename")
LANGUAGE_COLUMNS = ("language", "lang", "idioma")

# Signatures of common binary formats, so a renamed file gets a message naming what it is.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"%PDF-", "a PDF"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)


class IngestError(ValueError):
    """A file that cannot be read as a document; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """One input (file, or row of a table) that could not become a Document, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingestion run did: counts per outcome and every failure with its reason."""

    added: int = 0
    duplicates: int = 0
    replaced: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    # The store error that stopped the run early (disk full, damaged or read-only store).
    stopped: Exception | None = None

    @property
    def processed(self) -> int:
        """Documents that reached the store (added, duplicate or replaced)."""
        return self.added + self.duplicates + self.replaced


# --- decoding ----------------------------------------------------------------------------------
def _limit() -> str:
    """The size limit of one article, as the messages print it ("25 MiB")."""
    return f"{MAX_DOCUMENT_BYTES / (1024 * 1024):.3g} MiB"


def _display(path: str | Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _binary_kind(head: bytes) -> str | None:
    """Name the binary format of a file start, or None when it may be text."""
    for sig, name in MAGIC:
        if head.startswith(sig):
            return name
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "a binary file (it contains NUL bytes)"
    if head:
        ctrl = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if ctrl / len(head) > 0.05:
            return "a binary file (too many control characters)"
    return None


def _encoding_of(head: bytes) -> str | None:
    """The codec a BOM announces, if any."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def decode_bytes(data: bytes, name: str = "<input>") -> str:
    """Decode a whole document strictly (UTF-8/BOM, then cp1252) and NFC-normalise it."""
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    kind = _binary_kind(data[:SNIFF_BYTES])
    if kind:
        raise IngestError(f"{name}: not a text document, looks like {kind}")
    bom = _encoding_of(data)
    if bom != "utf-16" and (i := data.find(b"\x00")) >= 0:  # anywhere, not only the first 64 KB
        raise IngestError(
            f"{name}: not a text document: a NUL byte at byte {i:,} (binary data or a damaged file)"
        )
    candidates = [bom] if bom else ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "cp1252":
            _refuse_mojibake(text, name)
        return _clean_text(text, name)
    raise IngestError(f"{name}: cannot decode: neither UTF-8 nor Windows-1252 text")


# UTF-8 bytes read as Windows-1252 show up as "Ã" or "Â" followed by a continuation byte
# ("Ã±" for "ñ", "â€œ" for a curly quote): a file mixing both encodings, not real cp1252 text.
_MOJIBAKE_RE = re.compile(
    "[ÂÃ][" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")) + "]|â€"
)


def _refuse_mojibake(text: str, name: str) -> None:
    if _MOJIBAKE_RE.search(text):
        raise IngestError(
            f"{name}: cannot decode: mixed encodings (UTF-8 text with stray Windows-1252 "
            "bytes); re-save the file as UTF-8"
        )


def _nul_reason(text: str) -> str | None:
    """Why a text with a NUL character is refused (binary data or a damaged file), if it has one."""
    i = text.find("\x00")
    if i < 0:
        return None
    return f"not a text document: a NUL character at position {i:,} (binary data or a damaged file)"


def _clean_text(text: str, name: str) -> str:
    if reason := _nul_reason(text):
        raise IngestError(f"{name}: {reason}")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise IngestError(f"{name}: empty file (only whitespace)")
    return text


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is (device, FIFO, socket), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | Path, name: str) -> BinaryIO:
    """Open a regular file for reading; devices, FIFOs, sockets and /dev, /proc paths are refused.

    Reading /dev/zero or a named pipe with no writer would never end (or never start), so
    they are refused before anything is read: only `-` reads standard input.
    """
    p = Path(path)
    special = f"{name}: is {{}}, not a regular file; only - reads standard input"
    real = os.path.realpath(p)
    if str(p).startswith(("/dev/", "/proc/")) or real.startswith(("/dev/", "/proc/")):
        raise IngestError(special.format("a device or process file"))
    try:
        st = os.stat(p)  # never blocks, unlike opening a FIFO
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise IngestError(f"{name}: is a directory, not a file")
    if kind := _special_kind(st.st_mode):
        raise IngestError(special.format(kind))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise IngestError(f"{name}: cannot read: {exc.strerror or exc}") from None
    kind = _special_kind(os.fstat(fd).st_mode)  # swapped for a FIFO since the stat?
    if kind:
        os.close(fd)
        raise IngestError(special.format(kind))
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _stream_encoding(path: Path, name: str) -> str:
    """Pick the codec for a large file by validating it chunk by chunk (bounded memory)."""
    with open_regular(path, name) as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise IngestError(f"{name}: empty file")
    kind = _binary_kind(head)
    if kind:
        raise IngestError(f"{name}: not a text document, looks like {kind}")
    bom = _encoding_of(head)
    for enc in [bom] if bom else ["utf-8", "cp1252"]:
        dec = codecs.getincrementaldecoder(enc)(errors="strict")
        try:
            with open_regular(path, name) as fh:
                while chunk := fh.read(CHUNK_BYTES):
                    if b"\x00" in chunk and enc != "utf-16":
                        raise IngestError(f"{name}: not a text document (NUL bytes inside)")
                    piece = dec.decode(chunk)
                    if enc == "cp1252":
                        _refuse_mojibake(piece, name)
                dec.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return enc
    raise IngestError(f"{name}: cannot decode: neither UTF-8 nor Windows-1252 text")


# --- metadata helpers --------------------------------------------------------------------------
_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(value: object) -> date | None:
    """Read a document date from metadata text (ISO date/datetime or day/month/year)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip().strip("\"'")
    m = _DATE_RE.match(s)
    groups = (m.group(1), m.group(2), m.group(3)) if m else None
    if not groups:
        d = _DMY_RE.match(s)
        groups = (d.group(3), d.group(2), d.group(1)) if d else None
    if not groups:
        return None
    try:
        return date(int(groups[0]), int(groups[1]), int(groups[2]))
    except ValueError:
        return None


_ES_WORDS = frozenset(
    " ".join(
        (
            "de la que el en y a los se del las un por con no una su para es al lo como más",
            "pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta",
            "hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante",
            "ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos",
            "mucho quienes nada muchos cual fue ha han según tras dijo",
        )
    ).split()
)
_EN_WORDS = frozenset(
    " ".join(
        (
            "the of and to in a is that for it as was with be by on not he i this are or his",
            "from at which but have an they you were her she there been their one all we can",
            "has will would who when more said its into than after about them these also over",
        )
    ).split()
)
_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str, sample: int = 4_000) -> str | None:
    """Guess 'es' or 'en' from the share of stopwords; None when the text says too little."""
    words = _WORD_RE.findall(text[:sample].lower())
    es = sum(1 for w in words if w in _ES_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    if es + en < 3:
        return None
    return "es" if es >= en else "en"


def content_hash(text: str) -> str:
    """sha256 (hex) of the NFC text: the identity of a document in the store."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def _first_line_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200] if len(line) <= 200 else None
    return None


def _blank(v: object) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


# --- single-document formats -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Parsed:
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    doc_date: date | None = None
    language: str | None = None


_FRONT_RE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _parse_markdown(text: str) -> _Parsed:
    """Split simple YAML-ish front matter (key: value lines) from the Markdown body."""
    meta: dict[str, str] = {}
    body = text
    m = _FRONT_RE.match(text)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() and not key.startswith((" ", "\t", "#")):
                meta[key.strip().lower()] = value.strip().strip("\"'")
        body = text[m.end() :].lstrip("\n")
    if not body.strip():
        raise IngestError("Markdown file has front matter but no text")
    heading = next(
        (ln.lstrip("#").strip() for ln in body.splitlines() if ln.startswith("# ")), None
    )
    return _Parsed(
        text=body,
        title=_blank(meta.get("title")) or heading or _first_line_title(body),
        source=_blank(meta.get("source")),
        url=_blank(meta.get("url") or meta.get("link")),
        doc_date=parse_date(meta.get("date") or meta.get("fecha")),
        language=_blank(meta.get("language") or meta.get("lang")),
    )


def _parse_html(text: str, name: str) -> _Parsed:
    """Main text and metadata of an HTML page via trafilatura (menus, footers dropped)."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, favor_recall=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise IngestError(f"{name}: no article text found in the HTML page")
    body = unicodedata.normalize("NFC", body)
    return _Parsed(
        text=body,
        title=_blank(getattr(doc, "title", None)),
        source=_blank(getattr(doc, "sitename", None)),
        url=_blank(getattr(doc, "url", None)),
        doc_date=parse_date(getattr(doc, "date", None)),
        language=_blank(getattr(doc, "language", None)),
    )


def _parse_pdf(data: bytes, name: str) -> _Parsed:
    """Text layer of a PDF via pypdf; a scanned PDF without one is an error, not empty text."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise IngestError(f"{name}: the PDF is password-protected") from None
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(f"{name}: cannot read PDF: {type(exc).__name__}: {exc}") from None
    pages = [p.replace("\x00", "") for p in pages]  # some text layers pad with NULs
    text = unicodedata.normalize("NFC", "\n\n".join(p.strip() for p in pages if p.strip()))
    if not text.strip():
        raise IngestError(f"{name}: the PDF has no text layer (scanned?); run OCR on it first")
    title = _blank(getattr(info, "title", None)) if info else None
    return _Parsed(text=text, title=title or _first_line_title(text))


def _sniff_kind(head: bytes) -> str:
    """Format of a file with an unknown extension (or stdin), from its first bytes."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in probe[:4096]:
        return "html"
    if probe.startswith(b"---\n") or probe.startswith(b"---\r\n"):
        return "markdown"
    return "text"


def _kind_of(path: Path) -> str | None:
    ext = path.suffix.lower()
    for kind, exts in (
        ("text", TEXT_EXT),
        ("markdown", MARKDOWN_EXT),
        ("html", HTML_EXT),
        ("pdf", PDF_EXT),
        ("csv", CSV_EXT),
        ("jsonl", JSONL_EXT),
        ("parquet", PARQUET_EXT),
        ("archive", ARCHIVE_EXT),
    ):
        if ext in exts:
            return kind
    return None


def _parse_single(data: bytes, kind: str, name: str) -> _Parsed:
    """Turn the bytes of one document of a known kind into text and metadata."""
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    if kind == "pdf":
        if b"%PDF-" not in data[:1024]:
            raise IngestError(f"{name}: has a .pdf extension but is not a PDF")
        return _parse_pdf(data, name)
    text = decode_bytes(data, name)
    if kind == "markdown":
        try:
            return _parse_markdown(text)
        except IngestError as exc:
            raise IngestError(f"{name}: {exc}") from None
    if kind == "html":
        return _parse_html(text, name)
    return _Parsed(text=text, title=_first_line_title(text))


def _read_capped(fh: BinaryIO, cap: int) -> bytes:
    """At most cap + 1 bytes, read in chunks: stops at the cap, never allocates it up front."""
    parts: list[bytes] = []
    got = 0
    while got <= cap and (chunk := fh.read(min(CHUNK_BYTES, cap + 1 - got))):
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _read_bytes(path: str | Path, name: str) -> bytes:
    """The bytes of one document (a regular file or '-'), never more than the limit plus one."""
    too_large = f"{name}: too large for one document (limit {_limit()}); split it or use CSV/JSONL"
    if str(path) == "-":
        data = _read_capped(sys.stdin.buffer, MAX_DOCUMENT_BYTES)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise IngestError(too_large)
        return data
    with open_regular(path, name) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > MAX_DOCUMENT_BYTES:
            raise IngestError(
                f"{name}: {size / 1e6:.1f} MB is too large for one document "
                f"(limit {_limit()}); split it or use CSV/JSONL"
            )
        try:
            data = _read_capped(fh, MAX_DOCUMENT_BYTES)  # a growing file is still cut at the cap
        except OSError as exc:
            raise IngestError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise IngestError(too_large)
    return data


def _check_kind(path: str | Path, data: bytes, name: str) -> str:
    """Resolve the document kind from the extension, checked against the content."""
    kind = None if str(path) == "-" else _kind_of(Path(path))
    head = data[:SNIFF_BYTES]
    if kind == "archive":
        raise IngestError(f"{name}: archives are not accepted; extract the files first")
    binary = _binary_kind(head)
    if kind == "parquet":
        return kind
    if kind == "pdf" or (kind is None and head.startswith(b"%PDF-")):
        return "pdf"
    if binary:
        ext = Path(str(path)).suffix or "no extension"
        raise IngestError(f"{name}: not a text document ({ext}), looks like {binary}")
    sniffed = _sniff_kind(head)
    if kind == "text" and sniffed == "html":
        return "html"  # a saved web page named .txt: extract the article, not the markup
    return kind or sniffed


def read_text_input(path: str) -> tuple[str, date | None]:
    """Read one document (file path or '-'): NFC text and the date its metadata carries."""
    name = _display(path)
    data = _read_bytes(path, name)
    kind = _check_kind(path, data, name)
    if kind in ("csv", "jsonl", "parquet"):
        raise IngestError(f"{name}: a table of many articles; use `python -m geo ingest` for it")
    parsed = _parse_single(data, kind, name)
    return parsed.text, parsed.doc_date


def _document(parsed: _Parsed, fallback_date: date | None) -> Document:
    text = unicodedata.normalize("NFC", parsed.text)
    return Document(
        text=text,
        title=parsed.title,
        source=parsed.source,
        url=parsed.url,
        doc_date=parsed.doc_date or fallback_date,
        language=_norm_language(parsed.language) or detect_language(text),
        content_hash=content_hash(text),
    )


def _norm_language(lang: str | None) -> str | None:
    if not lang:
        return None
    lang = lang.strip().lower()[:2]
    return lang if lang.isalpha() else None


# --- tables of many articles (streamed) --------------------------------------------------------
def _pick(columns: dict[str, str], names: Iterable[str]) -> str | None:
    """The original column name matching one of names (case-insensitive), if any."""
    for n in names:
        if n in columns:
            return columns[n]
    return None


def _row_document(
    row: dict[str, Any], cols: dict[str, str | None], fallback_date: date | None
) -> Document | str:
    """A Document from one table row, or the reason the row cannot be one."""
    raw = row.get(cols["text"]) if cols["text"] else None
    if raw is None or not isinstance(raw, str | int | float):
        return "no text in this row"
    text = unicodedata.normalize("NFC", str(raw).replace("\r\n", "\n"))
    if not text.strip():
        return "empty text in this row"
    if reason := _nul_reason(text):
        return reason

    def get(key: str) -> str | None:
        c = cols.get(key)
        return _blank(row.get(c)) if c else None

    return _document(
        _Parsed(
            text=text,
            title=get("title") or _first_line_title(text),
            source=get("source"),
            url=get("url"),
            doc_date=parse_date(get("date")),
            language=get("language"),
        ),
        fallback_date,
    )


def _columns_for(names: Iterable[str]) -> tuple[dict[str, str | None], list[str]]:
    originals = [str(n) for n in names if n is not None]
    lower = {n.strip().lower(): n for n in originals}
    cols = {
        "text": _pick(lower, TEXT_COLUMNS),
        "date": _pick(lower, DATE_COLUMNS),
        "title": _pick(lower, TITLE_COLUMNS),
        "url": _pick(lower, URL_COLUMNS),
        "source": _pick(lower, SOURCE_COLUMNS),
        "language": _pick(lower, LANGUAGE_COLUMNS),
    }
    return cols, originals


def _open_text(path: Path, name: str) -> IO[str]:
    enc = _stream_encoding(path, name)
    return io.TextIOWrapper(open_regular(path, name), encoding=enc, errors="strict", newline="")


def _bounded_lines(fh: IO[str], limit: int | None = None) -> Iterator[str | None]:
    """The lines of a text stream, None for a line longer than limit (skipped in pieces).

    A file iterator would read a 1 GB line whole before anyone could look at its length.
    """
    limit = MAX_DOCUMENT_BYTES if limit is None else limit
    while line := fh.readline(limit + 1):
        if len(line) > limit and line[-1] not in "\r\n":
            while line and line[-1] not in "\r\n":  # skip the rest, a piece at a time
                line = fh.readline(limit + 1)
            yield None
            continue
        yield line


def _csv_lines(fh: IO[str], name: str) -> Iterator[str]:
    """CSV input lines; a line beyond the cell limit ends the table (rows cannot be resynced)."""
    for n, line in enumerate(_bounded_lines(fh), start=1):
        if line is None:
            raise IngestError(
                f"{name}: line {n} is longer than the {_limit()} limit of one "
                "article; the rest of the table was not read"
            )
        yield line


def _iter_csv(
    path: Path, name: str, fallback_date: date | None
) -> Iterator[tuple[str, Document | IngestFailure]]:
    """Stream rows of a CSV/TSV table; one Document per row with text."""
    csv.field_size_limit(MAX_DOCUMENT_BYTES)  # the same cap as a JSON Lines row
    with _open_text(path, name) as fh:
        sample = fh.read(SNIFF_BYTES)
        fh.seek(0)
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
        delim = "\t" if path.suffix.lower() == ".tsv" else max(counts, key=counts.__getitem__)
        reader = csv.DictReader(_csv_lines(fh, name), delimiter=delim)
        cols, found = _columns_for(reader.fieldnames or [])
        if not cols["text"]:
            raise IngestError(
                f"{name}: no text column (need one of {', '.join(TEXT_COLUMNS)}); "
                f"found columns: {', '.join(found) or 'none'}"
            )
        try:
            prev = reader.line_num  # where is the first line of each record
            for row in reader:
                where = f"{name}:{prev + 1}"
                prev = reader.line_num
                res = _row_document(row, cols, fallback_date)
                yield where, (IngestFailure(where, res) if isinstance(res, str) else res)
        except csv.Error as exc:
            raise IngestError(f"{name}: malformed CSV near line {reader.line_num}: {exc}") from None


def _iter_jsonl(
    path: Path, name: str, fallback_date: date | None
) -> Iterator[tuple[str, Document | IngestFailure]]:
    """Stream a JSON Lines table; one Document per object with a text field."""
    with _open_text(path, name) as fh:
        for i, line in enumerate(_bounded_lines(fh), start=1):
            where = f"{name}:{i}"
            if line is None:
                reason = f"the line is longer than the {_limit()} limit of one article"
                yield where, IngestFailure(where, reason)
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield where, IngestFailure(where, f"invalid JSON: {exc.msg}")
                continue
            except RecursionError:
                yield where, IngestFailure(where, "invalid JSON: nested too deeply to read")
                continue
            if not isinstance(obj, dict):
                yield where, IngestFailure(where, "line is not a JSON object")
                continue
            cols, found = _columns_for(obj.keys())
            if not cols["text"]:
                reason = (
                    f"no text field (need one of {', '.join(TEXT_COLUMNS)}); "
                    f"found: {', '.join(found) or 'none'}"
                )
                yield where, IngestFailure(where, reason)
                continue
            res = _row_document(obj, cols, fallback_date)
            yield where, (IngestFailure(where, res) if isinstance(res, str) else res)


def _iter_parquet(
    path: Path, name: str, fallback_date: date | None
) -> Iterator[tuple[str, Document | IngestFailure]]:
    """Stream a Parquet table by record batches (bounded memory); one Document per row.

    Rows are numbered from 1 in the places reported (path:N), as lines are for JSON Lines.
    """
    try:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path)
        names = table.schema_arrow.names
    except Exception as exc:
        raise IngestError(f"{name}: cannot read Parquet: {type(exc).__name__}: {exc}") from None
    cols, found = _columns_for(names)
    if not cols["text"]:
        raise IngestError(
            f"{name}: no text column (need one of {', '.join(TEXT_COLUMNS)}); "
            f"found columns: {', '.join(found) or 'none'}"
        )
    wanted = sorted({c for c in cols.values() if c})
    n = 0
    try:
        for batch in table.iter_batches(batch_size=256, columns=wanted):
            for row in batch.to_pylist():
                n += 1
                where = f"{name}:{n}"
                raw = row.get(cols["text"])
                if isinstance(raw, str) and len(raw) > MAX_DOCUMENT_BYTES:
                    reason = f"the text is longer than the {_limit()} limit of one article"
                    yield where, IngestFailure(where, reason)
                    continue
                res = _row_document(row, cols, fallback_date)
                yield where, (IngestFailure(where, res) if isinstance(res, str) else res)
    except OSError as exc:
        raise IngestError(f"{name}: cannot read Parquet near row {n + 1}: {exc}") from None


# --- walking inputs ----------------------------------------------------------------------------
def _expand(paths: Iterable[str | Path]) -> Iterator[str | Path | IngestFailure]:
    """Inputs in order: '-' as is, folders recursively (sorted, hidden files skipped).

    A subfolder that cannot be listed is reported as a failure, never skipped in silence.
    """
    if isinstance(paths, str | Path):  # one path given bare, not a list of characters
        paths = [paths]
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            errors: list[OSError] = []
            found: list[Path] = []
            for root, dirs, files in os.walk(path, onerror=errors.append):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root, f) for f in files if not f.startswith("."))
            yield from sorted(found)
            for err in errors:
                where = str(err.filename or path)
                yield IngestFailure(
                    where,
                    f"cannot read this folder ({err.strerror or err}); its files were not ingested",
                )
        else:
            yield path


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _table_kind(path: str | Path) -> str | None:
    if str(path) == "-":
        return None
    kind = _kind_of(Path(path))
    return kind if kind in ("csv", "jsonl", "parquet") else None


def iter_sourced(
    paths: Iterable[str | Path], doc_date: date | None = None
) -> Iterator[tuple[str, Document | IngestFailure]]:
    """Like iter_documents, with where each item came from (path, or path:line for tables)."""
    for p in _expand(paths):
        if isinstance(p, IngestFailure):
            yield p.path, p
            continue
        name = _display(p)
        try:
            table = _table_kind(p)
            if table:
                path = Path(p)
                open_regular(path, name).close()  # refuse a FIFO or device before sniffing it
                it = {"csv": _iter_csv, "jsonl": _iter_jsonl, "parquet": _iter_parquet}[table]
                rows = 0
                for item in it(path, name, doc_date):
                    rows += 1
                    yield item
                if rows == 0:
                    raise IngestError(f"{name}: the table has no rows (no articles to read)")
                continue
            data = _read_bytes(p, name)
            kind = _check_kind(p, data, name)
            if kind in ("csv", "jsonl"):
                raise IngestError(f"{name}: tables cannot be read from standard input")
            yield name, _document(_parse_single(data, kind, name), doc_date)
        except IngestError as exc:
            yield name, IngestFailure(name, _strip_name(str(exc), name))
        except (OSError, MemoryError, RecursionError) as exc:
            yield name, IngestFailure(name, f"cannot read: {type(exc).__name__}: {exc}")


def _strip_name(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def iter_documents(
    paths: Iterable[str | Path], doc_date: date | None = None
) -> Iterator[Document | IngestFailure]:
    """Documents from files, folders (recursive, sorted) and '-' (stdin); failures inline."""
    for _, item in iter_sourced(paths, doc_date):
        yield item


# --- driver ------------------------------------------------------------------------------------
ExtractFn = Callable[..., list[Event]]


def _default_extract() -> ExtractFn:
    from geo.extract import extract_events

    return extract_events


class _Tally:
    """Running counts of one ingestion; every outcome is reported on the caller's thread."""

    def __init__(self, progress: Callable[[str, str], None] | None) -> None:
        self.progress = progress
        self.added = self.duplicates = self.replaced = self.events = 0
        self.failed: list[tuple[str, str]] = []
        self.stopped: Exception | None = None

    def fail(self, where: str, reason: str) -> None:
        self.failed.append((where, reason))
        self._report(where, "failed")

    def stored(self, where: str, status: str, n_events: int) -> None:
        if status == "added":
            self.added += 1
            self.events += n_events
        elif status == "replaced":
            self.replaced += 1
            self.events += n_events
        else:
            self.duplicates += 1
        self._report(where, status)

    def _report(self, where: str, outcome: str) -> None:
        if self.progress is not None:
            self.progress(where, outcome)

    def summary(self) -> IngestSummary:
        return IngestSummary(
            self.added, self.duplicates, self.replaced, self.failed, self.events, self.stopped
        )


_STOP = object()


def _fatal(exc: BaseException) -> bool:
    """A store error that every later document would hit too (full, damaged, read-only)."""
    from geo.store import StoreError

    return isinstance(exc, StoreError)


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    doc_date: date | None = None,
    extract: ExtractFn | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> IngestSummary:
    """Extract events from every input and store each document in its own transaction.

    One bad file or document never stops the others; progress(where, outcome) is called on
    the caller's thread after each item with outcome 'added', 'duplicate', 'replaced' or
    'failed'. A document already in the store is not extracted again. A writer thread stores
    one document while the next is extracted, so the store's fsync waits overlap extraction.
    A store error that every later document would hit too (disk full, damaged or read-only
    store) stops the run at once: it is returned once in summary.stopped, not per document.
    """
    import queue
    import threading

    extract_fn = extract
    tally = _Tally(progress)
    todo: queue.Queue[Any] = queue.Queue(maxsize=4)
    done: queue.Queue[tuple[str, Any, BaseException | None]] = queue.Queue()
    abort = threading.Event()

    def writer() -> None:
        try:
            while (job := todo.get()) is not _STOP:
                if abort.is_set():
                    continue  # drain without writing so the caller's put never blocks
                where, doc, evs = job
                try:
                    done.put((where, store.add_document(doc, evs), None))
                except Exception as exc:
                    if _fatal(exc):
                        abort.set()
                    done.put((where, None, exc))
        finally:
            store.release_connection()

    def collect() -> None:
        while True:
            try:
                where, res, exc = done.get_nowait()
            except queue.Empty:
                return
            if exc is not None and _fatal(exc):
                if tally.stopped is None:
                    tally.stopped = _stopped_at(where, exc)
            elif exc is not None:
                tally.fail(where, f"{type(exc).__name__}: {exc}")
            else:
                tally.stored(where, res.status, res.n_events)

    thread = threading.Thread(target=writer, name="ingest-writer", daemon=True)
    thread.start()
    try:
        for where, item in iter_sourced(paths, doc_date):
            collect()
            if abort.is_set():
                break
            if isinstance(item, IngestFailure):
                tally.fail(item.path, item.reason)
                continue
            try:
                known = store.find_document(item.content_hash) is not None
            except Exception as exc:
                if not _fatal(exc):
                    raise
                abort.set()
                tally.stopped = _stopped_at(where, exc)
                break
            if known:
                tally.stored(where, "duplicate", 0)
                continue
            try:
                if extract_fn is None:
                    extract_fn = _default_extract()
                evs = extract_fn(item.text, doc_date=item.doc_date or doc_date, url=item.url)
            except Exception as exc:
                tally.fail(where, f"{type(exc).__name__}: {exc}")
                continue
            todo.put((where, item, evs))
    except BaseException:
        abort.set()
        raise
    finally:
        todo.put(_STOP)
        thread.join()
        collect()
    return tally.summary()


def _stopped_at(where: str, exc: BaseException) -> Exception:
    """The stopping error, naming the document it happened on (the rest were not read)."""
    err = type(exc)(f"{exc} [stopped at {where}; it and the inputs after it were not stored]")
    return err
