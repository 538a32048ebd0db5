"""The Dagster code location: every asset, check, job and resource of the pipeline."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.dbt.assets import warehouse_dbt_models
from orchestration.defs.patrimony.assets import (
    rpls_dwellings,
    rpls_no_file_set_aside,
    rpls_reconciliation,
)
from orchestration.defs.publish.assets import serving_warehouse
from orchestration.defs.quality.gx_checks import gx_checks
from orchestration.defs.reference.assets import cog_reference
from orchestration.resources import build_resources
from orchestration.settings import Settings, get_settings

ASSETS = [cog_reference, rpls_dwellings, warehouse_dbt_models, serving_warehouse]
CHECKS = [rpls_reconciliation, rpls_no_file_set_aside, *gx_checks]

full_build = dg.define_asset_job(
    "full_build",
    selection=dg.AssetSelection.all(),
    description="Load every source in the inbox, build the warehouse, audit it, publish it.",
)


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[full_build],
        resources=build_resources(settings),
        # DuckDB allows one writer: steps run one after the other in one process.
        executor=dg.in_process_executor,
    )


defs = build_definitions(get_settings())
