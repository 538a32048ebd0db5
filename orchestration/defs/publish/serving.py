"""Publish the build warehouse's marts to the serving copy that dashboards read.

The copy is written beside the serving file and swapped in with os.replace (atomic on POSIX):
a dashboard query opens either the old file or the new one, never a half-written one. Only the
`marts` schema (the figures) and the `quality` schema (check results and publication history,
so that dashboards show the date of the last good data) are published: dashboards never see raw
lines or quarantined values.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts", "quality")


def _literal(path: Path) -> str:
    """A path as a SQL string literal (ATTACH takes no bound parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def row_counts(conn: duckdb.DuckDBPyConnection, schema: str = "marts") -> dict[str, int]:
    """Rows per table of a schema of the connected database."""
    tables = conn.execute(
        "select table_name from duckdb_tables() where schema_name = ? "
        "and database_name = current_database() order by 1", [schema]).fetchall()
    return {f"{schema}.{t}": conn.execute(f'select count(*) from "{schema}"."{t}"').fetchone()[0]
            for (t,) in tables}


def publish(build: Path, serving: Path, run_id: str) -> dict[str, int]:
    """Copy the published schemas into a new file and swap it in; return rows per table."""
    serving.parent.mkdir(parents=True, exist_ok=True)
    tmp = serving.with_name(f".{serving.name}.{uuid.uuid4().hex}.tmp")
    rows: dict[str, int] = {}
    try:
        with duckdb.connect() as conn:
            conn.execute(f"attach {_literal(build)} as build (read_only)")
            conn.execute(f"attach {_literal(tmp)} as serving")
            tables = conn.execute(
                "select schema_name, table_name from duckdb_tables() "
                "where database_name = 'build' and schema_name in "
                f"({', '.join('?' for _ in PUBLISHED_SCHEMAS)}) order by 1, 2",
                list(PUBLISHED_SCHEMAS),
            ).fetchall()
            for schema in {s for s, _ in tables}:
                conn.execute(f"create schema serving.{schema}")
            for schema, table in tables:
                conn.execute(
                    f"create table serving.{schema}.{table} as "
                    f"select * from build.{schema}.{table}"
                )
                rows[f"{schema}.{table}"] = conn.execute(
                    f"select count(*) from serving.{schema}.{table}"
                ).fetchone()[0]
            conn.execute(
                "create table serving.marts.publication as select "
                "cast(? as timestamp with time zone) as published_at, ? as run_id",
                [datetime.now(UTC), run_id],
            )
            conn.execute("detach serving")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, serving)
    finally:
        tmp.unlink(missing_ok=True)
    return rows
