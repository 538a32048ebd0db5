"""A warehouse built by an older version of the project is rebuilt, not merged, where an
incremental fact changed its key or columns (the federation put the landlord in every key):
merging would keep the old rows, with an empty landlord, beside the new ones."""

from __future__ import annotations

import copy
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.lib.incremental_layouts import incremental_layouts, models_to_rebuild
from tests.orchestration.conftest import run_daily

FACT = "marts.fct_elevator_breakdown"
MANIFEST = {"nodes": {
    "model.p.fct_a": {"resource_type": "model", "name": "fct_a", "config": {
        "materialized": "incremental", "unique_key": ["landlord_id", "a_id"],
        "incremental_strategy": "delete+insert"},
        "columns": {"landlord_id": {"data_type": "varchar"}, "a_id": {"data_type": "varchar"}}},
    "model.p.kpi_b": {"resource_type": "model", "name": "kpi_b",
                      "config": {"materialized": "table"}, "columns": {}},
}}


def test_a_layout_moves_with_the_key_and_the_columns_only():
    before = incremental_layouts(MANIFEST)
    assert list(before) == ["fct_a"]  # tables and views are rebuilt whole anyway
    rekeyed = copy.deepcopy(MANIFEST)
    rekeyed["nodes"]["model.p.fct_a"]["config"]["unique_key"] = ["a_id"]
    retyped = copy.deepcopy(MANIFEST)
    retyped["nodes"]["model.p.fct_a"]["columns"]["a_id"]["data_type"] = "integer"
    redescribed = copy.deepcopy(MANIFEST)
    redescribed["nodes"]["model.p.fct_a"]["columns"]["a_id"]["description"] = "Identifiant"
    assert incremental_layouts(rekeyed) != before
    assert incremental_layouts(retyped) != before
    assert incremental_layouts(redescribed) == before


def test_only_existing_tables_with_another_or_no_recorded_layout_are_rebuilt():
    current = {"fct_a": "new", "fct_b": "same", "fct_c": "new"}
    assert models_to_rebuild(current, {"fct_a": "old", "fct_b": "same"},
                             existing={"fct_a", "fct_b"}) == ["fct_a"]
    # a warehouse of a version that recorded nothing: every existing fact, once
    assert models_to_rebuild(current, {}, existing={"fct_a", "fct_b"}) == ["fct_a", "fct_b"]
    assert models_to_rebuild(current, {}, existing=set()) == []  # a new warehouse


def _rows(build: Path) -> list[tuple]:
    with duckdb.connect(str(build), read_only=True) as conn:
        return sorted(conn.execute(f"select * from {FACT}").fetchall(),
                      key=repr)


def test_a_fact_built_before_the_landlord_keys_is_rebuilt_with_them(warehouse_copy: Path):
    build = warehouse_copy / "build" / "warehouse.duckdb"
    expected = _rows(build)
    assert expected
    with duckdb.connect(str(build)) as conn:  # what the version before the landlord keys left
        conn.execute(f"alter table {FACT} drop column landlord_id")
        conn.execute("drop table build_state.incremental_layouts")

    run_daily(dg.DagsterInstance.ephemeral())

    assert _rows(build) == expected  # every breakdown once, each with its landlord
    with duckdb.connect(str(build), read_only=True) as conn:
        recorded = dict(conn.execute(
            "select model, layout from build_state.incremental_layouts").fetchall())
    assert "fct_elevator_breakdown" in recorded and "fct_ticket" in recorded
