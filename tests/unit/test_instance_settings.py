"""The Dagster instance every start uses: runs queued, one build run at a time, no telemetry,
installed before the first command-line run as well as by dagster-start."""

from __future__ import annotations

import dagster as dg

from orchestration.settings import INSTANCE_SETTINGS, install_instance_settings


def test_the_installed_instance_queues_build_runs_one_at_a_time_without_telemetry(tmp_path):
    home = tmp_path / "dagster"
    target = install_instance_settings(home)
    assert target.read_text(encoding="utf-8") == INSTANCE_SETTINGS.read_text(encoding="utf-8")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert instance.telemetry_enabled is False
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
        assert {"key": "patrimoine/warehouse", "value": "build", "limit": 1} in limits


def test_a_stale_copy_is_replaced(tmp_path):
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: true\n", encoding="utf-8")
    install_instance_settings(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.telemetry_enabled is False
