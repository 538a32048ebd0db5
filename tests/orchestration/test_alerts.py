"""A failed run is sent to the configured webhook (a real local HTTP server here), with the job,
the failed step and a link to the run; nothing is sent when no channel is configured."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.automation.alerts import alert_on_run_failure, notify
from tests.orchestration.webhook import webhook_receiver


@dg.op
def load_broken_file():
    raise dg.Failure("fichier illisible")


@dg.job
def broken_load():
    load_broken_file()


def failure_context(instance: dg.DagsterInstance) -> dg.RunFailureSensorContext:
    result = broken_load.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
    return dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure", dagster_instance=instance, dagster_run=run,
        dagster_event=failure).for_run_failure()


def test_a_failed_run_posts_to_the_webhook(monkeypatch):
    monkeypatch.setenv("PATRIMOINE_DAGSTER_URL", "http://dagster.example:3000")
    with webhook_receiver() as (url, received), dg.instance_for_test() as instance:
        monkeypatch.setenv("PATRIMOINE_ALERT_WEBHOOK", url)
        context = failure_context(instance)
        alert_on_run_failure(context)
    assert len(received) == 1
    alert = received[0]
    assert alert["event"] == "run_failure" and alert["job"] == "broken_load"
    assert alert["failed_steps"] == ["load_broken_file"]
    assert alert["url"] == f"http://dagster.example:3000/runs/{context.dagster_run.run_id}"
    assert "broken_load" in alert["text"] and "load_broken_file" in alert["text"]


def test_no_channel_configured_sends_nothing(monkeypatch):
    for var in ("PATRIMOINE_ALERT_WEBHOOK", "PATRIMOINE_ALERT_EMAIL_TO",
                "PATRIMOINE_ALERT_SMTP_HOST"):
        monkeypatch.delenv(var, raising=False)
    assert notify("run_failure", "test", {}) == []


def test_the_failure_sensor_is_on_by_default():
    assert alert_on_run_failure.default_status == dg.DefaultSensorStatus.RUNNING
