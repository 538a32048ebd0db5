"""Dagster resources: the build warehouse (DuckDB), the folders the pipeline works in, and dbt."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration.settings import Settings


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
    return {
        "warehouse": DuckDBResource(database=str(settings.build_warehouse)),
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
