"""Synthetic but familiar French addresses: each commune gets its own set of streets (the same
for a given seed), named the way French streets are (Jean Jaurès, de la République...).

Street names are upper case like landlord exports; a few carry accents, as real exports do,
so that UTF-8 files contain multi-byte characters.
"""

from __future__ import annotations

import zlib
from random import Random

from orchestration.demo_landlord.sampling import draw, table

STREET_TYPES = table((("RUE", 0.46), ("AV", 0.16), ("ALL", 0.10), ("CHE", 0.06), ("BD", 0.05),
                ("IMP", 0.05), ("PL", 0.04), ("CRS", 0.03), ("RTE", 0.03), ("SQ", 0.02)))
HOUSE_STREET_TYPES = table((("RUE", 0.35), ("ALL", 0.25), ("IMP", 0.20), ("CHE", 0.15),
                            ("RTE", 0.05)))

STREET_NAMES = (
    "JEAN JAURES", "VICTOR HUGO", "LOUIS PASTEUR", "GAMBETTA", "DE LA REPUBLIQUE",
    "JULES FERRY", "DU GENERAL DE GAULLE", "DE LA LIBERATION", "ARISTIDE BRIAND",
    "DES ECOLES", "DE LA GARE", "DU MOULIN", "DES VIGNES", "DES PINS", "FRANCOIS MITTERRAND",
    "PIERRE MENDES FRANCE", "JEAN MOULIN", "DU 8 MAI 1945", "DU 11 NOVEMBRE 1918",
    "ALBERT CAMUS", "GEORGES BRASSENS", "JACQUES PREVERT", "EMILE ZOLA", "ANATOLE FRANCE",
    "DE VERDUN", "SALVADOR ALLENDE", "PABLO NERUDA", "DU STADE", "DES VIGNOBLES",
    "DE LA GARONNE", "DU PORT", "MONTESQUIEU", "FRANCOIS MAURIAC", "DE LA FORET",
    "DES LANDES", "DU CHATEAU", "DES ACACIAS", "DES TILLEULS", "DE LA PAIX", "MARCEL PAGNOL",
    "LEON BLUM", "JEAN MERMOZ", "ROGER SALENGRO", "MARIE CURIE", "LOUISE MICHEL",
    "SIMONE VEIL", "OLYMPE DE GOUGES", "GUSTAVE EIFFEL", "DU PRESIDENT WILSON", "CARNOT",
    "DES PEUPLIERS", "DES CHENES", "DU LAVOIR", "DE LA MAIRIE", "DES CAMELIAS",
    "ANDRE MALRAUX", "CHARLES PEGUY", "ALPHONSE DAUDET", "PAUL VERLAINE", "ARTHUR RIMBAUD",
    "JEAN MONNET", "ROBERT SCHUMAN", "MAX LINDER", "DES ARTISANS", "DU COMMANDANT CHARCOT",
    "DE L'ÉGLISE", "DES PRÉS", "DU GÉNÉRAL LECLERC", "DE LA FRATERNITÉ", "DES ÉCOLIERS",
    "DE L'ÉTANG", "DU MARÉCHAL FOCH", "DE LA LIBERTÉ",
)
# Street names with a non-ASCII character, for the broken-encoding defect.
ACCENTED_STREET_NAMES = tuple(n for n in STREET_NAMES if not n.isascii())

RESIDENCE_NAMES = (
    "LES ACACIAS", "LES GLYCINES", "LE PARC", "LES PINS", "LES HAUTS DE GARONNE",
    "LES CHARMILLES", "LE BOSQUET", "LES MAGNOLIAS", "LES JARDINS", "LE CLOS FLEURI",
    "LES TERRASSES", "LES CEDRES", "LE VAL", "LES IRIS", "LES ARCADES", "LES PEUPLIERS",
    "LE HAMEAU", "LES SABLINES", "LES TAMARIS", "LES PRAIRIES", "LE BELVÉDÈRE",
    "LES CHÊNES", "LES ÉRABLES", "LE MOULIN", "LES VIGNES", "LES CYPRES", "LES LILAS",
    "LES MIMOSAS", "LE CLOS DES ROSES", "LES GENETS",
)


class StreetBook:
    """Streets of each commune, drawn once per (seed, commune) so that buildings of the same
    commune share streets, and independent of the order communes are first asked for."""

    def __init__(self, seed: int):
        self.seed = seed
        self._streets: dict[str, list[tuple[str, str]]] = {}

    def streets(self, commune_code: str, population: int) -> list[tuple[str, str]]:
        streets = self._streets.get(commune_code)
        if streets is None:
            rng = Random(self.seed * 1_000_003 + zlib.crc32(commune_code.encode()))
            count = min(len(STREET_NAMES), 4 + population // 4000)
            names = rng.sample(STREET_NAMES, count)
            streets = [(draw(rng, STREET_TYPES), name) for name in names]
            self._streets[commune_code] = streets
        return streets

    def pick(self, rng: Random, commune_code: str, population: int,
             house: bool = False) -> tuple[str, str]:
        typvoie, name = rng.choice(self.streets(commune_code, population))
        if house and typvoie not in HOUSE_STREET_TYPES[0]:
            typvoie = draw(rng, HOUSE_STREET_TYPES)
        return typvoie, name
