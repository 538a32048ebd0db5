"""dbt models as Dagster assets, dbt tests as their asset checks.

`dbt build` runs models and tests in dependency order: a failing test (severity error) stops
its dependants and fails the step, so nothing downstream, the publish included, runs.

Two definitions over one dbt project, so that the event facts can be partitioned while a run
pays few dbt invocations (each costs seconds whatever the data: dbt's start, parse, connection):
- `event_facts_and_upstream`: the incremental event facts (tickets, breakdowns, arrears,
  billing), partitioned by month (the translator gives them the partitions), with everything
  they are built from (staging, dims, seeds), unpartitioned. A run with a partition
  (`replay_event_month`) rebuilds only that month's rows of the facts (vars event_window_start
  / event_window_end); a run without one (full build, daily / monthly / yearly loads) builds the
  upstream models and applies the facts' usual incremental logic, in one invocation;
- `warehouse_dbt_models`: everything else (KPIs, other facts), unpartitioned.
Why not one definition: Dagster fails a check on a partitioned asset in a run without a
partition when another asset of the same definition depends on that asset (it looks up the
asset's partitions as an input of the step); no event fact depends on another, but the KPIs
depend on them, hence the second definition. Each `dbt build` runs the tests whose parents it
builds or were built before it (indirect selection "buildable"), so a test on a mart never
runs before that mart exists; tests/test_definitions.py checks no test is left out.
"""


import json
import os
import shutil
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from orchestration.defs.automation.partitions import event_window_vars
from orchestration.defs.dbt.translator import EVENT_FACTS, WarehouseDbtTranslator
from orchestration.lib.incremental_layouts import incremental_layouts, models_to_rebuild
from orchestration.resources import PipelinePaths
from orchestration.settings import REPO_ROOT

dbt_project = DbtProject(project_dir=REPO_ROOT / "dbt_project")
dbt_project.prepare_if_dev()
if not dbt_project.manifest_path.exists():  # fresh clone without `make install`: parse once
    dbt_project.preparer.prepare(dbt_project)

EVENT_FACT_KEYS = [dg.AssetKey(["marts", fact]) for fact in EVENT_FACTS]
# Another process holding the DuckDB file, or a passing I/O error: worth a retry, unlike a
# failed test or a SQL error, which fail the step at once.
TRANSIENT_MARKERS = ("Could not set lock on file", "IO Error", "database is locked")
MAX_TRANSIENT_RETRIES = 3


def _keep_partial_parse(invocation_target: Path) -> None:
    """Make this invocation's parse the one the next invocations start from.

    dagster-dbt copies `target/partial_parse.msgpack` into each invocation's folder; dbt
    reparses the whole project (seconds per invocation) when the profile differs from the one
    that file was written with, and the profile reads the warehouse path and DuckDB's memory
    cap from the run's environment, which `make dbt-parse` does not have. Written atomically:
    another process may be reading it."""
    fresh = invocation_target / "partial_parse.msgpack"
    if not fresh.exists():
        return
    kept = dbt_project.project_dir / dbt_project.target_path / "partial_parse.msgpack"
    tmp = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
    shutil.copyfile(fresh, tmp)
    os.replace(tmp, kept)


# Not a published schema: the state of the build warehouse itself.
LAYOUTS_TABLE = "build_state.incremental_layouts"


def _incremental_layouts(models: set[str]) -> dict[str, str]:
    manifest = json.loads(dbt_project.manifest_path.read_text())
    return {name: layout for name, layout in incremental_layouts(manifest).items()
            if name in models}


def _stale_incremental_models(warehouse: DuckDBResource, layouts: dict[str, str]) -> list[str]:
    """The incremental facts of this step whose table an older version of the project built
    (orchestration/lib/incremental_layouts.py says why they must be rebuilt whole)."""
    with warehouse.get_connection() as conn:
        existing = {name for (name,) in conn.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts'").fetchall()}
        schema, table = LAYOUTS_TABLE.split(".")
        has_record = conn.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?",
            [schema, table]).fetchone()[0]
        recorded = dict(conn.execute(f"select model, layout from {LAYOUTS_TABLE}").fetchall()
                        ) if has_record else {}
    return models_to_rebuild(layouts, recorded, existing)


def _record_incremental_layouts(warehouse: DuckDBResource, layouts: dict[str, str]) -> None:
    with warehouse.get_connection() as conn:
        conn.execute(f"create schema if not exists {LAYOUTS_TABLE.split('.')[0]}")
        conn.execute(f"create table if not exists {LAYOUTS_TABLE} (model varchar primary key, "
                     "layout varchar, recorded_at timestamp with time zone)")
        conn.executemany(f"insert or replace into {LAYOUTS_TABLE} values (?, ?, now())",
                         list(layouts.items()))


def _build_keeping_layouts(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                           paths: PipelinePaths, warehouse: DuckDBResource,
                           incremental: set[str], window_args: list[str]):
    """`dbt build` (of one partition window when `window_args` name one), whole
    (`--full-refresh`, every month) when an incremental fact of the step was built with another
    key or columns; the layouts are recorded once the build succeeded."""
    layouts = _incremental_layouts(incremental)
    stale = _stale_incremental_models(warehouse, layouts)
    if stale:
        context.log.info(
            f"rebuilt whole from the raw tables (--full-refresh): {', '.join(stale)}: their key "
            "or columns changed since this warehouse was built, merging new rows into the old "
            "table would keep both")
    args = ["--full-refresh"] if stale else window_args
    yield from _dbt_build(context, dbt, paths, args)
    _record_incremental_layouts(warehouse, layouts)


def _dbt_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, paths: PipelinePaths,
               extra_args: list[str]):
    # profiles.yml reads the warehouse path from the environment of the dbt subprocess.
    os.environ["BUILD_WAREHOUSE"] = str(paths.build_path)
    os.environ["DBT_INDIRECT_SELECTION"] = "buildable"
    invocation = dbt.cli(["build", *extra_args], context=context, raise_on_error=False)
    yield from invocation.stream()
    _keep_partial_parse(invocation.target_path)
    error = invocation.get_error()
    if error is None:
        return
    if any(marker in str(error) for marker in TRANSIENT_MARKERS):
        context.log.warning(f"transient warehouse error, dbt build retried: {error}")
        raise dg.RetryRequested(max_retries=MAX_TRANSIENT_RETRIES,
                                seconds_to_wait=10 * (context.retry_number + 1)) from error
    raise error


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project,
            select=" ".join(f"+{fact}" for fact in EVENT_FACTS), name="event_facts_and_upstream",
            dagster_dbt_translator=WarehouseDbtTranslator(),
            # a backfill of several months is one run over their whole window
            backfill_policy=dg.BackfillPolicy.single_run())
def event_facts_and_upstream(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                             paths: PipelinePaths, warehouse: DuckDBResource):
    # `warehouse` is not queried here: requiring it holds the build warehouse for the run.
    args = []
    if context.has_partition_key or context.has_partition_key_range:
        window = event_window_vars(context.partition_time_window)
        context.log.info(f"rebuilding the events of [{window['event_window_start']}, "
                         f"{window['event_window_end']}) only")
        # unit tests check the models' logic on fixed rows, outside any month: the full
        # build runs them
        args = ["--vars", json.dumps(window), "--exclude", "test_type:unit"]
    yield from _build_keeping_layouts(context, dbt, paths, warehouse, set(EVENT_FACTS), args)


def _rest_of_the_project(manifest_path: Path) -> str:
    """A dbt selection naming every model, seed and snapshot not upstream of an event fact.

    Why not `exclude: +fct_ticket ...`: dbt's eager indirect selection also excludes every test
    touching an excluded node, so a test from a KPI mart to dim_territory (built with the
    event facts) belonged to neither definition: dbt ran it, Dagster logged it as an
    observation with a warning, and it was no asset check. Selecting the rest by name keeps
    such a test with the mart it is declared on."""
    manifest = json.loads(manifest_path.read_text())
    parents = manifest["parent_map"]
    upstream = {uid for uid in manifest["nodes"]
                if uid.startswith("model.") and manifest["nodes"][uid]["name"] in EVENT_FACTS}
    todo = list(upstream)
    while todo:
        for parent in parents.get(todo.pop(), []):
            if parent not in upstream:
                upstream.add(parent)
                todo.append(parent)
    return " ".join(sorted(
        node["name"] for uid, node in manifest["nodes"].items()
        if node["resource_type"] in {"model", "seed", "snapshot"} and uid not in upstream))


REST_OF_THE_PROJECT = _rest_of_the_project(dbt_project.manifest_path)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project,
            select=REST_OF_THE_PROJECT, name="warehouse_dbt_models",
            dagster_dbt_translator=WarehouseDbtTranslator())
def warehouse_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                         paths: PipelinePaths, warehouse: DuckDBResource):
    yield from _build_keeping_layouts(context, dbt, paths, warehouse,
                                      set(REST_OF_THE_PROJECT.split()), [])
