"""dbt docs of the warehouse, regenerated after a successful full build or yearly load, and on
demand (job `refresh_dbt_docs`, or *Materialize* on the asset).

Governance officers read there every model and column with its French description, its tests
and the lineage from the raw sources to the KPI marts. `dbt docs generate --static` writes one
self-contained HTML file (manifest and catalog inlined), copied to `<state>/reports/dbt/`,
served by `orchestration/bin/reports-start` (http://localhost:8090/dbt/). The docs describe the
dbt project, which a day's data does not change: the daily and monthly loads leave them alone
(orchestration/defs/automation/jobs.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from orchestration.defs.dbt.assets import dbt_project, warehouse_dbt_models
from orchestration.defs.quality.data_docs import dbt_docs_dir
from orchestration.resources import PipelinePaths

DBT_DOCS_KEY = dg.AssetKey(["reports", "dbt_docs"])


@dg.asset(
    key=DBT_DOCS_KEY,
    # after the whole dbt build: a failed build skips it and the last good docs stay
    deps=[warehouse_dbt_models],
    group_name="reports",
    kinds={"dbt", "html"},
    owners=["team:data"],
    description="Documentation dbt de l'entrepôt (modèles, colonnes, tests, lignage), régénérée "
    "par la construction complète, le chargement annuel et à la demande (job "
    "refresh_dbt_docs) : <état>/reports/dbt/index.html, servie sur "
    "http://localhost:8090/dbt/.",
)
def dbt_docs(dbt: DbtCliResource, paths: PipelinePaths,
             warehouse: DuckDBResource) -> dg.MaterializeResult:
    # `warehouse` is not queried here: requiring it holds the build warehouse (the catalog is
    # read from it), so an on-demand refresh waits for a running load.
    # profiles.yml reads the warehouse path from the environment of the dbt subprocess.
    os.environ["BUILD_WAREHOUSE"] = str(paths.build_path)
    target = Path(paths.state_dir) / "dbt-docs-target"  # not served: only the HTML is
    target.mkdir(parents=True, exist_ok=True)
    # --no-compile reuses the project's parsed manifest: the docs show each model's SQL as
    # written, and generating them takes seconds instead of compiling every node again.
    shutil.copyfile(dbt_project.manifest_path, target / "manifest.json")
    dbt.cli(["docs", "generate", "--static", "--no-compile"], target_path=target).wait()
    site = dbt_docs_dir(paths.state_dir)
    site.mkdir(parents=True, exist_ok=True)
    index = site / "index.html"
    shutil.copyfile(target / "static_index.html", index)
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(index)),
        "bytes": index.stat().st_size,
    })
