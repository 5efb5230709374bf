"""Shortcuts taken for speed find exactly what the plain, slower way finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import extract as ex
from geo.textnorm import fold_fast

DATA = Path(__file__).parent / "data"

CRAFTED = [
    "La comunidad de Nueva Esperanza, en el distrito de Imaza, y el caserío de Pampa Grande.",
    "Caserío La Unión de Chota quedó aislado. CASERÍO ALTO perdió su puente.",
    "Residents of the Native village of Santa Rosa del Alto and the community of Bajo Naranjillo.",
    "The village of  Huaca, the hamlet of Tres Cruces, a settlement of Los Olivos.",
    "El Centro Poblado Menor de San Juan de Dios y el anexo de Ccollpa, sector Villa María.",
    "Subsectores y asectores: la localidad de Río Seco; poblado de Los Ángeles.",
    "Puerto Malabrigo, a fishing port in the Rázuri district, and 20 de Enero, a riverside"
    " village in the Nauta district; Juan Irey, a community leader in Atalaya.",
    "Santa María de Nieva, una comunidad de Condorcanqui, y Nuevo Progreso, un caserío del valle.",
    "Lima, Lima, Lima, a town in, " * 50,
    "",
]


def _texts() -> list[str]:
    texts = list(CRAFTED)
    for path in sorted(DATA.glob("eval_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _spans(matches) -> list[tuple[int, int, int, int]]:
    return [(m.start(), m.end(), *m.span("name")) for m in matches]


def test_cued_localities_match_the_full_text_search(texts):
    found = 0
    for text in texts:
        want = _spans(ex._UNKNOWN_LOCALITY.finditer(text))
        assert _spans(ex._cued_localities(text, fold_fast(text))) == want, text[:80]
        found += len(want)
    assert found > 20  # the texts do exercise the pattern


def test_appositive_localities_match_the_full_text_search(texts):
    found = 0
    for text in texts:
        want = _spans(ex._APPOSITIVE_LOCALITY.finditer(text))
        assert _spans(ex._appositive_localities(text)) == want, text[:80]
        found += len(want)
    assert found >= 3
