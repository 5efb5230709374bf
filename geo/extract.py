"""Text -> mentions -> resolved, dated events: the geoparser for Peruvian places (EN and ES).

One pass of greedy longest-match over folded tokens finds every gazetteer name; each match is
then judged in context (capitalisation, person names, rivers and facilities, foreign
qualifiers, ordinary words) and resolved to the finest INEI unit its cues and the rest of the
document support.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from geo import lexicon as lx
from geo.dates import DateMention, Period, document_period, event_period, find_dates
from geo.events import DocumentEvents
from geo.gazetteer import Entry, Gazetteer, load_gazetteer
from geo.model import Event, Mention, Unit
from geo.roles import assign_roles
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


@dataclass(frozen=True, slots=True)
class Judged:
    """A mention that survived the context checks, with its candidate readings and cue."""

    mention: Mention
    candidates: tuple[Entry, ...]
    cue: str | None  # department | province | district | city | None
    weak: bool  # ordinary word or person name: needs support from the document


# --- matching ----------------------------------------------------------------------------------
def find_mentions(text: str, gaz: Gazetteer, folded: str | None = None) -> list[Mention]:
    """Every gazetteer name in the text, longest first, in one regex pass over folded text.

    Offsets index the original text (folding keeps them); the key is the name's index key.
    """
    if folded is None:
        folded = fold_fast(text)
    out: list[Mention] = []
    for m in gaz.pattern.finditer(folded):
        s, e = m.span()
        out.append(Mention(text[s:e], s, e, " ".join(_WORD_RE.findall(m.group()))))
    return out


# --- context -----------------------------------------------------------------------------------
_WORD_RE = re.compile(r"[^\W_]+")
_GAP_RE = re.compile(r"[ \t\r,'\"“”‘’()\-]*")


def _line_style(
    text: str, start: int, end: int, cache: dict[int, tuple[bool, bool]]
) -> tuple[bool, bool]:
    """(Title Case line, line without capitals) for the line around a span, cached per line."""
    ls = text.rfind("\n", 0, start) + 1
    hit = cache.get(ls)
    if hit is None:
        le = text.find("\n", end)
        line = text[ls : le if le >= 0 else len(text)]
        title = False
        if len(line) <= 300:  # a headline; body paragraphs are longer
            words = [w for w in line.split() if len(w) > 3]
            title = len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)
        hit = cache[ls] = (title, line.lower() == line)
    return hit


def _is_initial(text: str, pos: int) -> bool:
    """True when the word at pos starts a sentence or a line (its capital says nothing)."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t\"'“‘(¿¡")
    return pos == 0 or before == "" or before[-1] in ".!?:;\n"


def _context(
    text: str,
    folded: str,
    start: int,
    end: int,
    line_cache: dict[int, tuple[bool, bool]] | None = None,
) -> Context:
    base = max(0, start - 60)
    before = list(_WORD_RE.finditer(folded, base, start))
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
    for t in _WORD_RE.finditer(folded, end, min(len(folded), end + 70)):
        gap = folded[boundary : t.start()]
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
            if t.group() not in lx.FUNCTION_WORDS and t.group() not in lx.LEVEL_WORDS
        )
    prev_initial = bool(prev) and _is_initial(text, before[-1].start())
    title_case, lower_line = _line_style(text, start, end, {} if line_cache is None else line_cache)
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
    )


_CUES_BY_WORD: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for _level, _patterns in lx.CUES_BEFORE.items():
    for _pat in _patterns:
        _CUES_BY_WORD.setdefault(_pat[0], []).append((_level, _pat))


def _cue(ctx: Context) -> str | None:
    """The admin level or city reading that words around the mention ask for.

    A level word right after the name wins ("Pisco province"); one before it counts unless it
    belongs to the previous name ("the Fitzcarrald district of Madre de Dios").
    """
    if ctx.next_punct in " \t" and ctx.next[:1]:
        for level, words in lx.CUES_AFTER.items():
            if ctx.next[0] in words:
                return level
    p = ctx.prev
    if not p:
        return None
    for level, pat in _CUES_BY_WORD.get(p[0], ()):
        if p[: len(pat)] == pat:
            n = len(pat)
            if n < len(ctx.prev_raw) and pat[0] in ("of", "de", "del"):
                owner = ctx.prev_raw[n]
                joined = ctx.prev_gaps[n].strip() == ""
                if joined and owner[:1].isupper() and p[n] not in lx.ALLOWED_BEFORE:
                    continue
            return level
    return None


def _blocked(m: Mention, ctx: Context, cands: tuple[Entry, ...]) -> bool:
    """True when the match is not a Peruvian place: a river, a facility, a person, abroad."""
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
    for w in p[:4]:
        if w in lx.FEATURE_WORDS or w in lx.FACILITY_WORDS:
            return True
        if saint and w in lx.FESTIVAL_BEFORE:
            return True
        if w not in lx.LINKERS and w not in lx.ORG_WORDS:
            break
    if nx[:1] and nx[0] in lx.FEATURE_AFTER and ctx.next_punct in " \t":
        return True
    # "the Santiago and Cenepa rivers": the first of two rivers named together.
    if len(nx) >= 3 and nx[0] in ("and", "y", "e", "or", "o") and nx[2] in lx.FEATURE_AFTER:
        return True
    if nx[:1] and nx[0] in lx.FACILITY_AFTER and ctx.next_punct in " \t":
        return True
    # "the Marañón", "el Huallaga": river names with an article and no admin cue.
    if (
        m.key in lx.RIVER_NAMES
        and p[:1]
        and p[0] in ("the", "el", "del", "al")
        and _cue(ctx) is None
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
    if nx[:1] and ctx.next_punct in " \t" and nx[0] in lx.PERSON_AFTER:
        return True
    # "San Isidro Labrador", "Sucre Alcalá": a saint's or person's name that goes on.
    if (
        (m.key.split()[0] in ("san", "santa", "santo") or m.key in lx.PERSON_NAMES)
        and ctx.next_raw[:1]
        and ctx.next_punct == " "
        and ctx.next_raw[0][:1].isupper()
        and nx[0] not in lx.ALLOWED_BEFORE
        and nx[0] not in lx.LEVEL_WORDS
        and not ctx.title_case
    ):
        return True
    # Abroad: "Lima, Ohio", "Trujillo (Honduras)", "Desaguadero, on the Bolivian side".
    if nx[:1] and nx[0] in lx.FOREIGN_QUALIFIERS and ctx.next_punct in ",( ":
        return True
    if len(nx) >= 2 and nx[0] in ("in", "en", "de") and nx[1] in lx.FOREIGN_QUALIFIERS:
        return True
    window = set(nx[:6]) | set(p[:3])
    if window & lx.FOREIGN_DEMONYMS and window & lx.SIDE_WORDS:
        return True
    # People, foreign places and landmarks listed in data/nonplaces.csv, unless a cue insists
    # ("distrito de Gamarra").
    return any(c.kind == "nonplace" for c in cands) and _cue(ctx) not in lx.ADMIN_LEVELS


def _feature_before(ctx: Context) -> bool:
    """A river, valley or lake word before the name: "río Apurímac", "los ríos Apurímac"."""
    for w in ctx.prev[:3]:
        if w in lx.FEATURE_WORDS:
            return True
        if w not in lx.LINKERS:
            return False
    return False


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
    )


def _joined_capitalised(ctx: Context) -> bool:
    """The previous word is capitalised and joined by a space: part of a longer proper name."""
    return ctx.prev_joined and ctx.prev_raw[0][:1].isupper() and not ctx.prev_raw[0].isupper()


def _drop_namesakes_abroad(
    judged: list[Judged], folded: str, sentences: list[tuple[int, int]]
) -> list[Judged]:
    """A bare namesake (Santiago, San José) in a sentence about other countries is abroad.

    Only names with no department or province reading and several homonyms in Peru, with no
    cue and no other Peruvian place in the same sentence.
    """
    if not judged:
        return judged
    per_sentence: Counter[int] = Counter(
        _sentence_index(sentences, j.mention.start) for j in judged
    )
    keep = []
    for j in judged:
        si = _sentence_index(sentences, j.mention.start)
        namesake = (
            j.cue is None
            and all(c.kind in ("district", "place") for c in j.candidates)
            and len({c.ubigeo[:2] for c in j.candidates}) > 1
        )
        if namesake and per_sentence[si] == 1:
            a, b = sentences[si]
            words = set(folded[a:b].split())
            if words & (lx.FOREIGN_QUALIFIERS | lx.FOREIGN_DEMONYMS):
                continue
        keep.append(j)
    return keep


_LIST_AFTER = re.compile(r"\s*(?:,|\by\b|\band\b|\be\b)")
_LIST_GAP = re.compile(r"\s*(?:,|;|/)?\s*(?:(?:and|y|e|or|o|u)\s+)?")
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
    line_cache: dict[int, tuple[bool, bool]] = {}
    out: list[Judged] = []
    held: list[Judged] = []  # ordinary words with no cue: kept only if the document agrees
    prev_end = -1
    last: tuple[Mention, str | None] | None = None
    people: set[str] = set()  # names already seen as a person's ("Edwin Chota" ... "Chota said")
    blocked_end = -1  # end of the last mention dropped as a river/feature (lists of rivers)
    for m in find_mentions(text, gaz, folded):
        cands = gaz.index[m.key]
        ctx = _context(text, folded, m.start, m.end, line_cache)
        if blocked_end >= 0 and _FEATURE_LIST_GAP.fullmatch(text[blocked_end : m.start]):
            # "los ríos Apurímac, Ene y Mantaro": the list goes on naming rivers.
            blocked_end = m.end
            last = None
            continue
        if _person_before(ctx):
            people.add(m.key)
        if any(c.nonplace_kind == "person" for c in cands):
            people.add(m.key.rsplit(" ", 1)[-1])  # "Edwin Chota" ... later "Chota"
        if m.key in people and _cue(ctx) not in lx.ADMIN_LEVELS:
            last = None
            continue
        # A capitalised word right before that is itself a matched place is fine ("Lima Callao").
        if prev_end >= 0 and ctx.prev and folded[prev_end : m.start].strip(" ,") == "":
            ctx = ctx._replace(prev=("and", *ctx.prev[1:]), prev_raw=("and", *ctx.prev_raw[1:]))
        cue = _cue(ctx)
        # A list inherits the cue of its head: "las provincias de Azángaro, Lampa y Huancané".
        if cue is None and last is not None and last[1] is not None:
            gap = folded[last[0].end : m.start]
            if _LIST_GAP.fullmatch(gap) and gap.strip():
                cue = last[1]
        if cue is None or cue not in lx.ADMIN_LEVELS:
            if _blocked(m, ctx, cands):
                last = None
                if _feature_before(ctx):
                    blocked_end = m.end
                continue
        elif not ctx.capitalised and not m.surface.isupper() and not ctx.lower_line:
            last = None
            continue
        blocked_end = -1
        peruvian = tuple(c for c in cands if c.kind not in ("nonplace",))
        # "72 distritos de Huancavelica": a plural level word before a department's name
        # names what it contains, not the level of the name.
        if (
            cue in lx.ADMIN_LEVELS
            and ctx.prev[1:2]
            and ctx.prev[1] in lx.PLURAL_LEVEL_WORDS
            and any(c.kind == "department" for c in peruvian)
            and not _LIST_AFTER.match(folded, m.end)
        ):
            cue = "department"
        if cue in lx.ADMIN_LEVELS and any(c.kind == cue for c in peruvian):
            peruvian = tuple(c for c in peruvian if c.kind == cue)
        if not peruvian:
            last = None
            continue
        if m.key in lx.STRONG_CUE_ONLY and cue is None:
            last = None
            continue
        weak = m.key in lx.ORDINARY_WORDS or m.key in lx.PERSON_NAMES
        j = Judged(m, peruvian, cue, weak and cue is None)
        last = (m, cue)
        prev_end = m.end
        if weak and cue is None:
            loc = bool(ctx.prev[:1]) and ctx.prev[0] in lx.LOCATIVE and not ctx.sentence_initial
            article = bool(ctx.prev[:1]) and ctx.prev[0] in lx.ARTICLES
            if not loc:
                # "Día de la Independencia", "of Bolívar": wait for support from the document.
                if not article:
                    held.append(j)
                continue
        out.append(j)
    out = _drop_namesakes_abroad(out, folded, sentences or split_sentences(text, folded))
    if held:
        deps, provs = _anchors(out)
        for j in held:
            # A department needs its own department named elsewhere ("sierra de La Libertad"
            # beside Trujillo); a town or district needs its province.
            if any(
                deps.get(c.ubigeo) if c.kind == "department" else provs.get(c.ubigeo[:4])
                for c in j.candidates
            ):
                out.append(j)
        out.sort(key=lambda j: j.mention.start)
    return out


# --- resolution --------------------------------------------------------------------------------
_KIND_PRIOR = {"department": 1.0, "province": 0.8, "district": 0.6, "place": 0.55}


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
        codes = {c.ubigeo for c in j.candidates}
        d2 = {c[:2] for c in codes}
        if len(d2) == 1:
            deps[next(iter(d2))] += 1
            p4 = {c[:4] for c in codes if len(c) >= 4}
            if len(p4) == 1 and all(len(c) >= 4 for c in codes):
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
        if e.kind == "place" or (e.kind == "district" and e.ubigeo.endswith("01")):
            s += 1.2
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
    """A bare province name means its town (Huancayo, Hualgayoc) when a district shares it."""
    if e.kind == "district" and e.ubigeo[:4] in codes:
        return 0.25
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


def resolve(
    judged: list[Judged], text: str, sentences: list[tuple[int, int]]
) -> list[tuple[Judged, Entry, float]]:
    """Choose each mention's reading from its cue and the places around it; score confidence."""
    deps, provs = _anchors(judged)
    listed = _in_department_lists(judged, text)
    # Departments named in the same sentence count more than the rest of the document.
    by_sentence: dict[int, set[str]] = {}
    for j in judged:
        si = _sentence_index(sentences, j.mention.start)
        if len({c.ubigeo[:2] for c in j.candidates}) == 1:
            by_sentence.setdefault(si, set()).add(j.candidates[0].ubigeo[:2])
    qualified = _qualifiers(judged, text)
    out: list[tuple[Judged, Entry, float]] = []
    for j in judged:
        own = {c.ubigeo[:2] for c in j.candidates}
        local = by_sentence.get(_sentence_index(sentences, j.mention.start), set())
        if len(own) == 1:
            local = local - own
        codes = {c.ubigeo for c in j.candidates}
        cands = _merge_town_into_district(j.candidates)
        scored = sorted(
            (
                (
                    _score(c, j.cue, id(j) in listed, deps, provs, local)
                    + _town_bonus(c, codes)
                    + _qualifier_bonus(c, qualified.get(id(j))),
                    c,
                )
                for c in cands
            ),
            key=lambda t: (-t[0], t[1].ubigeo, t[1].kind),
        )
        best_s, best = scored[0]
        # Confidence is mostly about the area: a namesake elsewhere in Peru is the real risk;
        # a rival reading inside the same department (city vs department) costs a little.
        elsewhere = [sc for sc, c in scored[1:] if c.ubigeo[:2] != best.ubigeo[:2]]
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
        out.append((j, best, round(min(conf, 0.99), 3)))
    return out


def _sentence_index(sentences: list[tuple[int, int]], pos: int) -> int:
    lo, hi = 0, len(sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sentences[mid][0] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


# --- sentences ---------------------------------------------------------------------------------
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(¿¡]*[A-ZÁÉÍÓÚÑ0-9])|\n\s*")


def split_sentences(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) by punctuation and line breaks; abbreviations do not split."""
    if folded is None:
        folded = fold_fast(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        cut = m.start()
        if cut <= start:
            continue
        word = folded[max(start, cut - 6) : cut].split()[-1:] or [""]
        if word[0].rstrip(".") in lx.ABBREVIATIONS and "\n" not in m.group():
            continue
        spans.append((start, cut))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


# --- the whole pipeline ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return load_gazetteer()


def extract_events(
    text: str,
    doc_date: date | None = None,
    gazetteer: Gazetteer | None = None,
    url: str | None = None,
    classify: bool = True,
) -> list[Event]:
    """Every Peruvian place mention in a text, resolved to its INEI unit, dated and typed.

    classify=False leaves event_types/fatalities/injured empty (the benchmark's baseline).
    """
    gaz = gazetteer or _default_gazetteer()
    folded = fold_fast(text)
    sentences = split_sentences(text, folded)
    judged = judge(text, gaz, sentences, folded)
    if doc_date is not None:
        ref: Period | None = Period.day(doc_date)
    else:
        ref = document_period(text, url)
    if not judged:
        return []
    events: list[Event] = []
    dates_cache: dict[int, list[DateMention]] = {}
    described = DocumentEvents(text, folded, sentences) if classify else None
    for j, entry, conf in resolve(judged, text, sentences):
        if conf < MIN_CONFIDENCE:
            continue
        m = j.mention
        s0, s1 = sentences[_sentence_index(sentences, m.start)]
        if s0 not in dates_cache:
            dates_cache[s0] = find_dates(text[s0:s1], ref, folded[s0:s1])
        period = event_period(text[s0:s1], m.start - s0, ref, dates_cache[s0])
        unit = gaz.units[entry.ubigeo]
        place = _place_name(entry, unit)
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
            )
        )
    return assign_roles(text, events, sentences)  # headline, dateline, body, route endpoint


def _place_name(entry: Entry, unit: Unit) -> str | None:
    """A populated place's name when the mention is a town or city, not the unit itself."""
    if entry.kind == "place" and (entry.curated or fold(entry.name) != fold(unit.name)):
        return entry.place
    return None
