"""Time-window logic of the dashboard (presets, play stepping, histogram bin size); pure."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

Window = tuple[date, date]
PRESETS: dict[str, int | None] = {
    "7 days": 7,
    "30 days": 30,
    "365 days": 365,
    "All": None,
}
STEPS: dict[str, int] = {"1 week": 7, "1 month": 30, "3 months": 91, "1 year": 365}


def clamp_window(win: Window, span: Window) -> Window:
    """The window cut to the data span (start <= end; an inverted window becomes the span)."""
    lo, hi = max(win[0], span[0]), min(win[1], span[1])
    if lo > hi:
        return span
    return lo, hi


def preset_window(preset: str, span: Window) -> Window:
    """A preset's window, ending at the latest event (the data may stop before today)."""
    days = PRESETS.get(preset)
    if days is None:
        return span
    return max(span[0], span[1] - timedelta(days=days - 1)), span[1]


def play_start(win: Window, span: Window, step_days: int = 30) -> Window:
    """Where playing begins.

    The current window when there is room to move; back at the start when it sits at the end;
    a window one step wide when it already covers the whole span (nothing would move).
    """
    width = win[1] - win[0]
    if width >= (span[1] - span[0]) * 0.9:
        width = timedelta(days=max(0, step_days - 1))
    if win[1] >= span[1] or width != win[1] - win[0]:
        return span[0], min(span[1], span[0] + width)
    return win


def step_window(win: Window, span: Window, step_days: int) -> Window | None:
    """The window moved forward by step_days keeping its width; None once it has passed the end."""
    if win[1] >= span[1]:
        return None
    width = win[1] - win[0]
    end = min(span[1], win[1] + timedelta(days=step_days))
    return max(span[0], end - width), end


def n_steps(win: Window, span: Window, step_days: int) -> int:
    """How many steps play takes from win to the end of the span."""
    left = (span[1] - win[1]).days
    return max(0, -(-left // step_days))


def pick_freq(span: Window) -> str:
    """Histogram bin for a span: days up to 4 months, weeks up to 3 years, else months."""
    days = (span[1] - span[0]).days
    if days <= 120:
        return "day"
    if days <= 3 * 366:
        return "week"
    return "month"


def in_window(frame: pd.DataFrame, lo: date, hi: date) -> pd.DataFrame:
    """Events whose period overlaps [lo, hi] (the store's rule, applied in memory; undated out)."""
    if frame.empty:
        return frame
    lo_ts, hi_ts = pd.Timestamp(lo), pd.Timestamp(hi)
    return frame[(frame["date_start"] <= hi_ts) & (frame["date_end"] >= lo_ts)]
