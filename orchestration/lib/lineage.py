"""Lineage and quarantine tables shared by every source: nothing read is ever lost.

`raw.source_files` keeps one row per loaded file (checksum, period, counts, status) and
`quarantine.rejected_rows` one row per problem found on a rejected line, with the raw line,
so a rejected row can always be shown, fixed at the source and reloaded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

DDL = """
create schema if not exists raw;
create schema if not exists quarantine;
create table if not exists raw.source_files (
    source varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    encoding varchar,
    period varchar,
    landlord_id varchar,
    rows_declared bigint,
    rows_read bigint,
    rows_accepted bigint,
    rows_quarantined bigint,
    status varchar not null,          -- loaded | rejected
    message varchar,
    loaded_at timestamp not null,
    run_id varchar,
    series varchar                    -- values of the contract's volume_series in the file
);
-- warehouses made before the series column
alter table raw.source_files add column if not exists series varchar;
create table if not exists quarantine.rejected_rows (
    source varchar not null,
    file_name varchar not null,
    file_sha256 varchar not null,
    line_number bigint not null,
    column_name varchar,
    raw_value varchar,
    reason varchar not null,
    raw_line varchar,
    loaded_at timestamp not null,
    run_id varchar
);
"""


def ensure_tables(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(DDL)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def already_processed(conn: duckdb.DuckDBPyConnection, source: str, sha256: str,
                      landlord_id: str | None = None) -> str | None:
    """Status of a file with this exact content if it was processed before, else None.

    With `landlord_id` (the landlord its folder gives it), a file of the same content loaded
    for another landlord does not count: two landlords may send the same bytes."""
    row = conn.execute(
        "select status from raw.source_files where source = ? and file_sha256 = ? "
        "and (? is null or landlord_id is null or landlord_id = ?) "
        "order by loaded_at desc limit 1",
        [source, sha256, landlord_id, landlord_id],
    ).fetchone()
    return row[0] if row else None
