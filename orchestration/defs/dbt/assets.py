"""dbt models as Dagster assets, dbt tests as their asset checks.

`dbt build` runs models and tests in dependency order: a failing test (severity error) stops
its dependants and fails the step, so nothing downstream, the publish included, runs.
"""

import os

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.dbt.translator import WarehouseDbtTranslator
from orchestration.resources import PipelinePaths
from orchestration.settings import REPO_ROOT

dbt_project = DbtProject(project_dir=REPO_ROOT / "dbt_project")
dbt_project.prepare_if_dev()
if not dbt_project.manifest_path.exists():  # fresh clone without `make install`: parse once
    dbt_project.preparer.prepare(dbt_project)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project,
            dagster_dbt_translator=WarehouseDbtTranslator())
def warehouse_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                         paths: PipelinePaths):
    # profiles.yml reads the warehouse path from the environment of the dbt subprocess.
    os.environ["BUILD_WAREHOUSE"] = str(paths.build_path)
    yield from dbt.cli(["build"], context=context).stream()
