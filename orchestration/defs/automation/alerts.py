"""Tell the data team when something is wrong: a failed run, an unknown file in the inbox.

Channels, configured by environment variables of the Dagster daemon (none set: alerts only
show in the Dagster UI):
- PATRIMOINE_ALERT_WEBHOOK: URL receiving a JSON POST ({"text": …, "event": …, …}; the "text"
  field suits Slack, Mattermost or Teams incoming webhooks);
- PATRIMOINE_ALERT_EMAIL_TO (comma-separated), PATRIMOINE_ALERT_SMTP_HOST, and optionally
  PATRIMOINE_ALERT_SMTP_PORT (25; 587 uses STARTTLS), PATRIMOINE_ALERT_EMAIL_FROM,
  PATRIMOINE_ALERT_SMTP_USER / PATRIMOINE_ALERT_SMTP_PASSWORD.
PATRIMOINE_DAGSTER_URL (http://localhost:3000) makes the links in the alerts point to the UI.
"""

from __future__ import annotations

import json
import os
import smtplib
import urllib.request
from email.message import EmailMessage

import dagster as dg


def dagster_url() -> str:
    return os.environ.get("PATRIMOINE_DAGSTER_URL", "http://localhost:3000").rstrip("/")


def notify(event: str, text: str, details: dict) -> list[str]:
    """Send one alert to every configured channel; return the channels used."""
    sent = []
    webhook = os.environ.get("PATRIMOINE_ALERT_WEBHOOK")
    if webhook:
        body = json.dumps({"text": text, "event": event, **details}).encode()
        request = urllib.request.Request(webhook, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10):
            pass
        sent.append("webhook")
    recipients = [a.strip() for a in os.environ.get("PATRIMOINE_ALERT_EMAIL_TO", "").split(",")
                  if a.strip()]
    host = os.environ.get("PATRIMOINE_ALERT_SMTP_HOST")
    if recipients and host:
        message = EmailMessage()
        message["Subject"] = f"[Patrimoine HLM] {text.splitlines()[0]}"
        message["From"] = os.environ.get("PATRIMOINE_ALERT_EMAIL_FROM", "dagster@localhost")
        message["To"] = ", ".join(recipients)
        message.set_content(text + "\n\n" + json.dumps(details, indent=2, ensure_ascii=False))
        port = int(os.environ.get("PATRIMOINE_ALERT_SMTP_PORT", "25"))
        with smtplib.SMTP(host, port, timeout=10) as smtp:
            if port == 587:
                smtp.starttls()
            if os.environ.get("PATRIMOINE_ALERT_SMTP_USER"):
                smtp.login(os.environ["PATRIMOINE_ALERT_SMTP_USER"],
                           os.environ.get("PATRIMOINE_ALERT_SMTP_PASSWORD", ""))
            smtp.send_message(message)
        sent.append("email")
    return sent


def failure_details(context: dg.RunFailureSensorContext) -> dict:
    run = context.dagster_run
    steps = [e.step_key for e in context.get_step_failure_events()]
    return {"job": run.job_name, "run_id": run.run_id, "failed_steps": steps,
            "message": context.failure_event.message or "",
            "url": f"{dagster_url()}/runs/{run.run_id}"}


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    description="Envoie une alerte (webhook et/ou e-mail) pour chaque exécution en échec.",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def alert_on_run_failure(context: dg.RunFailureSensorContext):
    details = failure_details(context)
    text = (f"Échec de l'exécution {details['job']} ({details['run_id'][:8]}) : "
            f"étapes en échec {', '.join(details['failed_steps']) or 'aucune'} ; "
            "les tableaux de bord gardent les dernières données publiées. "
            f"Détails : {details['url']}")
    channels = notify("run_failure", text, details)
    context.log.info(f"alert sent to {', '.join(channels) or 'no channel (none configured)'}")
