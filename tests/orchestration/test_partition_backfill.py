"""A backfill of one month rebuilds that month's event rows and leaves every other row as it
was: the data team can replay a period after a source correction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb

FACT = "marts.fct_elevator_breakdown"


def fact_rows(build: Path) -> dict[str, tuple]:
    with duckdb.connect(str(build), read_only=True) as conn:
        # the columns the test reads by position first (5: started_at, 6: ended_at), then all
        rows = conn.execute(
            "select breakdown_id, elevator_id, building_id, territory_code, cause, started_at, "
            f"ended_at, columns(*) from {FACT} order by breakdown_id").fetchall()
    return {row[0]: row for row in rows}


def test_backfill_of_one_month_changes_only_that_months_rows(warehouse_copy: Path):
    from orchestration.definitions import build_definitions
    from orchestration.settings import get_settings

    build = warehouse_copy / "build" / "warehouse.duckdb"
    before = fact_rows(build)
    # a corrected export: every breakdown ended 7 minutes later than first reported
    with duckdb.connect(str(build)) as conn:
        conn.execute("update raw.elevator_breakdowns "
                     "set ended_at = ended_at + interval 7 minute where ended_at is not null")
    may = {k for k, row in before.items()
           if datetime(2025, 5, 1) <= row[5] < datetime(2025, 6, 1) and row[6] is not None}
    assert may and len(may) < len(before)

    defs = build_definitions(get_settings())
    result = defs.resolve_job_def("replay_event_month").execute_in_process(
        partition_key="2025-05-01", instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False)
    assert result.success
    materialized = {e.asset_key for e in result.all_events if e.is_step_materialization}
    assert dg.AssetKey(["raw", "elevator_breakdowns"]) not in materialized  # nothing reloaded

    after = fact_rows(build)
    assert set(after) == set(before)
    changed = {k for k in before if after[k] != before[k]}
    assert changed == may
    for k in may:
        assert (after[k][6] - before[k][6]).total_seconds() == 7 * 60
    assert (warehouse_copy / "serving" / "warehouse.duckdb").exists()  # published
