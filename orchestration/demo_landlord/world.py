"""The frame every event source shares: the dates that bound the files, the random streams, and
the landlord's organisation.

Millésime Y is the state at 1 January Y; the sources are extracted at the cut-off, 1 January of
the last millésime, so they describe what happened before it:
- history window: the calendar years whose events the millésimes show (first millésime - 1 to
  the cut-off): leases, attributions, DPE replacements;
- operating year: the last calendar year before the cut-off: billing, arrears, tickets,
  elevator breakdowns, surveys;
- works and deliveries go back HISTORY_YEARS_BEFORE years before the first millésime.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.model import Landlord
from orchestration.demo_landlord.occupancy import month_index
from orchestration.demo_landlord.organisation import Organisation
from orchestration.demo_landlord.timeline import MINUTES_PER_DAY, day_number


@dataclass(frozen=True)
class World:
    seed: int
    millesimes: tuple[int, ...]
    landlord: Landlord
    organisation: Organisation

    # --- dates ---------------------------------------------------------------------------

    @property
    def cutoff_year(self) -> int:
        return self.millesimes[-1]

    @property
    def cutoff_day(self) -> int:
        return day_number(dt.date(self.cutoff_year, 1, 1))

    @property
    def cutoff_minute(self) -> int:
        return self.cutoff_day * MINUTES_PER_DAY

    @property
    def cutoff_month(self) -> int:
        return month_index(self.cutoff_year, 1)

    @property
    def window_start_year(self) -> int:
        return self.millesimes[0] - 1

    @property
    def window_start_day(self) -> int:
        return day_number(dt.date(self.window_start_year, 1, 1))

    @property
    def operating_year(self) -> int:
        return self.cutoff_year - 1

    @property
    def operating_months(self) -> list[int]:
        return [month_index(self.operating_year, m) for m in range(1, 13)]

    @property
    def history_start_year(self) -> int:
        return self.millesimes[0] - cal.HISTORY_YEARS_BEFORE

    def snapshot_day(self, t: int) -> int:
        """1 January of millésime t."""
        return day_number(dt.date(self.millesimes[t], 1, 1))

    # --- randomness ----------------------------------------------------------------------

    def rng(self, purpose: str, serial: int | str = "") -> Random:
        """An independent stream per purpose (and building): sources do not disturb each other
        nor the RPLS lines, whatever is switched on."""
        return Random(f"demo-landlord:{self.seed}:{purpose}:{serial}")
