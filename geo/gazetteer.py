"""The gazetteer: INEI units (ubigeo hierarchy), populated places and aliases, indexed by name."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from geo.model import Unit
from geo.textnorm import name_key, trie_pattern

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEVEL_OF_LENGTH = {2: "department", 4: "province", 6: "district"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a name: an admin unit itself, or a populated place inside a district."""

    ubigeo: str
    kind: str  # department | province | district | place | nonplace
    name: str
    place: str | None = None  # the populated place's display name, for kind == "place"
    population: int = 0
    curated: bool = False  # a hand-checked city (spans districts; resolves to its capital district)
    nonplace_kind: str | None = None  # person, foreign, mine... for kind == "nonplace"


class Gazetteer:
    """All of Peru's INEI units and places, with a name index for one-pass matching."""

    def __init__(self, units: dict[str, Unit], entries_by_key: dict[str, tuple[Entry, ...]]):
        self.units = units
        self.index = entries_by_key
        # One regex over every name, built as a trie: the whole gazetteer matched in one pass.
        self.pattern = re.compile(trie_pattern(list(entries_by_key)))
        self._children: dict[str, list[Unit]] = defaultdict(list)
        for code, u in units.items():
            if len(code) > 2:
                self._children[code[: len(code) - 2]].append(u)

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


def _is_spelling_variant(alt: str, main: str) -> bool:
    """True for a same-length-ish respelling of a name, like Cuzco for Cusco or Abancai."""
    if len(alt) < 5 or alt == main or alt.count(" ") != main.count(" "):
        return False
    return SequenceMatcher(None, alt, main).ratio() >= 0.8


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Load units.csv, places.csv and aliases.csv from data/ and index every name and alias."""
    d = Path(data_dir) if data_dir else DATA_DIR
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
        if key not in index:
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

    # Names that look like places but are people, foreign places or landmarks: they enter the
    # index so longest-match consumes them ("Santa Rosa de Lima" is the saint, not two places).
    nonplaces = d / "nonplaces.csv"
    if nonplaces.exists():
        for r in _read_csv(nonplaces):
            add(name_key(r["name"]), Entry("", "nonplace", r["name"], nonplace_kind=r["kind"]))

    frozen = {k: tuple(v) for k, v in index.items() if v}
    return Gazetteer(units, frozen)
