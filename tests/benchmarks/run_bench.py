"""Benchmark the pipeline against the floor at several scales (`make bench`).

For each scale: generate the demo landlord, read its files once with DuckDB (the floor), run the
full build, then the daily incremental load (one more day of events), optionally measure the
dashboards' chart latency; report per phase wall time, peak RSS, rows per second and warehouse
size. Results: tests/benchmarks/results/bench-<UTC time>.json and .csv, and a PNG summary.

    uv run --frozen --group bench python -m tests.benchmarks.run_bench \
        --scales 30000,300000,1000000 [--national] [--latency] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

from tests.benchmarks import daily, machine, phases, report
from tests.benchmarks.child import ChildRun, run_child

REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results"
NATIONAL = 5_400_000
MIB = 2**20


DAILY_JOB = "daily_operations"


def default_daily_job() -> str:
    """The orchestration's daily job when `orchestration.run --job` offers it."""
    run_py = (REPO_ROOT / "orchestration" / "run.py").read_text()
    return DAILY_JOB if "--job" in run_py and DAILY_JOB in run_py else ""


def scale_env(root: Path) -> dict[str, str]:
    """Every path of the pipeline under the scale's scratch folder (never the repo's)."""
    env = dict(os.environ)
    env.update(
        INBOX=str(root / "inbox"),
        BUILD_WAREHOUSE=str(root / "build" / "warehouse.duckdb"),
        SERVING_WAREHOUSE=str(root / "serving" / "warehouse.duckdb"),
        PATRIMOINE_STATE_DIR=str(root / "state"),
        DAGSTER_HOME=str(root / "dagster"),
        PYTHONUNBUFFERED="1",
        # dbt is found on PATH by dagster-dbt: the environment running the bench first
        PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    )
    # As on a normal install: with PYTHONDONTWRITEBYTECODE (set in some sandboxes) every
    # process recompiles Dagster, pandas and GX from source, seconds per start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    (root / "dagster").mkdir(parents=True, exist_ok=True)
    (root / "dagster" / "dagster.yaml").touch()
    return env


def child_summary(run: ChildRun) -> dict:
    return {"seconds": round(run.seconds, 2), "cpu_seconds": round(run.cpu_seconds, 2),
            "peak_rss_mib": round(run.peak_rss / MIB),
            "returncode": run.returncode, "killed_over_rss_limit": run.sampler.killed,
            "log": str(run.log)}


def pipeline_summary(run: ChildRun, dagster_home: Path, rows: int) -> dict:
    """Whole-run figures plus, per phase, step seconds, peak RSS within its steps, rows/s."""
    run_id, steps = phases.step_timings(str(dagster_home))
    summary = child_summary(run) | {"run_id": run_id, "phases": {}, "slowest_steps": []}
    for name, figures in phases.by_phase(steps).items():
        in_phase = [s for s in steps if s.phase == name]
        peak = max(run.sampler.peak(s.start, s.end) for s in in_phase)
        cpu = sum(run.sampler.cpu_between(s.start, s.end) for s in in_phase)
        summary["phases"][name] = {
            "seconds": round(figures["seconds"], 2), "cpu_seconds": round(cpu, 1),
            "steps": figures["steps"],
            "peak_rss_mib": round(peak / MIB),
            "rows_per_second": round(rows / figures["seconds"]) if figures["seconds"] else None,
        }
    accounted = sum(p["seconds"] for p in summary["phases"].values())
    summary["outside_steps_seconds"] = round(run.seconds - accounted, 2)
    summary["slowest_steps"] = [
        {"step": s.step, "phase": s.phase, "seconds": round(s.seconds, 2), "status": s.status}
        for s in sorted(steps, key=lambda s: -s.seconds)[:8]]
    summary["failed_steps"] = [s.step for s in steps if s.status != "STEP_SUCCESS"]
    return summary


def source_rows(build: Path) -> int:
    import duckdb

    with duckdb.connect(str(build), read_only=True) as conn:
        return conn.execute("select coalesce(sum(rows_read), 0) from raw.source_files "
                            "where status = 'loaded'").fetchone()[0]


def file_size(path: Path) -> int:
    wal = path.with_name(path.name + ".wal")
    return (path.stat().st_size if path.exists() else 0) + (wal.stat().st_size
                                                            if wal.exists() else 0)


def bench_scale(dwellings: int, root: Path, args: argparse.Namespace) -> dict:
    py = sys.executable
    inbox, logs = root / "inbox", root / "logs"
    reuse = args.reuse_inbox and (root / "generated").exists()
    if reuse:  # a clean build on the files generated before: all but the inbox goes
        for path in root.iterdir():
            if path.name not in ("inbox", "generated"):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        for path in inbox.glob(f"*{daily.DAY_FILE_MARK}*"):
            path.unlink()
    elif root.exists():
        shutil.rmtree(root)
    env = scale_env(root)
    result: dict = {"dwellings": dwellings, "scratch": str(root)}
    print(f"\n=== {dwellings:,} dwellings ({root})", flush=True)

    if reuse:
        result["generate"] = json.loads((root / "generated").read_text()) | {"reused": True}
    else:
        gen = run_child([py, "-m", "orchestration.demo_landlord", "--out", str(inbox),
                         "--dwellings", str(dwellings), "--manifest",
                         str(root / "defects_manifest.csv"), *args.generator_args.split()],
                        env, logs / "generate.log", REPO_ROOT)
        result["generate"] = child_summary(gen)
        if gen.returncode == 0:
            (root / "generated").write_text(json.dumps(result["generate"]))
    result["inbox_mib"] = round(sum(p.stat().st_size for p in inbox.rglob("*")
                                    if p.is_file()) / MIB)
    print(f"  generate {result['generate']['seconds']:8.1f} s   inbox {result['inbox_mib']} MiB"
          + ("   (files reused)" if reuse else ""), flush=True)
    if result["generate"]["returncode"]:
        return result

    floor = run_child([py, "-m", "tests.benchmarks.floor", "--inbox", str(inbox),
                       "--database", str(root / "floor" / "floor.duckdb")],
                      env, logs / "floor.log", REPO_ROOT)
    result["floor"] = child_summary(floor) | json.loads(
        floor.log.read_text().strip().splitlines()[-1])
    print(f"  floor    {floor.seconds:8.1f} s   {result['floor']['rows']:,} rows", flush=True)

    full = run_child([py, "-m", "orchestration.run", "--inbox", str(inbox)],
                     env, logs / "full_build.log", REPO_ROOT)
    build, serving = Path(env["BUILD_WAREHOUSE"]), Path(env["SERVING_WAREHOUSE"])
    rows = source_rows(build)
    result["source_rows"] = rows
    result["full_build"] = pipeline_summary(full, root / "dagster", rows)
    result["full_build"]["build_warehouse_mib"] = round(file_size(build) / MIB)
    result["full_build"]["serving_warehouse_mib"] = round(file_size(serving) / MIB)
    result["ratio_full_build_to_floor"] = round(full.seconds / floor.seconds, 2)
    result["cpu_ratio_full_build_to_floor"] = round(full.cpu_seconds / floor.cpu_seconds, 2)
    print(f"  full     {full.seconds:8.1f} s   exit {full.returncode}   "
          f"x{result['ratio_full_build_to_floor']} the floor", flush=True)

    if args.daily_max_dwellings is not None and dwellings > args.daily_max_dwellings:
        result["daily"] = {"skipped": f"above --daily-max-dwellings {args.daily_max_dwellings}"}
        return _finish(result, serving, root, logs, args)
    new_day = daily.write_daily_files(inbox, inbox)
    command = [py, "-m", "orchestration.run", "--inbox", str(inbox)]
    if args.daily_job:
        command += ["--job", args.daily_job]
    inc = run_child(command, env, logs / "daily.log", REPO_ROOT)
    result["daily"] = pipeline_summary(inc, root / "dagster", new_day["tickets"]
                                       + new_day["breakdowns"]) | {"new_day": new_day,
                                                                    "job": args.daily_job
                                                                    or "full_build"}
    result["ratio_daily_to_full_build"] = round(inc.seconds / full.seconds, 3)
    result["cpu_ratio_daily_to_full_build"] = round(inc.cpu_seconds / full.cpu_seconds, 3)
    print(f"  daily    {inc.seconds:8.1f} s   exit {inc.returncode}   "
          f"{100 * result['ratio_daily_to_full_build']:.0f} % of the full build", flush=True)

    return _finish(result, serving, root, logs, args)


def _finish(result: dict, serving: Path, root: Path, logs: Path,
            args: argparse.Namespace) -> dict:
    if args.latency:
        from tests.benchmarks import latency

        result["chart_latency"] = latency.measure(serving, args.scratch / "superset", logs)
        print(f"  charts   p50 {result['chart_latency'].get('overall', {}).get('p50_ms')} ms   "
              f"p95 {result['chart_latency'].get('overall', {}).get('p95_ms')} ms", flush=True)
    if not args.keep:
        shutil.rmtree(root)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="30000,300000,1000000",
                        help="comma- or space-separated numbers of dwellings")
    parser.add_argument("--national", action="store_true",
                        help=f"add the national scale ({NATIONAL:,} dwellings)")
    parser.add_argument("--latency", action="store_true",
                        help="start a Superset per scale and time every chart's query")
    parser.add_argument("--daily-job", default=os.environ.get("BENCH_DAILY_JOB",
                                                               default_daily_job()),
                        help="job of `orchestration.run --job` for the daily load (default: "
                        f"{DAILY_JOB} when the pipeline has it, else full_build on the inbox "
                        "plus the new day)")
    parser.add_argument("--daily-max-dwellings", type=int, default=None,
                        help="skip the daily load above this scale (it reruns the whole build "
                        "until the orchestration has a daily job)")
    parser.add_argument("--generator-args", default="", help="extra demo_landlord arguments")
    parser.add_argument("--scratch", type=Path,
                        default=Path(os.environ.get("BENCH_DIR", "/tmp/patrimoine-bench")))
    parser.add_argument("--reuse-inbox", action="store_true",
                        help="with --keep: reuse a scale's generated files (generate figures "
                        "from then) instead of generating them again")
    parser.add_argument("--keep", action="store_true", help="keep each scale's scratch folder")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.replace(",", " ").split()]
    if args.national:
        scales.append(NATIONAL)

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    args.out.mkdir(parents=True, exist_ok=True)
    args.scratch.mkdir(parents=True, exist_ok=True)
    results = {"started_utc": stamp, "machine": machine.describe(args.scratch), "scales": []}
    stem = args.out / f"bench-{stamp}"
    for dwellings in scales:
        results["scales"].append(bench_scale(dwellings, args.scratch / str(dwellings), args))
        report.write(results, stem)  # after every scale: a long run keeps what it measured
    print("\n" + report.table(results))
    print(f"\nResults: {stem}.json, {stem}.csv, {stem}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
