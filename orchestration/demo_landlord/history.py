"""What happens to the stock between millésimes: sales, a demolition, renovations, DPE
campaigns, new buildings.

Events of calendar year Y-1 show in millésime Y (state at 1 January). A sold or demolished
dwelling has one more line, with SORTIEPATRIM and MODE 9, in the millésime after the event,
then disappears; that is also true of the first millésime, which therefore already shows the
exits of the previous year. Renovations, campaigns and deliveries start from the second one.
"""

from __future__ import annotations

import math
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.dpe import (
    CLASS_INDEX,
    NEW_METHOD_START,
    LabelScale,
    labelled_state,
    new_build_state,
    renovated_state,
)
from orchestration.demo_landlord.model import NEVER, NO_LABEL, Building, DpeState
from orchestration.demo_landlord.occupancy import month_index
from orchestration.demo_landlord.sampling import weighted_order
from orchestration.demo_landlord.stock import BuildingFactory

_WORST_WEIGHT = {CLASS_INDEX[c]: w for c, w in cal.RENOVATION_WEIGHT.items()}


def owned(buildings: list[Building], t: int) -> int:
    """Dwellings owned at 1 January of millésime t (lines minus exit lines)."""
    return sum(b.units_present(t) - b.units_leaving(t) for b in buildings)


def line_counts(buildings: list[Building], n_millesimes: int) -> list[int]:
    """Dwelling lines of each millésime file (before defects)."""
    return [sum(b.units_present(t) for b in buildings) for t in range(n_millesimes)]


def _event_month(rng: Random, previous_year: int, year: int) -> int:
    """A month of the calendar years between two millésimes."""
    return rng.randint(month_index(previous_year, 1), month_index(year - 1, 12))


def _demolish(rng: Random, buildings: list[Building], t: int, stock: int, years: int) -> None:
    target = max(1, round(stock * cal.DEMOLITION_RATE * years))
    largest = max(12, round(stock * cal.DEMOLITION_MAX_BUILDING_SHARE))
    old_estates = [
        b for b in buildings
        if b.typeconst == "C" and 1950 <= b.construct <= 1976 and b.first_t < max(t, 1)
        and b.exit_t == NEVER and not b.sales and not b.on_sale and b.renovated_t == NEVER
    ]
    candidates = [b for b in old_estates if b.n_units <= largest]
    if not candidates and old_estates:  # small landlord: its smallest old estate goes,
        smallest = min(old_estates, key=lambda b: (b.n_units, b.serial))
        if smallest.n_units <= stock * cal.DEMOLITION_MAX_SMALL_LANDLORD_SHARE:
            candidates = [smallest]  # unless that would empty a good part of the stock
    for b in weighted_order(rng, candidates, lambda b: 3.0 if b.qpv else 1.0):
        if target <= 0:
            break
        b.exit_t = t
        target -= b.n_units


def _sell(rng: Random, buildings: list[Building], t: int, stock: int, years: int) -> None:
    target = round(stock * cal.SALES_RATE * years)
    if target == 0:
        return

    def sellable(b: Building) -> bool:
        return b.first_t < max(t, 1) and b.exit_t > t

    houses = [b for b in buildings if b.typeconst == "I" and sellable(b)]
    to_houses = round(target * cal.SALES_FROM_HOUSES)
    for b in weighted_order(rng, houses, lambda b: 1.0)[:to_houses]:
        free = [u for u in range(b.n_units) if u not in b.sales]
        if free:
            b.sales[rng.choice(free)] = t
            target -= 1
    # collective buildings put on sale (CUS PP-4): sell some of their dwellings each year
    for_sale = [b for b in buildings if b.on_sale and sellable(b) and len(b.sales) < b.n_units]
    if not for_sale:
        candidates = [b for b in buildings if b.typeconst == "C" and sellable(b)
                      and 1970 <= b.construct <= 2000 and not b.qpv and b.n_units <= 40]
        for b in weighted_order(rng, candidates, lambda b: 1.0)[:2]:
            b.on_sale = True
            for_sale.append(b)
    for b in for_sale:
        free = [u for u in range(b.n_units) if u not in b.sales]
        share = min(len(free), math.ceil(target / len(for_sale)))
        for u in rng.sample(free, share):
            b.sales[u] = t
        target -= share


def _renovate(rng: Random, buildings: list[Building], t: int, stock: int, years: int,
              previous_year: int, year: int) -> None:
    target = round(stock * cal.RENOVATION_RATE * years)

    def worst(b: Building) -> float:
        return max((_WORST_WEIGHT.get(c, 0.0) for c in set(b.dpe[t].classes)), default=0.0)

    candidates = [b for b in buildings if b.first_t < t and b.exit_t > t
                  and b.renovated_t == NEVER and worst(b) > 0]
    for b in weighted_order(rng, candidates, worst):
        if target <= 0:
            break
        b.dpe[t] = renovated_state(rng, b.dpe[t], _event_month(rng, previous_year, year))
        b.renovated_t = t
        target -= b.n_units


def _dpe_campaigns(rng: Random, buildings: list[Building], t: int, scale: LabelScale,
                   years: int, previous_year: int, year: int) -> None:
    """Unlabelled dwellings get a DPE; some pre-2021 DPE are redone (same class)."""
    unlabelled = [b for b in buildings if b.first_t < t and b.exit_t > t
                  and NO_LABEL in b.dpe[t].classes]
    target = round(sum(b.dpe[t].classes.count(NO_LABEL) for b in unlabelled)
                   * min(1.0, cal.DPE_CAMPAIGN_SHARE * years))
    for b in weighted_order(rng, unlabelled, lambda b: 1.0):
        if target <= 0:
            break
        target -= b.dpe[t].classes.count(NO_LABEL)
        b.dpe[t] = labelled_state(b.dpe[t], scale, b.score,
                                  _event_month(rng, previous_year, year))
    old = [b for b in buildings if b.first_t < t and b.exit_t > t
           and 0 <= b.dpe[t].month < NEW_METHOD_START and b.renovated_t != t]
    redo = round(len(old) * min(1.0, cal.OLD_DPE_REDONE_SHARE * years))
    for b in weighted_order(rng, old, lambda b: 1.0)[:redo]:
        state = b.dpe[t]
        b.dpe[t] = DpeState(state.classes, _event_month(rng, previous_year, year))


def _deliver(rng: Random, factory: BuildingFactory, buildings: list[Building], t: int,
             stock: int, years: int, previous_year: int, year: int) -> None:
    target = round(stock * cal.DELIVERY_RATE * years)
    while target > 0:
        b = factory.delivered(rng, rng.randint(previous_year, year - 1), first_t=t)
        b.dpe[t] = new_build_state(rng, b)
        buildings.append(b)
        target -= b.n_units


def plan_history(rng: Random, factory: BuildingFactory, buildings: list[Building],
                 scale: LabelScale) -> None:
    """Apply the events of every millésime, in place (buildings may be appended)."""
    millesimes = factory.millesimes
    for t, year in enumerate(millesimes):
        previous_year = millesimes[t - 1] if t else year - 1
        years = year - previous_year
        if t:
            for b in buildings:
                if b.first_t < t and b.exit_t >= t:
                    b.dpe[t] = b.dpe[t - 1]
        stock = owned(buildings, t - 1) if t else sum(b.n_units for b in buildings)
        _demolish(rng, buildings, t, stock, years)
        _sell(rng, buildings, t, stock, years)
        if t:
            _renovate(rng, buildings, t, stock, years, previous_year, year)
            _dpe_campaigns(rng, buildings, t, scale, years, previous_year, year)
            _deliver(rng, factory, buildings, t, stock, years, previous_year, year)
