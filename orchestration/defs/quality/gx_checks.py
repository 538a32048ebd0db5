"""Great Expectations suites (expectations/suites) run as Dagster asset checks.

Each suite module names its table and whether it blocks the publish; the check reads the table
from the build warehouse into a dataframe and validates it (see expectations/runner.py).
"""


from types import ModuleType

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.runner import validate_dataframe
from expectations.suites import kpi_dpe_by_territory

SUITES: tuple[ModuleType, ...] = (kpi_dpe_by_territory,)


def _asset_key(table: str) -> dg.AssetKey:
    """dbt models are keyed [schema, model] by the translator (marts.kpi -> marts/kpi)."""
    return dg.AssetKey(table.split("."))


def build_gx_check(suite_module: ModuleType) -> dg.AssetChecksDefinition:
    suite = suite_module.build_suite()

    @dg.asset_check(
        asset=_asset_key(suite_module.TABLE),
        name=f"gx_{suite.name}",
        blocking=suite_module.BLOCKING,
        description=(suite_module.__doc__ or "").strip().splitlines()[0],
    )
    def _check(warehouse: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            df = conn.execute(f"select * from {suite_module.TABLE}").df()
        outcome = validate_dataframe(df, suite_module.build_suite())
        failures = outcome.failures
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR if suite_module.BLOCKING
            else dg.AssetCheckSeverity.WARN,
            description="; ".join(
                f"{f.expectation}({f.column}): {f.unexpected_count} inattendu(s), ex. {f.examples}"
                + (f" erreur: {f.error}" if f.error else "")
                for f in failures
            ) or f"{len(outcome.outcomes)} attentes satisfaites",
            metadata={
                "rows": outcome.evaluated_rows,
                "expectations": len(outcome.outcomes),
                "failed": [f.expectation for f in failures],
            },
        )

    return _check


gx_checks = [build_gx_check(m) for m in SUITES]
