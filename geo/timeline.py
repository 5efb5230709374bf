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
# Steps that move by calendar months (a "1 month" step from January is February, whole).
STEP_MONTHS: dict[str, int] = {"1 month": 1, "3 months": 3, "1 year": 12}
BULK_SHARE = 0.99  # the default window starts where this share of the dated events lies


def add_months(d: date, months: int) -> date:
    """The same day `months` calendar months later; a month's last day stays a last day."""
    import calendar

    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    last = calendar.monthrange(y, m)[1]
    at_end = d.day == calendar.monthrange(d.year, d.month)[1]
    return date(y, m, last if at_end else min(d.day, last))


def bulk_window(starts: pd.Series, span: Window, share: float = BULK_SHARE) -> Window:
    """The default window: from the first date after which `share` of the events start.

    A few stray old events (an article recalling 2011) no longer squeeze the recent bulk into
    a sliver of the slider; "All" is one click away.
    """
    days = pd.to_datetime(starts).dropna()
    if days.empty:
        return span
    lo = days.quantile(1 - share).date()
    return clamp_window((lo, span[1]), span)


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


def play_start(win: Window, span: Window, step_days: int = 30, months: int = 0) -> Window:
    """Where playing begins.

    The current window when there is room to move; back at the start when it sits at the end;
    a window one step wide when it already covers the whole span (nothing would move).
    """
    width = win[1] - win[0]
    if width >= (span[1] - span[0]) * 0.9:
        if months:  # one whole calendar step: a month, a quarter, a year
            return span[0], min(span[1], add_months(span[0], months) - timedelta(days=1))
        width = timedelta(days=max(0, step_days - 1))
    if win[1] >= span[1] or width != win[1] - win[0]:
        return span[0], min(span[1], span[0] + width)
    return win


def step_window(win: Window, span: Window, step_days: int, months: int = 0) -> Window | None:
    """The window moved forward one step; None once it has passed the end.

    By step_days keeping its width, or (months > 0) by calendar months: a window holding
    January moves to February, not to 30 days later.
    """
    if win[1] >= span[1]:
        return None
    if months:
        end = add_months(win[1], months)
        if end >= span[1]:  # the last frame ends with the data, as wide as the others
            return max(span[0], span[1] - (win[1] - win[0])), span[1]
        return max(span[0], add_months(win[0], months)), end
    width = win[1] - win[0]
    end = min(span[1], win[1] + timedelta(days=step_days))
    return max(span[0], end - width), end


def n_steps(win: Window, span: Window, step_days: int, months: int = 0) -> int:
    """How many steps play takes from win to the end of the span."""
    if months:
        n, w = 0, win
        while (w := step_window(w, span, step_days, months)) is not None:
            n += 1
        return n
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


HIST_IN = "#c0392b"
HIST_OUT = "#d9cfc4"


def type_histogram(
    frame: pd.DataFrame, freq: str, type_ids: list[str], measure: str = "mentions"
) -> pd.DataFrame:
    """Counts per period (by start date) split by event type: period_start, count, one column
    per type id. A row counts under its first type; "events" counts each event cluster once.
    """
    cols = ["period_start", "count", *type_ids]
    f = frame.dropna(subset=["date_start"]) if len(frame) else frame
    if f.empty or "event_types" not in f.columns:
        return pd.DataFrame(columns=cols)
    if measure == "events" and "cluster_id" in f.columns:
        key = ("c" + f["cluster_id"].astype("Int64").astype("string")).fillna(
            "e" + f["event_id"].astype("string")
        )
        f = f.assign(_ev=key).sort_values("date_start", kind="stable").drop_duplicates("_ev")
    days = pd.to_datetime(f["date_start"])
    if freq == "week":
        start = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    elif freq == "month":
        start = days.dt.to_period("M").dt.to_timestamp()
    else:
        start = days
    first = f["event_types"].astype("string").fillna("other").str.split(",").str[0]
    known = set(type_ids)
    first = first.where(first.isin(known), "other")
    table = pd.crosstab(start.dt.normalize().to_numpy(), first.to_numpy())
    step = {"day": "D", "week": "W-MON", "month": "MS"}.get(freq, "D")
    full = pd.date_range(table.index.min(), table.index.max(), freq=step)
    table = table.reindex(full, fill_value=0).reindex(columns=type_ids, fill_value=0)
    out = table.reset_index(names="period_start")
    out.insert(1, "count", table.sum(axis=1).to_numpy())
    return out


def histogram_svg(
    hist: pd.DataFrame,
    win: Window,
    freq: str,
    height: int = 150,
    stack: list[tuple[str, str, str]] | None = None,
) -> str:
    """Events per period as an inline SVG bar chart, the window's bars highlighted.

    Drawn on the server (a few kB, no charting library to load in the browser); each bar has a
    <title> tooltip. hist: Store.timeline() output (period_start, count), or type_histogram()
    with stack = [(type id, colour, label)]: each bar is then split by type, and bars outside
    the window are faded.
    """
    from xml.sax.saxutils import escape

    width, left, bottom, top = 1000, 34, 20, 8
    if hist.empty:
        return ""
    starts = pd.to_datetime(hist["period_start"]).dt.date.tolist()
    counts = [int(c) for c in hist["count"]]
    n, peak = len(counts), max(max(counts), 1)
    slot = (width - left) / n
    bar = max(slot * 0.82, 0.6)
    plot_h = height - bottom - top
    span_days = {"day": 0, "week": 6, "month": 30}.get(freq, 0)
    label = {"day": "%Y-%m-%d", "week": "week of %Y-%m-%d", "month": "%Y-%m"}.get(freq, "%Y-%m-%d")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'height="{height}" role="img" aria-label="events per {escape(freq)}" '
        'style="font:11px system-ui,-apple-system,sans-serif">'
    ]
    for frac in (0.5, 1.0):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#888">'
            f"{round(peak * frac):,}</text>"
        )
    for i, (d, c) in enumerate(zip(starts, counts, strict=True)):
        if c <= 0:
            continue
        h = plot_h * c / peak
        x = left + i * slot
        inside = d <= win[1] and d + timedelta(days=span_days) >= win[0]
        color = HIST_IN if inside else HIST_OUT
        tip = f"{d.strftime(label)}: {c:,} event{'s' if c != 1 else ''}"
        if stack:
            y = top + plot_h
            alpha = "1" if inside else "0.3"
            split = []
            for tid, colour, tlabel in stack:
                k = int(hist[tid].iloc[i]) if tid in hist.columns else 0
                if k <= 0:
                    continue
                seg = plot_h * k / peak
                y -= seg
                split.append(f"{tlabel} {k:,}")
                parts.append(
                    f'<rect x="{x:.2f}" y="{y:.2f}" width="{bar:.2f}" height="{seg:.2f}" '
                    f'fill="{colour}" fill-opacity="{alpha}"><title>'
                    f"{escape(tip + ' (' + ', '.join(split[-1:]) + ')')}</title></rect>"
                )
            continue
        parts.append(
            f'<rect x="{x:.2f}" y="{top + plot_h - h:.2f}" width="{bar:.2f}" height="{h:.2f}" '
            f'fill="{color}"><title>{escape(tip)}</title></rect>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#bbb"/>'
    )
    years = (starts[-1] - starts[0]).days / 365.25
    fmt = "%Y" if years > 2 else "%b %Y" if years > 0.25 else "%d %b"
    for i, d in _ticks(starts, freq):
        x = left + i * slot + bar / 2
        text = d.strftime(fmt)
        parts.append(
            f'<text x="{x:.1f}" y="{height - 5}" text-anchor="middle" fill="#666">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _ticks(starts: list[date], freq: str, most: int = 12) -> list[tuple[int, date]]:
    """Label positions: new years on long spans, new months on shorter ones, thinned."""
    if not starts:
        return []
    years = (starts[-1] - starts[0]).days / 365.25
    cands: list[tuple[int, date]] = []
    prev: date | None = None
    for i, d in enumerate(starts):
        if prev is None:
            new = False
        elif years > 2:
            new = d.year != prev.year
        elif years > 0.25:
            new = d.month != prev.month
        else:
            new = (d - starts[0]).days % 7 == 0
        if new:
            cands.append((i, d))
        prev = d
    step = max(1, -(-len(cands) // most))
    return cands[::step]


def day_strings(values: pd.Series) -> pd.Series:
    """Dates as YYYY-MM-DD text, blank where unknown (tables show no "None" or "NaT")."""
    out = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
    return out.astype("string").fillna("")
