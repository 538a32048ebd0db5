"""Publish the build warehouse's marts to the serving copy that dashboards read.

The copy is written beside the serving file and swapped in with os.replace (atomic on POSIX):
a dashboard query opens either the old file or the new one, never a half-written one. Only the
`marts` schema (the figures) and the `quality` schema (check results and publication history,
so that dashboards show the date of the last good data) are published: dashboards never see raw
lines or quarantined values.

A daily load rebuilds a few marts out of a hundred: when the caller knows which tables changed
since the serving file was published (`changed`), the new file starts as a byte copy of the
previous serving file (seconds, even at a million dwellings) and only those tables and the
`quality` schema are copied again from the build. A full copy is made instead when the caller
does not know, when there is no previous serving file, or when its tables or columns differ
from the build's (a new model, a changed column: another schema version).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts", "quality")
PUBLICATION_TABLE = "marts.publication"  # written by publish itself, not copied
ALWAYS_COPIED_SCHEMAS = ("quality",)  # appended to by every run, small


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


def _columns(conn: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[tuple]]:
    """Published tables of an attached database, each with its (column, type) list."""
    rows = conn.execute(
        "select schema_name || '.' || table_name, column_name, data_type "
        "from duckdb_columns() join duckdb_tables() "
        "using (database_name, schema_name, table_name) "  # tables only, not views
        "where database_name = ? and schema_name in "
        f"({', '.join('?' for _ in PUBLISHED_SCHEMAS)}) order by 1, column_index",
        [database, *PUBLISHED_SCHEMAS]).fetchall()
    tables: dict[str, list[tuple]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    tables.pop(PUBLICATION_TABLE, None)
    return tables


@dataclass(frozen=True)
class Publication:
    rows: dict[str, int]  # rows per published table
    copied: list[str]  # tables copied from the build (the others kept from the previous copy)
    incremental: bool  # the previous serving copy was reused


def _reusable(conn: duckdb.DuckDBPyConnection, build: dict[str, list[tuple]],
              copies: list[str]) -> bool:
    """Whether the previous serving copy (attached as `serving`) holds the same tables as the
    build, each table kept as it is with the same columns."""
    serving = _columns(conn, "serving")
    return build.keys() == serving.keys() and all(
        build[t] == serving[t] for t in build if t not in copies)


def publish(build: Path, serving: Path, run_id: str,
            changed: Collection[str] | None = None) -> Publication:
    """Copy the published schemas into a new file and swap it in.

    `changed`: the tables ("marts.kpi_x") the build rewrote since the serving file was
    published, when known; then the previous serving copy is reused for the others."""
    serving.parent.mkdir(parents=True, exist_ok=True)
    tmp = serving.with_name(f".{serving.name}.{uuid.uuid4().hex}.tmp")
    try:
        with duckdb.connect() as conn:
            conn.execute(f"attach {_literal(build)} as build (read_only)")
            tables = _columns(conn, "build")
            copies = sorted(tables) if changed is None else sorted(
                t for t in tables if t in changed or t.split(".")[0] in ALWAYS_COPIED_SCHEMAS)
            incremental = len(copies) < len(tables) and serving.exists()
            if incremental:
                shutil.copyfile(serving, tmp)
                conn.execute(f"attach {_literal(tmp)} as serving")
                if not _reusable(conn, tables, copies):  # another schema version: start anew
                    conn.execute("detach serving")
                    tmp.unlink()
                    incremental = False
            if not incremental:
                copies = sorted(tables)
                conn.execute(f"attach {_literal(tmp)} as serving")
            for schema in sorted({t.split(".")[0] for t in tables}):
                conn.execute(f"create schema if not exists serving.{schema}")
            for table in copies:
                conn.execute(
                    f"create or replace table serving.{table} as select * from build.{table}")
            rows = {table: conn.execute(f"select count(*) from serving.{table}").fetchone()[0]
                    for table in sorted(tables)}
            conn.execute(
                f"create or replace table serving.{PUBLICATION_TABLE} as select "
                "cast(? as timestamp with time zone) as published_at, ? as run_id",
                [datetime.now(UTC), run_id],
            )
            conn.execute("detach serving")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, serving)
    finally:
        tmp.unlink(missing_ok=True)
    return Publication(rows, copies, incremental)


def published_run_id(serving: Path) -> str | None:
    """The run that published the serving copy, None when there is none or it is unreadable."""
    if not serving.exists():
        return None
    try:
        with duckdb.connect(str(serving), read_only=True) as conn:
            row = conn.execute(f"select run_id from {PUBLICATION_TABLE}").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None
