"""Event dating: document dates from text/URL and event periods stated in a sentence (EN/ES)."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from geo.textnorm import fold, trie_alternation

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "set": 9, "dic": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4,
    "sabado": 5, "domingo": 6,
}  # fmt: skip
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True, slots=True)
class Period:
    """A dated span with the precision it was stated at (day, month or year)."""

    start: date
    end: date
    precision: str

    @classmethod
    def day(cls, d: date) -> Period:
        return cls(d, d, "day")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, _last_day(year, month)), "month")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")


def parse_doc_date(value: str) -> date | Period:
    """A publication date as metadata gives it: an ISO day ("2025-03-14") or only its month
    ("2025-03", read as that month's period)."""
    v = value.strip()
    try:
        if len(v) == 7 and v[4] == "-":
            return Period.month(int(v[:4]), int(v[5:]))
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"not a YYYY-MM-DD or YYYY-MM date: {value!r}") from None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# Character tries: the regex engine follows one branch per letter instead of trying 40 words.
_MONTH_ALT = trie_alternation(list(MONTHS))
WEEKDAY_ALT = trie_alternation(list(WEEKDAYS))
_YEAR = r"(?:1[5-9]\d\d|20\d\d|2100)"  # 1500-2100: history pieces date 1780 and 1821 too
_D = r"(?:[12]\d|3[01]|0?[1-9])"
# A single date expression, on folded (lower-case, unaccented) text.
_DATE = (
    rf"(?:(?P<d1>{_D})(?:st|nd|rd|th|ro|º)?(?:\s+de)?\s+(?P<m1>{_MONTH_ALT})\.?"
    rf"(?:,?\s+(?:de(?:l)?\s+)?(?P<y1>{_YEAR}))?"
    rf"|(?P<m2>{_MONTH_ALT})\.?\s+(?P<d2>{_D})(?:st|nd|rd|th)?(?![\d])(?:,?\s+(?P<y2>{_YEAR}))?"
    rf"|(?P<m3>{_MONTH_ALT})\.?(?:,?\s+(?:of\s+|de(?:l)?\s+)?(?P<y3>{_YEAR}))?"
    rf"|(?P<iy>{_YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
    rf"|(?P<nd>{_D})/(?P<nm>1[0-2]|0?[1-9])/(?P<ny>{_YEAR})"
    rf"|(?P<pd>{_D})\.(?P<pm>1[0-2]|0[1-9])\.(?P<py>{_YEAR})"  # "actualizado al 10.03.2026"
    rf"|(?P<y4>{_YEAR}))"
)
_DATE_RE = re.compile(rf"(?:(?<![\w/.,-])|(?<=\bmid-)){_DATE}(?![\w/])")


def _group_names(suffix: str) -> str:
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}{suffix}>", _DATE)


# "hasta las 23:59 horas del jueves 6 de marzo": a time and a weekday before a range's end.
_CLOCK_WEEKDAY = (
    r"(?:(?:las\s+\d{1,2}(?:[:.]\d{2})?|\d{1,2}[:.]\d{2})(?:\s*(?:horas|hrs?|h))?\s+del?\s+)?"
    rf"(?:(?:{WEEKDAY_ALT})\s+)?"
)
_RANGE_RE = re.compile(
    r"(?:\b(?:from|between|entre|desde|del|de)\s+)?(?<![\w/.,-])"
    + _group_names("_a")
    + r"\s*(?:[-\u2013]\s*|(?:to|until|till|through|and|y|a|al|hasta)\s+)(?:(?:the|el)\s+)?"
    + _CLOCK_WEEKDAY
    + _group_names("_b")
    + r"(?![\w/])"
)
_DAYRANGE_RE = re.compile(
    rf"(?<![\w/.,-])(?P<a>{_D})\s*(?:-|al|a|y|to|and|until|through)\s*(?:el\s+)?"
    rf"(?:(?:{WEEKDAY_ALT})\s+)?(?P<b>{_D})\s+(?:de\s+)?"  # "del sábado 20 al martes 23 de junio"
    rf"(?P<m>{_MONTH_ALT})\.?(?:,?\s+(?:de(?:l)?\s+)?(?P<y>{_YEAR}))?(?![\w/])"
    rf"|(?<![\w/.,-])(?P<m2>{_MONTH_ALT})\.?\s+(?P<a2>{_D})\s*(?:-|to|and|until|through)\s*"
    rf"(?P<b2>{_D})(?:,?\s+(?P<y2>{_YEAR}))?(?![\w/])"
)
# A small count in digits or words: "hace tres días", "two weeks ago".
_COUNTS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "quince": 15,
    "veinticuatro": 24, "cuarenta y ocho": 48, "twenty-four": 24, "forty-eight": 48,
}  # fmt: skip
_COUNT = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|una?|dos|tres|cuatro|cinco"
_COUNT += r"|seis|siete|ocho|nueve|diez|quince"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNTS[word]


_RELATIVE_RE = re.compile(
    # "Arica, today part of Chile", "pueblo que hoy es capital": where a place is now
    rf"\b(?:(?P<today>today(?!\s+(?:part\s+of|known\s+as|called|the\s+capital|a\s+district"
    rf"|a\s+province|one\s+of\s+the|an?\s+(?:[a-z]+\s+)?(?:suburb|neighbou?rhood|town|city)"
    rf"|in\s+the\s+(?:[a-z]+\s+){{0,2}}(?:district|province|region)))"
    rf"|(?<!que )"
    rf"hoy(?!\s+(?:en\s+dia|dia|parte|conocid|llamad|capital|distrito|provincia|uno\s+de"
    rf"|una\s+de|un\s+barrio|un\s+distrito|una\s+ciudad))"
    # "Surimana, hoy en el distrito de Túpac Amaru": where it lies now, not today's event
    rf"(?!(?<=,\shoy)\s+(?:en|es|pertenece\s+a)\s+(?:el|la)\s+(?:actual\s+)?"
    rf"(?:distrito|provincia|region|departamento)\b)"
    rf"|this morning|esta manana)"
    rf"|(?P<yesterday>yesterday|ayer|anoche|last night"
    rf"|(?:durante\s+)?la\s+ultima\s+noche(?!\s+(?:del?|of|en)\b))"  # "durante la última noche"
    rf"|(?P<dby>anteayer|day before yesterday)"
    rf"|(?P<tomorrow>tomorrow|(?<!la )(?<!esta )(?<!una )(?<!cada )(?<!de )(?<!toda )(?<!por )"
    rf"manana(?!\s+(?:del?|siguiente|temprano)\b)(?=[\s,.;]|$))"  # "será mañana", not "la mañana"
    rf"|(?P<lastweek>last week|la semana pasada)"
    rf"|(?P<nextweek>next week|la proxima semana|la semana (?:que viene|entrante))"
    rf"|(?P<thisyear>(?:so far )?this year|(?:en )?lo que va del? (?:presente )?ano|este ano)"
    rf"|(?P<thismonth>(?:so far )?this month|(?:en )?lo que va del mes|este mes)"
    rf"|(?P<thisweek>this week|esta semana)"
    rf"|(?P<lastmonth>last month|el mes pasado)"
    rf"|(?P<lastyear>last year|el ano pasado)"
    rf"|(?P<nextmonth>next month|el (?:proximo|siguiente) mes"
    rf"|el mes (?:que viene|entrante|proximo))"
    rf"|(?P<nextyear>next year|el (?:proximo|siguiente) ano|el ano (?:que viene|entrante|proximo))"
    rf"|(?P<nextweekend>next weekend|el (?:proximo|siguiente) fin de semana"
    rf"|el fin de semana (?:que viene|entrante|proximo))"
    rf"|(?P<weekend>(?:this|last|the|este|el|del)\s+(?:(?:past|ultimo|pasado)\s+)?"
    rf"(?:weekend|fin\s+de\s+semana)(?:\s+pasado)?)"
    rf"|(?:(?:on|el|los\s+dias|last|el pasado|the past|between|from|del?)\s+"
    rf"|(?=(?:{WEEKDAY_ALT})\s*[–-]\s*(?:{WEEKDAY_ALT})\b)"  # "Saturday–Sunday", "sábado-domingo"
    # "Thursday to Saturday", "jueves a sábado"
    rf"|(?=(?:{WEEKDAY_ALT})\s+(?:to|through|a|al)\s+(?:{WEEKDAY_ALT})\b))"
    rf"(?P<wda>{WEEKDAY_ALT})(?:\s+(?:and|y)\s+(?:(?:on|el)\s+)?|\s*[–-]\s*"
    rf"|\s+(?:to|through|a|al)\s+)(?P<wdb>{WEEKDAY_ALT})"
    rf"|(?:since|desde)\s+(?P<wd2>{WEEKDAY_ALT})"
    # "hace tres días", "two weeks ago", "desde hace dos semanas", "en las últimas 48 horas"
    rf"|(?P<sinceago>desde hace)\s+(?P<sn>{_COUNT})\s+(?P<su>dias|semanas?)\b"
    rf"|hace\s+(?P<an>{_COUNT})\s+(?P<au>dias|semanas?)\b"
    rf"|(?P<an2>{_COUNT}|a)\s+(?P<au2>days?|weeks?)\s+ago"
    rf"|(?:(?:en|durante)\s+)?las\s+ultimas\s+(?P<hn>\d{{1,3}}|veinticuatro|cuarenta y ocho)"
    rf"\s+horas|(?:in|over|during|within)\s+the\s+(?:past|last)\s+"
    rf"(?P<hn2>\d{{1,3}}|twenty-four|forty-eight)\s+hours"
    # "next Friday", "by Saturday", "until Saturday"
    rf"|(?P<wdpre>last|el pasado|el ultimo|este|esta|this past|this|on|el|del|the|early|late"
    rf"|until|till|through|after|tras el|next|el proximo|this coming|by"
    # "Main quake and strongest aftershocks, Saturday (local time)": an English weekday after a
    # comma (a Spanish one may be a name: "Juan, Domingo y Pedro")
    r"|(?<=\w),(?=\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"(?!\s*[–-]|\s+(?:to|through)\s))"
    rf"|(?:hours|night|morning|evening|afternoon)\s+of"  # "in the early hours of Monday"
    rf"|(?:from|in|at|during)(?=\s+(?:{WEEKDAY_ALT})['’]s\b))"  # "results from Sunday's election"
    rf"\s+(?P<wd1>{WEEKDAY_ALT})"
    # "el Viernes Santo", "el Domingo de Ramos": a feast (read as a holiday), no weekday
    r"(?!\s+(?:santo|de\s+(?:ramos|gloria|resurreccion|pascua|ceniza))\b)"
    rf"(?P<wdpost>\s+pasado)?)\b"
)


# Abbreviations that are also words or parts of phrases ("sep", "mar" the sea, "set", "ago").
_MONTH_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago set dic".split()
)
_RIVER_BEFORE = re.compile(r"\b(?:rio|river|quebrada|valle del?|cuenca del?)\s+$")
_DAY_OR_YEAR_AFTER = re.compile(r"\.?\s*(?:(?:de|del|of)\s+)?\d")
_DAY_BEFORE = re.compile(r"\d(?:st|nd|rd|th|ro|º)?\.?\s*(?:de\s+)?$", re.IGNORECASE)
_AGO_AFTER = re.compile(r"(?:year|month|week|day|hour|minute|decade)s?\s+$", re.IGNORECASE)


_FEATURE_NEXT = re.compile(r"\s+(?:River|river|Valley|valley|Basin|basin|Menor|Caribe)\b")
_NAME_BEFORE = re.compile(
    r"(?<![.!?:]\s)\b(?!(?:In|En|El|La|Los|Las|The|On|Since|Desde|Until|Hasta|For|By|During"
    r"|Durante|Early|Late|Mid|Last|Next|Del|De)\b)[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+\s+(?:(?:y|e|and|&|de"
    r"|del)\s+)?$"
)
_GIVEN_NAME_MONTHS = frozenset("julio abril mayo april june".split())
_CAPITAL_AFTER = re.compile(r" ([A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)")
# Capitalised words that may follow a month: "Julio Del 2025" headlines, weekdays, "March Madness".
_NOT_SURNAMES = frozenset("de del el la of y and madness".split()) | frozenset(WEEKDAYS)


def _ambiguous_month_word(text: str, start: int, word: str) -> bool:
    """Whether a month word is likely not a month: 'may'/'march' as verbs unless capitalised;
    lowercase abbreviations ("the line sep here", "el mar de Grau", "two years ago") unless
    next to a day number or a year ("5 sep", "sep. 2023").
    """
    if word == "ago" and _AGO_AFTER.search(text[max(0, start - 12) : start]):
        return True  # "two years ago", whatever follows
    if text[start].isupper():
        if word in _MONTH_ABBREVIATIONS and (
            _NAME_BEFORE.search(text[max(0, start - 30) : start])
            or _FEATURE_NEXT.match(text, start + len(word))  # "the Ene River", "Mar Menor"
        ):
            # "la playa Chacra y Mar": after a capitalised word, a capitalised abbreviation is
            # part of a name unless a day number or a year stands beside it ("Lima, Mar 5")
            return not (
                _DAY_OR_YEAR_AFTER.match(text, start + len(word))
                or _DAY_BEFORE.search(text[max(0, start - 12) : start])
            )
        # "Julio Pocollay Mamani", "Abril Quispe": a month word as a given name before a
        # capitalised surname is no month.
        if word not in _GIVEN_NAME_MONTHS:
            return False
        nxt = _CAPITAL_AFTER.match(text, start + len(word))
        return bool(nxt) and fold(nxt.group(1)) not in _NOT_SURNAMES
    if word in ("may", "march"):
        return True
    if word in _MONTH_ABBREVIATIONS:
        dated = _DAY_OR_YEAR_AFTER.match(text, start + len(word)) or _DAY_BEFORE.search(
            text[max(0, start - 12) : start]
        )
        return not dated
    return False


def _infer_year(month: int, ref: date) -> int:
    """The year that puts a month nearest the reference date, favouring the past (news report)."""
    best, best_cost = ref.year, None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        mid = date(y, month, 15)
        delta = (mid - ref).days
        cost = delta * 2 if delta > 0 else -delta  # a future month costs twice a past one
        if best_cost is None or cost < best_cost:
            best, best_cost = y, cost
    return best


def _infer_range_year(m_a: int, m_b: int, d_b: int | None, wrap: int, ref: date) -> int:
    """The start year that puts a yearless range nearest the reference date, favouring the
    past like _infer_year: a range holding the date costs nothing."""
    best, best_cost = ref.year, None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        start = date(y, m_a, 1)
        end = date(y + wrap, m_b, min(d_b or 31, _last_day(y + wrap, m_b)))
        if start > ref:
            cost = (start - ref).days * 2
        elif end < ref:
            cost = (ref - end).days
        else:
            cost = 0
        if best_cost is None or cost < best_cost:
            best, best_cost = y, cost
    return best


def _parse_single(
    gd: dict[str, str | None], suffix: str
) -> tuple[str, int | None, int | None, int | None] | None:
    """Return (precision, year, month, day) with year possibly None (to be inferred)."""

    def g(name: str) -> str | None:
        return gd.get(name + suffix)

    if g("iy"):
        return ("day", int(g("iy")), int(g("im")), int(g("id")))  # type: ignore[arg-type]
    if g("ny"):
        return ("day", int(g("ny")), int(g("nm")), int(g("nd")))  # type: ignore[arg-type]
    if g("py"):
        return ("day", int(g("py")), int(g("pm")), int(g("pd")))  # type: ignore[arg-type]
    if g("m1"):
        return ("day", int(g("y1")) if g("y1") else None, MONTHS[g("m1")], int(g("d1")))  # type: ignore[index,arg-type]
    if g("m2"):
        return ("day", int(g("y2")) if g("y2") else None, MONTHS[g("m2")], int(g("d2")))  # type: ignore[index,arg-type]
    if g("m3"):
        return ("month", int(g("y3")) if g("y3") else None, MONTHS[g("m3")], None)  # type: ignore[index]
    if g("y4"):
        return ("year", int(g("y4")), None, None)  # type: ignore[arg-type]
    return None


def _to_period(p: tuple[str, int | None, int | None, int | None], year: int) -> Period | None:
    prec, _, month, day = p
    try:
        if prec == "day":
            return Period.day(date(year, month, day))  # type: ignore[arg-type]
        if prec == "month":
            return Period.month(year, month)  # type: ignore[arg-type]
        return Period.year(year)
    except ValueError:
        return None


def _month_word(gd: dict[str, str | None], suffix: str) -> str | None:
    for k in ("m1", "m2", "m3"):
        if gd.get(k + suffix):
            return gd[k + suffix]
    return None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or range found in a sentence, with its character span."""

    start: int
    end: int
    period: Period
    single: bool = True  # one date, not a stated range (only a single date opens "desde X")
    report: bool = False  # the day a source spoke ("the ministry said on Sunday"), not the event


_ANY_DATE_HINT = re.compile(
    rf"\d|\b(?:{_MONTH_ALT}|{WEEKDAY_ALT}|today|hoy|yesterday|ayer|anteayer|tomorrow|manana|last"
    rf"|pasad[oa]|weekend|"
    rf"semana|quincena|anos?|decada|decade|[a-z]+ties|anoche|night|week|weekend|mes|month|year"
    rf"|patrias|raymi|navidad|christmas|nochebuena|nochevieja|nuevo|santos|saints|corpus"
    rf"|easter|pascua|resurreccion|santo|holy|hace|ago|horas|hours|dias|days|siglo|noche"
    rf"|quarter|trimestre|semestre|day|dia)\b"
)
# The same test without the regex's scan of every position for ~90 words (about 45 us per
# sentence): its word part can only match a whole run of word characters, so it holds when a
# run is one of those words, or ends in "ties" ("nineties"), or when there is a digit.
_DATE_HINT_OTHER_WORDS = """today hoy yesterday ayer anteayer tomorrow manana last pasado pasada
weekend semana quincena ano anos decada decade anoche night week mes month year patrias raymi
navidad christmas nochebuena nochevieja nuevo santos saints corpus easter pascua resurreccion
santo holy hace ago horas hours dias days siglo noche quarter trimestre semestre day
dia""".split()
_DATE_HINT_WORDS = frozenset([*MONTHS, *WEEKDAYS, *_DATE_HINT_OTHER_WORDS])
_WORD_RUN = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_TIES_WORD = re.compile(r"\b[a-z]+ties\b")


def _any_date_hint(folded: str) -> bool:
    """_ANY_DATE_HINT.search(folded) is not None, computed faster."""
    return (
        _DIGIT.search(folded) is not None
        or not _DATE_HINT_WORDS.isdisjoint(_WORD_RUN.findall(folded))
        or ("ties" in folded and _TIES_WORD.search(folded) is not None)
    )


def _gate(rx: re.Pattern[str], *literals: str):
    """rx.search(s) is not None, tried only when s holds one of the literals every match of rx
    contains (a substring test is much cheaper than a regex over the whole sentence)."""

    def test(s: str) -> bool:
        return any(x in s for x in literals) and rx.search(s) is not None

    return test


_DAYRANGE_HINT = re.compile(
    rf"\d\s*(?:-|al?|y|to|and|until|through)\s*(?:el\s+)?(?:(?:{WEEKDAY_ALT})\s+)?\d"
)


_YEAR_BRACKET_RE = re.compile(
    rf"\b(1[5-9]\d\d|20\d\d)\s*\(\s*((?:{_MONTH_ALT})"
    rf"(?:\s*(?:-|–|a|al|to|y|and)\s*(?:{_MONTH_ALT}))?)\s*\)"
)  # "2014 (abril-junio)": a chronology's year with the months it covers


class _Claims:
    """Spans of a sentence already read as dates, with an overlap test that costs the span's
    length, not the number of claims (one 1 MB table line is a sentence with thousands)."""

    def __init__(self, n: int) -> None:
        self.spans: list[tuple[int, int]] = []
        self.depth = [0] * (n + 1)

    def add(self, a: int, b: int) -> None:
        self.spans.append((a, b))
        depth = self.depth
        for i in range(a, b):
            depth[i] += 1

    def free(self, a: int, b: int) -> bool:
        """No claimed span overlaps [a, b)."""
        return not any(self.depth[a:b])

    def drop_starting_in(self, lo: int, hi: int) -> None:
        keep = []
        for a, b in self.spans:
            if lo <= a < hi:
                for i in range(a, b):
                    self.depth[i] -= 1
            else:
                keep.append((a, b))
        self.spans = keep


def find_dates(
    sentence: str, ref: Period | None, folded: str | None = None, ahead: bool = False
) -> list[DateMention]:
    """Every date, range or relative date in a sentence, resolved against the document period.

    folded, when given, is fold(sentence) (the extractor has it already); ahead reads bare
    pairs of weekdays and weekends as the coming ones (a forecast's headings: "Coast
    (Saturday–Sunday)").
    """
    if folded is None:
        folded = fold(sentence)
    if not _any_date_hint(folded):
        return []
    singles = list(_DATE_RE.finditer(folded))
    ref_day = ref.start if ref else None
    # A year-precise reference (a history paragraph about 1983): yearless dates are in it.
    year_ref = ref.start.year if ref is not None and ref.precision == "year" else None
    found: list[DateMention] = []
    taken = _Claims(len(folded))
    free = taken.free

    for m in _DECADE_PAIR_RE.finditer(folded) if _decade_hint(folded) else ():
        # "durante las décadas de 1960 y 1970", "the 1960s and 1970s": both decades
        a = int(m["a"] or m["a2"] or m["a3"])
        b = int(m["b"] or m["b2"] or m["b3"])
        if a < b and a % 10 == 0 and b % 10 == 0:
            span = Period(date(a, 1, 1), date(b + 9, 12, 31), "year")
            found.append(DateMention(m.start(), m.end(), span, False))
            taken.add(m.start(), m.end())
    if "(" in folded:
        for m in _YEAR_BRACKET_RE.finditer(folded):
            # "2014 (abril-junio).", "1780 (noviembre)": a chronology's year, the months inside
            inner = find_dates(sentence[m.start(2) : m.end(2)], Period.year(int(m[1])))
            if inner and free(m.start(), m.end()):
                a = min(d.period.start for d in inner)
                b = max(d.period.end for d in inner)
                found.append(DateMention(m.start(), m.end(), Period(a, b, "day"), False))
                taken.add(m.start(), m.end())
    if ref_day is not None and ("year" in folded or "ano" in folded):
        for m in _YEAR_END_RE.finditer(folded):
            # "later this year", "before the end of the year", "antes de fin de año": from the
            # publication day to New Year's Eve
            span = Period(ref_day, date(ref_day.year, 12, 31), "day")
            found.append(DateMention(m.start(), m.end(), span, False))
            taken.add(m.start(), m.end())
    for m in _DAYRANGE_RE.finditer(folded) if _DAYRANGE_HINT.search(folded) else ():
        month_word = m["m"] or m["m2"]
        pos = m.start("m") if m["m"] else m.start("m2")
        if _ambiguous_month_word(sentence, pos, month_word):
            continue
        month = MONTHS[month_word]
        a, b = int(m["a"] or m["a2"]), int(m["b"] or m["b2"])
        y = m["y"] or m["y2"]
        if y is None and ref_day is None:
            continue
        stated = [
            q[1]
            for d in singles
            if d.end() <= m.start()
            and (not d["y4"] or _year_context(folded, d.start(), d.end()))
            and (q := _parse_single(d.groupdict(), ""))
            and q[1]
        ]
        if y:
            year = int(y)
        elif year_ref:
            year = year_ref
        elif stated:  # "the strongest friaje of 2024, on 3 and 4 August": that year's days
            year = stated[-1]
        elif _FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start()):
            # "las vacaciones serán del 7 al 18 de julio": the next such days from the story on
            year = ref_day.year if (month, a) >= (ref_day.month, ref_day.day) else ref_day.year + 1  # type: ignore[union-attr]
        else:
            year = _infer_year(month, ref_day)  # type: ignore[arg-type]
        pa, pb = (
            _to_period(("day", year, month, a), year),
            _to_period(("day", year, month, b), year),
        )
        if pa and pb and pa.start <= pb.start:
            found.append(DateMention(m.start(), m.end(), Period(pa.start, pb.end, "day"), False))
            taken.add(m.start(), m.end())

    # A range needs two date expressions; most sentences have one or none.
    joined = len(singles) == 1 and ("-" in folded or "\u2013" in folded)  # "July-September"
    for m in _RANGE_RE.finditer(folded) if len(singles) >= 2 or joined else ():
        if not free(m.start(), m.end()):
            continue
        gd = m.groupdict()
        a, b = _parse_single(gd, "_a"), _parse_single(gd, "_b")
        if not a or not b:
            continue
        if any(
            (w := _month_word(gd, s)) and _ambiguous_month_word(sentence, m.start(k + s), w)
            for s in ("_a", "_b")
            for k in ("m1", "m2", "m3")
            if gd.get(k + s)
        ):
            continue
        if (a[0] == "year" and b[0] != "year") or (b[0] == "year" and a[0] != "year"):
            continue  # "2023 and June" is not a range
        # Borrow missing parts: "1-5 de marzo de 2023", "June 1 to September 30, 2023".
        if a[2] is None and b[2] is not None and a[0] == "day":
            continue
        ya, yb = a[1], b[1]
        if a[0] == "day" and b[0] == "day" and a[2] is None:
            continue
        if yb is None and ya is not None:
            yb = ya
        if ya is None and yb is not None:
            ya = yb
            if (a[2] or 1, a[3] or 1) > (b[2] or 12, b[3] or 31):
                ya = yb - 1  # "from December to February 2023"
        claim = m.end()
        if ya is None:
            if ref_day is None:
                continue
            wrap = int((a[2], a[3] or 1) > (b[2], b[3] or 31))  # "de diciembre a febrero"
            ty = _THIS_YEAR_AFTER.match(folded, m.end())
            if ty:  # "entre enero y agosto de este año"
                yb, claim = ref_day.year, ty.end()
                ya = yb - wrap
            elif year_ref:
                ya = year_ref
                yb = ya + wrap
            else:  # the range nearest the document: "entre enero y agosto" (past)
                ya = _infer_range_year(a[2], b[2], b[3], wrap, ref_day)  # type: ignore[arg-type]
                yb = ya + wrap
        pa, pb = _to_period(a, ya), _to_period(b, yb)  # type: ignore[arg-type]
        if pa and pb and pa.start <= pb.end:
            prec = max(pa.precision, pb.precision, key=PRECISION_RANK.__getitem__)
            found.append(DateMention(m.start(), m.end(), Period(pa.start, pb.end, prec), False))
            taken.add(m.start(), claim)

    for m in _EPI_WEEK_RE.finditer(folded) if _epi_hint(folded) else ():
        if not free(m.start(), m.end()):
            continue
        if m["w2"] and not _EPI_ABBREV.search(sentence, m.start(), m.start("w2")):
            continue  # "se" is a Spanish pronoun: only the capitalised "SE 12" is a week
        week = int(m["w"] or m["w2"] or m["w3"])
        y = m["y"] or m["y2"]
        if y is None and ref_day is None:
            continue
        year = int(y) if y else ref_day.year  # type: ignore[union-attr]
        span = epi_week(year, week)
        if span is None:
            continue
        first = m["wa"] or m["wa2"]
        if m["until"] or m["until3"] or first:  # "hasta la SE 12": the season so far
            begin = epi_week(year, int(first) if first else 1)
            if begin is not None and begin.start <= span.start:
                span = Period(begin.start, span.end, "day")
        found.append(DateMention(m.start(), m.end(), span))
        taken.add(m.start(), m.end())

    for m in _DECADE_RE.finditer(folded) if _decade_hint(folded) else ():
        if not free(m.start(), m.end()):
            continue
        if m["y"] and m["y"].endswith("00") and int(m["y"]) < 1900:
            # "the 1600s": the century, not its first decade
            first = int(m["y"])
            found.append(
                DateMention(
                    m.start(), m.end(), Period(date(first, 1, 1), date(first + 99, 12, 31), "year")
                )
            )
            taken.add(m.start(), m.end())
            continue
        if m["y"] or m["y3"] or m["y5"]:
            first = int(m["y"] or m["y3"] or m["y5"])
        else:
            word = m["w"] or m["w2"]
            first = 1900 + _DECADE_WORDS[word.rstrip("s")]
        if first % 10 == 0 and 1500 <= first <= 2090:
            found.append(
                DateMention(
                    m.start(), m.end(), Period(date(first, 1, 1), date(first + 9, 12, 31), "year")
                )
            )
            taken.add(m.start(), m.end())

    # "la primera quincena de abril", "a fines de octubre" (21st to the end), "the first week
    # of May" (1st-7th; the last week: the last seven days).
    for m in _FORTNIGHT_RE.finditer(folded) if _FORTNIGHT_HINT.search(folded) else ():
        if not free(m.start(), m.end()):
            continue
        if _ambiguous_month_word(sentence, m.start("m"), m["m"]):
            continue
        month = MONTHS[m["m"]]
        if m["y"]:
            year = int(m["y"])
        elif year_ref is not None:  # a history paragraph about 1880: "the end of October"
            year = year_ref
        elif ref_day is not None:
            if _FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start()) or (
                _FUTURE_AFTER.match(sentence, m.end())
            ):  # "will vote in early April": the next one
                year = ref_day.year if month >= ref_day.month else ref_day.year + 1
            else:
                year = ref_day.year if month <= ref_day.month else ref_day.year - 1
        else:
            continue
        last = _last_day(year, month)
        if m["sofar"]:  # "en lo que va de marzo": up to the document in its own month
            if ref_day is not None and (year, month) == (ref_day.year, ref_day.month):
                a, b = 1, ref_day.day
            else:
                a, b = 1, last
        elif m["late"]:
            a, b = 21, last
        elif m["early"]:  # "a inicios de marzo": the first ten days, as "a fines de" the last
            a, b = 1, 10
        elif m["mid"]:
            a, b = 11, 20
        elif m["wk"]:
            k = _WEEK_ORDINALS.get(m["wk"])
            a = last - 6 if k is None else 1 + 7 * k
            b = min(last, a + 6)
        else:
            a, b = (1, 15) if m["q"] in ("primera", "first") else (16, last)
        begin, start = date(year, month, a), m.start()
        dhead = _DAY_TO_BEFORE.search(folded, max(0, m.start() - 50), m.start())
        head = None if dhead else _MONTH_TO_BEFORE.search(folded, max(0, m.start() - 40), m.start())
        if dhead is not None and not m["sofar"]:
            # "between 25 September and the end of October": from that day to that part
            m0, d0 = MONTHS[dhead["m0"] or dhead["m1"]], int(dhead["d0"] or dhead["d1"])
            y0 = year if m0 <= month else year - 1
            if d0 <= _last_day(y0, m0):
                head, begin = dhead, date(y0, m0, d0)
        elif head is not None and not m["sofar"]:
            # "entre marzo y mediados de abril": from the first month named to that part
            m0 = MONTHS[head["m0"]]
            begin = date(year if m0 <= month else year - 1, m0, 1)
        if head is not None and not m["sofar"]:
            start = head.start()
            old = [d for d in found if head.start() <= d.start < m.start()]
            found = [d for d in found if d not in old]
            taken.drop_starting_in(head.start(), m.start())
        found.append(DateMention(start, m.end(), Period(begin, date(year, month, b), "day")))
        taken.add(start, m.end())

    # "el primer semestre de 2025", "the first half of 2024", "el tercer trimestre", "Q2 2024".
    for m in _PART_OF_YEAR_RE.finditer(folded) if _PART_OF_YEAR_HINT.search(folded) else ():
        if not free(m.start(), m.end()):
            continue
        if m["n"]:  # "Q2"
            k, size = int(m["n"]), 3
        else:
            k = _PART_ORDINALS[m["o"]]
            size = 6 if m["u"] in ("semestre", "half") else 3
        if k * size > 12:
            continue
        first, last_month = (k - 1) * size + 1, k * size
        if m["y"] or m["y2"]:
            year = int(m["y"] or m["y2"])
        elif ref_day is not None and m["this"]:
            year = ref_day.year
        elif year_ref is not None and m["u"] != "half":
            year = year_ref
        elif ref_day is not None and m["u"] != "half":  # "the first half" may be a match's
            # "expects to launch a tender in the fourth quarter": this year's quarter, or the
            # next one when the sentence looks ahead past it; else the latest one begun.
            year = ref_day.year
            if _FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start()):
                if date(year, last_month, _last_day(year, last_month)) < ref_day:
                    year += 1
            elif date(year, first, 1) > ref_day:
                year -= 1
        else:
            continue
        span = Period(
            date(year, first, 1), date(year, last_month, _last_day(year, last_month)), "month"
        )
        found.append(DateMention(m.start(), m.end(), span, False))
        taken.add(m.start(), m.end())

    # "la Navidad de 1990": a holiday with its year, before the year alone is read.
    holidays = list(_HOLIDAY_RE.finditer(folded)) if _HOLIDAY_HINT.search(folded) else []
    for m in holidays:
        if (m["y"] or m["y2"]) and free(m.start(), m.end()):
            period = _holiday(m, sentence, ref)
            if period is not None:
                found.append(DateMention(m.start(), m.end(), period))
                taken.add(m.start(), m.end())

    last_year: int | None = None
    later_years = [
        (m.start(), q[1], q[2])
        for m in singles
        if (q := _parse_single(m.groupdict(), "")) and q[1] is not None and q[0] != "year"
    ] if len(singles) >= 2 else []  # fmt: skip
    later_starts = [q[0] for q in later_years]
    for m in singles:
        if not free(m.start(), m.end()):
            continue
        gd = m.groupdict()
        w = _month_word(gd, "")
        if w:
            pos = next(m.start(k) for k in ("m1", "m2", "m3") if gd.get(k))
            if _ambiguous_month_word(sentence, pos, w):
                continue
            if (
                gd.get("m3")
                and not gd.get("y3")
                and w in _MONTH_ABBREVIATIONS
                and _RIVER_BEFORE.search(folded, max(0, pos - 12), pos)
            ):
                continue  # "el río Ene": a river, not January
        if gd.get("y4") and not _year_context(folded, m.start(), m.end()):
            continue
        p = _parse_single(gd, "")
        if not p:
            continue
        year = p[1]
        if year is not None:
            last_year = year
        elif last_year is not None and p[0] != "year":
            year = last_year  # "En octubre de 1820 ... donde en noviembre de ese año"
        if year is None and p[0] in ("day", "month"):
            # "capturado el 6 de abril y ejecutado el 18 de mayo de 1781", "captured in April
            # and executed on May 18, 1781": a later date of the
            # same sentence with a year, later in that year, lends it.
            # The nearest later date with a year (a bisection: a long list of dates in one
            # sentence stays linear).
            k = bisect_right(later_starts, m.start())
            if k < len(later_years):
                q = later_years[k]
                if (
                    q[2] is not None
                    and q[2] >= (p[2] or 13)
                    and not (ref_day is not None and (p[2], p[3]) == (ref_day.month, ref_day.day))
                ):  # "CHANCAY, Peru, Nov 14 – a year after it opened on 14 November 2024"
                    year = q[1]
        claim = m.end()
        if year is None and p[0] != "year" and ref_day is not None:
            ly = _LAST_YEAR_AFTER.match(folded, m.end())
            if ly:  # "en marzo del año pasado", "in March last year"
                year, claim = ref_day.year - 1, ly.end()
            elif ty := _THIS_YEAR_AFTER.match(folded, m.end()):  # "en marzo de este año"
                year, claim = ref_day.year, ty.end()
        if year is None and year_ref is not None:
            year = year_ref
        if year is None:
            if ref_day is None:
                continue
            if p[0] == "month" and _NEXT_MONTH_BEFORE.search(
                folded, max(0, m.start() - 16), m.start()
            ):
                # "a second edition next June": the first such month after the document's.
                year = ref_day.year if p[2] > ref_day.month else ref_day.year + 1  # type: ignore[operator]
            elif p[0] == "month" and (
                _FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start())
                or _FUTURE_AFTER.match(sentence, m.end())
            ):  # "en agosto capacitará a 120 guías": the next August from the document on
                year = ref_day.year if p[2] >= ref_day.month else ref_day.year + 1  # type: ignore[operator]
            elif p[0] == "month":  # "in March": the latest March on or before the document
                year = ref_day.year if p[2] <= ref_day.month else ref_day.year - 1  # type: ignore[operator]
            else:
                year = _infer_year(p[2], ref_day)  # type: ignore[arg-type]
        period = _to_period(p, year)
        if period:
            found.append(DateMention(m.start(), m.end(), period))
            taken.add(m.start(), claim)

    if ref is not None and ref.precision == "day" and (" day" in folded or " dia" in folded):
        for m in _NTH_DAY_RE.finditer(folded):
            # "the airport remains shut for a second day", "por tercer día consecutivo": the
            # spell that ends on the publication day
            if free(m.start(), m.end()):
                n = _ORDINAL_DAYS[m["n"]]
                span = Period(ref.start - timedelta(days=n - 1), ref.start, "day")
                found.append(DateMention(m.start(), m.end(), span, False))
                taken.add(m.start(), m.end())
    if ref is not None and ref.precision == "day":
        for m in _RELATIVE_RE.finditer(folded):
            if not free(m.start(), m.end()):
                continue
            if m.group("wd1") and any(0 <= d.start - m.end() <= 2 for d in found):
                continue  # "el miércoles 14 de mayo": the weekday of the date that follows
            future = bool(m.group("wd1") or m.group("wda")) and bool(
                (ahead and m.group("wda"))
                or _FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start())
                or (
                    _FUTURE_VERB_AFTER.match(sentence, m.end())  # "que el jueves presentará"
                    # "Senamhi warned on Tuesday that a friaje will sweep ...": the day of
                    # the warning, past, whatever it announces
                    and not _SAID_BEFORE.search(folded, max(0, m.start() - 24), m.start())
                )
            )
            if m.group("weekend") and not _PAST_WEEKEND.search(m.group("weekend")):
                # "This weekend he will receive an award": the coming one, not the last.
                future = bool(
                    ahead
                    or _FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start())
                    # "Se esperan heladas este fin de semana", "are forecast to fall ... this
                    # weekend": a forecast is of the coming one
                    or _FUTURE_BEFORE.search(folded, max(0, m.start() - 120), m.start())
                    or _FORECAST_BEFORE.search(folded, max(0, m.start() - 120), m.start())
                    or _WEEKEND_FUTURE_AFTER.match(sentence, m.end())
                )
            until = bool(m.group("wd1")) and (
                m.group("wdpre") in ("until", "till", "through")
                or bool(_UNTIL_BEFORE.search(folded, max(0, m.start() - 8), m.start()))
            )
            coming = until and bool(future or _FORECAST.search(folded))
            if until and not coming:
                since = _FROM_WEEKDAY.search(folded, max(0, m.start() - 40), m.start())
                if since is not None:
                    # "The road was closed from Monday through Wednesday": from the last such
                    # first day (the publication day itself if it is one) to the day after it
                    back = (ref.start.weekday() - WEEKDAYS[since["wd"]]) % 7
                    begin = ref.start - timedelta(days=back)
                    end = begin + timedelta(days=(WEEKDAYS[m.group("wd1")] - begin.weekday()) % 7)
                    found = [d for d in found if d.end <= since.start() or d.start >= m.end()]
                    found.append(
                        DateMention(since.start(), m.end(), Period(begin, end, "day"), False)
                    )
                    continue
            if until and (
                coming or not _PAST_UNTIL_BEFORE.search(folded, max(0, m.start() - 80), m.start())
            ):
                # "Aviso: lluvias en la sierra hasta el miércoles": from the warning's day
                # up to the next such weekday.
                ahead = (WEEKDAYS[m.group("wd1")] - ref.start.weekday()) % 7 or 7
                start, begin = m.start(), ref.start
                since = _FROM_WEEKDAY.search(folded, max(0, m.start() - 40), m.start())
                if since is not None and ahead < 7:
                    # "from Saturday morning until Sunday night": the coming Saturday on
                    start, begin = (
                        since.start(),
                        ref.start
                        + timedelta(days=(WEEKDAYS[since["wd"]] - ref.start.weekday()) % 7),
                    )
                end = ref.start + timedelta(days=ahead)
                found = [d for d in found if d.end <= start or d.start >= m.end()]
                found.append(
                    DateMention(start, m.end(), Period(min(begin, end), end, "day"), False)
                )
                continue
            if m.group("today") and sentence[m.end() : m.end() + 2] in ("'s", "’s"):
                continue  # "in today's La Libertad region": the present-day name, no date
            if (
                m.group("today")
                and sentence[max(0, m.start() - 2) : m.start()] == ", "
                and _CAPITAL_NEXT.match(sentence, m.end())
            ):
                continue  # "el Alto Perú, hoy Bolivia": what a place is now, not a date
            period = _relative(m, ref.start, future)
            if (
                m.group("thisyear")
                and period is not None
                and period.end > ref.end
                and _PERFECT_BEFORE.search(sentence, max(0, m.start() - 160), m.start())
                and not _FUTURE_BEFORE.search(sentence, max(0, m.start() - 160), m.start())
            ):  # "frosty pod rot has spread across the provinces this year": so far
                period = Period(period.start, ref.end, "day")
            end = m.end()
            numbered = _WEEKDAY_DAY_NO.match(folded, end) if m.group("wd1") else None
            if numbered is not None:  # "el lunes 23": the 23rd that is a Monday, nearest
                day = numbered_weekday(WEEKDAYS[m.group("wd1")], int(numbered["d"]), ref.start)
                if day is not None:
                    period, end = Period.day(day), numbered.end()
                    taken.add(m.start(), end)
            if period:
                report = bool(_SAID_BEFORE.search(folded, max(0, m.start() - 24), m.start()))
                found.append(DateMention(m.start(), end, period, report=report))
    if ref is not None and ref.precision == "day" and ("th" in folded or "dia " in folded):
        for m in _BARE_DAY_RE.finditer(folded):
            # "reached Puno on the 14th", "el día 14": that day of the publication month, or
            # of the month before when it is still ahead (the next one in a plan)
            day = int(m["d"] or m["d2"])
            if not 1 <= day <= 31 or not free(m.start(), m.end()):
                continue
            now = ref.start
            ahead = bool(_FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start()))
            y, mo = now.year, now.month
            if ahead and day < now.day:
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
            elif not ahead and day > now.day:
                y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
            if day > _last_day(y, mo):
                continue
            found.append(DateMention(m.start(), m.end(), Period.day(date(y, mo, day))))
            taken.add(m.start(), m.end())
    # A holiday dates only a sentence with no other date: "durante Semana Santa, del 28 al 31
    # de marzo" is the range stated; "born in 1941 ... at the Christmas festivities" the year.
    if holidays:
        for m in holidays:
            if m["y"] or m["y2"] or not free(m.start(), m.end()):
                continue
            if found and not (m["pr"] or m["sg"] or m["vs"] or m["js"] or m["mc"]):
                continue  # a Holy Week day is a day of its own beside other dates
            period = _holiday(m, sentence, ref)
            if period is not None:
                found.append(DateMention(m.start(), m.end(), period))
                taken.add(m.start(), m.end())
    if ref_day is not None and ("ultim" in folded or "past" in folded or "last" in folded):
        for m in _RECENT_RE.finditer(folded):  # "la última semana", "the past 10 days"
            if not free(m.start(), m.end()):
                continue
            n = _count(m["n"]) if m["n"] else 1
            unit = m["u"]
            days = n * 7 if unit.startswith(("seman", "week")) else n
            if unit.startswith(("hora", "hour")):
                days = max(1, n // 24)
            if days > 120:
                continue
            span = Period(ref_day - timedelta(days=days), ref_day, "day")
            found.append(DateMention(m.start(), m.end(), span, False))
            taken.add(m.start(), m.end())
    if "siglo" in folded or "century" in folded:
        for m in _CENTURY_RE.finditer(folded):  # "en el siglo XVII", "the 17th century"
            n = int(m["n"]) if m["n"] else _roman(m["r"])
            if 1 <= n <= 21 and free(m.start(), m.end()):
                span = Period(date(max(1, (n - 1) * 100 + 1), 1, 1), date(n * 100, 12, 31), "year")
                found.append(DateMention(m.start(), m.end(), span))
                taken.add(m.start(), m.end())
    if ref_day is not None and ("va de" in folded or "so far" in folded):
        # "en lo que va de 2026", "so far in 2026": from New Year to the publication day
        found = [
            DateMention(d.start, d.end, Period(d.period.start, ref_day, "day"), d.single)
            if d.period.precision == "year"
            and d.period.start.year == ref_day.year
            and _SO_FAR_BEFORE.search(folded, max(0, d.start - 30), d.start)
            else d
            for d in found
        ]
    if ref_day is not None and ("mes" in folded or "month" in folded):
        for m in _MONTH_END_RE.finditer(folded):  # "hasta fin de mes": the document's month
            if ref_day is not None and free(m.start(), m.end()):
                last = _last_day(ref_day.year, ref_day.month)
                span = Period(ref_day.replace(day=min(21, last)), ref_day.replace(day=last), "day")
                found.append(DateMention(m.start(), m.end(), span))
                taken.add(m.start(), m.end())
    if len(found) > 1 and any(
        w in folded for w in ("hasta", "through", "until", " to ", " y ", " and ", " e ")
    ):
        found = _joined_ranges(found, folded)
    if ref_day is not None:
        # A month-only publication ("Boletín ... agosto 2025"): "desde el 22" runs to its end.
        now = ref.end if ref is not None and ref.precision == "month" else ref_day
        found = [_open_range(d, folded, now) for d in found]
    if found and _DURATION_HINT.search(folded):
        found = _with_duration(found, folded)
    if found and _COMPARED_HINT.search(folded):
        # "se triplicaron frente al mismo periodo de 2023": the year compared with, not the
        # event's.
        found = [
            d
            for d in found
            if not _COMPARED_BEFORE.search(folded, max(0, d.start - 48), d.start)
            and not _RECORD_SINCE.search(folded, max(0, d.start - 60), d.start)
        ]
    found.sort(key=lambda d: d.start)
    if len(found) > 1 and ("ese ano" in folded or "aquel ano" in folded or "that year" in folded):
        found = _that_year(found, folded)
    return found


_THAT_YEAR_AFTER = re.compile(r"\s+(?:de|del)\s+(?:ese|aquel|dicho)\s+ano\b|\s+of\s+that\s+year\b")


def _that_year(found: list[DateMention], folded: str) -> list[DateMention]:
    """ "en enero de 1781 ... y en abril de ese año": the year of the date named before."""
    out = list(found)
    for k in range(1, len(out)):
        d = out[k]
        if d.period.precision not in ("month", "day") or not _THAT_YEAR_AFTER.match(folded, d.end):
            continue
        year = out[k - 1].period.end.year
        if year == d.period.start.year:
            continue
        try:
            span = Period(
                d.period.start.replace(year=year),
                d.period.end.replace(year=year),
                d.period.precision,
            )
        except ValueError:  # 29 February
            continue
        out[k] = DateMention(d.start, d.end, span, d.single, d.report)
    return out


_COMPARED_HINT = re.compile(
    r"frente|respecto|compara|compared|than|versus|\bvs\b|since|desde|mas que|menos que"
)

# Holidays and feasts of the Peruvian calendar, by their fixed day or from Easter.
_HOLIDAY_HINT = re.compile(
    r"santa|santo|holy|patrias|raymi|navidad|christmas|nochebuena|nuevo|new year|santos"
    r"|saints|corpus|easter|pascua|resurreccion|good friday|ramos|palm sunday|gloria|ceniza"
    r"|ash wednesday"
)
_HOLIDAY_RE = re.compile(
    r"\b(?:(?P<ss>semana santa|holy week)|(?P<fp>fiestas patrias)|(?P<ir>inti raymi)"
    r"|(?P<nb>nochebuena|christmas eve)|(?P<nav>navidad|christmas day|christmas(?! eve))"
    r"|(?P<vn>nochevieja|new year'?s eve)|(?P<an>ano nuevo|new year'?s day)"
    r"|(?P<ts>dia de todos los santos|todos los santos|all saints'? day)"
    r"|(?P<cc>corpus christi)|(?P<vs>viernes santo|good friday)"
    r"|(?P<js>jueves santo|holy thursday|maundy thursday)"
    r"|(?P<pr>domingo de ramos|palm sunday)|(?P<sg>sabado de gloria|sabado santo|holy saturday)"
    r"|(?P<mc>miercoles de ceniza|ash wednesday)"
    r"|(?P<ea>domingo de (?:resurreccion|pascua)|easter sunday|easter))\b"
    r"(?:\s+(?:de|del|of)\s+(?P<y>1[5-9]\d\d|20\d\d)|\s+(?P<y2>1[5-9]\d\d|20\d\d))?"
)
# Days from Easter Sunday (start, end) and fixed (month, day) spans.
_FROM_EASTER = {
    "ss": (-7, 0), "vs": (-2, -2), "js": (-3, -3), "ea": (0, 0), "cc": (60, 60),
    "pr": (-7, -7), "sg": (-1, -1), "mc": (-46, -46),
}  # fmt: skip
_FIXED_DAYS = {
    "fp": ((7, 28), (7, 29)), "ir": ((6, 24), (6, 24)), "nb": ((12, 24), (12, 24)),
    "nav": ((12, 25), (12, 25)), "vn": ((12, 31), (12, 31)), "an": ((1, 1), (1, 1)),
    "ts": ((11, 1), (11, 1)),
}  # fmt: skip


def easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday_in(kind: str, year: int) -> Period:
    if kind in _FROM_EASTER:
        a, b = _FROM_EASTER[kind]
        sunday = easter(year)
        return Period(sunday + timedelta(days=a), sunday + timedelta(days=b), "day")
    (ma, da), (mb, db) = _FIXED_DAYS[kind]
    return Period(date(year, ma, da), date(year, mb, db), "day")


def _holiday(m: re.Match[str], sentence: str, ref: Period | None) -> Period | None:
    """ "en Semana Santa", "por Fiestas Patrias", "during Inti Raymi": the year stated, else the
    latest one on or before the document (the next one when the sentence looks ahead)."""
    kind = next(k for k, v in m.groupdict().items() if v and k not in ("y", "y2"))
    y = m["y"] or m["y2"]
    if y:
        return _holiday_in(kind, int(y))
    if ref is None:
        return None
    now = ref.start
    future = bool(
        _FUTURE_BEFORE.search(sentence, max(0, m.start() - 120), m.start())
        or _FUTURE_AFTER.match(sentence, m.end())
    )
    this = _holiday_in(kind, now.year)
    if future:
        return this if this.end >= now else _holiday_in(kind, now.year + 1)
    return this if this.start <= ref.end else _holiday_in(kind, now.year - 1)


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty-five": 45, "sixty": 60, "ninety": 90, "un": 1, "una": 1, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    "doce": 12, "quince": 15, "veinte": 20, "treinta": 30, "cuarenta y cinco": 45,
    "sesenta": 60, "noventa": 90,
}  # fmt: skip
_DURATION_HINT = re.compile(r"\b(?:days?|weeks?|months?|dias|semanas?|mes|meses)\b")
# "a 60-day state of emergency", "a ten-day campaign", "por 60 días calendario", "for three
# days", "durante diez días": how long the event lasts from its first day.
_DURATION_RE = re.compile(
    r"\b(?:a|an|for|por|durante|during|de|of|un|una|el|la|the|lasting|over)\s+"
    r"(?:(?:plazo|periodo|period|lapso|term)\s+(?:de|of)\s+)?"
    rf"(?P<n>\d{{1,3}}|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
    r"(?:-|\s+)(?P<unit>days?|weeks?|months?|dias|semanas?|mes|meses)\b"
    r"(?!\s+(?:ago|antes|despues|later|after|before|earlier|atras)\b)"
)
# Right before a day: the event begins then ("starting today", "began on Monday", "a partir
# del lunes").
_END_RE = re.compile(
    r"\b(?:ended|ends|concluded|finished|culmino|concluyo|termino|finalizo)\s+(?:on\s+|el\s+)?$"
)
_BEGIN_RE = re.compile(
    r"\b(?:began|begins|begin|started|starts|start|starting|launched|opened|inicio|iniciaron"
    r"|inicia|inician|iniciara|comenzo|comenzaron|comienza|comenzara|empezo|empezaron|arranco"
    r"|arrancaron|arranca|rige|regira|from|desde|since|a partir)\b[^.;,]{0,12}$"
)


def _with_duration(found: list[DateMention], folded: str) -> list[DateMention]:
    """A day that begins an event of stated length runs for that length ("began on Monday a
    ten-day campaign": Monday to the Wednesday of the next week)."""
    days = [d for d in found if d.single and not d.report and d.period.start == d.period.end]
    if len(days) != 1:
        return found
    ended = _END_RE.search(folded, max(0, days[0].start - 30), days[0].start)
    if not ended and not _BEGIN_RE.search(folded, max(0, days[0].start - 30), days[0].start):
        return found
    dur = _DURATION_RE.search(folded, 0, days[0].start if ended else len(folded))
    if dur is None:
        return found
    if ended:
        # "a three-day operation ... that ended on Wednesday": the days up to that one
        raw = dur["n"]
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        if not dur["unit"].startswith(("day", "dia")) or not 2 <= n <= 31:
            return found
        d = days[0]
        last = d.period.start
        wide = DateMention(d.start, d.end, Period(last - timedelta(days=n - 1), last, "day"), False)
        return [wide if x is d else x for x in found]
    raw = dur["n"]
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = dur["unit"]
    first = days[0].period.start
    if unit.startswith(("day", "dia")):
        last = first + timedelta(days=n - 1)
    elif unit.startswith(("week", "semana")):
        last = first + timedelta(days=7 * n - 1)
    else:
        month = first.month - 1 + n
        year, month = first.year + month // 12, month % 12 + 1
        last = date(year, month, min(first.day, _last_day(year, month))) - timedelta(days=1)
    if n < 1 or n > 366 or last < first:
        return found
    d = days[0]
    wide = DateMention(d.start, d.end, Period(first, last, "day"), single=False)
    return [wide if x is d else x for x in found]


# ", cuando ...", " when ...": a clause about the day just named
WHEN_CLAUSE = re.compile(r",?\s*(?:cuando|when)\b")
# "the highest weekly figure since 2023", "la cifra más alta desde 2019": a record, not a
# period of the event.
_RECORD_SINCE = re.compile(
    r"\b(?:highest|lowest|largest|biggest|worst|best|most|fewest|mayor|menor|peor|mejor"
    r"|mas\s+alt[oa]s?|mas\s+baj[oa]s?|record|primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]"
    r"|quint[oa]|sext[oa]|septim[oa]|octav[oa]|first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|\d+(?:st|nd|rd|th|º|°))\b[^.;,]{0,40}\b(?:since|desde)\s+"
    r"(?:(?:el|the)\s+)?$"
)
_COMPARED_BEFORE = re.compile(
    r"\b(?:frente\s+al?|respecto\s+al?|en\s+comparacion\s+con|comparad[oa]s?\s+con"
    r"|compared\s+(?:with|to)|than\s+(?:in|during)(?:\s+all\s+of)?|versus|vs\.?"
    r"|(?:mas|menos)\s+que(?:\s+en)?)\s+"
    r"(?:(?:el|la|lo|the)\s+)?(?:(?:mismo|misma)\s+(?:periodo|lapso|mes|semana|fecha)\s+(?:de|del)\s+"
    r"|same\s+(?:period|week|month|time)\s+(?:of|in|last)\s+)?(?:(?:el|the)\s+)?$"
)


# A weekday with a day number and no month ("el lunes 23 enviará", "el domingo 6 a mediodía"),
# not a time, a count or a full date ("lunes 23 de junio" is read as that date).
_WEEKDAY_DAY_NO = re.compile(
    rf"\s+(?P<d>[0-3]?\d)\b(?![:.,]\d|\s*(?:%|h\b|horas|km|de\s+(?:{_MONTH_ALT})|of\s+))"
)


def numbered_weekday(weekday: int, day: int, ref: date) -> date | None:
    """The day numbered `day` falling on `weekday` nearest to ref, in its month or the ones
    either side and within three weeks of it; None when none fits."""
    best = None
    for shift in (-1, 0, 1):
        y, m = ref.year, ref.month + shift
        if m == 0:
            y, m = y - 1, 12
        elif m == 13:
            y, m = y + 1, 1
        if 1 <= day <= _last_day(y, m):
            d = date(y, m, day)
            if d.weekday() == weekday and (best is None or abs(d - ref) < abs(best - ref)):
                best = d
    # Three weeks either side: further off, the number is a count ("este martes 14 dragas").
    return best if best is not None and abs((best - ref).days) <= 21 else None


_CENTURY_RE = re.compile(
    r"\bsiglo\s+(?P<r>x{0,2}(?:ix|iv|v?i{0,3}))\b|\b(?P<n>1\d|2[01]|[1-9])(?:st|nd|rd|th)[-\s]+century\b"
)
_ROMAN = {"i": 1, "v": 5, "x": 10}


def _roman(r: str) -> int:
    """xvii -> 17 (the centuries' numerals)."""
    total = 0
    for k, ch in enumerate(r):
        v = _ROMAN[ch]
        total += -v if k + 1 < len(r) and _ROMAN[r[k + 1]] > v else v
    return total


_YEAR_IN = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
_RANGE_HEAD = re.compile(r"\b(?:desde|from|del)\b[^.;]{0,30}$")
_RANGE_JOIN = re.compile(
    r",?\s+(?:hasta|until|through|to)\s+(?:el\s+|la\s+|the\s+)?"
    rf"(?:(?:{WEEKDAY_ALT}),?\s+)?"
)
_MONTH_IN = re.compile(rf"\b(?:{_MONTH_ALT})\b")
_BETWEEN_HEAD = re.compile(r"\b(?:between|entre)\b[^.;]{0,30}$")
_PAIR_JOIN = re.compile(rf",?\s+(?:and|y|e)\s+(?:el\s+|on\s+|the\s+)?(?:(?:{WEEKDAY_ALT}),?\s+)?")


def _joined_ranges(found: list[DateMention], folded: str) -> list[DateMention]:
    """ "desde el domingo 15 hasta el miércoles 18 de marzo", "from tomorrow, Thursday, October
    9, through Saturday, October 11": two days read apart are one range; a first day written
    without its month takes the second's."""
    found = sorted(found, key=lambda d: d.start)
    out: list[DateMention] = []
    k = 0
    while k < len(found):
        a = found[k]
        b = found[k + 1] if k + 1 < len(found) else None
        if (
            b is not None
            and a.period.precision == b.period.precision == "day"
            and (
                (
                    _RANGE_JOIN.fullmatch(folded, a.end, b.start)
                    and _RANGE_HEAD.search(folded, max(0, a.start - 40), a.start)
                )
                or (
                    _PAIR_JOIN.fullmatch(folded, a.end, b.start) is not None
                    and (
                        # "between Thursday, March 6, and Saturday, March 8"
                        _BETWEEN_HEAD.search(folded, max(0, a.start - 40), a.start) is not None
                        # "el viernes 11 y el sábado 12": two days running, one spell
                        or b.period.start - a.period.end
                        == timedelta(days=1)
                        == b.period.end - b.period.start + timedelta(days=1)
                    )
                )
            )
        ):
            start = a.period.start
            if not _MONTH_IN.search(folded, a.start, a.end):
                try:
                    start = b.period.end.replace(day=a.period.start.day)
                except ValueError:
                    start = a.period.start
            if start <= b.period.end and (b.period.end - start).days <= 366:
                out.append(DateMention(a.start, b.end, Period(start, b.period.end, "day"), False))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _open_range(d: DateMention, folded: str, ref_day: date) -> DateMention:
    """ "desde el domingo", "since March 6": from that day up to the document's date; "hasta
    el jueves 19 de febrero", "until the end of the month", "antes del 20 de julio" (a day still
    ahead): from the document's date up to that day."""
    since = d.single and _SINCE_RE.search(folded, max(0, d.start - 24), d.start)
    if since and (ref_day - d.period.end).days > 366 and WHEN_CLAUSE.match(folded, d.end):
        # "el sismo más fuerte desde el 23 de junio de 2001, cuando un terremoto devastó
        # Arequipa": the clause after is that day's (a recent "desde el domingo, cuando ..."
        # still runs to the publication for what it says before)
        return d
    if (
        since
        and since.group().startswith("since")
        and d.period.start > ref_day
        and not _YEAR_IN.search(folded, d.start, d.end)
    ):  # "Since March 3" in November: the March before ("desde", "from" may look ahead)
        try:
            back = d.period.start.replace(year=d.period.start.year - 1)
        except ValueError:
            back = None
        if back is not None and back <= ref_day:
            return DateMention(d.start, d.end, Period(back, ref_day, "day"))
    if since and d.period.start <= ref_day:
        return DateMention(d.start, d.end, Period(d.period.start, ref_day, "day"))
    if (
        d.single
        and d.period.precision == "day"
        and d.period.end < ref_day
        and (ref_day - d.period.start).days <= 60
        and _STILL_AFTER_BEFORE.search(folded, max(0, d.start - 120), d.start)
    ):  # "Mórrope remains cut off after the overflow of canals on 9 March": since that day
        return DateMention(d.start, d.end, Period(d.period.start, ref_day, "day"))
    if (
        ref_day < d.period.end <= ref_day + timedelta(days=120)
        and not d.report
        and _UNTIL_DAY_BEFORE.search(folded, max(0, d.start - 30), d.start)
    ):
        return DateMention(d.start, d.end, Period(ref_day, d.period.end, "day"), False)
    return d


# "la última semana", "los últimos 10 días", "the past week", "over the last three days", "las
# últimas 48 horas": the days up to the document's date ("last week" alone is the week before).
_RECENT_RE = re.compile(
    rf"\b(?:(?:la|las|los|el)\s+ultim[oa]s?|(?:the|over\s+the|in\s+the)\s+(?:past|last))"
    rf"\s+(?:(?P<n>{_COUNT}|24|48|72)\s+)?(?P<u>semanas?|dias|horas|weeks?|days|hours)\b"
)
_SO_FAR_BEFORE = re.compile(r"\blo\s+que\s+va\s+(?:del\s+ano\s+)?(?:de\s+)?$|\bso\s+far\s+in\s+$")
_MONTH_END_RE = re.compile(
    r"\b(?:(?:a\s+)?(?:fin|fines|finales)\s+de(?:l)?\s+(?:este\s+|presente\s+)?mes"
    r"|(?:the\s+)?end\s+of\s+(?:the|this)\s+month)\b"
)
_STILL_AFTER_BEFORE = re.compile(
    r"\b(?:remains?|still|sigue|siguen|permanecen?|continues?|continuan?|contin[uú]a)\b[^.;:]*"
    r"\b(?:after|tras|following|luego\s+de|despues\s+de)\b[^.;:]*$"
)
_UNTIL_DAY_BEFORE = re.compile(
    r"\b(?:hasta|until|till|through|antes\s+del?|before)\s+(?:el\s+|la\s+|the\s+)?"
    rf"(?:(?:{WEEKDAY_ALT}),?\s+)?$"
)


# A future verb or cue shortly before a weekday: "se reanudará el viernes", "will meet on Friday".
_FUTURE_BEFORE = re.compile(
    r"(?<![\w-])[a-záéíóúñ]+(?:rá|rán)\b[^.;]*$|\b(?:will|shall|next|próxim[oa]s?)\b[^.;]*$"
    r"|\b(?:would|could|might|may)\s+(?!have\b|not\s+have\b)[^.;]*$"  # "it would meet on Thursday"
    r"|\bpodr[ií]an?\s+(?!haber\b)[^.;]*$"  # "podría registrar -16 °C en la madrugada del sábado"
    r"|\b(?:is|are) (?:due|scheduled|expected|planned)\b[^.;]*$|\bplans?\s+to\b[^.;]*$"
    r"|\bpara\s+(?:(?:el|este)\s+)?$"
    # "prevén llegar a Tingo María el domingo", "tienen previsto marchar el lunes"
    r"|\b(?:prev[eé]n?|planean?|tienen?\s+previsto|expects?\s+to|hopes?\s+to)\b[^.;]*$"
    r"|\b(?:expects|forecasts|pronostica|pronostican|se\s+esperan?)\b[^.;]*$"  # "Senamhi expects"
    # "promised a mobile unit starting in August", "prometió ... a partir de agosto"
    r"|\b(?:promised|pledged|vowed|prometi[oó]|prometieron|se\s+comprometi[oó])\b[^.;]*"
    r"\b(?:starting|beginning|from|a\s+partir\s+de|desde)\s+(?:in\s+|en\s+)?$"
)
_FUTURE_AFTER = re.compile(
    r"[^.;]{0,30}?(?<![\w-])[a-záéíóúñ]+(?:rá|rán)\b|\s*,?\s*(?:will|is\s+due|are\s+due)\b"
    r"|\s*se\s+(?:esperan?|prevén?|preve|pronostican?)\b"  # "en abril se esperan lluvias"
)
_BARE_DAY_RE = re.compile(
    r"\b(?:on\s+)?the\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of|century|anniversary"
    r"|floor|time|day|place|edition|birthday|annual|round|minute|street|avenue|st\b))"
    r"|\bel\s+dia\s+(?P<d2>[1-9]|[12]\d|3[01])\b(?!\s*(?:de|del|[.,]\d|%|horas?|mil))"
)
_PERFECT_BEFORE = re.compile(
    r"\b(?:has|have|ha|han|hemos)\s+(?:not\s+|no\s+)?[a-záéíóúñ]+\b[^.;]*$"
    r"|\b[a-z]{3,}ed\s+$",  # "where dengue cases tripled this year"
    re.IGNORECASE,
)
_FORECAST_BEFORE = re.compile(
    r"\b(?:(?:is|are)\s+)?(?:forecast|predicted|pronosticad[oa]s?)\b[^.;]*$"
)
_PAST_WEEKEND = re.compile(r"\b(?:last|past|pasado|ultimo)\b")
# "este fin de semana se realizará", "this weekend he will receive": a future verb soon after.
_WEEKEND_FUTURE_AFTER = re.compile(
    r"[^.;]{0,40}?(?:\b(?:will|is\s+(?:due|set|scheduled)|are\s+(?:due|set|scheduled))\b"
    r"|(?<![\w-])[a-záéíóúñ]+(?:rá|rán)\b)"
)
_CAPITAL_NEXT = re.compile(r"\s+[A-ZÁÉÍÓÚÑ]")
_FROM_WEEKDAY = re.compile(
    rf"\b(?:from|desde\s+el|desde)\s+(?P<wd>{WEEKDAY_ALT})(?:\s+(?:morning|afternoon|evening"
    r"|night|por\s+la\s+(?:manana|tarde|noche)|en\s+la\s+(?:manana|tarde|noche)))?\s+$"
)
_ORDINAL_DAYS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4, "quinto": 5, "sexto": 6,
    "septimo": 7,
}  # fmt: skip
_NTH_DAY_RE = re.compile(
    r"\b(?:for|por)\s+(?:a|the|el|un)?\s*(?P<n>second|third|fourth|fifth|sixth|seventh|segundo"
    r"|tercer|tercero|cuarto|quinto|sexto|septimo)\s+(?:(?:straight|consecutive)\s+)?(?:day|dia)"
    r"(?:\s+consecutivo)?(?:\s+(?:in\s+a\s+row|seguido))?\b"
)
_UNTIL_BEFORE = re.compile(r"\b(?:hasta|until|till|through)\s+$")
# "the road stayed closed until Saturday", "el paro duró hasta el sábado": an "until" that is
# over; without such a verb ("flights have been canceled until Saturday", "están cerrados hasta
# el sábado") the weekday is the coming one.
_PAST_UNTIL_BEFORE = re.compile(
    r"\b(?:was|were|stayed|remained|lasted|continued|kept|went on|ran|had been|permanecio"
    r"|permanecieron|duro|duraron|se mantuvo|se mantuvieron|estuvo|estuvieron|siguio|siguieron"
    r"|continuo|continuaron|fue|fueron|rigio)\b[^.;]*$"
)
_FUTURE_VERB_AFTER = re.compile(
    r"\s+(?:se\s+|le\s+|les\s+|lo\s+|la\s+)?[a-záéíóúñ]+(?:rá|rán)\b"
    # "el jueves el frío afectará", "On Thursday, thunderstorms are expected": the subject first
    r"|,?[^.;:,]{0,30}?(?<![\w-])[a-záéíóúñ]{3,}(?:rá|rán)\b"
    r"|,?[^.;:]{0,30}?\b(?:will|(?:is|are)\s+(?:expected|due|forecast))\b"
)
# A warning or forecast: what it announces runs from its day forward.
_FORECAST = re.compile(
    r"\b(?:aviso|alerta|pronostico|pronostica|se preve|prevé|forecast|forecasts|warning|warns"
    r"|warned|advisory|senamhi)\b"
)
# A speech verb right before a relative date: the date of the statement, not of the event.
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|informo|dijo|senalo|anuncio|reporto"
    r"|indico|preciso|declaro|confirmo|informaron|dijeron|senalaron|anunciaron|reportaron"
    r"|indicaron|precisaron|declararon|confirmaron|denuncio|denunciaron|afirmo|afirmaron"
    r"|explico|explicaron|aseguro|aseguraron|detallo|detallaron|comunico|sostuvo|manifesto"
    r"|added|noted|explained|confirmed|told\s+reporters|said\s+in\s+a\s+statement"
    # "central bank data released on Thursday", "Senamhi warned on Tuesday that ..."
    r"|released|difundio|difundieron|warned|advirtio|alerto)\s*$"
)
_SINCE_RE = re.compile(
    # "since it opened on Nov. 14, 2024", "desde que abrió el 14 de noviembre"
    r"\b(?:since\s+(?:it|they|he|she|we)\s+[a-z]+\s+(?:on|in)|desde\s+que\s+[a-z]+\s+(?:el|en))\s+$|"
    r"\b(?:desde|since|a partir del?|starting|from)\s+(?:(?:el|la|the|on)\s+)?"
    r"(?:pasado\s+|past\s+)?"
    r"(?:(?:madrugada|manana|tarde|noche|early|late)\s+(?:(?:de|del|on)\s+)?)?"
    rf"(?:(?:{WEEKDAY_ALT}),?\s+)?$"  # "desde el miércoles 14 de mayo"
)


_WEEK_NO = r"(?:0?[1-9]|[1-4]\d|5[0-3])"  # "SE 01"
_EPI_WEEK_RE = re.compile(
    r"(?P<until>\b(?:hasta|until|through|up to|as of|acumulad[oa]s?\s+(?:a|al|hasta)"
    r"|cumulative\s+to)"
    r"\s+(?:la\s+|the\s+)?)?"
    r"(?:\b(?:semanas?\s+epidemiologicas?|epidemiological\s+weeks?|epi\s+weeks?)\s+"
    r"(?:\((?:se|ew)\)\s*)?"
    rf"(?:n[°º.]?\s*)?(?:(?P<wa>{_WEEK_NO})\s*(?:-|a|al|to|y|and)\s*)?(?P<w>{_WEEK_NO})"
    r"(?:\s*(?:-|/|de(?:l)?|of)\s*(?P<y>(?:19|20)\d\d))?"
    rf"|\b(?:se|ew)\s*(?:(?P<wa2>{_WEEK_NO})\s*(?:-|a|al|to)\s*(?:(?:la\s+)?(?:se|ew)\s*)?)?"
    rf"(?P<w2>{_WEEK_NO})"
    r"(?:\s*(?:-|/|\s+de(?:l)?)\s*(?P<y2>(?:19|20)\d\d))?"
    # "So far this year, through week 12, Loreto has notified ...": in a case count
    rf"|(?P<until3>\b(?:hasta|until|through|up\s+to)\s+(?:la\s+|the\s+)?)(?:semana|week)\s+"
    rf"(?P<w3>{_WEEK_NO})(?=[^.;]*\b(?:cas[eo]s|notif|infections|infecciones)))(?![\w])"
)


_EPI_HINT = re.compile(r"semana|week|\b(?:se|ew)\s*\d")


def _epi_hint(s: str) -> bool:
    """_EPI_HINT.search(s) is not None: its third part needs a digit."""
    if "semana" in s or "week" in s:
        return True
    return _DIGIT.search(s) is not None and _EPI_HINT.search(s) is not None


_EPI_ABBREV = re.compile(r"\b(?:SE|EW)\b")


_DECADE_WORDS = {
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "twentie": 20, "thirtie": 30, "fortie": 40,
    "fiftie": 50, "sixtie": 60, "seventie": 70, "eightie": 80, "ninetie": 90,
}  # fmt: skip
_DECADE_RE = re.compile(
    r"\b(?:(?:los\s+)?anos\s+(?P<w>veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)"
    r"|(?:the\s+)?(?P<w2>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
    r"|(?:the\s+)?(?P<y>1[5-9]\d0|20[0-9]0)'?s\b"
    r"|decada\s+de\s+(?:los\s+)?(?P<y3>1[5-9]\d0|20[0-9]0)\b"
    r"|(?:los\s+)?anos\s+(?P<y5>1[5-9]\d0|20[0-9]0)\b(?![,.]\d))"  # "los años 1780"
)
_DECADE_PAIR_RE = re.compile(
    r"\bdecadas\s+de\s+(?:los\s+)?(?P<a>1[5-9]\d0|20[0-9]0)\s+(?:y|a|e)\s+(?:(?:de\s+)?los\s+)?"
    r"(?P<b>1[5-9]\d0|20[0-9]0)\b"
    r"|\bdecades\s+of\s+(?:the\s+)?(?P<a2>1[5-9]\d0|20[0-9]0)s?\s+(?:and|to)\s+(?:the\s+)?"
    r"(?P<b2>1[5-9]\d0|20[0-9]0)s?\b"
    r"|\b(?P<a3>1[5-9]\d0|20[0-9]0)'?s\s+(?:and|to|y)\s+(?:the\s+)?(?P<b3>1[5-9]\d0|20[0-9]0)'?s\b"
)
_YEAR_END_RE = re.compile(
    r"\b(?:later\s+(?:this|in\s+the)\s+year|(?:before|by)\s+(?:the\s+)?end\s+of\s+(?:the|this)\s+year"
    r"|by\s+year[-\s]end|antes\s+de(?:l)?\s+(?:(?:fin|final|cierre|termino)\s+de(?:l)?\s+"
    r"(?:este\s+|presente\s+)?ano|que\s+(?:termine|acabe|culmine|finalice)\s+el\s+ano)"
    r"|hasta\s+(?:fin|fines|finales)\s+de(?:l)?\s+(?:este\s+|presente\s+)?ano)\b"
)
_DECADE_HINT = re.compile(r"anos\s+[a-z]+nta|ties\b|\d0'?s\b|decada|anos\s+1[5-9]\d0|anos\s+20\d0")
# "entre enero y agosto de este año", "in March of this year": the document's year.
_NEXT_MONTH_BEFORE = re.compile(r"\b(?:next|this\s+coming|el\s+proximo(?:\s+mes\s+de)?)\s+$")
_THIS_YEAR_AFTER = re.compile(
    r",?\s+(?:(?:del|de)\s+(?:este|presente)\s+ano|(?:of\s+)?this\s+year)\b"
)
_decade_hint = _gate(_DECADE_HINT, "anos", "ties", "0s", "0's", "decada")
_LAST_YEAR_AFTER = re.compile(r",?\s+(?:(?:del|de)\s+ano\s+pasado|(?:of\s+)?last\s+year)\b")
_MONTH_TO_BEFORE = re.compile(
    rf"\b(?:entre|between|desde|from|de)\s+(?P<m0>{_MONTH_ALT})(?:\s+(?:y|and|a|al|hasta|to|until))?\s+$"
)
# "between 25 September and the end of October", "del 20 de marzo a fines de abril"
_DAY_TO_BEFORE = re.compile(
    r"\b(?:entre|between|desde|from|del?)\s+(?:el\s+|the\s+)?"
    rf"(?:(?P<d0>\d{{1,2}})(?:\s+de|\s+of)?\s+(?P<m0>{_MONTH_ALT})|(?P<m1>{_MONTH_ALT})\s+(?P<d1>\d{{1,2}}))"
    r"(?:,?\s+(?:y|and|a|al|hasta|to|until))?\s+(?:the\s+)?$"  # "a fines de" holds its "a"
)
_FORTNIGHT_RE = re.compile(
    rf"\b(?:(?P<q>primera|segunda|first|second)\s+(?:quincena|half)\s+(?:de|of)"
    r"|(?P<late>(?:a\s+)?(?:fines|finales)\s+de|(?:at\s+the\s+)?end\s+of|late"
    r"|(?:en\s+)?los\s+ultimos\s+dias\s+de|(?:in\s+)?the\s+last\s+days\s+of)"
    r"|(?P<early>(?:a\s+)?(?:inicios|principios|comienzos)\s+de|(?:at\s+the\s+)?beginning\s+of"
    r"|(?:en\s+)?los\s+primeros\s+dias\s+de|(?:in\s+)?the\s+first\s+days\s+of"
    r"|early)|(?P<mid>(?:a\s+)?mediados\s+de|(?:in\s+)?the\s+middle\s+of|mid)"
    r"|(?P<sofar>(?:en\s+)?lo\s+que\s+va\s+de(?:l\s+mes\s+de)?)"
    r"|(?P<wk>primera|segunda|tercera|cuarta|first|second|third|fourth|last|ultima)"
    r"\s+(?:semana|week)\s+(?:de|of))[\s-]+"
    rf"(?P<m>{_MONTH_ALT})(?:,?\s+(?:de(?:l)?\s+)?(?P<y>{_YEAR}))?\b"
)
_PART_ORDINALS = {
    "primer": 1, "primero": 1, "first": 1, "segundo": 2, "second": 2, "tercer": 3,
    "tercero": 3, "third": 3, "cuarto": 4, "fourth": 4, "last": 4,
}  # fmt: skip
_PART_OF_YEAR_RE = re.compile(
    r"\b(?:(?:el|la|the|del|in|en)\s+)?(?P<o>primer|primero|segundo|tercer|tercero|cuarto|first"
    r"|second|third|fourth)\s+(?P<u>semestre|trimestre|half|quarter)"
    r"(?:\s+(?:de(?:l)?|of)\s+(?:(?P<this>este\s+ano|this\s+year|the\s+year)|(?:ano\s+)?(?P<y>(?:19|20)\d\d)))?"
    r"|\bq(?P<n>[1-4])\s+(?P<y2>(?:19|20)\d\d)\b"
)
_PART_OF_YEAR_HINT = re.compile(r"semestre|trimestre|half|quarter|\bq[1-4]\b")
_FORTNIGHT_HINT = re.compile(
    r"quincena|half of|fines de|finales de|end of|late|week of|semana de|inicios|principios"
    r"|comienzos|beginning|early|mediados|middle of|mid|lo que va|primeros dias|ultimos dias"
    r"|first days|last days"
)
_WEEK_ORDINALS = {
    "primera": 0, "first": 0, "segunda": 1, "second": 1, "tercera": 2, "third": 2,
    "cuarta": 3, "fourth": 3,
}  # fmt: skip


def epi_week(year: int, week: int) -> Period | None:
    """Sunday to Saturday of an epidemiological week (weeks end on Saturdays; week 1 holds at
    least four days of January), as MINSA's CDC and the WHO count them."""
    jan4 = date(year, 1, 4)
    first_sunday = jan4 - timedelta(days=(jan4.weekday() + 1) % 7)
    start = first_sunday + timedelta(weeks=week - 1)
    if week > 52 and (start + timedelta(days=3)).year != year:
        return None
    return Period(start, start + timedelta(days=6), "day")


# Words that open a noun phrase after a year: "en 1880 muchas familias huyeron" (1880 is no count).
_QUANTIFIERS = frozenset(
    "muchas muchos varias varios las los sus unas unos todas todos ambas ambos miles cientos"
    " decenas".split()
)
_TITLE_YEAR_END = re.compile(r"\s*(?:\(|:|$)")


_BRACKET_NUMBER = re.compile(r"\((\d[\d .,]*)\)")


# The word before "of/de YEAR" that makes it a part of that year, not a count of something.
_PART_OF_YEAR = frozenset(
    "months meses spring summer autumn fall winter verano invierno otono primavera end start "
    "beginning middle half fines finales inicios comienzos principios mediados mitad".split()
)


def _year_context(folded: str, pos: int, end: int | None = None) -> bool:
    """A bare year counts only after a word that introduces a time ('in 2017', 'desde 2020').

    Before 1950 a number is more often a count ("de 1500 familias"): it needs a stricter
    word before it and no plural noun after it.
    """
    if end is not None and folded[pos - 1 : pos] == "(" and folded[end : end + 1] == ")":
        # "Ica (1563) y Saña (1563)", unless the brackets around hold counts: "Loreto (26)"
        return (
            pos >= 3
            and folded[pos - 3 : pos - 1].strip().isalpha()
            and not any(
                not 1500 <= int(re.sub(r"\D", "", c) or 0) <= 2100
                for c in _BRACKET_NUMBER.findall(folded, max(0, pos - 80), end + 80)
            )
        )
    before = [w.lstrip("\"“”«(¿¡'") for w in folded[max(0, pos - 12) : pos].split()]
    if not before:
        return False  # (a quote opening before the word: '"In 2017 we lost everything"')
    if (
        end is not None
        and before[-1].endswith(",")
        and before[-1][:-1].isalpha()  # not "(EW) 15, 2023": the week's year
        and _TITLE_YEAR_END.match(folded, end)
    ):
        return True  # a title's period: "Peru: coffee production by region, 2024 (tonnes)"
    if (
        end is not None
        and before[-1] in ("a", "an", "un", "una")
        and folded[end : end + 1] == " "
        and folded[end + 1 : end + 2].isalpha()
        and int(folded[pos : pos + 4]) >= 1950
    ):
        return True  # "a 2018 Ministry of Health study found": that year's study
    if before[-1] == "for" and end is not None:
        after = folded[end : end + 16].split()[:1]
        if after and after[0].endswith("s"):
            return False  # "food for 2000 families"
    if end is not None and int(folded[pos : pos + 4]) < 1950:
        after = folded[end : end + 16].split()[:1]
        if after and (
            (after[0].endswith("s") and after[0] not in _QUANTIFIERS)
            or after[0] in ("mil", "personas")
        ):
            return False
        if before[-1] in ("early", "late", "mid", "mid-", "throughout"):
            return True  # "in early 1532", "mid-1880": a time word, never a count's
        wide = folded[max(0, pos - 20) : pos].split()
        if len(wide) >= 2 and wide[-1] in ("of", "de", "del") and wide[-2] in _PART_OF_YEAR:
            return True  # "the early months of 1532", "a fines de 1880", "the summer of 1881"
        return before[-1] in {
            "in", "en", "since", "desde", "during", "durante", "until", "hasta", "year", "ano",
            "by", "around", "hacia", "circa", "ca",
        }  # fmt: skip
    return before[-1] in {
        "in", "en", "since", "desde", "during", "durante", "of", "de", "del", "early", "late",
        "until", "hasta", "year", "ano", "by", "para", "mid", "mid-", "throughout", "el", "al",
        "for",
        # "campaña 2025", "temporada 2024", "the 2025 season": a season's or budget's year
        "campana", "agricola", "campaign", "season", "temporada", "ejercicio", "fiscal", "zafra",
    }  # fmt: skip


def _relative(m: re.Match[str], ref: date, future: bool = False) -> Period | None:
    """A relative date resolved from the reference day; future: the clause is in the future
    tense, so a bare weekday is the next one."""
    if m.group("today"):
        return Period.day(ref)
    if m.group("yesterday"):
        return Period.day(ref - timedelta(days=1))
    if m.group("dby"):
        return Period.day(ref - timedelta(days=2))
    if m.group("tomorrow"):  # "I fly to Trujillo tomorrow": the day after the document
        return Period.day(ref + timedelta(days=1))
    if m.group("lastweek"):
        monday = ref - timedelta(days=ref.weekday() + 7)
        return Period(monday, monday + timedelta(days=6), "day")
    if m.group("thisweek"):
        monday = ref - timedelta(days=ref.weekday())
        return Period(monday, monday + timedelta(days=6), "day")
    if m.group("lastmonth"):
        y, mo = (ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12)
        return Period.month(y, mo)
    if m.group("lastyear"):
        return Period.year(ref.year - 1)
    if m.group("nextmonth"):
        y, mo = (ref.year, ref.month + 1) if ref.month < 12 else (ref.year + 1, 1)
        return Period.month(y, mo)
    if m.group("nextyear"):
        return Period.year(ref.year + 1)
    if m.group("nextweek"):
        monday = ref + timedelta(days=7 - ref.weekday())
        return Period(monday, monday + timedelta(days=6), "day")
    if m.group("thisyear") and not m.group("thisyear").startswith(("so far", "lo que", "en lo")):
        # "this year's dry season", "expects a similar number this year", "marches this year":
        # the year (the blind authors' reading); only "so far"/"lo que va" stop at the document.
        return Period.year(ref.year)
    if m.group("thisyear"):  # "so far this year": January 1 up to the document
        return Period(date(ref.year, 1, 1), ref, "day")
    if m.group("thismonth"):
        return Period(ref.replace(day=1), ref, "day")
    if m.group("an") or m.group("an2"):  # "hace tres días", "two weeks ago": that day
        n = _count(m.group("an") or m.group("an2"))
        unit = m.group("au") or m.group("au2")
        return Period.day(ref - timedelta(days=n * (7 if unit.startswith(("sem", "week")) else 1)))
    if m.group("sinceago"):  # "desde hace dos semanas": from then up to the document
        n = _count(m.group("sn")) * (7 if m.group("su").startswith("sem") else 1)
        return Period(ref - timedelta(days=n), ref, "day")
    if m.group("hn") or m.group("hn2"):  # "en las últimas 48 horas": the days they cover
        hours = _count(m.group("hn") or m.group("hn2"))
        return Period(ref - timedelta(days=max(1, -(-hours // 24))), ref, "day")
    if m.group("wda") and future:  # "will remain closed on Monday and Tuesday": the coming pair
        a = ref + timedelta(days=(WEEKDAYS[m.group("wda")] - ref.weekday()) % 7)
        b = a + timedelta(days=(WEEKDAYS[m.group("wdb")] - WEEKDAYS[m.group("wda")]) % 7)
        return Period(a, b, "day")
    if m.group("wda"):  # "on Saturday and Sunday": the latest such pair up to the document
        b = ref - timedelta(days=(ref.weekday() - WEEKDAYS[m.group("wdb")]) % 7)
        a = b - timedelta(days=(WEEKDAYS[m.group("wdb")] - WEEKDAYS[m.group("wda")]) % 7)
        return Period(a, b, "day")
    if m.group("wd2"):  # "since Wednesday": from that day up to the document
        return Period(
            ref - timedelta(days=(ref.weekday() - WEEKDAYS[m.group("wd2")]) % 7), ref, "day"
        )
    if m.group("nextweekend"):  # the coming Saturday and Sunday
        sat = ref + timedelta(days=(5 - ref.weekday()) % 7 or 7)
        return Period(sat, sat + timedelta(days=1), "day")
    if m.group("weekend") and future and not _PAST_WEEKEND.search(m.group("weekend")):
        sat = ref + timedelta(days=(5 - ref.weekday()) % 7)  # the coming Saturday and Sunday
        return Period(sat, sat + timedelta(days=1), "day")
    if m.group("weekend"):  # the latest Saturday and Sunday up to the document
        sat = ref - timedelta(days=(ref.weekday() - 5) % 7)
        return Period(sat, min(sat + timedelta(days=1), max(ref, sat)), "day")
    wd = m.group("wd1")
    if wd:
        back = (ref.weekday() - WEEKDAYS[wd]) % 7
        # "on Tuesday" in a Tuesday story is that day (wire usage: "said on Tuesday" is
        # today); "last Tuesday" and "el pasado martes" are the one before it; "este jueves"
        # the nearest Thursday, up to three days ahead ("un paro para este jueves").
        ahead = (WEEKDAYS[wd] - ref.weekday()) % 7
        if m.group("wdpre") in ("este", "esta", "this") and 0 < ahead <= 3 and ahead < back:
            return Period.day(ref + timedelta(days=ahead))
        if m.group("wdpre") in ("next", "el proximo", "this coming"):
            # "next Friday", "el próximo domingo": the coming one (never today)
            return Period.day(ref + timedelta(days=ahead or 7))
        if future and m.group("wdpre") not in ("last", "el pasado", "el ultimo", "this past"):
            return Period.day(ref + timedelta(days=ahead or 7))  # "se reanudará el viernes"
        if back == 0 and (
            m.group("wdpre") in ("last", "el pasado", "el ultimo", "this past") or m.group("wdpost")
        ):
            back = 7
        return Period.day(ref - timedelta(days=back))
    return None


_CLAUSE_BREAK = re.compile(
    r";|: (?![-−]?\d)|—| – | - |\b(?:while|whereas|but|mientras|pero|sin embargo)\b"
    r"|,\s(?:y|e|and)\s(?:el|on|in|en)\s+(?=\d)"
    r"|,?\s(?:y|and)\s(?:que|that)\s"  # "recordó que en diciembre ..., y que la semana pasada"
    # ", y en enero de 1781 ...", ", and on April 3 columns massacred ..."
    rf"|,\s(?:y|e|and)\s(?:en|in|el|on)\s+(?=(?i:{_MONTH_ALT})\b)"
    # ", y el Sábado de Gloria, 19 de abril, ...": a coordinated clause on another day
    r"|,\s(?:y|e|and)\s(?:el|on)\s+(?=(?i:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado"
    r"|domingo|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)"
    # ", y en la región Tacna agricultores ... marcharon el 25": a clause about another place
    r"|,\s(?:y|e|and)\s(?:en|in)\s+(?:la\s+|el\s+|the\s+)?(?:regi[oó]n|provincia|distrito"
    r"|region|province|district)\b"
)  # ", y el 9 de diciembre ...": a coordinated clause with its own date


def clause_cuts(sentence: str) -> list[int]:
    """Where a sentence's clauses start and end (for event_period; compute once per sentence)."""
    if not any(w in sentence for w in _CLAUSE_BREAK_WORDS):
        return [0, len(sentence) + 1]  # most sentences: no break, and no regex pass over them
    return [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence) + 1]


# Every _CLAUSE_BREAK match contains one of these: none of them in a sentence, no break in it.
_CLAUSE_BREAK_WORDS = (";", ": ", "—", " – ", " - ", "while", "whereas", "but", "mientras", "pero",
                       "sin embargo", ", y ", ", e ", ", and ", " y que ",
                       " and that ")  # fmt: skip


def event_dates(dates: list[DateMention]) -> list[DateMention]:
    """The dates that can date an event: the day a source spoke yields to any other date ("fell
    in January ..., the ministry said on Sunday": the event is January's)."""
    if len(dates) > 1 and any(d.report for d in dates) and not all(d.report for d in dates):
        return [d for d in dates if not d.report]
    return dates


def event_period(
    sentence: str,
    mention_start: int,
    ref: Period | None,
    dates: list[DateMention] | None = None,
    cuts: list[int] | None = None,
    mention_end: int | None = None,
    events_only: bool = False,
) -> Period | None:
    """The period of the event a place mention (at an offset in its sentence) refers to.

    A date in the mention's own clause wins, then the nearest one in the sentence; with none
    stated, the document's own period. dates must be sorted by start (find_dates does), and
    cuts, when given, is clause_cuts(sentence): with both, the cost per mention is a bisection,
    not a pass over the sentence (a 1 MB list of places has one sentence). events_only says
    dates is event_dates(...) already (the extractor filters once per sentence, not per place).
    """
    if dates is None:
        dates = find_dates(sentence, ref)
    if not dates:
        return ref
    if not events_only:
        dates = event_dates(dates)
    if cuts is None:
        cuts = clause_cuts(sentence)
    k = bisect_right(cuts, mention_start)
    lo_pos, hi_pos = cuts[k - 1], cuts[k] if k < len(cuts) else len(sentence) + 1
    starts = [d.start for d in dates] if len(dates) < 8 else _starts(dates)
    lo, hi = bisect_left(starts, lo_pos), bisect_left(starts, hi_pos)
    pool = (lo, hi) if lo < hi else (0, len(dates))

    def distance(d: DateMention) -> int:
        if d.start <= mention_start < d.end:
            return 0
        if d.start > mention_start:  # counted from the name's end: "Miraflores (January 15)"
            return d.start - (mention_end if mention_end is not None else mention_start)
        return mention_start - d.end

    # The nearest date is next to the mention's position among the sorted starts.
    i = bisect_right(starts, mention_start, pool[0], pool[1])
    near = [dates[j] for j in (i - 2, i - 1, i, i + 1) if pool[0] <= j < pool[1]]
    return min(near, key=distance).period


_STARTS_CACHE: dict[int, tuple[list[DateMention], list[int]]] = {}


def _starts(dates: list[DateMention]) -> list[int]:
    """Sorted starts of a long date list, remembered for the list being read."""
    hit = _STARTS_CACHE.get(id(dates))
    if hit is None or hit[0] is not dates:
        _STARTS_CACHE.clear()
        hit = _STARTS_CACHE[id(dates)] = (dates, [d.start for d in dates])
    return hit[1]


_URL_DATE_RE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>0[1-9]|1[0-2])(?:[/-](?P<d>0[1-9]|[12]\d|3[01]))?(?:/|\b)"
)
_URL_RE = re.compile(r"https?://\S+")


def document_period(text: str, url: str | None = None) -> Period | None:
    """The document's own date: from its URL (/2023/05/) or a dateline in its first lines."""
    urls = [url] if url else []
    head = text[:2000]
    urls += _URL_RE.findall(head[:500])
    for u in urls:
        m = _URL_DATE_RE.search(u)
        if m:
            y, mo = int(m["y"]), int(m["m"])
            if m["d"]:
                try:
                    return Period.day(date(y, mo, int(m["d"])))
                except ValueError:
                    pass
            return Period.month(y, mo)
    # A dateline: the first full date with a year in the first few lines.
    # A dateline sits in the first lines, near their start ("LIMA, 3 de marzo de 2024.-").
    first_lines = "\n".join(line[:160] for line in head.splitlines()[:4])
    found = find_dates(first_lines, None)
    for d in found:
        if d.period.precision == "day":
            return d.period
    # A month-only date line ("Lima, febrero de 2023", "March 2021") on the first line.
    first = head.lstrip().split("\n", 1)[0][:160]
    for d in found:
        if d.period.precision == "month" and d.start < len(first) and d.start < 60:
            return d.period
    return None


def document_date(text: str, url: str | None = None) -> date | None:
    """The document date as a single day (the first day of a month- or year-precise date)."""
    p = document_period(text, url)
    return p.start if p else None
