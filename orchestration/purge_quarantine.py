"""Purge the quarantine of the build warehouse (`make purge-quarantine [PERSONAL=1]`).

Erases the content of quarantined rows older than the retention period
(QUARANTINE_RETENTION_MONTHS, 13 by default: see orchestration/settings.py) and, with
`--personal-data`, of the rows the personal-data check names. Prints counts per source, never
a value. Waits for a pipeline run holding the warehouse.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

from orchestration.defs.automation.warehouse_lock import hold_warehouse
from orchestration.lib.quarantine_purge import purge
from orchestration.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--personal-data", action="store_true",
                        help="also purge the rows the personal-data check flags")
    parser.add_argument("--months", type=int, default=settings.quarantine_retention_months,
                        help="retention in months (default: QUARANTINE_RETENTION_MONTHS, "
                        f"now {settings.quarantine_retention_months})")
    args = parser.parse_args(argv)
    if not settings.build_warehouse.is_file():
        print(f"no build warehouse at {settings.build_warehouse}: nothing to purge")
        return 0
    with hold_warehouse(settings.build_warehouse, "purge-quarantine"), \
            duckdb.connect(str(settings.build_warehouse)) as conn:
        counts = purge(conn, args.months, args.personal_data)
    what = f"older than {args.months} months" + (
        " or holding personal data" if args.personal_data else "")
    print(f"quarantine.rejected_rows: {sum(counts.values())} row(s) purged ({what})")
    for source, n in counts.items():
        print(f"  {source}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
