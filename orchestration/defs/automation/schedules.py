"""When each job runs, in Europe/Paris time, matching the cadence of its sources.

Running by default: every job loads only files it has not loaded yet (by checksum) and waits
for the warehouse when another run holds it, so a tick with nothing new costs one rebuild and
never corrupts anything.
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.automation import jobs

TIMEZONE = "Europe/Paris"


def _schedule(job, cron: str, description: str) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name=f"{job.name}_schedule", job=job, cron_schedule=cron,
        execution_timezone=TIMEZONE, description=description,
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )


SCHEDULES = [
    _schedule(jobs.daily_operations, "0 6 * * *",
              "Tous les jours à 6 h : les exports de la veille (réclamations, pannes)."),
    _schedule(jobs.monthly_tenancy_billing, "0 6 5 * *",
              "Le 5 de chaque mois à 6 h : exports mensuels après la clôture du mois."),
    _schedule(jobs.yearly_rpls_millesime, "0 6 2 3 *",
              "Le 2 mars à 6 h : le millésime RPLS, après la date limite du 1er mars."),
]
