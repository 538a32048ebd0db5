"""The Dagster code location: every asset, check, job and resource of the pipeline."""

import dagster as dg

from orchestration.defs.automation.alerts import alert_on_run_failure
from orchestration.defs.automation.freshness import with_source_freshness
from orchestration.defs.automation.inbox_sensor import inbox_sensor
from orchestration.defs.automation.jobs import JOBS, full_build  # noqa: F401 (run.py, tests)
from orchestration.defs.automation.schedules import SCHEDULES
from orchestration.defs.dbt.assets import event_facts_and_upstream, warehouse_dbt_models
from orchestration.defs.publish.assets import build_serving_asset
from orchestration.defs.quality.dbt_docs import dbt_docs
from orchestration.defs.quality.gx_checks import build_gx_checks
from orchestration.defs.quality.lineage_tables import build_lineage_table_specs
from orchestration.defs.quality.personal_data import build_personal_data_check
from orchestration.defs.quality.source_health import build_source_health_checks
from orchestration.defs.reference.assets import cog_reference
from orchestration.defs.sources import SOURCE_ASSETS, SOURCE_CHECKS
from orchestration.lib.contracts import load_contracts
from orchestration.resources import build_resources
from orchestration.settings import Settings, get_settings

INGESTION_ASSETS = SOURCE_ASSETS
DBT_MODELS = [event_facts_and_upstream, warehouse_dbt_models]
MART_KEYS = [key for models in DBT_MODELS
             for key in models.keys if key.path[0] == "marts"]

serving_warehouse = build_serving_asset(
    [key for a in INGESTION_ASSETS for key in a.keys] + MART_KEYS
)
LINEAGE_TABLES = build_lineage_table_specs([k for a in INGESTION_ASSETS for k in a.keys])
ASSETS = [cog_reference, *with_source_freshness(INGESTION_ASSETS), *LINEAGE_TABLES,
          *DBT_MODELS, serving_warehouse, dbt_docs]
gx_checks = build_gx_checks([k for a in INGESTION_ASSETS for k in a.keys] + MART_KEYS)
# Attached to a mart: it runs once dbt has built everything, and blocks the publish.
personal_data_check = build_personal_data_check(dg.AssetKey(["marts", "kpi_dpe_by_territory"]))
# by file and load date for the tabular sources; RPLS by millésime (its own checks)
source_health_checks = [c for contract in load_contracts().values()
                        for c in build_source_health_checks(contract)]
CHECKS = [*gx_checks, personal_data_check, *source_health_checks, *SOURCE_CHECKS]

def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=JOBS,
        schedules=SCHEDULES,
        sensors=[inbox_sensor, alert_on_run_failure],
        resources=build_resources(settings),
        # DuckDB allows one writer: steps run one after the other in one process.
        executor=dg.in_process_executor,
    )


defs = build_definitions(get_settings())
