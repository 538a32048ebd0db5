"""The jobs the data team runs: full rebuild, one per source cadence, and the replay of a month.

Every loading job carries the warehouse tag (one run at a time on the build warehouse, see
bin/dagster-start) and the quality hooks (check results recorded), and ends with the publish,
which Dagster still skips when a blocking check upstream failed.

The dbt documentation (reports/dbt_docs: every model, column, test and the lineage) changes
with the dbt project, not with a day's data: the full build and the yearly load regenerate it,
the daily / monthly loads and the replays leave it alone (a few seconds each run), and
`refresh_dbt_docs` regenerates it on demand.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.automation.cadences import sources_with_cadence
from orchestration.defs.dbt.assets import EVENT_FACT_KEYS
from orchestration.defs.quality.dbt_docs import DBT_DOCS_KEY
from orchestration.defs.quality.results import HOOKS as QUALITY_HOOKS

# The instance lets one run with this tag at a time (orchestration/dagster.yaml).
WAREHOUSE_TAG = {"patrimoine/warehouse": "build"}
DBT_DOCS = dg.AssetSelection.assets(DBT_DOCS_KEY)


def _source_job(name: str, cadence: str, description: str,
                with_dbt_docs: bool = False) -> dg.UnresolvedAssetJobDefinition:
    sources = sources_with_cadence(cadence)
    selection = dg.AssetSelection.assets(*sources).downstream().materializable()
    return dg.define_asset_job(
        name,
        selection=selection if with_dbt_docs else selection - DBT_DOCS,
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
    "Chargement annuel : millésime RPLS et sources annuelles ; documentation dbt régénérée.",
    with_dbt_docs=True)
replay_event_month = dg.define_asset_job(
    "replay_event_month",
    selection=dg.AssetSelection.assets(*EVENT_FACT_KEYS).downstream().materializable()
    - DBT_DOCS,
    description="Rejoue un mois des faits d'événements (réclamations, pannes, impayés, "
    "quittancement) : seules les lignes de ce mois sont reconstruites, puis les indicateurs "
    "et la publication. Pour un backfill : choisir une ou plusieurs partitions.",
    hooks=QUALITY_HOOKS,
    tags=WAREHOUSE_TAG,
)

refresh_dbt_docs = dg.define_asset_job(
    "refresh_dbt_docs",
    selection=DBT_DOCS,
    description="Régénère la documentation dbt (modèles, colonnes, tests, lignage) sur "
    "l'entrepôt tel qu'il est, sans rien recharger ni publier.",
    tags=WAREHOUSE_TAG,  # dbt docs reads the build warehouse: not while a run writes it
)

JOBS = [full_build, daily_operations, monthly_tenancy_billing, yearly_rpls_millesime,
        replay_event_month, refresh_dbt_docs]
