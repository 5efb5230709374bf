"""The gazetteer: INEI units (ubigeo hierarchy), populated places and aliases, indexed by name."""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator, Mapping
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from geo.model import Unit
from geo.textnorm import name_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEVEL_OF_LENGTH = {2: "department", 4: "province", 6: "district"}


class Entry(NamedTuple):
    """One reading of a name: an admin unit itself, or a populated place inside a district.

    A named tuple, not a dataclass: the index holds about 100,000 of them and loads them from
    its cache as plain tuples.
    """

    ubigeo: str
    kind: str  # department | province | district | place | locality | nonplace
    name: str
    place: str | None = None  # the populated place's display name, for place and locality
    population: int = 0
    curated: bool = False  # a hand-checked city (spans districts; resolves to its capital district)
    nonplace_kind: str | None = None  # person, foreign, mine... for kind == "nonplace"
    common: bool = False  # a locality named like an ordinary word, saint or surname


class Readings(NamedTuple):
    """What the extractor asks of a name's readings at every mention, worked out once per name."""

    entries: tuple[Entry, ...]
    localities_only: bool  # only locality readings (an EntryIndex; False for a plain mapping)
    peruvian: tuple[Entry, ...]  # the readings that are places (no "nonplace")
    person: bool  # one reading is a person (data/nonplaces.csv)
    foreign: bool  # one reading is a place abroad (data/nonplaces.csv: Arica, La Paz)
    nonplace: bool  # one reading is a non-place (person, foreign place, landmark)
    units_or_towns: tuple[Entry, ...]  # peruvian without the localities


class EntryIndex(Mapping[str, tuple[Entry, ...]]):
    """Name key -> its readings, materialised as Entry tuples the first time a key is read."""

    __slots__ = ("_cache", "_raw")

    def __init__(self, raw: dict[str, tuple[tuple, ...]]):
        self._raw = raw
        self._cache: dict[str, tuple[Entry, ...]] = {}

    def __getitem__(self, key: str) -> tuple[Entry, ...]:
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = tuple(map(Entry._make, self._raw[key]))
        return hit

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def localities_only(self, key: str) -> bool:
        """True when every reading of the name is a locality (no unit, town or non-place)."""
        return all(r[1] == "locality" for r in self._raw[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class Gazetteer:
    """All of Peru's INEI units and places, with a name index for one-pass matching."""

    def __init__(
        self,
        units: dict[str, Unit],
        entries_by_key: Mapping[str, tuple[Entry, ...]],
        automaton: ahocorasick.Automaton | None = None,
    ):
        self.units = units
        self.index = entries_by_key
        self.keys = list(entries_by_key)
        # One Aho-Corasick automaton over every name: the whole gazetteer matched in one pass.
        self.automaton = automaton if automaton is not None else build_automaton(self.keys)
        self._children: dict[str, list[Unit]] = defaultdict(list)
        self._readings: dict[str, Readings] = {}
        for code, u in units.items():
            if len(code) > 2:
                self._children[code[: len(code) - 2]].append(u)

    def scan(self, folded: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, key) of every name in folded text: leftmost-longest, whole words only.

        Every character that is not a letter or digit becomes a space (one for one, so offsets
        stay) and each key is stored with a space on either side: a match starts and ends on
        word boundaries, and between the words of a name the text has exactly one space, hyphen
        or apostrophe ("Rupa-Rupa"), never a full stop or a comma ("Lima. Cusco" is two
        names). The automaton reports every match in one pass; the longest of those starting
        leftmost wins, and a match may start on the space that closed the previous one, so
        two names one space apart ("Lima Callao") are both found.
        """
        spaced = folded.translate(_SPACE_TABLE)
        if not spaced.isascii():  # a rare symbol the table does not know
            spaced = _NON_WORD.sub(" ", spaced)
        keys = self.keys
        found = []
        for end_idx, i in self.automaton.iter(" " + spaced + " "):
            n = len(keys[i])
            found.append((end_idx - n - 1, -n, i))  # stream start = text start of the name
        found.sort()
        last_end = -1
        for start, neg, i in found:
            if start >= last_end:
                last_end = start - neg  # the end in text offsets (exclusive)
                yield start, last_end, keys[i]

    def readings(self, key: str) -> Readings:
        """The readings of a name key and the facts about them the extractor needs, memoised."""
        hit = self._readings.get(key)
        if hit is None:
            index = self.index
            entries = index[key]
            peruvian = tuple(c for c in entries if c.kind != "nonplace")
            hit = self._readings[key] = Readings(
                entries,
                isinstance(index, EntryIndex) and index.localities_only(key),
                peruvian,
                any(c.nonplace_kind == "person" for c in entries),
                any(c.nonplace_kind == "foreign" for c in entries),
                len(peruvian) < len(entries),
                tuple(c for c in peruvian if c.kind != "locality"),
            )
        return hit

    def unit(self, code: str) -> Unit:
        """The unit with this ubigeo code (KeyError when unknown)."""
        return self.units[code]

    def children(self, code: str) -> list[Unit]:
        """The provinces of a department or the districts of a province, in code order."""
        return sorted(self._children.get(code, []), key=lambda u: u.ubigeo)

    def departments(self) -> list[Unit]:
        """The 25 department-level units (Callao included), in code order."""
        return sorted(
            (u for u in self.units.values() if u.level == "department"), key=lambda u: u.ubigeo
        )

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Every reading of a name, accent- and case-insensitively."""
        return self.index.get(name_key(name), ())


_NON_WORD = re.compile(r"[\W_]")
# Punctuation and symbols to spaces, one for one: what scan needs, without a regex per document.
_SPACE_TABLE = {
    cp: " "
    for cp in (*range(0, 48), *range(58, 65), *range(91, 97), *range(123, 192))
    if not chr(cp).isalnum()
} | {ord(c): " " for c in "“”‘’–—…«»¿¡•·€£×÷\u00a0\u2009\u200b\u2022\u2026\u2032\u2033"}


def build_automaton(keys: list[str]) -> ahocorasick.Automaton:
    """The Aho-Corasick automaton over the index keys (value: position in keys), as scan reads."""
    auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for i, key in enumerate(keys):
        auto.add_word(" " + key + " ", i)
    auto.make_automaton()
    return auto


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _read_units(path: Path) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for r in _read_csv(path):
        units[r["ubigeo"]] = Unit(
            ubigeo=r["ubigeo"],
            level=r["level"],
            name=r["name"],
            department=r["department"],
            province=r["province"] or None,
            district=r["district"] or None,
            lat=float(r["lat"]),
            lon=float(r["lon"]),
        )
    return units


_VARIANT_RULES = (
    (re.compile(r"qu(?=[ie])"), "k"),  # Pichanaqui -> Pichanaki
    (re.compile(r"k(?=[ie])"), "qu"),  # Kimbiri -> Quimbiri
    (re.compile(r"cc(?=[aeiou])"), "c"),  # Ccollpa -> Collpa
    (re.compile(r"uhe\b"), "ue"),  # Huepetuhe -> Huepetue
    (re.compile(r"(?<=[^aeiou\s]u)e\b"), "he"),  # Huepetue -> Huepetuhe
    (re.compile(r"\bhu(?=[aei])"), "w"),  # Huaman -> Waman (Quechua's modern alphabet)
)


def spelling_variants(key: str) -> set[str]:
    """Other ways the press writes a folded name: k/qu, cc/c, a silent h, joined compounds."""
    out = {rule.sub(repl, key) for rule, repl in _VARIANT_RULES}
    toks = key.split()
    if len(toks) == 2 and min(len(t) for t in toks) >= 4:
        out.add("".join(toks))  # Machu Picchu -> Machupicchu
    out.discard(key)
    return {v for v in out if len(v) >= 4}


def _is_spelling_variant(alt: str, main: str) -> bool:
    """True for a same-length-ish respelling of a name, like Cuzco for Cusco or Abancai."""
    if len(alt) < 5 or alt == main or alt.count(" ") != main.count(" "):
        return False
    return SequenceMatcher(None, alt, main).ratio() >= 0.8


DATA_FILES = ("units.csv", "places.csv", "aliases.csv", "nonplaces.csv", "localities.csv")
_CODE_FILES = (Path(__file__), Path(__file__).with_name("textnorm.py"))


def _default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("peru-event-map", appauthor=False))


def _digest(d: Path) -> str:
    """A hash of the data files and of the code that indexes them: the cache's key."""
    h = hashlib.sha256(ahocorasick.__name__.encode())
    for path in [*(d / n for n in DATA_FILES), *_CODE_FILES]:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.exists() else b"-")
    return h.hexdigest()[:20]


def load_gazetteer(data_dir: Path | None = None, cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer of data/, from its prebuilt index in the cache, built there if missing.

    The index (about 100,000 names and their automaton) takes seconds to build from the CSV
    files and well under one to load from the cache; the cache file is named by a hash of the
    data and the indexing code, so any change rebuilds it. A cache that cannot be written
    (read-only home) only costs the build time.
    """
    d = Path(data_dir) if data_dir else DATA_DIR
    path = (cache_dir or _default_cache_dir()) / f"gazetteer-{_digest(d)}.pickle"
    try:
        with path.open("rb") as fh:
            units, raw, automaton = pickle.load(fh)
        return Gazetteer(units, EntryIndex(raw), automaton)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    units, raw = build_index(d)
    gaz = Gazetteer(units, EntryIndex(raw))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((units, raw, gaz.automaton), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return gaz


def build_index(d: Path) -> tuple[dict[str, Unit], dict[str, tuple[tuple, ...]]]:
    """Read the CSV files of d and index every name, alias and spelling variant (slow path)."""
    units = _read_units(d / "units.csv")
    index: dict[str, list[Entry]] = defaultdict(list)

    def add(key: str, entry: Entry) -> None:
        if key and entry not in index[key]:
            index[key].append(entry)

    for u in units.values():
        add(name_key(u.name), Entry(u.ubigeo, u.level, u.name))

    alt_keys: list[tuple[str, Entry]] = []
    places = d / "places.csv"
    if places.exists():
        for r in _read_csv(places):
            code = r["ubigeo"]
            if code not in units:
                continue
            entry = Entry(
                code,
                "place",
                r["name"],
                place=r["name"],
                population=int(float(r["population"] or 0)),
                curated=r.get("source") == "curated",
            )
            main = name_key(r["name"])
            add(main, entry)
            for alt in filter(None, (r.get("alt_names") or "").split("|")):
                # Curated rows carry hand-checked aliases (Aguas Calientes, Huamanga).
                # "El Callao" is the article plus the name: matched as Callao with all its readings.
                if name_key(alt).split(" ", 1)[0] in ("el", "la", "los", "las"):
                    continue
                if entry.curated or _is_spelling_variant(name_key(alt), main):
                    alt_keys.append((name_key(alt), entry))

    # Alternate names only where they are spellings of the same name (Cuzco, Jurimaguas) and not
    # another place's own name: GeoNames lists surnames and foreign forms too ("Maldonado").
    for key, entry in alt_keys:
        if key not in index or entry.curated:  # "Huamanga" is Ayacucho city and a province
            add(key, entry)

    aliases = d / "aliases.csv"
    if aliases.exists():
        for r in _read_csv(aliases):
            key, target = name_key(r["alias"]), r["target"].strip()
            if target.isdigit():
                u = units[target]
                add(key, Entry(u.ubigeo, u.level, u.name))
            else:
                for e in list(index.get(name_key(target), ())):
                    add(key, e)

    # Localities (caseríos, anexos, comunidades): a reading of their name, used with support.
    localities = d / "localities.csv"
    if localities.exists():
        for r in _read_csv(localities):
            code = r["ubigeo"]
            if code not in units:
                continue
            entry = Entry(code, "locality", r["name"], place=r["name"], common=r["common"] == "1")
            for name in (r["name"], *filter(None, r["alt_names"].split("|"))):
                key = name_key(name)
                # "El Cercado" is indexed as "cercado": an article must not make a locality
                # start before a longer name ("Cercado de Lima") and win the match.
                head, _, rest = key.partition(" ")
                if rest and head in ("el", "la", "los", "las"):
                    key = rest
                index[key].append(entry)

    # Spellings real text uses for the same name (Pichanaki/Pichanaqui, Huepetue/Huepetuhe,
    # Collpa/Ccollpa, Machupicchu/Machu Picchu): a variant only where no place has it as its name.
    # A variant may also join a name only localities carry ("Tambogrande" for Tambo Grande).
    variants: dict[str, list[Entry]] = defaultdict(list)
    for key, entries in index.items():
        for v in spelling_variants(key):
            if v not in index:
                variants[v].extend(e for e in entries if e.kind != "nonplace")
            elif all(e.kind == "locality" for e in index[v]):
                variants[v].extend(e for e in entries if e.kind not in ("nonplace", "locality"))
    for key, entries in variants.items():
        if entries:
            index[key] = list(dict.fromkeys([*entries, *index.get(key, ())]))

    # Names that look like places but are people, foreign places or landmarks: they enter the
    # index so longest-match consumes them ("Santa Rosa de Lima" is the saint, not two places).
    nonplaces = d / "nonplaces.csv"
    if nonplaces.exists():
        for r in _read_csv(nonplaces):
            add(name_key(r["name"]), Entry("", "nonplace", r["name"], nonplace_kind=r["kind"]))

    return units, {k: tuple(map(tuple, v)) for k, v in index.items() if v}
