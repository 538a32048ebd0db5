"""Which sources arrive daily, monthly or yearly: the `cadence` of each contract, RPLS yearly."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.patrimony.assets import RPLS_KEY
from orchestration.lib.contracts import load_contracts


def source_cadences() -> dict[dg.AssetKey, str]:
    """Ingestion asset key → cadence (daily, monthly, yearly), from the contracts."""
    cadences = {dg.AssetKey(["raw", c.source]): c.cadence for c in load_contracts().values()}
    cadences[RPLS_KEY] = "yearly"  # one millésime a year, due by 1 March
    return cadences


def sources_with_cadence(cadence: str) -> list[dg.AssetKey]:
    return sorted((k for k, c in source_cadences().items() if c == cadence),
                  key=lambda k: k.to_user_string())
