"""Write → audit → publish: the serving copy is refreshed only after every blocking check passed.

The asset depends on every mart. Dagster skips it when an upstream blocking asset check fails
(GX suites, reconciliation) or when `dbt build` fails on a test, so a bad load publishes
nothing and the dashboards keep the last good data.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.defs.publish.serving import publish, row_counts
from orchestration.defs.quality import results
from orchestration.resources import PipelinePaths


def build_serving_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publish asset, downstream of every mart and every ingestion asset, so that any
    failed load or failed blocking check upstream skips it."""

    @dg.asset(
        key=["serving", "warehouse"],
        deps=upstream,
        group_name="publish",
        kinds={"duckdb"},
        owners=["team:data"],
        description="Copie de service de l'entrepôt (schémas marts et quality), lue en lecture "
        "seule par Superset ; remplacée atomiquement à chaque publication réussie. Chaque "
        "publication est tracée dans quality.publications.",
    )
    def serving_warehouse(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                          paths: PipelinePaths) -> dg.MaterializeResult:
        evaluations = results.run_evaluations(context.instance, context.run.run_id)
        with warehouse.get_connection() as conn:
            results.ensure_tables(conn)
            results.record_publication(conn, context.run.run_id, row_counts(conn),
                                       evaluations)
        rows = publish(paths.build_path, paths.serving_path, context.run.run_id)
        context.log.info(f"Published {len(rows)} tables to {paths.serving_path}")
        return dg.MaterializeResult(
            metadata={"path": str(paths.serving_path), **{t: n for t, n in rows.items()}}
        )

    return serving_warehouse
