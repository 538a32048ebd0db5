"""A federation warehouse (two landlords whose direction codes collide) through a real
Superset: row-level security per landlord and per (landlord, direction) on every dataset, the
« Fédération » role, and « Comparaison des bailleurs » rendered in chromium.

The warehouse is `federation_warehouse` (conftest.py): the demo landlord published by the
pipeline plus a copy of its rows under a second landlord number and name, so that both have
the same direction codes (a FIXTURE, until the pipeline publishes several landlords). Users are created with superset-user, log in through the REST API and
query every dataset with /api/v1/chart/data, the endpoint of every chart.
"""

from __future__ import annotations

import time

import duckdb
import pytest
import yaml

from tests.superset.conftest import REPO_ROOT, SupersetApi, SupersetUsers
from tests.superset.test_dashboard_browser import (
    ARTIFACTS,
    ERRORS,
    browser,  # noqa: F401 - the chromium fixture
    wait_for_charts,
)
from tests.superset.test_row_level_security import COUNT_ROWS, _chart_data, _relation

pytestmark = pytest.mark.superset

ROLES_FILE = REPO_ROOT / "dashboards" / "security" / "roles.yaml"
COMPARISON = "Comparaison des bailleurs"
COMPARISON_SLUG = "comparaison-des-bailleurs"
LANDLORD_COUNT = {"expressionType": "SQL", "sqlExpression": "COUNT(DISTINCT landlord_id)",
                  "label": "landlords"}


def _policy() -> dict:
    return yaml.safe_load(ROLES_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def federation(federation_server):
    return federation_server


@pytest.fixture(scope="module")
def admin(federation) -> SupersetApi:
    return federation.server.api()


@pytest.fixture(scope="module")
def users(federation):
    created = SupersetUsers(federation.server)
    try:
        yield created
    finally:
        created.remove_all()


@pytest.fixture(scope="module")
def landlord_users(federation, users) -> dict[str, SupersetApi]:
    template = _policy()["landlord_roles"]["name"]
    return {landlord: users.add(template.format(landlord_id=landlord))
            for landlord in federation.landlords}


@pytest.fixture(scope="module")
def federation_user(users) -> SupersetApi:
    return users.add("Fédération")


@pytest.fixture(scope="module")
def datasets(admin) -> list[dict]:
    response = admin.get("/api/v1/dataset/", params={"q": "(page_size:100)"})
    response.raise_for_status()
    found = []
    for item in response.json()["result"]:
        detail = admin.get(f"/api/v1/dataset/{item['id']}")
        detail.raise_for_status()
        found.append(detail.json()["result"])
    assert {"kpi_landlord_comparison", "kpi_territory_comparison"} <= {
        d["table_name"] for d in found}
    return found


def _dashboard_datasets(api: SupersetApi, slugs: list[str]) -> set[int]:
    ids = set()
    for slug in slugs:
        response = api.get(f"/api/v1/dashboard/{slug}/datasets")
        response.raise_for_status()
        ids |= {d["id"] for d in response.json()["result"]}
    return ids


def _count(conn, dataset: dict, where: str = "true") -> int:
    return conn.execute(f"select count(*) from {_relation(dataset)} where {where}").fetchone()[0]


def test_the_warehouse_holds_two_landlords_with_colliding_directions(federation):
    assert len(federation.landlords) == 2
    assert all(federation.landlords.values()), "every landlord has a name (dim_landlord)"
    assert len(set(federation.landlords.values())) == 2
    assert _shared_direction(federation), "no direction code shared by the two landlords"


def _shared_direction(federation) -> str | None:
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        [(code,)] = conn.execute("""
            select min(direction_code) from (
                select direction_code from marts.dim_organisation
                where direction_code is not null group by 1
                having count(distinct landlord_id) = 2)""").fetchall()
    return code


def test_a_landlord_user_sees_only_its_landlord_on_every_dataset(
        federation, admin, datasets, landlord_users):
    policy = _policy()["landlord_roles"]
    exempt = set(policy["row_level_security"]["exempt_datasets"])
    granted = _dashboard_datasets(admin, policy["dashboards"])
    assert granted < {d["id"] for d in datasets}, "every dataset granted: nothing to refuse"
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        for landlord, api in landlord_users.items():
            checked = 0
            for dataset in datasets:
                name = dataset["table_name"]
                columns = {c["column_name"] for c in dataset["columns"]}
                if dataset["id"] not in granted:
                    # not granted (« Qualité des données »): refused, no row at all
                    response = api.session.post(
                        f"{api.server.url}/api/v1/chart/data", timeout=60,
                        json={"datasource": {"id": dataset["id"], "type": "table"},
                              "queries": [{"columns": [], "metrics": [COUNT_ROWS]}]})
                    assert response.status_code in (403, 404), (landlord, name)
                    continue
                if name in exempt:
                    # no landlord's rows: the same for every role
                    assert "landlord_id" not in columns, name
                    [total] = _chart_data(api, dataset["id"], [], [COUNT_ROWS])
                    assert total["rows"] == _count(conn, dataset), (landlord, name)
                    continue
                where = f"landlord_id = '{landlord}'"
                own = _count(conn, dataset, where)
                [total] = _chart_data(api, dataset["id"], [], [COUNT_ROWS, LANDLORD_COUNT])
                assert total["rows"] == own, (landlord, name)
                assert total["rows"] < _count(conn, dataset), (landlord, name)
                seen = _chart_data(api, dataset["id"], ["landlord_id"], [COUNT_ROWS])
                assert {r["landlord_id"] for r in seen} == {landlord}, (landlord, name, seen)
                if "landlord_name" in columns:
                    names = _chart_data(api, dataset["id"], ["landlord_name"], [COUNT_ROWS])
                    assert {r["landlord_name"] for r in names} == {
                        n for (n,) in conn.execute(
                            f"select distinct landlord_name from {_relation(dataset)} "
                            f"where {where}").fetchall()}, (landlord, name)
                checked += 1
            assert checked >= 9, (landlord, checked)


def test_a_direction_of_one_landlord_never_sees_the_same_code_of_another(
        federation, admin, datasets, users):
    """Both landlords have a direction « DT-… » of the same code: the role of one sees its
    own rows only, on every dataset under row-level security."""
    policy = _policy()["territorial_roles"]
    exempt = set(policy["row_level_security"]["exempt_datasets"])
    granted = _dashboard_datasets(admin, policy["dashboards"])
    code = _shared_direction(federation)
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        bites = 0
        for landlord in federation.landlords:
            api = users.add(policy["name"].format(direction_code=code, landlord_id=landlord))
            for dataset in datasets:
                if dataset["id"] not in granted or dataset["table_name"] in exempt:
                    continue
                where = f"landlord_id = '{landlord}' and direction_code = '{code}'"
                [total] = _chart_data(api, dataset["id"], [], [COUNT_ROWS])
                assert total["rows"] == _count(conn, dataset, where), (landlord, dataset)
                # the same direction code of the other landlord has rows: they are not shown
                bites += _count(conn, dataset,
                                f"landlord_id <> '{landlord}' and direction_code = '{code}'") > 0
                seen = _chart_data(api, dataset["id"], ["landlord_id", "direction_code"],
                                   [COUNT_ROWS])
                assert {(r["landlord_id"], r["direction_code"]) for r in seen} <= {
                    (landlord, code)}, (landlord, dataset["table_name"], seen)
        assert bites >= 9, "the two landlords should share a direction code on every KPI mart"


def test_the_federation_sees_every_landlord_on_every_dataset(federation, datasets,
                                                             federation_user):
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        for dataset in datasets:
            columns = {c["column_name"] for c in dataset["columns"]}
            metrics = [COUNT_ROWS] + ([LANDLORD_COUNT] if "landlord_id" in columns else [])
            [total] = _chart_data(federation_user, dataset["id"], [], metrics)
            assert total["rows"] == _count(conn, dataset), dataset["table_name"]
            if "landlord_id" in columns:
                assert total["landlords"] == 2, dataset["table_name"]


def test_dashboards_of_each_role(federation, landlord_users, federation_user, admin):
    every = {d["slug"] for d in admin.get(
        "/api/v1/dashboard/", params={"q": "(page_size:100)"}).json()["result"]}
    assert COMPARISON_SLUG in every
    landlord_slugs = set(_policy()["landlord_roles"]["dashboards"])
    for landlord, api in landlord_users.items():
        listed = api.get("/api/v1/dashboard/", params={"q": "(page_size:100)"}).json()
        assert {d["slug"] for d in listed["result"]} == landlord_slugs, landlord
        assert api.get("/api/v1/dashboard/qualite-des-donnees").status_code in (403, 404)
    listed = federation_user.get("/api/v1/dashboard/", params={"q": "(page_size:100)"}).json()
    assert {d["slug"] for d in listed["result"]} == every


def test_every_comparison_chart_answers_for_every_role(admin, landlord_users,
                                                       federation_user):
    dashboard = admin.dashboard(COMPARISON)
    charts = admin.dashboard_charts(dashboard["id"])
    assert len(charts) >= 6
    for api in [federation_user, *landlord_users.values()]:
        for chart in charts:
            response = api.get(f"/api/v1/chart/{chart['id']}/data/")
            assert response.status_code == 200, (chart["slice_name"], response.text[:300])
            [result] = response.json()["result"]
            assert result["data"], chart["slice_name"]


# --------------------------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------------------------
def _log_in_as(driver, url: str, username: str, password: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.delete_all_cookies()
    driver.get(f"{url}/logout/")
    driver.get(f"{url}/login/")
    wait = WebDriverWait(driver, 30)
    wait.until(ec.presence_of_element_located((By.ID, "username"))).send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, '[data-test="login-button"]').click()
    wait.until(lambda d: "/login" not in d.current_url)


def _render_comparison(driver, federation, api: SupersetApi, name: str) -> str:
    """Open « Comparaison des bailleurs » as `api`'s user; return the page's text."""
    from selenium.webdriver.common.by import By

    charts = federation.server.api().dashboard_charts(
        federation.server.api().dashboard(COMPARISON)["id"])
    _log_in_as(driver, federation.server.url, api.username, api.password)
    started = time.monotonic()
    driver.get(f"{federation.server.url}/superset/dashboard/{COMPARISON_SLUG}/")
    holders = wait_for_charts(driver, len(charts), name)
    federation.server.timings[f"browser_render_{name}_s"] = time.monotonic() - started
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"dashboard_{name}.png"))
    errors = {h.get_attribute("data-test-chart-name"): [e.text for e in h.find_elements(
        By.CSS_SELECTOR, ERRORS)] for h in holders}
    assert not {n: texts for n, texts in errors.items() if texts}
    header = driver.find_element(By.CSS_SELECTOR, '[data-test="editable-title-input"]')
    assert header.get_attribute("value") == COMPARISON
    # the whole page: tables, axis labels, legends, and the native filters' panel
    return driver.find_element(By.TAG_NAME, "body").get_attribute("innerText")


@pytest.mark.browser
def test_comparison_dashboard_for_the_federation_and_for_a_member(
        browser, federation, federation_user, landlord_users):  # noqa: F811
    text = _render_comparison(browser, federation, federation_user,
                              "comparaison_des_bailleurs_federation")
    names = {i: n for i, n in federation.landlords.items() if n}
    assert names, "the warehouse names no landlord (marts.kpi_landlord_comparison)"
    for name in names.values():
        assert name in text, name

    member, api = next(iter(landlord_users.items()))
    text = _render_comparison(browser, federation, api, "comparaison_des_bailleurs_membre")
    if names.get(member):
        assert names[member] in text
    for other, name in federation.landlords.items():
        if other == member:
            continue
        assert other not in text, other
        if name:
            assert name not in text, name


def test_a_role_no_longer_in_the_data_is_kept_without_any_access(federation, admin):
    """A role named by the former template (a direction code without its landlord, whose
    filter would read both landlords' directions of that code) is emptied by the set-up."""
    import subprocess

    from tests.superset.conftest import BIN

    def role_id(name: str) -> int:
        roles = admin.get("/api/v1/security/roles/", params={"q": "(page_size:100)"})
        roles.raise_for_status()
        [found] = [r["id"] for r in roles.json()["result"] if r["name"] == name]
        return found

    def permissions(role: int) -> list[dict]:
        response = admin.get(f"/api/v1/security/roles/{role}/permissions/")
        response.raise_for_status()
        return response.json()["result"]

    old = "Direction territoriale DT-BDX"
    created = admin.write("POST", "/api/v1/security/roles/", json={"name": old})
    assert created.status_code in (200, 201), created.text
    old_id = role_id(old)
    landlord_role = role_id(_policy()["landlord_roles"]["name"].format(
        landlord_id=next(iter(federation.landlords))))
    granted = admin.write("POST", f"/api/v1/security/roles/{old_id}/permissions", json={
        "permission_view_menu_ids": [p["id"] for p in permissions(landlord_role)]})
    assert granted.status_code in (200, 201), granted.text
    assert any(p["permission_name"] == "datasource_access" for p in permissions(old_id))
    dashboard = admin.get("/api/v1/dashboard/decarbonation").json()["result"]
    put = admin.write("PUT", f"/api/v1/dashboard/{dashboard['id']}", json={
        "roles": [r["id"] for r in dashboard["roles"]] + [old_id]})
    assert put.status_code == 200, put.text

    result = subprocess.run([str(BIN / "superset-setup"), "--assets-only"],
                            env=federation.server.env, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "kept without any access" in result.stdout and old in result.stdout
    assert role_id(old) == old_id  # kept: users may hold it
    assert not [p for p in permissions(old_id) if p["permission_name"] == "datasource_access"]
    for slug in _policy()["territorial_roles"]["dashboards"]:
        dashboard = admin.get(f"/api/v1/dashboard/{slug}").json()["result"]
        assert old not in {r["name"] for r in dashboard["roles"]}, slug
