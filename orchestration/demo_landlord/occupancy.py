"""Occupancy of one dwelling through time: leases, vacancies, works (MODE, BAIL, REMLOCDATE).

Each dwelling follows a small renewal process in months (tenants leave at a constant hazard,
the dwelling may go through works, then waits on the market, then is let again), so the states
seen at 1 January of consecutive millésimes are consistent with each other: a lease that starts
between two millésimes shows as a new BAIL, a vacancy keeps its REMLOCDATE while it lasts.
The parameters in `calibration` reproduce the SDES vacancy, long-vacancy and mobility rates.

Months are integer indices: `year * 12 + month - 1`. The state "at 1 January of Y" is the
state during December of Y-1, so a lease taking effect in January Y is not yet in force.
"""

from __future__ import annotations

import math
from random import Random
from typing import NamedTuple

from orchestration.demo_landlord import calibration as cal

LET, VACANT, WORKS, NOT_YET = 1, 2, 3, 0

_DEPARTURE_RATE = -math.log(1.0 - cal.DEPARTURE_RATE_PER_YEAR) / 12.0  # per month
EARLIEST_LEASE = cal.EARLIEST_LEASE_YEAR * 12  # January


class Occupancy(NamedTuple):
    """State at one snapshot: MODE (0 if the dwelling was not yet available), lease start and
    the last date it was available for letting (month indices, or -1 when not applicable)."""

    mode: int
    bail: int
    remloc: int


class Spell(NamedTuple):
    """A stretch of a dwelling's timeline in months [begin, end): LET (begin = lease start),
    WORKS or VACANT."""

    kind: int
    begin: int
    end: int


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def format_month(index: int) -> str:
    """mm/yyyy, the RPLS date format."""
    return f"{index % 12 + 1:02d}/{index // 12}"


def _vacancy_months(rng: Random) -> int:
    if rng.random() < cal.SHORT_VACANCY_SHARE:
        return rng.randint(*cal.SHORT_VACANCY_MONTHS)
    extra = int(rng.expovariate(1.0 / cal.LONG_VACANCY_MEAN_EXTRA_MONTHS))
    return min(cal.VACANCY_CAP_MONTHS, cal.LONG_VACANCY_MIN_MONTHS + extra)


def simulate(rng: Random, first_let_month: int, snapshots: list[int],
             spells: list[Spell] | None = None) -> list[Occupancy]:
    """States of a dwelling first offered for letting in `first_let_month`, at each snapshot
    (month index of 1 January, ascending).

    When `spells` is given it receives the whole timeline, snapshots or not (same draws, so the
    states are the same): LET spells start at the lease start (before the simulation window for
    a lease already running), and the last spell is the next lease, whose end is not drawn
    (`end` = -1)."""
    out: list[Occupancy] = []
    n = len(snapshots)
    start = snapshots[0] - cal.BURN_IN_MONTHS

    def record(kind: int, begin: int, end: int, bail: int, remloc: int) -> None:
        # spell covers months [begin, end): report it at every snapshot whose December is in it
        if spells is not None:
            spells.append(Spell(kind, bail if kind == LET else begin, end))
        while len(out) < n and snapshots[len(out)] - 1 < end:
            if snapshots[len(out)] - 1 < begin:
                out.append(Occupancy(NOT_YET, -1, -1))
            else:
                out.append(Occupancy(kind, bail if kind == LET else -1,
                                     remloc if kind != WORKS else -1))

    if first_let_month >= start:
        # first letting of a new dwelling: a short lease-up after it is offered
        remloc = first_let_month
        t = first_let_month
        lease_up = rng.randint(0, 2)
        if lease_up:
            record(VACANT, t, t + lease_up, -1, remloc)
            t += lease_up
        bail = t
    else:
        # already let when the simulation starts: memoryless elapsed tenure
        elapsed = int(rng.expovariate(_DEPARTURE_RATE))
        bail = max(first_let_month, start - elapsed, EARLIEST_LEASE)
        remloc = max(first_let_month, bail - rng.randint(0, 1))
        t = start
    while len(out) < n:
        end = t + 1 + int(rng.expovariate(_DEPARTURE_RATE))
        record(LET, t, end, bail, remloc)
        t = end
        if rng.random() < cal.WORKS_AFTER_DEPARTURE:
            works = rng.randint(*cal.WORKS_MONTHS)
            record(WORKS, t, t + works, -1, -1)
            t += works
        remloc = t
        vacancy = _vacancy_months(rng)
        if vacancy:
            record(VACANT, t, t + vacancy, -1, remloc)
            t += vacancy
        bail = t
    if spells is not None:
        spells.append(Spell(LET, bail, -1))
    return out
