"""KPI marts read by the dashboards: shares in [0, 1], counts ≥ 0, numerators ≤ denominators,
one row per grain.

Blocking: each of these figures is shown as is to executives and officers; a share above 100 %
or a duplicated territory row is a wrong figure on a dashboard, so the publish stops and the
dashboards keep the last good data. (kpi_dpe_by_territory has its own module.)
Only the columns named here are checked, so a mart may gain columns without touching its suite.
The key is not written here: it is the grain the mart's dbt YAML declares (`config: meta:
grain`), read from the dbt manifest (expectations/grain.py), the same the dbt test unique_grain
checks; the shares, counts and ratios below are rules, written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx

from expectations.grain import grain
from expectations.suites.spec import SuiteSpec


@dataclass(frozen=True)
class MartRules:
    table: str
    shares: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    ratios: tuple[tuple[str, str], ...] = ()  # (numerator, denominator)

    @property
    def key(self) -> tuple[str, ...]:
        """The mart's grain, as its dbt YAML declares it (read from the manifest)."""
        return grain(self.table)


MARTS = (
    MartRules("marts.kpi_decarbonation",
              shares=("passoires_share", "unlabelled_share"),
              counts=("dwellings", "labelled_dwellings", "unlabelled_dwellings", "passoires",
                      "g_plus_dwellings"),
              ratios=(("labelled_dwellings", "dwellings"), ("unlabelled_dwellings", "dwellings"),
                      ("passoires", "dwellings"))),
    MartRules("marts.kpi_renovations",
              counts=("operations", "dwellings_renovated", "dwellings_from_f_g",
                      "dwellings_out_of_f_g"),
              ratios=(("dwellings_out_of_f_g", "dwellings_from_f_g"),)),
    MartRules("marts.kpi_rental_ban",
              counts=("dwellings_hit", "dwellings"),
              ratios=(("dwellings_hit", "dwellings"),)),
    MartRules("marts.kpi_management",
              shares=("vacancy_rate", "long_vacancy_rate", "technical_vacancy_rate"),
              counts=("dwellings_in_stock", "let_dwellings", "vacant_dwellings",
                      "long_vacant_dwellings", "attributions"),
              ratios=(("long_vacant_dwellings", "vacant_dwellings"),)),
    MartRules("marts.kpi_satisfaction",
              shares=("satisfaction_rate",),
              counts=("respondents", "satisfied_respondents"),
              ratios=(("satisfied_respondents", "respondents"),)),
    MartRules("marts.kpi_service_complaints",
              shares=("within_deadline_rate",),
              counts=("tickets", "closed_tickets", "tickets_due", "closed_within_deadline"),
              ratios=(("closed_tickets", "tickets"),
                      ("closed_within_deadline", "tickets_due"))),
    MartRules("marts.kpi_service_elevators",
              shares=("availability_rate",),
              counts=("elevators", "breakdowns", "breakdowns_over_4h"),
              ratios=(("breakdowns_over_4h", "breakdowns"),)),
    MartRules("marts.kpi_commitments"),
)


def build_mart_suite(rules: MartRules) -> gx.ExpectationSuite:
    e = gx.expectations
    name = rules.table.split(".")[-1]
    expectations: list = [e.ExpectColumnToExist(column=c) for c in
                          (*rules.key, *rules.shares, *rules.counts)]
    if len(rules.key) == 1:
        expectations.append(e.ExpectColumnValuesToBeUnique(column=rules.key[0]))
    else:
        expectations.append(e.ExpectCompoundColumnsToBeUnique(column_list=list(rules.key)))
    expectations += [e.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=1)
                     for c in rules.shares]
    expectations += [e.ExpectColumnValuesToBeBetween(column=c, min_value=0)
                     for c in rules.counts]
    expectations += [
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=den, column_B=num, or_equal=True, ignore_row_if="either_value_is_missing")
        for num, den in rules.ratios
    ]
    return gx.ExpectationSuite(name=name, expectations=expectations)


def specs() -> list[SuiteSpec]:
    return [
        SuiteSpec(name=r.table.split(".")[-1], table=r.table, blocking=True,
                  description=f"{r.table} : parts entre 0 et 1, effectifs ≥ 0, numérateurs ≤ "
                  "dénominateurs, clé unique.",
                  build=lambda r=r: build_mart_suite(r))
        for r in MARTS
    ]
