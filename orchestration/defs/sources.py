"""Every source's ingestion asset and checks, built from the registry of contracts.

One contract (orchestration/contracts/<source>.yml) is one source, RPLS included: its asset
(`raw/<source>`, RPLS `raw/rpls_dwellings`), in the Dagster group the contract names, with its
reconciliation and set-aside checks. A new source is a new contract, not a new module.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.contract_assets import build_source_defs
from orchestration.lib.contracts import load_registry


def build_sources() -> tuple[list[dg.AssetsDefinition], list[dg.AssetChecksDefinition]]:
    """(the ingestion assets, their checks), one source per contract, by source name."""
    built = [build_source_defs(c) for c in load_registry().values()]
    return [asset for asset, _ in built], [check for _, checks in built for check in checks]


SOURCE_ASSETS, SOURCE_CHECKS = build_sources()
