"""Freshness policy of each source's ingestion asset, from its contract cadence.

The same allowance as the `freshness` warning check (quality/source_health.py CADENCE_DAYS,
which looks at when the latest file was loaded): here Dagster itself marks the asset late in
the UI (asset health) when it has not been materialised for that long.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import dagster as dg

from orchestration.defs.automation.cadences import source_cadences
from orchestration.defs.quality.source_health import CADENCE_DAYS


def freshness_policy(cadence: str) -> dg.FreshnessPolicy:
    days = CADENCE_DAYS.get(cadence, CADENCE_DAYS["yearly"])
    return dg.FreshnessPolicy.time_window(fail_window=timedelta(days=days))


def with_source_freshness(assets: Sequence[dg.AssetsDefinition]) -> list[dg.AssetsDefinition]:
    """The ingestion assets, each with the freshness policy of its cadence."""
    cadences = source_cadences()
    return list(dg.map_asset_specs(
        lambda spec: dg.apply_freshness_policy(spec, freshness_policy(cadences[spec.key]))
        if spec.key in cadences else spec,
        assets,
    ))
