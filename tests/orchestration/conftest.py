"""A build warehouse with elevator breakdowns over several months, built once by the real
full_build; each test works on its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from orchestration.settings import REPO_ROOT
from tests.conftest import publish_inbox

SAMPLES = REPO_ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def events_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Root folder of a published build from the RPLS, elevators and breakdowns samples."""
    root = tmp_path_factory.mktemp("events")
    inbox = root / "inbox"
    for source in ("rpls", "elevators", "elevator_breakdowns"):
        shutil.copytree(SAMPLES / source, inbox / source)
    result, _ = publish_inbox(root, inbox)
    assert result.success, "full_build failed on the samples"
    return root


@pytest.fixture
def warehouse_copy(events_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the build (warehouse, inbox, secrets), with the environment pointing at it."""
    for folder in ("build", "inbox", "state"):
        shutil.copytree(events_build / folder, tmp_path / folder)
    monkeypatch.setenv("INBOX", str(tmp_path / "inbox"))
    monkeypatch.setenv("BUILD_WAREHOUSE", str(tmp_path / "build" / "warehouse.duckdb"))
    monkeypatch.setenv("SERVING_WAREHOUSE", str(tmp_path / "serving" / "warehouse.duckdb"))
    monkeypatch.setenv("PATRIMOINE_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def run_daily(instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    """The daily load job, in process, on the warehouse the environment points at."""
    from orchestration.definitions import build_definitions
    from orchestration.settings import get_settings

    result = build_definitions(get_settings()).resolve_job_def(
        "daily_operations").execute_in_process(instance=instance, raise_on_error=False)
    assert result.success
    return result
