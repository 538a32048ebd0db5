"""The jobs the data team runs: full rebuild, one per source cadence, and the replay of a month.

Every job carries the warehouse tag (one run at a time on the build warehouse, see
bin/dagster-start) and the quality hooks (check results recorded), and ends with the publish,
which Dagster still skips when a blocking check upstream failed.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.automation.cadences import sources_with_cadence
from orchestration.defs.dbt.assets import event_fact_models
from orchestration.defs.quality.results import HOOKS as QUALITY_HOOKS

# The instance lets one run with this tag at a time (dagster.yaml written by bin/dagster-start).
WAREHOUSE_TAG = {"patrimoine/warehouse": "build"}


def _source_job(name: str, cadence: str, description: str) -> dg.UnresolvedAssetJobDefinition:
    sources = sources_with_cadence(cadence)
    return dg.define_asset_job(
        name,
        selection=dg.AssetSelection.assets(*sources).downstream().materializable(),
        description=f"{description} Sources : "
        f"{', '.join(k.path[-1] for k in sources)} ; puis ce qui en dépend, jusqu'à la "
        "publication (bloquée si un contrôle bloquant échoue).",
        hooks=QUALITY_HOOKS,
        tags=WAREHOUSE_TAG,
    )


full_build = dg.define_asset_job(
    "full_build",
    selection=dg.AssetSelection.all(),
    description="Load every source in the inbox, build the warehouse, audit it, publish it.",
    hooks=QUALITY_HOOKS,
    tags=WAREHOUSE_TAG,
)
daily_operations = _source_job(
    "daily_operations", "daily",
    "Chargement quotidien de l'exploitation (réclamations, ordres de travail, pannes).")
monthly_tenancy_billing = _source_job(
    "monthly_tenancy_billing", "monthly",
    "Chargement mensuel : gestion locative, quittancement et autres sources mensuelles.")
yearly_rpls_millesime = _source_job(
    "yearly_rpls_millesime", "yearly",
    "Chargement annuel : millésime RPLS et sources annuelles.")
replay_event_month = dg.define_asset_job(
    "replay_event_month",
    selection=dg.AssetSelection.assets(event_fact_models).downstream().materializable(),
    description="Rejoue un mois des faits d'événements (réclamations, pannes, impayés, "
    "quittancement) : seules les lignes de ce mois sont reconstruites, puis les indicateurs "
    "et la publication. Pour un backfill : choisir une ou plusieurs partitions.",
    hooks=QUALITY_HOOKS,
    tags=WAREHOUSE_TAG,
)

JOBS = [full_build, daily_operations, monthly_tenancy_billing, yearly_rpls_millesime,
        replay_event_month]
