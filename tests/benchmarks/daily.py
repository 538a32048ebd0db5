"""One day of new events for the daily incremental load: tickets and elevator breakdowns.

The demo generator writes a whole operating year; a daily delivery is the next day's events.
This copies the events opened on the last day of the generated year, one day later and under new
identifiers (suffix "-J1"), into `tickets_<day>.jsonl` and `pannes_ascenseurs_<day>.csv`, the
files a landlord's systems would drop in the inbox the next morning.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

SUFFIX = "-J1"
#: in the names of the day's files (e.g. tickets_2026-01-01.jsonl): the year's files are by month
DAY_FILE_MARK = "-01-01."


def _shift(text: str | None, formats: tuple[str, ...]) -> str | None:
    """The same timestamp text one day later, in the same layout (offset kept)."""
    if not text:
        return text
    for fmt in formats:
        try:
            value = dt.datetime.strptime(text[:16] if "%z" not in fmt else text, fmt)
        except ValueError:
            continue
        return (value + dt.timedelta(days=1)).strftime(fmt) + (text[16:] if "%z" not in fmt
                                                                else "")
    return text


def _parses(text: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _last_day(values: list[str], width: int) -> str:
    return max(v[:width] for v in values if v)


def write_daily_files(inbox: Path, target: Path) -> dict:
    """Write the next day's event files from the year's files in `inbox` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    iso = ("%Y-%m-%dT%H:%M",)
    tickets_file = max(inbox.glob("tickets_*.jsonl"))
    records = []
    for line in tickets_file.read_text("utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # the generator's injected defects are not copied
            continue
        if isinstance(record, dict) and isinstance(record.get("opened_at"), str) \
                and isinstance(record.get("ticket_id"), str) \
                and _parses(record["opened_at"][:16], iso[0]):
            records.append(record)
    last = _last_day([r.get("opened_at") or "" for r in records], 10)
    day = (dt.date.fromisoformat(last) + dt.timedelta(days=1)).isoformat()
    new_tickets = []
    for r in records:
        if (r.get("opened_at") or "")[:10] != last:
            continue
        r = dict(r, ticket_id=r["ticket_id"] + SUFFIX, opened_at=_shift(r["opened_at"], iso),
                 closed_at=_shift(r.get("closed_at"), iso))
        if r.get("parent_ticket_id"):
            r["parent_ticket_id"] += SUFFIX
        new_tickets.append(json.dumps(r, ensure_ascii=False))
    (target / f"tickets_{day}.jsonl").write_text("\n".join(new_tickets) + "\n", "utf-8")

    breakdowns_file = max(inbox.glob("pannes_ascenseurs_*.csv"))
    header, *lines = breakdowns_file.read_text("utf-8-sig", errors="replace").splitlines()
    french = ("%d/%m/%Y %H:%M",)
    rows = [f for f in (line.split(";") for line in lines) if len(f) == len(header.split(";"))
            and _parses(f[2][:16], french[0])]
    last_fr = max(rows, key=lambda f: dt.datetime.strptime(f[2][:16], french[0]))[2][:10]
    new_rows = [";".join([f[0] + SUFFIX, f[1], _shift(f[2], french), _shift(f[3], french),
                          *f[4:]])
                for f in rows if f[2][:10] == last_fr]
    (target / f"pannes_ascenseurs_{day}.csv").write_text(
        "\ufeff" + "\r\n".join([header, *new_rows]) + "\r\n", "utf-8")
    return {"day": day, "tickets": len(new_tickets), "breakdowns": len(new_rows)}
