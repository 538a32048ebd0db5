"""Dagster resources: the build warehouse (DuckDB), the folders the pipeline works in, and dbt."""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from orchestration.defs.automation.warehouse_lock import hold_warehouse
from orchestration.settings import Settings

MEMORY_LIMIT_ENV = "PATRIMOINE_DUCKDB_MEMORY_LIMIT"


def duckdb_memory_limit() -> str:
    """DuckDB's memory cap for the build warehouse (the pipeline's connections and dbt's): the
    environment's `PATRIMOINE_DUCKDB_MEMORY_LIMIT` (e.g. `3GB`), else 2 GiB or a quarter of the
    machine's memory, whichever is smaller. Why: DuckDB takes 80 % of the RAM by default and
    kept about 3 GiB in dbt at 1 million dwellings, on top of the Dagster process; past the cap
    it spills to `<warehouse>.tmp/` next to the file (tests/benchmarks/README.md)."""
    if os.environ.get(MEMORY_LIMIT_ENV):
        return os.environ[MEMORY_LIMIT_ENV]
    quarter_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4 // 2**20
    return f"{min(2048, quarter_mib)}MiB"


class BuildWarehouse(DuckDBResource):
    """The build warehouse (DuckDB), held by one run at a time from its start to its end: a
    second run waits, whether it came from the daemon, the UI or the command line."""

    _held: ExitStack | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run_id = context.run.run_id if context.run else "?"
        self._held = ExitStack()
        self._held.enter_context(hold_warehouse(Path(self.database), run_id, context.log.info))

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None


class PipelinePaths(dg.ConfigurableResource):
    """The landlord's inbox, the reference data, the serving copy and the state folder."""

    inbox: str
    reference_dir: str
    build_warehouse: str
    serving_warehouse: str
    state_dir: str

    @property
    def inbox_path(self) -> Path:
        return Path(self.inbox)

    @property
    def reference_path(self) -> Path:
        return Path(self.reference_dir)

    @property
    def build_path(self) -> Path:
        return Path(self.build_warehouse)

    @property
    def serving_path(self) -> Path:
        return Path(self.serving_warehouse)


def build_resources(settings: Settings) -> dict[str, object]:
    settings.build_warehouse.parent.mkdir(parents=True, exist_ok=True)
    memory_limit = duckdb_memory_limit()
    os.environ[MEMORY_LIMIT_ENV] = memory_limit  # read by dbt's profile (dbt_project/profiles.yml)
    return {
        "warehouse": BuildWarehouse(database=str(settings.build_warehouse),
                                    connection_config={"memory_limit": memory_limit}),
        "paths": PipelinePaths(
            inbox=str(settings.inbox),
            reference_dir=str(settings.reference_dir),
            build_warehouse=str(settings.build_warehouse),
            serving_warehouse=str(settings.serving_warehouse),
            state_dir=str(settings.state_dir),
        ),
        "dbt": DbtCliResource(
            project_dir=str(settings.dbt_project_dir),
            profiles_dir=str(settings.dbt_project_dir),
        ),
    }
