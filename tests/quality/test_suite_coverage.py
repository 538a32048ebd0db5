"""Every raw source and every KPI mart of the code location is guarded by a GX suite."""

from __future__ import annotations

import dagster as dg


def test_every_raw_source_and_kpi_mart_has_a_gx_check():
    from orchestration import definitions

    guarded = {key for check in definitions.gx_checks for key in
               (k.asset_key for k in check.check_keys)}
    raw = {k for a in definitions.INGESTION_ASSETS for k in a.keys}
    kpi = {k for k in definitions.MART_KEYS if k.path[-1].startswith("kpi_")}
    assert dg.AssetKey(["raw", "rpls_dwellings"]) in raw
    assert len(kpi) >= 8
    assert sorted(k.to_user_string() for k in (raw | kpi) - guarded) == []


def test_every_gx_check_has_a_severity_and_a_reason():
    from orchestration.defs.quality.gx_checks import all_specs

    for spec in all_specs():
        assert spec.description.strip(), spec.name
        assert isinstance(spec.blocking, bool)
