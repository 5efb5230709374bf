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


def _fold_char(m: re.Match[str]) -> str:
    return m.group().translate(FOLD_TABLE)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold_fast(text: str) -> str:
    """fold() for long texts: C-speed lower() and a table only for the non-ASCII runs."""
    low = text.lower()
    if len(low) != len(text):  # a rare character that lower-cases to two ('İ'): do it per char
        return fold(text)
    if low.isascii():
        return low
    return _NON_ASCII.sub(_fold_char, low)


def trie_pattern(keys: list[str]) -> str:
    """A regex source matching any key (tokens separated by spaces), longest alternative first.

    Built as a character trie so that at each position the regex engine only follows the
    branch of the next character, never thousands of alternatives; a space in a key matches
    runs of spaces, tabs or a hyphen in the text.
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    sep = r"(?:[ \t]+|[ \t]*-[ \t]*)"

    def atom(ch: str) -> str:
        return sep if ch == " " else re.escape(ch)

    def build(node: dict) -> str:
        chars = sorted(c for c in node if c)
        optional = "" in node
        if not chars:
            return ""
        if len(chars) == 1:
            body = atom(chars[0]) + build(node[chars[0]])
            return f"(?:{body})?" if optional else body
        alts = "|".join(atom(c) + build(node[c]) for c in chars)
        return f"(?:{alts})?" if optional else f"(?:{alts})"

    return rf"(?<![^\W_])(?:{build(trie)})(?![^\W_])"


def trie_alternation(words: list[str]) -> str:
    """A non-capturing regex group matching any of the words, as a character trie."""
    core = trie_pattern(words)
    return core[len(r"(?<![^\W_])") : -len(r"(?![^\W_])")]
