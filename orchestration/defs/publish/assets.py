"""Write → audit → publish: the serving copy is refreshed only after every blocking check passed.

The asset depends on every mart. Dagster skips it when an upstream blocking asset check fails
(GX suites, reconciliation) or when `dbt build` fails on a test, so a bad load publishes
nothing and the dashboards keep the last good data.

Which tables changed since the serving copy was published is read from the Dagster instance:
every table materialised by a run since the run that published it (failed runs included, their
tables were rewritten too). When that run is not in the instance (a first publish, a run of
another instance, a copy published by hand) the whole warehouse is copied.
"""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.defs.publish.serving import (
    PUBLISHED_SCHEMAS,
    publish,
    published_run_id,
    row_counts,
)
from orchestration.defs.quality import results
from orchestration.resources import PipelinePaths

SERVING = dg.AssetKey(["serving", "warehouse"])


def _table_of(key: dg.AssetKey, asset_layer) -> str | None:
    """The published table ("marts.kpi_x") an asset writes, None if it writes none."""
    # dbt models say it (warehouse.marts.x); otherwise the key is [schema, table]
    name = asset_layer.get(key).metadata.get("dagster/table_name") \
        if asset_layer.has(key) else None
    parts = str(getattr(name, "value", name)).split(".")[-2:] if name else key.path[-2:]
    return ".".join(parts) if len(parts) == 2 and parts[0] in PUBLISHED_SCHEMAS else None


def _materializations(instance: dg.DagsterInstance, run_id: str) -> list[tuple[float, dg.AssetKey]]:
    return [(e.timestamp, e.dagster_event.asset_key) for e in instance.all_logs(
        run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION) if e.dagster_event]


def tables_changed_since_publication(context: dg.AssetExecutionContext,
                                     serving: Path) -> set[str] | None:
    """Tables written since the serving copy was published; None when unknown."""
    instance = context.instance
    publishing_run = published_run_id(serving)
    record = instance.get_run_record_by_id(publishing_run) if publishing_run else None
    if record is None:
        return None
    published_at = [t for t, key in _materializations(instance, publishing_run) if key == SERVING]
    if not published_at:
        return None
    runs = {r.dagster_run.run_id for r in instance.get_run_records(
        dg.RunsFilter(updated_after=record.create_timestamp))} | {context.run.run_id}
    keys = {key for run_id in runs for t, key in _materializations(instance, run_id)
            if t > max(published_at)}
    return {t for k in keys if (t := _table_of(k, context.job_def.asset_layer))}


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
        "seule par Superset ; remplacée atomiquement à chaque publication réussie (seules les "
        "tables reconstruites depuis la publication précédente sont recopiées). Chaque "
        "publication est tracée dans quality.publications.",
    )
    def serving_warehouse(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                          paths: PipelinePaths) -> dg.MaterializeResult:
        evaluations = results.run_evaluations(context.instance, context.run.run_id)
        with warehouse.get_connection() as conn:
            results.ensure_tables(conn)
            results.record_publication(conn, context.run.run_id, row_counts(conn),
                                       evaluations)
        changed = tables_changed_since_publication(context, paths.serving_path)
        done = publish(paths.build_path, paths.serving_path, context.run.run_id, changed)
        context.log.info(
            f"Published {len(done.rows)} tables to {paths.serving_path}: "
            + (f"{len(done.copied)} copied, the others kept from the previous copy"
               if done.incremental else "full copy"))
        return dg.MaterializeResult(metadata={
            "path": str(paths.serving_path),
            "incremental": done.incremental,
            "tables_copied": len(done.copied),
            **done.rows,
        })

    return serving_warehouse
