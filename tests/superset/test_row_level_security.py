"""Row-level security and dashboard access per role, through the real Superset.

Users are created with dashboards/bin/superset-user (the command an administrator runs), log
in through the REST API, and query every dataset with /api/v1/chart/data, the endpoint every
chart uses: the rows a territorial user gets must be exactly the warehouse's rows of its
direction, never another direction's, and the dashboards not granted to it stay closed.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import duckdb
import pytest

from tests.superset.conftest import SupersetApi, SupersetServer
from tests.superset.dataset_rows import (
    assert_sees_exactly,
    fetch_datasets,
    granted_datasets,
    policy,
)


def _directions(warehouse: Path) -> list[tuple[str, str]]:
    """(landlord_id, direction_code): a direction territoriale is its landlord's."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            "select distinct landlord_id, direction_code from marts.dim_organisation "
            "where direction_code is not null order by 1, 2").fetchall()


@pytest.fixture(scope="module")
def directions(superset_server: SupersetServer) -> list[tuple[str, str]]:
    found = _directions(superset_server.warehouse)
    assert len(found) >= 2, "the demo landlord should have several directions territoriales"
    return found


@pytest.fixture(scope="module")
def territorial_users(superset_users, directions) -> dict[tuple[str, str], SupersetApi]:
    template = policy()["territorial_roles"]["name"]
    return {(landlord, code): superset_users.add(
                template.format(direction_code=code, landlord_id=landlord))
            for landlord, code in directions}


@pytest.fixture(scope="module")
def datasets(superset_api: SupersetApi) -> list[dict]:
    return fetch_datasets(superset_api)


def test_territorial_user_sees_only_its_direction_on_every_dataset(
    superset_server, territorial_users, datasets, superset_api
):
    granted, exempt = granted_datasets(superset_api, datasets, "territorial_roles")
    assert {d["table_name"] for d in granted} >= {"kpi_decarbonation", "kpi_management",
                                                  "kpi_commitments"}
    with duckdb.connect(str(superset_server.warehouse), read_only=True) as conn:
        for (landlord, code), api in territorial_users.items():
            # exactly its direction's rows (in total, fewer than all, and row by row)
            assert_sees_exactly(
                api, conn, granted,
                f"landlord_id = '{landlord}' and direction_code = '{code}'", who=code)
            # a dataset without territorial rows (publication date) is the same for everyone
            assert_sees_exactly(api, conn, exempt, who=code, row_by_row=False)

        # the directions' rows never overlap, and DG-level rows exist that none of them sees
        table = "marts.kpi_commitments"
        per_direction = sum(conn.execute(
            f"select count(*) from {table} where landlord_id = ? and direction_code = ?",
            [landlord, code]).fetchone()[0] for landlord, code in territorial_users)
        assert per_direction < conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_direction_generale_sees_every_row(superset_server, superset_users, datasets):
    api = superset_users.add("Direction générale")
    with duckdb.connect(str(superset_server.warehouse), read_only=True) as conn:
        assert_sees_exactly(api, conn, datasets, who="Direction générale", row_by_row=False)


def test_territorial_user_cannot_open_dashboards_not_granted(
    superset_users, superset_api, territorial_users
):
    """Every dashboard outside the territorial role's list (e.g. « Qualité des données ») and a
    dashboard granted to the governance role only are closed to a territorial user."""
    granted = set(policy()["territorial_roles"]["dashboards"])
    roles = superset_api.get("/api/v1/dashboard/related/roles",
                             params={"q": "(page_size:100)"}).json()["result"]
    governance = next(r["value"] for r in roles if r["text"] == "Gouvernance des données")
    created = superset_api.write("POST", "/api/v1/dashboard/", json={
        "dashboard_title": "Réservé à la gouvernance (test)",
        "slug": f"gouvernance-test-{uuid.uuid4().hex[:6]}",
        "published": True,
        "roles": [governance],
    })
    assert created.status_code == 201, created.text
    closed_id = created.json()["id"]
    try:
        listed = superset_api.get("/api/v1/dashboard/", params={"q": "(page_size:100)"})
        not_granted = [d["id"] for d in listed.json()["result"] if d["slug"] not in granted]
        assert closed_id in not_granted
        for code, api in territorial_users.items():
            visible = api.get("/api/v1/dashboard/", params={"q": "(page_size:100)"})
            assert visible.status_code == 200
            assert {d["slug"] for d in visible.json()["result"]} == granted, code
            for slug in granted:
                assert api.get(f"/api/v1/dashboard/{slug}").status_code == 200, (code, slug)
            for dashboard_id in not_granted:
                status = api.get(f"/api/v1/dashboard/{dashboard_id}").status_code
                assert status in (403, 404), (code, dashboard_id, status)
                charts = api.get(f"/api/v1/dashboard/{dashboard_id}/charts").status_code
                assert charts in (403, 404), (code, dashboard_id, charts)
        governance_user = superset_users.add("Gouvernance des données")
        assert governance_user.get(f"/api/v1/dashboard/{closed_id}").status_code == 200
    finally:
        superset_api.write("DELETE", f"/api/v1/dashboard/{closed_id}")


def test_territorial_user_cannot_use_sql_lab(superset_api, territorial_users):
    [database] = superset_api.get("/api/v1/database/").json()["result"]
    api = next(iter(territorial_users.values()))
    # the admin can (so the refusal below is about the role, not a broken SQL Lab)
    allowed = superset_api.write("POST", "/api/v1/sqllab/execute/", json={
        "database_id": database["id"], "sql": "select 1 as one", "runAsync": False})
    assert allowed.status_code == 200, allowed.text[:300]
    response = api.write("POST", "/api/v1/sqllab/execute/", json={
        "database_id": database["id"], "sql": "select * from marts.kpi_management",
        "runAsync": False,
    })
    assert response.status_code in (401, 403), response.text[:300]
    page = api.get("/sqllab/", allow_redirects=False)
    assert page.status_code in (302, 403), page.status_code
