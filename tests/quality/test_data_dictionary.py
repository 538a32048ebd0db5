"""The French KPI dictionary is rendered from the dbt project and committed up to date."""

from __future__ import annotations

import importlib.util

import pytest

from orchestration.settings import REPO_ROOT

SCRIPT = REPO_ROOT / "dbt_project" / "docs" / "build_dictionary.py"


@pytest.fixture(scope="module")
def dictionary():
    spec = importlib.util.spec_from_file_location("build_dictionary", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    manifest = module.parse_manifest()
    return module, manifest, module.render(manifest)


def test_committed_dictionary_is_up_to_date(dictionary):
    module, _, rendered = dictionary
    committed = module.OUTPUT.read_text(encoding="utf-8")
    assert committed == rendered, (
        "dbt_project/docs/dictionnaire_des_indicateurs.md is stale: run "
        "`make generated` and commit it")


def test_every_kpi_mart_and_indicator_is_defined_with_a_unit(dictionary):
    module, manifest, rendered = dictionary
    marts = [n for n in manifest.nodes.values()
             if n.resource_type == "model" and n.name.startswith("kpi_")]
    assert len(marts) >= 8
    for node in marts:
        assert f"## `{node.name}`" in rendered
        assert module.grain(manifest, node), f"{node.name} has no uniqueness test"
        for name, column in module.measures(node, module.grain(manifest, node)):
            assert column.description, f"{node.name}.{name} has no description"
            assert module.unit(name, column) != "—", f"{node.name}.{name} has no unit"
    for code in ("PP-2", "PS-1", "G-1", "INT-VACANCE"):
        assert f"| `{code}` |" in rendered
    # blocking checks are named, GX suites included
    assert "suite Great Expectations `gx_kpi_dpe_by_territory`, bloquant" in rendered
