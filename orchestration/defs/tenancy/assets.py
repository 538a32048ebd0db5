"""Tenancy: households, leases, attributions, monthly billing and arrears from the management system."""

from orchestration.defs.contract_assets import build_source_defs
from orchestration.lib.contracts import load_contracts

SOURCES = ('households', 'leases', 'attributions', 'rent_billing', 'arrears')

_contracts = load_contracts()
_built = [build_source_defs(_contracts[s], group="tenancy") for s in SOURCES]
assets = [asset for asset, _ in _built]
checks = [check for _, source_checks in _built for check in source_checks]
