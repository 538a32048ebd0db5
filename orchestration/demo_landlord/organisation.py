"""The landlord's territorial organisation: directions territoriales, agencies, and what each
agency covers (whole communes, or buildings where a commune is too big for one agency).

Agencies hold about AGENCY_DWELLINGS dwellings each; they are filled commune by commune, the
main EPCI first, then the other EPCIs by decreasing stock, so that an agency covers
neighbouring communes of one EPCI where possible (the COG extract has no coordinates: EPCIs
are the geography). A commune larger than an agency (Bordeaux) is split by streets into
several agencies covering buildings. Directions group consecutive agencies.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.communes import Commune
from orchestration.demo_landlord.model import Building, Landlord
from orchestration.demo_landlord.source_files import (
    DUPLICATE_ID,
    INVALID_CODE,
    MISSING_VALUE,
    SourceFormat,
)

# Well-known abbreviations; other communes use the first three letters of their name.
ABBREVIATIONS = {"33063": "BDX", "75056": "PAR", "69123": "LYO", "13055": "MRS", "31555": "TLS"}


@dataclass
class Unit:
    code: str
    name: str
    unit_type: str  # direction_territoriale | agence
    parent: str = ""
    communes: list[str] = field(default_factory=list)
    buildings: list[str] = field(default_factory=list)
    dwellings: int = 0
    lead: str = ""  # code of its largest commune


@dataclass
class Organisation:
    landlord: Landlord
    directions: list[Unit]
    agencies: list[Unit]
    agency_of_commune: dict[str, str]
    agency_of_building: dict[str, str]  # buildings of split communes only

    def agency(self, building: Building) -> str:
        return self.agency_of_building.get(building.immeuble) or \
            self.agency_of_commune[building.commune.code]

    def direction(self, building: Building) -> str:
        return self._parent[self.agency(building)]

    def __post_init__(self) -> None:
        self._parent = {a.code: a.parent for a in self.agencies}


def _abbreviation(commune: Commune) -> str:
    if commune.code in ABBREVIATIONS:
        return ABBREVIATIONS[commune.code]
    text = unicodedata.normalize("NFKD", commune.name).encode("ascii", "ignore").decode()
    letters = "".join(ch for ch in text.upper() if ch.isalpha())
    for prefix in ("SAINTE", "SAINT", "LE", "LA", "LES"):  # Saint-Médard -> MED
        if letters.startswith(prefix) and len(letters) > len(prefix) + 2 and \
                text.upper().startswith(prefix + ("-" if prefix.startswith("SAINT") else " ")):
            letters = letters[len(prefix):]
            break
    return (letters + "XXX")[:3]


def _unique(code: str, taken: set[str]) -> str:
    n = 1
    while f"{code}-{n:02d}" in taken:
        n += 1
    taken.add(f"{code}-{n:02d}")
    return f"{code}-{n:02d}"


def plan_organisation(landlord: Landlord, buildings: list[Building]) -> Organisation:
    """Units from every building that appears in any millésime (the organisation chart at the
    cut-off still lists the streets of a building demolished during the last year)."""
    stock: Counter[str] = Counter()
    communes: dict[str, Commune] = {}
    by_commune: dict[str, list[Building]] = defaultdict(list)
    for b in buildings:
        stock[b.commune.code] += b.n_units
        communes[b.commune.code] = b.commune
        by_commune[b.commune.code].append(b)
    total = sum(stock.values())
    n_agencies = max(cal.MIN_AGENCIES, round(total / cal.AGENCY_DWELLINGS))
    n_directions = max(cal.MIN_DIRECTIONS, round(total / cal.DIRECTION_DWELLINGS))
    n_directions = min(n_directions, n_agencies)
    target = total / n_agencies

    epci_stock: Counter[str] = Counter()
    for code, n in stock.items():
        epci_stock[communes[code].epci] += n
    main = landlord.main_epci

    def commune_order(code: str) -> tuple:
        epci = communes[code].epci
        return (epci != main, -epci_stock[epci], epci, -stock[code], code)

    # a commune bigger than an agency is split along its streets into agencies of buildings
    taken: set[str] = set()
    agencies: list[Unit] = []
    whole: list[str] = []
    for code in sorted(stock, key=commune_order):
        if stock[code] <= 1.5 * target:
            whole.append(code)
            continue
        parts = round(stock[code] / target)
        share = stock[code] / parts
        streets = sorted(by_commune[code], key=lambda b: (b.nomvoie, b.typvoie,
                                                          _number(b.numvoie), b.serial))
        chunks: list[list[Building]] = [[]]
        size = 0
        for b in streets:
            if size >= share and len(chunks) < parts:
                chunks.append([])
                size = 0
            chunks[-1].append(b)
            size += b.n_units
        commune = communes[code]
        for i, chunk in enumerate(chunks, start=1):
            unit = Unit(_unique("AG-" + _abbreviation(commune), taken),
                        f"Agence {commune.name} {i}", "agence",
                        dwellings=sum(b.n_units for b in chunk))
            unit.buildings = [b.immeuble for b in chunk]
            unit.lead = code
            agencies.append(unit)

    # the other communes: consecutive in EPCI order, cut at equal shares of their stock
    rest = sum(stock[c] for c in whole)
    n_rest = max(1, n_agencies - len(agencies)) if whole else 0
    groups: list[list[str]] = [[]] if whole else []
    done = 0
    for code in whole:
        if groups[-1] and len(groups) < n_rest and done + stock[code] / 2 > \
                rest * len(groups) / n_rest:
            groups.append([])
        groups[-1].append(code)
        done += stock[code]
    named: Counter[str] = Counter()
    for group in groups:
        lead = communes[max(group, key=lambda c: (stock[c], c))]
        named[lead.name] += 1
        unit = Unit(_unique("AG-" + _abbreviation(lead), taken),
                    f"Agence {lead.name}" + (f" {named[lead.name]}" if named[lead.name] > 1
                                             else ""),
                    "agence", dwellings=sum(stock[c] for c in group))
        unit.communes = list(group)
        unit.lead = lead.code
        agencies.append(unit)
    # agencies in territorial order: the split commune's agencies sit with their EPCI
    first_commune = {a.code: (a.communes[0] if a.communes else
                              next(b.commune.code for b in buildings
                                   if b.immeuble == a.buildings[0])) for a in agencies}
    agencies.sort(key=lambda a: (commune_order(first_commune[a.code]), a.code))

    # directions: consecutive agencies of about equal stock
    directions: list[Unit] = []
    members: list[list[Unit]] = [[]]
    done = 0
    for agency in agencies:
        if members[-1] and len(members) < n_directions and \
                done + agency.dwellings / 2 > total * len(members) / n_directions:
            members.append([])
        members[-1].append(agency)
        done += agency.dwellings
    leads = [communes[max(group, key=lambda a: (a.dwellings, a.code)).lead]
             for group in members]
    bases = ["DT-" + _abbreviation(c) for c in leads]
    repeated, same_name = Counter(bases), Counter(c.name for c in leads)
    seen: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for group, lead, base in zip(members, leads, bases):
        seen[base] += 1
        named[lead.name] += 1
        code = f"{base}-{seen[base]:02d}" if repeated[base] > 1 else base
        name = f"Direction territoriale {lead.name}" + (
            f" {named[lead.name]}" if same_name[lead.name] > 1 else "")
        unit = Unit(code, name, "direction_territoriale",
                    dwellings=sum(a.dwellings for a in group), lead=lead.code)
        for a in group:
            a.parent = code
        directions.append(unit)

    agency_of_commune = {c: a.code for a in agencies for c in a.communes}
    agency_of_building = {b: a.code for a in agencies for b in a.buildings}
    return Organisation(landlord, directions, agencies, agency_of_commune, agency_of_building)


def _number(numvoie: str) -> int:
    return int(numvoie) if numvoie.isdigit() else 0


def organisation_rows(org: Organisation) -> list[list[str]]:
    """One line per unit, then one line per element an agency covers."""
    rows = []
    landlord = org.landlord.ministry_number
    for d in org.directions:
        rows.append([landlord, d.code, d.name, "direction_territoriale", "", "aucun", "-"])
        for a in (a for a in org.agencies if a.parent == d.code):
            for c in a.communes:
                rows.append([landlord, a.code, a.name, "agence", d.code, "commune", c])
            for b in a.buildings:
                rows.append([landlord, a.code, a.name, "agence", d.code, "immeuble", b])
    return rows


def expected_units(total_dwellings: int) -> tuple[int, int]:
    """(directions, agencies) for a stock size, as plan_organisation computes them."""
    agencies = max(cal.MIN_AGENCIES, round(total_dwellings / cal.AGENCY_DWELLINGS))
    directions = max(cal.MIN_DIRECTIONS, round(total_dwellings / cal.DIRECTION_DWELLINGS))
    return min(directions, agencies), agencies



def _damage(cls: str, r: list[str], rng: Random):
    if cls == INVALID_CODE:
        choice = rng.randrange(3)
        if choice == 0:
            r[3] = "agency" if r[3] == "agence" else "direction"
            return "unit_type", r[3]
        if choice == 1 and r[5] != "aucun":
            r[5] = rng.choice(("rue", "quartier"))
            return "covers_type", r[5]
        r[0] = r[0].lower() if r[0] != r[0].lower() else r[0] + "X"
        return "landlord_id", r[0]
    if cls == MISSING_VALUE:
        if r[3] != "agence":
            return None
        r[4] = ""
        return "parent_code", ""
    return None


ORGANISATION = SourceFormat(
    "organisation", "csv",
    ("landlord_id", "unit_code", "unit_name", "unit_type", "parent_code", "covers_type",
     "covers_code"),
    "unit_code", (INVALID_CODE, MISSING_VALUE, DUPLICATE_ID), _damage,
    separator=",", encoding="utf-8", newline="\n")
