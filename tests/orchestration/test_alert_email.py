"""A failed run is e-mailed through a real SMTP server (aiosmtpd on a local port) to every
recipient, with the job, the failed step and the link to the run in the message."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import dagster as dg
from aiosmtpd.controller import Controller

from orchestration.defs.automation.alerts import alert_on_run_failure
from tests.orchestration.test_alerts import failure_context


class Mailbox:
    """aiosmtpd handler keeping what the server accepted."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd hook name
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failed_run_is_emailed_to_every_recipient(monkeypatch):
    mailbox, port = Mailbox(), _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.delenv("PATRIMOINE_ALERT_WEBHOOK", raising=False)
        monkeypatch.setenv("PATRIMOINE_DAGSTER_URL", "http://dagster.example:3000")
        monkeypatch.setenv("PATRIMOINE_ALERT_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("PATRIMOINE_ALERT_SMTP_PORT", str(port))
        monkeypatch.setenv("PATRIMOINE_ALERT_EMAIL_TO", "data@bailleur.example, dsi@bailleur.example")
        monkeypatch.setenv("PATRIMOINE_ALERT_EMAIL_FROM", "pipeline@bailleur.example")
        with dg.instance_for_test() as instance:
            context = failure_context(instance)
            alert_on_run_failure(context)
    finally:
        controller.stop()
    assert len(mailbox.received) == 1
    sender, recipients, raw = mailbox.received[0]
    assert sender == "pipeline@bailleur.example"
    assert sorted(recipients) == ["data@bailleur.example", "dsi@bailleur.example"]
    message = message_from_bytes(raw, policy=policy.default)
    assert "broken_load" in message["Subject"]
    body = message.get_body().get_content()
    assert "load_broken_file" in body
    assert f"http://dagster.example:3000/runs/{context.dagster_run.run_id}" in body
