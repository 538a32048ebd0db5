"""What a role gets from every dataset through /api/v1/chart/data, the endpoint every chart
uses, compared with the warehouse Superset serves: the loop shared by
test_row_level_security.py (one landlord, its directions) and test_federation.py (several
landlords, their directions, the federation).
"""

from __future__ import annotations

from collections import Counter

import yaml

from tests.superset.conftest import REPO_ROOT, SupersetApi

ROLES_FILE = REPO_ROOT / "dashboards" / "security" / "roles.yaml"
COUNT_ROWS = {"expressionType": "SQL", "sqlExpression": "COUNT(*)", "label": "rows"}
# Column types compared row by row (floating-point and date columns are covered by the row
# set of their keys and by the totals).
COMPARED_TYPES = {"VARCHAR", "INTEGER", "BIGINT", "BOOLEAN"}


def policy() -> dict:
    return yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))


def fetch_datasets(api: SupersetApi) -> list[dict]:
    """Every dataset of the server, in detail (columns, schema, SQL of a virtual one)."""
    response = api.get("/api/v1/dataset/", params={"q": "(page_size:100)"})
    response.raise_for_status()
    found = []
    for item in response.json()["result"]:
        detail = api.get(f"/api/v1/dataset/{item['id']}")
        detail.raise_for_status()
        found.append(detail.json()["result"])
    assert found
    return found


def granted_datasets(api: SupersetApi, datasets: list[dict], roles: str
                     ) -> tuple[list[dict], list[dict]]:
    """The datasets of the dashboards `policy()[roles]` grants (`landlord_roles` or
    `territorial_roles`): those under its row-level security, and those exempt from it."""
    spec = policy()[roles]
    exempt = set(spec["row_level_security"].get("exempt_datasets") or ())
    ids = set()
    for slug in spec["dashboards"]:
        response = api.get(f"/api/v1/dashboard/{slug}/datasets")
        response.raise_for_status()
        ids |= {d["id"] for d in response.json()["result"]}
    granted = [d for d in datasets if d["id"] in ids]
    return ([d for d in granted if d["table_name"] not in exempt],
            [d for d in granted if d["table_name"] in exempt])


def chart_data(api: SupersetApi, dataset_id: int, columns: list[str],
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


def refused(api: SupersetApi, dataset: dict) -> bool:
    """True when the chart data of `dataset` is refused to `api`'s user (403 or 404)."""
    response = api.session.post(
        f"{api.server.url}/api/v1/chart/data", timeout=60,
        json={"datasource": {"id": dataset["id"], "type": "table"},
              "queries": [{"columns": [], "metrics": [COUNT_ROWS]}]})
    return response.status_code in (403, 404)


def relation(dataset: dict) -> str:
    """The dataset's table, or its SQL for a virtual dataset, as a FROM item."""
    if dataset.get("sql"):
        return f"({dataset['sql']}) as virtual_dataset"
    return f'"{dataset["schema"]}"."{dataset["table_name"]}"'


def count(conn, dataset: dict, where: str = "true") -> int:
    return conn.execute(f"select count(*) from {relation(dataset)} where {where}").fetchone()[0]


def _compared_columns(conn, dataset: dict) -> list[str]:
    types = dict(conn.execute(
        "select column_name, data_type from duckdb_columns() where schema_name = ? "
        "and table_name = ?", [dataset["schema"], dataset["table_name"]]).fetchall())
    physical = {c["column_name"] for c in dataset["columns"] if not c.get("expression")}
    return sorted(c for c in physical if types.get(c) in COMPARED_TYPES)


def _warehouse_rows(conn, dataset: dict, columns: list[str], where: str) -> Counter:
    cols = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(
        f"select {cols}, count(*) from {relation(dataset)} where {where} group by all"
    ).fetchall()
    return Counter({tuple(r[:-1]): r[-1] for r in rows})


def _superset_rows(data: list[dict], columns: list[str]) -> Counter:
    return Counter({tuple(row[c] for c in columns): row["rows"] for row in data})


def assert_sees_exactly(api: SupersetApi, conn, datasets: list[dict], where: str = "true", *,
                        who: object, row_by_row: bool = True, some: bool = False,
                        landlords: set[str] | None = None) -> None:
    """On every dataset of `datasets`, `api`'s user gets exactly the warehouse's rows that
    match `where` (an SQL condition; "true": every row):
    - the total (COUNT(*)) equals the warehouse's, and is below the dataset's whole count
      when `where` filters, at least 1 when `some`;
    - with `row_by_row`, the rows grouped by every text, integer and boolean column are the
      warehouse's, each with its count: nothing of another landlord or direction;
    - with `landlords`, the `landlord_id` values of a dataset having that column are exactly
      `landlords` (none when no row matches `where`).
    `who` names the user in the failure messages."""
    for dataset in datasets:
        name = dataset["table_name"]
        expected = count(conn, dataset, where)
        [total] = chart_data(api, dataset["id"], [], [COUNT_ROWS])
        assert total["rows"] == expected, (who, name, total["rows"], expected)
        if some:
            assert expected > 0, (who, name, "no row to see: the check would be empty")
        if where != "true":
            assert expected < count(conn, dataset), (who, name, "the filter keeps every row")
        if row_by_row:
            columns = _compared_columns(conn, dataset)
            assert columns, (who, name)
            got = _superset_rows(chart_data(api, dataset["id"], columns, [COUNT_ROWS]),
                                 columns)
            assert got == _warehouse_rows(conn, dataset, columns, where), (who, name)
        if landlords is not None and "landlord_id" in {
                c["column_name"] for c in dataset["columns"]}:
            seen = chart_data(api, dataset["id"], ["landlord_id"], [COUNT_ROWS])
            assert {r["landlord_id"] for r in seen} == (landlords if expected else set()), (
                who, name, seen)
