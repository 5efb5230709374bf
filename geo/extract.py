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
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from geo import lexicon as lx
from geo.dates import Period, document_period, event_period
from geo.gazetteer import Entry, Gazetteer, load_gazetteer
from geo.model import Event, Mention, Unit
from geo.textnorm import fold, tokens

MIN_CONFIDENCE = 0.3


@dataclass(frozen=True, slots=True)
class Context:
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
    token_index: int


# --- matching ----------------------------------------------------------------------------------
_GAP_OK = re.compile(r"[ \t\-]+|\s")


def find_mentions(text: str, gaz: Gazetteer) -> list[tuple[Mention, int, int]]:
    """Greedy longest match of every gazetteer name over the text's folded tokens.

    Returns (mention, first token index, token count); offsets index the original text.
    """
    folded = fold(text)
    toks = tokens(folded)
    words = [t.group() for t in toks]
    out: list[tuple[Mention, int, int]] = []
    first = gaz.first_token
    i, n = 0, len(words)
    while i < n:
        options = first.get(words[i])
        if options is None:
            i += 1
            continue
        matched = 0
        for name in options:
            k = len(name)
            if i + k > n or tuple(words[i : i + k]) != name:
                continue
            if k > 1 and not all(
                _GAP_OK.fullmatch(folded[toks[j].end() : toks[j + 1].start()])
                for j in range(i, i + k - 1)
            ):
                continue
            matched = k
            break
        if matched:
            s, e = toks[i].start(), toks[i + matched - 1].end()
            out.append((Mention(text[s:e], s, e, " ".join(words[i : i + matched])), i, matched))
            i += matched
        else:
            i += 1
    return out


# --- context -----------------------------------------------------------------------------------
def _context(text: str, folded: str, toks: list[re.Match[str]], i: int, k: int) -> Context:
    prev: list[str] = []
    prev_raw: list[str] = []
    prev_gaps: list[str] = []
    j = i - 1
    boundary = toks[i].start()
    while j >= 0 and len(prev) < 4:
        gap = folded[toks[j].end() : boundary]
        if not re.fullmatch(r"[\s,'\"“”‘’()\-]*", gap) or "\n" in gap:
            break
        prev_gaps.append(gap)
        prev.append(toks[j].group())
        prev_raw.append(text[toks[j].start() : toks[j].end()])
        boundary = toks[j].start()
        j -= 1
    nxt: list[str] = []
    next_raw: list[str] = []
    j = i + k
    boundary = toks[i + k - 1].end()
    while j < len(toks) and len(nxt) < 6:
        gap = folded[boundary : toks[j].start()]
        if not re.fullmatch(r"[\s,'\"“”‘’()\-]*", gap) or "\n" in gap:
            break
        nxt.append(toks[j].group())
        next_raw.append(text[toks[j].start() : toks[j].end()])
        boundary = toks[j].end()
        j += 1
    start, end = toks[i].start(), toks[i + k - 1].end()
    before = text[max(0, start - 3) : start].rstrip(" \t\"'“‘(¿¡")
    sentence_initial = start == 0 or before == "" or before[-1] in ".!?:;\n"
    surface_words = [text[t.start() : t.end()] for t in toks[i : i + k]]
    content = [
        w
        for w in surface_words
        if fold(w) not in lx.FUNCTION_WORDS and fold(w) not in lx.LEVEL_WORDS
    ]
    capitalised = all(w[:1].isupper() for w in content) if content else True
    prev_initial = False
    if prev:
        ps = toks[i - 1].start()
        b = text[max(0, ps - 3) : ps].rstrip(" \t\"'“‘(¿¡")
        prev_initial = ps == 0 or b == "" or b[-1] in ".!?:;\n"
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    line_words = [w for w in text[ls : le if le >= 0 else len(text)].split() if len(w) > 3]
    line = text[ls : le if le >= 0 else len(text)]
    lower_line = not any(c.isupper() for c in line)
    title_case = len(line_words) >= 3 and sum(w[:1].isupper() for w in line_words) >= 0.7 * len(
        line_words
    )
    return Context(
        prev=tuple(prev),
        next=tuple(nxt),
        prev_raw=tuple(prev_raw),
        next_raw=tuple(next_raw),
        sentence_initial=sentence_initial,
        capitalised=capitalised,
        next_punct=text[end : end + 1],
        prev_initial=prev_initial,
        title_case=title_case,
        prev_joined=bool(prev) and folded[toks[i - 1].end() : start] == " ",
        prev_gaps=tuple(prev_gaps),
        lower_line=lower_line,
    )


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
    for level, patterns in lx.CUES_BEFORE.items():
        for pat in patterns:
            if p[: len(pat)] == pat:
                n = len(pat)
                if n < len(ctx.prev_raw) and pat[0] in ("of", "de", "del"):
                    owner = ctx.prev_raw[n]
                    joined = ctx.prev_gaps[n].strip() == ""
                    if joined and owner[:1].isupper() and fold(owner) not in lx.ALLOWED_BEFORE:
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
    if p[:1] and (p[0] in lx.TITLES or (p[0] in lx.GIVEN_NAMES and ctx.prev_raw[0][:1].isupper())):
        return True
    if (
        len(p) >= 2
        and p[0] in ("de", "del")
        and p[1] in lx.GIVEN_NAMES
        and ctx.prev_raw[1][:1].isupper()
    ):
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


def _joined_capitalised(ctx: Context) -> bool:
    """The previous word is capitalised and joined by a space: part of a longer proper name."""
    return ctx.prev_joined and ctx.prev_raw[0][:1].isupper() and not ctx.prev_raw[0].isupper()


def _drop_namesakes_abroad(judged: list[Judged], text: str, folded: str) -> list[Judged]:
    """A bare namesake (Santiago, San José) in a sentence about other countries is abroad.

    Only names with no department or province reading and several homonyms in Peru, with no
    cue and no other Peruvian place in the same sentence.
    """
    if not judged:
        return judged
    sentences = split_sentences(text)
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


_LIST_GAP = re.compile(r"\s*(?:,|;|/)?\s*(?:(?:and|y|e|or|o|u)\s+)?")


def judge(text: str, gaz: Gazetteer) -> list[Judged]:
    """Find mentions and keep those that read as Peruvian places, with their cue."""
    folded = fold(text)
    toks = tokens(folded)
    out: list[Judged] = []
    held: list[Judged] = []  # ordinary words with no cue: kept only if the document agrees
    prev_end_tok = -1
    last: tuple[Mention, str | None] | None = None
    for m, i, k in find_mentions(text, gaz):
        cands = gaz.index[m.key]
        ctx = _context(text, folded, toks, i, k)
        # A capitalised word right before that is itself a matched place is fine ("Lima Callao").
        if prev_end_tok == i - 1 and ctx.prev:
            ctx = replace(ctx, prev=("and", *ctx.prev[1:]), prev_raw=("and", *ctx.prev_raw[1:]))
        cue = _cue(ctx)
        # A list inherits the cue of its head: "las provincias de Azángaro, Lampa y Huancané".
        if cue is None and last is not None and last[1] is not None:
            gap = folded[last[0].end : m.start]
            if _LIST_GAP.fullmatch(gap) and gap.strip():
                cue = last[1]
        if cue is None or cue not in lx.ADMIN_LEVELS:
            if _blocked(m, ctx, cands):
                last = None
                continue
        elif not ctx.capitalised and not m.surface.isupper() and not ctx.lower_line:
            last = None
            continue
        peruvian = tuple(c for c in cands if c.kind not in ("nonplace",))
        if cue in lx.ADMIN_LEVELS and any(c.kind == cue for c in peruvian):
            peruvian = tuple(c for c in peruvian if c.kind == cue)
        if not peruvian:
            last = None
            continue
        if m.key in lx.STRONG_CUE_ONLY and cue is None:
            last = None
            continue
        weak = m.key in lx.ORDINARY_WORDS or m.key in lx.PERSON_NAMES
        j = Judged(m, peruvian, cue, weak and cue is None, i)
        last = (m, cue)
        prev_end_tok = i + k - 1
        if weak and cue is None:
            loc = bool(ctx.prev[:1]) and ctx.prev[0] in lx.LOCATIVE and not ctx.sentence_initial
            article = bool(ctx.prev[:1]) and ctx.prev[0] in lx.ARTICLES
            if not loc:
                # "Día de la Independencia", "of Bolívar": wait for support from the document.
                if not article:
                    held.append(j)
                continue
        out.append(j)
    out = _drop_namesakes_abroad(out, text, folded)
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
    if any(p.startswith(code) or code.startswith(p) for p in provs if len(code) >= 4):
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
        gap = fold(text[a.mention.end : b.mention.start]).strip()
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
        scored = sorted(
            (
                (
                    _score(c, j.cue, id(j) in listed, deps, provs, local)
                    + _town_bonus(c, codes)
                    + _qualifier_bonus(c, qualified.get(id(j))),
                    c,
                )
                for c in j.candidates
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


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) by punctuation and line breaks; abbreviations do not split."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        cut = m.start()
        if cut <= start:
            continue
        word = text[max(start, cut - 6) : cut].split()[-1:] or [""]
        if fold(word[0]).rstrip(".") in lx.ABBREVIATIONS and "\n" not in m.group():
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
) -> list[Event]:
    """Every Peruvian place mention in a text, resolved to its INEI unit and dated."""
    gaz = gazetteer or _default_gazetteer()
    judged = judge(text, gaz)
    if doc_date is not None:
        ref: Period | None = Period.day(doc_date)
    else:
        ref = document_period(text, url)
    if not judged:
        return []
    sentences = split_sentences(text)
    events: list[Event] = []
    period_cache: dict[tuple[int, int], Period | None] = {}
    for j, entry, conf in resolve(judged, text, sentences):
        if conf < MIN_CONFIDENCE:
            continue
        m = j.mention
        s0, s1 = sentences[_sentence_index(sentences, m.start)]
        key = (s0, m.start)
        if key not in period_cache:
            period_cache[key] = event_period(text[s0:s1], m.start - s0, ref)
        period = period_cache[key]
        unit = _unit_for(entry, j, gaz)
        place = _place_name(entry, j, gaz)
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
                sentence=text[s0:s1].strip(),
            )
        )
    return events


def _unit_for(entry: Entry, j: Judged, gaz: Gazetteer) -> Unit:
    return gaz.units[entry.ubigeo]


def _place_name(entry: Entry, j: Judged, gaz: Gazetteer) -> str | None:
    """A populated place's name when the mention is a town or city, not the unit itself."""
    if entry.kind == "place":
        unit = gaz.units[entry.ubigeo]
        if entry.curated or fold(entry.name) != fold(unit.name):
            return entry.place
        return None
    return None
