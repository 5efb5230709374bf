"""Frozen records that flow between the pipeline stages: text -> Mention -> Event -> store."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

LEVELS: tuple[str, ...] = ("department", "province", "district")


@dataclass(frozen=True, slots=True)
class Unit:
    """One INEI administrative unit (department, province or district) from the gazetteer."""

    ubigeo: str
    level: str
    name: str
    department: str
    province: str | None
    district: str | None
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that matched a gazetteer name, before it is judged and resolved."""

    surface: str
    start: int
    end: int
    key: str


@dataclass(frozen=True, slots=True)
class Event:
    """A Peruvian place mention resolved to a unit and dated: the unit the store keeps."""

    surface: str
    start: int
    end: int
    ubigeo: str
    level: str
    department: str
    province: str | None
    district: str | None
    place: str | None
    lat: float
    lon: float
    date_start: date
    date_end: date
    date_precision: str
    doc_date: date | None
    confidence: float
    sentence: str
    # headline, dateline, body or route_endpoint (geo.roles); the map counts body mentions.
    role: str = "body"
    event_types: tuple[str, ...] = ()  # taxonomy ids (data/event_types.csv); ("other",) if none
    fatalities: int | None = None  # dead stated in the sentence, else None
    injured: int | None = None  # injured stated in the sentence, else None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (dates as ISO strings) in the CLI's field order."""
        d = asdict(self)
        for k in ("date_start", "date_end", "doc_date"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        d["event_types"] = list(d["event_types"])
        return d


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded, NFC-normalised document ready for extraction and storage."""

    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    doc_date: date | None = None
    language: str | None = None
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the dashboard, the CLI export and the store queries select events by.

    Periods overlap the window when date_start <= date_to and date_end >= date_from.
    ubigeos are prefixes: "15" selects every event in Lima department, "1501" its province.
    """

    date_from: date | None = None
    date_to: date | None = None
    ubigeos: tuple[str, ...] = ()
    text: str | None = None
    min_confidence: float = 0.0
    types: tuple[str, ...] = ()  # event type ids (data/event_types.csv); any of them matches
    # "sentence": text must be in the mention's sentence; "document": in its document's title
    # or text, by word form (geo.search: accents folded, Spanish/English stems).
    text_scope: str = "sentence"
