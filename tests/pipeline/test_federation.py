"""A federation warehouse is the sum of its members: two demo landlords of two regions whose
internal ids collide, built together through the real pipeline, give each landlord exactly the
figures it gets when its folder is built alone, on every KPI mart, figure by figure."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.demo_landlord.federation import generate_federation
from tests.conftest import publish_inbox

DWELLINGS = 300  # per member: enough for every source and KPI, small enough for CI
# Marts that compare the landlords with each other (ranks, medians, pooled totals): by design
# not a landlord's own figures; tests/marts/test_landlord_comparison.py checks them.
CROSS_LANDLORD_MARTS = {"kpi_landlord_comparison", "kpi_territory_comparison"}


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("federation")
    inbox = root / "inbox"
    members = generate_federation(inbox, landlords=2, dwellings=DWELLINGS,
                                  manifests=root / "manifests", progress=None)
    result, together = publish_inbox(root / "together", inbox)
    assert result.success, "the federation inbox did not publish"
    alone = {}
    for member in members:
        solo = root / f"alone-{member.landlord_id}"
        shutil.copytree(member.folder, solo / "inbox" / member.landlord_id)
        result, serving = publish_inbox(solo, solo / "inbox")
        assert result.success, f"{member.landlord_id} alone did not publish"
        alone[member.landlord_id] = serving
    return members, together, alone


def _rows(conn: duckdb.DuckDBPyConnection, table: str, landlord: str) -> list[tuple]:
    columns = [r[0] for r in conn.execute(
        "select column_name from information_schema.columns where table_schema = 'marts' "
        "and table_name = ? order by ordinal_position", [table]).fetchall()]
    rows = conn.execute(f'select * from marts."{table}" where landlord_id = ?',
                        [landlord]).fetchall()
    rounded = [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows]
    return [tuple(zip(columns, row)) for row in sorted(rounded, key=repr)]


def _landlord_marts(conn: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in conn.execute(
        "select table_name from information_schema.columns where table_schema = 'marts' "
        "and table_name like 'kpi%' and column_name = 'landlord_id' order by 1").fetchall()
        if r[0] not in CROSS_LANDLORD_MARTS]


def test_the_members_internal_ids_collide(federation):
    members, together, _ = federation
    with duckdb.connect(str(together), read_only=True) as conn:
        shared = conn.execute(
            "select count(*) from (select dwelling_id from marts.dim_dwelling "
            "group by dwelling_id having count(distinct landlord_id) = 2)").fetchone()[0]
        landlords = {r[0] for r in conn.execute(
            "select distinct landlord_id from marts.dim_dwelling").fetchall()}
    assert landlords == {m.landlord_id for m in members}
    assert len({m.region for m in members}) == 2
    assert shared > DWELLINGS / 2  # the same own ids name different dwellings


def test_each_landlord_has_the_same_figures_together_as_alone(federation):
    members, together, alone = federation
    with duckdb.connect(str(together), read_only=True) as conn:
        marts = _landlord_marts(conn)
        pooled = {(m.landlord_id, t): _rows(conn, t, m.landlord_id)
                  for m in members for t in marts}
    assert len(marts) >= 9, marts
    compared = 0
    for member in members:
        with duckdb.connect(str(alone[member.landlord_id]), read_only=True) as conn:
            for table in marts:
                own = _rows(conn, table, member.landlord_id)
                assert own, f"{table}: no row for {member.landlord_id} alone"
                assert pooled[member.landlord_id, table] == own, \
                    f"{table}: {member.landlord_id}'s figures differ in the federation"
                compared += sum(len(row) for row in own)
    print(f"{len(marts)} KPI marts, {compared:,} figures compared")
