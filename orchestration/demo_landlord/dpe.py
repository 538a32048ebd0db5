"""DPE labels: the first millésime reproduces the real Val-d'Oise mix exactly, with the
unlabelled share of the national social stock (about 12 %, SDES 2025), while keeping labels realistic inside the stock.

How: every building has an energy score (older, electric or fuel-heated = worse). Dwellings
are ranked by their building's score and cut at the cumulative shares of the target mix, so
the mix is exact to the dwelling and the worst labels land on the oldest buildings; a building
straddling a cut gets two labels, as real buildings with individual DPE do. The score at each
cut is kept as a scale to label buildings later (DPE campaigns) consistently.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.model import NO_LABEL, Building, DpeState
from orchestration.demo_landlord.occupancy import month_index
from orchestration.demo_landlord.sampling import draw, table, weighted_order

CLASS_INDEX = {c: i for i, c in enumerate(cal.DPE_CLASSES)}
NEW_METHOD_START = month_index(*cal.NEW_METHOD_FIRST_MONTH)
OLD_METHOD_START = month_index(*cal.OLD_METHOD_FIRST_MONTH)
_GES_TABLES = {heating: table(choices) for heating, choices in cal.GES_OFFSETS.items()}
_NEW_BUILD = table({CLASS_INDEX[c]: w for c, w in cal.NEW_BUILD_CLASS_SHARES.items()})
_RENOVATION = table({CLASS_INDEX[c]: w for c, w in cal.RENOVATION_TARGETS.items()})


@dataclass(frozen=True)
class LabelScale:
    """Score thresholds where classes B … G start (from the initial ranking)."""

    thresholds: tuple[float, ...]

    def class_for(self, score: float) -> int:
        return min(6, bisect.bisect_right(self.thresholds, score))


def ges_offset(rng: Random, heating: str) -> int:
    """How many classes the GES label sits from the energy label, drawn once per dwelling."""
    return draw(rng, _GES_TABLES[heating])


def ges_class(energy: int, offset: int) -> int:
    return min(6, max(0, energy + offset))


def dpe_month(rng: Random, earliest: int, last_month: int, old_share: float) -> int:
    """Month of a building's latest DPE, from `earliest` (not before 2013) up to `last_month`;
    `old_share` of them predate the July 2021 method when the building allows it."""
    earliest = max(OLD_METHOD_START, earliest)
    old_possible = earliest < NEW_METHOD_START
    new_possible = max(earliest, NEW_METHOD_START) <= last_month
    if old_possible and (not new_possible or rng.random() < old_share):
        return rng.randint(earliest, min(NEW_METHOD_START - 1, last_month))
    return rng.randint(max(earliest, NEW_METHOD_START), last_month)


def _unlabelled_weight(building: Building, first_year: int) -> float:
    if building.construct >= first_year - 2:
        return 0.3  # new buildings come with a DPE
    weight = 1.8 if building.typeconst == "I" else 1.0
    return weight * (1.5 if building.construct < 1949 else 1.0)


def assign_initial_labels(buildings: list[Building], rng: Random,
                          first_year: int) -> LabelScale:
    """Set `dpe[0]` of every initial building; return the score scale for later labels."""
    total = sum(b.n_units for b in buildings)
    need = round(total * cal.UNLABELLED_SHARE)
    unlabelled: dict[int, int] = {}
    for b in weighted_order(rng, buildings, lambda b: _unlabelled_weight(b, first_year)):
        if need <= 0:
            break
        unlabelled[b.serial] = min(b.n_units, need)
        need -= unlabelled[b.serial]

    labelled_total = total - sum(unlabelled.values())
    cuts = [round(labelled_total * c) for c in itertools.accumulate(cal.DPE_CLASS_SHARES)]
    cuts[-1] = labelled_total
    thresholds: list[float] = []
    last_month = month_index(first_year - 1, 12)
    position = k = 0
    for b in sorted(buildings, key=lambda b: (b.score, b.serial)):
        labelled = b.n_units - unlabelled.get(b.serial, 0)
        classes = bytearray([NO_LABEL]) * b.n_units
        for unit in range(labelled):
            while position >= cuts[k]:
                k += 1
                thresholds.append(b.score)
            classes[unit] = k
            position += 1
        # a DPE after the works that precede the first letting, at the earliest
        month = (dpe_month(rng, b.first_let_month - 3, last_month, cal.OLD_METHOD_DPE_SHARE)
                 if labelled else -1)
        b.dpe[0] = DpeState(bytes(classes), month)
    thresholds += [float("inf")] * (6 - len(thresholds))
    return LabelScale(tuple(thresholds[:6]))


def new_build_state(rng: Random, building: Building) -> DpeState:
    """Label of a building delivered with a DPE (A/B mostly), dated at delivery."""
    cls = draw(rng, _NEW_BUILD)
    return DpeState(bytes([cls]) * building.n_units, building.first_let_month)


def renovated_state(rng: Random, state: DpeState, month: int) -> DpeState:
    """After works the building DPE gives every dwelling at best the target class (B, C or
    D): E, F and G dwellings move up, better ones keep their class."""
    target = draw(rng, _RENOVATION)
    classes = bytes(target if c == NO_LABEL else min(c, target) for c in state.classes)
    return DpeState(classes, month)


def labelled_state(state: DpeState, scale: LabelScale, score: float, month: int) -> DpeState:
    """A DPE campaign labels the building's unlabelled dwellings from its score."""
    cls = scale.class_for(score)
    classes = bytes(cls if c == NO_LABEL else c for c in state.classes)
    return DpeState(classes, month)
