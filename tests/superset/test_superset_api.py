"""The dashboard "Décarbonation du patrimoine" through Superset's REST API, checked against
the mart queried directly with DuckDB; plus the security properties of the set-up."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import stat
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.superset.conftest import DECARBONATION_CHARTS

pytestmark = pytest.mark.superset

REPO_ROOT = Path(__file__).resolve().parents[2]
DPE_ORDER = ["A", "B", "C", "D", "E", "F", "G", "Sans DPE"]
# Plus the date of the last good publication, at the top of every executive dashboard.
EXPECTED_CHARTS = set(DECARBONATION_CHARTS) | {"Données au"}


# --------------------------------------------------------------------------------------------
# Figures from the mart, computed independently of Superset
# --------------------------------------------------------------------------------------------
def mart_figures(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        latest = con.execute("select max(millesime) from marts.kpi_dpe_by_territory").fetchone()[0]
        rows = con.execute(
            """
            select departement_code, departement_name, dpe_class, is_labelled, is_passoire,
                   sum(dwellings)
            from marts.kpi_dpe_by_territory where millesime = ?
            group by all
            """,
            [latest],
        ).fetchall()
    finally:
        con.close()

    def shares(selected):
        total = sum(r[5] for r in selected)
        labelled = sum(r[5] for r in selected if r[3])
        passoires = sum(r[5] for r in selected if r[4])
        unlabelled = sum(r[5] for r in selected if not r[3])
        # Superset's metrics divide with NULLIF(..., 0): no labelled dwelling gives NULL
        return (total, passoires / labelled if labelled else None,
                unlabelled / total if total else None)

    total, passoire_share, unlabelled_share = shares(rows)
    by_class = {}
    for r in rows:
        assert r[2] in DPE_ORDER, f"unexpected dpe_class in the mart: {r[2]!r}"
        by_class[r[2]] = by_class.get(r[2], 0) + r[5]
    by_departement = {}
    for code, name in {(r[0], r[1]) for r in rows}:
        by_departement[code] = (name, *shares([r for r in rows if r[0] == code]))
    return {
        "millesime": latest,
        "total": total,
        "passoire_share": passoire_share,
        "unlabelled_share": unlabelled_share,
        "by_class": by_class,
        "by_departement": by_departement,
    }


def approx_or_none(value):
    return None if value is None else pytest.approx(value, rel=1e-12)


@pytest.fixture(scope="module")
def dashboard_charts(superset_api) -> dict[str, dict]:
    dashboard = superset_api.dashboard()
    charts = superset_api.dashboard_charts(dashboard["id"])
    return {chart["slice_name"]: chart for chart in charts}


def chart_data(superset_api, chart: dict) -> list[dict]:
    response = superset_api.get(f"/api/v1/chart/{chart['id']}/data/")
    assert response.status_code == 200, (chart["slice_name"], response.text[:2000])
    results = response.json()["result"]
    assert results, chart["slice_name"]
    for result in results:
        assert not result.get("error"), (chart["slice_name"], result.get("error"))
        assert result.get("status") in (None, "success"), (chart["slice_name"], result)
    return results[0]["data"]


@pytest.fixture(scope="module")
def all_chart_data(superset_api, dashboard_charts) -> dict[str, list[dict]]:
    return {name: chart_data(superset_api, chart) for name, chart in dashboard_charts.items()}


# --------------------------------------------------------------------------------------------
# The dashboard and its figures
# --------------------------------------------------------------------------------------------
def test_dashboard_has_the_expected_charts(superset_api, dashboard_charts):
    dashboard = superset_api.dashboard()
    assert dashboard["published"] is True
    assert set(dashboard_charts) == EXPECTED_CHARTS


def test_every_chart_answers_from_its_saved_query_context(superset_api, dashboard_charts):
    # GET /chart/<id>/data/ only uses the query_context stored with the chart ("Chart has no
    # query context saved" without it): every chart must answer without error.
    for name, chart in dashboard_charts.items():
        data = chart_data(superset_api, chart)
        assert data, f"{name}: no rows"


def latest_point(rows: list[dict]) -> dict:
    """The point a big number with trendline shows: the latest period."""
    return max(rows, key=lambda row: row["date_periode"])


def test_big_numbers_equal_the_mart(superset_server, all_chart_data):
    expected = mart_figures(superset_server.warehouse)
    assert all_chart_data["Millésime RPLS"] == [{"periode": expected["millesime"]}]
    assert latest_point(all_chart_data["Logements"])["logements"] == expected["total"]
    passoires = latest_point(all_chart_data["Passoires thermiques (F, G)"])
    assert passoires["part_passoires"] == approx_or_none(expected["passoire_share"])
    sans_dpe = latest_point(all_chart_data["Logements sans DPE"])
    assert sans_dpe["part_sans_dpe"] == approx_or_none(expected["unlabelled_share"])


DPE_METRICS = {**{c: f"energie_{c.lower()}" for c in "ABCDEFG"}, "Sans DPE": "logements_sans_dpe"}


def dpe_mix(rows: list[dict], millesime: int) -> dict[str, int]:
    """{class: dwellings} of one millésime of « Étiquettes DPE par millésime », zeros left out."""
    [row] = [r for r in rows if r["millesime"] == millesime]
    return {c: row[m] for c, m in DPE_METRICS.items() if row[m]}


def test_dpe_label_mix_by_millesime_equals_the_marts(superset_server, all_chart_data):
    """Every millésime's bars are the segment-grain mart's sums, and the latest one is the
    stock's current mix as the territory mart counts it (two marts, one answer)."""
    rows = all_chart_data["Étiquettes DPE par millésime"]
    con = duckdb.connect(str(superset_server.warehouse), read_only=True)
    try:
        by_millesime = con.execute(
            """
            select millesime, sum(energy_class_a), sum(energy_class_b), sum(energy_class_c),
                   sum(energy_class_d), sum(energy_class_e), sum(energy_class_f),
                   sum(energy_class_g), sum(unlabelled_dwellings)
            from marts.kpi_decarbonation group by millesime order by millesime
            """).fetchall()
    finally:
        con.close()
    assert [r["millesime"] for r in rows] == [m for m, *_ in by_millesime]
    for millesime, *counts in by_millesime:
        assert dpe_mix(rows, millesime) == {c: n for c, n in zip(DPE_METRICS, counts) if n}
    expected = mart_figures(superset_server.warehouse)
    assert dpe_mix(rows, expected["millesime"]) == expected["by_class"]


def test_per_departement_rows_equal_the_mart(superset_server, all_chart_data):
    expected = mart_figures(superset_server.warehouse)
    rows = all_chart_data["Par département"]
    assert len(rows) == len(expected["by_departement"])
    for row in rows:
        name, total, passoire_share, unlabelled_share = expected["by_departement"][
            row["departement_code"]
        ]
        assert row["departement_name"] == name
        assert row["logements"] == total
        assert row["part_passoires"] == approx_or_none(passoire_share)
        assert row["part_sans_dpe"] == approx_or_none(unlabelled_share)


def test_dashboard_uses_the_dpe_colours(superset_api):
    dashboard = superset_api.get(f"/api/v1/dashboard/{superset_api.dashboard()['id']}")
    metadata = json.loads(dashboard.json()["result"]["json_metadata"])
    assert {k: v for k, v in metadata["label_colors"].items() if len(k) == 1 or k == "Sans DPE"} == {
        "A": "#009c6d", "B": "#52b153", "C": "#a5cc74", "D": "#f4e70f",
        "E": "#f0b50f", "F": "#eb8235", "G": "#d7221f", "Sans DPE": "#a0a0a0",
    }


# --------------------------------------------------------------------------------------------
# The serving warehouse: read-only, never held open, swaps seen without restart
# --------------------------------------------------------------------------------------------
def _database(superset_api) -> dict:
    response = superset_api.get("/api/v1/database/")
    response.raise_for_status()
    [database] = [d for d in response.json()["result"] if d["database_name"] == "entrepot"]
    connection = superset_api.get(f"/api/v1/database/{database['id']}/connection")
    connection.raise_for_status()
    return connection.json()["result"]


def _sql_lab(superset_api, database_id: int, sql: str):
    return superset_api.write(
        "POST",
        "/api/v1/sqllab/execute/",
        json={
            "database_id": database_id,
            "sql": sql,
            "runAsync": False,
            "schema": "marts",
            "client_id": secrets.token_hex(5),
            "tab": "test",
            "queryLimit": 10,
        },
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_points_at_the_serving_warehouse_read_only(superset_server, superset_api):
    database = _database(superset_api)
    assert database["sqlalchemy_uri"] == (
        f"duckdb:///{superset_server.warehouse}"
        "?access_mode=read_only&enable_external_access=false"
    )
    extra = json.loads(database["extra"])
    assert extra["engine_params"]["connect_args"]["read_only"] is True
    assert database["allow_dml"] is False
    assert database["allow_file_upload"] is False


def test_writes_through_superset_fail_even_with_dml_allowed(superset_server, superset_api):
    database = _database(superset_api)
    before = _sha256(superset_server.warehouse)

    refused = _sql_lab(superset_api, database["id"], "CREATE TABLE marts.intrusion AS SELECT 1")
    assert refused.status_code != 200 and "DML_NOT_ALLOWED" in refused.text

    # An admin could switch DML on in the UI: the connection itself must still refuse.
    response = superset_api.write("PUT", f"/api/v1/database/{database['id']}",
                                  json={"allow_dml": True})
    assert response.status_code == 200, response.text
    try:
        create = _sql_lab(superset_api, database["id"],
                          "CREATE TABLE marts.intrusion AS SELECT 1 AS x")
        assert create.status_code != 200
        assert "read-only" in create.text, create.text[:1000]
        insert = _sql_lab(superset_api, database["id"],
                          "DELETE FROM marts.kpi_dpe_by_territory")
        assert insert.status_code != 200
        assert "read-only" in insert.text, insert.text[:1000]
        leak = superset_server.state_dir / "leak.csv"
        copy = _sql_lab(superset_api, database["id"], f"COPY (SELECT 1) TO '{leak}'")
        assert copy.status_code != 200 and not leak.exists(), copy.text[:1000]
        read = _sql_lab(superset_api, database["id"],
                        "SELECT count(*) AS n FROM marts.kpi_dpe_by_territory")
        assert read.status_code == 200, read.text[:1000]
    finally:
        restore = superset_api.write("PUT", f"/api/v1/database/{database['id']}",
                                     json={"allow_dml": False})
        assert restore.status_code == 200, restore.text
    assert _sha256(superset_server.warehouse) == before


def _superset_pids(master: int) -> list[int]:
    pids = [master]
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(proc.name))
    return pids


def test_superset_does_not_keep_the_warehouse_open(superset_server, superset_api,
                                                   dashboard_charts):
    for chart in dashboard_charts.values():
        chart_data(superset_api, chart)
    pids = _superset_pids(superset_server.pid)
    assert len(pids) >= 2, "expected the gunicorn master and its workers"
    open_files = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                open_files.add(os.readlink(fd))
            except OSError:
                pass
    assert not {f for f in open_files if f.startswith(str(superset_server.warehouse))}


def test_a_published_warehouse_is_served_without_restart(superset_server, superset_api,
                                                         dashboard_charts, tmp_path):
    """The pipeline publishes with os.replace: the next query must read the new file.

    The new file also holds an older millesime, with other figures: the dashboard must keep
    showing the latest one only.
    """
    warehouse = superset_server.warehouse
    original = tmp_path / "original.duckdb"
    shutil.copy2(warehouse, original)
    expected = mart_figures(warehouse)

    staged = warehouse.with_name("warehouse.duckdb.publishing")
    shutil.copy2(warehouse, staged)
    con = duckdb.connect(str(staged))
    try:
        con.execute(
            """
            insert into marts.kpi_dpe_by_territory
            select * replace (millesime - 1 as millesime, dwellings * 3 + 7 as dwellings)
            from marts.kpi_dpe_by_territory where millesime = ?
            """,
            [expected["millesime"]],
        )
        con.execute(
            """
            insert into marts.kpi_dpe_by_territory
            select * replace ('G' as dpe_class, true as is_labelled, true as is_passoire,
                              1000 as dwellings)
            from marts.kpi_dpe_by_territory where millesime = ?
            limit 1
            """,
            [expected["millesime"]],
        )
        # the headline figures read kpi_decarbonation (segment grain): same changes there
        con.execute(
            """
            insert into marts.kpi_decarbonation
            select * replace (millesime - 1 as millesime, dwellings * 3 + 7 as dwellings)
            from marts.kpi_decarbonation where millesime = ?
            """,
            [expected["millesime"]],
        )
        con.execute(
            """
            insert into marts.kpi_decarbonation
            select * replace (1000 as dwellings, 1000 as labelled_dwellings,
                              0 as unlabelled_dwellings, 0 as energy_class_a,
                              0 as energy_class_b, 0 as energy_class_c, 0 as energy_class_d,
                              0 as energy_class_e, 0 as energy_class_f,
                              1000 as energy_class_g)
            from marts.kpi_decarbonation where millesime = ? limit 1
            """,
            [expected["millesime"]],
        )
    finally:
        con.close()
    try:
        os.replace(staged, warehouse)
        logements = chart_data(superset_api, dashboard_charts["Logements"])
        assert latest_point(logements)["logements"] == expected["total"] + 1000
        assert chart_data(superset_api, dashboard_charts["Millésime RPLS"]) == [
            {"periode": expected["millesime"]}
        ]
        by_class = chart_data(superset_api, dashboard_charts["Étiquettes DPE par millésime"])
        assert dpe_mix(by_class, expected["millesime"]) == {
            **expected["by_class"], "G": expected["by_class"].get("G", 0) + 1000
        }
    finally:
        os.replace(original, warehouse)
    logements = chart_data(superset_api, dashboard_charts["Logements"])
    assert latest_point(logements)["logements"] == expected["total"]


# --------------------------------------------------------------------------------------------
# Secrets and CSRF
# --------------------------------------------------------------------------------------------
def test_secrets_are_per_install_and_not_in_the_repository(superset_server):
    secrets_dir = superset_server.state_dir / "secrets"
    secret_key = (secrets_dir / "superset_secret_key").read_text().strip()
    assert len(secret_key) >= 32
    assert stat.S_IMODE((secrets_dir / "superset_secret_key").stat().st_mode) == 0o600
    # The admin password came from SUPERSET_ADMIN_PASSWORD: no file written for it.
    assert not (secrets_dir / "superset_admin_password").exists()

    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT, capture_output=True, check=True,
    ).stdout.split(b"\0")
    needles = [secret_key.encode(), superset_server.password.encode()]
    # the developer's own install, if any (default state dir, git-ignored)
    local_secrets = REPO_ROOT / ".local" / "secrets"
    if local_secrets.is_dir():
        needles += [p.read_bytes().strip() for p in local_secrets.iterdir() if p.is_file()]
    leaks = []
    for name in filter(None, listed):
        path = REPO_ROOT / name.decode()
        if path.is_file():
            content = path.read_bytes()
            leaks += [name.decode() for needle in needles if needle and needle in content]
    assert not leaks, f"secret found in repository files: {leaks}"
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
    assert not [t for t in tracked if "secret" in Path(t).name or t.startswith(".local/")]


def test_csrf_protects_writes(superset_api):
    # A write without a CSRF token is refused before reaching the endpoint...
    response = superset_api.write("PUT", "/api/v1/chart/987654321",
                                  json={"slice_name": "x"}, csrf=False)
    assert response.status_code == 400
    assert "CSRF" in response.text
    # ...and the same write with the token reaches it (404: no such chart).
    response = superset_api.write("PUT", "/api/v1/chart/987654321", json={"slice_name": "x"})
    assert response.status_code == 404


def test_sql_lab_is_for_admin_only(superset_api):
    roles = superset_api.get("/api/v1/security/roles/", params={"q": "(page_size:100)"})
    roles.raise_for_status()
    sql_lab = {("can_execute_sql_query", "SQLLab"), ("menu_access", "SQL Lab")}
    granted = {}
    for role in roles.json()["result"]:
        response = superset_api.get(f"/api/v1/security/roles/{role['id']}/permissions/")
        response.raise_for_status()
        perms = {(p["permission_name"], p["view_menu_name"]) for p in response.json()["result"]}
        granted[role["name"]] = perms & sql_lab
    assert granted["Admin"] == sql_lab
    for role in ("Public", "Gamma", "Alpha"):
        assert not granted[role], f"{role} can use SQL Lab"
    users = superset_api.get("/api/v1/security/users/", params={"q": "(page_size:100)"})
    users.raise_for_status()
    assert [u["username"] for u in users.json()["result"]] == ["admin"]


# --------------------------------------------------------------------------------------------
# Set-up is idempotent
# --------------------------------------------------------------------------------------------
def test_setup_twice_keeps_the_same_objects(superset_server, superset_api, dashboard_charts):
    def snapshot():
        dashboard = superset_api.dashboard()
        charts = superset_api.dashboard_charts(dashboard["id"])
        datasets = superset_api.get("/api/v1/dataset/", params={"q": "(page_size:100)"})
        databases = superset_api.get("/api/v1/database/", params={"q": "(page_size:100)"})
        return (
            dashboard["id"],
            sorted((c["id"], c["slice_name"]) for c in charts),
            sorted((d["id"], d["table_name"]) for d in datasets.json()["result"]),
            sorted((d["id"], d["database_name"]) for d in databases.json()["result"]),
        )

    before = snapshot()
    result = subprocess.run(
        [str(REPO_ROOT / "dashboards" / "bin" / "superset-setup")],
        env=superset_server.env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "assets imported and verified" in result.stdout
    assert snapshot() == before
    for chart in dashboard_charts.values():
        chart_data(superset_api, chart)


def _without_install_ids(data: dict) -> dict:
    """Drop the ids that differ from one Superset install to another."""
    data = json.loads(json.dumps(data))
    if isinstance(data.get("params"), dict):
        data["params"].pop("datasource", None)
    if data.get("query_context"):
        query_context = json.loads(data["query_context"])
        query_context.pop("datasource", None)
        query_context.get("form_data", {}).pop("datasource", None)
        data["query_context"] = query_context
    # Superset exports a dataset's columns and metrics in database order, which changes when
    # an import updates one of them: compare them as sets.
    for key, name in (("columns", "column_name"), ("metrics", "metric_name")):
        if isinstance(data.get(key), list):
            data[key] = sorted(data[key], key=lambda item: item[name])
    # Chart ids: in the layout, and in native filter scopes, where they are compared as the
    # UUIDs of the charts they point to (the importer maps them to the installed charts).
    uuids = {node["meta"]["chartId"]: node["meta"].get("uuid")
             for node in (data.get("position") or {}).values()
             if isinstance(node, dict) and "chartId" in node.get("meta", {})}
    for native_filter in (data.get("metadata") or {}).get("native_filter_configuration") or []:
        scope = native_filter.get("scope") or {}
        if scope.get("excluded"):
            scope["excluded"] = sorted(uuids.get(i, i) for i in scope["excluded"])
    for node in (data.get("position") or {}).values():
        if isinstance(node, dict):
            node.get("meta", {}).pop("chartId", None)
    return data


def test_export_gives_back_the_committed_assets(superset_server, tmp_path):
    """superset-export of what was imported reproduces dashboards/assets (placeholder,
    file names, content): the assets are in the form an analyst's export will produce."""
    import yaml

    out = tmp_path / "exported"
    result = subprocess.run(
        [str(REPO_ROOT / "dashboards" / "bin" / "superset-export"), "--out", str(out)],
        env=superset_server.env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    committed_dir = REPO_ROOT / "dashboards" / "assets"
    committed = {p.relative_to(committed_dir) for p in committed_dir.rglob("*.yaml")}
    exported = {p.relative_to(out) for p in out.rglob("*.yaml")}
    assert exported == committed
    for rel in sorted(committed):
        assert _without_install_ids(yaml.safe_load((out / rel).read_text())) == \
            _without_install_ids(yaml.safe_load((committed_dir / rel).read_text())), rel
    database = yaml.safe_load((out / "databases" / "entrepot.yaml").read_text())
    assert database["sqlalchemy_uri"].startswith("duckdb:///__SERVING_WAREHOUSE__?")
