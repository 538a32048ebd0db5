"""The one place that says how dbt nodes appear in Dagster: groups by layer, owners, keys,
and the monthly partitions of the event facts.

Sources keep dagster-dbt's default key [source_name, table] (raw/rpls_dwellings,
reference/cog_communes), which are exactly the keys of the ingestion assets, so lineage joins up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

from orchestration.defs.automation.partitions import EVENT_MONTHS

# The incremental event facts, replayable one month at a time (replay_event_month).
EVENT_FACTS = ("fct_ticket", "fct_elevator_breakdown", "fct_arrears", "fct_rent_billing")


class WarehouseDbtTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        if dbt_resource_props["resource_type"] != "model":
            return super().get_group_name(dbt_resource_props)
        layer = dbt_resource_props["fqn"][1]  # models/<layer>/...
        return {"staging": "staging", "intermediate": "intermediate"}.get(layer, "marts")

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        return ["team:data"]

    def get_partitions_def(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> dg.PartitionsDefinition | None:
        if (dbt_resource_props["resource_type"] == "model"
                and dbt_resource_props["name"] in EVENT_FACTS):
            return EVENT_MONTHS
        return None
