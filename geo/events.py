"""What happened at a place: event types, fatalities and injured from a sentence (EN and ES).

The taxonomy is data (data/event_types.csv, data/event_terms.csv, data/event_cues.csv) so an
analyst can add a term without touching code. A term is a sequence of folded words; a word
ending in ``*`` is a stem (``bloque*`` matches bloqueo, bloquearon, bloqueada) and ``~``
stands for up to three words. Terms of both languages apply to every sentence (news mixes
them and the lists barely overlap). A type counts unless a negation or hypothetical cue
stands before its term in the same clause ("no se registraron enfrentamientos", "could lead
to protests") or the sentence opens with a condition ("Si no hay acuerdo, ..."). Numbers of
dead and injured are read only from the sentence itself: digits and number words next to a
death or injury cue ("14 muertos", "dejó dos fallecidos", "killed three soldiers").
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo.textnorm import fold, fold_fast, trie_alternation

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
OTHER = "other"
GAP = "~"
MAX_GAP = 3
NEG_WINDOW = 6  # words before a term that a negation or hypothetical cue may stand in
CUE_ROLES = frozenset(
    {
        "negation",
        "hypothetical",
        "if_clause",
        "clause_break",
        "dead",
        "kill",
        "toll",
        "injured",
        "injure",
        "passive",
        "person",
        "sf_actor",
        "sf_force",
    }
)
EXCLUDE = "none"  # a phrase that only hides the terms inside it ("paro cardiaco", "en marcha")
SF_TYPE = "security_force_violence"


class TaxonomyError(ValueError):
    """A taxonomy file is missing, malformed or names an unknown type or role."""


@dataclass(frozen=True, slots=True)
class EventType:
    """One type of the taxonomy: its id, labels in both languages and map colour."""

    id: str
    label: str
    label_es: str
    colour: str
    description: str


@dataclass(frozen=True, slots=True)
class Term:
    """A keyword or cue: its role (a type id, 'none' or a cue role) and folded word pattern."""

    role: str
    lang: str
    text: str
    words: tuple[tuple[str, bool], ...]  # (word, is_stem); GAP for "any up to three words"
    example: str


@dataclass(frozen=True, slots=True)
class EventInfo:
    """What the classifier says about a sentence: types (never empty), dead and injured."""

    types: tuple[str, ...] = (OTHER,)
    fatalities: int | None = None
    injured: int | None = None


@dataclass(frozen=True)
class Taxonomy:
    """Event types and the term and cue lists, indexed by first word for a fast scan."""

    types: tuple[EventType, ...]
    terms: tuple[Term, ...]
    exact: dict[str, tuple[Term, ...]] = field(repr=False)
    stems: dict[str, tuple[Term, ...]] = field(repr=False)
    # Matches where a type term, a casualty cue or a security-force actor can start: text
    # without any match has no type and no numbers, and is not scanned further.
    trigger: re.Pattern[str] = field(repr=False, compare=False)
    # token -> the terms that can start at it; filled as text is read (bounded below)
    seen: dict[str, tuple[Term, ...]] = field(default_factory=dict, repr=False, compare=False)

    def starting_at(self, tok: str) -> tuple[Term, ...]:
        """Terms whose first word matches the token (exact word or stem), memoised."""
        hit = self.seen.get(tok)
        if hit is None:
            hit = self.exact.get(tok, ())
            more = self.stems.get(tok[:3])
            if more:
                hit = hit + tuple(t for t in more if tok.startswith(t.words[0][0]))
            if len(self.seen) > 200_000:
                self.seen.clear()
            self.seen[tok] = hit
        return hit

    @property
    def ids(self) -> tuple[str, ...]:
        """Type ids in the taxonomy's order (the order multi-label results use)."""
        return tuple(t.id for t in self.types)

    def label(self, type_id: str) -> str:
        """The English label of a type id (the id itself when unknown)."""
        for t in self.types:
            if t.id == type_id:
                return t.label
        return type_id

    def colour(self, type_id: str) -> str:
        """The map colour of a type id (grey when unknown)."""
        for t in self.types:
            if t.id == type_id:
                return t.colour
        return "#9e9e9e"


# --- loading -----------------------------------------------------------------------------------
# Words (digits keep their separators: "1,200", "6,1") and the punctuation that ends clauses.
_TOKEN_RE = re.compile(r"\w+(?:[.,]\d+)*|[,;:()\[\].!?]")
_PUNCT = frozenset(",;:()[].!?")
_HARD_PUNCT = frozenset(";:()[].!?")
_SENTENCE_PUNCT = frozenset(".!?")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_ID_RE = re.compile(r"^[a-z][a-z_]*$")


def parse_term(text: str) -> tuple[tuple[str, bool], ...]:
    """Fold a term and split it into (word, is_stem) pairs; raise TaxonomyError when malformed."""
    out: list[tuple[str, bool]] = []
    for raw in fold(text.strip()).replace("-", " ").split():
        if raw == GAP:
            if not out:
                raise TaxonomyError(f"term {text!r} cannot start with {GAP}")
            out.append((GAP, False))
            continue
        stem = raw.endswith("*")
        word = raw.rstrip("*")
        if not word or not all(ch.isalnum() for ch in word):
            raise TaxonomyError(f"term {text!r}: {raw!r} is not a word (letters, digits, *)")
        if stem and not out and len(word) < 3:
            raise TaxonomyError(f"term {text!r}: a first-word stem needs at least 3 letters")
        out.append((word, stem))
    if not out or out[-1][0] == GAP:
        raise TaxonomyError(f"term {text!r} is empty or ends with {GAP}")
    return tuple(out)


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        raise TaxonomyError(f"{path}: missing")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise TaxonomyError(f"{path}: columns must be {','.join(columns)}")
        rows = []
        for n, row in enumerate(reader, start=2):
            if any(v is None for v in row.values()):
                raise TaxonomyError(f"{path}:{n}: wrong number of fields")
            rows.append({k: (v or "").strip() for k, v in row.items()})
        return rows


def load_taxonomy(data_dir: Path | str | None = None) -> Taxonomy:
    """Read and check the taxonomy files (types, terms, cues) from data_dir (default data/)."""
    base = Path(data_dir) if data_dir is not None else DATA_DIR
    types: list[EventType] = []
    for r in _read_csv(
        base / "event_types.csv", ("type", "label", "label_es", "colour", "description")
    ):
        if not _ID_RE.match(r["type"]) or not _COLOUR_RE.match(r["colour"]):
            raise TaxonomyError(f"event_types.csv: bad type id or colour in {r}")
        types.append(EventType(r["type"], r["label"], r["label_es"], r["colour"], r["description"]))
    ids = {t.id for t in types}
    if len(ids) != len(types) or OTHER not in ids:
        raise TaxonomyError(f"event_types.csv: ids must be unique and include {OTHER!r}")
    terms: list[Term] = []
    for name, role_col, allowed in (
        ("event_terms.csv", "type", (ids - {OTHER}) | {EXCLUDE}),
        ("event_cues.csv", "role", CUE_ROLES),
    ):
        for r in _read_csv(base / name, (role_col, "lang", "term", "example")):
            role = r[role_col]
            if role not in allowed:
                raise TaxonomyError(f"{name}: unknown {role_col} {role!r} (term {r['term']!r})")
            if r["lang"] not in ("es", "en"):
                raise TaxonomyError(f"{name}: lang must be es or en (term {r['term']!r})")
            terms.append(Term(role, r["lang"], r["term"], parse_term(r["term"]), r["example"]))
    exact: dict[str, list[Term]] = {}
    stems: dict[str, list[Term]] = {}
    for t in terms:
        word, stem = t.words[0]
        (stems.setdefault(word[:3], []) if stem else exact.setdefault(word, [])).append(t)
    return Taxonomy(
        tuple(types),
        tuple(terms),
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in stems.items()},
        _trigger(terms),
    )


_TRIGGER_ROLES = frozenset({"dead", "kill", "toll", "injured", "injure", "sf_actor"})


def _trigger(terms: list[Term]) -> re.Pattern[str]:
    """One regex (character tries) over a word of every type term and casualty cue."""
    exact, stems = set(), set()
    for t in terms:
        if t.role == EXCLUDE or (t.role in CUE_ROLES and t.role not in _TRIGGER_ROLES):
            continue
        # The longest word of a term is the rarest: "the march" triggers on "march" only.
        word, stem = max((w for w in t.words if w[0] != GAP), key=lambda w: len(w[0]))
        (stems if stem else exact).add(word)
    alts = []
    if stems:
        alts.append(trie_alternation(sorted(stems)))
    if exact:
        alts.append(trie_alternation(sorted(exact)) + r"(?![^\W_])")
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alts or ["(?!)"]) + ")")


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The embedded taxonomy, loaded once per process."""
    return load_taxonomy()


# --- matching ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hit:
    """A term found in a token list: [start, end) token indexes."""

    term: Term
    start: int
    end: int


def _word_ok(tok: str, word: str, stem: bool) -> bool:
    return tok.startswith(word) if stem else tok == word


def _match(words: list[str], i: int, pat: tuple[tuple[str, bool], ...], k: int) -> int:
    """End token index of pat[k:] matched from words[i], or -1 (gaps never cross punctuation)."""
    n = len(words)
    while k < len(pat):
        w, stem = pat[k]
        if w == GAP:
            for skip in range(MAX_GAP + 1):
                if skip and (i + skip - 1 >= n or words[i + skip - 1] in _PUNCT):
                    break
                end = _match(words, i + skip, pat, k + 1)
                if end >= 0:
                    return end
            return -1
        if i >= n or not _word_ok(words[i], w, stem):
            return -1
        i += 1
        k += 1
    return i


def find_hits(words: list[str], tax: Taxonomy) -> list[Hit]:
    """Every term and cue occurrence in a list of folded tokens, in text order."""
    hits: list[Hit] = []
    seen = tax.seen
    starting_at = tax.starting_at
    # Most words start no term: test each distinct word once, then visit only the others.
    live = {w for w in set(words) if (seen[w] if w in seen else starting_at(w))}
    if not live:
        return hits
    n = len(words)
    for i in [i for i, w in enumerate(words) if w in live]:
        for term in seen[words[i]]:
            pat = term.words
            if len(pat) == 1:
                hits.append(Hit(term, i, i + 1))
                continue
            w2, stem2 = pat[1]
            if w2 != GAP:  # cheap test of the second word before the general matcher
                nxt = words[i + 1] if i + 1 < n else ""
                if not (nxt.startswith(w2) if stem2 else nxt == w2):
                    continue
            end = _match(words, i + 1, pat, 1)
            if end >= 0:
                hits.append(Hit(term, i, end))
    return hits


def _drop_contained(hits: list[Hit]) -> list[Hit]:
    """Keep the longest terms: "paro cardiaco" hides "paro", "incendio forestal" "incendio"."""
    # One sweep in start order (longest first at each start) instead of comparing every pair:
    # a hit is hidden when an earlier-starting or longer one reaches at least as far.
    hidden: set[int] = set()
    reach, reach_start = -1, -1
    for k in sorted(range(len(hits)), key=lambda k: (hits[k].start, hits[k].start - hits[k].end)):
        h = hits[k]
        if h.end < reach or (h.end == reach and reach_start < h.start):
            hidden.add(k)
        elif h.end > reach:
            reach, reach_start = h.end, h.start
    return [h for k, h in enumerate(hits) if k not in hidden]


# --- numbers -----------------------------------------------------------------------------------
_UNITS = {
    # es
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintiun": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28,
    "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
    "doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
    "cuatrocientos": 400, "quinientos": 500,
    # en
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12, "docena": 12,
}  # fmt: skip
_MULT = {"hundred": 100, "thousand": 1000, "mil": 1000}
_ARTICLES = frozenset({"un", "una", "a", "an"})
_JOIN = frozenset({"y", "and"})
# Numbers that count something other than people: ages, hours, sizes, money, years, cases.
_NOT_PEOPLE = frozenset(
    """anos ano year years old hour hours horas hora km kilometros kilometro metros metro
    hectareas hectares kilos kilograms kilogramos toneladas tonnes tons soles dolares dollars
    percent por ciento casos cases viviendas homes houses casas familias families dias days
    veces times grados degrees magnitud magnitude puntos points minutos minutes millones
    million mil millas miles""".split()
)
_MONTHS = frozenset(
    """enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre
    noviembre diciembre january february march april may june july august september october
    november december""".split()
)
_AGE_WORDS = frozenset({"year", "years", "old", "de", "anos", "ano"})


def _digits_value(tok: str) -> int | None:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", tok):
        return int(re.sub(r"[.,]", "", tok))
    if tok.isdigit():
        v = int(tok)
        return None if 1900 <= v <= 2100 else v
    return None  # decimals (6,1) are magnitudes, not people


def _number_groups(words: list[str]) -> dict[int, tuple[int, int]]:
    """Numbers in the token list: start index -> (value, end index); words and digits."""
    out: dict[int, tuple[int, int]] = {}
    i, n = 0, len(words)
    while i < n:
        tok = words[i]
        if tok[:1].isdigit():
            v = _digits_value(tok)
            if v is not None:
                out[i] = (v, i + 1)
            i += 1
            continue
        if tok in _UNITS or tok in _MULT:
            total, cur, j = 0, 0, i
            while j < n:
                t = words[j]
                if t in _UNITS:
                    cur += _UNITS[t]
                elif t in _MULT:
                    cur = max(cur, 1) * _MULT[t]
                    if _MULT[t] >= 1000:
                        total, cur = total + cur, 0
                elif t in _JOIN and j + 1 < n and words[j + 1] in _UNITS and j > i:
                    pass
                else:
                    break
                j += 1
            out[i] = (total + cur, j)
            i = j
            continue
        i += 1
    return out


# --- classification ----------------------------------------------------------------------------
class _Scan:
    """One pass over a text: tokens, every term and cue hit, clause breaks and blockers.

    Sentences and paragraphs are judged as token ranges [lo, hi) of the same scan, so a
    document is tokenised and matched once.
    """

    __slots__ = (
        "_values",
        "blockers",
        "breaks",
        "by_role",
        "cond_starts",
        "hits",

        "starts",
        "text",
        "words",
    )  # fmt: skip

    def __init__(self, text: str, folded: str, tax: Taxonomy) -> None:
        self.text = text
        self.words = words = _TOKEN_RE.findall(folded)
        self.hits = hits = find_hits(words, tax)
        self.by_role: dict[str, list[Hit]] = {}
        for h in hits:
            self.by_role.setdefault(h.term.role, []).append(h)
        self.breaks = {i for i, w in enumerate(words) if w in _PUNCT}  # _PUNCT: single chars
        if "clause_break" in self.by_role:
            self.breaks.update(h.start for h in self.by_role["clause_break"])
        self.blockers: set[int] = set()
        months_may = "May" in text and self._may_months(folded)
        for role in ("negation", "hypothetical"):
            for h in self.by_role.get(role, ()):
                if role == "hypothetical" and months_may and h.start in months_may:
                    continue  # the month, not the modal
                self.blockers.add(h.end - 1)
        self.cond_starts = {
            h.start
            for h in self.by_role.get("if_clause", ())
            if h.start == 0 or words[h.start - 1] in _SENTENCE_PUNCT
        }
        self._values: dict[int, tuple[int, int]] | None = None

    def _may_months(self, folded: str) -> set[int]:
        """Token indexes of "May" written with a capital inside a sentence (the month)."""
        out = set()
        for i, m in enumerate(_TOKEN_RE.finditer(folded)):
            if (
                m.group() == "may"
                and self.text[m.start() : m.end()] == "May"
                and i > 0
                and self.words[i - 1] not in _SENTENCE_PUNCT
            ):
                out.add(i)
        return out

    def role(self, role: str, lo: int, hi: int) -> list[Hit]:
        """Hits of a role that lie inside tokens [lo, hi)."""
        hs = self.by_role.get(role)
        if not hs:
            return []
        if lo == 0 and hi >= len(self.words):
            return hs
        return [h for h in hs if lo <= h.start and h.end <= hi]

    def numbers(self) -> dict[int, tuple[int, int]]:
        """Number groups of the whole text (start -> (value, end)), computed once."""
        if self._values is None:
            self._values = _number_groups(self.words)
        return self._values


_CONDITIONAL_SUFFIX = re.compile(r"(?:a|e|i)?r(?:ia|ian|ias)$")


def _blocked(sc: _Scan, h: Hit, lo: int) -> bool:
    """A negation or hypothetical cue before the term in its clause, a conditional sentence
    ("Si no hay acuerdo, ...") or a conditional verb ("marcharían")."""
    if sc.cond_starts:
        s = h.start
        while s > lo and sc.words[s - 1] not in _SENTENCE_PUNCT:
            s -= 1
        if s in sc.cond_starts:
            return True
    word, stem = h.term.words[0]
    if stem and _CONDITIONAL_SUFFIX.fullmatch(sc.words[h.start][len(word) :] or "-"):
        return True
    for p in range(h.start - 1, max(lo - 1, h.start - 1 - NEG_WINDOW), -1):
        if p in sc.breaks:
            return False
        if p in sc.blockers:
            return True
    return False


def _sf_combo(sc: _Scan, lo: int, hi: int) -> bool:
    """Security forces as the ones using force: "police fired", "shot by soldiers"."""
    actors = [h for h in sc.role("sf_actor", lo, hi) if not _blocked(sc, h, lo)]
    if not actors:
        return False
    forces = [h for h in sc.role("sf_force", lo, hi) if not _blocked(sc, h, lo)]
    if not forces:
        return False
    passive = {h.start for h in sc.role("passive", lo, hi)}
    for f in forces:
        for a in actors:
            if a.end <= f.start <= a.end + 2:  # the forces as subject: "police fired"
                gap = range(a.end, f.start)
                if not any(p in passive or p in sc.breaks for p in gap):
                    return True
            if f.end <= a.start <= f.end + 5:
                between = sc.words[f.end : a.start]
                if any(w in ("by", "por", "de", "del", "of") for w in between) and not any(
                    w in _PUNCT for w in between
                ):
                    return True
    return False


def _types(sc: _Scan, lo: int, hi: int) -> set[str]:
    """Type ids asserted in tokens [lo, hi) (empty when none)."""
    typed = [h for h in sc.hits if lo <= h.start and h.end <= hi and h.term.role not in CUE_ROLES]
    found = set()
    for h in _drop_contained(typed):
        if h.term.role != EXCLUDE and not _blocked(sc, h, lo):
            found.add(h.term.role)
    if SF_TYPE not in found and _sf_combo(sc, lo, hi):
        found.add(SF_TYPE)
    return found


def _article_one(sc: _Scan, i: int, hi: int, cue_starts: set[int], persons: set[int]) -> bool:
    """'un/una/a/an' that counts one victim: "un muerto", "a protester", "a 23-year-old man"."""
    skipped = 0
    j = i + 1
    while j < hi:
        if j in persons or j in cue_starts:
            return True
        w = sc.words[j]
        if w[:1].isdigit() or w in _AGE_WORDS:
            j += 1
            continue
        if w in _PUNCT or w in _UNITS or w in _ARTICLES or skipped >= 2:
            return False
        skipped += 1
        j += 1
    return False


def _numbers(sc: _Scan, lo: int, hi: int) -> tuple[int | None, int | None]:
    """Dead and injured stated in tokens [lo, hi), each number read once."""
    cue_roles = ("dead", "kill", "toll", "injured", "injure")
    # "shot dead" is one cue, not "shot dead" and "dead".
    cues = sorted(
        _drop_contained(
            [h for r in cue_roles for h in sc.role(r, lo, hi) if not _blocked(sc, h, lo)]
        ),
        key=lambda h: (h.start, -h.end),
    )
    if not cues:
        return None, None
    words = sc.words
    persons = {h.start for h in sc.role("person", lo, hi)}
    cue_starts = {h.start for h in cues}
    values: dict[int, int] = {}
    for i, (v, end) in sc.numbers().items():
        if i < lo or i >= hi:
            continue
        nxt = words[end] if end < hi else ""
        prev = words[i - 1] if i > lo else ""
        after = words[end + 1] if end + 1 < hi else ""
        if nxt in _NOT_PEOPLE or nxt in _MONTHS or prev in _MONTHS:
            continue
        if nxt == "de" and after in _MONTHS:
            continue
        values[i] = v
    for i in range(lo, hi):
        if (
            words[i] in _ARTICLES
            and i not in values
            and _article_one(sc, i, hi, cue_starts, persons)
        ):
            values[i] = 1
    passive = {h.start for h in sc.role("passive", lo, hi)}
    used: set[int] = set()
    totals: dict[str, int | None] = {"dead": None, "injured": None}

    def back(h: Hit, window: int) -> int | None:
        for p in range(h.start - 1, max(lo - 1, h.start - 1 - window), -1):
            if words[p] in _HARD_PUNCT or (p in sc.breaks and words[p] not in _PUNCT):
                return None
            if p in values:
                return p if p not in used else None
        return None

    def fwd(h: Hit, window: int) -> int | None:
        for p in range(h.end, min(hi, h.end + window)):
            if words[p] in _HARD_PUNCT:
                return None
            if p in values and p not in used:
                return p
        return None

    for h in cues:
        role = h.term.role
        kind = "dead" if role in ("dead", "kill", "toll") else "injured"
        before = h.start - 1
        if before >= lo and before in values and before not in used:
            pos: int | None = before
        elif role in ("kill", "injure"):
            if any(p in passive for p in (h.start - 1, h.start - 2)):
                pos = back(h, 6)
            else:
                pos = fwd(h, 4)
                if pos is None:
                    pos = back(h, 6)
        elif role == "toll":
            pos = fwd(h, 12)
        else:
            pos = back(h, 6)
            if pos is None:
                pos = fwd(h, 8)
        if pos is None:
            continue
        used.add(pos)
        totals[kind] = (totals[kind] or 0) + values[pos]
    return totals["dead"], totals["injured"]


def _order(found: set[str], tax: Taxonomy) -> tuple[str, ...]:
    if not found:
        return (OTHER,)
    return tuple(t.id for t in tax.types if t.id in found)


def classify(sentence: str, taxonomy: Taxonomy | None = None) -> EventInfo:
    """Types (multi-label, 'other' when none), fatalities and injured of one sentence."""
    tax = taxonomy or default_taxonomy()
    sc = _Scan(sentence, fold_fast(sentence), tax)
    n = len(sc.words)
    dead, hurt = _numbers(sc, 0, n)
    return EventInfo(_order(_types(sc, 0, n), tax), dead, hurt)


class DocumentEvents:
    """Per-document classifier: a mention's sentence first, its paragraph when it says nothing.

    When the sentence names no event, the nearest sentences of the same paragraph that do
    give the types (the one before and the one after at equal distance); numbers are never
    borrowed. Each sentence is analysed once, however many mentions it holds.
    """

    def __init__(
        self,
        text: str,
        folded: str | None = None,
        sentences: list[tuple[int, int]] | None = None,
        taxonomy: Taxonomy | None = None,
    ):
        self.text = text
        self.folded = fold_fast(text) if folded is None else folded
        self.tax = taxonomy or default_taxonomy()
        self.sentences = sentences if sentences is not None else split_paragraph_sentences(text)
        self._starts = [a for a, _ in self.sentences]
        self._info: dict[int, tuple[set[str], int | None, int | None]] = {}
        self._done: dict[int, EventInfo] = {}
        self._para_sep = sep = "\n\n" if "\n\n" in text else "\n"
        # Where the paragraph separator occurs: a bisection answers "same paragraph?" instead
        # of a slice of the text between the sentences (quadratic on a long paragraph).
        self._seps: list[int] = []
        k = text.find(sep)
        while k >= 0:
            self._seps.append(k)
            k = text.find(sep, k + 1)

    def _analyse(self, i: int) -> tuple[set[str], int | None, int | None]:
        hit = self._info.get(i)
        if hit is None:
            s0, s1 = self.sentences[i]
            hit = (set(), None, None)
            if self.tax.trigger.search(self.folded, s0, s1):
                sc = _Scan(self.text[s0:s1], self.folded[s0:s1], self.tax)
                n = len(sc.words)
                hit = (_types(sc, 0, n), *_numbers(sc, 0, n))
            self._info[i] = hit
        return hit

    def _same_paragraph(self, a: int, b: int) -> bool:
        lo, hi = sorted((a, b))
        start, end = self.sentences[lo][1], self.sentences[hi][0]
        k = bisect_left(self._seps, start)
        return k == len(self._seps) or self._seps[k] + len(self._para_sep) > end

    def at(self, s0: int, s1: int) -> EventInfo:
        """The EventInfo of the sentence starting at s0, typed from its paragraph if needed."""
        i = max(0, bisect_right(self._starts, s0) - 1)
        done = self._done.get(i)
        if done is not None:
            return done
        found, dead, hurt = self._analyse(i)
        if not found:
            n = len(self.sentences)
            for dist in range(1, n):
                near = [j for j in (i - dist, i + dist) if 0 <= j < n]
                near = [j for j in near if self._same_paragraph(i, j)]
                if not near:
                    break
                borrowed = set().union(*(self._analyse(j)[0] for j in near))
                if borrowed:
                    found = borrowed
                    break
        info = self._done[i] = EventInfo(_order(found, self.tax), dead, hurt)
        return info


def split_paragraph_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans at . ! ? and line breaks (the extractor passes its own finer split)."""
    spans = []
    a = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > a:
            spans.append((a, m.start()))
        a = m.end()
    if a < len(text):
        spans.append((a, len(text)))
    return spans or [(0, len(text))]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*")
