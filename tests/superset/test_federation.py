"""A federation warehouse through a real Superset: row-level security per landlord and per
(landlord, direction) on every dataset, the « Fédération » role, and « Comparaison des
bailleurs » rendered in chromium.

The warehouse is `federation_warehouse` (conftest.py): the real pipeline run on a real inbox of
three demo landlords, one sub-folder each with its `bailleur.yml`, whose internal ids collide
and two of which have a direction of the same code (tests/support/federation_inbox.py). Users
are created with superset-user, log in through the REST API and query every dataset with
/api/v1/chart/data, the endpoint of every chart (tests/superset/dataset_rows.py).
"""

from __future__ import annotations

import time

import duckdb
import pytest

from tests.superset.conftest import SupersetApi, SupersetUsers
from tests.superset.dataset_rows import (
    assert_sees_exactly,
    count,
    fetch_datasets,
    granted_datasets,
    policy,
    refused,
)
from tests.superset.test_dashboard_browser import (
    ARTIFACTS,
    ERRORS,
    browser,  # noqa: F401 - the chromium fixture
    wait_for_charts,
)

pytestmark = pytest.mark.superset

COMPARISON = "Comparaison des bailleurs"
COMPARISON_SLUG = "comparaison-des-bailleurs"
LANDLORDS = 3  # tests/support/federation_inbox.py


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
    template = policy()["landlord_roles"]["name"]
    return {landlord: users.add(template.format(landlord_id=landlord))
            for landlord in federation.landlords}


@pytest.fixture(scope="module")
def federation_user(users) -> SupersetApi:
    return users.add("Fédération")


@pytest.fixture(scope="module")
def datasets(admin) -> list[dict]:
    found = fetch_datasets(admin)
    assert {"kpi_landlord_comparison", "kpi_territory_comparison"} <= {
        d["table_name"] for d in found}
    return found


def _sharing(federation) -> list[str]:
    """The landlords having a direction of the shared code."""
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        return [i for (i,) in conn.execute(
            "select distinct landlord_id from marts.dim_organisation "
            "where direction_code = ? order by 1", [federation.shared_direction]).fetchall()]


def test_the_warehouse_holds_the_inbox_landlords_two_sharing_a_direction(federation):
    assert len(federation.landlords) == LANDLORDS, federation.landlords
    assert all(federation.landlords.values()), "every landlord has a name (dim_landlord)"
    assert len(set(federation.landlords.values())) == LANDLORDS
    assert len(set(federation.trade_names.values())) == LANDLORDS
    assert len(_sharing(federation)) == 2, federation.shared_direction


def test_a_landlord_user_sees_only_its_landlord_on_every_dataset(
        federation, admin, datasets, landlord_users):
    under_rls, exempt = granted_datasets(admin, datasets, "landlord_roles")
    granted = {d["id"] for d in under_rls + exempt}
    assert granted < {d["id"] for d in datasets}, "every dataset granted: nothing to refuse"
    assert len(under_rls) >= 9, [d["table_name"] for d in under_rls]
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        for landlord, api in landlord_users.items():
            # not granted (« Qualité des données »): refused, no row at all
            for dataset in datasets:
                if dataset["id"] not in granted:
                    assert refused(api, dataset), (landlord, dataset["table_name"])
            # no landlord's rows: the same for every role, but for the further clause of
            # roles.yaml on a dataset if any (kpi_territory_comparison: at least 3 landlords)
            for dataset in exempt:
                assert "landlord_id" not in {c["column_name"] for c in dataset["columns"]}
                assert_sees_exactly(api, conn, [dataset], _clause(dataset), who=landlord,
                                    some=True)
            # exactly its landlord's rows, some on every dataset, row by row (landlord_name
            # included), and no other landlord_id
            for dataset in under_rls:
                assert_sees_exactly(api, conn, [dataset],
                                    _clause(dataset, f"landlord_id = '{landlord}'"),
                                    who=landlord, some=True, landlords={landlord})


def _clause(dataset: dict, where: str | None = None, roles: str = "landlord_roles") -> str:
    """`where` and the further clause roles.yaml sets on `dataset` for `roles`, if any."""
    extra = (policy()[roles]["row_level_security"].get("dataset_clauses") or {}).get(
        dataset["table_name"])
    return " and ".join(f"({c})" for c in (where, extra) if c) or "true"


def test_a_direction_of_one_landlord_never_sees_the_same_code_of_another(
        federation, admin, datasets, users):
    """Two landlords have a direction of the same code: the role of each sees its own rows
    only, on every dataset under row-level security."""
    under_rls, _ = granted_datasets(admin, datasets, "territorial_roles")
    template = policy()["territorial_roles"]["name"]
    code = federation.shared_direction
    assert len(under_rls) >= 8, [d["table_name"] for d in under_rls]
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        for landlord in _sharing(federation):
            api = users.add(template.format(direction_code=code, landlord_id=landlord))
            assert_sees_exactly(
                api, conn, under_rls,
                f"landlord_id = '{landlord}' and direction_code = '{code}'",
                who=(landlord, code), some=True, landlords={landlord})
            # on every dataset, the same direction code of the other landlord has rows,
            # which the role did not get: the check bites
            assert not [d["table_name"] for d in under_rls if not count(
                conn, d, f"landlord_id <> '{landlord}' and direction_code = '{code}'")]


def test_the_federation_sees_every_landlord_on_every_dataset(federation, datasets,
                                                             federation_user):
    with duckdb.connect(str(federation.server.warehouse), read_only=True) as conn:
        assert_sees_exactly(federation_user, conn, datasets, who="Fédération",
                            row_by_row=False, landlords=set(federation.landlords))


def test_dashboards_of_each_role(federation, landlord_users, federation_user, admin):
    every = {d["slug"] for d in admin.get(
        "/api/v1/dashboard/", params={"q": "(page_size:100)"}).json()["result"]}
    assert COMPARISON_SLUG in every
    landlord_slugs = set(policy()["landlord_roles"]["dashboards"])
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
    # a chart of a dataset under a further clause for members (roles.yaml dataset_clauses)
    # may have no row left for them: it still answers, without error
    clauses = policy()["landlord_roles"]["row_level_security"].get("dataset_clauses") or {}
    names = {d["id"]: d["table_name"] for d in fetch_datasets(admin)}
    for api in [federation_user, *landlord_users.values()]:
        for chart in charts:
            response = api.get(f"/api/v1/chart/{chart['id']}/data/")
            assert response.status_code == 200, (chart["slice_name"], response.text[:300])
            [result] = response.json()["result"]
            assert not result.get("error"), (chart["slice_name"], result["error"])
            dataset = int(str(chart["form_data"]["datasource"]).split("__")[0])
            if api is federation_user or names[dataset] not in clauses:
                assert result["data"], (api.username, chart["slice_name"])


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
def test_comparison_dashboard_for_the_federation_and_for_each_member(
        browser, federation, federation_user, landlord_users):  # noqa: F811
    text = _render_comparison(browser, federation, federation_user,
                              "comparaison_des_bailleurs_federation")
    for name in federation.landlords.values():
        assert name in text, name

    for member, api in landlord_users.items():
        text = _render_comparison(browser, federation, api,
                                  f"comparaison_des_bailleurs_membre_{member}")
        assert federation.landlords[member] in text, member
        page = text.casefold()
        for other in federation.landlords:
            if other == member:
                continue
            for shown in (other, federation.landlords[other], federation.trade_names[other]):
                assert shown.casefold() not in page, (member, shown)


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
    landlord_role = role_id(policy()["landlord_roles"]["name"].format(
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
    for slug in policy()["territorial_roles"]["dashboards"]:
        dashboard = admin.get(f"/api/v1/dashboard/{slug}").json()["result"]
        assert old not in {r["name"] for r in dashboard["roles"]}, slug
