"""A deterministic news-like corpus (EN/ES, ~3 KB a document) for throughput benchmarks.

Documents mix sentences that name Peruvian units (any level, any spelling the gazetteer
knows), people, foreign countries and dates with sentences that name no place, at roughly
the density of wire news: about a third of the sentences carry a place.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from geo.gazetteer import load_gazetteer

EN = [
    "Protesters blocked the highway near {p} on {d}, demanding the resignation of the governor.",
    "Heavy rains in {p} destroyed crops and damaged homes, local authorities said.",
    "The health ministry reported a rise in dengue cases in {p} and {q} during {m}.",
    "Mining workers in {p} went on strike over unpaid wages, the union said.",
    "Police said the suspects were arrested in {p} after a raid carried out last week.",
    "President {n} visited {p} to inaugurate a hospital, while critics in {f} watched.",
    "Farmers from the province of {p} travelled to the capital to protest.",
    "The regional government of {p} declared a state of emergency from {m} to {m2}.",
]
ES = [
    "Pobladores de {p} bloquearon la carretera el {d} en rechazo al proyecto minero.",
    "Las lluvias en {p} dejaron cientos de damnificados, informó el COEN.",
    "El Minsa reportó un aumento de casos de dengue en {p} y {q} entre {m} y {m2}.",
    "Trabajadores del distrito de {p} acataron una huelga indefinida, según el sindicato.",
    "La policía detuvo a tres sospechosos en {p} tras un operativo realizado ayer.",
    "El presidente {n} llegó a {p} para inaugurar una carretera, mientras en {f} hubo críticas.",
    "El gobierno regional de {p} declaró la emergencia por las heladas.",
]
FILLER_EN = [
    "The minister said the government would publish a detailed plan in the coming weeks.",
    "Analysts warned that the measures could raise prices for consumers and small businesses.",
    "The opposition called the decision rushed and demanded a debate in Congress.",
    "Union leaders said they would continue the talks but did not rule out new strikes.",
    "A spokesperson for {n} declined to comment on the allegations.",
    "The report, prepared by independent experts, has not yet been made public.",
    "Residents told reporters that they had received no help so far.",
]
FILLER_ES = [
    "El ministro indicó que el Ejecutivo publicará un plan detallado en las próximas semanas.",
    "Los analistas advirtieron que las medidas podrían elevar los precios para los consumidores.",
    "La oposición calificó la decisión de apresurada y pidió un debate en el Congreso.",
    "Los dirigentes señalaron que continuarán el diálogo, pero no descartan nuevas medidas.",
    "Un vocero de {n} evitó comentar las denuncias.",
    "El informe, elaborado por especialistas independientes, aún no se ha hecho público.",
    "Los vecinos contaron a la prensa que hasta ahora no han recibido ayuda.",
]
PEOPLE = ["Pedro Castillo", "Dina Boluarte", "Martín Vizcarra", "Keiko Fujimori", "Ollanta Humala"]
FOREIGN = ["Chile", "Bolivia", "Brasil", "Colombia", "Ecuador", "México", "Estados Unidos", "China"]
MONTHS_EN = ["January", "March", "May", "July", "September", "December"]
MONTHS_ES = ["enero", "marzo", "mayo", "julio", "septiembre", "diciembre"]


def generate(
    n_docs: int, seed: int = 7, target_bytes: int = 3000, place_share: float = 0.35
) -> Iterator[str]:
    """Yield n_docs documents of about target_bytes UTF-8 bytes each."""
    rnd = random.Random(seed)
    gaz = load_gazetteer()
    names = sorted({u.name for u in gaz.units.values()})
    for _ in range(n_docs):
        spanish = rnd.random() < 0.5
        templates, filler = (ES, FILLER_ES) if spanish else (EN, FILLER_EN)
        months = MONTHS_ES if spanish else MONTHS_EN
        parts: list[str] = []
        size = 0
        while size < target_bytes:
            pool = templates if rnd.random() < place_share else filler
            s = rnd.choice(pool).format(
                p=rnd.choice(names),
                q=rnd.choice(names),
                n=rnd.choice(PEOPLE),
                f=rnd.choice(FOREIGN),
                d=f"{rnd.randint(1, 28)} {'de ' if spanish else ''}{rnd.choice(months)}",
                m=rnd.choice(months),
                m2=rnd.choice(months),
            )
            parts.append(s)
            size += len(s.encode("utf-8")) + 1
        yield " ".join(parts)
