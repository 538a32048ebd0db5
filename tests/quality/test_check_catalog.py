"""expectations/README.md lists every check that runs, with its severity and why, up to date."""

from __future__ import annotations

from expectations import catalog
from orchestration import check_catalog


def test_committed_check_list_is_up_to_date_and_gives_every_reason():
    rendered = check_catalog.render()  # raises when a check has no written reason
    assert catalog.OUTPUT.read_text(encoding="utf-8") == rendered, (
        "expectations/README.md is stale: run `make generated` "
        "and commit it")
    for name in ("gx_raw_rpls_dwellings", "gx_kpi_commitments", "rpls_reconciliation",
                 "no_direct_identifier", "volume_change", "freshness"):
        assert f"`{name}`" in rendered
    assert "| `gx_dpe_label_consistency` | `raw/dpe` | warning |" in rendered
    assert "| `gx_raw_rpls_dwellings` | `raw/rpls_dwellings` | **blocking** |" in rendered
