"""Real communes the landlord owns stock in, and a weighted draw that concentrates the stock
where social housing really is: large communes, above all in the main EPCI (Bordeaux Métropole
for Gironde)."""

from __future__ import annotations

import bisect
import csv
import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from random import Random

from orchestration.demo_landlord.postal_codes import load_postal_codes

REPO_ROOT = Path(__file__).resolve().parents[2]
COMMUNES_PATH = REPO_ROOT / "data" / "reference" / "cog" / "communes.csv"
DEPARTEMENTS_PATH = REPO_ROOT / "data" / "reference" / "cog" / "departements.csv"
EPCI_PATH = REPO_ROOT / "data" / "reference" / "cog" / "epci.csv"


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    name: str
    departement: str
    epci: str
    population: int
    postal_code: str  # main postal code ("" if unknown)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def all_commune_codes(path: Path = COMMUNES_PATH) -> frozenset[str]:
    """Every code of the COG extract (current communes, arrondissements, déléguées)."""
    return frozenset(row["code"] for row in _read(path))


def load_communes(departements: tuple[str, ...], path: Path = COMMUNES_PATH) -> list[Commune]:
    """Communes of the given départements with a population, in code order. Paris, Lyon and
    Marseille come as their municipal arrondissements, the way RPLS codes them (75101…)."""
    postal = load_postal_codes()
    wanted = set(departements)
    rows = [row for row in _read(path) if row["departement"] in wanted
            and row["population"] and int(row["population"]) > 0]
    split = {row["commune_rattachement"] for row in rows
             if row["type"] == "arrondissement-municipal"}
    communes = [
        Commune(row["code"], row["nom"], row["departement"], row["epci"],
                int(row["population"]), postal.get(row["code"], ("",))[0])
        for row in rows
        if (row["type"] == "commune-actuelle" and row["code"] not in split)
        or row["type"] == "arrondissement-municipal"
    ]
    missing = wanted - {c.departement for c in communes}
    if missing:
        raise ValueError(f"unknown département(s): {', '.join(sorted(missing))}")
    return communes


def departement_name(code: str, path: Path = DEPARTEMENTS_PATH) -> str:
    return next(row["nom"] for row in _read(path) if row["code"] == code)


def epci_name(code: str, path: Path = EPCI_PATH) -> str:
    return next((row["nom"] for row in _read(path) if row["code"] == code), "")


def main_commune(communes: list[Commune], departement: str) -> Commune:
    """The most populous commune of a département: head office and centre of the stock."""
    return max((c for c in communes if c.departement == departement),
               key=lambda c: (c.population, c.code))


def unknown_commune_code(departement: str) -> str:
    """A well-formed code of the département that is not in the COG (33999 for Gironde)."""
    known = all_commune_codes()
    width = 5 - len(departement)
    for n in range(10**width - 1, 0, -1):
        code = f"{departement}{n:0{width}d}"
        if code not in known:
            return code
    raise ValueError(f"no free commune code in département {departement}")


class CommunePicker:
    """Draw a commune with probability ∝ population ** exponent, × boost inside the main EPCI."""

    def __init__(self, communes: list[Commune], exponent: float, main_epci: str, boost: float):
        self.communes = communes
        weights = [c.population**exponent * (boost if c.epci == main_epci else 1.0)
                   for c in communes]
        self._cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: Random) -> Commune:
        x = rng.random() * self._cumulative[-1]
        return self.communes[bisect.bisect_right(self._cumulative, x)]
