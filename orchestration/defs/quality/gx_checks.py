"""Great Expectations suites (expectations/suites) run as Dagster asset checks.

Each suite names its table (which is also the key of the asset it guards) and whether it blocks
the publish; the check reads from the build warehouse the columns the suite names, batch by
batch when the suite allows it (expectations/tables.py), into dataframes and validates them
(see expectations/runner.py: GX's SQL datasource does not work on DuckDB) through a GX
checkpoint that stores the result and updates the Data Docs of the run (data_docs.py). Results
are written to quality.check_results by the job's hook (orchestration/defs/quality/results.py),
from the metadata set here.
"""

from __future__ import annotations

from collections.abc import Iterable

import dagster as dg
from dagster_duckdb import DuckDBResource

from expectations.suites import (
    dpe_label_consistency,
    kpi_dpe_by_territory,
    kpi_federation,
    kpi_marts,
    rpls_dwellings,
    sources,
)
from expectations.suites.spec import SuiteSpec, from_module
from expectations.tables import validate_table
from orchestration.defs.quality.data_docs import KEEP_RUNS, gx_context, prune_history
from orchestration.resources import PipelinePaths


def all_specs() -> list[SuiteSpec]:
    return [from_module(rpls_dwellings), *sources.specs(), from_module(dpe_label_consistency),
            from_module(kpi_dpe_by_territory), *kpi_marts.specs(), *kpi_federation.specs()]


def _asset_key(table: str) -> dg.AssetKey:
    """Raw tables are keyed [raw, source]; dbt models [schema, model] by the translator."""
    return dg.AssetKey(table.split("."))


def _table_exists(conn, table: str) -> bool:
    schema, name = table.split(".")
    return conn.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ?", [schema, name]).fetchone()[0] > 0


def build_gx_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    severity = dg.AssetCheckSeverity.ERROR if spec.blocking else dg.AssetCheckSeverity.WARN

    @dg.asset_check(
        asset=_asset_key(spec.table),
        name=f"gx_{spec.name}",
        blocking=spec.blocking,
        description=spec.description,
    )
    def _check(context, warehouse: DuckDBResource,
               paths: PipelinePaths) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            if not _table_exists(conn, spec.table):
                return dg.AssetCheckResult(
                    passed=True, severity=severity,
                    description=f"table {spec.table} absente : rien à valider",
                    metadata={"rows": 0, "unexpected_count": 0, "examples": "[]"})
            gx_reports = gx_context(paths.state_dir)
            for suite_name in (spec.name, f"{spec.name}.schema", f"{spec.name}.keys"):
                prune_history(gx_reports, suite_name, paths.state_dir, keep=KEEP_RUNS - 1)
            # only the named columns, batch by batch: expectations/tables.py
            outcome = validate_table(conn, spec, context=gx_reports, run_name=context.run.run_id)
        failures = outcome.failures
        examples = [f"{f.column}: {e}" for f in failures for e in f.examples][:10]
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=severity,
            description="; ".join(
                f"{f.expectation}({f.column}): {f.unexpected_count} inattendu(s), ex. {f.examples}"
                + (f" dans {', '.join(f.batches)}" if f.batches else "")
                + (f" erreur: {f.error}" if f.error else "")
                for f in failures
            ) or f"{len(outcome.outcomes)} attentes satisfaites",
            metadata={
                "rows": outcome.evaluated_rows,
                "expectations": len(outcome.outcomes),
                "failed": [f.expectation for f in failures],
                "failed_batches": sorted({b for f in failures for b in f.batches}),
                "unexpected_count": sum(f.unexpected_count or 0 for f in failures),
                "examples": str(examples),
            },
        )

    return _check


def build_gx_checks(available: Iterable[dg.AssetKey] | None = None) -> list:
    """One check per suite whose guarded asset is in the code location."""
    keys = None if available is None else set(available)
    return [build_gx_check(s) for s in all_specs()
            if keys is None or _asset_key(s.table) in keys]


SUITES = all_specs()
