"""Retention of the quarantine: erase the content of old rows, and of rows holding personal data.

A quarantined row keeps the raw line so that it can be shown and fixed at the source; once the
retention period is over (settings.quarantine_retention_months), or when the personal-data
check finds an identifier in it, its content (`raw_value`, `raw_line`) is erased. The row
itself stays: file, checksum, line, column and reason still locate the line in the landlord's
own file, and every file still reconciles (lines read = accepted + quarantined, a blocking
check), which deleting the rows would break. Rows of a file no longer in `raw.source_files` (a
deposit replaced by a newer one) reconcile with nothing and are deleted outright.
"""

from __future__ import annotations

import duckdb

from orchestration.lib import lineage
from orchestration.lib.masking import matching_sql

TABLE = "quarantine.rejected_rows"
HOLDS_CONTENT = "(raw_value is not null or raw_line is not null)"
PERSONAL = f"({matching_sql('raw_value')} or {matching_sql('raw_line')})"


def flagged_rows(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(source, file, line) of the quarantined lines whose content looks like personal data
    (the personal-data check's patterns); never the content itself."""
    lineage.ensure_tables(conn)
    return conn.execute(
        f"select distinct source, file_name, line_number from {TABLE} "
        f"where {HOLDS_CONTENT} and {PERSONAL} order by 1, 2, 3").fetchall()


def purge(conn: duckdb.DuckDBPyConnection, older_than_months: int,
          personal_data: bool = False) -> dict[str, int]:
    """Erase the content of the rows loaded more than `older_than_months` ago (and, with
    `personal_data`, of the rows the personal-data check flags); delete the rows of files no
    longer recorded. Returns the number of rows purged per source."""
    lineage.ensure_tables(conn)
    old = f"loaded_at < current_timestamp - to_months({int(older_than_months)})"
    orphan = (f"not exists (select 1 from raw.source_files f where f.source = {TABLE}.source "
              f"and f.file_sha256 = {TABLE}.file_sha256)")
    erase = f"{HOLDS_CONTENT} and ({old}" + (f" or {PERSONAL})" if personal_data else ")")
    conn.execute("begin transaction")
    try:
        counts = dict(conn.execute(
            f"select source, count(*) from {TABLE} where ({erase}) or ({old} and {orphan}) "
            "group by source order by source").fetchall())
        conn.execute(f"delete from {TABLE} where {old} and {orphan}")
        conn.execute(f"update {TABLE} set raw_value = null, raw_line = null where {erase}")
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return counts
