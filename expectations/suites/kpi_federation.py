"""Federation comparison marts (« Comparaison des bailleurs », issue 14): one row per key,
numerators, denominators and landlord counts ≥ 0, ranks between 1 and the number of landlords.

Blocking: a member landlord reads its own rank and the federation's median and quartiles as
they are; a duplicated row or a rank outside 1..landlords compared is a wrong figure on a
dashboard, so the publish stops and the dashboards keep the last good data. Values are not
bounded: some indicators are shares (0 to 1), others €/m², tCO2e or breakdowns per elevator.
"""

from __future__ import annotations

import great_expectations as gx

from expectations.suites.kpi_marts import MartRules, build_mart_suite
from expectations.suites.spec import SuiteSpec

# the key of each is the grain its dbt YAML declares (MartRules.key, expectations/grain.py)
LANDLORDS = MartRules(
    "marts.kpi_landlord_comparison",
    counts=("numerator", "denominator", "landlords_compared", "rank_in_federation"))
TERRITORIES = MartRules(
    "marts.kpi_territory_comparison", counts=("numerator", "denominator", "landlords"))


def _landlord_suite() -> gx.ExpectationSuite:
    suite = build_mart_suite(LANDLORDS)
    suite.expectations.append(gx.expectations.ExpectColumnValuesToBeBetween(
        column="rank_in_federation", min_value=1))
    suite.expectations.append(gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="landlords_compared", column_B="rank_in_federation", or_equal=True))
    return suite


def _territory_suite() -> gx.ExpectationSuite:
    suite = build_mart_suite(TERRITORIES)
    suite.expectations.append(gx.expectations.ExpectColumnValuesToBeInSet(
        column="scope", value_set=["federation", "region", "departement"]))
    return suite


def specs() -> list[SuiteSpec]:
    return [
        SuiteSpec(name="kpi_landlord_comparison", table=LANDLORDS.table, blocking=True,
                  description=f"{LANDLORDS.table} : clé unique, effectifs ≥ 0, rang entre 1 et "
                  "le nombre de bailleurs comparés.", build=_landlord_suite),
        SuiteSpec(name="kpi_territory_comparison", table=TERRITORIES.table, blocking=True,
                  description=f"{TERRITORIES.table} : clé unique, effectifs ≥ 0, échelle "
                  "fédération, région ou département.", build=_territory_suite),
    ]
