"""A file dropped in the inbox makes the sensor request a run of exactly its source and what
depends on it; an unknown file is reported (tick, log, webhook), never silently ignored."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.definitions import defs
from orchestration.settings import REPO_ROOT
from tests.orchestration.test_jobs_and_schedules import descendants, key
from tests.orchestration.webhook import webhook_receiver

SAMPLES = REPO_ROOT / "data" / "samples"


@pytest.fixture
def inbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    monkeypatch.setenv("INBOX", str(folder))
    monkeypatch.setenv("BUILD_WAREHOUSE", str(tmp_path / "build" / "warehouse.duckdb"))
    monkeypatch.delenv("PATRIMOINE_ALERT_WEBHOOK", raising=False)
    return folder


def drop(sample: str, inbox: Path, name: str | None = None, age: float = 60) -> Path:
    """Copy a committed sample into the inbox, last modified `age` seconds ago."""
    source = next((SAMPLES / sample).iterdir())
    target = inbox / (name or source.name)
    shutil.copy(source, target)
    past = time.time() - age
    os.utime(target, (past, past))
    return target


def tick(cursor: str | None = None) -> dg.SensorResult:
    sensor = defs.resolve_sensor_def("inbox_sensor")
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs)
        return sensor.evaluate_tick(context)


def test_a_new_tickets_file_requests_exactly_tickets_and_its_dependants(inbox):
    drop("tickets", inbox)
    result = tick()
    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    graph = defs.resolve_asset_graph()
    expected = {k for k in descendants(graph, {key("raw", "tickets")})
                if graph.get(k).is_executable} - {key("reports", "dbt_docs")}  # yearly only
    assert set(request.asset_selection) == expected
    assert {key("marts", "fct_ticket"), key("marts", "kpi_service_complaints"),
            key("serving", "warehouse")} <= expected
    assert key("raw", "rpls_dwellings") not in expected
    assert key("raw", "elevator_breakdowns") not in expected
    assert request.tags["patrimoine/sources"] == "tickets"
    # the same files at the next tick: nothing to do
    again = tick(result.cursor)
    assert again.run_requests == [] and "aucun nouveau fichier" in again.skip_message


def test_header_decides_between_breakdowns_and_elevators_and_rpls_is_recognised(inbox):
    drop("elevator_breakdowns", inbox)  # pannes_ascenseurs_2025.csv: two patterns match
    drop("rpls", inbox)
    request = tick().run_requests[0]
    assert request.tags["patrimoine/sources"] == "elevator_breakdowns,rpls_dwellings"
    assert key("raw", "elevators") not in request.asset_selection


def test_a_file_still_being_written_waits_for_the_next_tick(inbox):
    path = drop("tickets", inbox, age=0)
    first = tick()
    assert first.run_requests == []
    past = time.time() - 60
    os.utime(path, (past, past))
    assert len(tick(first.cursor).run_requests) == 1


def test_an_unknown_file_is_reported_and_alerted_not_ignored(inbox, monkeypatch):
    (inbox / "export_divers.csv").write_text("a;b\n1;2\n")
    past = time.time() - 60
    os.utime(inbox / "export_divers.csv", (past, past))
    with webhook_receiver() as (url, received):
        monkeypatch.setenv("PATRIMOINE_ALERT_WEBHOOK", url)
        result = tick()
    assert result.run_requests == []
    assert "export_divers.csv" in result.skip_message
    assert len(received) == 1 and received[0]["event"] == "unknown_file"
    assert received[0]["files"] == [str(inbox / "export_divers.csv")]
    assert str(inbox / "export_divers.csv") in json.loads(result.cursor)  # reported once


def test_first_tick_on_a_built_warehouse_takes_present_files_as_handled(inbox, tmp_path):
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "warehouse.duckdb").write_bytes(b"")
    drop("tickets", inbox)
    first = tick()
    assert first.run_requests == []
    drop("arrears", inbox)
    request = tick(first.cursor).run_requests[0]
    assert request.tags["patrimoine/sources"] == "arrears"
