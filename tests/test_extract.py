"""The geoparser on the seed article and on each hard case, one test per trap."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract import extract_events, split_sentences


def codes(text: str, **kw) -> list[str]:
    return [e.ubigeo for e in extract_events(text, **kw)]


def by_surface(text: str, **kw) -> dict[str, str]:
    return {e.surface: e.ubigeo for e in extract_events(text, **kw)}


# --- the seed article (read from ../shared, never copied) ---------------------------------------
EXPECTED_SEED_DEPARTMENTS = {
    "15", "07", "16", "22", "10", "25", "19", "12", "09", "03", "08", "05", "04", "21", "17",
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_events(seed_text):
    return extract_events(seed_text)


def test_seed_exact_departments(seed_events):
    assert {e.ubigeo[:2] for e in seed_events} == EXPECTED_SEED_DEPARTMENTS


def test_seed_below_department(seed_events):
    found = {e.surface: e for e in seed_events}
    assert found["Iquitos"].ubigeo == "160101" and found["Iquitos"].place == "Iquitos"
    assert found["Pucusana"].ubigeo == "150124" and found["Pucusana"].level == "district"
    pm = found["Puerto Maldonado"]
    assert (pm.ubigeo, pm.place, pm.department) == ("170101", "Puerto Maldonado", "Madre de Dios")


def test_seed_close_to_lima_is_the_city(seed_events):
    limas = [e for e in seed_events if e.surface == "Lima"]
    assert [e.ubigeo for e in limas] == ["15", "150101"]


def test_seed_nothing_foreign(seed_events, seed_text):
    surfaces = {e.surface for e in seed_events}
    for foreign in ("US", "Mexico", "Colombia", "Brazil", "Chile", "China", "Amazon", "Washington"):
        assert foreign not in surfaces
    assert all(e.department for e in seed_events)


def test_seed_dates(seed_events):
    for e in seed_events:
        assert e.doc_date == date(2023, 5, 1)
        if e.surface in ("Arequipa", "Puno"):
            assert (e.date_start, e.date_end) == (date(2022, 12, 1), date(2023, 2, 28))
            assert e.date_precision == "month"
        elif e.surface == "Loreto":
            assert (e.date_start, e.date_end, e.date_precision) == (
                date(2023, 5, 1),
                date(2023, 5, 31),
                "month",
            )


def test_seed_offsets_and_sentences(seed_events, seed_text):
    for e in seed_events:
        assert seed_text[e.start : e.end] == e.surface
        assert e.surface in e.sentence
        assert -19 < e.lat < 0 and -82 < e.lon < -68


# --- hard cases ------------------------------------------------------------------------------
def test_amazon_region_not_amazonas():
    assert codes("Troops trained in the Amazon region near the triple border.") == []
    assert codes("La deforestación en la Amazonía avanza.") == []
    assert codes("El gobierno regional de Amazonas declaró la emergencia.") == ["01"]


def test_san_martin_person_not_region():
    assert codes("Un homenaje a José de San Martín reunió a escolares.") == []
    assert codes("The statue of General San Martín was cleaned.") == []
    assert codes("Vecinos marcharon por la Plaza San Martín.") == []
    assert codes("Cacao farmers in San Martín blocked the highway.") == ["22"]


def test_la_libertad_as_word():
    assert codes("Periodistas defendieron la libertad de prensa.") == []
    assert codes("La libertad de expresión no es negociable, dijo el ministro.") == []
    assert codes("Las lluvias afectaron a la región La Libertad.") == ["13"]


def test_independencia_as_word():
    assert codes("El Día de la Independencia se celebró con desfiles.") == []
    assert by_surface("En el distrito de Independencia, en Lima, hubo un incendio.") == {
        "Independencia": "150112",
        "Lima": "15",
    }


def test_santa_and_sandia_as_words():
    assert codes("Miles de fieles viajaron por Semana Santa.") == []
    assert codes("Los agricultores venden sandía en el mercado.") == []
    assert codes("Las heladas golpean la provincia de Sandia.") == ["2112"]
    assert codes("El río desbordó en la provincia del Santa.") == ["0218"]


def test_la_union_as_word():
    assert codes("La unión de gremios convocó a un paro nacional.") == []
    assert codes("Se firmó la unión de las comunidades campesinas.") == []


@pytest.mark.parametrize(
    "text",
    [
        "El mariscal Antonio José de Sucre ganó la batalla de Ayacucho.",
        "Simón Bolívar llegó a Lima en 1823.",
        "El almirante Miguel Grau es un héroe nacional.",
        "El presidente Ramón Castilla abolió la esclavitud.",
        "FBC Melgar ganó el clásico.",
    ],
)
def test_person_names_that_are_provinces(text):
    got = extract_events(text)
    assert all(e.surface not in ("Sucre", "Bolívar", "Grau", "Castilla", "Melgar") for e in got)


def test_person_province_with_cue_is_the_province():
    got = by_surface("Las lluvias afectaron a la provincia de Sucre, en Ayacucho.")
    assert got["Sucre"] == "0509"
    assert by_surface("Heladas en la provincia de Melgar.")["Melgar"] == "2108"


def test_rivers_named_like_units():
    assert codes("El río Apurímac creció tras las lluvias.") == []
    assert codes("Oil reached the Marañón and spread downstream.") == []
    assert codes("Boats sank on the Ucayali river last week.") == []
    assert codes("El valle del Mantaro produce papa.") == []


def test_aeropuerto_jorge_chavez_is_a_facility():
    assert codes("Los vuelos se retrasaron en el aeropuerto Jorge Chávez.") == []


def test_edwin_chota_person_not_province():
    assert codes("Edwin Chota was killed by illegal loggers in 2014.") == []
    assert codes("Las rondas de Chota marcharon.") == ["060401"]


@pytest.mark.parametrize(
    "text",
    [
        "A tornado hit Lima, Ohio, on Tuesday.",
        "Flooding in Trujillo, Honduras, displaced hundreds.",
        "The delegation flew from La Paz to Santa Cruz de la Sierra.",
        "Traders crossed from Desaguadero on the Bolivian side of the border.",
        "Mexico, Chile and Washington criticised the decision.",
        "Santiago de Chile hosted the summit.",
    ],
)
def test_foreign_places(text):
    assert codes(text) == []


def test_same_name_prefers_document_context():
    got = by_surface("Santa Rosa, en la provincia de El Collao, amaneció con nieve. Puno sufre.")
    assert got["Santa Rosa"].startswith("21")
    got = by_surface("Vecinos de San Juan, en la provincia de Lucanas (Ayacucho), protestaron.")
    assert got["San Juan"] == "050616"
    got = by_surface("Comuneros de San Juan llegaron a Castrovirreyna para el paro.")
    assert got["San Juan"] == "090410"


def test_same_name_uncertain_lowers_confidence():
    alone = next(e for e in extract_events("Hubo un corte de luz en Santa Rosa."))
    clear = next(e for e in extract_events("Hubo un corte de luz en Arequipa."))
    assert alone.confidence < clear.confidence


def test_aliases_and_spellings(gazetteer):
    assert {e.ubigeo for e in gazetteer.lookup("CUZCO")} >= {"08", "0801", "080101"}
    assert by_surface("Turistas llegaron al Cuzco.")["Cuzco"] == "080101"  # the city
    assert set(codes("Junin, Huanuco y Apurimac en alerta.")) == {"12", "10", "03"}
    assert set(codes("Ancash y Áncash son lo mismo.")) == {"02"}
    assert codes("Lima Metropolitana registró récords de calor.") == ["1501"]
    assert codes("El paro se sintió en la provincia de Chumbivilcas.") == ["0807"]
    assert codes("Una ola golpeó el distrito de Pucusana.") == ["150124"]
    assert codes("Mineros bloquearon Cerro de Pasco.") == ["190101"]
    assert codes("La región Puno amaneció en paro.") == ["21"]


def test_finest_unit():
    assert codes("Pobladores de la provincia de San Román marcharon.") == ["2111"]
    assert codes("Cusco, Puno y Apurímac son regiones del sur.") == ["08", "21", "03"]
    assert by_surface("Juliaca y Iquitos amanecieron calurosos.") == {
        "Juliaca": "211101",
        "Iquitos": "160101",
    }
    assert codes("A lab close to Lima studies the virus.") == ["150101"]


def test_city_event_names_the_city():
    e = extract_events("Protests continued in Juliaca on 9 January 2023.")[0]
    names = (e.place, e.district, e.province, e.department)
    assert names == ("Juliaca", "Juliaca", "San Román", "Puno")
    assert e.date_start == date(2023, 1, 9) and e.date_precision == "day"


def test_headline_all_caps():
    assert codes("PROTESTAS EN PUNO Y CUSCO\nLos manifestantes...") == ["210101", "080101"]


def test_offsets_survive_accents_and_newlines():
    text = "Ayer\r\n  en   Huánuco  y  Áncash\t(Perú)."
    for e in extract_events(text):
        assert text[e.start : e.end] == e.surface


def test_event_date_from_sentence_range():
    text = "Entre diciembre y febrero hubo bloqueos en Puno. Luego llegó la calma a Tacna."
    evs = extract_events(text, doc_date=date(2023, 5, 20))
    puno, tacna = evs
    assert (puno.date_start, puno.date_end) == (date(2022, 12, 1), date(2023, 2, 28))
    assert (tacna.date_start, tacna.date_end, tacna.date_precision) == (
        date(2023, 5, 20),
        date(2023, 5, 20),
        "day",
    )


def test_no_places_no_events():
    assert extract_events("") == []
    assert extract_events("Nothing here but the weather.") == []


def test_split_sentences_keeps_abbreviations():
    text = "Se reunieron en la Av. Grau de Lima. Luego fueron a Ica."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Se reunieron en la Av. Grau de Lima.",
        "Luego fueron a Ica.",
    ]


def test_mines_and_companies_named_like_places():
    assert codes("MMG halted production at its Las Bambas copper mine.") == []
    assert codes("Newmont will keep operating the Yanacocha mine.") == []
    assert codes("Un buque de la naviera Cosco Shipping llegó al puerto.") == []


def test_list_of_rivers_stays_rivers():
    text = "La coca crece en el valle de los ríos Apurímac, Ene y Mantaro, cerca de Pichari."
    assert by_surface(text) == {"Pichari": "080910"}


def test_river_list_does_not_swallow_the_region_after():
    text = "Hubo huaicos en el Callejón de Huaylas, en Áncash."
    assert codes(text) == ["02"]


def test_person_seen_once_stays_a_person():
    text = "Asháninka leader Edwin Chota was murdered. Chota had asked for a land title."
    assert codes(text) == []


def test_given_name_needs_to_touch_the_name():
    # "Rosa" ends the district name Santa Rosa; "(La Mar" is not a person called Rosa La Mar.
    got = by_surface("Emboscada en Santa Rosa (La Mar, Ayacucho).")
    assert got == {"Santa Rosa": "050507", "La Mar": "0505", "Ayacucho": "05"}


def test_plural_districts_of_a_department():
    got = extract_events("Declaran emergencia en 72 distritos de Huancavelica por heladas.")
    assert [e.ubigeo for e in got] == ["09"]


def test_town_beside_its_district_namesake():
    got = by_surface("The quake struck southeast of Lagunas in Alto Amazonas province.")
    assert got["Lagunas"] == "160206"


def test_two_rivers_named_together():
    text = "A health team travelled along the Santiago and Cenepa rivers to reach Nieva."
    assert codes(text) == ["010401"]
