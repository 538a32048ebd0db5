"""Maintenance: ticketing export (complaints, work orders), elevator inventory and breakdown log."""

from orchestration.defs.contract_assets import build_source_defs
from orchestration.lib.contracts import load_contracts

SOURCES = ('tickets', 'elevators', 'elevator_breakdowns')

_contracts = load_contracts()
_built = [build_source_defs(_contracts[s], group="maintenance") for s in SOURCES]
assets = [asset for asset, _ in _built]
checks = [check for _, source_checks in _built for check in source_checks]
