"""Accent- and case-folding that keeps character offsets, shared by the gazetteer and extractor."""

from __future__ import annotations

import re
import unicodedata


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        low = base.lower()
        if len(low) == 1 and low != ch:
            table[cp] = low
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    # Typographic apostrophes and dashes fold to their ASCII forms (one char for one char).
    for ch in "\u2019\u2018\u02bc`´":
        table[ord(ch)] = "'"
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2212":
        table[ord(ch)] = "-"
    return table


FOLD_TABLE = _build_fold_table()
_TOKEN_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case and strip accents character by character, so offsets into text stay valid."""
    return text.translate(FOLD_TABLE)


def name_key(name: str) -> str:
    """The lookup key of a name: folded tokens joined by single spaces ("Áncash" -> "ancash")."""
    folded = unicodedata.normalize("NFC", name).translate(FOLD_TABLE)
    folded = "".join(
        c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c)
    ).lower()
    return " ".join(_TOKEN_RE.findall(folded))


def tokens(folded: str) -> list[re.Match[str]]:
    """Word tokens (letters and digits) of already-folded text, with their offsets."""
    return list(_TOKEN_RE.finditer(folded))
