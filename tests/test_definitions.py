"""The Dagster code location loads and describes what the data team sees in the UI."""

from __future__ import annotations

import dagster as dg

from orchestration.definitions import defs


def test_definitions_load_and_validate():
    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def("full_build")
    assert job is not None


def test_every_asset_has_a_description_owner_and_group():
    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert dg.AssetKey(["serving", "warehouse"]) in keys
    assert dg.AssetKey(["raw", "rpls_dwellings"]) in keys
    assert dg.AssetKey(["marts", "kpi_dpe_by_territory"]) in keys
    for key in keys:
        node = graph.get(key)
        assert node.description, f"{key.to_user_string()} has no description"
        assert node.owners, f"{key.to_user_string()} has no owner"
        assert node.group_name and node.group_name != "default", key.to_user_string()


def test_publish_depends_on_every_mart_and_the_raw_checks_block():
    graph = defs.resolve_asset_graph()
    serving = dg.AssetKey(["serving", "warehouse"])
    upstream = graph.get(serving).parent_keys
    marts = {k for k in graph.get_all_asset_keys() if k.path[0] == "marts"}
    assert marts <= upstream
    checks = {k.name: graph.get_check_spec(k) for k in graph.asset_check_keys}
    assert checks["rpls_reconciliation"].blocking
    assert checks["gx_kpi_dpe_by_territory"].blocking
    dbt_tests = [c for c in checks.values() if "dagster_dbt/unique_id" in c.metadata]
    assert len(dbt_tests) > 20 and all(c.blocking for c in dbt_tests)


def test_every_dbt_test_runs_in_the_step_that_builds_its_parents():
    """The dbt project is split in three steps (upstream, partitioned event facts, the rest),
    each with dbt's "buildable" indirect selection: a test runs in a step only when all its
    parents are built by that step or upstream of it. Every test must meet that in the step
    that owns its asset check, or it would silently never run."""
    import json

    from orchestration.definitions import DBT_MODELS
    from orchestration.defs.dbt.assets import dbt_project

    manifest = json.loads(dbt_project.manifest_path.read_text())
    parent_map = manifest["parent_map"]

    def ancestors(nodes: set[str]) -> set[str]:
        seen, todo = set(), list(nodes)
        while todo:
            for parent in parent_map.get(todo.pop(), []):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    checked = 0
    for models in DBT_MODELS:
        built = {spec.metadata["dagster_dbt/unique_id"] for spec in models.specs}
        reachable = built | ancestors(built)
        for spec in models.check_specs:
            test = spec.metadata["dagster_dbt/unique_id"]
            parents = set(manifest["nodes"][test]["depends_on"]["nodes"])
            assert parents <= reachable, f"{test} in {models.node_def.name}: {parents - reachable}"
            checked += 1
    assert checked > 300


def test_every_dbt_test_is_the_asset_check_of_one_definition():
    """A dbt test that is no asset check still runs in `dbt build`, but Dagster logs it as an
    observation with a warning and shows no check for it: each data test must be exactly one
    check of one of the two dbt definitions."""
    import json
    from collections import Counter

    from orchestration.definitions import DBT_MODELS
    from orchestration.defs.dbt.assets import dbt_project

    manifest = json.loads(dbt_project.manifest_path.read_text())
    tests = {uid for uid, node in manifest["nodes"].items() if node["resource_type"] == "test"}
    owners = Counter(spec.metadata["dagster_dbt/unique_id"]
                     for models in DBT_MODELS for spec in models.check_specs)
    assert sorted(tests - set(owners)) == [], "dbt tests that are no asset check"
    assert [uid for uid, n in owners.items() if n > 1] == [], "tests checked twice"
