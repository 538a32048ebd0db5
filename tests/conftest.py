"""Shared fixtures: a real pipeline run on a small known stock, published to a serving copy."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from tests.support.rpls_files import known_stock_lines, write_rpls

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def pipeline_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point every pipeline path at a fresh temporary folder; return a runner."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setenv("INBOX", str(inbox))
    monkeypatch.setenv("BUILD_WAREHOUSE", str(tmp_path / "build" / "warehouse.duckdb"))
    monkeypatch.setenv("SERVING_WAREHOUSE", str(tmp_path / "serving" / "warehouse.duckdb"))
    monkeypatch.setenv("PATRIMOINE_STATE_DIR", str(tmp_path / "state"))
    return PipelineRunner(inbox, tmp_path / "build" / "warehouse.duckdb",
                          tmp_path / "serving" / "warehouse.duckdb")


class PipelineRunner:
    def __init__(self, inbox: Path, build: Path, serving: Path) -> None:
        self.inbox, self.build, self.serving = inbox, build, serving

    def run(self) -> dg.ExecuteInProcessResult:
        return run_full_build()


def run_full_build() -> dg.ExecuteInProcessResult:
    """Run the real `full_build` job (settings read from the environment)."""
    from orchestration.definitions import build_definitions
    from orchestration.settings import get_settings

    defs = build_definitions(get_settings())
    return defs.resolve_job_def("full_build").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


def publish_inbox(root: Path, inbox: Path) -> tuple[dg.ExecuteInProcessResult, Path]:
    """Run the real pipeline on `inbox` with every path under `root`, for session fixtures
    (monkeypatch is function-scoped): the environment is restored afterwards."""
    env = {
        "INBOX": str(inbox),
        "BUILD_WAREHOUSE": str(root / "build" / "warehouse.duckdb"),
        "SERVING_WAREHOUSE": str(root / "serving" / "warehouse.duckdb"),
        "PATRIMOINE_STATE_DIR": str(root / "state"),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        result = run_full_build()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return result, Path(env["SERVING_WAREHOUSE"])


@pytest.fixture(scope="session")
def serving_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A serving warehouse published by the real pipeline from the known 2026 stock."""
    root = tmp_path_factory.mktemp("published")
    inbox = root / "inbox"
    write_rpls(inbox / "rpls_2026.csv", 2026, known_stock_lines())
    result, serving = publish_inbox(root, inbox)
    assert result.success, "the pipeline failed on the known stock"
    return serving
