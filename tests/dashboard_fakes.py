"""Synthetic events for the dashboard tests and bench: real gazetteer units, made-up sentences."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from geo.model import Document, Event

PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "a `backtick` here",
    "C:\\users\\x",
    "</script><script>alert(2)</script>",
)


def fake_units(gazetteer, levels=("department", "province", "district")):
    """Units of the gazetteer at the given levels, in code order."""
    return [u for code, u in sorted(gazetteer.units.items()) if u.level in levels]


def make_event(unit, day: date, sentence: str | None = None, conf: float = 0.9, days: int = 0):
    """One event at a unit's point on a day (a period of `days` extra days)."""
    text = sentence or f"Protesters gathered in {unit.name} on the main square."
    i = max(0, text.find(unit.name))
    return Event(
        surface=unit.name,
        start=i,
        end=i + len(unit.name),
        ubigeo=unit.ubigeo,
        level=unit.level,
        department=unit.department,
        province=unit.province,
        district=unit.district,
        place=None,
        lat=unit.lat,
        lon=unit.lon,
        date_start=day,
        date_end=day + timedelta(days=days),
        date_precision="day",
        doc_date=day,
        confidence=conf,
        sentence=text,
    )


def fill_store(store, gazetteer, n_events: int, n_docs: int | None = None, seed: int = 7,
               start: date = date(2021, 1, 1), days: int = 1800) -> None:  # fmt: skip
    """Add n_events synthetic events spread over units and days, in n_docs documents."""
    rng = random.Random(seed)
    units = fake_units(gazetteer)
    n_docs = n_docs or max(1, n_events // 100)
    per = n_events // n_docs
    extra = n_events - per * n_docs
    for d in range(n_docs):
        k = per + (1 if d < extra else 0)
        day0 = start + timedelta(days=rng.randrange(days))
        evs = []
        for _ in range(k):
            u = rng.choice(units)
            day = min(start + timedelta(days=days), day0 + timedelta(days=rng.randrange(20)))
            evs.append(make_event(u, day, conf=rng.choice((0.5, 0.7, 0.9))))
        doc = Document(
            text=f"synthetic document {seed}-{d}",
            title=f"Synthetic report {d}",
            source="bench",
            url=f"https://example.org/synthetic/{seed}/{d}",
            doc_date=day0,
            language="en",
            content_hash=f"synthetic-{seed}-{d}",
        )
        store.add_document(doc, evs)


def payload_document(gazetteer) -> tuple[Document, list[Event]]:
    """A document whose sentences carry the escaping payloads, about Cusco."""
    cusco = gazetteer.units["08"]
    evs = [
        make_event(cusco, date(2024, 5, 1), f"In Cusco the sign read {p} today.") for p in PAYLOADS
    ]
    doc = Document(
        text=" ".join(e.sentence for e in evs),
        title="Payload `${x}` C:\\users <b>bold</b>",
        source="test",
        url="https://example.org/payload?a=1&b=`x`",
        doc_date=date(2024, 5, 1),
        language="en",
        content_hash="payload-doc",
    )
    return doc, evs


def write_doc(path: Path, place: str = "Arequipa", day: str = "2024-03-02") -> Path:
    """A small Markdown news item for upload tests."""
    path.write_text(
        f"---\ntitle: Upload test\ndate: {day}\n---\n"
        f"Farmers blocked the road near {place} on {day}, local radio reported.\n",
        encoding="utf-8",
    )
    return path


def popup_text(pop) -> str:
    """Every text of a popup's data (geo.maps.popup_data), joined: what its popup shows."""
    name, line, casualties, sentences, more = pop
    bits = [name, line, casualties]
    for types, text, _i, _j, day, (title, _href), reports in sentences:
        bits += [types, text, day, title]
        if reports:
            bits.append(f"Reported by {reports[0]} sources: ")
            bits += [t for t, _h in reports[1]]
    if more:
        bits.append(f"+ {more:,} more")
    return " ".join(b for b in bits if b)
