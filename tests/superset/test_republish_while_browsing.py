"""A re-publish of the warehouse while a user is browsing causes no error in its charts.

A thread keeps requesting every chart of « Décarbonation du patrimoine » as a logged-in user
(the chart data endpoint a dashboard calls), while the main thread publishes the serving
warehouse several times with the pipeline's own publish function (copy to a temporary file,
os.replace). The publishes alternate between the session's build and a build where one
département left the stock, so that each chart's answer tells which file it read: every
answer must be a success and equal to the chart's data on one build or the other.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import duckdb

from orchestration.defs.publish.serving import publish
from tests.superset.conftest import DASHBOARD_TITLE

PUBLISHES = 6
# A département of the demo landlord (tests/superset/conftest.py: départements 33 and 40).
SOLD_DEPARTEMENT = "40"


def _build_of(serving: Path) -> Path:
    """The build warehouse the session fixture published `serving` from (publish_inbox)."""
    build = serving.parent.parent / "build" / "warehouse.duckdb"
    assert build.exists(), build
    return build


def _build_without_departement(build: Path, out: Path) -> Path:
    """A copy of `build` where every KPI row of SOLD_DEPARTEMENT is gone."""
    shutil.copy2(build, out)
    with duckdb.connect(str(out)) as conn:
        tables = conn.execute(
            "select distinct table_name from duckdb_columns() where schema_name = 'marts' "
            "and table_name like 'kpi_%' and column_name = 'departement_code'").fetchall()
        assert tables
        for (table,) in tables:
            conn.execute(f"delete from marts.{table} where departement_code = ?",
                         [SOLD_DEPARTEMENT])
    return out


def _chart_answers(api, chart_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Each chart's HTTP status and its data (as canonical JSON) or error text."""
    answers = {}
    for chart_id in chart_ids:
        response = api.get(f"/api/v1/chart/{chart_id}/data/")
        if response.status_code != 200:
            answers[chart_id] = (response.status_code, response.text[:300])
            continue
        results = response.json()["result"]
        errors = [r.get("error") for r in results if r.get("error")]
        answers[chart_id] = (
            200 if not errors else 500,
            json.dumps(errors) if errors else
            json.dumps([r["data"] for r in results], sort_keys=True, default=str),
        )
    return answers


def test_republish_while_browsing_gives_no_chart_error(superset_server, superset_users,
                                                       serving_warehouse, tmp_path):
    api = superset_users.add("Direction générale")
    dashboard = api.dashboard(DASHBOARD_TITLE)
    chart_ids = [c["id"] for c in api.dashboard_charts(dashboard["id"])]
    assert len(chart_ids) >= 10

    original = _build_of(serving_warehouse)
    sold = _build_without_departement(original, tmp_path / "build_sold.duckdb")
    target = superset_server.warehouse

    publish(sold, target, "test-republish-sold")
    after = _chart_answers(api, chart_ids)
    publish(original, target, "test-republish-original")
    before = _chart_answers(api, chart_ids)
    for answers in (before, after):
        assert all(status == 200 for status, _ in answers.values()), answers
    changed = [c for c in chart_ids if before[c] != after[c]]
    assert len(changed) >= len(chart_ids) // 2, "the two publishes should differ on most charts"

    seen: list[dict[int, tuple[int, str]]] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def browse() -> None:
        try:
            while not stop.is_set():
                seen.append(_chart_answers(api, chart_ids))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    browser = threading.Thread(target=browse, daemon=True)
    browser.start()
    try:
        for i in range(PUBLISHES):
            time.sleep(0.5)
            publish(sold if i % 2 == 0 else original, target, f"test-republish-{i}")
        time.sleep(0.5)
    finally:
        stop.set()
        browser.join(timeout=300)
        # leave the session's server on the original figures
        publish(original, target, "test-republish-restore")
    assert not failures, failures
    assert not browser.is_alive()

    answers = [a for pass_ in seen for a in pass_.items()]
    assert len(seen) >= 2, "the browsing thread should have gone through the dashboard"
    errors = [(c, a) for c, a in answers if a[0] != 200]
    assert not errors, errors[:3]
    mixed = [c for c, a in answers if a not in (before[c], after[c])]
    assert not mixed, f"charts answered neither the old nor the new data: {mixed[:5]}"
    read_sold = sum(1 for c, a in answers if c in changed and a == after[c])
    read_original = sum(1 for c, a in answers if c in changed and a == before[c])
    assert read_sold and read_original, "browsing should have seen both publishes"
