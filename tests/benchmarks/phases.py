"""Per-step timings of a finished Dagster run, grouped into the benchmark's phases.

Read from the run's event log in the Dagster instance (DAGSTER_HOME): every step's start and
end. Phases: ingest (steps materialising reference and raw.* assets), dbt (steps materialising dbt
models; they also run the dbt tests, i.e. the dbt asset checks), checks (asset-check steps: GX suites, personal data,
reconciliation, source health), publish (the serving copy).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

PHASES = ("ingest", "dbt", "checks", "publish")


@dataclass(frozen=True)
class StepTiming:
    step: str
    phase: str
    start: float
    end: float
    status: str

    @property
    def seconds(self) -> float:
        return self.end - self.start


INGEST_SCHEMAS = {"raw", "reference", "quarantine", "lineage"}


def phase_of(planned: set[tuple[str, ...]]) -> str:
    """The phase of a step from the asset keys it planned to materialise (none: a check)."""
    if not planned:
        return "checks"
    if any(key[0] == "serving" for key in planned):
        return "publish"
    if all(key[0] in INGEST_SCHEMAS for key in planned):
        return "ingest"
    return "dbt"


def step_timings(dagster_home: str, run_id: str | None = None) -> tuple[str, list[StepTiming]]:
    """(run id, steps) of `run_id` or of the instance's latest run."""
    import os

    import dagster as dg

    os.environ["DAGSTER_HOME"] = dagster_home
    with dg.DagsterInstance.get() as instance:
        if run_id is None:
            run_id = instance.get_runs(limit=1)[0].run_id
        starts, ends, status, planned = {}, {}, {}, defaultdict(set)
        for entry in instance.all_logs(run_id):
            event = entry.dagster_event
            if event is None or entry.step_key is None:
                continue
            kind = event.event_type_value
            if kind == "STEP_START":
                starts[entry.step_key] = entry.timestamp
            elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
                ends[entry.step_key] = entry.timestamp
                status[entry.step_key] = kind
            elif kind == "ASSET_MATERIALIZATION_PLANNED":
                planned[entry.step_key].add(tuple(event.event_specific_data.asset_key.path))
    steps = [StepTiming(s, phase_of(planned[s]), starts[s], ends.get(s, starts[s]),
                        status.get(s, "unfinished")) for s in starts]
    return run_id, sorted(steps, key=lambda t: t.start)


def by_phase(steps: list[StepTiming]) -> dict[str, dict]:
    """Seconds (sum of step durations), first start and last end of each phase."""
    grouped: dict[str, list[StepTiming]] = defaultdict(list)
    for s in steps:
        grouped[s.phase].append(s)
    return {p: {"seconds": sum(s.seconds for s in grouped[p]),
                "start": min(s.start for s in grouped[p]),
                "end": max(s.end for s in grouped[p]),
                "steps": len(grouped[p])}
            for p in PHASES if grouped[p]}
