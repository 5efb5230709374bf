"""Mention roles: headline, dateline, body, route endpoint (geo.roles), through the extractor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from geo import roles
from geo.extract import extract_events

ROOT = Path(__file__).resolve().parents[1]


def by_surface(text: str) -> list[tuple[str, str]]:
    return [(e.surface, e.role) for e in extract_events(text)]


def test_dateline_spanish_with_date_is_not_body():
    got = by_surface("Juliaca, 12 de marzo de 2024.\nLos agricultores marcharon en Juliaca.")
    assert got == [("Juliaca", "dateline"), ("Juliaca", "body")]


def test_dateline_with_dash_and_agency():
    got = by_surface("HUANCAYO.- Transportistas acataron un paro en Jauja el lunes.")
    assert got[0] == ("HUANCAYO", "dateline") and ("Jauja", "body") in got
    got = by_surface("PUNO, Peru (Reuters) - Protesters gathered in Ilave on Tuesday.")
    assert got[0][1] == "dateline" and ("Ilave", "body") in got


def test_headline_is_not_body():
    text = "Paro agrario en Juliaca\n\nCientos de agricultores bloquearon vías en Juliaca."
    assert by_surface(text) == [("Juliaca", "headline"), ("Juliaca", "body")]


def test_first_line_that_is_a_sentence_is_body():
    text = "Cientos de agricultores marcharon en Juliaca.\nOtra marcha hubo en Ayaviri."
    assert {r for _s, r in by_surface(text)} == {"body"}


def test_single_line_text_has_no_headline():
    assert by_surface("Protesters marched in Ayacucho on Monday") == [("Ayacucho", "body")]


def test_road_that_links_x_with_y_names_endpoints():
    text = "Protesters blocked the road that links Juliaca with Arequipa. Police arrived in Ilave."
    got = dict(by_surface(text))
    assert got["Juliaca"] == got["Arequipa"] == "route_endpoint"
    assert got["Ilave"] == "body"


def test_carretera_x_dash_y_names_endpoints():
    got = by_surface("Bloquearon la carretera Huancayo-Huancavelica durante dos días.")
    assert [r for _s, r in got] == ["route_endpoint", "route_endpoint"]


def test_via_que_une_x_con_y():
    got = by_surface("Los comuneros tomaron la vía que une Abancay con Andahuaylas.")
    assert {r for _s, r in got} == {"route_endpoint"}


def test_two_towns_without_a_road_stay_body():
    got = by_surface("Hubo marchas en Abancay y Andahuaylas el martes.")
    assert {r for _s, r in got} == {"body"}


def test_road_towards_is_route_endpoint():
    assert by_surface("Farmers blocked routes towards Cusco.") == [("Cusco", "route_endpoint")]
    got = by_surface("Protesters blocked the road to Puno on Monday.")
    assert got == [("Puno", "route_endpoint")]


def test_road_leading_to_the_city_of_x_is_route_endpoint():
    got = by_surface("Protesters blocked the main road leading to the city of Arequipa.")
    assert got == [("Arequipa", "route_endpoint")]


def test_via_hacia_is_route_endpoint():
    got = by_surface("Los comuneros bloquearon la vía hacia Juliaca.")
    assert got == [("Juliaca", "route_endpoint")]


def test_carretera_a_is_route_endpoint():
    got = by_surface("Bloquearon la carretera a Arequipa por tercer día.")
    assert got == [("Arequipa", "route_endpoint")]
    assert by_surface("Bloquearon la carretera al Cusco.") == [("Cusco", "route_endpoint")]


def test_panamericana_en_direccion_a_is_route_endpoint():
    got = by_surface("Cerraron la Panamericana Sur en dirección a Ica.")
    assert got == [("Ica", "route_endpoint")]


def test_road_to_a_list_of_towns_names_each_as_endpoint():
    got = by_surface("The army reopened the highways into Puno and Juliaca.")
    assert {r for _s, r in got} == {"route_endpoint"} and len(got) == 2


def test_where_it_happened_stays_body_beside_the_road_destination():
    got = dict(by_surface("En Juliaca bloquearon la carretera a Puno y Arequipa."))
    assert got == {"Juliaca": "body", "Puno": "route_endpoint", "Arequipa": "route_endpoint"}
    got = dict(by_surface("Truckers blocked the road to Juliaca, and marched in Puno."))
    assert got == {"Juliaca": "route_endpoint", "Puno": "body"}


def test_marcharon_hacia_a_town_is_body():
    assert by_surface("Los agricultores marcharon hacia Juliaca.") == [("Juliaca", "body")]
    assert by_surface("Protesters marched towards Cusco on Monday.") == [("Cusco", "body")]


def test_road_a_la_altura_de_a_town_is_body():
    got = by_surface("Bloquearon la carretera a la altura de Ayaviri.")
    assert got == [("Ayaviri", "body")]


def test_road_then_a_time_then_a_town_is_body():
    got = by_surface("Despejaron la vía a las cinco de la tarde en Ilave.")
    assert got == [("Ilave", "body")]


def test_travelled_by_road_to_a_town_is_body():
    got = by_surface("A delegation travelled by road to Ayacucho on Monday.")
    assert got == [("Ayacucho", "body")]
    got = by_surface("Los dirigentes viajaron por carretera a Huancayo.")
    assert got == [("Huancayo", "body")]


def test_mention_roles_pure_offsets():
    text = "Titular sobre Tacna\n\nTACNA, 3 de mayo de 2024.- Marcha en Tacna."
    spans = [
        (text.find("Tacna"), text.find("Tacna") + 5),
        (21, 26),
        (text.rfind("Tacna"), len(text) - 1),
    ]
    assert roles.mention_roles(text, spans) == ["headline", "dateline", "body"]


def test_store_keeps_roles(tmp_path):
    from geo.model import Document
    from geo.store import Store

    text = "Juliaca, 12 de marzo de 2024.\nLos agricultores marcharon en Juliaca."
    s = Store.open(tmp_path / "e.sqlite")
    s.add_document(Document(text=text, content_hash="r1"), extract_events(text))
    assert s.events_frame()["role"].tolist() == ["dateline", "body"]
    s.close()


def test_cli_extract_prints_role():
    text = "Juliaca, 12 de marzo de 2024.\nLos agricultores marcharon en Juliaca.\n"
    out = subprocess.run(
        [sys.executable, "-m", "geo", "extract", "-"], input=text, capture_output=True,
        text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["role"] for r in rows] == ["dateline", "body"]
