"""The key of each KPI suite is the grain the mart's dbt YAML declares (config: meta: grain),
read from the dbt manifest (expectations/grain.py), never a tuple written in the suite."""

from __future__ import annotations

import json

import pytest

from expectations import grain as grain_module
from expectations.grain import grain, grains


def _key_of(suite) -> list[str]:
    keys = [e.configuration.kwargs for e in suite.expectations
            if e.expectation_type in ("expect_compound_columns_to_be_unique",
                                      "expect_column_values_to_be_unique")]
    assert len(keys) == 1, keys
    return keys[0].get("column_list") or [keys[0]["column"]]


def test_the_grain_is_read_from_the_manifest_dagster_loads():
    from orchestration.defs.dbt.assets import dbt_project

    assert grain_module.MANIFEST_PATH == dbt_project.manifest_path
    declared = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))["nodes"]
    node = declared["model.patrimoine_hlm.kpi_rental_ban"]
    assert grain("marts.kpi_rental_ban") == tuple(node["config"]["meta"]["grain"])


def test_every_kpi_suite_is_keyed_on_its_marts_grain():
    from orchestration.defs.quality.gx_checks import all_specs

    kpi = [s for s in all_specs() if s.table.startswith("marts.kpi_")]
    assert len(kpi) >= 11
    for spec in kpi:
        assert _key_of(spec.build()) == list(grain(spec.table)), spec.name


def test_a_suite_follows_a_changed_grain(tmp_path, monkeypatch):
    from expectations.suites import kpi_dpe_by_territory, kpi_marts

    manifest = tmp_path / "manifest.json"
    nodes = {f"model.p.{name}": {"resource_type": "model", "name": name,
                                 "config": {"meta": {"grain": list(cols)}}}
             for name, cols in {"kpi_rental_ban": ("landlord_id", "ban_step"),
                                "kpi_dpe_by_territory": ("landlord_id", "dpe_class")}.items()}
    manifest.write_text(json.dumps({"nodes": nodes}), encoding="utf-8")
    monkeypatch.setattr(grain_module, "MANIFEST_PATH", manifest)
    rental_ban = next(r for r in kpi_marts.MARTS if r.table == "marts.kpi_rental_ban")
    assert _key_of(kpi_marts.build_mart_suite(rental_ban)) == ["landlord_id", "ban_step"]
    assert _key_of(kpi_dpe_by_territory.build_suite()) == ["landlord_id", "dpe_class"]
    with pytest.raises(KeyError, match="kpi_management declares no grain"):
        grain("marts.kpi_management")
    assert set(grains()) == {"kpi_rental_ban", "kpi_dpe_by_territory"}


def test_a_missing_manifest_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="make dbt-parse"):
        grain("kpi_rental_ban", tmp_path / "manifest.json")
