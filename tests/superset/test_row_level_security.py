"""Row-level security and dashboard access per role, through the real Superset.

Users are created with dashboards/bin/superset-user (the command an administrator runs), log
in through the REST API, and query every dataset with /api/v1/chart/data, the endpoint every
chart uses: the rows a territorial user gets must be exactly the warehouse's rows of its
direction, never another direction's, and the dashboards not granted to it stay closed.
"""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.superset.conftest import REPO_ROOT, SupersetApi, SupersetServer

ROLES_FILE = REPO_ROOT / "dashboards" / "security" / "roles.yaml"
# Column types compared row by row (floating-point and date columns are covered by the row
# set of their keys and by the totals).
COMPARED_TYPES = {"VARCHAR", "INTEGER", "BIGINT", "BOOLEAN"}


def _policy() -> dict:
    return yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))


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
    template = _policy()["territorial_roles"]["name"]
    return {(landlord, code): superset_users.add(
                template.format(direction_code=code, landlord_id=landlord))
            for landlord, code in directions}


@pytest.fixture(scope="module")
def datasets(superset_api: SupersetApi) -> list[dict]:
    response = superset_api.get("/api/v1/dataset/", params={"q": "(page_size:100)"})
    response.raise_for_status()
    found = []
    for item in response.json()["result"]:
        detail = superset_api.get(f"/api/v1/dataset/{item['id']}")
        detail.raise_for_status()
        found.append(detail.json()["result"])
    assert found
    return found


def _granted_datasets(api: SupersetApi, datasets: list[dict]) -> tuple[list[dict], list[dict]]:
    """The datasets of the executive dashboards (what a territorial role is granted): those
    under row-level security, and those exempt from it (no territorial rows: the publication
    date)."""
    slugs = _policy()["territorial_roles"]["dashboards"]
    exempt = set(_policy()["territorial_roles"]["row_level_security"].get("exempt_datasets")
                 or ())
    ids = set()
    for slug in slugs:
        response = api.get(f"/api/v1/dashboard/{slug}/datasets")
        response.raise_for_status()
        ids |= {d["id"] for d in response.json()["result"]}
    granted = [d for d in datasets if d["id"] in ids]
    return ([d for d in granted if d["table_name"] not in exempt],
            [d for d in granted if d["table_name"] in exempt])


def _chart_data(api: SupersetApi, dataset_id: int, columns: list[str],
                metrics: list) -> list[dict]:
    response = api.session.post(
        f"{api.server.url}/api/v1/chart/data",
        json={
            "datasource": {"id": dataset_id, "type": "table"},
            "queries": [{"columns": columns, "metrics": metrics, "row_limit": 1_000_000,
                         "orderby": []}],
            "result_format": "json",
            "result_type": "full",
            "force": True,
        },
        timeout=120,
    )
    assert response.status_code == 200, response.text[:500]
    result = response.json()["result"][0]
    assert not result.get("error"), result["error"]
    return result["data"]


COUNT_ROWS = {"expressionType": "SQL", "sqlExpression": "COUNT(*)", "label": "rows"}


def _compared_columns(conn, dataset: dict) -> list[str]:
    types = dict(conn.execute(
        "select column_name, data_type from duckdb_columns() where schema_name = ? "
        "and table_name = ?", [dataset["schema"], dataset["table_name"]]).fetchall())
    physical = {c["column_name"] for c in dataset["columns"] if not c.get("expression")}
    return sorted(c for c in physical if types.get(c) in COMPARED_TYPES)


def _warehouse_rows(conn, dataset: dict, columns: list[str], where: str = "true") -> Counter:
    cols = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(
        f'select {cols}, count(*) from "{dataset["schema"]}"."{dataset["table_name"]}" '
        f"where {where} group by all").fetchall()
    return Counter({tuple(r[:-1]): r[-1] for r in rows})


def _superset_rows(data: list[dict], columns: list[str]) -> Counter:
    return Counter({tuple(row[c] for c in columns): row["rows"] for row in data})


def test_territorial_user_sees_only_its_direction_on_every_dataset(
    superset_server, territorial_users, datasets, superset_api
):
    granted, exempt = _granted_datasets(superset_api, datasets)
    assert {d["table_name"] for d in granted} >= {"kpi_decarbonation", "kpi_management",
                                                  "kpi_commitments"}
    with duckdb.connect(str(superset_server.warehouse), read_only=True) as conn:
        for (landlord, code), api in territorial_users.items():
            for dataset in granted:
                table = f'"{dataset["schema"]}"."{dataset["table_name"]}"'
                where = f"landlord_id = '{landlord}' and direction_code = '{code}'"
                all_rows = conn.execute(f"select count(*) from {table}").fetchone()[0]
                own_rows = conn.execute(f"select count(*) from {table} where {where}").fetchone()[0]

                # the total a territorial user gets = the warehouse filtered on its direction
                [total] = _chart_data(api, dataset["id"], [], [COUNT_ROWS])
                assert total["rows"] == own_rows, (code, dataset["table_name"])
                assert total["rows"] < all_rows, (code, dataset["table_name"])

                # row by row: exactly its direction's rows, nothing of another direction
                columns = _compared_columns(conn, dataset)
                assert columns, dataset["table_name"]
                got = _superset_rows(
                    _chart_data(api, dataset["id"], columns, [COUNT_ROWS]), columns)
                assert got == _warehouse_rows(conn, dataset, columns, where), (
                    code, dataset["table_name"])

            # a dataset without territorial rows (publication date) is the same for everyone
            for dataset in exempt:
                [total] = _chart_data(api, dataset["id"], [], [COUNT_ROWS])
                assert total["rows"] == conn.execute(
                    f"select count(*) from {_relation(dataset)}").fetchone()[0], dataset

        # the directions' rows never overlap, and DG-level rows exist that none of them sees
        table = "marts.kpi_commitments"
        per_direction = sum(conn.execute(
            f"select count(*) from {table} where landlord_id = ? and direction_code = ?",
            [landlord, code]).fetchone()[0] for landlord, code in territorial_users)
        assert per_direction < conn.execute(f"select count(*) from {table}").fetchone()[0]


def _relation(dataset: dict) -> str:
    """The dataset's table, or its SQL for a virtual dataset, as a FROM item."""
    if dataset.get("sql"):
        return f"({dataset['sql']}) as virtual_dataset"
    return f'"{dataset["schema"]}"."{dataset["table_name"]}"'


def test_direction_generale_sees_every_row(superset_server, superset_users, datasets):
    api = superset_users.add("Direction générale")
    with duckdb.connect(str(superset_server.warehouse), read_only=True) as conn:
        for dataset in datasets:
            table = _relation(dataset)
            [total] = _chart_data(api, dataset["id"], [], [COUNT_ROWS])
            assert total["rows"] == conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_territorial_user_cannot_open_dashboards_not_granted(
    superset_users, superset_api, territorial_users
):
    """Every dashboard outside the territorial role's list (e.g. « Qualité des données ») and a
    dashboard granted to the governance role only are closed to a territorial user."""
    granted = set(_policy()["territorial_roles"]["dashboards"])
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
