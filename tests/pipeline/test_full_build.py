"""The whole asset graph materialises on a small known stock, and the mart says what we know."""

from __future__ import annotations

import duckdb

from tests.support.rpls_files import KNOWN_STOCK_2026, known_stock_lines, write_rpls


def test_whole_graph_materialises_and_publishes(pipeline_env):
    write_rpls(pipeline_env.inbox / "rpls_2026.csv", 2026, known_stock_lines())
    result = pipeline_env.run()
    assert result.success
    materialised = {e.asset_key for e in result.all_events if e.is_step_materialization}
    # Every asset the job can materialise (the lineage tables are external: written by the
    # ingestion assets, declared for lineage only).
    assert materialised == set(
        __import__("orchestration.definitions", fromlist=["defs"]).defs
        .resolve_asset_graph().materializable_asset_keys
    )
    evaluations = [e.asset_check_evaluation_data for e in result.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert evaluations and all(e.passed for e in evaluations), [
        e.check_name for e in evaluations if not e.passed]
    assert pipeline_env.serving.exists()


def test_mart_counts_each_class_and_the_unlabelled_apart(serving_warehouse):
    with duckdb.connect(str(serving_warehouse), read_only=True) as conn:
        rows = conn.execute(
            "select commune_code, dpe_class, dwellings from marts.kpi_dpe_by_territory "
            "where millesime = 2026"
        ).fetchall()
        flags = conn.execute(
            "select dpe_class, bool_and(is_labelled), bool_and(is_passoire) "
            "from marts.kpi_dpe_by_territory group by 1"
        ).fetchall()
    assert {(c, k): n for c, k, n in rows} == KNOWN_STOCK_2026
    flags = {c: (lab, pas) for c, lab, pas in flags}
    assert flags["Sans DPE"] == (False, False)
    assert flags["F"] == (True, True) and flags["G"] == (True, True)
    assert flags["C"] == (True, False)


def test_plm_arrondissement_rolls_up_and_sold_dwelling_leaves_the_stock(serving_warehouse):
    with duckdb.connect(str(serving_warehouse), read_only=True) as conn:
        paris = conn.execute(
            "select distinct commune_name, departement_name from marts.kpi_dpe_by_territory "
            "where commune_code = '75056'"
        ).fetchall()
        total = conn.execute(
            "select sum(dwellings) from marts.kpi_dpe_by_territory"
        ).fetchone()[0]
        snapshot = conn.execute(
            "select count(*), count(*) filter (where not is_in_stock) "
            "from marts.fct_dwelling_snapshot"
        ).fetchone()
    assert paris == [("Paris", "Paris")]
    assert total == sum(KNOWN_STOCK_2026.values())
    assert snapshot == (total + 1, 1)


def test_serving_copy_holds_marts_and_quality_only(serving_warehouse):
    with duckdb.connect(str(serving_warehouse), read_only=True) as conn:
        schemas = {r[0] for r in conn.execute(
            "select distinct schema_name from duckdb_tables()").fetchall()}
        published = conn.execute("select run_id from marts.publication").fetchall()
    assert schemas == {"marts", "quality"}
    assert len(published) == 1
