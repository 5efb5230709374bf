"""The text kept as an event's "sentence": the sentence, or a capped window around the mention.

A sentence that never ends (a list of 9,000 places joined by "y") must not be copied into
every event: each event keeps at most about WINDOW_CHARS characters around its mention, cut at
word boundaries and marked with an ellipsis where text was left out. Windows are aligned to a
grid of half a window, so mentions close to each other share the same window text and the
store keeps it once.
"""

from __future__ import annotations

WINDOW_CHARS = 400
ELLIPSIS = "…"
_WORD_SLACK = 40  # how far a cut may move to reach a word boundary


def sentence_window(
    text: str, s0: int, s1: int, start: int, end: int, limit: int = WINDOW_CHARS
) -> str:
    """text[s0:s1] stripped when it is short, else a window of about limit chars around start:end.

    The mention text[start:end] is always inside the window, with at least a quarter window of
    context on each side where the sentence has it.
    """
    a, b = s0, s1
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b - a <= limit:
        return text[a:b]
    half = max(limit // 2, 1)
    centre = (start + end) // 2 - a
    k = max(0, (centre - half // 2) // half)
    ws = min(a + k * half, b - limit)
    we = ws + limit
    if ws > a:  # start after the next space, so the window does not open mid-word
        cut = text.find(" ", ws, min(ws + _WORD_SLACK, start))
        if cut != -1:
            ws = cut + 1
    if we < b:  # end at the last space before the cut
        cut = text.rfind(" ", max(end, we - _WORD_SLACK), we)
        if cut != -1:
            we = cut
    ws, we = min(ws, start), max(we, end)
    body = text[ws:we].strip()
    return (ELLIPSIS + " " if ws > a else "") + body + (" " + ELLIPSIS if we < b else "")
