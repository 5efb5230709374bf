"""Weekday phrases relative to the document date, English and Spanish (geo.dates)."""

from __future__ import annotations

from datetime import date

from geo.dates import Period, find_dates
from geo.extract import extract_events

TUE = date(2024, 3, 12)  # a Tuesday
WED = date(2024, 3, 13)
MON = date(2024, 3, 11)


def day_of(text: str, ref: date) -> date:
    found = find_dates(text, Period.day(ref))
    assert found, text
    return found[0].period.start


def test_este_martes_on_a_tuesday_is_that_day():
    assert day_of("marcharon este martes", TUE) == TUE


def test_este_martes_under_a_tuesday_dateline_is_that_day():
    text = "PUNO, 12 de marzo de 2024.- Los agricultores marcharon este martes en Juliaca."
    body = [e for e in extract_events(text) if e.role == "body"]
    assert body and body[0].date_start == TUE


def test_el_martes_in_a_text_dated_wednesday_is_the_day_before():
    assert day_of("marcharon el martes", WED) == TUE


def test_el_pasado_martes_is_strictly_before():
    assert day_of("el pasado martes hubo un paro", TUE) == date(2024, 3, 5)
    assert day_of("el pasado martes hubo un paro", WED) == TUE


def test_el_martes_pasado_is_strictly_before():
    assert day_of("el martes pasado hubo un paro", TUE) == date(2024, 3, 5)


def test_last_tuesday_on_a_tuesday_is_a_week_earlier():
    assert day_of("they marched last Tuesday", TUE) == date(2024, 3, 5)


def test_last_tuesday_on_a_wednesday_is_the_day_before():
    assert day_of("they marched last Tuesday", WED) == TUE


def test_this_tuesday_on_a_wednesday_is_yesterday():
    assert day_of("protesters marched this Tuesday", WED) == TUE


def test_this_tuesday_on_a_tuesday_is_that_day():
    assert day_of("protesters marched this Tuesday", TUE) == TUE


def test_on_tuesday_in_a_text_dated_wednesday():
    assert day_of("protesters marched on Tuesday", WED) == TUE


def test_este_domingo_published_on_monday_is_yesterday():
    assert day_of("votaron este domingo", MON) == date(2024, 3, 10)


def test_weekday_date_accents_folded():
    assert day_of("el miércoles hubo lluvias", date(2024, 3, 14)) == WED
