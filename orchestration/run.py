"""Run the pipeline once from the command line (`make pipeline`, `make demo`).

Runs a job (`full_build` by default; `--job daily_operations` for the daily incremental load,
`--job replay_event_month --partition 2025-05-01` to replay one month, `--job refresh_dbt_docs`
for the dbt documentation) in the Dagster instance
of DAGSTER_HOME, so the run, its logs and its checks show in the Dagster UI, then prints a
summary a person can act on. Exit code 0 only when the warehouse was published. A run started
while another one holds the build warehouse waits for it (orchestration/defs/automation/
warehouse_lock.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import dagster as dg

SERVING_KEY = dg.AssetKey(["serving", "warehouse"])
SET_ASIDE_CHECKS = ("no_file_set_aside", "rpls_no_file_set_aside")  # quality/set_aside.py


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inbox", type=Path, help="folder holding the landlord's files")
    parser.add_argument("--job", default="full_build",
                        help="job to run: full_build (default), daily_operations, "
                        "monthly_tenancy_billing, yearly_rpls_millesime, replay_event_month, "
                        "refresh_dbt_docs")
    parser.add_argument("--partition", help="month to replay, e.g. 2025-05-01 "
                        "(replay_event_month)")
    args = parser.parse_args(argv)
    if args.inbox:
        if not args.inbox.is_dir():
            print(f"error: inbox folder {args.inbox} does not exist", file=sys.stderr)
            return 2
        os.environ["INBOX"] = str(args.inbox.resolve())

    from orchestration.definitions import build_definitions
    from orchestration.settings import get_settings, install_instance_settings

    settings = get_settings()
    print(f"Inbox: {settings.inbox}\nBuild warehouse: {settings.build_warehouse}")
    defs = build_definitions(settings)
    job = defs.resolve_job_def(args.job)
    print(f"Job: {args.job}" + (f", partition {args.partition}" if args.partition else ""))
    if os.environ.get("DAGSTER_HOME"):
        install_instance_settings(Path(os.environ["DAGSTER_HOME"]))
        instance = dg.DagsterInstance.get()
    else:
        instance = dg.DagsterInstance.ephemeral()
    result = job.execute_in_process(
        instance=instance,
        raise_on_error=False,
        partition_key=args.partition,
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
    )
    if SERVING_KEY not in job.asset_layer.selected_asset_keys:  # refresh_dbt_docs
        print(f"\nRun {result.run_id}: " + ("done" if result.success else "FAILED"))
        return 0 if result.success else 1
    report_inbox(settings.inbox)
    report_loads(settings.build_warehouse)
    return report(result, settings.serving_warehouse)


def report_inbox(inbox: Path) -> None:
    """Files in the inbox that no source claims: reported, never silently ignored."""
    from orchestration.defs.automation.inbox_sensor import route
    from orchestration.lib.contracts import load_registry

    files = [p for p in sorted(inbox.rglob("*")) if p.is_file()] if inbox.is_dir() else []
    _, unknown = route(files, load_registry(), inbox)
    for path in unknown:
        print(f"  UNKNOWN FILE (not loaded, no source matches its name): {path}")


def report_loads(build: Path) -> None:
    """Rows read, accepted and quarantined per source, over every file loaded so far."""
    import duckdb

    if not build.exists():
        return
    try:
        conn = duckdb.connect(str(build), read_only=True)
    except duckdb.IOException as error:  # another process writes the warehouse right now
        print(f"  (load summary unavailable: {error})")
        return
    with conn:
        rows = conn.execute(
            "select source, count(*) filter (where status = 'loaded'), "
            "count(*) filter (where status = 'rejected'), sum(rows_read), sum(rows_accepted), "
            "sum(rows_quarantined) from raw.source_files group by 1 order by 1"
        ).fetchall() if conn.execute(
            "select count(*) from duckdb_tables() where schema_name = 'raw' "
            "and table_name = 'source_files'").fetchone()[0] else []
    if rows:
        print(f"\n  {'source':<22}{'files':>6}{'set aside':>10}{'read':>12}{'accepted':>12}"
              f"{'quarantined':>13}")
    for source, files, rejected, read, accepted, quarantined in rows:
        print(f"  {source:<22}{files:>6}{rejected:>10}{read or 0:>12,}{accepted or 0:>12,}"
              f"{quarantined or 0:>13,}")


def report_set_aside(checks: list) -> None:
    """One line per file set aside (its source, name and reason), then what to do about it."""
    for check in checks:
        reasons = check.metadata.get("reasons")
        reasons = getattr(reasons, "value", reasons) or [check.description or ""]
        for reason in reasons:
            print(f"  FILE SET ASIDE {check.asset_key.to_user_string()}: {reason[:300]}")
    if checks:
        print("    (not loaded: fix or re-export the file and drop it again, or remove it from "
              "the inbox; its source keeps the data of its last good files)")


def report(result: dg.ExecuteInProcessResult, serving: Path) -> int:
    """Print checks and the publish outcome; return the process exit code."""
    evaluations = [e.asset_check_evaluation_data for e in result.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed_checks = [c for c in evaluations
                     if not c.passed and c.severity == dg.AssetCheckSeverity.ERROR]
    warnings = [c for c in evaluations
                if not c.passed and c.severity == dg.AssetCheckSeverity.WARN]
    failed_steps = [e.step_key for e in result.all_events if e.is_step_failure]
    published = any(
        e.is_step_materialization and e.asset_key == SERVING_KEY
        for e in result.all_events
    )
    print(f"\nRun {result.run_id}")
    report_set_aside([c for c in warnings if c.check_name in SET_ASIDE_CHECKS])
    for check in warnings:
        if check.check_name in SET_ASIDE_CHECKS:
            continue
        print(f"  WARNING {check.asset_key.to_user_string()}:{check.check_name} "
              f"{(check.description or '')[:300]}")
    for check in failed_checks:
        print(f"  FAILED CHECK {check.asset_key.to_user_string()}:{check.check_name} "
              f"{(check.description or '')[:300]}")
    for step in failed_steps:
        print(f"  FAILED STEP {step}")
    if published:
        print(f"Published: {serving}")
        return 0
    print("NOT published: the dashboards keep showing the last good data.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
