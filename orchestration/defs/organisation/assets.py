"""Organisation: directions territoriales, agences and what each covers."""

from orchestration.defs.contract_assets import build_source_defs
from orchestration.lib.contracts import load_contracts

SOURCES = ('organisation',)

_contracts = load_contracts()
_built = [build_source_defs(_contracts[s], group="organisation") for s in SOURCES]
assets = [asset for asset, _ in _built]
checks = [check for _, source_checks in _built for check in source_checks]
