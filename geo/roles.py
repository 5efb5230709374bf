"""The role of each place mention in its document: headline, dateline, body or route endpoint.

Only body mentions say where something happened. A headline repeats the story's place, a
dateline ("JULIACA, 12 de marzo de 2024.-") says where it was filed, and a road that "links X
with Y" or "leads to X" names its ends, not places where anything occurred: the map counts body
mentions only.
Pure functions over the text and the mentions' offsets; no gazetteer, no I/O.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from geo.dates import Period, find_dates
from geo.textnorm import fold

HEADLINE = "headline"
DATELINE = "dateline"
BODY = "body"
ROUTE_ENDPOINT = "route_endpoint"
ROLES: tuple[str, ...] = (HEADLINE, DATELINE, BODY, ROUTE_ENDPOINT)

MAX_HEADLINE_CHARS = 200
DATELINE_LINES = 4  # a dateline opens one of the first lines
_ANY_REF = Period.day(date(2000, 6, 15))
MAX_DATELINE_HEAD = 80  # place names (and a region or agency) before the date or the dash

_ROAD = re.compile(
    r"\b(?:carretera|carreteras|via|vias|ruta|rutas|tramo|tramos|autopista|autopistas|trocha|"
    r"trochas|camino|caminos|puente|puentes|corredor|interoceanica|panamericana|road|roads|"
    r"highway|highways|route|routes|bridge|bridges|motorway|corridor)\b"
)
_ROAD_WORD = re.compile(_ROAD.pattern[2:-2])  # the road words anywhere, even inside a word
# Words that open a road's endpoints right before the first place ("que une X con Y").
_LINK_BEFORE = re.compile(
    r"(?:\b(?:une|unen|unia|unira|conecta|conectan|conectaba|enlaza|enlazan|comunica|"
    r"links?|linking|linked|connects?|connecting|connected|joins?|joining|between|entre|"
    r"from|desde|de)\s+(?:(?:la|el|the)\s+)?(?:(?:ciudad|localidad|distrito|provincia|"
    r"region|city|town|district|province|region)\s+(?:de\s+|of\s+)?)?)$"
)
# A road named by where it leads ("la carretera a Puno", "la vía hacia Juliaca", "the road to
# Cusco", "routes towards Arequipa"): the destination is not where anything happened. Only a few
# words may stand between the road and its preposition (a qualifier, "que va", "leading"), and
# only an article or "ciudad de" between the preposition and the place, so "la carretera a la
# altura de Ayaviri" or "despejaron la vía a las cinco en Ilave" stay where they are; "travelled
# by road to X" / "viajaron por carretera a X" say how people went to X, and X stays body.
_ROAD_WORDS = _ROAD.pattern[2:-2]
_ROAD_QUALIFIER = (
    r"(?:central|principal|nacional|regional|departamental|vecinal|binacional|longitudinal|"
    r"costera|asfaltada|afirmada|nueva|antigua|sur|norte|centro|de\s+acceso|de\s+salida|"
    r"de\s+la\s+sierra|panamericana|interoceanica|main|national|regional|coastal|mountain|"
    r"paved|dirt|new|old|access|southern|northern|central|major|key|only|"
    r"que\s+(?:va|van|iba|lleva|llevan|conduce|conducen|sale|salen|llega|comunica)|"
    r"(?:that|which)\s+(?:leads?|runs?|goes|go|heads?)|leading|heading|going|running)"
)
_TOWARDS = re.compile(
    r"(?<!\bby\s)(?<!\bpor\s)\b(?:" + _ROAD_WORDS + r")\b(?:\s+" + _ROAD_QUALIFIER + r")*"
    r"\s+(?:a|al|hacia|hasta|rumbo\s+a|con\s+rumbo\s+a|en\s+direccion\s+a|"
    r"con\s+direccion\s+a|con\s+destino\s+a|to|towards|toward|into|bound\s+for|"
    r"in\s+the\s+direction\s+of)"
    r"\s+(?:(?:la|el|los|las|the)\s+)?(?:(?:ciudad|localidad|distrito|provincia|region|"
    r"city|town|district|province|region)\s+(?:de\s+|of\s+)?)?$"
)
_LIST_BETWEEN = re.compile(r"^\s*(?:,|y|e|o|u|and|or|,\s*(?:y|e|and|or))\s*$")
_LINK_BETWEEN = re.compile(r"^\s*(?:[-–—/]|con|y|e|with|and|a|al|to|hasta)\s*$")
_DASH_BETWEEN = re.compile(r"^\s*[-–—/]\s*$")
# The head of a dateline: capitalised words, commas, a parenthesis (agency), nothing else.
_DATELINE_HEAD = re.compile(
    r"[\s*_#>]*(?:[A-ZÁÉÍÓÚÑÜ][\w'’]*(?:[.-][\w'’]+)*|de|del|la|las|los|el|y|en|"
    r"\([^()\n]{1,40}\)|,)(?:\s+|,\s*|(?=\())?"
    r"(?:(?:[A-ZÁÉÍÓÚÑÜ][\w'’]*(?:[.-][\w'’]+)*|de|del|la|las|los|el|y|en|"
    r"\([^()\n]{1,40}\)|,)(?:\s+|,\s*|(?=\())?)*"
)
_DATELINE_DASH = re.compile(r"\s*(?:\.-|\.–|\.—|\s[-–—]\s|[–—]\s|:\s)")


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line with text, in order."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def headline_span(text: str) -> tuple[int, int] | None:
    """The document's headline: its first line when it stands alone as a title.

    A title is short, ends without sentence punctuation and is followed by more text.
    """
    lines = _line_spans(text)
    if len(lines) < 2:
        return None
    a, b = lines[0]
    line = text[a:b].strip()
    if line.startswith("#"):
        return a, b
    if len(line) > MAX_HEADLINE_CHARS or line[-1:] in ".!?…;,":
        return None
    if _dateline_head(text, a, b) is not None:  # "LIMA, 3 de marzo de 2024" alone is a dateline
        return None
    return a, b


def _dateline_head(text: str, a: int, b: int) -> int | None:
    """End offset of a dateline opening the line text[a:b], else None."""
    line = text[a:b]
    head = _DATELINE_HEAD.match(line)
    if head is None or head.end() == 0:
        return None
    n = min(head.end(), MAX_DATELINE_HEAD)
    dash = _DATELINE_DASH.match(line, n) or _DATELINE_DASH.match(line, n - 1 if n else 0)
    if dash is not None and line[:n].strip(" ,"):
        return a + dash.start()
    window = line[: n + 60]
    # Any reference will do: only where the date stands matters, and a wire dateline's date
    # has no year ("TUMBES, Peru, March 15 (Reuters) -"), which needs one to be read at all.
    for d in find_dates(window, _ANY_REF):
        if d.start <= n + 2 and d.start >= 2 and line[: d.start].rstrip().endswith(","):
            return a + d.end
        break
    return None


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Where datelines sit: the place-and-date heads of the first lines."""
    out = []
    for a, b in _line_spans(text)[:DATELINE_LINES]:
        end = _dateline_head(text, a, b)
        if end is not None:
            out.append((a, end))
    return out


def route_endpoints(
    text: str, spans: Sequence[tuple[int, int]], folded: str | None = None
) -> set[int]:
    """Indexes of the mentions that only name a road's ends ("la carretera Juliaca-Puno",
    "the road that links X with Y", "la vía que une X con Y") or where it leads ("la carretera
    a Puno", "la vía hacia Juliaca", "the road to Cusco").

    spans: (start, end) of the mentions of one sentence, in text order.
    """
    folded = folded if folded is not None else fold(text)
    out: set[int] = set()
    for i in range(len(spans) - 1):
        (a0, a1), (b0, _b1) = spans[i], spans[i + 1]
        between = folded[a1:b0]
        if not _LINK_BETWEEN.match(between):
            continue
        before = folded[max(0, a0 - 60) : a0]
        road = _ROAD.search(before)
        if road is None:
            continue
        tail = before[road.end() :]
        dash = _DASH_BETWEEN.match(between) is not None
        if (dash and len(tail.split()) <= 4) or _LINK_BEFORE.search(tail.rstrip() + " "):
            out.update((i, i + 1))
    # Every _TOWARDS match holds a _ROAD match: with no road word in the text before the
    # sentence's mentions (most sentences), none of their windows needs the slower search.
    roads = bool(spans) and _ROAD_WORD.search(folded, max(0, spans[0][0] - 120), spans[-1][0])
    for i in range(len(spans)):  # where a road leads, and the places listed with it
        a0 = spans[i][0]
        listed = i > 0 and i - 1 in out and _LIST_BETWEEN.match(folded[spans[i - 1][1] : a0])
        if listed:
            out.add(i)
        elif roads:
            window = folded[max(0, a0 - 120) : a0]
            if _ROAD.search(window) and _TOWARDS.search(window):
                out.add(i)
    return out


def mention_roles(
    text: str,
    spans: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]] | None = None,
    folded: str | None = None,
) -> list[str]:
    """The role of each mention (start, end) of a text, in the same order.

    sentences must be sorted spans (the extractor's); each mention finds its sentence by
    bisection, so a long list of places costs time in proportion to its length.
    """
    head = headline_span(text)
    datelines = dateline_spans(text)
    roles = [BODY] * len(spans)
    for k, (s, _e) in enumerate(spans):
        if head is not None and head[0] <= s < head[1]:
            roles[k] = HEADLINE
        elif any(a <= s < b for a, b in datelines):
            roles[k] = DATELINE
    if folded is None:
        folded = fold(text)
    groups: dict[int, list[int]] = {}
    bounds = list(sentences or [(0, len(text))])
    starts = [a for a, _ in bounds]
    for k, (s, _e) in enumerate(spans):
        n = bisect_right(starts, s) - 1
        j = n if n >= 0 and s < bounds[n][1] else -1
        groups.setdefault(j, []).append(k)
    for ks in groups.values():
        ks = sorted(ks, key=lambda k: spans[k][0])
        hits = route_endpoints(text, [spans[k] for k in ks], folded)
        for i in hits:
            if roles[ks[i]] == BODY:
                roles[ks[i]] = ROUTE_ENDPOINT
    return roles
