"""Works and deliveries, as the asset-management department keeps them.

Works: the renovations the RPLS history shows (label before = the worst label of the building
before, after = its worst label after, ending just before the new DPE), older renovations that
explain the first millésime's recent DPE, renovations still running at the cut-off, and
component replacements that change no label. Deliveries: every new or VEFA building first let
since the start of the works history, one line per financing, from its dwellings' FINAN.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.communes import unknown_commune_code
from orchestration.demo_landlord.dwellings import DwellingFacts
from orchestration.demo_landlord.model import NEVER, NO_LABEL, Building
from orchestration.demo_landlord.occupancy import month_index
from orchestration.demo_landlord.rpls_writer import COLUMN_INDEX as I
from orchestration.demo_landlord.source_files import (
    CLOSING_BEFORE_OPENING,
    DUPLICATE_ID,
    IMPOSSIBLE_DATE,
    INVALID_CODE,
    OUT_OF_RANGE,
    UNKNOWN_COMMUNE,
    SourceFormat,
)
from orchestration.demo_landlord.tenancy import impossible_fr_date, impossible_iso_date
from orchestration.demo_landlord.timeline import (
    date_of,
    day_number,
    fr_amount,
    fr_date,
    iso_date,
    month_start_day,
)
from orchestration.demo_landlord.world import World

LETTERS = "ABCDEFG"
FINANCING = {"10": "PLAI", "11": "PLAI", "12": "PLUS", "13": "PLUS", "15": "PLUS",
             "17": "PLUS", "14": "PLS", "16": "PLI"}
OPERATION_LABELS = {
    "rehabilitation": "Réhabilitation",
    "renovation_energetique": "Rénovation énergétique",
    "remplacement_composants": "Remplacement de composants",
}


def worst(classes: bytes) -> str:
    labelled = [c for c in classes if c != NO_LABEL]
    return LETTERS[max(labelled)] if labelled else ""


def _damage_works(cls: str, r: list[str], rng: Random):
    if cls == CLOSING_BEFORE_OPENING:
        start = r[4]
        d = day_number(dt.date(int(start[6:]), int(start[3:5]), int(start[:2])))
        r[5] = fr_date(d - rng.randint(15, 200))
        return "end_date", r[5]
    if cls == IMPOSSIBLE_DATE:
        r[4] = impossible_fr_date(rng, r[4])
        return "start_date", r[4]
    if cls == INVALID_CODE:
        if rng.random() < 0.5:
            r[8] = "H"
            return "dpe_after", "H"
        r[2] = rng.choice(("réhabilitation", "demolition"))
        return "operation_type", r[2]
    if cls == OUT_OF_RANGE:
        if rng.random() < 0.5:
            r[6] = "-" + r[6]
            return "cost_eur", r[6]
        r[3] = "0"
        return "dwellings_concerned", "0"
    return None


WORKS = SourceFormat(
    "works", "csv",
    ("operation_id", "building_id", "operation_type", "dwellings_concerned", "start_date",
     "end_date", "cost_eur", "dpe_before", "dpe_after", "cdc_loan_eligible",
     "libelle_operation"),
    "operation_id", (CLOSING_BEFORE_OPENING, IMPOSSIBLE_DATE, INVALID_CODE, OUT_OF_RANGE,
                     DUPLICATE_ID), _damage_works,
    separator=";", encoding="cp1252", newline="\r\n")


def _damage_deliveries(cls: str, r: list[str], rng: Random):
    if cls == UNKNOWN_COMMUNE:
        r[2] = unknown_commune_code(r[2][:2])
        return "commune_code", r[2]
    if cls == IMPOSSIBLE_DATE:
        r[3] = impossible_iso_date(rng, r[3])
        return "delivery_date", r[3]
    if cls == INVALID_CODE:
        r[4] = rng.choice(("PLA-I", "PLUS-CD", "LLI"))
        return "financing", r[4]
    if cls == OUT_OF_RANGE:
        r[5] = "0"
        return "dwellings", "0"
    return None


DELIVERIES = SourceFormat(
    "deliveries", "csv",
    ("operation_id", "building_id", "commune_code", "delivery_date", "financing", "dwellings",
     "is_in_qpv", "nom_programme", "mode_production"),
    "operation_id", (UNKNOWN_COMMUNE, IMPOSSIBLE_DATE, INVALID_CODE, OUT_OF_RANGE, DUPLICATE_ID),
    _damage_deliveries, separator=",", encoding="utf-8", newline="\n")


def _owned_units(b: Building, t: int) -> int:
    return max(1, b.units_present(t) - b.units_leaving(t))


def _cost(rng: Random, kind: str, units: int) -> float:
    low, high = (cal.COMPONENT_COST_PER_DWELLING if kind == "remplacement_composants"
                 else cal.RENOVATION_COST_PER_DWELLING)
    per = rng.uniform(low, high) * (1.1 if kind == "rehabilitation" else 1.0)
    return round(per * units, 2)


def residence_name(b: Building) -> str:
    return b.residence.title().replace("Residence ", "Résidence ")


def _label(kind: str, b: Building) -> str:
    place = residence_name(b) if b.residence else f"{b.commune.name} – {b.immeuble}"
    return f"{OPERATION_LABELS[kind]} – {place}"


def works_operations(world: World, buildings: list[Building]) -> list[list[str]]:
    """All operations, sorted by start date."""
    ms = world.millesimes
    last = len(ms) - 1
    history_start = month_index(world.history_start_year, 1)
    ops: list[tuple[int, str, list[str]]] = []  # (start day, tie-break, row)

    first_day = day_number(dt.date(world.history_start_year, 1, 1))

    def add(b: Building, kind: str, units: int, start: int, end: int | None, before: str,
            after: str, r: Random) -> None:
        start = max(start, first_day)  # the file starts with the works history
        eligible = r.random() < cal.CDC_ELIGIBLE_SHARE[kind]
        ops.append((start, b.immeuble, [
            "", b.immeuble, kind, str(units), fr_date(start),
            fr_date(end) if end is not None else "", fr_amount(_cost(r, kind, units)), before,
            after, "oui" if eligible else "non", _label(kind, b)]))

    for b in buildings:
        r = world.rng("works", b.serial)
        # renovations of the RPLS history: the works end before the DPE that follows them
        if b.renovated_t != NEVER:
            t = b.renovated_t
            month = b.dpe[t].month
            end = month_start_day(month - r.randint(1, 3)) + r.randrange(28)
            start = end - r.randint(*cal.RENOVATION_DURATION_DAYS)
            kind = "renovation_energetique" if r.random() < cal.ENERGY_RENOVATION_SHARE \
                else "rehabilitation"
            add(b, kind, _owned_units(b, t), start, end, worst(b.dpe[t - 1].classes),
                worst(b.dpe[t].classes), r)
        # older renovations: the recent DPE of the first millésime came after works
        state = b.dpe[b.first_t] if b.first_t < len(b.dpe) else None
        if (b.first_t == 0 and state is not None and state.month >= history_start + 6
                and b.construct < cal.PAST_RENOVATION_BUILT_BEFORE and worst(state.classes)
                and worst(state.classes) <= "D" and r.random() < cal.PAST_RENOVATION_SHARE):
            end = month_start_day(state.month - r.randint(1, 3)) + r.randrange(28)
            start = end - r.randint(*cal.RENOVATION_DURATION_DAYS)
            after = worst(state.classes)
            before = LETTERS[min(6, LETTERS.index(after) + r.randint(1, 3))]
            kind = "renovation_energetique" if r.random() < 0.5 else "rehabilitation"
            add(b, kind, _owned_units(b, 0), start, end, before, after, r)
        # renovations running at the cut-off on buildings still rated E, F or G
        if (b.exit_t == NEVER and b.renovated_t == NEVER and b.first_t < last
                and worst(b.dpe[last].classes) in ("E", "F", "G")
                and r.random() < cal.ONGOING_RENOVATION_SHARE):
            start = world.cutoff_day - r.randint(30, 330)
            add(b, "renovation_energetique", _owned_units(b, last), start, None,
                worst(b.dpe[last].classes), "", r)
        # component replacements (windows, boilers, roofs...): no label change
        for year in range(world.history_start_year, world.operating_year + 1):
            if year < ms[b.first_t] - 1 or (b.exit_t != NEVER and year >= ms[b.exit_t] - 1):
                continue
            if r.random() >= cal.COMPONENT_WORKS_RATE:
                continue
            start = day_number(dt.date(year, 1, 1)) + r.randrange(300)
            end = start + r.randint(30, 150)
            add(b, "remplacement_composants", _owned_units(b, min(last, max(b.first_t, 0))),
                start, end if end < world.cutoff_day else None, "", "", r)
    ops.sort(key=lambda op: (op[0], op[1], op[2][2]))
    rows = []
    per_year: Counter[int] = Counter()
    for start, _, row in ops:
        year = date_of(start).year
        per_year[year] += 1
        row[0] = f"OP{year}-{per_year[year]:05d}"
        rows.append(row)
    return rows


class Deliveries:
    """Collects the deliveries while the buildings stream by, writes them sorted by date."""

    def __init__(self, world: World):
        self.world = world
        self.rows: list[tuple[int, str, list[str]]] = []

    def building(self, b: Building, dwellings: list[DwellingFacts]) -> None:
        first_let_year = b.first_let_month // 12
        if first_let_year < self.world.history_start_year or first_let_year >= \
                self.world.cutoff_year or b.origine not in ("1", "4"):
            return
        financing: Counter[str] = Counter()
        for facts in dwellings:
            line = facts.lines[0][1]
            financing[FINANCING.get(line[I["finan"]], "autre")] += 1
        day = month_start_day(b.first_let_month)
        name = residence_name(b) if b.residence else f"Programme {b.commune.name}"
        mode = "VEFA" if b.origine == "4" else "Maîtrise d'ouvrage directe"
        for code in ("PLAI", "PLUS", "PLS", "PLI", "autre"):
            if financing[code]:
                self.rows.append((day, b.immeuble, [
                    f"PRG-{b.immeuble[1:]}", b.immeuble, b.commune.code, iso_date(day), code,
                    str(financing[code]), "true" if b.qpv else "false", name, mode]))

    def sorted_rows(self) -> list[list[str]]:
        return [row for _, _, row in sorted(self.rows, key=lambda r: (r[0], r[1]))]

