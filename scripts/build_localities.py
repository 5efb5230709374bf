"""Build data/localities.csv: Peru's named localities (caseríos, anexos, comunidades, towns).

Regenerate with:  python scripts/build_localities.py  [--source CSV] [--out data]

Source: ../shared/gazetteer/geonames-postal-pe/pe_postal_places.csv, the GeoNames postal-code
dump for Peru (CC BY 4.0, "contains data from GeoNames"), cleaned upstream (see its README).
This script filters it and adds what the geoparser needs to read real text:

- rows whose code is not an INEI district are kept at province level when the pseudo-code
  says which province (120699 "Mazamari - Pangoa" -> Satipo, 1206); others are dropped;
- a locality named exactly like its own district adds nothing (the district is in units.csv);
- a point is kept only when it belongs to this locality alone (coord_shared == 1): the shared
  points are postal-zone placeholders, and the district's own point is the honest fallback;
- prefixes the source writes and the press leaves out (or the reverse) give a second name:
  "Comunidad Nativa X" -> X, "Centro Poblado X" -> X, "Caserío X" -> X, "Anexo X" -> X;
- `common` marks names that are also ordinary Spanish or English words, saints or frequent
  surnames (word frequency from the wordfreq package, build time only): the extractor asks
  those for a stronger support (a cue, or their district or province named) than the rest.

Output is sorted, so running the script twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "gazetteer" / "geonames-postal-pe" / "pe_postal_places.csv"
FIELDS = ["name", "alt_names", "ubigeo", "lat", "lon", "common"]

# Pseudo-codes of the source that still name one province (hand-checked against its README).
PSEUDO_PROVINCE = {"120699": "1206"}

# Prefixes that describe the kind of locality rather than name it (folded, token tuples).
PREFIXES = (
    ("comunidad", "nativa"),
    ("comunidad", "campesina"),
    ("comunidad",),
    ("centro", "poblado"),
    ("c", "p"),
    ("cp",),
    ("c", "n"),
    ("cc", "nn"),
    ("cc", "pp"),
    ("caserio",),
    ("anexo",),
    ("asentamiento", "humano"),
    ("aa", "hh"),
    ("pueblo", "joven"),
    ("hacienda",),
    ("fundo",),
    ("barrio",),
    ("sector",),
    ("urbanizacion",),
    ("urb",),
)
# Names that begin like a road, a square or a building are not localities of their own.
NOT_LOCALITY_FIRST = {
    "carretera", "avenida", "av", "jiron", "jr", "calle", "pasaje", "plaza", "puente", "mina",
    "hospital", "colegio", "escuela", "universidad", "estadio", "parque", "mercado",
    "aeropuerto", "complejo", "cementerio", "iglesia", "capilla", "penal", "fabrica", "planta",
    "hotel", "club", "grifo", "garita", "km", "kilometro",
}  # fmt: skip
SAINT_WORDS = {"san", "santa", "santo", "santos", "virgen", "senor", "nuestra"}
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case, accents stripped (the build's own folding; the library folds the same way)."""
    nfd = unicodedata.normalize("NFD", text)
    return "".join(c for c in nfd if not unicodedata.combining(c)).lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def is_common(name: str) -> bool:
    """True for a name that ordinary text uses as a word, saint or frequent surname."""
    toks = tokens(name)
    if not toks:
        return True
    if toks[0] in SAINT_WORDS:
        return True
    phrase = name.lower()
    es = max(zipf_frequency(phrase, "es"), zipf_frequency(" ".join(toks), "es"))
    en = zipf_frequency(phrase, "en")
    return es >= 2.3 or en >= 3.0


def strip_prefix(name: str) -> str | None:
    """The name without a locality-kind prefix ("Comunidad Nativa Shimaa" -> "Shimaa")."""
    words = name.replace(".", ". ").split()
    folded = [tokens(w) for w in words]
    flat: list[tuple[int, str]] = [(i, t) for i, ts in enumerate(folded) for t in ts]
    for pre in PREFIXES:
        if len(flat) > len(pre) and tuple(t for _, t in flat[: len(pre)]) == pre:
            rest_from = flat[len(pre)][0]
            rest = " ".join(words[rest_from:]).strip(" .-")
            rest = re.sub(r"^(?:de|del)\s+", "", rest, flags=re.IGNORECASE)
            return rest if len(tokens(rest)) >= 1 and len(rest) >= 3 else None
    return None


def build(source: Path) -> list[dict[str, str]]:
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[tuple[str, str], dict[str, str]] = {}
    for r in rows:
        code = r["ubigeo"]
        if r["ubigeo_status"] == "not_in_inei":
            code = PSEUDO_PROVINCE.get(code, "")
            if not code:
                continue
        name = " ".join(r["name"].split())
        toks = tokens(name)
        if not toks or len("".join(toks)) < 3 or toks[0].isdigit() or toks[0] in NOT_LOCALITY_FIRST:
            continue
        if len(toks) == 1 and max(zipf_frequency(toks[0], lang) for lang in ("es", "en")) >= 5:
            continue  # "Para", "Mayo", "Plaza": words every text uses, never read as a village
        alts = [a.strip() for a in (r["alt_names"] or "").split("|") if a.strip()]
        base = alts[0] if alts else name  # "La Reyna (San Miguel de la Reyna)" -> "La Reyna"
        names = [base, *alts[1:]]
        stripped = [s for s in (strip_prefix(n) for n in names) if s]
        names += stripped
        district_key = tokens(r["district"])
        names = [n for n in dict.fromkeys(names) if tokens(n) != district_key and len(n) >= 3]
        if not names:
            continue
        own_point = r["coord_shared"] == "1"
        key = (" ".join(tokens(names[0])), code)
        prev = out.get(key)
        if prev is not None and (prev["lat"] or not own_point):
            continue
        out[key] = {
            "name": names[0],
            "alt_names": "|".join(names[1:]),
            "ubigeo": code,
            "lat": r["lat"] if own_point else "",
            "lon": r["lon"] if own_point else "",
            "common": "1" if is_common(names[0]) else "",
        }
    return sorted(out.values(), key=lambda d: (d["ubigeo"], fold(d["name"]), d["name"]))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write atomically: a half-written file never replaces a good one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=SOURCE)
    ap.add_argument("--out", type=Path, default=ROOT / "data")
    args = ap.parse_args(argv)
    if not args.source.exists():
        print(f"error: {args.source} not found (../shared/gazetteer is needed)", file=sys.stderr)
        return 2
    rows = build(args.source)
    write_csv(args.out / "localities.csv", rows)
    common = sum(1 for r in rows if r["common"])
    print(f"localities.csv: {len(rows)} localities ({common} common words), from {args.source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
