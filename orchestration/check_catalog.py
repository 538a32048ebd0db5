"""Write expectations/README.md, the list of every quality check, from the code location.

The entry point of `make generated` for the check catalogue: it reads what actually runs (the
asset checks of orchestration/definitions.py, the GX suites, the dbt manifest) and lets
expectations/catalog.py render it, so that expectations/ never imports the Dagster code
location (imports flow down; tests/test_import_layers.py). Run it after adding or changing a
check:

    uv run --frozen python -m orchestration.check_catalog
"""

from __future__ import annotations

import sys

from expectations import catalog


def render() -> str:
    from orchestration import definitions
    from orchestration.defs.dbt.assets import dbt_project
    from orchestration.defs.quality.gx_checks import all_specs

    dbt_check_names = set()
    for assets in definitions.DBT_MODELS:
        dbt_check_names |= {(s.asset_key, s.name) for s in assets.check_specs}
    check_specs = [s for c in definitions.CHECKS for s in c.check_specs
                   if (s.asset_key, s.name) not in dbt_check_names]
    return catalog.render(check_specs, all_specs(), dbt_project.manifest_path)


def main() -> int:
    catalog.OUTPUT.write_text(render(), encoding="utf-8")
    print(f"written {catalog.OUTPUT.relative_to(catalog.REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
