"""The daily load publishes only what it rebuilt, and the dashboards still read exactly what
the build warehouse holds: the serving copy starts from the previous one, the tables rebuilt
since then are copied again, and a table whose columns changed makes a full copy."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.publish.serving import publish
from tests.orchestration.conftest import run_daily

SERVING = dg.AssetKey(["serving", "warehouse"])
NEW_DAY = (
    "breakdown_id;elevator_id;started_at;ended_at;cause;intervenant;commentaire\n"
    "PAN26-TEST-001;ASC-000002-A1;01/01/2026 08:10;01/01/2026 09:40;porte;Citis;Porte bloquée\n"
)


def published_tables(path: Path) -> dict[str, set[tuple]]:
    """Every published table (marts and quality, not the publication stamp) with its rows."""
    with duckdb.connect(str(path), read_only=True) as conn:
        tables = conn.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where schema_name in ('marts', 'quality') and table_name <> 'publication'"
        ).fetchall()
        return {t: set(conn.execute(f"select * from {t}").fetchall()) for (t,) in tables}


def publish_metadata(result: dg.ExecuteInProcessResult) -> dict:
    [materialization] = [m for m in result.asset_materializations_for_node("serving__warehouse")
                         if m.asset_key == SERVING]
    return {k: getattr(v, "value", v) for k, v in materialization.metadata.items()}


def test_daily_publish_copies_the_rebuilt_tables_and_serves_what_the_build_holds(
        warehouse_copy: Path):
    build = warehouse_copy / "build" / "warehouse.duckdb"
    serving = warehouse_copy / "serving" / "warehouse.duckdb"
    instance = dg.DagsterInstance.ephemeral()  # one instance: the second run sees the first

    first = publish_metadata(run_daily(instance))
    assert first["incremental"] is False  # no serving copy yet: the whole warehouse
    before = published_tables(serving)

    (warehouse_copy / "inbox" / "elevator_breakdowns" / "pannes_ascenseurs_2026-01-01.csv"
     ).write_text(NEW_DAY, encoding="utf-8")
    second_run = run_daily(instance)
    second = publish_metadata(second_run)
    assert second["incremental"] is True
    tables = [k for k in second if "." in k]
    assert 0 < second["tables_copied"] < len(tables)

    after = published_tables(serving)
    assert after == published_tables(build)  # the same figures as a full copy
    changed = {t for t in after if after[t] != before.get(t)}
    assert "marts.fct_elevator_breakdown" in changed  # the new day's breakdown is served
    assert any("PAN26-TEST-001" in row for row in after["marts.fct_elevator_breakdown"])
    with duckdb.connect(str(serving), read_only=True) as conn:
        assert conn.execute("select run_id from marts.publication").fetchall() == [
            (second_run.run_id,)]


def test_a_changed_table_layout_or_no_history_means_a_full_copy(tmp_path: Path):
    build, serving = tmp_path / "build.duckdb", tmp_path / "serving" / "warehouse.duckdb"
    with duckdb.connect(str(build)) as conn:
        conn.execute("create schema marts; create schema quality")
        conn.execute("create table marts.kpi_a as select 1 as n")
        conn.execute("create table marts.kpi_b as select 1 as n")
        conn.execute("create table quality.check_results as select 'ok' as status")
    assert publish(build, serving, "r1", {"marts.kpi_a"}).incremental is False  # no copy yet

    with duckdb.connect(str(build)) as conn:
        conn.execute("insert into marts.kpi_a values (2)")
        conn.execute("insert into quality.check_results values ('failed')")
    done = publish(build, serving, "r2", {"marts.kpi_a"})
    assert done.incremental and done.copied == ["marts.kpi_a", "quality.check_results"]
    assert published_tables(serving) == published_tables(build)

    with duckdb.connect(str(build)) as conn:  # a new column in a table the run did not touch
        conn.execute("alter table marts.kpi_b add column label varchar default 'x'")
    done = publish(build, serving, "r3", {"marts.kpi_a"})
    assert not done.incremental and len(done.copied) == 3
    assert published_tables(serving) == published_tables(build)

    assert publish(build, serving, "r4", None).incremental is False  # history unknown
    with duckdb.connect(str(serving), read_only=True) as conn:
        assert conn.execute("select run_id from marts.publication").fetchall() == [("r4",)]
