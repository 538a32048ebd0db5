"""Where things live: every path the pipeline reads or writes, overridable by environment variables.

Defaults suit a clone used as-is; `make pipeline INBOX=<folder>` and the tests override them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    inbox: Path
    build_warehouse: Path
    serving_warehouse: Path
    reference_dir: Path
    state_dir: Path
    #: months a quarantined row keeps its raw content (`make purge-quarantine` erases it
    #: after): 13 = one yearly cycle (RPLS millésime, annual surveys and accounts) for the
    #: landlord to fix and redeposit, plus a month of slack; no longer, since a raw line is
    #: kept only to be fixed (QUARANTINE_RETENTION_MONTHS)
    quarantine_retention_months: int = 13

    @property
    def dbt_project_dir(self) -> Path:
        return REPO_ROOT / "dbt_project"


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def get_settings() -> Settings:
    """Read the settings from the environment at call time (tests change it per run)."""
    warehouse_dir = _path("PATRIMOINE_WAREHOUSE_DIR", REPO_ROOT / "data" / "warehouse")
    return Settings(
        inbox=_path("INBOX", REPO_ROOT / "data" / "inbox"),
        build_warehouse=_path("BUILD_WAREHOUSE", warehouse_dir / "build" / "warehouse.duckdb"),
        serving_warehouse=_path(
            "SERVING_WAREHOUSE", warehouse_dir / "serving" / "warehouse.duckdb"
        ),
        reference_dir=_path("PATRIMOINE_REFERENCE_DIR", REPO_ROOT / "data" / "reference"),
        state_dir=_path("PATRIMOINE_STATE_DIR", REPO_ROOT / ".local"),
        quarantine_retention_months=int(os.environ.get("QUARANTINE_RETENTION_MONTHS", "13")),
    )


#: the Dagster instance settings (run queue, telemetry off), said once for every start
INSTANCE_SETTINGS = REPO_ROOT / "orchestration" / "dagster.yaml"


def install_instance_settings(dagster_home: Path) -> Path:
    """Copy the project's instance settings into DAGSTER_HOME before the instance is used.

    Why: the first `make pipeline` of a fresh install ran before dagster-start had written
    them, so Dagster printed its "no dagster.yaml" and telemetry notices and that first run
    had telemetry on."""
    target = dagster_home / "dagster.yaml"
    text = INSTANCE_SETTINGS.read_text(encoding="utf-8")
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        dagster_home.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".dagster.yaml.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    return target
