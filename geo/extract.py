"""Text -> mentions -> resolved, dated events: the geoparser for Peruvian places (EN and ES).

One pass of greedy longest-match over folded tokens finds every gazetteer name; each match is
then judged in context (capitalisation, person names, rivers and facilities, foreign
qualifiers, ordinary words) and resolved to the finest INEI unit its cues and the rest of the
document support.
"""

from __future__ import annotations

import gc
import math
import re
import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import replace as _replace_fields
from datetime import date, timedelta
from functools import lru_cache
from itertools import chain, pairwise
from operator import itemgetter
from typing import Any, NamedTuple

from geo import lexicon as lx
from geo.dates import (
    WEEKDAY_ALT,
    WEEKDAYS,
    WHEN_CLAUSE,
    DateMention,
    Period,
    clause_cuts,
    document_period,
    event_dates,
    event_period,
    find_dates,
    numbered_weekday,
    parse_doc_date,
)
from geo.events import DocumentEvents
from geo.gazetteer import Entry, Gazetteer, Readings, load_gazetteer
from geo.model import Event, Mention, Unit
from geo.roles import mention_roles
from geo.snippets import sentence_window
from geo.textnorm import fold, fold_fast

MIN_CONFIDENCE = 0.3


class Context(NamedTuple):
    """What surrounds a mention: neighbouring folded tokens and how it is written."""

    prev: tuple[str, ...]  # nearest first, only tokens joined to the mention by spaces/commas
    next: tuple[str, ...]
    prev_raw: tuple[str, ...]
    next_raw: tuple[str, ...]
    sentence_initial: bool
    capitalised: bool
    next_punct: str  # the character right after the mention ("," "(" ...)
    prev_initial: bool  # the previous word starts its sentence (its capital says nothing)
    title_case: bool  # the line is a Title Case Headline (capitals say nothing)
    prev_joined: bool  # only spaces between the previous word and the mention
    prev_gaps: tuple[str, ...] = ()  # the text after each previous word (nearest first)
    lower_line: bool = False  # a line with no capitals at all (chat, social media)
    next_joined: bool = False  # only one space between the mention and the next word


@dataclass(frozen=True, slots=True)
class Judged:
    """A mention that survived the context checks, with its candidate readings and cue."""

    mention: Mention
    candidates: tuple[Entry, ...]
    cue: str | None  # department | province | district | city | locality | None
    weak: bool  # ordinary word or person name: needs support from the document
    peru: bool = False  # the text itself says it is in Peru ("X, Peru", a wire dateline)
    place: str | None = None  # a locality placed in this unit by the text ("X, distrito de Y")

    def _replace_candidates(self, cands: tuple[Entry, ...]) -> Judged:
        return Judged(self.mention, cands, self.cue, self.weak, self.peru, self.place)


# --- matching ----------------------------------------------------------------------------------
def find_mentions(text: str, gaz: Gazetteer, folded: str | None = None) -> list[Mention]:
    """Every gazetteer name in the text, longest first, in one regex pass over folded text.

    Offsets index the original text (folding keeps them); the key is the name's index key.
    """
    if folded is None:
        folded = fold_fast(text)
    return [Mention(text[s:e], s, e, key) for s, e, key in gaz.scan(folded)]


# --- context -----------------------------------------------------------------------------------
_WORD_RE = re.compile(r"[^\W_]+")
_GAP_RE = re.compile(r"[ \t\r,'\"“”‘’()\-]*")


class Lines:
    """Where each line of a text starts and ends, found once: a bisection per mention."""

    __slots__ = ("_breaks", "_labels", "_style", "text")

    def __init__(self, text: str):
        self.text = text
        self._breaks = [m.start() for m in _NEWLINE.finditer(text)]
        self._style: dict[int, tuple[bool, bool]] = {}
        self._labels: dict[int, tuple[int, str | None]] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        k = bisect_right(self._breaks, pos - 1) if pos else 0
        start = self._breaks[k - 1] + 1 if k else 0
        end = self._breaks[k] if k < len(self._breaks) else len(self.text)
        return start, end

    def table_level(self, pos: int) -> str | None:
        """The level a table's header gives its rows ("Casos por distrito:", "Region - cases").

        Only for a row (a short line ending in a number) under a header line, with nothing but
        rows between them.
        """
        ls, le = self.bounds(pos)
        if not _is_table_row(self.text[ls:le]):
            return None
        k = bisect_right(self._breaks, ls - 1)  # index of the newline ending the line above
        for _ in range(60):
            if k <= 0:
                return None
            end = self._breaks[k - 1]
            start = self._breaks[k - 2] + 1 if k >= 2 else 0
            line = self.text[start:end]
            k -= 1
            if not line.strip() or _MD_RULE.fullmatch(line):
                continue  # a blank line, or a Markdown table's |---|---| rule
            cells = line.strip().strip("|").strip()
            first = _CELL_SEP.split(cells, maxsplit=1)[0].strip()
            head = _TABLE_LEVEL.fullmatch(fold(first).strip())
            if head and first != cells:  # "Region | Canon | Change vs. Jan-Jun 2024"
                return _TABLE_LEVELS.get(head.group(1))
            if _is_table_row(line):
                continue
            m = _TABLE_LEVEL.search(fold(line[-160:]))
            return _TABLE_LEVELS.get(m.group(1)) if m else None
        return None

    def label_list_level(self, pos: int) -> str | None:
        """The level of a name in a labelled list under a level header ("Provincias en nivel
        naranja:" then "Amazonas: Chachapoyas, Luya"): the header's finest level after the
        colon, the department for the label before it."""
        ls, le = self.bounds(pos)
        hit = self._labels.get(ls)
        if hit is None:
            hit = self._labels[ls] = self._label_list(ls, le)
        colon, level = hit
        if colon < 0:
            return None
        return level if pos > colon else "department"

    def _label_list(self, ls: int, le: int) -> tuple[int, str | None]:
        m = _LABEL_LINE.match(self.text, ls, le)
        if m is None:
            return -1, None
        k = bisect_right(self._breaks, ls - 1)
        for _ in range(40):
            if k <= 0:
                return -1, None
            end = self._breaks[k - 1]
            start = self._breaks[k - 2] + 1 if k >= 2 else 0
            k -= 1
            line = self.text[start:end].strip()
            if not line:
                return -1, None  # the list and its header are one block
            if _LABEL_LINE.match(self.text, start, end):
                continue
            if not line.endswith(":") or len(line) > 120:
                return -1, None
            words = {_TABLE_LEVELS[w] for w in _TABLE_LEVEL.findall(fold(line))}
            for level in ("district", "province"):
                if level in words:
                    return m.end(1), level
            return -1, None
        return -1, None

    def style(self, pos: int) -> tuple[bool, bool]:
        """(Title Case line, line without capitals) for the line holding pos, cached per line."""
        ls, le = self.bounds(pos)
        hit = self._style.get(ls)
        if hit is None:
            line = self.text[ls:le]
            title = False
            if len(line) <= 300:  # a headline; body paragraphs are longer
                words = [w for w in line.split() if len(w) > 3]
                title = len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)
            lower = line.lower() == line if len(line) <= 5000 else not _UPPER.search(line)
            hit = self._style[ls] = (title, lower)
        return hit


_NEWLINE = re.compile(r"\n")
# A labelled list line: "Amazonas: Chachapoyas, Luya", "- Puno: Carabaya, Lampa y Melgar".
_LABEL_LINE = re.compile(r"[ \t]*(?:[•·▪◦‣*-][ \t]+)?[A-ZÁÉÍÓÚÑ][^:\n|]{1,40}(:)[ \t]*\S[^\n]*")
_TABLE_LEVEL = re.compile(
    r"\b(distritos?|districts?|provincias?|provinces?|departamentos?|departments?|regiones|"
    r"regions?|region)\b"
)
# A name labelling the units it holds: "Cajamarca: provincias de Cajabamba y San Marcos".
_HOLDS_UNITS_AFTER = re.compile(
    r"\s*[:,]\s*(?:(?:las|los|the)\s+)?(?:provincias|distritos|provinces|districts)\s+(?:de|of)\b"
)
_HEADING_NUMBER = re.compile(r"[ \t]*(?:\d{1,2}|[IVX]{1,4})[.)]?[ \t]*")  # "2. ", "IV. "
_BULLET = re.compile(r"[ \t]*[•·▪◦‣*–-][ \t]+")  # a list item's mark at its line start
# Between a table's cells: a bar, a tab, a semicolon, or the spaces of aligned columns.
_CELL_SEP = re.compile(r"\s*[|\t;]\s*|[ ]{2,}")
_TABLE_LEVELS = {
    "distrito": "district", "distritos": "district", "district": "district",
    "districts": "district", "provincia": "province", "provincias": "province",
    "province": "province", "provinces": "province", "departamento": "department",
    "departamentos": "department", "department": "department", "departments": "department",
    "region": "department", "regiones": "department", "regions": "department",
}  # fmt: skip
_UPPER = re.compile(r"[A-ZÁÉÍÓÚÑÜ]")


def _is_initial(text: str, pos: int) -> bool:
    """True when the word at pos starts a sentence or a line (its capital says nothing)."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t\"'“‘(¿¡")
    return pos == 0 or before == "" or before[-1] in ".!?:;\n"


def _context(
    text: str,
    folded: str,
    start: int,
    end: int,
    lines: Lines | None = None,
) -> Context:
    # The nearest four words of the 60 characters before; five words in the last 36 already
    # hold those four whole (only the first word of a window can be cut by its edge).
    before = list(_WORD_RE.finditer(folded, max(0, start - 36), start))
    if len(before) < 5 and start > 36:
        before = list(_WORD_RE.finditer(folded, max(0, start - 60), start))
    prev: list[str] = []
    prev_raw: list[str] = []
    prev_gaps: list[str] = []
    boundary = start
    for t in reversed(before[-4:]):
        gap = folded[t.end() : boundary]
        if gap != " " and not _GAP_RE.fullmatch(gap):
            break
        prev_gaps.append(gap)
        prev.append(t.group())
        prev_raw.append(text[t.start() : t.end()])
        boundary = t.start()
    nxt: list[str] = []
    next_raw: list[str] = []
    boundary = end
    next_joined = False
    for t in _WORD_RE.finditer(folded, end, min(len(folded), end + 70)):
        gap = folded[boundary : t.start()]
        if not nxt:
            next_joined = gap == " "
        if len(nxt) >= 6 or (gap != " " and not _GAP_RE.fullmatch(gap)):
            break
        nxt.append(t.group())
        next_raw.append(text[t.start() : t.end()])
        boundary = t.end()
    if text[start].isupper() and " " not in folded[start:end]:
        capitalised = True  # the usual case: one capitalised word
    else:
        capitalised = all(
            text[t.start()].isupper()
            for t in _WORD_RE.finditer(folded, start, end)
            if t.group() not in lx.FUNCTION_WORDS
            and t.group() not in lx.LEVEL_WORDS
            and t.group() not in _LOWER_IN_NAMES
        )
    prev_initial = bool(prev) and _is_initial(text, before[-1].start())
    title_case, lower_line = (lines or Lines(text)).style(start)
    return Context(
        prev=tuple(prev),
        next=tuple(nxt),
        prev_raw=tuple(prev_raw),
        next_raw=tuple(next_raw),
        sentence_initial=_is_initial(text, start),
        capitalised=capitalised,
        next_punct=text[end : end + 1],
        prev_initial=prev_initial,
        title_case=title_case,
        prev_joined=bool(prev) and prev_gaps[0] == " ",
        prev_gaps=tuple(prev_gaps),
        lower_line=lower_line,
        next_joined=next_joined,
    )


_CUES_BY_WORD: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _level, _patterns in lx.CUES_BEFORE.items():
    for _pat in _patterns:
        _CUES_BY_WORD.setdefault(_pat[0], []).append((_level, _pat))
for _cues in _CUES_BY_WORD.values():  # the longest pattern first: "distrito y provincia de"
    _cues.sort(key=lambda lp: -len(lp[1]))


# The same lists filtered to the patterns whose second word is the previous name's second
# word (or that have none), in the same order: "de" alone starts about fifty patterns.
_CUES_BY_TWO: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}


def _cues_by_two(key: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    cues = [
        (level, pat)
        for level, pat in _CUES_BY_WORD.get(key[0], ())
        if len(pat) == 1 or (len(key) > 1 and pat[1] == key[1])
    ]
    if len(_CUES_BY_TWO) < 50_000:  # bounded: the second word is any word of the text
        _CUES_BY_TWO[key] = cues
    return cues


_GOVERNOR_WORDS = frozenset({"governor", "governors"})


def _cue(ctx: Context) -> str | None:
    """The admin level or city reading that words around the mention ask for.

    A level word right after the name wins ("Pisco province"); one before it counts unless it
    belongs to the previous name ("the Fitzcarrald district of Madre de Dios").
    """
    # Only a word joined by a space: in "Junín – Provincia de Yauli" the province is Yauli's.
    if ctx.next_punct in " \t" and ctx.next[:1] and ctx.next_joined:
        for level, words in lx.CUES_AFTER.items():
            if ctx.next[0] in words:
                return level
        if ctx.next[0] == "regional" and ctx.next[1:2] and ctx.next[1] in _REGIONAL_BODIES:
            return "department"  # "the San Martín regional government"
    if ctx.next_punct in "'’" and ctx.next[:1] == ("s",) and len(ctx.next) > 1:
        w = ctx.next[1]  # "Cusco's governor", "Cusco's regional government"
        if w in _GOVERNOR_WORDS or (
            w == "regional" and ctx.next[2:3] and ctx.next[2] in _REGIONAL_BODIES | _GOVERNOR_WORDS
        ):
            return "department"
    if _region_words(ctx):
        before = _prev_cue(ctx)
        # "en la provincia de Caravelí, región Arequipa": the province cue of the name itself
        # outweighs the region named after it.
        return before if before in ("province", "district") else "department"
    return _prev_cue(ctx)


def _prev_cue(ctx: Context) -> str | None:
    """The level the words right before the name ask for ("la provincia de X")."""
    p = ctx.prev
    if not p:
        return None
    if (
        len(p) >= 3
        and p[0] in ("de", "del")
        and p[2] in _LEVEL_NOUNS
        and p[1].endswith(("eno", "ena", "ense", "ino", "ina", "ano", "ana"))
    ):
        return _LEVEL_NOUNS[p[2]]  # "el distrito limeño de Santa Rosa"
    if (
        len(p) >= 3
        and p[0] == "de"
        and p[1] in lx.LEVEL_ADJECTIVES
        and p[2] in ("provincias", "distritos")
    ):  # "las provincias altas de Espinar, Canas y Chumbivilcas" ("una de las provincias
        # altoandinas de Cusco" is caught by the caller, which sees further back)
        return "province" if p[2] == "provincias" else "district"
    key = p[:2]
    cues = _CUES_BY_TWO.get(key)
    if cues is None:
        cues = _cues_by_two(key)
    for level, pat in cues:
        if p[: len(pat)] == pat:
            n = len(pat)
            # "the Fitzcarrald district of Madre de Dios": the level word is the earlier name's;
            # but "Fiscalía Provincial de Zarumilla" is the office of the province it names.
            if n < len(ctx.prev_raw) and pat[0] in ("of", "de", "del") and pat[-1] not in _OFFICE:
                owner = ctx.prev_raw[n]
                joined = ctx.prev_gaps[n].strip() == ""
                if (
                    joined
                    and owner[:1].isupper()
                    and p[n] not in lx.ALLOWED_BEFORE
                    and p[n] not in _ENGLISH_LEVEL_ADJECTIVES  # "the Andean provinces of"
                ):
                    continue
            return level
    return None


_OFFICE = frozenset({"provincial", "distrital"})
_ENGLISH_LEVEL_ADJECTIVES = frozenset(
    """andean highland coastal border jungle amazonian rural remote northern southern eastern
    western central neighbouring neighboring affected mining""".split()
)
_PROVINCIAL_CAPITAL = re.compile(
    r"\s*,\s*(?:(?:the|la)\s+)?(?:provincial\s+capital|capital\s+provincial"
    r"|capital\s+(?:of\s+the|de\s+la)\s+provin)"
)
_REGIONAL_BODIES = frozenset("government governor health council office".split())
_LEVEL_NOUNS = {"distrito": "district", "provincia": "province", "departamento": "department"}
_UNSET = "?"  # "not worked out yet" for an optional cue argument (no cue is spelt "?")

_LABEL_BEFORE = re.compile(
    r"\b(regi[oó]n|departamento|department|region|provincia|province|distrito|district)"
    r"\s*:\s*$"
)
_PROVINCE_AFTER = re.compile(r"\s*[.:–—,-]\s*(?:la\s+)?(?:provincia|province)\b")
_LABELS = {
    "region": "department", "región": "department", "departamento": "department",
    "department": "department", "provincia": "province", "province": "province",
    "distrito": "district", "district": "district",
}  # fmt: skip


def _label_cue(folded: str, start: int, end: int) -> str | None:
    """Report fields and headings: "Región: Piura | Provincia: Sullana", "Cusco. Provincia de
    Espinar" (a department heading the province after it)."""
    if folded.find(":", max(0, start - 16), start) >= 0:
        m = _LABEL_BEFORE.search(folded, max(0, start - 16), start)
        if m:
            return _LABELS.get(m.group(1))
    after = folded[end : end + 3].lstrip()[:1]
    if after and after in ".:–—-," and _PROVINCE_AFTER.match(folded, end):
        return "department"
    return None


# A regional facility stands in its town: "el hospital regional de Huacho", "Tacna regional
# archive", "the regional stadium".
_TOWN_FACILITIES = frozenset(
    """hospital hospitales archivo archive archives estadio stadium museo museum coliseo
    terminal aeropuerto airport""".split()
)


def _region_words(ctx: Context) -> bool:
    """Words that make a name the region: "gobernador regional de Arequipa", "the Cusco
    regional chamber", "Huancavelica, Peru's poorest region", "territorio de Cusco"."""
    p, nx = ctx.prev, ctx.next
    if _person_before(ctx):
        return False  # "el gobernador regional de Lambayeque, Humberto Chota": a surname
    if (
        ("regional" in p[:4] or "regionales" in p[:4])
        and not (p[:1] and p[0] in ("in", "at") and "regional" not in p[:2])
        and not any(
            w in _TOWN_FACILITIES and raw[:1].islower()
            for w, raw in zip(p[:4], ctx.prev_raw[:4], strict=False)
        )
    ):
        return True  # but "the regional tourism office in Cusco" is in the city, and "el
        # hospital regional de Huancavelica" is the town's hospital (the capitalised name of
        # one, "Hospital Regional de Ayacucho", keeps the region reading it had)
    if (
        nx[:1]
        and ctx.next_punct in " \t"
        and nx[0] in _REGION_AFTER
        and not (nx[0] == "regional" and nx[1:2] and nx[1] in _TOWN_FACILITIES)
    ):
        return True  # "the Cusco regional chamber", "the Cajamarca highlands"; not "the Tacna
        # regional archive"
    if ctx.next_punct == "," and any(w in ("region", "regions") for w in nx[:4]):
        return True
    if p[:1] and p[0] in ("de", "of", "del") and any(w in lx.RURAL_WORDS for w in p[1:3]):
        return True  # "rural areas of Cajamarca", "la sierra de Piura": the region, not the city
    if p[:1] and p[0] in ("de", "of") and p[2:3] and p[2] in lx.PLURAL_LEVEL_WORDS:
        return True  # "una de las provincias altoandinas de Cusco"
    if p[:1] and p[0] in ("of", "de") and _governor_of(p):
        return True  # "Governors Rohel Sánchez of Arequipa and Luis Aliaga of Ica"
    return p[:2] == ("de", "territorio") or p[:2] == ("of", "territory")


_REGION_AFTER = frozenset(
    "regional side highlands countryside hinterland lowlands uplands jungle lawmaker lawmakers"
    " congressman congresswoman legislator legislators".split()
)


def _rural_area_before(ctx: Context) -> bool:
    """ "la sierra de X", "rural areas of X": an area of the unit, not its capital town."""
    p = ctx.prev
    return bool(p[:1]) and p[0] in ("de", "of", "del") and any(w in lx.RURAL_WORDS for w in p[1:3])


_GOVERNOR_WORDS = frozenset("governor governors gobernador gobernadora gobernadores".split())
_NAME_LINKS = frozenset("of de and y e".split())


def _governor_of(prev: tuple[str, ...]) -> bool:
    """A governor named before "of X" ("Governor Ana Ruiz of Puno"): X is the region. The
    words between are the governors' names, perhaps a list of them with their regions."""
    for w in prev[1:10]:
        if w in _GOVERNOR_WORDS:
            return True
        if w in lx.LOCATIVE and w not in _NAME_LINKS:
            return False  # "the governor met in Lima with the mayor of X"
    return False


def _blocked(
    m: Mention,
    ctx: Context,
    cands: tuple[Entry, ...],
    cue: str | None = _UNSET,
    abroad: bool | None = None,
    unit_settled: bool = False,
    nonplace: bool | None = None,
) -> bool:
    """True when the match is not a Peruvian place: a river, a facility, a person, abroad.

    unit_settled: the document already named this name as a unit ("el distrito del Rímac"),
    so a later "el Rímac" is that unit, not the river.

    cue and abroad, when the caller has them, are _cue(ctx) and _abroad(ctx) already worked
    out for this same ctx; nonplace, whether one of cands is a non-place (Readings.nonplace).
    """
    if cue is _UNSET:
        cue = _cue(ctx)
    p, nx = ctx.prev, ctx.next
    # Lower-case matches are ordinary words ("la libertad de prensa", "sandía"), unless the
    # whole text around is upper-case (a headline).
    if not ctx.capitalised and not m.surface.isupper() and not ctx.lower_line:
        return True
    if m.key in lx.ACCENT_STRICT and lx.ACCENT_STRICT[m.key] != m.surface.lower():
        return True
    # Rivers, valleys, lakes and facilities: "río Apurímac", "valle del Mantaro",
    # "aeropuerto Jorge Chávez", "Plaza San Martín".
    saint = m.key.split()[0] in ("san", "santa", "santo")
    # "Pampas de Hospital (Tumbes)": a bracket opens a new name, whatever word came before.
    bracketed = bool(ctx.prev_gaps[:1]) and "(" in ctx.prev_gaps[0]
    for i, w in enumerate(() if bracketed else p[:4]):
        if w in lx.FEATURE_WORDS or w in lx.FACILITY_WORDS:
            if i == 1 and p[0] in ("of", "de", "del") and w in lx.PLURAL_FEATURES:
                break  # "the rivers of Loreto", "los valles de Cusco": the area, not a name
            if w in _BRIDGE_WORDS and _bridge_of_town(ctx, i):
                break  # "el puente internacional de Desaguadero": the town at the bridge
            return True
        if saint and (w in lx.FESTIVAL_BEFORE or w in lx.DEDICATION_BEFORE):
            return True  # "la iglesia de San Clemente": the church's saint, not the district
        if saint and i == 0 and w == "a" and p[1:2] in (("honor",), ("homenaje",)):
            return True  # "la misa en honor a San Francisco de Asís"
        if w not in lx.LINKERS and w not in lx.ORG_WORDS:
            break
    if nx[:1] and nx[0] in lx.FEATURE_AFTER and ctx.next_punct in " \t":
        return True
    if p[:1] and p[0] in _ORG_PREFIXES and ctx.prev_joined:
        return True  # "Electro Puno no responde": the utility, not the city
    if _devotion_before(ctx):
        return True  # "el Señor Cautivo de Monsefú", "la Virgen de Cocharcas": a devotion
    if _named_event_before(ctx) or _ship_before(ctx):
        return True  # "the Battle of Ayacucho", "Treaty of Ancón", "a bordo del Huáscar"
    # "the Santiago and Cenepa rivers": the first of two rivers named together.
    if (
        len(nx) >= 3
        and nx[0] in ("and", "y", "e", "or", "o")
        and nx[2] in lx.FEATURE_AFTER
        and nx[1] not in lx.ARTICLES  # "Zorritos and the beach at Punta Sal": a town and a beach
    ):
        return True
    if nx[:1] and nx[0] in lx.FACILITY_AFTER and ctx.next_punct in " \t":
        return True
    # "the Marañón", "el Huallaga": river names with an article and no admin cue.
    if (
        m.key in lx.RIVER_NAMES
        and p[:1]
        and p[0] in ("the", "el", "del", "al")
        and cue is None
        and not (unit_settled and p[:2] == ("el", "en"))  # "en el Rímac", not "the Marañón"
    ):
        return True
    # People: "José de San Martín", "Edwin Chota", "almirante Grau", "President Castillo".
    if _person_before(ctx):
        return True
    if (
        p[:1]
        and _joined_capitalised(ctx)
        and p[0] not in lx.ALLOWED_BEFORE
        and not ctx.prev_initial
        and not ctx.title_case
    ):
        return True
    if (
        nx[:1]
        and ctx.next_punct in " \t"
        and nx[0] in lx.PERSON_AFTER
        and not _locative(ctx)
        and cue is None  # "the city of Trujillo said" speaks for the city
        and not (ctx.prev[:1] and ctx.prev[0] in ("and", "y", "e", "or", "o"))
    ):
        return True  # "Chota said" is a person; "operators in Lima said" is not
    # "San Isidro Labrador", "Sucre Alcalá": a saint's or person's name that goes on.
    if (
        (
            m.key.split()[0] in ("san", "santa", "santo")
            or m.key in lx.PERSON_NAMES
            or m.key in lx.GIVEN_NAMES
        )
        and ctx.next_raw[:1]
        and ctx.next_joined
        and ctx.next_raw[0][:1].isupper()
        and nx[0] not in lx.ALLOWED_BEFORE
        and nx[0] not in lx.LEVEL_WORDS
        and not ctx.title_case
    ):
        return True
    # Abroad: "Lima, Ohio", "Trujillo (Honduras)", "Desaguadero, on the Bolivian side".
    if _abroad(ctx) if abroad is None else abroad:
        return True
    # People, foreign places and landmarks listed in data/nonplaces.csv, unless a cue insists
    # ("distrito de Gamarra").
    if cue in lx.ADMIN_LEVELS:
        return False
    return any(c.kind == "nonplace" for c in cands) if nonplace is None else nonplace


_BRIDGE_WORDS = frozenset("puente bridge".split())


def _bridge_of_town(ctx: Context, i: int) -> bool:
    """ "puente (internacional) de X", "the bridge of X" in running text: X is the town.

    A bridge named for a town is where the town is; only a bare "puente X" or a line in
    capitals ("PUENTE DE ...", a bridge's own sign-like name) stays the structure.
    """
    if ctx.prev[:1] not in (("de",), ("del",), ("of",), ("at",)) or i > 2:
        return False
    word = ctx.prev_raw[i]
    return not word.isupper() and (i == 1 or ctx.prev[1] in _BRIDGE_ADJECTIVES)


_BRIDGE_ADJECTIVES = frozenset("internacional international binacional colgante".split())


_LIST_THEN_LEVEL = re.compile(
    r"(?:\s*,\s*[A-ZÁÉÍÓÚÑ][^\W\d_]*(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][^\W\d_]*){0,2}){0,6}"
    r"\s*,?\s+(?:and|y|e)\s+[A-ZÁÉÍÓÚÑ][^\W\d_]*(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][^\W\d_]*){0,2}"
    r"\s+(?P<lvl>regions|regiones|departments|departamentos)\b"
)
_PLURAL_LEVEL = {"regions": "department", "regiones": "department", "departments": "department",
                 "departamentos": "department"}  # fmt: skip
_COLUMN_LEVELS = {
    "region": "department", "regiones": "department", "departamento": "department",
    "department": "department", "provincia": "province", "province": "province",
}  # fmt: skip


def _table_column_header(text: str, pos: int, headers: dict[int, int]) -> str | None:
    """The folded header cell of the table column a cell is in, if it is in a "|" table.

    headers remembers, per row start, where its block's header line starts (each row is
    walked up once: a long table stays linear).
    """
    row = text.rfind("\n", 0, pos) + 1
    col = text.count("|", row, pos)
    if col == 0:
        return None
    top = headers.get(row)
    if top is None:
        chain, ls = [], row
        while True:  # the topmost line of this block of "|" rows is the header
            chain.append(ls)
            if ls == 0:
                top = 0
                break
            prev = text.rfind("\n", 0, ls - 1) + 1
            if text.find("|", prev, ls - 1) < 0:
                top = ls
                break
            if prev in headers:
                top = headers[prev]
                break
            ls = prev
        for k in chain:
            headers[k] = top
    if top == row:
        return None  # the header line itself
    end = text.find("\n", top)
    header = text[top : end if end >= 0 else len(text)]
    cells = header.split("|")
    return fold(cells[col]).strip() if col < len(cells) else None


# Columns of people and parties: "| Alcalde(sa) electo(a) | Organización política |" hold
# names like "Rosa Sánchez Chota" and "Movimiento Regional Cajamarca Siempre Verde".
_NAME_COLUMN = re.compile(
    r"\b(?:alcaldes?|alcaldesa|candidat[oa]s?|nombres?|organizacion|partido|agrupacion|lista"
    r"|names?|candidates?|party|mayors?|responsable|director|directora|autoridad|gobernador"
    r"|gobernadora|electo)\b"
)


_PROVINCE_BRACKET = re.compile(r"\s*(?:province|provincia)?\s*\(\s*")
_PAREN_SECOND = re.compile(r"\(\s*([^\W\d_][^()\n,;]{0,40}?)\s*,\s*$")


def _bracket_second_level(text: str, start: int, gaz: Gazetteer) -> str | None:
    """The second name in "X (A, B)": B holds A, so it is A's province when A is a district
    ("Mazuko (Inambari, Tambopata)") and A's department when A is a province ("Chala
    (Caravelí, Arequipa)")."""
    m = _PAREN_SECOND.search(text, max(0, start - 50), start)
    if not m:
        return None
    entries = gaz.index.get(fold(m.group(1)).strip(), ())
    kinds = {c.kind for c in entries}
    if "province" in kinds:
        return "department"
    if "district" in kinds:
        return "province"
    return None


# "Santa Rosa de Lima", "San Martín de Porres": a saint's "de X" names a place, no surname.
# A person's birth and death in brackets: "(Andahuaylas, 1911 – Lima, 1969)", "(1911-1969)".
_OPEN_BRACKET_GAP = re.compile(r"\s*\(\s*")
_LIFE_BRACKET = re.compile(r"\s*\((?:[^(),\d]{2,40},\s*)?(?:c\.\s*)?\d{4}\s*[–—-]")
_SAINT_OF = re.compile(r"(?:santa|santo|san|saint|st)\s.+\sde\s")


def _surname(key: str) -> str:
    """The surname of a person's full name: "jose de san martin" -> "san martin"."""
    words = key.split()
    if len(words) > 1 and words[-1] in ("ii", "iii", "iv"):
        words.pop()  # "Túpac Amaru II" ... later "Túpac Amaru"
        return " ".join(words)
    while len(words) > 1 and words[0] in lx.GIVEN_NAMES:
        words.pop(0)
    while len(words) > 1 and words[0] in ("de", "del"):
        words.pop(0)
    return " ".join(words)


def _inside_handle(text: str, start: int) -> bool:
    """The name is glued inside a longer word or an @handle: "@MuniChosica", "@Cusco_Noticias".

    A hashtag of the bare name ("#Cusco") still names the place.
    """
    return bool(start > 0 and (text[start - 1].isalnum() or text[start - 1] in "@_"))


_NUMBERED_AFTER = re.compile(r"\s+(?:N\.?\s?[°º]|Nro\.?|No\.)\s*\d")
_ROMAN_AFTER = re.compile(r"\s+(?:II|III|IV)\b")
_AGE_AFTER = re.compile(
    r",\s+\d{1,2},\s+(?!(?:y|e|o|u|and|or)\b)[a-záéíóúñ]"
)  # "Vílchez, 46, grew up ...": a person's age


def _named_event_before(ctx: Context) -> bool:
    """A capitalised event noun before "of/de": "the Battle of Ayacucho", "Tratado de Ancón".

    Lower-case descriptions still locate the place ("the battles of Chorrillos and Miraflores").
    """
    p = ctx.prev
    return (
        len(p) >= 2
        and p[0] in ("of", "de", "del")
        and p[1] in lx.EVENT_NOUNS
        and ctx.prev_raw[1][:1].isupper()
    )


_ORG_PREFIXES = frozenset({"electro"})  # power utilities: Electro Puno, Electro Ucayali
_DEVOTIONS = frozenset("senor virgen cristo nino".split())


def _devotion_before(ctx: Context) -> bool:
    """A capitalised Señor, Virgen, Cristo or Niño (perhaps with a title: "Señor Cautivo")
    before "de X": the image's name, not the town."""
    p, raw = ctx.prev, ctx.prev_raw
    if len(p) < 2 or p[0] not in ("de", "del"):
        return False
    for k in (1, 2):
        if len(p) > k and p[k] in _DEVOTIONS and raw[k][:1].isupper():
            return k == 1 or raw[1][:1].isupper()
    return False


def _ship_before(ctx: Context) -> bool:
    """A ship named like a place: "the ironclad Huáscar", "a bordo del Huáscar"."""
    p = ctx.prev
    if p[:1] and p[0] in lx.SHIP_WORDS:
        return True
    if len(p) >= 2 and p[0] in ("monitor", "ship") and p[1] in ("el", "del", "the"):
        return True  # "el monitor Huáscar", "the ship Callao" (not "to monitor Lima")
    return len(p) >= 2 and p[0] in ("del", "the", "el") and p[1] in lx.SHIP_WORDS


def _feature_before(ctx: Context) -> bool:
    """A river, valley or lake word before the name: "río Apurímac", "los ríos Apurímac"."""
    for w in ctx.prev[:3]:
        if w in lx.FEATURE_WORDS:
            return True
        if w not in lx.LINKERS:
            return False
    return False


_SPORTS_HINTS = (
    "liga", "futbol", "copa", "torneo", "gol", "marcador", "football", "soccer", "striker",
    "goalkeeper", "midfielder", "delantero", "arquero", "final",
)  # fmt: skip
_SPORTS_DOC = re.compile(
    r"\bliga\s?1\b|\bfutbol\b|\bcopa\s+(?:libertadores|sudamericana)\b|\btorneo\s+(?:apertura"
    r"|clausura)\b|\bgoles?\b|\bmarcador\b|\bfootball\b|\bsoccer\b"
    r"|\b(?:striker|goalkeeper|midfielder|delantero|arquero|quarterfinal|semifinal)s?\b"
)
# Clubs called by a place's name alone in sports pages ("Melgar pierde", "Los Chankas golean").
_CLUB_NAMES = frozenset({"melgar", "los chankas", "cienciano", "binacional", "grau"})
_CLUB_WORDS = frozenset(
    "sport deportivo atletico alianza fbc club union real radio juventud defensor sportivo"
    " racing cd ada uda academia cultural estudiantes".split()
)
# A club's name that ends after the place: "Cusco Real", "Tumbes Pesca", "Cienciano del Cusco"
_CLUB_AFTER = frozenset("Real Pesca FC FBC Juniors".split())
_BUSINESS_WORDS = (
    r"(?:restaurant|restaurante|bakery|panaderia|cafe|cevicheria|polleria|picanteria|bar|shop"
    r"|tienda|store|hotel|hostal|boutique|street|calle|avenue|avenida)"
)
# "Cusco Grill", "Machu Picchu Restaurant", "Arequipa Dulce": a business's own name.
_BUSINESS_NAME_ENDS = frozenset(
    "Grill Restaurant Restaurante Café Cafe Bakery Bar Kitchen Deli Express Chicken Cevichería "
    "Pollería Dulce Bistro Lounge Steakhouse Catering Tours Travel"
    # an outlet: "(Huaraz Noticias TV)", "Video: Huaraz Noticias TV", "Cusco TV"
    " Noticias TV Televisión Stereo Estéreo".split()
)
_BUSINESS_AFTER = re.compile(
    r"\s*,\s*(?:a|an|the|un|una|el|la)\s+(?:[\w'-]+\s+){0,2}" + _BUSINESS_WORDS + r"\b"
)  # "Cusco, a new Peruvian restaurant in Brooklyn"
_BUSINESS_BEFORE = re.compile(
    _BUSINESS_WORDS
    + r"s?\s*,?\s+(?:(?:is|was|se|has\s+been)\s+)?(?:(?:called|named|llamad[oa]s?|llama"
    r"|denominad[oa]s?)\s+)$"
)  # "a short street named Huancayo", "A second restaurant, called Paracas", "is called Cusco"


def _club_name(ctx: Context) -> bool:
    """ "Sport Huancayo", "Defensor Tarapoto", "Estrella de Chimbote", "Tumbes Pesca": a
    club named after its town (the town itself may still be named in the text)."""
    p = ctx.prev
    if p and ctx.prev_gaps[0] == " " and p[0] in _CLUB_WORDS and ctx.prev_raw[0][:1].isupper():
        return True
    if len(p) >= 2 and p[0] == "de" and p[1] == "estrella" and ctx.prev_raw[1][:1].isupper():
        return True
    return bool(ctx.next_joined and ctx.next_raw[:1] and ctx.next_raw[0] in _CLUB_AFTER)


def _business_before(ctx: Context) -> bool:
    """ "a street called X", "Sport Huancayo", "Alianza Lima": X names no place here."""
    p = ctx.prev
    if _club_name(ctx):
        return True
    if len(p) >= 2 and p[0] in ("it", "lo", "la") and p[1] in ("called", "named", "llamaba"):
        return True  # "If I called it Juliaca, nobody would come": a name, not the place
    return (
        len(p) >= 2
        and p[0] in ("called", "named", "llamado", "llamada", "llama")
        and bool(_BUSINESS_BEFORE.search(" ".join(reversed(p)) + " "))
    )


_PLACE_PREPOSITIONS = frozenset(
    "en in at near hacia desde une unen links hasta".split()
)  # not "a monument to X"


def _locative_place(ctx: Context) -> bool:
    """ "in Ica", "En Trujillo nos dicen": a preposition of place before a name the document
    also gave a person ("Carlos Ica Valdivia") makes this use the place, unless a capitalised
    surname follows ("en Trujillo Cajamarca")."""
    p = ctx.prev
    listed = (  # "enseñó en Lircay y Acobamba": the second place of a pair after "en"
        len(p) >= 3
        and p[0] in ("y", "e", "and")
        and p[2] in _PLACE_PREPOSITIONS
        and ctx.prev_raw[1][:1].isupper()
        and ctx.prev_gaps[1] == " "
        and ctx.prev_gaps[2] == " "
    )
    if not p or (p[0] not in _PLACE_PREPOSITIONS and not listed) or ctx.prev_gaps[0] != " ":
        return False
    return not (ctx.next_joined and ctx.next_raw[:1] and ctx.next_raw[0][:1].isupper())


# "de Bellavista, distrito vecino": the name is placed as a unit right after it.
_UNIT_APPOSITION_AFTER = re.compile(
    r"\s*,\s*(?:(?:el|la|un|una|the|a)\s+)?(?:distrito|provincia|district|province|capital"
    r"|ciudad|city|town|pueblo|localidad)\b"
)
_MOTION_VERBS = frozenset(
    """volver volvio vuelve volvia regresar regreso regresa regresaba llegar llego llega llegaron
    viajar viajo viaja viajaron ir fue iba trasladado trasladada trasladados return returned
    returns travel travelled traveled travels go went moved arrived""".split()
)


def _motion_to(ctx: Context) -> bool:
    """ "Nunca dejó de volver a Lircay", "he returned to Chota": a destination, a place."""
    p = ctx.prev
    if len(p) >= 2 and p[0] in ("de", "del", "of") and p[1] in _SEAT_WORDS:
        return True  # "la División Policial de Chota", "la comisaría de Santa Cruz"
    return len(p) >= 2 and p[0] in ("a", "to") and p[1] in _MOTION_VERBS


# Offices named after the town they sit in: the name after them is that town, not a person.
_SEAT_WORDS = frozenset(
    """policial comisaria municipalidad fiscalia hospital distrital prefectura juzgado corte
    ugel subregion diresa prision penal carcel police municipality prosecutor""".split()
)


def _person_before(ctx: Context) -> bool:
    """A title or given name joined to the name by a space: "almirante Grau", "José de Sucre"."""
    p = ctx.prev
    if not p or ctx.prev_gaps[0] != " ":
        return False
    if p[0] in lx.TITLES or (p[0] in lx.GIVEN_NAMES and ctx.prev_raw[0][:1].isupper()):
        return True
    return (
        len(p) >= 2
        and p[0] in ("de", "del")
        and ctx.prev_gaps[1] == " "
        and p[1] in lx.GIVEN_NAMES
        and ctx.prev_raw[1][:1].isupper()
        and not (len(p) >= 3 and p[2] in ("san", "santa", "santo"))  # "plaza San Martín de Lima"
    )


def _joined_capitalised(ctx: Context) -> bool:
    """The previous word is capitalised and joined by a space: part of a longer proper name."""
    return ctx.prev_joined and ctx.prev_raw[0][:1].isupper() and not ctx.prev_raw[0].isupper()


def _headline_people(judged: list[Judged], text: str, people: set[str]) -> list[Judged]:
    """A bare name in the headline that the body first uses as a person's surname is that
    person: "Salas, Jaén and Olmos: Lambayeque's three-way race" over "former mayor Carmen
    Salas, lawyer Roberto Jaén and agronomist Luis Olmos"."""
    end = text.find("\n\n")
    if end < 0 or end > 200 or not people:
        return judged
    keep = []
    for j in judged:
        m = j.mention
        if m.start < end and j.cue is None and not j.peru and m.key in people:
            first = text.find(m.surface, end)
            before = text[max(0, first - 30) : first].split()
            if first > 0 and before and fold(before[-1]) in lx.GIVEN_NAMES:
                continue
        keep.append(j)
    return keep


def _headline_follows_body(
    judged: list[Judged], text: str, abroad_at: dict[str, int], foreign_names: dict[str, int]
) -> list[Judged]:
    """A bare name in the headline takes the sense the body gives it first: "De Santa Rosa a
    San Martín" over a piece that opens in Santa Rosa, California; "compradores en Santa Cruz"
    over one on Santa Cruz de la Sierra; "decomisa ropa en Desaguadero" over one that opens in
    the distrito de Desaguadero."""
    end = text.find("\n\n")
    if end < 0 or end > 200 or not (abroad_at or foreign_names):
        return judged
    foreign_first = dict(abroad_at)
    for name, pos in foreign_names.items():
        if " de " in name:
            key = name.rsplit(" de ", 1)[0]
            foreign_first[key] = min(pos, foreign_first.get(key, pos))
    peru_first: dict[str, int] = {}
    for j in judged:
        start = j.mention.start
        if start >= end and (j.cue or j.peru or text[start - 1] == "\n"):
            # a cue, "X, Peru", or a body dateline ("DESAGUADERO (Puno).-") settles it
            peru_first.setdefault(j.mention.key, start)
    return [
        j
        for j in judged
        if j.mention.start >= end
        or j.cue is not None
        or j.peru
        or j.mention.key not in foreign_first
        or peru_first.get(j.mention.key, len(text)) < foreign_first[j.mention.key]
    ]


_NAMESAKE_DOC = re.compile(
    r"\b(?:homonim[oa]s?|namesakes?|twin|gemel[oa]s|mismo nombre|same name|dos ciudades"
    r"|tres ciudades|two cities|two towns|three cities|three towns)\b"
)
# Substrings every _NAMESAKE_DOC match holds: tested first, they spare most documents the
# regex's scan of every position.
_NAMESAKE_HINTS = ("homonim", "namesake", "twin", "gemel", "mismo nombre", "same name")
_NAMESAKE_HINTS += ("ciudades", "cities", "towns")


def _repeated_namesakes(
    judged: list[Judged], text: str, folded: str, abroad_at: dict[str, int]
) -> list[Judged]:
    """ "Trujillo y Trujillo", "Desaguadero y Desaguadero": in a piece about namesakes a name
    listed again right after itself is the other one, abroad; the first is Peru's."""
    if len(judged) < 2 or not (
        abroad_at or (any(w in folded for w in _NAMESAKE_HINTS) and _NAMESAKE_DOC.search(folded))
    ):
        return judged
    out: list[Judged] = []
    last: Judged | None = None
    for j in judged:
        repeat = (
            last is not None
            and j.mention.key == last.mention.key
            and j.cue is None
            and not j.peru
            and _LIST_ONLY_GAP.fullmatch(text, last.mention.end, j.mention.start) is not None
        )
        last = j
        if not repeat:
            out.append(j)
    return out


_FOREIGN_LIST_GAP = re.compile(r"[a-z][a-z ]{0,24}?(?:\s*,\s*|\s+(?:y|e|and|o|or)\s+)")


def _listed_after_foreign(folded: str, start: int, foreign_at: list[int]) -> bool:
    """The name follows a foreign city in a list: "Iquique y Santiago", "Arica, Santiago"."""
    k = bisect_left(foreign_at, start)
    return k > 0 and bool(_FOREIGN_LIST_GAP.fullmatch(folded, foreign_at[k - 1], start))


_LIST_GAP_BEFORE = re.compile(r"\s*,\s*|\s+(?:y|e|and|o|or)\s+|\s*,\s*(?:y|e|and|o|or)\s+")


def _listed_before_foreign(folded: str, end: int, foreign_at: list[int]) -> bool:
    """The name comes before a foreign city in a list: "Santiago y Arica", "to Santiago and
    Buenos Aires"."""
    k = bisect_left(foreign_at, end)
    return k < len(foreign_at) and bool(_LIST_GAP_BEFORE.fullmatch(folded, end, foreign_at[k]))


# Words of Peruvians abroad: "peruanos viven en Santiago", "remesas desde Santiago".
_DIASPORA = re.compile(
    r"\b(?:connacionales|compatriotas|remesas|remittances|consulado|consulate|consular"
    r"|embajada|embassy|repatriad[oa]s?|repatrio|repatriated|repatriation|diaspora|emigrantes"
    r"|emigraron|emigrated|peruanos (?:que )?(?:viven|residen|residentes)"
    r"|peruvians (?:living|who live)|comunidad peruana|peruvian community)\b"
)


def _foreign_dateline(text: str, abroad_at: dict[str, int]) -> bool:
    """The story is filed from abroad: a line opens with a capitalised place the document
    placed abroad ("SANTA ROSA, Calif. —")."""
    for key, pos in abroad_at.items():
        if (pos == 0 or text[pos - 1] == "\n") and text[pos : pos + len(key)].isupper():
            return True
    # A headline that names its place with its country: "Trujillo, Honduras: where Columbus
    # landed" is a story about that country, as a dateline would make it.
    nl = text.find("\n")
    head = fold(text[: nl if 0 < nl < 200 else 0])
    for key, pos in abroad_at.items():
        if pos < len(head):
            q = _COMMA_WORD.match(head, pos + len(key))
            if q and q[1] in lx.FOREIGN_QUALIFIERS and q[1] not in _SPANISH_WORD_STATES:
                return True
    # The namesake first placed abroad in a headline, then in the dateline under it:
    # "Trujillo, Honduras: a Caribbean port\n\nTRUJILLO, Honduras — From the ramparts ..."
    for line in text[:600].split("\n")[1:]:
        head = line[:40]
        for key in abroad_at:
            if fold(head[: len(key)]) == key and head[: len(key)].isupper() and key.strip():
                return True
    return False


def _drop_namesakes_abroad(
    judged: list[Judged],
    folded: str,
    sentences: list[tuple[int, int]],
    foreign_at: list[int] = (),  # type: ignore[assignment]
    filed_abroad: bool = False,
) -> list[Judged]:
    """A bare namesake (Santiago, San José) in a sentence about other countries is abroad:
    the sentence names a country, a foreign region or a foreign city ("came from Santiago to
    visit relatives in Arica"). In a story filed from abroad ("SANTA ROSA, Calif. —") every
    sentence is about that country unless it names a Peruvian place.

    Only names with no department or province reading and several homonyms in Peru, with no
    cue and no other Peruvian place in the same sentence.
    """
    if not judged:
        return judged

    # A name the document has placed in Peru (a cue, "X, Peru", a dateline) is not a namesake.
    # In a story filed from abroad, "the villages of Santa Fe, San Antonio and Guadalupe" says
    # what the places are, not that they are Peruvian.
    def cued(j: Judged) -> bool:
        return j.cue is not None and not (filed_abroad and j.cue == "city")

    settled = {j.mention.key for j in judged if j.peru or cued(j)}
    peru_depts = {c.ubigeo[:2] for j in judged if j.peru or cued(j) for c in j.candidates}
    where = [_sentence_index(sentences, j.mention.start) for j in judged]
    per_sentence: Counter[int] = Counter(where)

    def namesake_of(j: Judged) -> bool:
        return (
            not cued(j)
            and j.mention.key not in settled
            and all(c.kind in ("district", "place") for c in j.candidates)
            and (
                len({c.ubigeo[:2] for c in j.candidates}) > 1
                or (
                    filed_abroad
                    and all(c.kind == "place" for c in j.candidates)
                    and not {c.ubigeo[:2] for c in j.candidates} & peru_depts
                )  # a village of a department the story names is in Peru ("Caballococha")
            )
        )

    namesakes = [namesake_of(j) for j in judged]
    if filed_abroad:  # a sentence whose every name is a namesake: one about that country
        plain: Counter[int] = Counter(si for si, n in zip(where, namesakes, strict=True) if not n)

    def lone_district(j: Judged) -> bool:
        # "El Oro and Guayas": a small district's name listed with a foreign province
        return (
            not cued(j)
            and j.mention.key not in settled
            and all(c.kind == "district" for c in j.candidates)
        )  # not a town beside its twin across the border ("Caballococha y Leticia")

    keep = []
    for j, si, namesake in zip(judged, where, namesakes, strict=True):
        if (namesake or lone_district(j)) and (
            _listed_after_foreign(folded, j.mention.start, foreign_at)
            or _listed_before_foreign(folded, j.mention.end, foreign_at)
        ):
            continue  # "regresan a Iquique y Santiago": listed with a foreign city
        if namesake and (per_sentence[si] == 1 or (filed_abroad and not plain[si])):
            a, b = sentences[si]
            words = set(folded[a:b].split())
            k = bisect_left(foreign_at, a)
            if (
                (filed_abroad and not _PERU_WORD.search(folded, a, b))
                or words & _FOREIGN_WORDS
                or _DIASPORA.search(folded, a, b)
                or (k < len(foreign_at) and foreign_at[k] < b)
            ):
                continue
        keep.append(j)
    return keep


def _lone_namesakes_abroad(
    judged: list[Judged], abroad_at: dict[str, int], foreign_names: dict[str, int]
) -> list[Judged]:
    """A story about places abroad ("Trujillo, capital del estado homónimo en Venezuela ...
    Valera, la ciudad más poblada del estado") names no Peruvian place; a bare district
    namesake there with nothing in Peru around it is abroad too.

    Only when the document placed two or more names abroad before naming anything else,
    nothing it names is settled in Peru (a cue, "X, Peru", a dateline), no name has a
    department, province or known-town reading and no two names lie in one department
    (they would support each other).
    """
    if not judged or len(abroad_at.keys() | foreign_names.keys()) < 2:
        return judged
    if judged[0].mention.start < min((*abroad_at.values(), *foreign_names.values())):
        return judged  # "Comerciantes de Juli cruzan a Desaguadero, en ... La Paz": from Peru
    seen: set[str] = set()
    for j in judged:
        if j.peru or j.cue not in (None, "city"):
            return judged
        if any(c.kind in ("department", "province") or c.curated for c in j.candidates):
            return judged  # a department, province or known town ("Juliaca") is Peru's
        depts = {c.ubigeo[:2] for c in j.candidates}
        if depts & seen:
            return judged
        seen |= depts
    return []


_LIST_AFTER = re.compile(r"\s*(?:,|\by\b|\band\b|\be\b)")


@dataclass(frozen=True)
class _ListEnd:
    """Where a list item's bracketed container ends: the list goes on from there."""

    end: int


_CONTAINER_OPEN = re.compile(r"\s*\(\s*")
_CONTAINER_CLOSE = re.compile(r"\s*\)")
_CONTAINER_EN = re.compile(r",\s*(?:en|in)\s+")
_GROUP_END = re.compile(r"\s*;")


def _container_close(text: str, last: tuple[Any, str | None] | None, m: Mention) -> int | None:
    """End of "(Áncash)" when m is the bracketed department right after a province or
    district of a list, else None."""
    if last is None or last[1] not in ("province", "district"):
        return None
    if _CONTAINER_OPEN.fullmatch(text, last[0].end, m.start):
        close = _CONTAINER_CLOSE.match(text, m.end)
        return close.end() if close else None
    if _CONTAINER_EN.fullmatch(text, last[0].end, m.start) and _GROUP_END.match(text, m.end):
        return m.end  # "Chota y Cutervo, en Cajamarca; Otuzco y Sánchez Carrión, en La Libertad"
    return None


_LEVEL_COLON = re.compile(
    r"\b(regiones|regions|departamentos|departments|provincias|provinces|distritos|districts)"
    r"(?:(?:\s+[^\W\d_]+){0,3}\s*:"  # "five regions: Lima, Ica ...", "provincias altas:"
    r"|(?:\s+(?:most|worst|hardest|more|mas|afectad[oa]s|golpead[oa]s|affected|hit)){0,3}"
    r"\s+(?:are|were|include|included|son|fueron|incluyen|comprenden)"  # "... are Sullana"
    r"|\s+(?:such\s+as|como|including|incluyendo|like))\s*$"  # "provinces such as Celendín"
)
# A stem every _LEVEL_COLON match holds: a cheap test before the pattern itself, which
# opens with \b and so is tried at every character of its window.
_LEVEL_STEM = re.compile(r"regi|depart|provinc|distr")
# The level named after a list or a predicate: "Tambopata and Manu provinces", "Lamas fue la
# provincia más visitada".
_NAME = r"[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+(?:de|del|la|las|los|el|[A-ZÁÉÍÓÚÑ][\w'’-]*)){0,3}"
_LEVEL_AFTER = re.compile(  # on the text as written: only capitalised names between
    rf"(?:(?:\s*,\s*{_NAME}){{0,6}}\s*,?\s+(?:and|y|e)\s+{_NAME}\s+(provinces|districts|regions)"
    r"|\s+(?:fue|es|era|is|was)\s+(?:la|el|the)\s+(provincia|province|distrito|district))\b"
)
_LOWER_IN_NAMES = frozenset({"metropolitan", "metropolitana"})  # "in metropolitan Lima"
_SINGLE_LEVEL_WORDS = frozenset("distrito provincia district province".split())
_AND_GAP = re.compile(r"\b(?:and|y|e|or|o|u)\s*$")
_LIST_GAP = re.compile(
    r"\s*(?:\(\s*[\d.,%]+\s*\)\s*)?(?:,|;|/)?\s*(?:(?:and|y|e|or|o|u)\s+)?"
)  # "Loreto (27), Cusco (21) y Puno (18)": counts in brackets do not break a list
# A list of rivers may name some that are not in the gazetteer: "Apurímac, Ene y Mantaro".
_FEATURE_LIST_GAP = re.compile(
    r"(?:\s*,\s*[A-ZÁÉÍÓÚÑ][^\W\d_]*){0,4}\s*(?:,|;|/)?\s*(?:(?:and|y|e|or|o|u)\s+)?"
)


def judge(
    text: str,
    gaz: Gazetteer,
    sentences: list[tuple[int, int]] | None = None,
    folded: str | None = None,
) -> list[Judged]:
    """Find mentions and keep those that read as Peruvian places, with their cue."""
    if folded is None:
        folded = fold_fast(text)
    lines = Lines(text)
    out: list[Judged] = []
    held: list[Judged] = []  # ordinary words with no cue: kept only if the document agrees
    villages: list[Judged] = []  # localities only: kept with a cue or the document's support
    prev_end = -1
    last: tuple[Mention | _ListEnd, str | None] | None = None
    people: set[str] = set()  # names already seen as a person's ("Edwin Chota" ... "Chota said")
    abroad: set[str] = set()  # names the document placed abroad ("Lima, Ohio" ... "Lima")
    blocked_end = -1  # end of the last mention dropped as a river/feature (lists of rivers)
    credits = _credit_spans(text)
    cues = _CueWords(folded)
    index = gaz.index
    lower_text = text.lower() == text
    deferred: list[Mention] = []  # bare village names: judged only if the document supports one
    last_level: str | None = None  # the level of the last mention that had a level cue
    # Whether the name before has a singular level word ("el distrito de Mórrope, Lambayeque"):
    # the next name is then its container, not a second item of a list.
    list_single = False
    foreign_at: list[int] = []  # where foreign cities of nonplaces.csv were named
    foreign_names: dict[str, int] = {}  # their names ("santa cruz de la sierra"), first seen
    abroad_at: dict[str, int] = {}  # where each name was first placed abroad
    abroad_end = -1  # where the last name placed abroad by its own context ends
    table_headers: dict[int, int] = {}  # row start -> its table's header line start
    unit_keys: set[str] = set()  # names the document gave a unit cue ("distrito del Rímac")
    sports = any(w in folded for w in _SPORTS_HINTS) and bool(_SPORTS_DOC.search(folded))
    mentions = find_mentions(text, gaz, folded)
    region_labels = _region_labels(text, mentions, gaz)
    for m in mentions:
        readings = gaz.readings(m.key)
        if readings.foreign:
            foreign_at.append(m.start)  # "relatives in Arica": a foreign city is named here
            foreign_names.setdefault(m.key, m.start)
            short = m.key.rsplit(" de ", 1)[0] if " de " in m.key else None
            if short and not any(
                j.mention.key == short and (j.cue is not None or j.peru) for j in out
            ):
                # "Santa Cruz de la Sierra" ... "entre Lima y Santa Cruz": the short form of a
                # foreign city named in full is that city, unless a cue kept it in Peru (a bare
                # headline "Mirar a Santa Cruz" above it does not).
                abroad.add(short)
                abroad_at.setdefault(short, m.start)
        if readings.localities_only:
            if not text[m.start].isupper() and not lower_text:
                continue  # "pampa", "huaico": a lower-case word is no village
            if not _village_hint(text, folded, m):
                deferred.append(m)
                continue
        if credits and any(a <= m.start < b for a, b in credits):
            last = None
            continue  # bylines and photo credits name people: "Foto: Sebastián Castañeda/Reuters"
        cands = readings.entries
        if _inside_handle(text, m.start) or _NUMBERED_AFTER.match(text, m.end):
            last = None
            continue  # "@MuniChosica", "#PiuraEnEmergencia", "la compañía Lima N.° 10"
        if (m.key in lx.FEATURE_WORDS or m.key in lx.SHIP_WORDS) and not any(
            c.kind in lx.ADMIN_LEVELS for c in readings.peruvian
        ):
            last = None
            continue  # "Lake Titicaca": "Lake" is no village
        ctx = _context(text, folded, m.start, m.end, lines)
        if _ROMAN_AFTER.match(text, m.end) or _AGE_AFTER.match(text, m.end):
            people.add(m.key)  # "Túpac Amaru II", "Vílchez, 46, grew up in Chiclayo"
        stem = _surname(m.key)
        if stem != m.key and m.key.endswith((" ii", " iii", " iv")) and stem in lx.HISTORY_NAMES:
            people.add(stem)  # "Túpac Amaru II" (a village is named so too): the hero
            last = None
            continue
        if blocked_end >= 0 and _FEATURE_LIST_GAP.fullmatch(text[blocked_end : m.start]):
            # "los ríos Apurímac, Ene y Mantaro": the list goes on naming rivers.
            blocked_end = m.end
            last = None
            continue
        # "Trujillo, Peru", "the Peruvian Trujillo": the name itself is said to be Peruvian.
        peru_named = bool(_PERU_AFTER.match(folded, m.end)) or folded.endswith(
            ("peru's ", "peru's ", "peru’s ", "peruvian ", "peruano de ", "peruana de "),
            0,
            m.start,
        )
        peru = (
            peru_named
            or (
                folded.find("peru", max(0, m.start - 60), m.start) >= 0
                and bool(_PERUVIAN_UNIT_BEFORE.search(folded, max(0, m.start - 60), m.start))
            )
            or _is_dateline(text, m.start, m.end, lines)
            or (
                folded.find("peru", max(0, m.start - 40), m.start) >= 0  # in every match
                and bool(_IN_PERU_BEFORE.search(folded, max(0, m.start - 40), m.start))
            )
            or _peruvian_container_after(folded, m.end, gaz, m.key)
        )
        if peru and not peru_named:
            now = _NOW_APPOSITION.match(folded, m.end)
            if now and _foreign_span(now.group()):
                peru = False  # "the Peruvian province of Tarapacá, today part of northern Chile"
        if (
            _person_before(ctx) or _history_person(m, ctx) or _named_for_person_acting(m, ctx)
        ) and not _line_dateline(text, m.start, m.end, lines):  # "... Chota Salas\n\nCHOTA.-"
            people.add(m.key)
        elif (
            people
            and ctx.next_joined
            and ctx.next_raw[:1]
            and ctx.next_raw[0][:1].isupper()
            and fold(ctx.next_raw[0]) in people
        ):
            people.add(m.key)  # "Wilmer Chota Olmos (34)" ... later "Chota Olmos tenía"
        if _ship_before(ctx):
            people.add(m.key)  # the ship stays a ship in the document ("the Huáscar is ...")
        if readings.person and not _SAINT_OF.match(m.key):
            people.add(m.key.rsplit(" ", 1)[-1])  # "Edwin Chota" ... later "Chota"
            people.add(_surname(m.key))  # "José de San Martín" ... later "San Martín"
        if ctx.next_joined and ctx.next_raw[:1] and ctx.next_raw[0] in _BUSINESS_NAME_ENDS:
            last = None
            continue  # "Cusco Grill": the restaurant; a later bare "Cusco" may be the city
        if " " in m.key and _LIFE_BRACKET.match(text, m.end):
            # "José María Arguedas (Andahuaylas, 1911 – Lima, 1969)": the writer, not the
            # district named after him.
            people.add(m.key)
            last = None
            continue
        if _club_name(ctx):
            last = None  # "Deportivo Chota 2-0 ... | Chota": the club, and later the town
            continue
        if (
            _business_before(ctx)
            or _BUSINESS_AFTER.match(folded, m.end)
            or (
                sports
                and m.key in _CLUB_NAMES
                and _cue(ctx) not in lx.ADMIN_LEVELS
                and ctx.prev[:1] != ("en",)
            )
        ):
            # "Cusco, a new Peruvian restaurant in Brooklyn", "a street called Huancayo",
            # "Sport Huancayo", "Melgar pierde en la altura": a business, street or club, for
            # the whole document.
            people.add(m.key)
            last = None
            continue
        if (
            m.key in people
            and _cue(ctx) not in lx.ADMIN_LEVELS
            and not (ctx.sentence_initial and lines.table_level(m.start) in lx.ADMIN_LEVELS)
            and not _locative_place(ctx)
            and not _UNIT_APPOSITION_AFTER.match(folded, m.end)
            and not _motion_to(ctx)
            and not _line_dateline(text, m.start, m.end, lines)  # "Chota. A los 87 años ..."
        ):  # a table row under "Distrito (provincia)" is the district, not the poet
            last = None
            continue
        near_abroad = None if peru else _abroad(ctx, m.key)  # reused by _blocked for this ctx
        if not peru and sports and m.key in _FOREIGN_BUREAUS and _cue(ctx) is None:
            near_abroad = True  # "signed from a club in Montevideo", "Nacional of Montevideo"
        if not peru and _FOREIGN_BRACKET.match(folded, m.end):
            near_abroad = True  # "los comerciantes de Desaguadero (La Paz)"
        # "Buenos Aires province": Peru has no such province, whatever the province cue says.
        foreign_province = (
            not peru
            and (
                _foreign_province((*m.key.split(), *ctx.next[:1]), 0)
                or (  # "en la provincia de Buenos Aires"
                    tuple(m.key.split()) in lx.FOREIGN_PROVINCES
                    and ctx.prev[:1] == ("de",)
                    and ctx.prev[1:2] != ()
                    and ctx.prev[1] in lx.PROVINCE_WORDS
                )
            )
        )
        if foreign_province or (not peru and abroad_end >= 0 and text[abroad_end : m.start] == " "):
            near_abroad = True  # "Morona Santiago": the foreign name goes on
        here_abroad = bool(
            near_abroad
            or (
                not peru
                and (
                    _abroad_clause(folded, m.start, ctx, m.key)
                    or _apposition_abroad(text, folded, m.end)
                    or _copula_abroad(folded, m.end)
                    or _list_apposition_abroad(text, folded, m.end)
                    or _in_country_clause(folded, m.start)
                )
            )
        )
        if here_abroad:
            abroad.add(m.key)
            abroad_at.setdefault(m.key, m.start)
            abroad_end = m.end
        elif abroad and not peru and m.key in lx.FOREIGN_QUALIFIERS:
            # "Fort Wayne, Indiana" in a document already abroad: the US state, not the
            # Loreto district of that name.
            abroad.add(m.key)
            abroad_at.setdefault(m.key, m.start)
        if (
            m.key in abroad
            and not peru
            and (foreign_province or here_abroad or _cue(ctx) not in lx.ADMIN_LEVELS)
        ):
            # "El alcalde de San Borja, en el departamento boliviano del Beni": words at this
            # very mention beat its cue; only the document's earlier sense yields to a cue.
            last = None
            continue
        # A capitalised word right before that is itself a matched place is fine ("Lima Callao").
        if prev_end >= 0 and ctx.prev and folded[prev_end : m.start].strip(" ,") == "":
            ctx = ctx._replace(prev=("and", *ctx.prev[1:]), prev_raw=("and", *ctx.prev_raw[1:]))
            near_abroad = None
        own_cue = _cue(ctx)
        if (
            own_cue in ("province", "district")
            and ctx.prev[1:2]
            and ctx.prev[1] in lx.LEVEL_ADJECTIVES
            and _ONE_OF_THE_LEVEL.search(folded, max(0, m.start - 60), m.start)
        ):
            own_cue = "department"  # "una de las provincias altoandinas de Cusco": the area
        cue = own_cue or _label_cue(folded, m.start, m.end)
        facility_town = cue is None and _facility_of_town(ctx)
        if facility_town:
            cue = "city"  # "el aeropuerto de Andahuaylas": the airport's town
        if cue is None and ctx.sentence_initial:
            cue = lines.table_level(m.start)  # "Casos por distrito:\nPariñas (Talara) 80"
        if cue is None and m.start in region_labels:
            cue = "department"  # "HUÁNUCO\nLa Municipalidad ...": a regional digest's section
        if cue is None and _numbered_region_item(text, m, readings):
            cue = "department"  # "1. Moquegua. Comuneros de ...": a report's items by region
        if cue is None and ":" in text[max(0, m.start - 60) : m.end + 1]:
            cue = lines.label_list_level(m.start)  # "Provincias:\nAmazonas: Chachapoyas, Luya"
            if (
                cue is None
                and text.startswith(":", m.end)
                and any(c.kind == "department" for c in readings.peruvian)
            ):
                b = _BULLET.match(text, text.rfind("\n", 0, m.start) + 1)
                if (
                    b is not None
                    and b.end() == m.start
                    and _labels_are_departments(text, m.start, gaz)
                ):
                    cue = "department"  # "– Puno: residents of Ayaviri ...": the region's item
        if (
            cue is None
            and text.startswith(")", m.end)
            and any(c.kind == "department" for c in readings.peruvian)
            and _PERSON_BEFORE_BRACKET.search(text, max(0, m.start - 60), m.start)
            and (last is None or last[0].end < m.start - 3)
        ):
            cue = "department"  # "Alejandro Salas Tello (Ica)": a lawmaker's constituency
        if cue is None and _BOUNDARY_BETWEEN.search(folded, max(0, m.start - 50), m.start):
            cue = "department"  # "el límite interdepartamental entre Huánuco y Pasco"
        if cue is None and text.find("(", max(0, m.start - 50), m.start) >= 0:
            cue = _bracket_second_level(text, m.start, gaz)  # "Mazuko (Inambari, Tambopata)"
            if (
                cue is None
                and last is not None
                and last[1] == "province"
                and _PROVINCE_BRACKET.fullmatch(folded, last[0].end, m.start)
            ):
                cue = "department"  # "Puerto Inca province (Huánuco)": the department
        if "|" in text[max(0, m.start - 80) : m.start]:
            head = _table_column_header(text, m.start, table_headers)
            if head and _NAME_COLUMN.search(head):
                last = None
                continue  # a cell of a column of people or parties
            if cue is None:
                cue = _COLUMN_LEVELS.get(head) if head else None  # a "Region" column
        if cue is None:
            lv = _LIST_THEN_LEVEL.match(text, m.end)
            if lv:
                cue = _PLURAL_LEVEL[fold(lv.group("lvl"))]  # "the Apurimac and Cusco regions"
        if (
            cue is None
            and cues.near(cues.regions, m.start, 100)
            and _REGION_CLAUSE.search(folded, max(0, m.start - 100), m.start)
        ):
            cue = "department"  # "The last three regions ..., together with Arequipa and Puno"
        if (
            cue is None
            and (
                any(w in lx.LOCALITY_CUE_WORDS for w in ctx.prev[:3])
                or text[max(0, m.start - 2) : m.start].rstrip()[-1:] == "."
            )
            and _LOCALITY_CUE.search(folded, max(0, m.start - 48), m.start)
        ):
            cue = "locality"  # "el caserío Ccollpa", "the village of Sorapata"
        if cue is None and _LOCALITY_APPOSITION.match(folded, m.end):
            cue = "locality"  # "Puerto Pizarro, a fishing village where boatmen ..."
        # "La provincia de Chiclayo concentra el 70%; le siguen Ferreñafe y Lambayeque".
        if (
            cue is None
            and last_level is not None
            and _FOLLOWED_BY.search(folded, max(0, m.start - 24), m.start)
        ):
            cue = last_level
        # A list inherits the cue of its head: "las provincias de Azángaro, Lampa y Huancané".
        if (
            cue is None
            and _LEVEL_STEM.search(folded, max(0, m.start - 48), m.start)
            and (head := _LEVEL_COLON.search(folded, max(0, m.start - 48), m.start))
        ):
            cue = _TABLE_LEVELS[head.group(1)]  # "the valleys of five regions: Lima, Ica, ..."
        if cue is None and (tail := _LEVEL_AFTER.match(text, m.end)):
            cue = _TABLE_LEVELS[tail.group(1) or tail.group(2)]
        if (
            cue is None
            and tuple(ctx.prev[:2]) in _MAYOR_OF
            and any(e.kind == "district" for e in readings.entries)
            and not any(e.kind in ("province", "department") for e in readings.entries)
        ):
            cue = "district"  # "el alcalde de Pangoa": a municipality, not a village so named
        inherited = False
        if cue is None and last is not None and last[1] is not None:
            gap = folded[last[0].end : m.start]
            if (
                _LIST_GAP.fullmatch(gap)
                and gap.strip()
                and not (list_single and not _AND_GAP.search(gap))
            ):
                cue, inherited = last[1], True
        if cue in (None, "city") and _HOLDS_UNITS_AFTER.match(folded, m.end):
            cue = "department"  # "• Cajamarca: provincias de Cajabamba y San Marcos"
        if cue in (None, "city") and not facility_town:
            if _blocked(m, ctx, cands, own_cue, near_abroad, m.key in unit_keys, readings.nonplace):
                if _person_after(ctx) or _joined_given_name(ctx):
                    people.add(m.key)
                last = None
                if _feature_before(ctx):
                    blocked_end = m.end
                continue
        elif not ctx.capitalised and not m.surface.isupper() and not ctx.lower_line:
            last = None
            continue
        if cue in lx.ADMIN_LEVELS:
            unit_keys.add(m.key)
        blocked_end = -1
        peruvian = readings.peruvian
        # "72 distritos de Huancavelica": a plural level word before a department's name
        # names what it contains, not the level of the name.
        if (
            cue in lx.ADMIN_LEVELS
            and ctx.prev[1:2]
            and ctx.prev[1] in lx.PLURAL_LEVEL_WORDS
            and any(c.kind == "department" for c in peruvian)
            # a list after it is of districts ("los distritos de Huancavelica, Lircay y ..."),
            # unless a count says they are counted in it ("64 districts of Piura and Tumbes")
            and (not _LIST_AFTER.match(folded, m.end) or (ctx.prev[2:3] and ctx.prev[2].isdigit()))
        ):
            cue = "department"
        if cue in lx.ADMIN_LEVELS and any(c.kind == cue for c in peruvian):
            peruvian = tuple(c for c in peruvian if c.kind == cue)
        elif (
            cue == "department"
            and _rural_area_before(ctx)
            and any(c.kind == "province" for c in peruvian)
        ):
            # "la sierra de Ferreñafe": the widest unit of that name, here the province
            peruvian = tuple(c for c in peruvian if c.kind == "province")
            cue = "province"
        elif cue == "department" and not peru and "departamento" in ctx.prev[:2]:
            last = None
            continue  # "el departamento de San Pedro" (Paraguay): Peru has no such department
        elif (
            cue in ("department", "province")
            and not peru
            and not any(c.kind == cue for c in peruvian)
            and _foreign_before(folded, m.start)
        ):
            last = None
            continue  # "Ecuador reported damage in the provinces of El Oro and Guayas"
        # Localities are a reading of last resort: a unit or town of that name comes first.
        units_or_towns = (
            readings.units_or_towns
            if peruvian is readings.peruvian
            else tuple(c for c in peruvian if c.kind != "locality")
        )
        village_only = not units_or_towns
        if cue == "locality" and not village_only:
            cue = "city"  # "the fishing town of Chancay": the town, not a hamlet of that name
        if units_or_towns and cue != "locality":
            peruvian = units_or_towns
        if not peruvian:
            last = None
            continue
        if m.key in lx.STRONG_CUE_ONLY and cue is None:
            last = None
            continue
        weak = m.key in lx.ORDINARY_WORDS or m.key in lx.PERSON_NAMES
        j = Judged(m, peruvian, cue, weak and cue is None, peru)
        # "las provincias de Huari y Yungay (Áncash); Andahuaylas y Chincheros (Apurímac)": the
        # bracket holds the items' department; the list and its level go on after it.
        close = _container_close(text, last, m)
        if not inherited and close is None:
            list_single = bool(ctx.prev[1:2]) and ctx.prev[1] in _SINGLE_LEVEL_WORDS
        last = (_ListEnd(close), last[1]) if close is not None and last is not None else (m, cue)
        if cue in lx.ADMIN_LEVELS:
            last_level = cue
        if village_only:
            if _PROVINCIAL_CAPITAL.match(folded, m.end):
                # "Santa María de Nieva, the provincial capital": the reading that is the capital
                # of its province (district code ending in 01).
                capitals = tuple(c for c in peruvian if c.ubigeo.endswith("01"))
                if capitals:
                    j = Judged(m, capitals, "locality", False, peru)
                    cue = "locality"
            # Only with support; and "Plaza" or "Carretera" never join the next name to a place.
            if cue in ("locality", "city") or peru or not (ctx.title_case or m.surface.isupper()):
                villages.append(j)
            continue
        if weak and cue is None and not peru:
            loc = bool(ctx.prev[:1]) and ctx.prev[0] in lx.LOCATIVE and not ctx.sentence_initial
            article = bool(ctx.prev[:1]) and ctx.prev[0] in _ARTICLES_OR_POSSESSIVES
            gap = folded[prev_end : m.start] if 0 <= prev_end <= m.start else ""
            # "Piura, Lambayeque, La Libertad y Tumbes": an item of a list of places.
            listed = bool(gap.strip()) and len(gap) < 8 and bool(_LIST_GAP.fullmatch(gap))
            if not loc and not listed:
                # "Día de la Independencia", "of Bolívar": wait for support from the document.
                if not article:
                    held.append(j)
                continue
        prev_end = m.end
        out.append(j)
    out = _drop_namesakes_abroad(
        out,
        folded,
        sentences or split_sentences(text, folded),
        foreign_at,
        _foreign_dateline(text, abroad_at),
    )
    out = _headline_follows_body(out, text, abroad_at, foreign_names)
    out = _lone_namesakes_abroad(out, abroad_at, foreign_names)
    out = _repeated_namesakes(out, text, folded, abroad_at)
    out = _department_lists_called_provinces(out, folded, gaz)
    out = _province_lists_by_an_item(out, folded, gaz)
    if held or villages or deferred:
        deps, provs = _anchors(out)
        dists = _district_anchors(out)
        later: list[Mention] = []
        headline_end = text.find("\n\n", 0, 200)
        # Where the body first placed each name in Peru (a cue, "X, Peru"): a bare name in the
        # headline takes the sense the body settles first (as in _headline_follows_body).
        peru_at: dict[str, int] = {}
        for j in (*out, *villages):
            if j.cue is not None or j.peru:
                k, at = j.mention.key, j.mention.start
                peru_at[k] = min(at, peru_at.get(k, at))
        for m in deferred:
            # A bare village name with neither cue nor containment: only its district or
            # province named elsewhere in the document makes it a place, and never for a
            # name that is an ordinary word ("Union", "Vizcarra" are not villages here).
            cands = index[m.key]
            near = tuple(
                c
                for c in cands
                if not c.common and (dists.get(c.ubigeo) or provs.get(c.ubigeo[:4]))
            )
            in_headline = 0 <= m.start < headline_end
            if m.key in people or (
                m.key in abroad
                and not (in_headline and peru_at.get(m.key, len(text)) < abroad_at[m.key])
            ):
                continue
            if not near:
                later.append(m)  # supported only if the document places this village elsewhere
                continue
            if _AGE_AFTER.match(text, m.end) or _inside_handle(text, m.start):
                continue
            if credits and any(a <= m.start < b for a, b in credits):
                continue
            ctx = _context(text, folded, m.start, m.end, lines)
            nonplace = gaz.readings(m.key).nonplace  # cands are that name's readings
            if ctx.title_case or m.surface.isupper() or _blocked(m, ctx, cands, nonplace=nonplace):
                continue
            out.append(Judged(m, near, None, False, False))
        if held:
            by_end = sorted(out, key=lambda j: j.mention.end)
            ends = [j.mention.end for j in by_end]
        for j in held:
            if j.mention.key in abroad and j.mention.start < headline_end:
                continue  # "how La Libertad became Central America's wave capital" abroad
            # A department needs its own department named elsewhere ("sierra de La Libertad"
            # beside Trujillo); a town or district needs its province.
            if any(
                deps.get(c.ubigeo) if c.kind == "department" else provs.get(c.ubigeo[:4])
                for c in j.candidates
            ):
                out.append(j)
                continue
            # "Ayaviri (Melgar)": the name in brackets holds the place before it.
            k = bisect_right(ends, j.mention.start) - 1
            if k >= 0 and _OPEN_BRACKET_GAP.fullmatch(text, ends[k], j.mention.start):
                codes = [c.ubigeo for c in j.candidates if c.kind in ("province", "department")]
                if any(x.ubigeo.startswith(tuple(codes)) for x in by_end[k].candidates if codes):
                    out.append(j)
        out.sort(key=lambda j: j.mention.start)
        inside = _containers(villages, out, text)
        accepted: dict[str, tuple[Entry, ...]] = {}
        for j in villages:
            area = inside.get(id(j))
            kept = _supported_villages(j, area[1] if area else None, deps, provs, dists)
            if not kept and area is None:
                kept = accepted.get(j.mention.key, ())  # the village the document placed before
            if kept:
                accepted.setdefault(j.mention.key, kept)
                out.append(j if kept == j.candidates else j._replace_candidates(kept))
            elif area is not None and (
                j.cue == "locality" or not any(c.common for c in j.candidates)
            ):
                # "el caserío X, en el distrito de Y" with no X of that name in Y: the event is
                # in Y, and X is kept as the place the text names.
                c = area[0]
                out.append(Judged(j.mention, c.candidates, c.cue, False, j.peru, j.mention.surface))
        if later:
            # One sense per document: "las comunidades de Wawas y Nazareth, en el distrito de
            # Imaza" ... "el apu de Nazareth" is the same village.
            placed = {j.mention.key: j for j in out if j.place is None}
            first_line_end = text.find("\n")
            for m in later:
                j = placed.get(m.key)
                if j is None or not all(c.kind == "locality" for c in j.candidates):
                    continue
                if _AGE_AFTER.match(text, m.end) or _inside_handle(text, m.start):
                    continue
                ctx = _context(text, folded, m.start, m.end, lines)
                # A Title Case or capitals headline over a body that places the village
                # ("Comuneros de Tres Islas bloquean la vía") names that village too.
                headline = m.end <= first_line_end and j.mention.start > first_line_end
                if (ctx.title_case or m.surface.isupper()) and not headline:
                    continue
                if _blocked(m, ctx, index[m.key], nonplace=gaz.readings(m.key).nonplace):
                    continue
                out.append(Judged(m, j.candidates, None, False, False))
        out.sort(key=lambda j: j.mention.start)
    return _unknown_localities(text, folded, _headline_people(out, text, people))


_UNKNOWN_LOCALITY = re.compile(
    r"\b(?:[Cc]aser[ií]o|[Cc]omunidad(?:\s+[Nn]ativa|\s+[Cc]ampesina)?|[Cc]entro\s+[Pp]oblado|"
    r"[Cc]omuner[oa]s|[Aa]sentamiento\s+[Hh]umano|AA\.\s?HH\.|[Uu]rbanizaci[oó]n|"
    r"[Aa]nexo|[Ss]ector|[Ll]ocalidad|[Pp]oblado|(?:[Tt]he\s+)?(?:[Nn]ative\s+)?"
    r"(?:village|community|hamlet|settlement)\s+of)\s+(?:(?:de|del)\s+)?"
    r"(?P<name>[A-ZÁÉÍÓÚÑ][^\W\d_]+(?:['’-][^\W\d_]+)*"
    r"(?:\s+(?:(?:de|del|la|las|los|el)\s+)?[A-ZÁÉÍÓÚÑ][^\W\d_]+(?:['’-][^\W\d_]+)*){0,3})"
)
# The pattern above from its cue word on, and the cue words (folded) it can start from.
_UNKNOWN_LOCALITY_TAIL = re.compile(
    _UNKNOWN_LOCALITY.pattern.replace(r"\b(?:[Cc]aser", r"(?:[Cc]aser", 1).replace(
        r"(?:[Tt]he\s+)?(?:[Nn]ative\s+)?", "", 1
    )
)
_LOCALITY_CUES = (
    "caseri", "comunidad", "centro", "anexo", "sector", "localidad", "poblado", "village",
    "community", "hamlet", "settlement", "comuner", "asentamiento", "aa.", "urbanizacion",
)  # fmt: skip
_UNKNOWN_HINTS = (
    "caserio", "comunidad", "centro poblado", "anexo", "sector", "localidad", "poblado",
    "village", "community", "hamlet", "settlement", "port", "town", "puerto", "pueblo",
    "comuner", "asentamiento", "aa.", "urbanizacion",
)  # fmt: skip
# "Puerto Malabrigo, a fishing port in the Rázuri district", "20 de Enero, a riverside village
# in the Nauta district": a name described as a settlement placed in a unit named next.
_APPOSITIVE_LOCALITY = re.compile(
    r"(?<![\w-])(?P<name>(?:\d{1,2}\s+de\s+)?[A-ZÁÉÍÓÚÑ][^\W\d_]+(?:['’-][^\W\d_]+)*"
    r"(?:\s+(?:(?:de|del|la|las|los|el)\s+)?[A-ZÁÉÍÓÚÑ][^\W\d_]+(?:['’-][^\W\d_]+)*){0,3})"
    r",\s+(?:a|an|un|una)\s+(?:[^\W\d_]+\s+){0,3}(?:village|town|port|community|hamlet|"
    r"settlement|pueblo|caser[ií]o|comunidad|poblado|localidad|puerto|aldea)\s+(?:in|en|of|de|del)\b"
)
_APPOSITIVE_TAIL = re.compile(
    _APPOSITIVE_LOCALITY.pattern[_APPOSITIVE_LOCALITY.pattern.index(",\\s+(?:a|an") :]
)


def _cued_localities(text: str, folded: str) -> Iterator[re.Match[str]]:
    """_UNKNOWN_LOCALITY.finditer(text), searched only where a cue word stands.

    The full pattern tried at every position of the text cost a tenth of all extraction; a
    match can only start at a cue word (or "the"/"native" just before one), so each cue found
    by str.find is checked with the pattern's tail first and searched from just before it.
    """
    pos = 0
    for p in sorted({i for w in _LOCALITY_CUES for i in _find_all(folded, w)}):
        if p < pos or not _UNKNOWN_LOCALITY_TAIL.match(text, p):
            continue
        m = _UNKNOWN_LOCALITY.search(text, max(pos, p - 40))
        if m is None:
            return
        yield m
        pos = max(m.end(), m.start() + 1)


def _appositive_localities(text: str) -> Iterator[re.Match[str]]:
    """_APPOSITIVE_LOCALITY.finditer(text), searched only before ", a village in" and kin.

    The name ends at the comma, so the pattern runs on the few hundred characters before
    each such tail instead of from every capitalised word of the text.
    """
    pos = 0
    for tail in _APPOSITIVE_TAIL.finditer(text):
        c = tail.start()
        if c < pos:
            continue
        m = _APPOSITIVE_LOCALITY.search(text, max(pos, c - 300), tail.end())
        if m is not None:
            yield m
            pos = m.end()


def _find_all(haystack: str, needle: str) -> Iterator[int]:
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + 1)


def _unknown_localities(text: str, folded: str, judged: list[Judged]) -> list[Judged]:
    """Localities the gazetteer lacks, placed by the text: "la comunidad de X, en Y district".

    The event is in the container, with the locality's name kept as its place.
    """
    if not judged or not any(w in folded for w in _UNKNOWN_HINTS):
        return judged
    starts = [j.mention.start for j in judged]
    extra: list[Judged] = []
    for m in chain(_cued_localities(text, folded), _appositive_localities(text)):
        a, b = m.span("name")
        if m.re is _APPOSITIVE_LOCALITY and (
            fold(m.group("name")).split()[0] in lx.GIVEN_NAMES or _is_initial(text, a)
        ):
            continue  # "Juan Irey, a community leader in ...": a person
        k = bisect_right(starts, a - 1)
        if k > 0 and judged[k - 1].mention.end > a:
            continue  # already a mention (a known place)
        if k < len(judged) and judged[k].mention.start < b:
            # the name runs into a known place ("Nuevo Progreso Kimbiri"): cut it there
            b = judged[k].mention.start
            while b > a and not text[b - 1].isalnum():
                b -= 1
        if b <= a or k >= len(judged):
            continue
        c = judged[k]
        gap = text[b : c.mention.start]
        if len(gap) > 60 or not gap.strip() or not _CONTAIN_GAP.fullmatch(gap):
            continue
        if k + 1 < len(judged) and _POSSESSIVE_GAP.fullmatch(
            text, c.mention.end, judged[k + 1].mention.start
        ):
            finer = judged[k + 1]  # "the community of Saweto, in Ucayali's Masisea district"
            if {x.ubigeo[:2] for x in finer.candidates} & {x.ubigeo[:2] for x in c.candidates}:
                c = finer
        if c.place is not None or all(x.kind == "locality" for x in c.candidates):
            continue
        surface = text[a:b]
        extra.append(
            Judged(
                Mention(surface, a, b, fold(surface)), c.candidates, c.cue, False, False, surface
            )
        )
    if not extra:
        return judged
    return sorted([*judged, *extra], key=lambda j: j.mention.start)


def _department_lists_called_provinces(
    judged: list[Judged], folded: str, gaz: Gazetteer
) -> list[Judged]:
    """ "the provinces of Amazonas, Loreto and Lambayeque": English calls departments provinces.

    A list that took "province" from its head is about departments when one of its names is
    a department and no province at all.
    """
    out = list(judged)
    i = 0
    while i < len(out):
        head = out[i].cue
        if head not in ("province", None):
            i += 1
            continue
        k = i
        while (
            k + 1 < len(out)
            and out[k + 1].cue == head
            and _LIST_GAP.fullmatch(folded, out[k].mention.end, out[k + 1].mention.start)
        ):
            k += 1
        group = out[i : k + 1]
        # A bare list ("El friaje golpeó a Madre de Dios, Ucayali y Loreto") needs three names,
        # every one a department's.
        if len(group) >= (2 if head == "province" else 3):
            readings = [gaz.index.get(j.mention.key, ()) for j in group]
            if (
                head == "province" or all(any(c.kind == "department" for c in r) for r in readings)
            ) and any(
                any(c.kind == "department" for c in r) and not any(c.kind == "province" for c in r)
                for r in readings
            ):
                for n, (j, r) in enumerate(zip(group, readings, strict=True)):
                    deps = tuple(c for c in r if c.kind == "department")
                    if head is None and any(c.kind in ("district", "place") for c in r):
                        continue  # a bare capital in a bare list stays the city (convention)
                    if deps:
                        out[i + n] = Judged(j.mention, deps, "department", j.weak, j.peru, j.place)
        i = k + 1
    return out


def _province_lists_by_an_item(judged: list[Judged], folded: str, gaz: Gazetteer) -> list[Judged]:
    """ "el estado de emergencia en Cotabambas, Grau, Andahuaylas y Chincheros": a bare list of
    three or more names that are all provinces, one of them a province and no district or town
    (Grau), is a list of provinces."""
    out = list(judged)
    i = 0
    while i < len(out):
        if out[i].cue is not None:
            i += 1
            continue
        k = i
        while (
            k + 1 < len(out)
            and out[k + 1].cue is None
            and _LIST_GAP.fullmatch(folded, out[k].mention.end, out[k + 1].mention.start)
        ):
            k += 1
        group = out[i : k + 1]
        if len(group) >= 3:
            readings = [gaz.index.get(j.mention.key, ()) for j in group]
            provs = [tuple(c for c in r if c.kind == "province") for r in readings]
            only = [
                bool(p) and not any(c.kind in ("district", "place", "department") for c in r)
                for p, r in zip(provs, readings, strict=True)
            ]
            if all(provs) and any(only) and not all(only):
                for n, (j, p) in enumerate(zip(group, provs, strict=True)):
                    out[i + n] = Judged(j.mention, p, "province", j.weak, j.peru, j.place)
        i = k + 1
    return out


_VILLAGE_AFTER = re.compile(r"\s*(?:,|\(|-|–|\s(?:en|in|del?|of)\s)")


def _village_hint(text: str, folded: str, m: Mention) -> bool:
    """Something next to a village name that may support it: a locality cue before it, a
    containment or a country after it, or a line start (a dateline)."""
    if _VILLAGE_AFTER.match(text, m.end):
        return True
    ls = text.rfind("\n", max(0, m.start - 200), m.start) + 1
    if not text[ls : m.start].strip():
        return True
    before = folded[max(0, m.start - 48) : m.start]
    return any(w in before for w in _VILLAGE_CUE_STEMS)


# An apposition saying the name is a village: "X, a fishing village", "X, un caserío de".
_LOCALITY_APPOSITION = re.compile(
    r",\s+(?:a|an|un|una|el|la)\s+(?:[a-z]+\s+){0,2}?(?:village|hamlet|settlement|caserio"
    r"|anexo|comunidad|centro poblado|aldea|villorrio|pueblito|fishing (?:town|port))\b"
)
_VILLAGE_CUE_STEMS = (
    "comunidad", "caseri", "poblado", "anexo", "sector", "localidad", "villorrio",
    "asentamiento", "pueblo", "barrio", "village", "town", "communit", "hamlet", "settlement",
    "camp", "c.p", "cc.", "aa.", "cp ", "ccpp", "ccnn", "aahh", "near ", "cerca", "port of",
    "puerto de", "ciudad", "city",
)  # fmt: skip


def _supported_villages(
    j: Judged,
    areas: set[str] | None,
    deps: Counter[str],
    provs: Counter[str],
    dists: Counter[str],
) -> tuple[Entry, ...]:
    """The readings of a locality name the text supports; none means it is not a place here.

    Support is a containment ("X, distrito de Y", "X (Huanta)") or the document naming the
    locality's district or province; its department is enough for a name that is no ordinary
    word, and only with a locality cue ("el caserío X") or "X, Peru".
    """
    cands = j.candidates
    if areas:
        # The text says where it is: a namesake elsewhere is not it, whatever else is named.
        return tuple(c for c in cands if any(c.ubigeo.startswith(a) for a in areas))
    cue = j.cue in ("locality", "city") or j.peru  # "el caserío X", "a port near X", "X, Peru"
    near = tuple(
        c
        for c in cands
        if (dists.get(c.ubigeo) or provs.get(c.ubigeo[:4])) and (cue or not c.common)
    )
    if near:
        return near
    if cue:
        by_dep = tuple(c for c in cands if deps.get(c.ubigeo[:2]) and not c.common)
        if by_dep:
            return by_dep
        if j.peru and len({c.ubigeo for c in cands}) == 1:
            return cands
    return ()


def _containers(
    villages: list[Judged], found: list[Judged], text: str
) -> dict[int, tuple[Judged, set[str]]]:
    """Areas named right after a locality that contain it: "X, en el distrito de Y", "X (Y)"."""
    if not villages or not found:
        return {}
    starts = [j.mention.start for j in found]
    out: dict[int, tuple[Judged, set[str]]] = {}
    for v in villages:
        k = bisect_right(starts, v.mention.end)
        if k < len(found):
            nxt = found[k]
            gap = text[v.mention.end : nxt.mention.start]
            if len(gap) <= 60 and _CONTAIN_GAP.fullmatch(gap):
                out[id(v)] = (nxt, {c.ubigeo for c in nxt.candidates})
    return out


def _district_anchors(judged: list[Judged]) -> Counter[str]:
    """Districts the document names without ambiguity."""
    out: Counter[str] = Counter()
    for j in judged:
        codes = {c.ubigeo for c in j.candidates if c.kind != "locality"}
        if len(codes) == 1:
            code = next(iter(codes))
            if len(code) == 6:
                out[code] += 1
    return out


# "X, en el distrito de Y", "X (Huanta)", "X in Kimbiri", "X, Satipo province": what follows a
# locality and names the area it lies in.
_POSSESSIVE_GAP = re.compile(r"['’]s\s+")
_CONTAIN_GAP = re.compile(
    r"\s*(?:,|\(|-|–)?\s*(?:(?:a|an|un|una)\s+(?:[^\W\d_]+\s+){1,3}(?=in\b|en\b|of\b|de\b))?"
    r"(?:(?:pueblo|town|village|ciudad|city)\s+que\s+(?:hoy\s+|now\s+)?(?:es|is)\s+)?"
    r"(?:(?:la|the)\s+)?(?:capital\s+(?=de\b|del\b|of\b))?"  # "X, capital del distrito de Y"
    r"(?:tambi[eé]n\s+|also\s+|hoy\s+|now\s+)?"
    r"(?:(?:que\s+)?(?:est[aá]\s+)?(?:ubicad[oa]s?\s+|situad[oa]s?\s+)?"
    r"(?:en|in|de|del|of)\s+)?(?:(?:the|el|la)\s+)?"
    r"(?:(?:distrito|district|provincia|province|regi[oó]n|region|departamento)\s+(?:de\s+|of\s+)?)?",
    re.IGNORECASE,
)
_FOLLOWED_BY = re.compile(r"\b(?:le|les)\s+(?:siguen|sigue)\s+$|\bfollowed\s+by\s+$")
# A brief: a headline line with no final stop, its story on the next line, after a blank one
_BRIEF_HEAD = re.compile(r"\n\n[A-ZÁÉÍÓÚÑ][^\n.!?:]{10,118}[^\n.!?:;,]\n[A-ZÁÉÍÓÚÑ][^\n]{40,}")
_BLANK_LINE = re.compile(r"\n\n")
_SOURCE_LINE = re.compile(r"\s*(?:fuente|source|elaboracion|nota|note)s?\b[^\n]{0,200}$", re.M)
# A tally's cut-off: "(acumulado al 3 de julio)", "cumulative to 3 July", "total as of"
_TALLY_TO = re.compile(
    r"\b(?:acumulad[oa]s?\s+(?:al|hasta\s+el)|cumulative\s+(?:to|as\s+of|through)"
    r"|totals?\s+as\s+of)\s+$"
)
# Two or more capitalised words (a person's names) right before "(": "Rosa Huamán Grau ("
_PERSON_BEFORE_BRACKET = re.compile(
    r"(?<![\w,(])[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s+(?:de\s+(?:la\s+)?)?[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+){1,3}"
    r"\s\($"
)
_BOUNDARY_BETWEEN = re.compile(
    r"\blimites?\s+(?:interdepartamental(?:es)?\s+|departamental(?:es)?\s+)?(?:entre|de)\s+$"
)
_REGION_CLAUSE = re.compile(r"\b(?:regions|regiones|departamentos|departments)\b[^.;:!?\n]*$")
_PERU_AFTER = re.compile(
    r"\s+(?:in|en)\s+(?:el\s+)?peru(?![\w'’])|\s*,?\s+on\s+the\s+peruvian\s+coast\b|"
    r"\s*,\s*(?:en|in|on)\s+(?:la|el|the)\s+(?:\w+\s+){1,3}(?:del|de|of)\s+(?:el\s+|the\s+)?peru(?![\w'’])"
    r"|\s*,\s*peru(?![\w'’])|\s*,\s*peru['’]s\s+(?:capital|largest|second|third)\b|\s*,?\s*(?:on|in)\s+(?:what\s+is\s+now\s+)?peru['’]s\b|\s+peruan[oa]\b"
    # "Lima, the Peruvian capital", "Lima, la capital peruana", "the real Callao is Peru's port"
    r"|\s*,\s*the\s+peruvian\s+(?:capital|port|city|town)\b|\s*,\s*la\s+capital\s+peruana\b"
    r"|\s+is\s+peru['’]s\s+(?:\w+\s+){0,2}(?:port|city|capital|town)\b"
    # "Pizarro established Trujillo on the northern coast of Peru"
    r"|\s+on\s+the\s+(?:\w+\s+){0,2}coast\s+of\s+peru(?![\w'’])"
    r"|\s*\(\s*(?:el\s+)?peru\s*\)"  # "el hermanamiento con Trujillo (Perú)"
)  # "Trujillo, Peru", "Trujillo on Peru's northern coast", "el Trujillo peruano"
# "Trujillo, a hilltop town in Extremadura, Spain", "Trujillo, on the northern coast of
# Honduras": an apposition that ends in a foreign country or state.
_APPOSITION = re.compile(
    r"\s*,\s*(?:a|an|the|on|in|un|una|en|al|capital|near|cerca"
    r"|(?:(?:just|only|some|about|around|roughly|apenas|solo|unos|a\s+unos|a)\s+)?"
    r"\d[\d.,]*\s*(?:km|kilometers|kilometres|kilometros|miles|millas))\s[^.;:\n]{0,70}"
)  # "Trujillo, 250 km west of Madrid", "Trujillo, near Cáceres"
# What a place is now, after what it was: "Tarapacá, today part of northern Chile".
_NOW_APPOSITION = re.compile(r"\s*,\s*(?:today|now|hoy|actualmente)\s[^.;:\n]{0,60}")
# Peru or a Peruvian place, not "ingenieros peruanos" (people) later in the clause.
_PERU_WORD = re.compile(r"\bperu\b|\bperuan[ao]\b|\bperuvian\b")
_BORDER_WORDS = re.compile(r"\b(?:border|borders|frontera|limite|limites|near|cerca|close|next)\b")
_PAREN_WORD = re.compile(r"\(\s*([a-z]+)\s*\)")
# "En el Perú, en cambio, Santa Cruz es ...": the clause opens by placing what follows in Peru.
# "the northern Peruvian region of La Libertad", "la región peruana de Tacna".
_PERUVIAN_UNIT_BEFORE = re.compile(
    r"\b(?:peruvian|peru['’]s)\s+(?:\w+\s+)?(?:region|department|province|district|city|town"
    r"|village|port)\s+of\s+$|\b(?:region|ciudad|provincia|localidad)\s+peruana\s+de\s+$"
)
_IN_PERU_BEFORE = re.compile(
    r"\b(?:en el peru|en peru|in peru|(?:on|in) the peruvian (?:side|bank|shore|part)"
    r"|(?:en|de|del) (?:el |la )?(?:lado|orilla|parte|sector) peruan[oa])\b[^.;:\n]{0,25}$"
)  # "On the Peruvian bank, traders in Desaguadero ...": that side of a border town
_APPOSITION_FOREIGN = re.compile(
    r"(?:\b(?:in|of|de|en|del)\s+(?:the\s+)?(?:(?:southern|northern|eastern|western|central"
    r"|rural|upstate|downstate)\s+)?|,\s*)([a-z]+)\b"
)  # "a city in the Philippines' Nueva Ecija province"
# "Granada, la ciudad andaluza", "Sucre, la capital constitucional de Bolivia": an article
# opens the apposition, so only a unit word with a foreign demonym or country counts.
_APPOSITION_ARTICLE = re.compile(
    r"\s*,\s*(?:la|el)\s+(?:capital|ciudad|localidad|villa|pueblo|municipio|comuna|provincia"
    r"|region|departamento|estado|canton)\s+([^.;:,\n]{0,50})"
)


# US states that are also Spanish words: "Cerro de Pasco, nevada ligera" is the snowfall.
_SPANISH_WORD_STATES = frozenset("nevada nevadas colorado montana".split())
_COMMA_WORD = re.compile(r"\s*,\s*([a-z]+)\b")


def _apposition_abroad(text: str, folded: str, end: int) -> bool:
    """The apposition after a name places it in another country."""
    w = _COMMA_WORD.match(folded, end)
    if w and w[1] in _SPANISH_WORD_STATES and text[w.start(1)].islower():
        return False  # a forecast line "Huaraz, nevada ligera", not "Las Vegas, Nevada"
    m = _APPOSITION.match(folded, end)
    if not m:
        seg = _ARTICLE_SEGMENT.match(folded, end)
        if seg is not None and _BORDER_WITH_PERU.search(seg.group()):
            return True  # "Kasani, el paso fronterizo con el Perú"
        art = _APPOSITION_ARTICLE.match(folded, end)
        if art is None or _PERU_WORD.search(art[1]) or _BORDER_WORDS.search(art[1]):
            return False
        words = _WORD_RE.findall(art[1])
        return bool(_DEMONYMS_ONLY.intersection(words[:3])) or any(
            a in ("de", "del") and b in lx.FOREIGN_QUALIFIERS for a, b in pairwise(words[:5])
        )
    return _foreign_span(m.group())


_ARTICLE_SEGMENT = re.compile(r"\s*,\s*(?:el|la|los|las)\s+[^.;:,\n]{0,50}")
_BORDER_WITH_PERU = re.compile(
    r"\b(?:fronteriz[oa]s?|frontera|limitrofe|border(?:ing)?|crossing)\s+(?:con|with|into)"
    r"\s+(?:el\s+)?peru\b"
)
# "Puno, cerca de Bolivia" is a Peruvian town near the border.
_NEIGHBOURS = frozenset("bolivia chile ecuador colombia brasil brazil".split())
_NEAR_FOREIGN = re.compile(
    r"\b(?:near|cerca de|close to|next to|(?:west|east|north|south|northwest|northeast"
    r"|southwest|southeast) of|al (?:norte|sur|este|oeste) de"
    r"|(?:km|kilometers|kilometres|kilometros|miles|millas) (?:from|de))\s+(?:the\s+)?"
    r"(?:san\s+|santa\s+|new\s+|nueva\s+)?([a-z]+)"  # "south of San Salvador"
)
# Peru has no counties, cantons or states: "Lima, in Allen County", "en el estado de Zacatecas".
_FOREIGN_ONLY_UNITS = frozenset("county counties condado canton cantons".split())
_STATE_OF = re.compile(
    r"\b(?:el estado|the state|estado|state) (?:de|of) (?!(?:emergencia|emergency|alerta|alert"
    r"|sitio|siege|excepcion|calamidad|derecho|salud|health|animo|conservacion|abandono|coma"
    r"|la|las|los|the|su|sus)\b)[a-z]"
)
# "Lima es una ciudad del condado de Allen, en Ohio", "Cuzco is a town in southern Indiana".
_COPULA_TOWN = re.compile(
    r"\s+(?:es|era|fue|is|was)\s+(?:un|una|a|an|the|la|el)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:ciudad|pueblo|localidad|villa|municipio|city|town|village|municipality|community)\b"
    r"[^.;:\n]{0,60}"
)


def _copula_abroad(folded: str, end: int) -> bool:
    """ "X es una ciudad ... en Ohio": the sentence says what and where the name is."""
    m = _COPULA_TOWN.match(folded, end)
    return bool(m) and _foreign_span(", " + m.group(), of=False)


def _foreign_span(found: str, of: bool = True) -> bool:
    """An apposition's words place its name in another country."""
    span = found.split("(", 1)[0]  # "Desaguadero, en la provincia de Chucuito (Puno)"
    # The border and Peru words count in the apposition's own segment, not in the clause
    # after it ("San Borja, en el departamento boliviano del Beni, visitó la frontera").
    head = span.split(",", 2)
    own = ",".join(head[:2]) if len(head) > 2 else span
    if _BORDER_WITH_PERU.search(own):
        return True  # "Kasani, el paso fronterizo con el Perú": the other side of the border
    if _PERU_WORD.search(own):
        return False
    near = _NEAR_FOREIGN.search(own)
    if near and near[1] in lx.FOREIGN_QUALIFIERS and near[1] not in _NEIGHBOURS:
        return True  # "Trujillo, 250 km west of Madrid", "Trujillo, near Cáceres"
    if _BORDER_WORDS.search(own):
        return False  # "Tacna, a city on the border of Chile" is in Peru
    paren = _PAREN_WORD.match(found, len(span))
    if (
        paren
        and (len(span) <= 30 or _UNIT_CHAIN.fullmatch(span))
        and paren.group(1) in lx.FOREIGN_QUALIFIERS
    ):  # "Trujillo, en Extremadura (España)", "Desaguadero, en la provincia Ingavi del
        # departamento de La Paz (Bolivia)"
        return True
    for w in _APPOSITION_FOREIGN.finditer(span):
        # After a copula only "in Ohio", ", Ohio" count: "una ciudad con migrantes de Venezuela"
        if w.group(1) in lx.FOREIGN_QUALIFIERS and (of or not w.group().startswith(("de", "of"))):
            return True
    words = _WORD_RE.findall(span)
    if _FOREIGN_ONLY_UNITS.intersection(words[:8]) or _STATE_OF.search(own):
        return True
    for k, a in enumerate(words[:7]):
        # "en el departamento boliviano de La Paz", "in the Bolivian department of La Paz",
        # "a Chilean city", "the Spanish wine region"
        if a in _DEMONYMS_ONLY and (
            _FOREIGN_UNIT_OR_TOWN.intersection(words[max(0, k - 1) : k])
            or _FOREIGN_UNIT_OR_TOWN.intersection(words[k + 1 : k + 3])
        ):
            return True
    # "San Martín, a port town in Santa Fe province"
    return any(_foreign_province(words, k) for k in range(len(words)))


# An apposition that only names units, one inside the next: its bracket speaks for the name.
_UNIT_CHAIN = re.compile(
    r"\s*,\s*(?:(?:en|in|of|de|del)\s+)?(?:(?:el|la|the)\s+)?(?:provincia|departamento|municipio"
    r"|region|estado|canton|province|department|municipality|state)\b[^.;:,\n()]{0,60}"
)
# Departments and cities of the neighbours named in brackets: "Desaguadero (La Paz)".
_FOREIGN_BRACKET = re.compile(
    r"\s*\(\s*(?:la paz|oruro|potosi|cochabamba|tarija|beni|pando|chuquisaca|loja|azuay"
    r"|guayas|arica|iquique|antofagasta)\s*\)"
)
# A list that goes on after the name: ", Loja y Cuenca" in "Macará, Loja y Cuenca, en Ecuador".
_LIST_ITEMS_AFTER = re.compile(
    r"(?:(?:\s*,\s*|\s+(?:y|e|and|or|o)\s+)[A-ZÁÉÍÓÚÑ][^\W\d_]*"
    r"(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][^\W\d_]*){0,2}){1,6}"
)
_LOCATIVE_APPOSITION = re.compile(r"\s*,\s*(?:(?:both|ambas|ambos)\s+)?(?:en|in)\s")


def _list_apposition_abroad(text: str, folded: str, end: int) -> bool:
    """ "Macará y Loja, en el sur de Ecuador": a locative apposition after a list places every
    item of it; a descriptive one ("Lima y Santiago, capital de Chile") only the last."""
    items = _LIST_ITEMS_AFTER.match(text, end)
    loc = items and _LOCATIVE_APPOSITION.match(folded, items.end())
    if not loc:
        return False
    own = folded[loc.end() : loc.end() + 60].split(",", 1)[0]
    if _BORDER_WORDS.search(own) or _PERU_WORD.search(own):
        return False  # "Zarumilla y Aguas Verdes, en la frontera con Ecuador": Peru's side
    where = _WORD_RE.findall(own)
    return _apposition_abroad(text, folded, items.end()) or any(
        w in lx.FOREIGN_QUALIFIERS for w in where[:5]
    )


# "in El Salvador the department of La Libertad", "En Bolivia, Santa Cruz ...": a country
# opens the clause and only articles and unit words stand between it and the name.
_IN_COUNTRY = re.compile(
    r"\b(?:in|en)\s+(?:el\s+|the\s+)?([a-z]+)\s*,?\s+(?:(?:the|el|la|los|las)\s+)?"
    r"(?:(?:department|departamento|province|provincia|region|state|estado|city|ciudad|town"
    r"|port|puerto)\s+(?:of|de|del)\s+(?:la\s+|el\s+)?)?$"
)


def _in_country_clause(folded: str, start: int) -> bool:
    """The clause opens with a foreign country and goes straight on to the name."""
    m = _IN_COUNTRY.search(folded, max(0, start - 60), start)
    return bool(m) and m[1] in lx.FOREIGN_QUALIFIERS


_DATELINE = re.compile(
    r"\s*,?\s*(?:peru\s*)?(?:,\s*)?(?:\d{1,2}\s+\w{3,10}\.?\s*)?\((?:reuters|ap|afp|efe|andina|"
    r"ansa|dpa|xinhua|europa press|bloomberg|upi)\)",
    re.IGNORECASE,
)
_LOCALITY_CUE = re.compile(
    r"(?:\b(?:comunidad(?:es)?(?:\s+(?:nativas?|campesinas?))?|caser[ií]os?|centros?\s+poblados?|"
    r"anexos?|sectore?s?|localidad(?:es)?|poblados?|villorrios?|asentamientos?\s+humanos?|"
    r"pueblos?\s+j[oó]venes|barrios?|(?:the\s+)?(?:native\s+|indigenous\s+|rural\s+)?"
    r"(?:village|town|community|communities|hamlet|settlement|villages|hamlets|settlements|"
    r"camp|camps|campamentos?|mining\s+camps?)s?"
    r"(?:\s+of)?)|"
    r"\b(?:c\.\s?p\.|cc\.\s?pp\.|aa\.\s?hh\.|c\.\s?n\.|cc\.\s?nn\.|cp|ccpp|ccnn|aahh))"
    r"(?:\s+(?:de|del|of))?\s+(?:(?:la|el|los|las)\s+)?$"
)
_CREDIT_RE = re.compile(
    r"(?:\b(?:photo|photos|foto|fotos|fotograf[ií]a|imagen|image|video|cr[eé]dito|credit)s?"
    r"\s*(?:by|de|por)?\s*[:/]\s*[^\n)]{0,90}"
    r"|(?:^|\n|\()\s*(?:by|por|escrito por|texto|reporting by|editing by|additional reporting by|"
    r"redacci[oó]n|escribe|escriben|informe de|reporta)\b[ :][^\n)]{0,90}"
    r"|\b(?:reporting|editing|writing|additional reporting) by\b[^\n)]{0,120})",
    re.IGNORECASE,
)
_CREDIT_END = re.compile(r"[.;](?:\s|$)")
_CREDIT_PLACE = re.compile(r"\s(?:in|en|from|desde)\s")


def _credit_spans(text: str) -> list[tuple[int, int]]:
    """Bylines and photo credits ("By Marco Aquino", "Foto: Juan Pérez/Andina")."""
    low = text.lower()
    if not any(w in low for w in _CREDIT_WORDS) and not _credit_line(low):
        return []
    out = []
    for m in _CREDIT_RE.finditer(text):
        body = m.group()
        # A caption may go on after the credit: stop at the first full stop.
        cut = _CREDIT_END.search(body, body.find(":") + 1 if ":" in body else 0)
        place = _CREDIT_PLACE.search(body)
        if place and (cut is None or place.start() < cut.start()):
            cut = place  # "Reporting by Marco Aquino in Lima": Lima is a place
        end = m.start() + (cut.start() if cut else len(body))
        if not _credit_is_names(text[m.start() : end]):
            continue
        out.append((m.start(), end))
    return out


_CREDIT_WORDS = (
    "photo", "foto", "imagen", "image", "credit", "crédit", "redacci", "reporting", "editing",
    "writing",
)  # fmt: skip
_CREDIT_LINE_AT = re.compile(
    r"[ \t]*(?:by|por|escrito|texto|escribe|escriben|informe de|reporta)\b"
)


def _credit_line(low: str) -> bool:
    """A line or bracket that opens with "by", "por", "escrito", "texto" (a byline).

    The pattern is tried only at the text's start and after each newline or "(", found with
    str.find, instead of a regex search that attempts a match at every character.
    """
    if _CREDIT_LINE_AT.match(low):
        return True
    for ch in "\n(":
        i = low.find(ch)
        while i >= 0:
            if _CREDIT_LINE_AT.match(low, i + 1):
                return True
            i = low.find(ch, i + 1)
    return False


class _CueWords:
    """Where the words that open a region cue sit in a document, found in one pass, so the cue
    pattern only runs before the mentions that have such a word near them."""

    __slots__ = ("regions",)

    def __init__(self, folded: str):
        # str.find for the stems, the word pattern only where one occurs: the same positions
        # as _REGION_WORDS.finditer, without a regex attempt at every character.
        found = []
        for stem in ("region", "depart"):
            i = folded.find(stem)
            while i >= 0:
                if _REGION_WORDS.match(folded, i):
                    found.append(i)
                i = folded.find(stem, i + 1)
        self.regions = sorted(found)

    @staticmethod
    def near(positions: list[int], pos: int, span: int) -> bool:
        k = bisect_right(positions, pos - 1)
        return k > 0 and positions[k - 1] >= pos - span


_REGION_WORDS = re.compile(r"\b(?:regions|regiones|departamentos|departments)\b")


def _credit_is_names(span: str) -> bool:
    """A credit names people or agencies: capitalised words, slashes, "and", not a sentence."""
    body = span.split(":", 1)[1] if ":" in span else span.split(None, 1)[-1]
    words = [w for w in re.split(r"[\s/,]+", body) if w]
    if not words:
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w.lower() in _CREDIT_GLUE)
    return caps >= 0.75 * len(words) or "/" in body


_CREDIT_GLUE = frozenset("and y e de del la van von da di by por in en for para with con".split())


def _is_dateline(text: str, start: int, end: int, lines: Lines) -> bool:
    """A wire dateline: "HUEPETUHE, Peru (Reuters) -", "LIMA, 5 mar (EFE).-" at a line start."""
    ls = lines.bounds(start)[0]
    if start - ls > 8 or text[ls:start].strip():
        return False
    return bool(_DATELINE.match(text, end))


def _line_dateline(text: str, start: int, end: int, lines: Lines) -> bool:
    """A regional paper's dateline: the place opens its line and a dash or a full stop follows
    ("CHOTA.- A los 87 años", "Chota. A los 87 años", "AYACUCHO – El ..."), or a wire's."""
    ls = lines.bounds(start)[0]
    if start - ls > 8 or text[ls:start].strip():
        return False
    return bool(_LINE_DATELINE.match(text, end) or _DATELINE.match(text, end))


_LINE_DATELINE = re.compile(r"\s*(?:\([^)\n]{1,30}\))?\s*\.?\s*[-–—]+\s|\.\s+(?=[A-ZÁÉÍÓÚÑ¿¡\"«])")


# Set algebra done once, not on every mention.
_FOREIGN_WORDS = lx.FOREIGN_QUALIFIERS | lx.FOREIGN_DEMONYMS
_NAMESAKE_WORDS = frozenset("homonima homonimo namesake twin".split())
# "Desaguadero, en el departamento boliviano de La Paz": a unit of another country.
_FOREIGN_UNIT_WORDS = frozenset(
    """departamento provincia municipio estado region comuna canton department province
    municipality state""".split()
)
_DEMONYMS_ONLY = lx.FOREIGN_DEMONYMS - lx.FOREIGN_QUALIFIERS
_FOREIGN_UNIT_OR_TOWN = _FOREIGN_UNIT_WORDS | lx.TOWN_WORDS
_ARTICLES_OR_POSSESSIVES = lx.ARTICLES | lx.POSSESSIVES


def _abroad(ctx: Context, key: str = "") -> bool:
    """Words next to a name that place it abroad: "Lima, Ohio", "San José, Costa Rica",
    "Desaguadero, on the Bolivian side", "Bolivia's Santa Cruz", "Bolivian Desaguadero"."""
    nx, p = ctx.next, ctx.prev
    if key in _FOREIGN_BUREAUS and p[:1] == ("in",) and "by" in p[2:4]:
        return True  # "(Additional reporting by Daniel Ortiz in Santiago; ...)": a bureau
    if p[:1] == ("peru",) and ctx.prev_gaps[:1] == (", ",) and ctx.prev_raw[0][:1] == "P":
        return True  # "the town of Peru, Indiana": the US state after a town named Peru
    if (p[:1] == ("estado",) and ctx.prev_joined and ctx.prev_raw[0][:1] == "e") or (
        nx[:1] == ("state",) and ctx.next_joined and ctx.next_raw[0][:1] == "s"
    ):
        return True  # "la capital del estado Trujillo", "Trujillo state": Peru has no states
    if ctx.next_punct in ",( " and (
        (
            nx[:1]
            and nx[0] in lx.FOREIGN_QUALIFIERS
            and not (nx[0] in _SPANISH_WORD_STATES and ctx.next_raw[0][:1].islower())
        )
        or tuple(nx[:2]) in lx.FOREIGN_PAIRS
    ):
        return True
    for k in range(min(4, len(nx) - 1)):  # "Castilla-La Mancha, en España", "Santa Cruz de Bolivia"
        if k and not _name_words(ctx.next_raw[:k]):
            break  # "capital de La Libertad, viene de Trujillo, en España": another clause
        q = k + 2 if nx[k + 1] in _COMPASS_WORDS and k + 2 < len(nx) else k + 1
        if (
            (nx[k] in ("in", "en") or (k == 0 and nx[0] == "de" and ctx.next_joined))
            and (
                nx[q] in lx.FOREIGN_QUALIFIERS  # "a Cuzco in (southern) Indiana"
                or tuple(nx[q : q + 2]) in lx.FOREIGN_PAIRS
                or _foreign_province(nx, q)
            )
        ):
            return True
    if nx[:2] in (("on", "the"), ("in", "the")) and "coast" in nx[2:4]:
        k = nx.index("coast", 2)  # "a Trujillo on the Caribbean coast of Honduras"
        if (
            nx[k + 1 : k + 2] == ("of",)
            and nx[k + 2 : k + 3]
            and nx[k + 2] in lx.FOREIGN_QUALIFIERS
        ):
            return True
    window = set(nx[:6]) | set(p[:3])
    if window & lx.FOREIGN_DEMONYMS and window & lx.SIDE_WORDS:
        return True
    demonym = _DEMONYMS_ONLY  # "bolivian", "boliviano"
    if (p[:1] and p[0] in demonym and ctx.prev_joined) or (
        nx[:1] and nx[0] in demonym and ctx.next_joined
    ):
        return True
    # "su homónima boliviana, Desaguadero", "its Bolivian (twin town|namesake), Desaguadero"
    near = p[:3]
    if any(w in demonym for w in near) and any(w in _NAMESAKE_WORDS for w in near):
        return True
    # "La ecuatoriana María Guamán, de Cuenca": where a foreign person comes from
    if (
        len(p) >= 3
        and p[0] in ("de", "from")
        and ctx.prev_raw[1][:1].isupper()
        and any(w in demonym for w in p[2:5])
    ):
        return True
    foreign = _FOREIGN_WORDS
    if p[:1] and p[0] in _NAMED_WORDS and lx.FOREIGN_QUALIFIERS.intersection(p[1:6]):
        return True  # "a town in Spain named Trujillo", "un pueblo de México llamado Lima"
    if len(p) >= 2 and p[0] == "s" and p[1] in foreign:
        return True
    # "the Ohio city of Lima", "the Bolivian town of Desaguadero", "la ciudad argentina de X",
    # "the Ecuadorean province of Morona", "la provincia ecuatoriana de El Oro"
    return (
        len(p) >= 3
        and p[0] in ("of", "de")
        and (
            (p[1] in lx.TOWN_WORDS and p[2] in foreign)
            or (p[1] in foreign and p[2] in lx.TOWN_WORDS)
            or (p[1] in _FOREIGN_UNIT_WORDS and p[2] in demonym)
            or (p[1] in demonym and p[2] in _FOREIGN_UNIT_WORDS)
        )
    )


# Wire bureaus abroad named like a Peruvian district: "reporting by ... in Santiago".
_FOREIGN_BUREAUS = frozenset({"santiago", "montevideo", "la paz", "buenos aires", "brasilia"})
_NAMED_WORDS = frozenset("named called llamado llamada llamados denominado denominada".split())
_COMPASS_WORDS = frozenset(
    """southern northern eastern western central upstate downstate rural coastal southeastern
    southwestern northeastern northwestern""".split()
)
_CONTAINER_AFTER = re.compile(
    r"\s*,\s*(?:(?:a|an|the|un|una)\s+(?:[a-z]+\s+){0,3}(?:of|de|del)\s+(?:the\s+|la\s+)?"
    r"(?P<pe>peruvian|peruan[oa])\b"
    # "Trujillo, en la costa norte peruana", "Trujillo, in northern Peru"
    r"|(?:in|en)\s+(?:(?:the|la|el|del)\s+)?(?:[a-z]+\s+){0,3}?(?:(?:del\s+|de\s+)?(?P<pe2>peru)"
    r"|(?P<pe3>peruvian|peruan[oa]))\b"
    r"|(?:in|en)\s+(?:the\s+)?(?:region\s+(?:de\s+)?)?(?P<dep>[a-z]+(?:\s+[a-z]+){0,2}?)"
    r"\s*(?:region\b|,|\.|;|\)|$))"
)


_BULLET_LABEL = re.compile(r"[ \t]*[•·▪◦‣*–-][ \t]+([^:\n]{2,40}):")


def _labels_are_departments(text: str, pos: int, gaz: Gazetteer) -> bool:
    """Every label of the bullet block holding pos names a department ("– Apurímac: ...",
    "– Puno: ..."), not a list of cities ("– Cusco: ...", "– Trujillo: ...")."""
    names = _department_names(gaz)
    a = text.rfind("\n", 0, pos) + 1
    labels = []
    for step in (-1, 1):
        k = a
        for _ in range(30):
            m = _BULLET_LABEL.match(text, k)
            if m is None:
                break
            labels.append(fold(m.group(1)).strip())
            if step < 0:
                if k == 0:
                    break
                k = text.rfind("\n", 0, k - 1) + 1
            else:
                nl = text.find("\n", k)
                if nl < 0:
                    break
                k = nl + 1
    return bool(labels) and all(label in names for label in labels)


_DEPARTMENT_BRACKET = re.compile(r" ?\(([a-z]+(?: [a-z]+){0,2})\)")


def _peruvian_container_after(folded: str, end: int, gaz: Gazetteer, key: str = "") -> bool:
    """ "Trujillo, in the La Libertad region", "La Victoria, a district of the Peruvian
    capital", "Santa Cruz (Cajamarca)": an apposition that puts the name in Peru, whatever
    the document said of a namesake abroad."""
    bracket = _DEPARTMENT_BRACKET.match(folded, end)
    if bracket:
        dep = bracket[1]  # "una cooperativa de Santa Cruz (Cajamarca)"
    else:
        if folded.find(",", end, end + 3) < 0:
            return False
        m = _CONTAINER_AFTER.match(folded, end)
        if not m:
            return False
        if m["pe"] or m["pe2"] or m["pe3"]:
            return True
        dep = fold(m["dep"])
    if dep not in _department_names(gaz):
        return False
    if not bracket and "region" in m.group():
        return True
    # "Trujillo, en La Libertad": a department that holds a Peruvian place of that name.
    codes = {
        u.ubigeo[:2] for u in gaz.units.values() if u.level == "department" and fold(u.name) == dep
    }
    return any(c.ubigeo[:2] in codes for c in gaz.readings(key).peruvian) if key else False


def _department_names(gaz: Gazetteer) -> frozenset[str]:
    names = getattr(gaz, "_department_names", None)
    if names is None:
        names = frozenset(fold(u.name) for u in gaz.units.values() if u.level == "department")
        object.__setattr__(gaz, "_department_names", names)
    return names


def _name_words(raw: tuple[str, ...]) -> bool:
    """Words that go on a place's name ("La Mancha", "de la Sierra"), not a new clause."""
    return all(w[:1].isupper() or w.lower() in ("de", "del", "la", "las", "los") for w in raw)


def _foreign_province(words: list[str] | tuple[str, ...], k: int) -> bool:
    """ "Buenos Aires province", "provincia de Santa Fe": a province no Peruvian one shares."""
    if tuple(words[k : k + 2]) in lx.FOREIGN_PROVINCES and k + 2 < len(words):
        return words[k + 2] in lx.PROVINCE_WORDS
    return (
        k + 3 < len(words)
        and words[k] in lx.PROVINCE_WORDS
        and words[k + 1] == "de"
        and tuple(words[k + 2 : k + 4]) in lx.FOREIGN_PROVINCES
    )


def _abroad_clause(folded: str, start: int, ctx: Context, key: str = "") -> bool:
    """The clause before a name is abroad: "On the Bolivian side, the road continues from
    Desaguadero"; "En Paraguay existe otra Lima"."""
    lo = max(0, start - 90)
    cut = max(folded.rfind(".", lo, start), folded.rfind("\n", lo, start))
    lo = cut + 1 if cut >= 0 else lo
    # Every _FOREIGN_SIDE match holds "side" or "lado": look for the words before the regex.
    if folded.find("side", lo, start) >= 0 or folded.find("lado", lo, start) >= 0:
        side = None
        for found_side in _FOREIGN_SIDE.finditer(folded, lo, start):
            side = found_side  # the last side phrase before the name
        # "desde Desaguadero, en el lado boliviano, y tenía como destino Juliaca": a new
        # coordinated clause after the side phrase is back in Peru.
        if side is not None and not _NEW_CLAUSE.search(folded, side.end(), start):
            return True
    first = ctx.prev[0] if ctx.prev else ""
    if first in ("otra", "otro", "another", "other"):
        # "Bruselas, la capital de la otra Bélgica": a community named after a country, and
        # here the country.
        if key in lx.FOREIGN_QUALIFIERS:
            return True
    elif first not in _RENAMED_WORDS:  # "the Chilean village ... was renamed Pisco Elqui"
        return False
    words = set(_WORD_RE.findall(folded, lo, start))
    return bool(words & _FOREIGN_WORDS)


_RENAMED_WORDS = frozenset("renamed rebautizado rebautizada rebautizados rebautizadas".split())


_NEW_CLAUSE = re.compile(r",\s*(?:y|e|and|but|pero|mientras)\s|;")
_FOREIGN_SIDE = re.compile(
    r"\b(?:bolivian|chilean|ecuadorian|colombian|brazilian)\s+side\b"
    r"|\blado\s+(?:boliviano|chileno|ecuatoriano|colombiano|brasileno)\b"
)


def _foreign_before(folded: str, start: int) -> bool:
    """The sentence before a position names another country or a foreign region."""
    lo = max(0, start - 150)
    cut = max(folded.rfind(".", lo, start), folded.rfind("\n", lo, start))
    return bool(set(_WORD_RE.findall(folded, cut + 1 if cut >= 0 else lo, start)) & _FOREIGN_WORDS)


# What a person does right after the name: "Alfonso Ugarte se lanzó", "Leoncio Prado fue
# fusilado", "Ramón Castilla abolió".
_PERSON_ACTS = (
    lx.PERSON_AFTER
    | lx.HISTORY_VERBS
    | frozenset(
        """se fue nacio murio lucho dirigio abolio escribio was died fought wrote born nacido
    nacida""".split()
    )
)


def _named_for_person_acting(m: Mention, ctx: Context) -> bool:
    """A unit named after a person ("Alfonso Ugarte", "Leoncio Prado"), followed by what a
    person does and with no cue or locative before it: the person."""
    words = m.key.split()
    return (
        len(words) >= 2
        and words[0] in lx.GIVEN_NAMES
        and ctx.next_punct in " \t"
        and bool(ctx.next[:1])
        and ctx.next[0] in _PERSON_ACTS
        and _prev_cue(ctx) is None
        and not _locative(ctx)
    )


def _history_person(m: Mention, ctx: Context) -> bool:
    """A hero named like a place acting in history: "San Martín landed", "the army of Bolívar"."""
    if m.key not in lx.HISTORY_NAMES:
        return False
    nx, p = ctx.next, ctx.prev
    if nx[:1] and nx[0] in lx.HISTORY_VERBS and ctx.next_punct in " \t":
        return True
    if ctx.next_punct in "'’" and nx[1:2] and nx[1] in lx.HISTORY_NOUNS:
        return True  # "San Martín's army"
    return len(p) >= 2 and p[0] in ("de", "of", "del") and p[1] in lx.HISTORY_NOUNS


def _person_after(ctx: Context) -> bool:
    return (
        bool(ctx.next[:1])
        and ctx.next_punct in " \t"
        and ctx.next[0] in lx.PERSON_AFTER
        and not _locative(ctx)
    )


def _locative(ctx: Context) -> bool:
    return bool(ctx.prev[:1]) and ctx.prev[0] in lx.LOCATIVE


def _joined_given_name(ctx: Context) -> bool:
    """A given name right before: "Vladimir Cerrón", so later "Cerrón" is the person too."""
    return ctx.prev_joined and ctx.prev_raw[0][:1].isupper() and ctx.prev[0] in lx.GIVEN_NAMES


def _facility_of_town(ctx: Context) -> bool:
    """ "el aeropuerto de Andahuaylas", "the port of Chancay": a facility described by its town."""
    p = ctx.prev
    if len(p) < 2 or p[0] not in ("de", "del", "of"):
        return False
    k = 2 if len(p) >= 3 and p[1] in _FACILITY_ADJECTIVES else 1  # "el hospital general de Jaén"
    return p[k] in lx.TOWN_FACILITIES and ctx.prev_raw[k][:1].islower()


_MAYOR_OF = frozenset(
    {
        ("de", "alcalde"),
        ("de", "alcaldesa"),
        ("de", "alcaldia"),
        ("of", "mayor"),
        ("de", "teniente"),
    }
)
_FACILITY_ADJECTIVES = frozenset(
    "general regional nacional principal central provincial municipal internacional "
    "international main new nuevo viejo old".split()
)


# --- resolution --------------------------------------------------------------------------------
_KIND_PRIOR = {
    "department": 1.0, "province": 0.8, "district": 0.6, "place": 0.55, "locality": 0.3,
}  # fmt: skip


def _prior(e: Entry) -> float:
    if e.kind != "place":
        return _KIND_PRIOR[e.kind]
    pop = max(e.population, 1)
    # A big city outranks a province of the same name but never a department (Cusco, Lima).
    return min(0.9, 0.45 + (0.35 if e.curated else 0.0) + 0.05 * math.log10(pop))


def _anchors(judged: list[Judged]) -> tuple[Counter[str], Counter[str]]:
    """Departments and provinces the document names without ambiguity (one sense each)."""
    deps: Counter[str] = Counter()
    provs: Counter[str] = Counter()
    for j in judged:
        codes = {c.ubigeo for c in j.candidates if c.kind != "locality"}
        if not codes:
            continue
        d2 = {c[:2] for c in codes}
        if len(d2) == 1:
            deps[next(iter(d2))] += 1
            p4 = {c[:4] for c in codes if len(c) >= 4}
            if len(p4) == 1:  # "Lima": department, province 1501 and its city: 1501 is named
                provs[next(iter(p4))] += 1
    return deps, provs


def _coherence(code: str, deps: Counter[str], provs: Counter[str], local: set[str]) -> float:
    """A small bonus for a reading that agrees with the places the document names unambiguously.

    It stays below the gap between admin levels, so it picks among namesakes (which Santa Rosa)
    without turning a department into one of its provinces.
    """
    bonus = 0.0
    if deps.get(code[:2]):
        bonus += 0.06 + 0.02 * min(deps[code[:2]], 3)
    if len(code) >= 4 and code[:4] in provs:
        bonus += 0.05
    if code[:2] in local:
        bonus += 0.04
    if code[:4] in ("1501", "0701") and len(code) == 6:
        bonus += 0.03  # news salience: a bare district name is most often the Lima/Callao one
    return bonus


def _score(
    e: Entry,
    cue: str | None,
    in_list: bool,
    deps: Counter[str],
    provs: Counter[str],
    local: set[str],
) -> float:
    s = _prior(e) + _coherence(e.ubigeo, deps, provs, local)
    if cue in ("department", "province", "district"):
        s += 2.0 if e.kind == cue else -2.0
    elif cue == "city":
        if e.kind in ("place", "district"):  # a town is a place or the district named like it
            s += 1.2 if e.kind == "place" or e.ubigeo.endswith("01") else 1.1
    elif in_list and e.kind == "department":
        s += 0.3
    return s


def _merge_town_into_district(cands: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """Drop a GeoNames town when a district of the same name lies in the same province.

    GeoNames towns are tied to the district with the nearest capital, which can be the
    neighbour; the district that carries the name is the better reading.
    """
    provinces = {c.ubigeo[:4] for c in cands if c.kind == "district"}
    if not provinces:
        return cands
    kept = tuple(
        c for c in cands if not (c.kind == "place" and not c.curated and c.ubigeo[:4] in provinces)
    )
    return kept or cands


def _town_bonus(e: Entry, codes: set[str]) -> float:
    """A bare province name means its town (Huancayo, Hualgayoc) when a district shares it,
    in that province or, failing that, elsewhere ("Chucuito" the town is in Puno province)."""
    if e.kind == "district" and e.ubigeo[:4] in codes:
        return 0.25
    if e.kind == "district" and any(len(c) == 4 for c in codes):
        return 0.22
    return 0.0


_QUALIFIER_GAP = re.compile(
    r"\s*(?:,|\(|-|–)?\s*(?:[^.;:!?()\n]{0,30}\s)?(?:in|en|of|de|del)?\s*"
    r"(?:(?:the|la|el)\s+)?(?:(?:province|provincia|region|regi[oó]n|department|departamento)\s+"
    r"(?:of|de|del)\s+)?",
    re.IGNORECASE,
)


def _qualifiers(judged: list[Judged], text: str) -> dict[int, set[str]]:
    """Areas named right after a mention that place it: "Santa Rosa, Puno", "X (Cusco)"."""
    out: dict[int, set[str]] = {}
    for a, b in pairwise(judged):
        gap = text[a.mention.end : b.mention.start]
        if len(gap) <= 40 and _QUALIFIER_GAP.fullmatch(gap):
            out[id(a)] = {c.ubigeo for c in b.candidates}
    return out


def _qualifier_bonus(e: Entry, areas: set[str] | None) -> float:
    if not areas:
        return 0.0
    return 0.3 if any(e.ubigeo.startswith(a) and e.ubigeo != a for a in areas) else 0.0


def _in_department_lists(judged: list[Judged], text: str) -> set[int]:
    """Mentions that sit in a comma/and list next to a name that can be a department."""
    out: set[int] = set()
    for a, b in pairwise(judged):
        gap = text[a.mention.end : b.mention.start].strip().lower()
        if gap in (",", "and", "y", ", and", ", y", "e", "or", "o", "/", ";"):
            if any(c.kind == "department" for c in b.candidates):
                out.add(id(a))
            if any(c.kind == "department" for c in a.candidates):
                out.add(id(b))
    return out


def _capital_city(j: Judged, gaz_units: dict[str, Unit]) -> Entry | None:
    """The capital district a bare department name means as a city (Cusco -> 080101).

    Only departments whose capital district carries their name (Lima, Cusco, Arequipa, Puno,
    Callao ...): "a march in Lima" is coded to the city, as ACLED and GeoNames-based tools do.
    """
    dep = next((c for c in j.candidates if c.kind == "department"), None)
    if dep is None or all(c.kind == "department" for c in j.candidates):
        return None  # "Lima Región" and other aliases that only name the department
    code = dep.ubigeo + "0101"
    unit = gaz_units.get(code)
    if unit is None or fold(unit.name) != fold(dep.name):
        return None
    return Entry(code, "district", unit.name, place=dep.name, curated=True)


def _relocate_to_named_district(
    kept: list[tuple[Judged, Entry, float]], text: str, folded: str
) -> list[tuple[Judged, Entry, float]]:
    """ "la comunidad de Azángaro, distrito de Luricocha", "the community of Azangaro, in the
    Luricocha district": a community the text places in a district is there, even when a
    unit elsewhere has its name (surface X, the district's code, place X)."""
    out = list(kept)
    for k in range(len(out) - 1):
        (j, entry, conf), (jd, dist, _) = out[k], out[k + 1]
        m = j.mention
        if dist.kind != "district" or entry.ubigeo.startswith(dist.ubigeo):
            continue
        if not _LOCALITY_CUE.search(folded, max(0, m.start - 40), m.start):
            continue
        gap = folded[m.end : jd.mention.start]
        if not _IN_DISTRICT_GAP.fullmatch(gap):
            continue
        if gap.rstrip().endswith("the") and not folded.startswith(" district", jd.mention.end):
            continue  # "in the Luricocha district" needs its level word
        place = Judged(m, (dist,), "locality", False, j.peru, m.surface)
        out[k] = (place, dist, conf)
    return out


_ONE_OF_THE_LEVEL = re.compile(r"\b(?:una|uno)\s+de\s+(?:las|los)\s+[a-z]+\s+[a-z]+\s+de\s+$")
# ", distrito de", ", en el distrito de", ", in the" (... district): a district after a name.
_IN_DISTRICT_GAP = re.compile(r"\s*,\s*(?:(?:en|in)\s+(?:el\s+)?)?(?:distrito\s+de\s+|the\s+)")


def _unit_containers(judged: list[Judged], text: str) -> dict[int, Judged]:
    """Names placed right after a province or district as the area holding it.

    "Chota province, Cajamarca", "Pichari district, Cusco", "Huanta province in Ayacucho":
    the department, not its capital.
    """
    out: dict[int, Judged] = {}
    for a, b in pairwise(judged):
        if b.cue == "city" or not any(
            ca.ubigeo.startswith(cb.ubigeo[:2]) for ca in a.candidates for cb in b.candidates
        ):
            continue  # "Chiclayo, Piura" is a list: Piura does not hold Chiclayo
        gap = text[a.mention.end : b.mention.start]
        # "Tumbes (Tumbes)": a name doubled in brackets is the district in its namesake province.
        doubled = a.mention.key == b.mention.key and gap.strip() == "("
        holder = (
            a.cue in ("province", "district", "city")
            or doubled
            or all(len(c.ubigeo) >= 4 for c in a.candidates)
        )
        contained = len(gap) <= 40 and _QUALIFIER_GAP.fullmatch(gap)
        if holder and contained and not _NOT_CONTAINER.search(gap):
            out[id(b)] = a
    return out


# A gap that joins two places as a list or a new clause, not as one inside the other.
_NOT_CONTAINER = re.compile(
    r"^\s*$|\b(?:y|e|and|o|or|u|mientras|while|with|con|hasta|to|hacia|from|desde|between|entre)\b"
    r"|\d|\b(?:km|kil[oó]metros?|kilometers?|miles|millas|metros|meters)\b",
    re.IGNORECASE,
)  # ... and "Chancay, 80 km north of Lima" is a distance, not a containment


def _region_lists(judged: list[Judged], text: str, units: dict[str, Unit]) -> set[int]:
    """Mentions in a list about regions: one item is a department that is no capital's name.

    "Áncash, Loreto y Cusco" are three departments; "Lima, Cusco y Arequipa" are three cities.
    An English "the provinces of Amazonas, Loreto and Lambayeque" is still about departments.
    """
    out: set[int] = set()
    run: list[Judged] = []

    def close() -> None:
        if len(run) >= 2 and any(_department_only(j, units) for j in run):
            out.update(id(j) for j in run if any(c.kind == "department" for c in j.candidates))
        elif (
            len(run) >= 3
            and all(any(c.kind == "department" for c in j.candidates) for j in run)
            and _WEATHER_AREA.search(fold(_line_before(text, run[0].mention.start, 160)))
        ):  # "forecast more snow until Wednesday in Arequipa, Moquegua, Tacna and Puno"
            out.update(id(j) for j in run)

    for a, b in pairwise(judged):
        gap = text[a.mention.end : b.mention.start]
        if _LIST_GAP.fullmatch(gap) and gap.strip() and "\n" not in gap:
            if not run:
                run = [a]
            run.append(b)
        else:
            close()
            run = []
    close()
    return out


def _line_before(text: str, pos: int, width: int) -> str:
    """Up to width characters before pos, within pos's line."""
    return text[max(0, pos - width, text.rfind("\n", 0, pos) + 1) : pos]


# A weather forecast or warning: a list of department names after it is about regions.
_WEATHER_AREA = re.compile(
    r"\b(?:senamhi|pronostic|forecast|heladas?|nevadas?|snow|snowfall|lluvias?|rain|rains"
    r"|friaje|temperatur|frost|cold\s+wave|heat\s+wave|aviso|warning)"
)


def _department_only(j: Judged, units: dict[str, Unit]) -> bool:
    """A department's name with no capital city of the same name (Junín, Áncash, Loreto)."""
    dep = next((c for c in j.candidates if c.kind == "department"), None)
    if dep is None:
        return False
    capital = units.get(dep.ubigeo + "0101")
    return capital is None or fold(capital.name) != fold(dep.name)


def resolve(
    judged: list[Judged],
    text: str,
    sentences: list[tuple[int, int]],
    units: dict[str, Unit] | None = None,
) -> list[tuple[Judged, Entry, float]]:
    """Choose each mention's reading from its cue and the places around it; score confidence."""
    units = units if units is not None else _default_gazetteer().units
    deps, provs = _anchors(judged)
    listed = _in_department_lists(judged, text)
    regions = _region_lists(judged, text, units)
    # Departments named in the same sentence count more than the rest of the document.
    by_sentence: dict[int, set[str]] = {}
    for j in judged:
        si = _sentence_index(sentences, j.mention.start)
        if len({c.ubigeo[:2] for c in j.candidates}) == 1:
            by_sentence.setdefault(si, set()).add(j.candidates[0].ubigeo[:2])
    qualified = _qualifiers(judged, text)
    out: list[tuple[Judged, Entry, float]] = []
    containers = _unit_containers(judged, text)
    chosen: dict[int, str] = {}
    for j in judged:
        held = containers.get(id(j))
        if (
            held is not None
            and id(held) in chosen
            and text[j.mention.start - 1 : j.mention.start] == "("
        ):
            # "Pariñas (Talara)": the smallest unit named so that holds the place before it.
            inner = chosen[id(held)]
            holding = [c for c in j.candidates if inner.startswith(c.ubigeo) and c.ubigeo != inner]
            if holding:
                best = max(holding, key=lambda c: len(c.ubigeo))
                out.append((j, best, 0.9))
                chosen[id(j)] = best.ubigeo
                continue
        if j.cue is None and id(j) not in regions and id(j) not in containers:
            city = _capital_city(j, units)
            if city is not None:
                out.append((j, city, 0.9 if j.weak else 0.95))
                chosen[id(j)] = city.ubigeo
                continue
        own = {c.ubigeo[:2] for c in j.candidates}
        local = by_sentence.get(_sentence_index(sentences, j.mention.start), set())
        if len(own) == 1:
            local = local - own
        codes = {c.ubigeo for c in j.candidates}
        cands = _merge_town_into_district(j.candidates)
        # A reading in a department the document names beats one in a department it never
        # names ("Castilla" in a Piura bulletin is the Piura district, not the Arequipa province).
        anchored = len(own) > 1 and any(deps.get(c.ubigeo[:2]) for c in cands)
        # One reading needs no score: the confidence below reads only the rivals' scores.
        scored = (
            [(0.0, cands[0])]
            if len(cands) == 1
            else sorted(
                (
                    (
                        _score(c, j.cue, id(j) in listed, deps, provs, local)
                        + _town_bonus(c, codes)
                        - (0.25 if anchored and not deps.get(c.ubigeo[:2]) else 0.0)
                        + _qualifier_bonus(c, qualified.get(id(j))),
                        c,
                    )
                    for c in cands
                ),
                key=lambda t: (-t[0], t[1].ubigeo, t[1].kind),
            )
        )
        best_s, best = scored[0]
        # Confidence is mostly about the area: a namesake elsewhere in Peru is the real risk;
        # a rival reading inside the same department (city vs department) costs a little.
        elsewhere = [
            sc
            for sc, c in scored[1:]
            if c.ubigeo[:2] != best.ubigeo[:2] and (c.kind != "locality" or best.kind == "locality")
        ]
        if elsewhere:
            margin = (best_s - elsewhere[0]) / max(best_s, 1e-6)
            conf = 0.45 + 0.5 * min(1.0, margin * 3)
        else:
            conf = 0.95
        nearby = [
            sc
            for sc, c in scored[1:]
            if c.ubigeo[:2] == best.ubigeo[:2] and c.ubigeo != best.ubigeo
        ]
        if nearby and best_s - nearby[0] < 0.15:
            conf *= 0.9
        if j.weak:
            conf *= 0.75
        if best.kind == "place" and not best.curated and best.population < 2000 and j.cue is None:
            conf *= 0.8
        if best.kind == "locality":
            conf = max(conf, 0.6 if len({c.ubigeo for c in cands}) == 1 else 0.45)
        if (
            j.cue == "city"
            and best.kind == "province"
            and units.get(best.ubigeo + "01")
            and fold(best.name) == j.mention.key
        ):
            # "the towns of Cañete and Chincha": the province's town is its capital district
            best = Entry(best.ubigeo + "01", "district", best.name, place=j.mention.surface,
                         curated=True)  # fmt: skip
        out.append((j, best, round(min(conf, 0.99), 3)))
        chosen[id(j)] = best.ubigeo
    return _one_reading_per_document(_apply_containment(out, text, units), text)


_CONTAINER_NEXT = re.compile(r"\s*[(,]")


def _one_reading_per_document(
    resolved: list[tuple[Judged, Entry, float]], text: str
) -> list[tuple[Judged, Entry, float]]:
    """A bare district name the document has already placed keeps that reading: "Tacna | Palca"
    in a table, then "las comunidades de Capazo y Palca" is still Tacna's Palca, not Puno's.

    Only for names read in several departments, when the later use has no cue of its own and
    the earlier reading is among its candidates.
    """
    first: dict[str, Entry] = {}
    out = []
    for j, e, conf in resolved:
        key = j.mention.key
        settled = first.get(key)
        if (
            settled is not None
            and j.cue in (None, "city", "locality")
            and j.place is None
            and not _CONTAINER_NEXT.match(text, j.mention.end)  # "Palca (Tarma)" says where
            and settled.ubigeo != e.ubigeo
            and settled.ubigeo[:2] != e.ubigeo[:2]
            and e.kind in ("district", "place", "locality")
        ):
            same = [c for c in j.candidates if c.ubigeo == settled.ubigeo]
            if same:
                e = same[0]
        if e.kind in ("district", "place"):
            first.setdefault(key, e)
        out.append((j, e, conf))
    return out


def _apply_containment(
    resolved: list[tuple[Judged, Entry, float]], text: str, units: dict[str, Unit]
) -> list[tuple[Judged, Entry, float]]:
    """A place the text puts inside another is resolved inside it, or to the container.

    "la comunidad de Putis, en el distrito de Santillana" is an event in Santillana (Putis the
    district lies elsewhere); "la ciudadela Pachacútec, en Ventanilla" is in Ventanilla, not in
    the Ica district of that name. A bare comma only places a name inside a coarser unit
    ("Chota, Cajamarca"), never beside a sibling ("Tacna, Moquegua").
    """
    out = list(resolved)
    contained: list[tuple[int, Judged, Entry]] = []
    for i in range(len(out) - 1):
        (a, ea, _), (b, eb, _) = out[i], out[i + 1]
        gap = text[a.mention.end : b.mention.start]
        if len(gap) > 60 or not gap.strip() or not _CONTAIN_GAP.fullmatch(gap):
            continue
        if _NOT_CONTAINER.search(gap):
            continue
        if len(eb.ubigeo) == 6:
            contained.append((i, b, eb))
        if any(ea.ubigeo.startswith(c.ubigeo) for c in b.candidates):
            continue  # already inside one reading of the container ("La Victoria, en Chiclayo")
        _contain(out, i, b, eb, gap, units, text)
    # "los caseríos X, Y y Z, distrito de W": the items listed before Z share its container.
    # run_start[q] is the first item of the bare list holding item q, found in one pass (a walk
    # back from every container was quadratic on one long list: 1 MB of "Lima, Lima, ...").
    run_start = list(range(len(out)))
    if contained:
        for q in range(1, len(out)):
            if _LIST_ONLY_GAP.fullmatch(text, out[q - 1][0].mention.end, out[q][0].mention.start):
                run_start[q] = run_start[q - 1]
    for i, b, eb in contained:
        k = run_start[i]
        if k == i:
            continue
        first = out[k][0].mention.start
        if not _LOCALITY_LIST_HEAD.search(text, max(0, first - 40), first):
            continue
        for q in range(k, i):
            if not out[q][1].ubigeo.startswith(eb.ubigeo):
                _contain(out, q, b, eb, " en ", units, text)
    return out


_LIST_ONLY_GAP = re.compile(r"\s*(?:,|,?\s+(?:y|e|and))\s*")
_LOCALITY_LIST_HEAD = re.compile(
    r"\b(?:caser[ií]os|comunidades(?:\s+(?:nativas|campesinas))?|anexos|centros\s+poblados"
    r"|sectores|localidades|villages|communities|hamlets|settlements)\s+(?:(?:de|del|of)\s+)?$",
    re.IGNORECASE,
)


def _contain(
    out: list[tuple[Judged, Entry, float]],
    i: int,
    b: Judged,
    eb: Entry,
    gap: str,
    units: dict[str, Unit],
    text: str = "",
) -> None:
    """Resolve out[i] inside container b (read as eb), or move it to the container."""
    a, ea, ca = out[i]
    strong = bool(_STRONG_CONTAIN.search(gap)) or b.cue in ("district", "province")
    if not strong and len(eb.ubigeo) >= len(ea.ubigeo):
        return
    if len(ea.ubigeo) < len(eb.ubigeo) or a.place is not None:
        return  # a province does not go inside a district
    inside = [c for c in a.candidates if c.ubigeo.startswith(eb.ubigeo)]
    if inside:  # "Kimbiri, en Cusco": the Cusco district, not the Ayacucho town of that name
        best = max(inside, key=_prior)
        out[i] = (a, best, ca)
        return
    if len(eb.ubigeo) < 4 or a.cue in lx.ADMIN_LEVELS:
        return  # a department is too coarse to move a named unit into
    if any(c.kind in ("department", "province") for c in a.candidates) and not (
        len(eb.ubigeo) == 6
        and _LOCALITY_WORD_BEFORE.search(text, max(0, a.mention.start - 30), a.mention.start)
    ):
        return  # "80 km north of Lima in Huaral province": Lima is not in Huaral; but "the
        # hamlet of Otuzco, in Los Baños del Inca district" is that district's hamlet
    unit = units[eb.ubigeo]
    moved = Judged(a.mention, (eb,), b.cue, a.weak, a.peru, a.mention.surface)
    out[i] = (moved, Entry(unit.ubigeo, unit.level, unit.name), min(ca, 0.8))


_LOCALITY_WORD_BEFORE = re.compile(
    r"\b(?:caser[ií]o|anexo|comunidad(?:\s+(?:campesina|nativa))?|centro\s+poblado|sector"
    r"|localidad|hamlet|village|community)\s+(?:(?:de|del|of)\s+)?$",
    re.IGNORECASE,
)
_STRONG_CONTAIN = re.compile(r"\b(?:en|in|dentro|within)\b|\(|distrito|district|provincia|province")


def _sentence_index(sentences: list[tuple[int, int]], pos: int) -> int:
    """The sentence holding pos: the last one starting at or before it (the first if none)."""
    return max(0, bisect_right(sentences, pos, key=_FIRST) - 1)


_FIRST = itemgetter(0)


# --- sentences ---------------------------------------------------------------------------------
# A sentence ends after . ! ? … (closing quotes and brackets, then spaces before a capital or a
# digit: group "gap", where the cut is) or at a line break. The pattern opens with the end mark
# itself, not a lookbehind, so the regex engine skips to the next such character instead of
# trying every position; the matches are those of "(?<=[.!?…])GAP|\n\s*", one character earlier.
_SENT_END = re.compile(
    r"[.!?…\n](?:(?<=[.!?…])(?P<gap>[\"'”’)\]]*\s+(?=[\"'“‘(¿¡]*[A-ZÁÉÍÓÚÑ0-9]))|(?<=\n)\s*)"
)


def split_sentences(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) by punctuation and line breaks; abbreviations do not split."""
    if folded is None:
        folded = fold_fast(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        cut = m.start("gap")
        if cut < 0:  # a line break
            cut = m.start()
        if cut <= start:
            continue
        word = folded[max(start, cut - 6) : cut].split()[-1:] or [""]
        if word[0].strip(".(\"'«“") in lx.ABBREVIATIONS and "\n" not in m.group():
            continue
        if folded[cut - 2 : cut] == ".." and "\n" not in m.group():
            continue  # leader dots in a table row: "Chulucanas ........ 68,4"
        spans.append((start, cut))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


# --- the whole pipeline ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return load_gazetteer()


class _CyclicGCPause:
    """Pauses Python's cyclic garbage collector while any thread is extracting.

    Extraction keeps every mention, judgement and event of a document alive until it returns
    and makes no reference cycles, so the collector finds nothing to free; but on a long
    input (1 MB, 100,000 events) it still ran about nine full collections over that growing
    heap, a cost that grew faster than the text. Reference counting still frees everything;
    the collector runs again, as the caller had it, when the last extraction ends.
    """

    __slots__ = ("_active", "_lock", "_was_enabled")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._active == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._active += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0 and self._was_enabled:
                gc.enable()


_GC_PAUSE = _CyclicGCPause()


def extract_events(
    text: str,
    doc_date: date | Period | str | None = None,
    gazetteer: Gazetteer | None = None,
    url: str | None = None,
    classify: bool = True,
) -> list[Event]:
    """Every Peruvian place mention in a text, resolved to its INEI unit, dated and typed.

    doc_date may be an ISO string ("2025-03-14", or "2025-03" for a month) as metadata gives
    it. classify=False leaves event_types/fatalities/injured empty (the benchmark's baseline).
    """
    if isinstance(doc_date, str):
        doc_date = parse_doc_date(doc_date)  # a clear error here, not deep in the dating
    with _GC_PAUSE:
        return _extract_events(text, doc_date, gazetteer, url, classify)


# A line that dates the document itself: "Transcripción de la edición del miércoles 14 de
# enero", "Publicado el 3 de marzo", "Posted March 3".
_EDITION_LINE = re.compile(
    r"\b(?:edicion|publicado|publicada|actualizado|emitido|emitida|fecha|published|updated"
    r"|posted|issued|edition)\b"
)


def _edition_day(text: str, month: Period) -> Period | None:
    """The day a month-dated document's own date line gives, inside that month: metadata says
    "2026-01", the transcript opens "edición del miércoles 14 de enero"."""
    for line in text[:600].split("\n")[:4]:
        folded = fold_fast(line[:200])
        found = [d for d in find_dates(line[:200], month, folded) if d.period.precision == "day"]
        if len(found) != 1 or found[0].period.start != found[0].period.end:
            continue
        day = found[0].period
        short = len(line.strip()) - (found[0].end - found[0].start) < 25
        if month.start <= day.start <= month.end and (short or _EDITION_LINE.search(folded)):
            return day
    return None


def _extract_events(
    text: str,
    doc_date: date | Period | None,
    gazetteer: Gazetteer | None,
    url: str | None,
    classify: bool,
) -> list[Event]:
    gaz = gazetteer or _default_gazetteer()
    folded = fold_fast(text)
    sentences = split_sentences(text, folded)
    judged = judge(text, gaz, sentences, folded)
    if isinstance(doc_date, Period):
        ref: Period | None = doc_date  # a month-only date from metadata ("2023-05")
        if ref.precision == "month":
            ref = _edition_day(text, ref) or ref
    elif doc_date is not None:
        ref = Period.day(doc_date)
    else:
        ref = document_period(text, url)
    if not judged:
        return []
    events: list[Event] = []
    dating = _Dating(text, folded, sentences, ref, judged)
    described = DocumentEvents(text, folded, sentences) if classify else None
    kept = [r for r in resolve(judged, text, sentences, gaz.units) if r[2] >= MIN_CONFIDENCE]
    # headline, dateline, body or route endpoint, for each kept mention
    roles = mention_roles(
        text, [(j.mention.start, j.mention.end) for j, _, _ in kept], sentences, folded
    )
    kept = _relocate_to_named_district(kept, text, folded)
    usable: dict[int, list[DateMention]] = {}  # per sentence: its dates that date events
    undated_heads: list[int] = []  # headline events whose own line states no date
    head_end = text.find("\n")  # the first line, when the text has more than one
    stated: list[bool] = []  # per event: its period comes from a date the text states
    for (j, entry, conf), role in zip(kept, roles, strict=True):
        m = j.mention
        si = _sentence_index(sentences, m.start)
        s0, s1 = sentences[si]
        sent, sent_dates, cuts = dating.sentence(si)
        if not sent_dates:
            sent_dates = dating.borrowed(si)
        if si not in usable:
            usable[si] = event_dates(sent_dates)
        period = event_period(sent, m.start - s0, ref, usable[si], cuts, m.end - s0, True)
        # "Huanta: vecinos de Macachupa denuncian abigeato" over its story: a headline that
        # opens with its place, dated like any headline (by its body), not like a dateline.
        if role == "dateline" and m.end <= head_end and text.startswith(":", m.end):
            role = "headline"
        if dating.dateline and dating.dateline[0] <= m.start and m.end <= dating.dateline[1]:
            period = dating.dateline[2]  # "IQUITOS, Peru, March 12 (Reuters) -"
        elif dating.live_label(m.start) and (day := dating.live_day(m.start)) is not None:
            period = day  # "07:40 — Moquegua: ... damaged by the rains of last February"
        elif (
            role == "dateline"
            and ref is not None
            and ref.precision == "day"
            and dating._emergency_period() is None  # an emergency report's title: its period
            and period is not None
            and (
                abs((ref.start - period.start).days) < 366  # "CAJAMARCA, 1532:" is history
                or period.end >= ref.start  # "zafra 2024-2025 terminará este mes"
                or _WIRE_DATELINE_AFTER.match(text, m.end) is not None
            )  # "AYACUCHO, Peru — When the commission delivered its report on August 28, 2003"
            and (
                period.end > period.start
                or period.start > ref.end
                or (ref.start - period.start).days > 7
                or _STORY_DATELINE_AFTER.match(text, m.end) is not None
            )
        ):  # "AYACUCHO.– ... durante la Semana Santa", "Piura.– ... entre enero y marzo": the
            # story was filed on the publication day; a single day of the past week stays the
            # story's ("TRUJILLO confirmó ayer") unless the line is a story's dateline
            # ("LIMA, Peru (AP) — ... struck late Thursday", "PUNO.- Ayer ..."), as the
            # annotation guide of sets 12-19 has it; an older day does not stay ("... el
            # ataque del 26 de abril"); a history piece's day does ("CAJAMARCA.- ... 1532")
            period = ref
        unit = gaz.units[entry.ubigeo]
        place = j.place or _place_name(entry, unit)
        info = described.at(s0, s1) if described is not None else None
        events.append(
            Event(
                surface=m.surface,
                start=m.start,
                end=m.end,
                ubigeo=unit.ubigeo,
                level=unit.level,
                department=unit.department,
                province=unit.province,
                district=unit.district,
                place=place,
                lat=unit.lat,
                lon=unit.lon,
                date_start=period.start if period else None,  # type: ignore[arg-type]
                date_end=period.end if period else None,  # type: ignore[arg-type]
                date_precision=period.precision if period else None,  # type: ignore[arg-type]
                doc_date=ref.start if ref else None,
                confidence=conf,
                sentence=sentence_window(text, s0, s1, m.start, m.end),
                event_types=info.types if info else (),
                fatalities=info.fatalities if info else None,
                injured=info.injured if info else None,
                role=role,
            )
        )
        own = period is not ref
        stated.append(own)
        if role == "headline" and not own:
            undated_heads.append(len(events) - 1)
    return _date_headlines(events, stated, undated_heads) if undated_heads else events


# A story's dateline, filed on the publication day whatever the lead narrates: "LIMA, Peru
# (AP) —", "PUNO.-", "CUSCO, 3 mar (Andina).–" (not a table row "Mazocruz (Santa Rosa) –").
_STORY_DATELINE_AFTER = re.compile(
    r"(?:,\s*Per[uú]\b)?(?:,?\s*\((?:Reuters|AP|AFP|EFE|Andina|ANDINA)\))?\s*(?:\.\s*[-–—]|[-–—]\s)"
    r"|,\s*Per[uú]\b|\s*\((?:Reuters|AP|AFP|EFE|Andina)\)"
)
_WIRE_DATELINE_AFTER = re.compile(r",\s*Per[uú]\b|\s*\((?:Reuters|AP|AFP|EFE|Andina)\)")


def _date_headlines(events: list[Event], stated: list[bool], heads: list[int]) -> list[Event]:
    """A headline without a date of its own takes the date its body states for the same place,
    or for its province or a district of it ("Motupe y Salas reciben las primeras lluvias" /
    "... el sábado 15 y el domingo 16 de noviembre, ... Motupe, Salas y Olmos"; the headline's
    Espinar, the body's "Espinar province"): the event it reports, not the publication day."""
    out = list(events)
    for k in heads:
        h = events[k]
        for e, own in zip(events, stated, strict=True):
            if (
                own
                and e.role == "body"
                and (
                    e.ubigeo == h.ubigeo
                    or (
                        min(len(e.ubigeo), len(h.ubigeo)) >= 4
                        and (e.ubigeo.startswith(h.ubigeo) or h.ubigeo.startswith(e.ubigeo))
                    )
                )
            ):
                out[k] = _replace_fields(
                    h, date_start=e.date_start, date_end=e.date_end, date_precision=e.date_precision
                )
                break
    return out


def _only_headings(text: str, end: int) -> bool:
    """Only headings (a kicker, a headline, a byline: one line each, no final stop) stand
    before end, where a news story's lead paragraph starts."""
    heads = [h.strip() for h in text[:end].split("\n\n") if h.strip()]
    return len(heads) <= 3 and all("\n" not in h and not h.endswith((".", ":")) for h in heads)


class _Dating:
    """The dates of one document's sentences, read the way real texts need them.

    Once per sentence: its dates and clause cuts. A date inside a place's name ("Veintiséis de
    Octubre") or a wire dateline ("LIMA, 5 mar (EFE).-", the publication date) does not date
    the event; a table row with no date of its own takes its header's ("Casos por distrito,
    SE 1-20 de 2025:"); a day or month without a year in a paragraph about the past takes the
    historical year stated before it in that paragraph ("el 31 de mayo" after "1970").
    """

    def __init__(
        self,
        text: str,
        folded: str,
        sentences: list[tuple[int, int]],
        ref: Period | None,
        judged: list[Judged],
    ):
        self.text, self.folded, self.sentences, self.ref = text, folded, sentences, ref
        self.names = [(j.mention.start, j.mention.end) for j in judged]
        self.name_starts = [a for a, _ in self.names]
        self._cache: dict[int, tuple[str, list[DateMention], list[int]]] = {}
        self._borrowed: dict[int, list[DateMention]] = {}
        self._posts: dict[int, tuple[Period | None]] = {}
        self._years: list[tuple[int, int]] | None = None
        # (start, end of a dated dateline, its date)
        self.dateline: tuple[int, int, Period] | None = None

    def sentence(self, si: int) -> tuple[str, list[DateMention], list[int]]:
        hit = self._cache.get(si)
        if hit is None:
            s0, s1 = self.sentences[si]
            sent = self.text[s0:s1]
            post = self._post_date(s0)
            ref = post or self._historical_ref(s0, sent) or self.ref
            # A forecast's headings and list lines ("Coast (max / min, Saturday–Sunday)") are
            # about the days ahead.
            ahead = s1 - s0 <= 80 and self._forecast_doc()
            dates = find_dates(sent, ref, self.folded[s0:s1], ahead)
            if dates:
                cut = self._dateline_cut(si, sent)
                dates = [d for d in dates if not self._in_name(s0 + d.start, s0 + d.end)]
                if cut:
                    # The dateline's own date dates the dateline's place, not the story.
                    # Each read on its own: a later year of the story ("...in December
                    # 1984") does not lend itself to the dateline's "Feb 10".
                    head = [
                        (find_dates(sent[d.start : d.end], ref) or [d])[0]
                        for d in dates
                        if d.end <= cut.start()
                    ]
                    if head:
                        self.dateline = (s0, s0 + cut.start(), head[-1].period)
                    dates = [d for d in dates if d.end > cut.start()]
            if dates and self.ref is not None and _YEAR_RE.search(sent):
                dates = self._carry_year(sent, s0, dates)
            if not dates and self.ref is not None and self.ref.precision in ("day", "month"):
                label = self._weekday_label(si)
                if label is not None:
                    dates = [DateMention(0, max(1, s1 - s0), label)]
            if post is not None and not dates:
                dates = [DateMention(0, max(1, s1 - s0), post)]  # what the post reports
            if "quarter" in self.folded[s0:s1] or "trimestre" in self.folded[s0:s1]:
                dates = self._the_quarter(si, dates)
            if dates and any(d.period.precision == "day" for d in dates):
                dates = _with_days_later(dates, self.folded[s0:s1])
            if not dates and (sent.count("|") >= 2 or sent.count("\t") >= 2):
                cell = _ROW_YEAR.match(sent)
                if cell is not None:  # "2023 | Jaén | Cajamarca | 61 200": the row's year
                    y = int(cell["y"])
                    dates = [DateMention(0, max(1, s1 - s0), Period.year(y))]
            hit = self._cache[si] = (sent, dates, clause_cuts(sent))
        return hit

    def _first_start(self) -> int:
        return self.sentences[0][0]

    def _forecast_doc(self) -> bool:
        if not hasattr(self, "_forecast"):
            self._forecast = bool(_FORECAST_DOC.search(self.folded, 0, 600))
        return self._forecast

    def _weekday_label(self, si: int) -> Period | None:
        """A line that opens with a weekday as its label ("Monday. The port of Chancay ...",
        "- Martes 27: Cajamarca, lluvia", "Lunes 3. El Gobierno Regional ..."): a round-up's or
        a forecast's day. A numbered one is that day; a bare one falls inside the span the text
        named above it ("from Tuesday, Feb. 10, through Friday, Feb. 13"), else is the coming
        one in a forecast and the latest one in a round-up."""
        s0 = self.sentences[si][0]
        if s0 and self.text[s0 - 1] != "\n":
            return None
        m = _WEEKDAY_LABEL.match(self.folded, s0)
        if m is None:
            return None
        ref = self.ref.start  # type: ignore[union-attr]
        wd = WEEKDAYS[m["wd"]]
        if self.ref.precision == "month":  # type: ignore[union-attr]
            # A diary published "agosto de 2023": "Sábado 12." is the Saturday 12th of it.
            if not m["d"]:
                return None
            day = numbered_weekday(wd, int(m["d"]), ref.replace(day=15))
            return Period.day(day) if day is not None else None
        if m["d"]:
            day = numbered_weekday(wd, int(m["d"]), ref)
            return Period.day(day) if day is not None else None
        for k in range(si - 1, max(-1, si - 30), -1):
            for d in reversed(self.sentence(k)[1]):
                p = d.period
                if p.precision == "day" and 1 <= (p.end - p.start).days <= 13:
                    for n in range((p.end - p.start).days + 1):
                        if (p.start + timedelta(days=n)).weekday() == wd:
                            return Period.day(p.start + timedelta(days=n))
        if self._forecast_doc():
            return Period.day(ref + timedelta(days=(wd - ref.weekday()) % 7))
        return Period.day(ref - timedelta(days=(ref.weekday() - wd) % 7))

    def _dateline_cut(self, si: int, sent: str) -> re.Match[str] | None:
        """Where a wire dateline ends in the text's first sentence, or in the lead under a
        one-line headline ("Motupe se prepara ...\\n\\nChiclayo, 30 jul (ANDINA).- La ciudad
        ..."): its date stamps the story, it does not date the places of the lead."""
        if si == 0:
            return _WIRE_DATELINE.search(sent, 0, 120)
        if si > 3 or self.dateline is not None:
            return None
        s0 = self.sentences[si][0]
        if s0 > 600 or not self.text.startswith("\n", s0 - 1):
            return None
        if any(self.sentence(k)[1] and k > 0 for k in range(si)):
            return None  # a lead already dated: this is the body
        cut = _WIRE_DATELINE.search(sent, 0, 80)
        if cut is None or not _LEAD_DATELINE_HEAD.match(sent, 0, cut.start()):
            return None
        return cut

    def _the_quarter(self, si: int, dates: list[DateMention]) -> list[DateMention]:
        """ "produced 81,000 tonnes in the quarter": the quarter the text named before ("in the
        July-September quarter"), as a date of this sentence."""
        s0, s1 = self.sentences[si]
        hits = list(_THE_QUARTER.finditer(self.folded, s0, s1))
        if not hits:
            return dates
        for k in range(si - 1, max(-1, si - 30), -1):
            named = [
                d.period
                for d in self.sentence(k)[1]
                if d.period.precision == "month"
                and 89 <= (d.period.end - d.period.start).days <= 91
            ]
            if named:
                extra = [DateMention(m.start() - s0, m.end() - s0, named[-1]) for m in hits]
                return sorted([*dates, *extra], key=lambda d: d.start)
        return dates

    def _in_name(self, a: int, b: int) -> bool:
        k = bisect_right(self.name_starts, b - 1)
        return k > 0 and self.names[k - 1][1] > a

    def cumulative_dates(self, si: int) -> list[DateMention]:
        """ "Las regiones con mayor número de casos acumulados son ...": the season so far
        named before ("Hasta la SE 9-2025"), not the single week the sentence before it gave."""
        s0, s1 = self.sentences[si]
        if "acumulad" not in self.folded[s0:s1] and "cumulative" not in self.folded[s0:s1]:
            return []
        for k in range(si - 1, max(-1, si - 5), -1):
            for d in reversed(self.sentence(k)[1]):
                p = d.period
                start_of_year = (p.start.month, p.start.day) <= (1, 7) or (
                    p.start.month == 12 and p.start.day >= 26
                )
                if start_of_year and p.end > p.start + timedelta(days=14):
                    return [DateMention(0, max(1, s1 - s0), p)]
        return []

    def bullet_header_dates(self, si: int) -> list[DateMention]:
        """For a bullet under a header ("Ámbitos comprendidos (21 de enero – 21 de marzo):"),
        the dates of that header."""
        s0, s1 = self.sentences[si]
        if not _BULLET.match(self.text, s0):
            ls = self.text.rfind("\n", 0, s0) + 1
            if si == 0 or ls == s0 or not _BULLET.match(self.text, ls):
                return []
            # "- Coronel Portillo province: ... In the community of San Francisco, 300 families
            # lost their crops.": a later sentence of the item, dated like the item
            k = si - 1
            while k > 0 and self.sentences[k][0] > ls:
                k -= 1
            if self.sentence(k)[1]:
                return []
            hit = self.bullet_header_dates(k)
            return [DateMention(0, max(1, s1 - s0), hit[0].period)] if hit else []
        for k in range(si - 1, max(-1, si - 40), -1):
            a, b = self.sentences[k]
            line = self.text.rfind("\n", 0, a) + 1
            if _BULLET.match(self.text, a) or (line < a and _BULLET.match(self.text, line)):
                continue  # an item, or a later sentence of an item's line
            head = self.text[a:b].rstrip()
            # "Ámbitos comprendidos (...):", or a heading on its own line: "2. New cases in May"
            heading = (
                (line == a or _HEADING_NUMBER.fullmatch(self.text, line, a) is not None)
                and len(head) <= 100
                and head[-1:] not in ".!?;,"
                and self.text.startswith("\n", a + len(head))
            )
            if not head.endswith(":") and not heading:
                return []
            dates = self.sentence(k)[1]
            if not dates:
                # "Zonas afectadas:", or a forecast's "Temperaturas previstas (mín. / máx.)"
                area = self._forecast_doc() or bool(
                    _AREA_HEADER.fullmatch(self.folded, a, a + len(head))
                )
                dates = self._paragraph_before_dates(k, area)
            if not dates:
                return []
            period = _covering(dates)
            if len(dates) == 1 and _TALLY_TO.search(
                self.folded, max(a, a + dates[0].start - 24), a + dates[0].start
            ):
                # "II. DAÑOS (acumulado al 3 de julio)" under "Desde el martes 1 de julio, las
                # heladas afectan ...": the damage tallied since the situation began
                begin = self._situation_start(k, period)
                if begin is not None:
                    period = Period(begin, period.end, "day")
            return [DateMention(0, max(1, s1 - s0), period)]
        return []

    def _situation_start(self, k: int, cut: Period) -> date | None:
        """The first day of the situation a report's sections above sentence k describe: the
        start of a period that began up to 60 days before the tally's cut-off and runs to it."""
        for j in range(k - 1, max(-1, k - 12), -1):
            for d in self.sentence(j)[1]:
                p = d.period
                if (
                    p.precision == "day"
                    and p.start < p.end
                    and p.start < cut.start <= p.end
                    and (cut.start - p.start).days <= 60
                ):
                    return p.start
        return None

    def area_label_dates(self, si: int) -> list[DateMention]:
        """ "Regions on orange alert: Madre de Dios, Ucayali, ...", a paragraph of its own under
        the one announcing the alert: the areas take the alert's period stated above."""
        s0, s1 = self.sentences[si]
        if not self.text.startswith("\n\n", s0 - 2) or not _AREA_LABEL.match(self.folded, s0):
            return []
        dates = self._paragraph_before_dates(si, True)
        return [DateMention(0, max(1, s1 - s0), _covering(dates))] if dates else []

    def _to_now(self, p: Period) -> bool:
        """A period that runs up to the publication ("since 9 March", "desde el lunes")."""
        return self.ref is not None and p.start < p.end == self.ref.end

    def _paragraph_before_dates(self, k: int, area: bool) -> list[DateMention]:
        """ "... desde el martes 24 hasta el viernes 27 de junio se presentará el friaje.\n\n
        Zonas afectadas:\n- Madre de Dios: ...": an alert's areas take the alert's period, the
        one the paragraph right above their header states first; under any other header with
        no date ("Por ubicación, los conflictos se localizan en:"), only a month or longer
        period the paragraph above states ("durante marzo"), or one up to the publication
        ("since 9 March"), carries down to the list."""
        for _ in range(15):  # paragraphs walked up, past lists of areas or sections
            a = self.sentences[k][0]
            if k == 0 or not self.text.startswith("\n\n", a - 2):
                return []
            first = k - 1
            while (
                first > 0
                and "\n\n" not in self.text[self.sentences[first - 1][1] : self.sentences[first][0]]
            ):
                first -= 1
            section = first + 1 < k and _BULLET.match(self.text, self.sentences[first + 1][0])
            for j in range(first, k if not section else first):
                dates = [
                    d
                    for d in self.sentence(j)[1]
                    if area or d.period.precision != "day" or self._to_now(d.period)
                ]
                if area and len(dates) > 1 and self.ref is not None:
                    # "Senamhi warned on Tuesday that a friaje will sweep ... from Thursday 10
                    # to Saturday 12 July": the warning's day is not the alert's
                    later = [d for d in dates if d.period.start > self.ref.end]
                    if later and dates[0].period.end <= self.ref.end:
                        dates = later
                if dates:
                    return dates[:1]
            f0 = self.sentences[first][0]
            if not (section or (area and _AREA_LABEL.match(self.folded, f0))):
                return []
            # "Departamentos comprendidos: ...\n\nTemperaturas previstas para el periodo:",
            # "TUMBES\n- Aguas Verdes: ...\n\nPIURA\n- Castilla: ...": a list of areas or an
            # earlier section stands between the header and the period the report states
            k = first
        return []

    def table_header_dates(self, si: int) -> list[DateMention]:
        """For a table row ("Pariñas (Talara) 80"), the dates of the header above it."""
        s0, s1 = self.sentences[si]
        row = self.text[s0:s1]
        if not _is_table_row(row):
            return []
        prose = 0  # sentences of prose read above the header
        for k in range(si - 1, max(-1, si - 40), -1):
            a, b = self.sentences[k]
            line = self.text[a:b]
            dates = self.sentence(k)[1]
            cells = _year_cells(line)
            if cells is not None:  # "Region | 2023 | 2024 | Change %": the rows hold both years
                return [DateMention(0, max(1, len(row)), cells)]
            if dates:
                # "election held on 12 April 2026 (ONPE, ... counted as of 14 April)" in one
                # caption: the count's cut-off yields to the day the rows are about.
                cut = [
                    d
                    for d in dates
                    if d.period.precision == "day"
                    and _AS_OF_BEFORE.search(self.folded, max(0, a + d.start - 30), a + d.start)
                ]
                kept = [d for d in dates if d not in cut and d.period.precision == "day"]
                if cut and len(kept) == 1 and kept[0].period.end < cut[0].period.start:
                    dates = kept
                period = _covering(dates)
                # "Data as of March 23, 2024." under a title "(EPIDEMIOLOGICAL WEEKS 1-12)":
                # the day is the cut-off of the period the title states.
                for j in range(k - 1, max(-1, k - 4), -1):
                    wider = _covering(self.sentence(j)[1]) if self.sentence(j)[1] else None
                    if wider and wider.start < period.start and period.end == wider.end:
                        period = wider
                        break
                if (
                    k > 0
                    and len(dates) == 1
                    and _AS_OF_BEFORE.search(
                        self.folded, max(0, a + dates[0].start - 30), a + dates[0].start
                    )
                    and "\n\n" not in self.text[self.sentences[k - 1][1] : a]
                ):
                    # "...general election of 12 April 2026. ONPE, 97.4% counted as of 14
                    # April.": the count's cut-off; the rows are the election day's
                    before = [
                        d.period for d in self.sentence(k - 1)[1] if d.period.precision == "day"
                    ]
                    if len(before) == 1 and before[0].end < period.start:
                        period = before[0]
                return [DateMention(0, max(1, len(row)), period)]
            if not _is_table_row(line) and not _MD_RULE.fullmatch(line):
                prose += 1
                if prose > 3:
                    return []
        return []

    def _post_date(self, s0: int) -> Period | None:
        """The day of a quoted social-media post the sentence is in: a line that opens the post
        ("@MigracionesPe: Hoy atendimos ..." or a quotation) and ends with its date ("(21/12/2026)",
        "— @COENPeru, 3 mar. 2026"). Its "hoy" is that day, not the article's."""
        if self.ref is None or "@" not in self.text:
            return None
        a = self.text.rfind("\n", 0, s0) + 1
        hit = self._posts.get(a)
        if hit is None:
            b = self.text.find("\n", a)
            line = self.text[a : b if b >= 0 else len(self.text)]
            period: Period | None = None
            tail = _POST_TAIL.search(line) if _POST_OPEN.match(line) else None
            if tail is not None:
                found = find_dates(tail["a"] or tail["b"] or "", self.ref)
                if found and found[0].period.precision == "day":
                    period = found[0].period
            hit = self._posts[a] = (period,)
        return hit[0]

    def _carry_year(self, sent: str, s0: int, dates: list[DateMention]) -> list[DateMention]:
        """A day or month without a year after a past year in the same sentence is in that year
        ("el 9 de julio de 1882 ..., mientras que en Concepción ... entre el 9 y el 10 de
        julio"), not in the publication's."""
        assert self.ref is not None
        now = self.ref.start.year
        years = [(m.end(), int(m.group())) for m in _YEAR_RE.finditer(sent)]
        out = []
        for d in dates:
            prior = [y for e, y in years if e <= d.start]
            if (
                prior
                and prior[-1] <= now - 2
                and d.period.start.year >= now - 1
                and _YEAR_RE.search(sent, d.start, d.end) is None
                and _MONTH_WORD.search(self.folded, s0 + d.start, s0 + d.end)
            ):
                again = find_dates(sent[d.start : d.end], Period.year(prior[-1]))
                if again and again[0].period.start.year == prior[-1]:
                    d = DateMention(d.start, d.end, again[0].period, d.single, d.report)
            out.append(d)
        return out

    def _chronicle_goes_on(self, pos: int, s0: int, sent: str, year: int) -> bool:
        """A history piece's next paragraph that opens with a day ("El 18 de noviembre, los
        rebeldes derrotaron ...") goes on in the year the paragraph before it stated (1780)
        when the publication's year would put that past event after the publication."""
        assert self.ref is not None
        if not (
            year <= self.ref.start.year - 30
            and self.text.count("\n\n", pos, s0) == 1
            and self.text.startswith("\n", s0 - 1)
            and _OPENING_DAY.match(self.folded, s0) is not None
            and not _FUTURE_VERB.search(sent)
        ):
            return False
        now = find_dates(sent, self.ref, self.folded[s0 : s0 + len(sent)])
        return bool(now) and now[0].period.start > self.ref.end

    def _historical_ref(self, s0: int, sent: str) -> Period | None:
        """A reference date in the past year a history paragraph is about, if it has one."""
        if self.ref is None or _YEAR_RE.search(sent):
            return None
        if self._years is None:
            # "el quinto desde 2014", "since 2019": a year a period runs from up to now is no
            # past year the next sentences narrate.
            self._years = [
                (m.start(), int(m.group()))
                for m in _YEAR_RE.finditer(self.text)
                if not _SINCE_BEFORE.search(self.folded, max(0, m.start() - 12), m.start())
            ]
        k = bisect_right(self._years, (s0, 10_000))
        if not k:
            return None
        pos, year = self._years[k - 1]  # the last year the text stated before this sentence
        if year > self.ref.start.year - 2 or _RELATIVE_WORDS.search(
            self.folded, s0, s0 + len(sent)
        ):
            return None  # "ayer", "la semana pasada" count from the publication date
        if (
            "\n\n" in self.text[pos:s0]
            and pos > 400
            and not self._chronicle_goes_on(pos, s0, sent, year)
        ):
            return None  # an earlier paragraph's year, unless the headline or lead states it
        if _BACK_TO_NOW.search(self.folded, pos, s0):
            return None  # "En 2019 fundó ... que el año pasado exportó": the story came back
        if year >= self.ref.start.year - 5:
            # A recent year stated before ("actas firmadas en 2023") is background more often
            # than the year the next item narrates: a yearless day that falls on or before the
            # publication in its own year stays there.
            now = find_dates(sent, self.ref, self.folded[s0 : s0 + len(sent)])
            if now and all(d.period.end <= self.ref.end for d in now):
                return None
        return Period.year(year)  # "El 3 de abril de ese año": that year, not the next

    def borrowed(self, si: int) -> list[DateMention]:
        """Dates a sentence without its own takes from its table header or the sentence before
        ("ese mismo día"), once per sentence."""
        hit = self._borrowed.get(si)
        if hit is None:
            hit = self._borrowed[si] = (
                self.live_entry_dates(si)
                or self.date_heading_dates(si)
                or self.year_label_dates(si)
                or self.emergency_dates(si)
                or self.label_dates(si)
                or self.label_headline_dates(si)
                or self._whole_validity(si, self.list_heading_dates(si))
                or self.brief_headline_dates(si)
                or self.itinerary_dates(si)
                or self.cumulative_dates(si)
                or self.table_header_dates(si)
                or self._whole_validity(si, self.bullet_header_dates(si))
                or self._whole_validity(si, self.area_label_dates(si))
                or self.same_day_dates(si)
                or self.since_then_dates(si)
                or self.days_later_dates(si)
                or self.post_dates(si)
                or self.years_ago_dates(si)
                or self.section_heading_dates(si)
                or self.after_table_dates(si)
                or self.continued_dates(si)
                or self.report_period_dates(si)
                or self.story_lead_dates(si)
            )
        return hit

    def _whole_validity(self, si: int, hit: list[DateMention]) -> list[DateMention]:
        """ "Vigencia: del martes 1 al jueves 3 ... Desde la madrugada del martes 1 se espera
        ... || Zonas afectadas: - Madre de Dios: ...": a day inside the warning's validity that
        a list borrows from the paragraph above is the warning's start; the list is under the
        whole warning."""
        valid = self._validity_period() if hit else None
        if (
            valid is not None
            and self.sentences[si][0] > valid[0]
            and all(valid[1].start <= d.period.start <= d.period.end <= valid[1].end for d in hit)
        ):
            return [DateMention(0, hit[0].end, valid[1])]
        return hit

    def story_lead_dates(self, si: int) -> list[DateMention]:
        """A news story's body goes on telling its lead's event: "A quake struck late
        Thursday ... || The two victims died in the hamlet of Chocavento" is Thursday, not the
        publication day. Only for a past-tense narrative sentence, not a quotation, while no
        sentence between the lead and it has stated another date (then the story moved on).
        """
        lead = self._story_lead()
        if lead is None:
            return []
        lead_si, day, moved = lead
        if si <= lead_si:
            return []
        if moved is not None and si > moved:
            return []
        s0, s1 = self.sentences[si]
        if (
            self.text[s0 : s0 + 1] in _QUOTE_OPENERS
            or _OWN_TIME.search(self.folded, s0, s1)
            or _LATER_TIME.search(self.folded, s0, s1)
            or not _PAST_VERB.search(self.text, s0, s1)
        ):
            return []
        return [DateMention(0, max(1, s1 - s0), day)]

    def _story_lead(self) -> tuple[int, Period, int | None] | None:
        """(the lead sentence, its one past event day, the first later sentence that states
        another date or None), once a document; None when the text is no dated story."""
        if hasattr(self, "_lead"):
            return self._lead
        self._lead: tuple[int, Period, int | None] | None = None
        ref = self.ref
        if ref is None or ref.precision != "day" or len(self.sentences) < 3:
            return None
        first = self.text.find("\n\n")
        lead_si = None
        for k in range(min(len(self.sentences), 6)):  # the first sentence after the headings
            a, b = self.sentences[k]
            if first >= 0 and a > first and "\n" not in self.text[a:b].strip():
                lead_si = k
                break
        if lead_si is None:
            return None
        if not _only_headings(self.text, first):
            return None
        days = {d.period for d in self._own_dates(lead_si) if d.period.precision == "day"}
        if len(days) != 1:
            return None
        (day,) = days
        if not (0 < (ref.start - day.start).days <= LEAD_DAYS):
            return None
        moved = None
        for k in range(lead_si + 1, len(self.sentences)):
            if any(d.period != day for d in self._own_dates(k)):
                moved = k - 1
                break
        self._lead = (lead_si, day, moved)
        return self._lead

    def year_label_dates(self, si: int) -> list[DateMention]:
        """A chronology's line labelled with a bare year ("2014. La comunidad de Fuerabamba es
        reasentada ..."): that year, for the sentences of the line that state no date."""
        s0, s1 = self.sentences[si]
        ls = self.text.rfind("\n", 0, s0) + 1
        m = _YEAR_LABEL.match(self.text, ls)
        if m is None or m.end() > s0:
            return []
        return [DateMention(0, max(1, s1 - s0), Period.year(int(m[1])))]

    def date_heading_dates(self, si: int) -> list[DateMention]:
        """A paragraph under a line that is only a date ("Saturday, Sept. 27\nFood and craft fair
        in Pachacámac ..."): an agenda's or a diary's day, for the sentences that state none."""
        s0, s1 = self.sentences[si]
        top = self.text.rfind("\n\n", 0, s0)
        top = top + 2 if top >= 0 else 0
        end = self.text.find("\n", top)
        if end < 0 or end >= s0 or end - top > 40:
            return []
        head = self.text[top:end]
        bare = _BARE_DAY_HEADING.fullmatch(fold(head).strip())
        if bare is not None and self.ref is not None and self.ref.precision == "day":
            # "FRIDAY\nRain spreading south ...", "WEEKEND\nRain easing ...": a forecast's or
            # a round-up's sections, the coming days in a forecast, the last ones otherwise
            ref, ahead = self.ref.start, self._forecast_doc()
            if bare["d"]:  # "VIERNES 16": the 16th that is a Friday, nearest
                day = numbered_weekday(WEEKDAYS[bare["wd"]], int(bare["d"]), ref)
                if day is None:
                    return []
                return [DateMention(0, max(1, s1 - s0), Period.day(day))]
            if bare["wd"]:
                wd = WEEKDAYS[bare["wd"]]
                shift = (wd - ref.weekday()) % 7 if ahead else -((ref.weekday() - wd) % 7)
                day = ref + timedelta(days=shift)
                return [DateMention(0, max(1, s1 - s0), Period.day(day))]
            sat = ref + timedelta(days=(5 - ref.weekday()) % 7)
            if not ahead and sat > ref:
                sat -= timedelta(days=7)
            return [DateMention(0, max(1, s1 - s0), Period(sat, sat + timedelta(days=1), "day"))]
        found = find_dates(head, self.ref)
        if len(found) != 1 or found[0].period.precision != "day":
            return []
        rest = fold(head[: found[0].start] + head[found[0].end :])
        if len(_WEEKDAY_WORD.sub("", rest).strip(" ,.:;-–—|")) > 3:
            return []  # a line with more than its date is no heading
        return [DateMention(0, max(1, s1 - s0), found[0].period)]

    def live_day(self, pos: int) -> Period | None:
        """In a live blog (entries stamped "07:40 — Moquegua: ..."), the day of the entry at
        pos: the last date line above it ("Monday, March 16, 2026"), else the publication's."""
        if not hasattr(self, "_live"):
            self._live: list[tuple[int, Period]] | None = None
            if len(_LIVE_STAMP.findall(self.text, 0, 20_000)) >= 3 and self.ref is not None:
                days = []
                if self.ref.precision == "day":
                    days.append((0, self.ref))
                for m in _SHORT_LINE.finditer(self.text):
                    found = find_dates(m.group(), self.ref)
                    if len(found) == 1 and found[0].period.precision == "day":
                        days.append((m.start(), found[0].period))
                self._live = days or None
        if not self._live:
            return None
        k = bisect_right(self._live, (pos, Period.day(date.max)))
        return self._live[k - 1][1] if k else None

    def live_label(self, start: int) -> bool:
        """The place that labels a live entry: "07:40 — Moquegua: Classes begin ..."."""
        line = self.text.rfind("\n", 0, start) + 1
        stamp = _LIVE_STAMP.match(self.text, line)
        return stamp is not None and stamp.end() == start

    def live_entry_dates(self, si: int) -> list[DateMention]:
        """A live entry's sentence with no time of its own is on the entry's day, not on the
        day the entry before it states."""
        s0, s1 = self.sentences[si]
        line = self.text.rfind("\n", 0, s0) + 1
        if not _LIVE_STAMP.match(self.text, line):
            return []
        day = self.live_day(s0)
        return [DateMention(0, max(1, s1 - s0), day)] if day is not None else []

    def label_dates(self, si: int) -> list[DateMention]:
        """A brief's label ("Comas. Ayer por la tarde, agentes ...", "2. Tacna. Usuarios de agua
        ... exigen, desde el 10 de febrero, ..."): the date of its own brief, the first one the
        rest of its line states, not the brief before it."""
        s0, s1 = self.sentences[si]
        if si + 1 >= len(self.sentences):
            return []
        if s0 and self.text[s0 - 1] != "\n":
            ls = self.text.rfind("\n", 0, s0) + 1
            if not _ITEM_NUMBER.fullmatch(self.text, ls, s0):
                return []  # "1. Moquegua. Comuneros ...": the number is a sentence of its own
        if s1 - s0 > 60 or not _BRIEF_LABEL.fullmatch(self.text, s0, s1):
            return []
        if self.text[s1 : s1 + 1] in ("-", "–", "—") or (
            self.text[s0:s1].isupper() and not self._upper_digest()
        ):
            return []  # "CHICLAYO.-", "Chota.– ": a dateline, the publication day's
        if not hasattr(self, "_briefs"):  # one label is a regional dateline ("Chota. A los 87
            self._briefs = (
                len(_BRIEF_LINE.findall(self.text)) >= 2
            )  # años ..."); a round-up has more
        if not self._briefs:
            return []
        crossed = False
        for k in range(si + 1, min(len(self.sentences), si + 4)):
            a = self.sentences[k][0]
            gap = self.text[self.sentences[k - 1][1] : a]
            if "\n" in gap:
                # "SAN JUAN DE LURIGANCHO. Capturan a extorsionador" over its story: a label
                # and a headline on one line, the brief on the next, dated by the brief.
                line = self.text[s0 : self.sentences[k - 1][1]].rstrip()
                if crossed or "\n\n" in gap or len(line) > 150 or line.endswith((".", "!", "?")):
                    return []  # the label's line ended: a heading, not a brief's label
                crossed = True
            dates = event_dates(self._own_dates(k))
            if dates:
                return [DateMention(0, max(1, s1 - s0), dates[0].period)]
        return []

    def list_heading_dates(self, si: int) -> list[DateMention]:
        """A heading line with no date right above a list ("TUMBES\n- Aguas Verdes: ..."): the
        section names where its items happened, so it takes the date its first item takes."""
        s0, s1 = self.sentences[si]
        if si + 1 >= len(self.sentences) or (s0 and self.text[s0 - 1] != "\n"):
            return []
        head = self.text[s0:s1].rstrip()
        if (
            len(head) > 60
            or head[-1:] in ".!?;,:"
            or not self.text.startswith("\n", s0 + len(head))
        ):
            return []
        a = self.sentences[si + 1][0]
        if self.text[s1:a].count("\n") != 1 or not _BULLET.match(self.text, a):
            return []
        dates = self.bullet_header_dates(si + 1)
        return [DateMention(0, max(1, s1 - s0), dates[0].period)] if dates else []

    def after_table_dates(self, si: int) -> list[DateMention]:
        """A paragraph that comments a table right above it, past its "Fuente:" line ("Las
        tasas más altas corresponden a Ucayali y Loreto. En la región Puno, ..."): the period
        the table's caption states, for its sentences that state none."""
        if self.ref is None:
            return []
        s0, s1 = self.sentences[si]
        if self.text[s0 : s0 + 1] in _QUOTE_OPENERS:
            return []
        if _OWN_TIME.search(self.folded, s0, s1) or _LATER_TIME.search(self.folded, s0, s1):
            return []
        if not hasattr(self, "_breaks"):  # blank lines, found once (no scan back per sentence)
            self._breaks = [m.start() for m in _BLANK_LINE.finditer(self.text)]
        j = bisect_right(self._breaks, s0 - 1) - 1
        if j < 0:
            return []
        para = self._breaks[j]
        k = _sentence_index(self.sentences, para)  # the last sentence before the paragraph
        if self.sentences[k][0] > para:
            return []
        for _ in range(3):
            if k < 0:
                return []
            a, b = self.sentences[k]
            line = self.text[a:b]
            if _SOURCE_LINE.match(self.folded, a) or not line.strip():
                k -= 1
                continue
            whole = (a == 0 or self.text[a - 1] == "\n") and self.text.startswith("\n", b)
            if not whole or not _is_table_row(line) or k == 0:
                return []
            pa, pb = self.sentences[k - 1]
            if "\n" not in self.text[pb:a] or not _is_table_row(self.text[pa:pb]):
                return []  # a table has two rows or more; one line ending in a year is prose
            dates = self.table_header_dates(k)
            if not dates:
                return []
            return [DateMention(0, max(1, s1 - s0), dates[0].period)]
        return []

    def section_heading_dates(self, si: int) -> list[DateMention]:
        """A line under a numbered, dated section heading in the same block ("2. DAÑOS Y
        AFECTACIÓN (del 9 al 16 de febrero)\nLORETO: ... En Nieva se suspendieron las clases."):
        the heading's period, however many lines and sentences come between."""
        s0, s1 = self.sentences[si]
        k = si
        for _ in range(40):
            if k == 0:
                return []
            gap = self.text[self.sentences[k - 1][1] : self.sentences[k][0]]
            if "\n\n" in gap:
                return []
            k -= 1
            a = self.sentences[k][0]
            if a == 0 or self.text[a - 1] == "\n":
                m = _HEADING_NUMBER.match(self.text, a)
                if m is not None and m.end() > a and self.text[m.end() : m.end() + 1].isupper():
                    # "2. DAÑOS ... (del 9 al 16 de febrero)": the number may split off as a
                    # sentence of its own, so the whole line is read
                    eol = self.text.find("\n", a)
                    line = self.text[a : eol if eol >= 0 else len(self.text)]
                    if len(line) > 140 or line.rstrip()[-1:] in ".!?":
                        return []
                    dates = find_dates(line, self.ref)
                    if not dates:
                        return []
                    return [DateMention(0, max(1, s1 - s0), _covering(dates))]
        return []

    def brief_headline_dates(self, si: int) -> list[DateMention]:
        """A digest's brief headline on its own line over its story on the next ("Capturan a
        presunta banda en Independencia\nAgentes de la Dirincri capturaron ayer ..."): the
        date its story's first sentence states."""
        s0, s1 = self.sentences[si]
        if si == 0 or si + 1 >= len(self.sentences) or self.text[s0 - 1] != "\n":
            return []
        head = self.text[s0:s1].rstrip()
        if (
            len(head) > 120
            or head[-1:] in ".!?;,:"
            or self.text[s0 + len(head) : s0 + len(head) + 1] != "\n"
        ):
            return []
        a = self.sentences[si + 1][0]
        if self.text[s0 + len(head) : a] != "\n" or not self.text[a : a + 1].isupper():
            return []
        if not hasattr(self, "_digest"):  # two or more such briefs: a digest, not one story
            self._digest = len(_BRIEF_HEAD.findall(self.text)) >= 3
        if not self._digest:
            return []
        dates = event_dates(self._own_dates(si + 1))
        return [DateMention(0, max(1, s1 - s0), dates[0].period)] if dates else []

    def label_headline_dates(self, si: int) -> list[DateMention]:
        """The headline beside a brief's label ("CALLAO. Matan a balazos a joven en Bellavista"
        over its story): the date the label takes from its brief."""
        if si == 0:
            return []
        s0, s1 = self.sentences[si]
        p0, p1 = self.sentences[si - 1]
        if "\n" in self.text[p1:s0] or (p0 and self.text[p0 - 1] != "\n"):
            return []  # the label opens the line and the headline follows it on that line
        eol = self.text.find("\n", s1)
        if (self.text[s1:eol] if eol >= 0 else self.text[s1:]).strip():
            return []  # the headline ends its line
        return self.label_dates(si - 1)

    def _upper_digest(self) -> bool:
        """Three or more briefs under capitalised labels ("TUMBES. Agentes ...", "PIURA. El
        hospital ..."): a digest's sections, each dated by its brief, not datelines."""
        if not hasattr(self, "_upper"):
            self._upper = (
                sum(m.group().split(".", 1)[0].isupper() for m in _BRIEF_LINE.finditer(self.text))
                >= 3
            )
        return self._upper

    def _own_dates(self, si: int) -> list[DateMention]:
        return [d for d in self.sentence(si)[1] if not d.report]

    def continued_dates(self, si: int, depth: int = 0) -> list[DateMention]:
        """A sentence with no date that goes on narrating the dated sentence before it in the
        same paragraph ("El 15 de agosto de 2007 un sismo sacudió la costa. Las ciudades de
        Pisco e Ica fueron las más golpeadas.") takes that sentence's date, when the date is
        one the text stated (a past day, a month or a fortnight, not the publication day); a
        report's title period ("Situation Report No. 3 (covering the first week of May)")
        dates the paragraphs under it."""
        if si == 0 or depth > 6 or self.ref is None:
            return []
        s0, s1 = self.sentences[si]
        a = self.sentences[si - 1][0]
        if _OWN_TIME.search(self.folded, s0, s1) or _LATER_TIME.search(self.folded, s0, s1):
            return []  # "ayer", "el lunes", "luego": the sentence has its own time
        title = si - 1 == 0 and self._title_period() is not None
        lead = False
        if "\n\n" in self.text[a:s0] and not title:
            lead = self._after_lead(si)
            if (
                self._anniversary()
                and self.text[s0 : s0 + 1] not in _QUOTE_OPENERS
                and _PAST_VERB.search(self.text, s0, s1)
                and not self._recent_paragraph_before(si)
            ):
                # "Ranrahirca ya había sido arrasada ... el 10 de enero de 1962.\n\nDe los casi
                # 20,000 habitantes de Yungay sobrevivieron ...": a new paragraph of an
                # anniversary piece goes back to the day it remembers, not to a recalled one
                return [DateMention(0, max(1, s1 - s0), self._anniv_day)]
            if not lead and not (
                self._anniversary()
                and self.text[s0 : s0 + 1] not in _QUOTE_OPENERS
                and _PAST_VERB.search(self.text, s0, s1)
            ):
                return []
        prev = self._own_dates(si - 1)
        if title:
            prev = [self._title_period()]  # type: ignore[list-item]
        elif not prev:
            prev = (
                self.years_ago_dates(si - 1)
                or self.same_day_dates(si - 1)  # "During the same period, ... In Junín, ..."
                or self.continued_dates(si - 1, depth + 1)
            )
            if not prev:
                return []
        # "...participaron ayer en el debate, a dos semanas de los comicios del 4 de octubre."
        # narrates yesterday: a later sentence goes on in the last date that is not ahead.
        past = [d for d in prev if d.period.start <= self.ref.end]
        # "blocked the road on Tuesday, demanding the fund promised in 2024": the day the
        # sentence narrates, not a year it recalls.
        days = [d for d in past if d.period.precision == "day"]
        last = (days or past or prev)[-1]
        period = last.period
        if (
            self._to_now(period)
            and last.end
            and WHEN_CLAUSE.match(self.folded, a + last.end)
            and _PAST_VERB.search(self.text, s0, s1)
        ):
            # "permanecen aislados desde la madrugada del lunes, cuando las lluvias activaron
            # quebradas. En Chinchao, el huaico sepultó la trocha": the day it struck
            period = Period.day(period.start)
        ref_day = self.ref.start
        ahead = [d.period for d in prev if d.period.start > self.ref.end]
        if ahead and (
            _FUTURE_VERB.search(self.text, s0, s1) or _EXPECTED_VERB.search(self.text, s0, s1)
        ):
            # the whole span ahead, not its last day ("from 06:00 on Monday 2 June to 18:00 on
            # Wednesday 4 June")
            widest = max(ahead, key=lambda p: p.end - p.start)
            period = Period(
                min(p.start for p in ahead), max(p.end for p in ahead), widest.precision
            )
            # "realizará del 15 al 19 de junio la campaña ... Las brigadas atenderán en
            # Huayucachi": the plan goes on in the future tense
            return [DateMention(0, max(1, s1 - s0), period)]
        if period.start == period.end == ref_day or period.start > self.ref.end:
            return []  # the publication day, or a plan: not a narrated past
        if self.ref.precision != "day" and (period.start, period.end) == (
            self.ref.start,
            self.ref.end,
        ):
            return []
        recent = 0 <= (ref_day - period.end).days <= LEAD_DAYS or (
            # "a 60-day state of emergency, starting today": a measure that runs on
            period.start <= ref_day <= period.end and (ref_day - period.start).days <= LEAD_DAYS
        )
        if lead and not (
            period.precision == "day"
            and (recent or (self._anniversary() and _PAST_VERB.search(self.text, s0, s1)))
        ):
            return []  # only a wire lead's recent day carries into the next paragraph
        return [DateMention(0, max(1, s1 - s0), period)]

    def _recent_paragraph_before(self, si: int) -> bool:
        """Whether the paragraph before sentence si states a day of the last week ("Hoy se
        desarrollan marchas ..."): an anniversary piece telling today's events."""
        assert self.ref is not None
        k = si - 1
        while k >= 0:
            if any((self.ref.start - d.period.end).days <= LEAD_DAYS for d in self._own_dates(k)):
                return True
            if k == 0 or "\n\n" in self.text[self.sentences[k - 1][1] : self.sentences[k][0]]:
                return False
            k -= 1
        return False

    def _anniversary(self) -> bool:
        """Whether the text is an anniversary piece: its headline or lead states a day of an
        earlier year that falls on the publication day ("el 13 de agosto de 1868", published
        on 13 August). Its undated paragraphs go on narrating that day, not the present."""
        if not hasattr(self, "_anniv"):
            self._anniv = False
            ref = self.ref
            if ref is not None and ref.precision in ("day", "month"):
                # a month's issue: a day of that month in an earlier year ("Yungay, 55 años
                # después" over "El domingo 31 de mayo de 1970", in the May issue)
                same = (
                    (lambda p: (p.start.month, p.start.day) == (ref.start.month, ref.start.day))
                    if ref.precision == "day"
                    else (lambda p: p.start.month == ref.start.month)
                )
                for si in range(min(len(self.sentences), 6)):
                    if self.sentences[si][0] > 800:
                        break
                    for d in self._own_dates(si):
                        p = d.period
                        if p.precision == "day" and p.start.year < ref.start.year and same(p):
                            self._anniv = True
                            self._anniv_day = p
        return self._anniv

    def _after_lead(self, si: int) -> bool:
        """Whether sentence si opens the paragraph right after a news story's lead: "TUMBES,
        March 15 (Reuters) - Floods swept border towns on Tuesday night. || In Aguas Verdes,
        water reached the waists of traders." goes on telling Tuesday's event. A quotation
        (a voice, not the narration) does not."""
        s0 = self.sentences[si][0]
        a = self.sentences[si - 1][0]
        if self.text.count("\n\n", a, s0) != 1 or self.text[s0 : s0 + 1] in _QUOTE_OPENERS:
            return False
        first = self.text.rfind("\n\n", 0, a)  # where the previous paragraph starts
        if first < 0:
            return True  # the previous paragraph opens the text: it is the lead
        return _only_headings(self.text, first)

    def itinerary_dates(self, si: int) -> list[DateMention]:
        """A travel itinerary's "Day 3-5: Ollantaytambo." paragraph: those days of the trip,
        counted from the first day the text dated before its first "Day" heading ("We flew
        to Cusco on May 3")."""
        if not hasattr(self, "_itinerary"):  # the first heading, looked for once a document
            self._itinerary = _ITINERARY_DAY.search(self.folded)
        first = self._itinerary
        if first is None:
            return []
        s0, s1 = self.sentences[si]
        para = self.text.rfind("\n\n", 0, s0 + 1)
        para = 0 if para < 0 else para + 2
        head = _ITINERARY_DAY.match(self.folded, para)
        if head is None or self.ref is None:
            return []
        start = None
        for k in range(si):
            if self.sentences[k][0] >= first.start():
                break
            days = [d.period for d in self._own_dates(k) if d.period.precision == "day"]
            days = [d for d in days if d.start < self.ref.start]  # not "Posted ... May 20"
            if days:
                start = days[0].start
                break
        if start is None:
            return []
        a = int(head["a"])
        b = int(head["b"] or a)
        if not 1 <= a <= b <= 60:
            return []
        span = Period(start + timedelta(days=a - 1), start + timedelta(days=b - 1), "day")
        return [DateMention(0, max(1, s1 - s0), span)]

    def emergency_dates(self, si: int) -> list[DateMention]:
        """In an emergency report ("INFORME DE EMERGENCIA N.º 512 - 03/03/2026 / COEN - INDECI"),
        a line with no time of its own (its title, its damage table, its list of districts) is
        in the emergency: from the day it began, the first past day the report states, to the
        report's day."""
        period = self._emergency_period()
        if period is None or si == 0:
            return []
        s0, s1 = self.sentences[si]
        if _OWN_TIME.search(self.folded, s0, s1) or _LATER_TIME.search(self.folded, s0, s1):
            return []
        return [DateMention(0, max(1, s1 - s0), period)]

    def _emergency_period(self) -> Period | None:
        if not hasattr(self, "_emergency"):
            self._emergency: Period | None = None
            ref = self.ref
            if (
                ref is not None
                and ref.precision == "day"
                and _EMERGENCY_REPORT.match(self.folded, 0, 300)
                and _EMERGENCY_BODY.search(self.folded, 0, 300)
            ):
                for k in range(1, min(len(self.sentences), 12)):
                    days = [
                        d.period
                        for d in self._own_dates(k)
                        if d.period.precision == "day"
                        and d.period.start < ref.start
                        and (ref.start - d.period.start).days <= 60
                    ]
                    if days:
                        self._emergency = Period(days[0].start, ref.end, "day")
                        break
        return self._emergency

    def report_period_dates(self, si: int) -> list[DateMention]:
        """In a report whose title states its period ("Reporte de Conflictos Sociales N.° 272
        (septiembre de 2026)"), a sentence with no time of its own is in that period."""
        title = self._title_period()
        validity = self._validity_period() if title is None else None
        if si == 0 or (title is None and validity is None) or self.ref is None:
            return []
        s0, s1 = self.sentences[si]
        if _OWN_TIME.search(self.folded, s0, s1) or _LATER_TIME.search(self.folded, s0, s1):
            return []
        if validity is not None:
            if s0 <= validity[0]:
                return []  # only what the warning lists after its validity line
            return [DateMention(0, max(1, s1 - s0), validity[1])]
        if title.period.start > self.ref.end:  # type: ignore[union-attr]
            return []
        return [DateMention(0, max(1, s1 - s0), title.period)]  # type: ignore[union-attr]

    def _validity_period(self) -> tuple[int, Period] | None:
        """A warning's validity line near its top ("Vigencia: del sábado 20 al martes 23 de
        junio de 2026", "Valid from March 3 to 5"): the period of everything it lists after."""
        if not hasattr(self, "_valid"):
            self._valid: tuple[int, Period] | None = None
            m = _VALIDITY_LINE.search(self.folded, 0, 600)
            if m is not None and self.ref is not None:
                line_end = self.text.find("\n", m.end())
                line = self.text[m.end() : line_end if line_end >= 0 else len(self.text)]
                found = find_dates(line, self.ref)
                if found:
                    first, last = found[0].period, found[-1].period
                    if len(found) > 1 and last.end > first.start:
                        # "from 14:00 on Friday 21 November to 23:59 on Sunday 23 November":
                        # the clock times split the range, the line is one period
                        first = Period(first.start, last.end, "day")
                    self._valid = (m.start(), first)
        return self._valid

    def _title_period(self) -> DateMention | None:
        """The period a report's title states in brackets: "Reporte N.° 228 (enero de 2023)"."""
        if not hasattr(self, "_title"):
            self._title: DateMention | None = None
            # The title is the first line, or the second under a date line ("Lima, 12 de
            # marzo de 2025\n\nDefensoría del Pueblo – Reporte ... (febrero de 2025)").
            for k, (s0, s1) in enumerate(self.sentences[:2]):
                line_end = self.text.find("\n", s0)
                head = self.text[s0 : s1 if line_end < 0 else min(s1, line_end)]
                m = _TITLE_PERIOD.search(head)
                if m:
                    dates = find_dates(head, self.ref)
                    inside = [d for d in dates if m.start() <= d.start < m.end()]
                    if inside:
                        self._title = inside[-1]
                    break
                if k or not _DATE_LINE.fullmatch(head.strip()):
                    break
        return self._title

    def years_ago_dates(self, si: int) -> list[DateMention]:
        """ "Hace 17 años: el terremoto de Pisco", "30 years ago: ...": the event is the one
        dated in the next sentence with that year, else that year."""
        s0, s1 = self.sentences[si]
        part = self.folded[s0:s1]
        if self.ref is None or ("hace" not in part and "ago" not in part):
            return []
        m = _YEARS_AGO.search(self.folded, s0, s1)
        if not m:
            return []
        year = self.ref.start.year - int(m["n"] or m["n2"])
        if si + 1 < len(self.sentences):
            for d in self._own_dates(si + 1):
                if d.period.start.year == year:
                    return [DateMention(0, max(1, s1 - s0), d.period)]
        return [DateMention(0, max(1, s1 - s0), Period.year(year))]

    def post_dates(self, si: int) -> list[DateMention]:
        """A sentence inside a quoted post takes the date of the post's attribution."""
        s0, s1 = self.sentences[si]
        stop = min(len(self.text), s1 + 400)  # the attribution follows the post closely
        line_end = self.text.find("\n", s0, stop)
        line_end = stop if line_end < 0 else line_end
        if self.text.find("@", s0, line_end) < 0:
            return []
        m = _TWEET_CREDIT.search(self.text, s0, line_end)
        if not m:
            return []
        dates = find_dates(m.group(1), self.ref)
        return [DateMention(0, s1 - s0, dates[0].period)] if dates else []

    def days_later_dates(self, si: int) -> list[DateMention]:
        """ "Six days later", "al día siguiente": that many days after the day stated before."""
        s0, s1 = self.sentences[si]
        f = self.folded
        if (
            f.find("later", s0, s1) < 0
            and f.find("despues", s0, s1) < 0
            and (
                f.find("siguiente", s0, s1) < 0
                and f.find("following", s0, s1) < 0
                and f.find("next day", s0, s1) < 0
            )
        ):
            return []
        m = _DAYS_LATER.search(f, s0, s1)
        if not m:
            return []
        days = _days_later(m)
        for k in range(si - 1, max(-1, si - 4), -1):
            dates = [d for d in self.sentence(k)[1] if d.period.precision == "day"]
            if dates:
                day = dates[-1].period.end + timedelta(days=days)
                return [DateMention(0, s1 - s0, Period.day(day))]
        return []

    def since_then_dates(self, si: int) -> list[DateMention]:
        """ "Los manifestantes bloquean desde esa fecha los accesos a Yauri", "since then": from
        the last past date the sentence before stated up to the publication day."""
        s0, s1 = self.sentences[si]
        if si == 0 or self.ref is None or not _SINCE_THEN.search(self.folded, s0, s1):
            return []
        past = [d for d in self._own_dates(si - 1) if d.period.start <= self.ref.end]
        if not past or self.ref.precision != "day":
            return []
        return [DateMention(0, s1 - s0, Period(past[-1].period.start, self.ref.end, "day"))]

    def same_day_dates(self, si: int) -> list[DateMention]:
        """ "Ese mismo día", "that same day": the date of the sentence before that had one."""
        s0, s1 = self.sentences[si]
        f = self.folded
        if not _SAME_DAY_HINT.search(f, s0, s1) or not _SAME_DAY.search(f, s0, s1):
            return []
        week = _WEEK_WORD.search(f, s0, s1) is not None  # "that week": the week named before
        # "Durante ese periodo": the span named before ("del 15 de febrero al 15 de abril").
        span = _PERIOD_WORD.search(f, s0, s1) is not None
        during = _DURING_EVENT.search(f, s0, s1) is not None
        if _REPORT_MONTH.search(f, s0, s1):
            # "five conflicts were reported during the month": the month the report covers,
            # the last whole month the text stated ("Monthly brief No. 58, May 2024").
            for k in range(si - 1, max(-1, si - 80), -1):  # bounded: linear on long texts
                months = [d for d in self.sentence(k)[1] if d.period.precision == "month"]
                if months:
                    return [DateMention(0, s1 - s0, months[-1].period)]
            if self.ref is not None and self.ref.precision == "month":
                return [DateMention(0, s1 - s0, self.ref)]
            return []
        for k in range(si - 1, max(-1, si - (30 if span else 4)), -1):
            dates = self.sentence(k)[1] or (self.borrowed(k) if span else [])
            if week:
                dates = [d for d in dates if (d.period.end - d.period.start).days == 6] or dates
            if during:  # a stated run of days ("cerrará del 1 de septiembre al 30 de noviembre")
                dates = [d for d in dates if d.period.precision == "day" and not d.single]
            elif span:
                dates = [d for d in dates if d.period.end > d.period.start] or dates
            elif self.ref is not None:  # "la misma noche": the day narrated, not a plan named
                dates = [d for d in dates if d.period.start <= self.ref.end] or dates
            if dates:
                return [DateMention(0, s1 - s0, dates[-1].period)]
        return []


_SAME_DAY_WORDS = (
    "aquel",
    "mismo",
    "misma",
    "same",
    " dia",
    "that day",
    "tarde",
    "later",
    "despues",
    " mes",
    "month",
    "year",
    " ano",
    "week",
    "period",
    "lapso",
    "plazo",
    "time frame",
    "durante",
    "mientras",
    "during",
    "throughout",
    "while",
    "semana",
)
# Any of those words in the sentence, in one pass instead of one str.find each.
# "Day 3–5: Ollantaytambo.", "Día 2 - Colca:" at a paragraph's start
_ITINERARY_DAY = re.compile(
    r"(?m)^[ \t]*(?:day|dia)s?\s+(?P<a>\d{1,2})"
    r"(?:\s*(?:[-–]|to|al?|y|and)\s*(?P<b>\d{1,2}))?\s*[:.–-]"
)
_THE_QUARTER = re.compile(
    r"\b(?:in|during|for|over|en|durante)\s+(?:the|el)\s+(?:quarter|trimestre)\b"
)
_AS_OF_BEFORE = re.compile(r"\b(?:as\s+of|al\s+corte\s+del?|con\s+corte\s+al|actualizado\s+al)\s+$")
_EMERGENCY_REPORT = re.compile(r"\s*(?:reporte|informe)\b")
_EMERGENCY_BODY = re.compile(r"\b(?:coen|indeci|coer)\b")
_SINCE_THEN = re.compile(
    r"\bdesde\s+(?:esa\s+fecha|entonces|ese\s+(?:dia|momento))\b|\bsince\s+(?:then|that\s+day)\b"
)
_SAME_DAY_HINT = re.compile("|".join(map(re.escape, _SAME_DAY_WORDS)))
# "Durante el cierre", "during the state of emergency": the days of the event named before.
_DURING_EVENT = re.compile(
    r"\b(?:durante|mientras\s+duren?)\s+(?:el|la|los|las)\s+(?:cierre|emergencia|estado\s+de"
    r"\s+emergencia|paro|huelga|veda|obras?|bloqueo|cuarentena|toque\s+de\s+queda|apagon|corte"
    r"|alerta|temporada(?!\s+(?:de|del)\b))\b"
    r"|\b(?:during|throughout|while)\s+the\s+(?:closure|emergency|state\s+of\s+emergency|strike"
    r"|ban|works|blockade|curfew|quarantine|outage|blackout|shutdown|alert"
    r"|season(?!\s+of\b))\b"
)
_PERIOD_WORD = re.compile(
    r"\b(?:periodo|lapso|plazo|period|time\s+frame|encuesta|sondeo|survey|poll"
    r"|durante|mientras|during|throughout|while)\b"
)  # a span named before: "del 15 de febrero al 15 de abril", "a poll taken March 24-27"
_SAME_DAY = re.compile(
    r"\b(?:ese|el|aquel|este)\s+mismo\s+(?:dia|fin\s+de\s+semana|mes)|\bese\s+(?:dia|mes)\b"
    # "El mismo lunes", "Aquel domingo", "that same Monday": the day named before
    rf"|\b(?:(?:ese|el|aquel)\s+mismo|aquel)\s+(?:{WEEKDAY_ALT})\b(?!\s+\d)"
    rf"|\b(?:that|the)\s+same\s+(?:{WEEKDAY_ALT})\b"
    r"|\b(?:that|the)\s+same\s+(?:day|weekend|month)|\bthat\s+(?:day|month)\b"
    r"|\b(?:horas|minutos|media\s+hora|una\s+hora)\s+(?:mas\s+tarde|despues)\b"
    r"|\b(?:hours|minutes|half\s+an\s+hour|an\s+hour)\s+later\b"
    # "Durante los cuatro días de heladas", "para esos mismos días": the days named before
    r"|\b(?:durante|en|para)\s+(?:los|esos|estos|aquellos)\s+(?:mismos\s+)?(?:\w+\s+)?dias\b"
    r"|\b(?:during|on|over|for)\s+(?:the|those|these)\s+(?:same\s+)?(?:\w+\s+)?days\b"
    r"|\bdurante\s+el\s+mes\b|\b(?:that|the\s+same)\s+year\b|\b(?:ese|aquel)\s+(?:mismo\s+)?ano\b"
    r"|\b(?:that|the\s+same)\s+week\b|\besa\s+(?:misma\s+)?semana\b"
    # "the plant ran at reduced rates for the week": the week named before
    r"|\b(?:for|during|over)\s+the\s+week\b(?!\s+(?:of|ahead|to|before|after))"
    r"|\b(?:during|in)\s+the\s+month\b|\ben\s+el\s+mes\b(?!\s+de)"
    r"|\b(?:durante|en)\s+(?:ese|dicho|este|aquel)\s+(?:periodo|lapso|plazo)\b"
    r"|\b(?:during|in|over|within)\s+(?:that|this)\s+(?:period|time\s+frame)\b"
    r"|\b(?:during|in|over)\s+the\s+same\s+period\b(?!\s+(?:of|last|a\s+year|in|\d))"
    r"|\ben\s+el\s+mismo\s+(?:periodo|lapso)\b(?!\s+(?:de|del|anterior|pasado|\d))"
    r"|\b(?:en|durante)\s+(?:la|el|esa|ese|aquella|aquel)\s+mism[ao]\s+(?:sesion|jornada|reunion"
    r"|noche|tarde|manana|madrugada|encuesta|sondeo"
    r"|audiencia|asamblea|ceremonia|conferencia|cita|marcha|protesta)\b"
    r"|\b(?:at|in|during|on)\s+the\s+same\s+(?:session|sitting|meeting|hearing|ceremony|event"
    r"|night|evening|morning|afternoon|survey|poll"
    r"|conference|rally|protest|march)\b"
    r"|" + _DURING_EVENT.pattern
)  # "Minutos después, un alud ...", "the same weekend", "durante el mes": the date before
_SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
}  # fmt: skip


def _with_days_later(dates: list[DateMention], folded: str) -> list[DateMention]:
    """ "El 8 de septiembre de 1820 desembarcó en Paracas y al día siguiente ocupó Pisco",
    "en Chorrillos el 13 de enero y en Miraflores dos días más tarde": a day counted from the
    date stated before it in the same sentence."""
    if not any(
        w in folded for w in ("later", "despues", "mas tarde", "siguiente", "following", "next day")
    ):
        return dates
    out = list(dates)
    for m in _DAYS_LATER.finditer(folded):
        before = [d for d in out if d.end <= m.start() and d.period.precision == "day"]
        if not before or any(m.start() <= d.start < m.end() + 3 for d in out):
            continue
        day = before[-1].period.end + timedelta(days=_days_later(m))
        out.append(DateMention(m.start(), m.end(), Period.day(day)))
    out.sort(key=lambda d: d.start)
    return out


def _days_later(m: re.Match[str]) -> int:
    """How many days a _DAYS_LATER match counts ("al día siguiente" 1, "six days later" 6)."""
    n = m["n"]
    return 1 if n is None else int(n) if n.isdigit() else _SMALL_NUMBERS[n]


_DAYS_LATER = re.compile(
    r"\b(?:(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|un|una|dos|tres|cuatro"
    r"|cinco|seis|siete|ocho|nueve|diez)\s+(?:days?|dias?)\s+(?:later|after|despues|mas\s+tarde)"
    r"|(?:al|el)\s+dia\s+siguiente|(?:the\s+)?(?:next|following)\s+day|a\s+day\s+later)\b"
)
_SINCE_BEFORE = re.compile(r"\b(?:desde|since)\s+(?:(?:el|the)\s+)?(?:ano\s+|year\s+)?$")
_REPORT_MONTH = re.compile(
    r"\b(?:during|in)\s+the\s+month\b|\b(?:durante|en)\s+el\s+mes\b(?!\s+de)"
)
_WEEK_WORD = re.compile(
    r"\b(?:that|same)\s+week\b|\besa\s+(?:misma\s+)?semana\b|\b(?:for|during|over)\s+the\s+week\b"
)
# A quoted post and its attribution: '"..." — @COEN_Peru, 16 de febrero de 2025'.
_TWEET_CREDIT = re.compile(r"[\"”]\s*(?:\(\s*|[—–-]\s*)@\w+\s*,\s*([^\n)]{4,40})")
# Words after a past year that bring the narration back towards the present: the year
# no longer dates what follows ("Nine years later, she has reopened", "el año pasado").
_BACK_TO_NOW = re.compile(
    r"\b(?:el\s+ano\s+pasado|last\s+year|this\s+year|este\s+ano|actualmente|currently"
    r"|en\s+la\s+actualidad|(?:\w+\s+)(?:anos|years|decadas|decades)\s+(?:despues|later)"
    r"|(?:anos|years)\s+(?:mas\s+tarde))\b"
)
_RELATIVE_WORDS = re.compile(
    r"\b(?:ayer|anoche|(?<!que )(?<!, )hoy|anteayer|yesterday|(?<!, )today|tonight|last|pasad[oa]"
    r"|este|esta"
    r"|this|lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|next|proxim[oa]s?|will|expected|plans?|planea|prevista?"
    r"|programad[oa])\b"
)  # a weekday or a plan counts from the publication date, not from a year history named
# A relative time of the sentence's own (not "este último", "the latter"): "ayer", "el lunes".
_OWN_TIME = re.compile(
    r"\b(?:ayer|anoche|(?<!que )hoy|anteayer|yesterday|today|tonight|last|pasad[oa]"
    r"|lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)\b|\b(?:este|esta|this)\s+(?:mes|ano|semana|month|year|week)\b"
)
# Words that move a narration to another time: "Luego llegó la calma", "Today the town ...".
# "fueron atendidos en Jazán y luego derivados a Chachapoyas": a step of the same event.
_LATER_TIME = re.compile(
    r"(?<!\by )(?<!\band )\b(?:luego|despues|posteriormente|actualmente|ahora|later|then"
    r"|afterwards|now|today"
    r"|nowadays|currently|since then|desde entonces)\b"
)
# A verb in a past tense: an anniversary piece narrates ("murieron", "alcanzó", "was
# reported"); "Los vecinos piden muros" is about the present.
_PAST_VERB = re.compile(
    r"\b\w+(?:ó|aron|ieron|aba|aban)\b|\b(?:fue|fueron|hubo|was|were|had|\w{3,}ed)\b"
    # irregular preterites: "se vino abajo", "hizo", "dijo"; "fell", "struck", "took"
    r"|\b(?:vino|hizo|dijo|tuvo|puso|estuvo|dio|trajo|pudo|produjo|fell|struck|began|came"
    r"|took|gave|left|lost|broke|rose|swept|buried|killed|ran|fled|went|saw|shook|sank|caught"
    r"|spread|sent|brought|found|fought|won|stood|drove|flew|threw|froze|blew|shot|held|told)\b"
)
LEAD_DAYS = 7  # a lead's event day, at most a week before publication, dates the next paragraph
_QUOTE_OPENERS = frozenset("\"\u201c\u00ab\u2014'-")
_FUTURE_VERB = re.compile(r"(?<![\w-])[a-záéíóúñ]{2,}(?:rá|rán)\b|\b(?:will|shall)\b")
# A forecast's own verbs: "are expected in the provinces of Huanta", "se esperan lluvias".
_EXPECTED_VERB = re.compile(
    r"\b(?:(?:is|are)\s+(?:expected|forecast|likely)|se\s+(?:esperan?|prev[eé]n?|pronostican?))\b"
)
# A table cell holding only a year: "| 2024 |", "2023\tJaén\t..." (a row of a yearly table).
# Only the first cell: a count in a later column can look like a year ("Loreto | 1988 | 4").
_ROW_YEAR = re.compile(r"\s*\|?\s*(?P<y>1[5-9]\d\d|20\d\d)\s*(?=[|\t])")
# At a line's start, or after the issue time: "Emitido: viernes 10 ... · Vigencia: del ..."
_VALIDITY_LINE = re.compile(
    r"(?:^|\n|[·|;]|\s[-–—])\s*"
    r"(?:vigencia|valido|valida|vigente|valid|in effect|periodo de vigencia)\b"
    r"[^\n]{0,12}?[:\s]"
)
_YEARS_AGO = re.compile(r"\bhace\s+(?P<n>\d{1,3})\s+anos\b|\b(?P<n2>\d{1,3})\s+years\s+ago\b")
# A live blog's time stamp at a line's start: "07:05 — ", "14.30 - ", "9:10 a.m. – ".
_LIVE_STAMP = re.compile(
    r"(?m)^[ \t]*(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s*(?:h|hrs?|[ap]\.?m\.?))?[ \t]*[—–-][ \t]*"
)
_SHORT_LINE = re.compile(r"(?m)^[^\n]{6,48}$")
_DATE_LINE = re.compile(r"(?:[A-ZÁÉÍÓÚ][\w ]{1,30},\s*)?\d{1,2}\s+de\s+[a-zé]+\s+de\s+\d{4}\.?")
_TITLE_PERIOD = re.compile(
    r"\((?:covering\s+|periodo\s+|period\s+)?[^()]{3,60}\)\s*\.?\s*$"
    # "Reporte de Conflictos Sociales N.° 252, febrero 2025", "Monthly report – May 2024"
    r"|(?i:(?<=\s)(?:reporte|report|informe|bolet[ií]n|bulletin|brief|update|n\.?\s?°|no\.)"
    r"[^\n]{0,80}?[,–—:-]\s*)(?P<mp>[A-Za-zé]{3,10}\.?(?:\s+de)?\s+\d{4})\s*\.?\s*$"
)
_YEAR_RE = re.compile(r"(?<![\d.,])(?:1[5-9]\d\d|20\d\d)(?![\d.,]\d)")
# The header of a list of the areas an alert or a measure covers: "Zonas afectadas:".
_AREA_HEADER = re.compile(
    r"(?:zonas|areas|ambitos|regiones|provincias|distritos|localidades|affected|areas covered"
    r"|regions|provinces|districts)(?:\s+(?:afectadas|afectados|comprendidas|comprendidos"
    r"|en alerta|en emergencia|declaradas|affected|on alert|under alert|covered))?\s*:"
)
# "Regions on orange alert:", "Regiones en alerta roja:", "Zonas afectadas:" opening a line
_AREA_LABEL = re.compile(
    r"(?:[a-z]+\s+){0,3}?(?:(?:on|under|in|en|bajo)\s+(?:(?:red|orange|yellow|roja|naranja"
    r"|amarilla)\s+)?(?:alert|alerta|emergency|emergencia)(?:\s+(?:roja|naranja|amarilla))?"
    r"|afectad[oa]s|affected|comprendid[oa]s|covered|declarad[oa]s)"
    r"(?:\s*\([a-z ]{1,30}\))?\s*:\s"  # "Zonas afectadas (provincias):"
)
_OPENING_DAY = re.compile(
    r"(?:el|on|in|en)?\s*(?:\d{1,2}\s+de\s+)?(?:enero|febrero|marzo|abril|mayo|junio|julio"
    r"|agosto|se?tiembre|octubre|noviembre|diciembre|january|february|march|april|may|june|july"
    r"|august|september|october|november|december)\b"
)
_MONTH_WORD = re.compile(
    r"\b(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?tiembre|octubre|noviembre"
    r"|diciembre|january|february|march|april|may|june|july|august|september|october"
    r"|november|december)\b"
)
# A quoted post on one line: "@Handle: ..." / @Handle: "..." / "...", ending with its date.
_POST_OPEN = re.compile(r"\s*(?:[\"“«]\s*@\w+\s*:|@\w+\s*:\s*[\"“«]|[\"“«])")
_POST_TAIL = re.compile(
    r"[\"”»]\s*(?:[—–-]\s*@\w+\s*,\s*(?P<a>[^\n]{3,40}?)|\((?P<b>[^()\n]{3,30})\))\s*\.?\s*$"
)
_WIRE_DATELINE = re.compile(
    r"\((?:Reuters|AP|AFP|EFE|Andina|ANSA|DPA|Xinhua|Europa Press|Bloomberg|UPI)\)\s*[-—–.:]+"
    r"|\.\s?-(?=\s)|\s[—–]\s|(?<=\d)\s-\s(?=[A-ZÁÉÍÓÚÑ])"  # "LIMA, Feb 10 - A court ..."
)
# "Comas.", "Bellavista (Callao).", "2. Tacna.": a brief's label, a name and a full stop
_LABEL = (
    r"[ \t]*(?:\d{1,2}[.)][ \t]*)?[A-ZÁÉÍÓÚÑ][\w'’-]*(?:[ \t]+[\w'’-]+){0,4}"
    r"(?:[ \t]*\([^()\n]{2,30}\))?\."
)
_BRIEF_LABEL = re.compile(_LABEL)
_ITEM_NUMBER = re.compile(r"[ \t]*\d{1,2}[.)][ \t]*")
_ITEM_LABEL_END = re.compile(r"[ \t]*[.:][ \t]+[A-ZÁÉÍÓÚÑ¿¡«\"]")


_LABEL_OPEN = re.compile(r"[ \t]*(?:\d{1,2}[.)][ \t]*|[-•*·■][ \t]*)?")
_SECTION_END = re.compile(r"[ \t]*(?:\n|$|[.:—–][ \t]+[A-ZÁÉÍÓÚÑ¿¡«\"])")


def _region_labels(text: str, mentions: list[Mention], gaz: Gazetteer) -> frozenset[int]:
    """Where a regional digest labels its sections with departments ("LORETO\n...",
    "HUÁNUCO: Authorities in Tingo María ...", "TUMBES. Agentes de Aduanas ..."): with three
    or more such labels the document is organised by region, so each label is the department,
    not its capital city."""
    found: dict[int, str] = {}
    for m in mentions:
        ls = text.rfind("\n", 0, m.start) + 1
        if (
            _LABEL_OPEN.fullmatch(text, ls, m.start)
            and _SECTION_END.match(text, m.end)
            and (m.surface.isupper() or text.startswith("\n", m.end) or m.end == len(text))
            and any(c.kind == "department" for c in gaz.readings(m.key).peruvian)
        ):
            found[m.start] = m.key
    return frozenset(found) if len(set(found.values())) >= 3 else frozenset()


def _numbered_region_item(text: str, m: Mention, readings: Readings) -> bool:
    """ "1. Moquegua. Comuneros del anexo ...": a numbered item labelled with a department's
    name, as conflict and emergency reports list their cases region by region."""
    ls = text.rfind("\n", 0, m.start) + 1
    return (
        ls < m.start
        and _ITEM_NUMBER.fullmatch(text, ls, m.start) is not None
        and _ITEM_LABEL_END.match(text, m.end) is not None
        and any(c.kind == "department" for c in readings.peruvian)
    )


_BRIEF_LINE = re.compile(rf"(?m)^{_LABEL}[ \t]+[A-ZÁÉÍÓÚÑ¿¡«\"]")  # a label and its brief
_YEAR_LABEL = re.compile(
    r"[ \t]*(?:[-•*·][ \t]*)?(1[5-9]\d\d|20\d\d)[ \t]*[.:–—-][ \t]+(?=[A-ZÁÉÍÓÚÑ¿¡«\"])"
)
_WEEKDAY_WORD = re.compile(rf"\b(?:{WEEKDAY_ALT})\b")
_BARE_DAY_HEADING = re.compile(
    rf"(?P<wd>{WEEKDAY_ALT})(?:\s+(?P<d>[0-3]?\d))?|weekend|fin de semana"
)
_WEEKDAY_LABEL = re.compile(
    rf"[ \t]*(?:[-•*·]\s*)?(?P<wd>{WEEKDAY_ALT})(?:\s+(?P<d>[0-3]?\d))?"
    r"(?:\s*[.:–-](?=\s|$)|[ \t]*(?=\n|$))"  # "Sábado 26\n• Feria de mates ...": a heading
)
_FORECAST_DOC = re.compile(
    r"\b(?:forecast|aviso|alerta|alert|warning|pronostico|senamhi|weather)\b"
)
# "Chiclayo, 30 jul (ANDINA)", "LIMA, March 4 (Andina)": a place, a comma, its date
_LEAD_DATELINE_HEAD = re.compile(r"[A-ZÁÉÍÓÚÑ][\w .'’-]{1,40},\s+\S[^\n]{0,40}$")
_TABLE_ROW = re.compile(
    r"^\s*[^\W\d_][^\n]{0,80}\d[\d.,]*\s*(?:%|°\s*c|º\s*c|mm|cm|c|casos|cases|ha|tm?)?\s*$",
    re.IGNORECASE,
)  # a row ends in its value, perhaps with a unit: "Mazocruz (El Collao) – -16,4 °C"


def _covering(dates: list[DateMention]) -> Period:
    """The period that holds all of a header's dates ("SE 1-17 (hasta el 27 de abril)"), or
    its last date when none does."""
    finer = [d for d in dates if d.period.precision != "year"]
    if finer and len(finer) < len(dates):
        # "Perú, 2026 (SE 1 a SE 11, del 4 de enero al 21 de marzo)": the year only says which
        # year the weeks are in.
        years = [d.period for d in dates if d.period.precision == "year"]
        if all(y.start <= d.period.start and d.period.end <= y.end for y in years for d in finer):
            dates = finer
    widest = max(dates, key=lambda d: d.period.end - d.period.start).period
    if all(widest.start <= d.period.start and d.period.end <= widest.end for d in dates):
        # "del 1 de enero al 22 de marzo (SE 1 a SE 12)": the weeks start a few days earlier
        # but are the same period, and the text's calendar days are what it says.
        same = [
            d.period
            for d in dates
            if d.period.end == widest.end and 0 <= (d.period.start - widest.start).days <= 6
        ]
        return max(same, key=lambda p: p.start)
    if (
        len({d.period.precision for d in dates}) == 1
        and len({d.period.end.year for d in dates}) > 1
    ):
        # "Region | Q1 2025 | Q1 2024 | Change": a comparison's rows are the current period's
        return max(dates, key=lambda d: d.period.end).period
    return dates[-1].period


def _year_cells(line: str) -> Period | None:
    """The years a table header's cells are ("Region | 2023 | 2024 | Change %"), as one
    period, if two or more of its cells are bare years."""
    if "|" not in line and "\t" not in line and "   " not in line:
        return None
    years = [int(c) for c in _CELL_SEP.split(line.strip()) if _BARE_YEAR.fullmatch(c)]
    if len(years) < 2:
        return None
    return Period(date(min(years), 1, 1), date(max(years), 12, 31), "year")


_BARE_YEAR = re.compile(r"(?:19|20)\d\d")


_DIGIT = re.compile(r"\d")  # a row has a value; its header has none


def _is_table_row(line: str) -> bool:
    """A short line that names something and ends in a number: a row of a case table (a
    Markdown row's outer pipes aside: "| Puno | 2 104 | 14 |")."""
    core = line.strip().strip("|")
    if "\n" in core.strip():
        return False
    if core.count("|") >= 2 and len(core) <= 300 and core[:1].isalnum() and _DIGIT.search(core):
        # "Cajamarca | Luis Celendín Vásquez | Fuerza Cajamarquina | 28,4 %", and a row that
        # opens with its time: "03:42 | 6.8 | 46 km SW of Yauca (Caravelí)"
        return True
    return len(core) <= 100 and bool(_TABLE_ROW.match(core))


_MD_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")  # |---|:---:|


def _place_name(entry: Entry, unit: Unit) -> str | None:
    """A populated place's name when the mention is a town, city or village, not the unit."""
    if entry.kind == "locality":
        return entry.place
    if entry.kind == "place" and (entry.curated or fold(entry.name) != fold(unit.name)):
        return entry.place
    if entry.kind == "district" and entry.curated:  # a department's name read as its capital
        return entry.place
    return None
