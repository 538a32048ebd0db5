"""The roles of dashboards/security/roles.yaml expanded from a warehouse's landlords and
directions (superset_security.role_specs), without Superset: a federation warehouse holds
several landlords whose direction codes collide, and each role must stay unique and read
only its own landlord's rows."""

from __future__ import annotations

import importlib.util
import sys

import duckdb
import pytest
import yaml

from tests.superset.conftest import REPO_ROOT

SECURITY = REPO_ROOT / "dashboards" / "bin" / "superset_security.py"


@pytest.fixture(scope="module")
def security():
    spec = importlib.util.spec_from_file_location("superset_security", SECURITY)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("superset_security", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def policy(security) -> dict:
    return security.load_policy()


def test_two_landlords_with_colliding_direction_codes(security, policy):
    landlords = [security.Landlord("033HLM007", "Gironde Habitat"),
                 security.Landlord("021HLM042", "Grand Dijon Habitat")]
    directions = [security.Direction("033HLM007", "DT-NORD", "Direction Nord"),
                  security.Direction("033HLM007", "DT-SUD", "Direction Sud"),
                  security.Direction("021HLM042", "DT-NORD", "Direction Nord"),
                  security.Direction("021HLM042", "DT-O'EST", "Direction Ouest")]
    specs = {s.name: s for s in security.role_specs(policy, landlords, directions)}

    assert len(specs) == 3 + 2 + 4
    for name in ("Direction générale", "Gouvernance des données", "Fédération"):
        assert specs[name].dashboards == "*" and specs[name].rls_clause is None, name

    for landlord_id in ("033HLM007", "021HLM042"):
        role = specs[f"Bailleur {landlord_id}"]
        assert role.rls_clause == f"landlord_id = '{landlord_id}'"
        assert role.rls_columns == ("landlord_id",)
        assert "comparaison-des-bailleurs" in role.dashboards
        assert {"publications", "kpi_territory_comparison"} == role.rls_exempt
        # the rule of three: no territory figure pooled over fewer than 3 landlords
        assert role.rls_dataset_clauses == (("kpi_territory_comparison", "landlords >= 3"),)

    north_a = specs["Direction territoriale DT-NORD (033HLM007)"]
    north_b = specs["Direction territoriale DT-NORD (021HLM042)"]
    assert north_a.rls_clause == "landlord_id = '033HLM007' and direction_code = 'DT-NORD'"
    assert north_b.rls_clause == "landlord_id = '021HLM042' and direction_code = 'DT-NORD'"
    assert north_a.rls_columns == ("landlord_id", "direction_code")
    assert "comparaison-des-bailleurs" not in north_a.dashboards
    assert north_a.rls_exempt == {"publications"}
    assert north_a.rls_dataset_clauses == ()
    # a quote in a code is escaped, not an injection
    assert specs["Direction territoriale DT-O'EST (021HLM042)"].rls_clause == \
        "landlord_id = '021HLM042' and direction_code = 'DT-O''EST'"


def test_the_clauses_select_exactly_the_role_rows(security, policy):
    """Each clause, run on a table holding both landlords, keeps only its own rows."""
    landlords = [security.Landlord("033HLM007"), security.Landlord("021HLM042")]
    directions = [security.Direction(landlord, code)
                  for landlord in ("033HLM007", "021HLM042") for code in ("DT-NORD", "DT-SUD")]
    conn = duckdb.connect()
    conn.execute("create table t as select * from (values "
                 "('033HLM007', 'DT-NORD'), ('033HLM007', 'DT-SUD'), ('033HLM007', null), "
                 "('021HLM042', 'DT-NORD'), ('021HLM042', 'DT-SUD'), ('021HLM042', null)) "
                 "v(landlord_id, direction_code)")
    for spec in security.role_specs(policy, landlords, directions):
        if spec.rls_clause is None:
            continue
        rows = conn.execute(f"select * from t where {spec.rls_clause}").fetchall()
        if spec.kind == "landlord_roles":
            assert len(rows) == 3 and len({r[0] for r in rows}) == 1, spec
        else:
            assert len(rows) == 1, spec


def test_role_names_must_stay_unique(security, policy):
    """A template that forgets the landlord would merge two landlords' directions."""
    broken = yaml.safe_load(yaml.safe_dump(policy))
    broken["territorial_roles"]["name"] = "Direction territoriale {direction_code}"
    directions = [security.Direction("033HLM007", "DT-NORD"),
                  security.Direction("021HLM042", "DT-NORD")]
    with pytest.raises(SystemExit, match="not unique"):
        security.role_specs(broken, [], directions)


def test_landlords_from_dim_landlord_else_from_the_marts(security, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create schema marts")
        conn.execute("create table marts.dim_organisation as select * from (values "
                     "('033HLM007', 'DT-NORD', 'Nord'), ('021HLM042', 'DT-NORD', 'Nord'), "
                     "('021HLM042', null, null)) v(landlord_id, direction_code, direction_name)")
        conn.execute("create table marts.fct_dwelling_snapshot as "
                     "select '075HLM001' as landlord_id")
    assert [l.landlord_id for l in security.warehouse_landlords(warehouse)] == \
        ["021HLM042", "033HLM007", "075HLM001"]
    assert security.warehouse_directions(warehouse) == [
        security.Direction("021HLM042", "DT-NORD", "Nord"),
        security.Direction("033HLM007", "DT-NORD", "Nord")]
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create table marts.dim_landlord as select * from (values "
                     "('033HLM007', 'Gironde Habitat')) v(landlord_id, landlord_name)")
    assert security.warehouse_landlords(warehouse) == [
        security.Landlord("033HLM007", "Gironde Habitat")]
    assert security.warehouse_landlords(tmp_path / "absent.duckdb") == []
