"""Search that finds what people type: accent and case folding plus Spanish/English stems.

Each document is indexed by the words of its title and whole text, each word under its folded
form and its Spanish and English Snowball stems, so "bloqueo" finds "bloquearon", "protest"
finds "protesters" and "junin" finds "Junín". Pure functions; the store keeps the index.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.textnorm import fold

MIN_STEM_WORD = 5  # shorter words are matched as typed (a prefix): "paro" must not find "para"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_VOWEL_END = re.compile(r"[aeo]$")


@lru_cache(maxsize=1)
def _stemmers():
    import snowballstemmer

    return snowballstemmer.stemmer("spanish"), snowballstemmer.stemmer("english")


def words(text: str) -> list[str]:
    """Folded (lower-case, accent-free) words of a text."""
    return _WORD.findall(fold(text or ""))


@lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The search keys of one folded word: its Spanish and English stems (long words only).

    The Spanish stem loses a final vowel so verb and noun forms meet ("bloqueo" and
    "bloquearon" both give "bloqu").
    """
    if len(word) < MIN_STEM_WORD or word.isdigit():
        return ()
    es, en = _stemmers()
    keys = {_VOWEL_END.sub("", es.stemWord(word)), en.stemWord(word)}
    return tuple(sorted(k for k in keys if len(k) >= 4))


def index_text(*texts: str | None) -> str:
    """What the index stores for a document: each distinct word and its stems, once."""
    seen: dict[str, None] = {}
    for text in texts:
        # A word seen again adds nothing (it and its stems are in already), so each distinct
        # word is visited once, in order of first appearance: the same terms, in the same order.
        for w in dict.fromkeys(words(text or "")):
            seen.setdefault(w, None)
            for k in stems(w):
                seen.setdefault(k, None)
    return " ".join(seen)


def match_query(text: str) -> str:
    """An FTS5 query: every typed word must appear, as typed (prefix) or by one of its stems."""
    parts = []
    for w in words(text)[:20]:
        alts = [f'"{w}"*'] + [f'"{k}"' for k in stems(w) if k != w]
        parts.append("(" + " OR ".join(alts) + ")" if len(alts) > 1 else alts[0])
    return " AND ".join(parts)
