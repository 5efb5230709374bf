"""Event dating: stated dates and ranges resolved against the document date, EN and ES."""

from __future__ import annotations

from datetime import date

import pytest

from geo.dates import Period, document_date, document_period, event_period, find_dates

MAY_2023 = Period.month(2023, 5)
DAY = Period.day(date(2023, 5, 15))  # a Monday


def periods(text: str, ref: Period | None = MAY_2023) -> list[tuple[date, date, str]]:
    return [(d.period.start, d.period.end, d.period.precision) for d in find_dates(text, ref)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from June 1 to September 30", (date(2023, 6, 1), date(2023, 9, 30), "day")),
        ("between June 1 and December 31, 2023", (date(2023, 6, 1), date(2023, 12, 31), "day")),
        ("entre diciembre y febrero", (date(2022, 12, 1), date(2023, 2, 28), "month")),
        ("from December to February", (date(2022, 12, 1), date(2023, 2, 28), "month")),
        ("on 9 January 2023", (date(2023, 1, 9), date(2023, 1, 9), "day")),
        ("el 9 de enero de 2023", (date(2023, 1, 9), date(2023, 1, 9), "day")),
        ("last Thursday (May 11)", (date(2023, 5, 11), date(2023, 5, 11), "day")),
        ("el pasado 14 de marzo", (date(2023, 3, 14), date(2023, 3, 14), "day")),
        ("del 1 al 5 de marzo de 2024", (date(2024, 3, 1), date(2024, 3, 5), "day")),
        ("entre el 10 y el 12 de enero", (date(2023, 1, 10), date(2023, 1, 12), "day")),
        ("en diciembre de 2022", (date(2022, 12, 1), date(2022, 12, 31), "month")),
        ("in 2017, troops trained", (date(2017, 1, 1), date(2017, 12, 31), "year")),
        ("el 15/03/2024", (date(2024, 3, 15), date(2024, 3, 15), "day")),
        ("on 2024-02-29", (date(2024, 2, 29), date(2024, 2, 29), "day")),
        (
            "desde el 3 de enero hasta el 10 de febrero",
            (date(2023, 1, 3), date(2023, 2, 10), "day"),
        ),
    ],
)
def test_stated_dates(text, expected):
    assert periods(text)[0] == expected


def test_may_the_verb_is_not_a_month():
    assert periods("Protests may continue and people march on.") == []


def test_numbers_are_not_years():
    assert periods("Resolution 4766 passed with 70 votes; 140,000 soldiers.") == []


def test_relative_dates_need_a_day_precise_reference():
    assert periods("ayer hubo marchas", DAY) == [(date(2023, 5, 14), date(2023, 5, 14), "day")]
    assert periods("last Thursday they marched", DAY) == [
        (date(2023, 5, 11), date(2023, 5, 11), "day")
    ]
    assert periods("ayer hubo marchas", MAY_2023) == []


def test_invalid_day_is_ignored():
    assert periods("el 31 de febrero de 2023") == []


def test_event_period_prefers_nearest_date():
    s = "On 9 January protests hit Juliaca; on 20 February they reached Lima."
    assert event_period(s, s.index("Juliaca"), MAY_2023).start == date(2023, 1, 9)
    assert event_period(s, s.index("Lima"), MAY_2023).start == date(2023, 2, 20)


def test_event_period_falls_back_to_document():
    assert event_period("Nothing dated here in Lima.", 20, MAY_2023) == MAY_2023


def test_document_date_from_url_path():
    text = "http://example.org/2023/05/why-peru.html\nBody text."
    assert document_period(text) == MAY_2023
    assert document_date("body", url="https://x.pe/noticias/2024/02/29/nota") == date(2024, 2, 29)


def test_document_date_from_dateline():
    assert document_date("LIMA, 3 de marzo de 2024 (Agencia).- Texto...") == date(2024, 3, 3)


def test_document_date_absent():
    assert document_date("No date at all.") is None


def test_end_of_month_is_21st_to_last_day():
    assert periods("las lluvias llegaron a fines de febrero", DAY) == [
        (date(2023, 2, 21), date(2023, 2, 28), "day")
    ]
    assert periods("at the end of March the road reopened", DAY) == [
        (date(2023, 3, 21), date(2023, 3, 31), "day")
    ]


def test_second_fortnight_of_month():
    assert periods("durante la segunda quincena de abril", DAY) == [
        (date(2023, 4, 16), date(2023, 4, 30), "day")
    ]


def test_first_week_of_month():
    assert periods("a bulletin covering the second week of April 2023", None) == [
        (date(2023, 4, 8), date(2023, 4, 14), "day")
    ]


def test_last_weekday_pair():
    # DAY is Monday 15 May 2023: the Tuesday and Wednesday before it.
    assert periods("teachers struck last Tuesday and Wednesday", DAY) == [
        (date(2023, 5, 9), date(2023, 5, 10), "day")
    ]


def test_early_weekday_and_ultimo():
    assert periods("a fire broke out early Saturday", DAY) == [
        (date(2023, 5, 13), date(2023, 5, 13), "day")
    ]
    assert periods("el último viernes se cayó el puente", DAY) == [
        (date(2023, 5, 12), date(2023, 5, 12), "day")
    ]


def test_planned_for_weekday_is_ahead():
    assert periods("convocaron una reunión para el jueves", DAY) == [
        (date(2023, 5, 18), date(2023, 5, 18), "day")
    ]


def test_said_on_weekday_is_not_the_event_date():
    text = "Exports fell in April because of a strike in the port, the agency said on Friday."
    assert event_period(text, text.index("port"), DAY).start == date(2023, 4, 1)


def test_coordinated_clause_with_its_own_date():
    text = (
        "El 2 de marzo de 1880 cayó el fuerte, cerca del pueblo de Arica, "
        "y el 7 de junio del mismo año, el morro."
    )
    assert event_period(text, text.index("Arica"), DAY).start == date(1880, 3, 2)


def test_year_after_an_opening_quote():
    assert periods('"In 1998 the river took the bridge," a farmer said.', DAY) == [
        (date(1998, 1, 1), date(1998, 12, 31), "year")
    ]


def test_warning_until_weekday_runs_ahead():
    # DAY is Monday 15 May 2023: the warning runs from that day to Thursday.
    assert periods("Aviso: heladas en la sierra de Puno hasta el jueves.", DAY) == [
        (date(2023, 5, 15), date(2023, 5, 18), "day")
    ]
    assert periods("The road stayed closed until Friday.", DAY) == [
        (date(2023, 5, 12), date(2023, 5, 12), "day")
    ]


def test_fast_date_hints_agree_with_their_regexes():
    """The substring/word-set forms of the date hints answer exactly as the regexes."""
    import random

    from geo import dates as gd

    words = [*gd._DATE_HINT_WORDS, "nineties", "ties", "anos sesenta", "80s", "80's", "se 12"]
    words += ["ew12", "_ano", "ano_", "ano1", "Enero", "decada", "week", "semana", "q3"]
    rnd = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz   _-,.'0123456789ñé\n"
    for _ in range(5000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        for _ in range(rnd.randint(0, 3)):
            k = rnd.randint(0, len(s))
            s = s[:k] + rnd.choice(words) + s[k:]
        assert gd._any_date_hint(s) == (gd._ANY_DATE_HINT.search(s) is not None), s
        assert gd._epi_hint(s) == (gd._EPI_HINT.search(s) is not None), s
        assert gd._decade_hint(s) == (gd._DECADE_HINT.search(s) is not None), s
