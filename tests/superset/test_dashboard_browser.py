"""Every dashboard in a real headless chromium (Debian's
chromium + chromium-driver, driven by selenium): log in through the form, open the
dashboard, wait for every chart, check there is no error, save one screenshot per dashboard
under tests/artifacts/."""

from __future__ import annotations

import time
from datetime import UTC
from pathlib import Path

import duckdb
import pytest

from tests.superset.conftest import DECARBONATION_CHARTS

pytestmark = [pytest.mark.superset, pytest.mark.browser]

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
SCREENSHOT = ARTIFACTS / "dashboard_decarbonation.png"
DASHBOARDS = {
    "Décarbonation du patrimoine": "decarbonation",
    "Qualité de service": "qualite_de_service",
    "Engagements CUS": "engagements_cus",
    "Pilotage territorial": "pilotage_territorial",
    "Qualité des données": "qualite_des_donnees",
    "Comparaison des bailleurs": "comparaison_des_bailleurs",
}
DATA_DATE = "Données au"  # the date of the last good publication, on every dashboard
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # tall enough for every chart of the longest dashboard to be in view (Superset renders
    # charts lazily as they scroll into view)
    "--window-size=1600,3400",
    "--lang=fr-FR",
]
EXPECTED_TITLES = [DATA_DATE, *DECARBONATION_CHARTS]
RENDER_TIMEOUT_S = 90
# What Superset shows while a chart loads, and when a chart fails.
LOADING = '[data-test="loading-indicator"], .loading, .ant-skeleton'
ERRORS = (
    '[data-test="error-message"], [data-test="error-tooltip"], .ant-alert-error, '
    '.alert-danger, [role="alert"]'
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            pytest.fail(f"{path} missing: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def log_in(driver, server) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{server.url}/login/")
    wait = WebDriverWait(driver, 30)
    wait.until(lambda d: d.find_elements(By.ID, "username") or "/login" not in d.current_url)
    if "/login" not in driver.current_url:
        return  # already logged in (the browser is shared by the tests of this module)
    wait.until(ec.presence_of_element_located((By.ID, "username"))).send_keys(server.username)
    driver.find_element(By.ID, "password").send_keys(server.password)
    driver.find_element(By.CSS_SELECTOR, '[data-test="login-button"]').click()
    wait.until(lambda d: "/login" not in d.current_url)


def wait_for_charts(driver, expected_count: int, name: str = "decarbonation") -> list:
    """Wait until every chart holder has content and no spinner; return the holders."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + RENDER_TIMEOUT_S
    state = "no chart yet"
    while time.monotonic() < deadline:
        holders = driver.find_elements(By.CSS_SELECTOR, '[data-test="chart-grid-component"]')
        loading = [h for h in holders if h.find_elements(By.CSS_SELECTOR, LOADING)]
        empty = [
            h for h in holders
            if not h.find_elements(By.CSS_SELECTOR, '[data-test="slice-container"] *')
            and not h.find_elements(By.CSS_SELECTOR, ERRORS)
        ]
        state = f"{len(holders)} charts, {len(loading)} loading, {len(empty)} empty"
        if len(holders) == expected_count and not loading and not empty:
            time.sleep(1)  # let the last canvas paint before the screenshot
            return holders
        time.sleep(0.5)
    driver.save_screenshot(str(ARTIFACTS / f"dashboard_{name}_timeout.png"))
    pytest.fail(f"charts not rendered after {RENDER_TIMEOUT_S} s: {state}")


def assert_data_date_is_the_last_publication(holders, warehouse: Path) -> None:
    """« Données au » shows, in French (dd/mm/yyyy), the date of the last publication."""
    from selenium.webdriver.common.by import By

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        published_at = con.execute("select max(published_at) from quality.publications"
                                   ).fetchone()[0]
    finally:
        con.close()
    [holder] = [h for h in holders if h.get_attribute("data-test-chart-name") == DATA_DATE]
    shown = holder.find_element(By.CSS_SELECTOR, ".header-line").text
    assert shown == published_at.astimezone(UTC).strftime("%d/%m/%Y")


def test_dashboard_renders_every_chart_without_error(browser, superset_server, superset_api):
    from selenium.webdriver.common.by import By

    dashboard = superset_api.dashboard()
    charts = superset_api.dashboard_charts(dashboard["id"])
    started = time.monotonic()
    log_in(browser, superset_server)
    browser.get(f"{superset_server.url}/superset/dashboard/{dashboard['id']}/")
    holders = wait_for_charts(browser, len(charts))
    elapsed = time.monotonic() - started

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))
    superset_server.timings["browser_render_s"] = elapsed

    errors = {
        h.get_attribute("data-test-chart-name"): [e.text for e in h.find_elements(
            By.CSS_SELECTOR, ERRORS)]
        for h in holders
    }
    assert not {name: texts for name, texts in errors.items() if texts}

    # The dashboard title and every chart title are visible.
    header = browser.find_element(By.CSS_SELECTOR, '[data-test="editable-title-input"]')
    assert header.get_attribute("value") == "Décarbonation du patrimoine"
    titles = [
        e.text for e in browser.find_elements(
            By.CSS_SELECTOR, '[data-test="slice-header"] [data-test="editable-title"]')
        if e.is_displayed()
    ]
    assert sorted(titles) == sorted(EXPECTED_TITLES)
    assert_data_date_is_the_last_publication(holders, superset_server.warehouse)

    # Figures are shown as a French reader expects them (the mart's total, "4 417").
    con = duckdb.connect(str(superset_server.warehouse), read_only=True)
    try:
        total = con.execute(
            "select sum(dwellings) from marts.kpi_dpe_by_territory where millesime = "
            "(select max(millesime) from marts.kpi_dpe_by_territory)"
        ).fetchone()[0]
    finally:
        con.close()
    [logements] = [h for h in holders if h.get_attribute("data-test-chart-name") == "Logements"]
    big_number = logements.find_element(By.CSS_SELECTOR, ".header-line").text
    assert big_number.replace("\u202f", " ").replace("\u00a0", " ") == f"{total:,}".replace(",", " ")
    # French UI (menu labels come from Superset's French translation).
    assert "Tableaux de bord" in browser.find_element(
        By.CSS_SELECTOR, '[data-test="navbar-top"]').text


@pytest.mark.parametrize("title", [t for t in DASHBOARDS if t != "Décarbonation du patrimoine"])
def test_every_other_dashboard_renders_without_error(browser, superset_server, superset_api,
                                                     title):
    from selenium.webdriver.common.by import By

    name = DASHBOARDS[title]
    dashboard = superset_api.dashboard(title)
    charts = superset_api.dashboard_charts(dashboard["id"])
    started = time.monotonic()
    log_in(browser, superset_server)
    browser.get(f"{superset_server.url}/superset/dashboard/{dashboard['id']}/")
    holders = wait_for_charts(browser, len(charts), name)
    superset_server.timings[f"browser_render_{name}_s"] = time.monotonic() - started
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"dashboard_{name}.png"))

    errors = {
        h.get_attribute("data-test-chart-name"): [e.text for e in h.find_elements(
            By.CSS_SELECTOR, ERRORS)]
        for h in holders
    }
    assert not {n: texts for n, texts in errors.items() if texts}
    header = browser.find_element(By.CSS_SELECTOR, '[data-test="editable-title-input"]')
    assert header.get_attribute("value") == title
    titles = [
        e.text for e in browser.find_elements(
            By.CSS_SELECTOR, '[data-test="slice-header"] [data-test="editable-title"]')
        if e.is_displayed()
    ]
    assert sorted(titles) == sorted(c["slice_name"] for c in charts)
    assert_data_date_is_the_last_publication(holders, superset_server.warehouse)
