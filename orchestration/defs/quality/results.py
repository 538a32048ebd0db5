"""Check results and publications kept in the warehouse, with their history.

`quality.check_results`: one row per asset check evaluation (GX suites, reconciliation, file
set aside, dbt tests, personal data…), written after each step by the `record_check_results`
hook of the job, from the evaluation events of that step. A check that puts
`unexpected_count` and `examples` in its metadata gets them stored.
`quality.publications`: one row per successful publish (written by the publish asset).
Both are published to the serving copy, so dashboards can show the date of the last good data.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import dagster as dg
import duckdb

from orchestration.defs.quality.personal_data import redact

DDL = (
    "create schema if not exists quality",
    """create table if not exists quality.check_results (
        check_name varchar, asset varchar, run_id varchar, status varchar, severity varchar,
        unexpected_count bigint, examples varchar, description varchar,
        evaluated_at timestamp with time zone)""",
    """create table if not exists quality.publications (
        published_at timestamp with time zone, run_id varchar, tables integer, total_rows bigint,
        row_counts json, checks_passed integer, checks_failed integer, failed_checks json)""",
)


def ensure_tables(conn: duckdb.DuckDBPyConnection) -> None:
    for statement in DDL:
        conn.execute(statement)


def _metadata_value(metadata: dict, key: str):
    value = metadata.get(key)
    return getattr(value, "value", value)


def check_rows(evaluations: list[tuple[float, object]], run_id: str) -> list[tuple]:
    """(timestamp, AssetCheckEvaluation) pairs as rows of quality.check_results."""
    rows = []
    for timestamp, ev in evaluations:
        metadata = ev.metadata or {}
        count = _metadata_value(metadata, "unexpected_count")
        examples = _metadata_value(metadata, "examples")
        rows.append((
            ev.check_name, ev.asset_key.to_user_string(), run_id,
            "passed" if ev.passed else "failed",
            ev.severity.value if ev.severity is not None else "ERROR",
            int(count) if isinstance(count, (int, float)) else None,
            None if examples is None else redact(
                examples if isinstance(examples, str)
                else json.dumps(examples, default=str, ensure_ascii=False)),
            redact(ev.description or "")[:2000],
            datetime.fromtimestamp(timestamp, UTC),
        ))
    return rows


def record(conn: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    ensure_tables(conn)
    if rows:
        conn.executemany("insert into quality.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         rows)


def run_evaluations(instance: dg.DagsterInstance, run_id: str,
                    step_key: str | None = None) -> list[tuple[float, object]]:
    records = instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    return [(r.timestamp, r.dagster_event.asset_check_evaluation_data) for r in records
            if r.dagster_event is not None
            and (step_key is None or r.dagster_event.step_key == step_key)]


def _record_step(context: dg.HookContext) -> None:
    evaluations = run_evaluations(context.instance, context.run_id, context.step_key)
    if not evaluations:
        return
    with context.resources.warehouse.get_connection() as conn:
        record(conn, check_rows(evaluations, context.run_id))


@dg.success_hook(required_resource_keys={"warehouse"})
def record_check_results(context: dg.HookContext) -> None:
    _record_step(context)


@dg.failure_hook(required_resource_keys={"warehouse"})
def record_check_results_on_failure(context: dg.HookContext) -> None:
    _record_step(context)


HOOKS = {record_check_results, record_check_results_on_failure}


def record_publication(conn: duckdb.DuckDBPyConnection, run_id: str, row_counts: dict[str, int],
                       evaluations: list[tuple[float, object]]) -> None:
    ensure_tables(conn)
    failed = sorted({ev.check_name for _, ev in evaluations if not ev.passed})
    conn.execute(
        "insert into quality.publications values (?, ?, ?, ?, ?, ?, ?, ?)",
        [datetime.now(UTC), run_id, len(row_counts), sum(row_counts.values()),
         json.dumps(row_counts), sum(1 for _, ev in evaluations if ev.passed),
         sum(1 for _, ev in evaluations if not ev.passed), json.dumps(failed)],
    )
