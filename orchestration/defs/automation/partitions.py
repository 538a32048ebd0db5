"""Monthly partitions of the event facts, so one period can be replayed on its own.

Months in Europe/Paris (the landlord's local time, as the events are recorded), from the first
month of the demo landlord's logs; the current month is included (end_offset=1) so the daily
load can be replayed for it too.
"""

from __future__ import annotations

import dagster as dg

EVENT_MONTHS = dg.MonthlyPartitionsDefinition(
    start_date="2023-01-01", timezone="Europe/Paris", end_offset=1
)


def event_window_vars(window: dg.TimeWindow) -> dict[str, str]:
    """The dbt vars of the event facts for one partition window: [start, end) local dates."""
    return {"event_window_start": window.start.strftime("%Y-%m-%d"),
            "event_window_end": window.end.strftime("%Y-%m-%d")}
