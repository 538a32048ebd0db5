"""Validate a warehouse table with its suite, reading only what the suite needs.

Why: reading the whole table into one frame took about 11 GiB for raw.rpls_dwellings at 1
million dwellings (tests/benchmarks/README.md, « Peak memory »). Here the table-level
expectations (column set) see the full schema on an empty frame, the row expectations see
only the columns they name (plus those `prepare` reads), one batch at a time when the suite
says so (expectations/projection.py); the parts are folded into one outcome, and each part has
its own result in the GX Data Docs.
"""

from __future__ import annotations

import duckdb
from great_expectations.data_context import AbstractDataContext

from expectations.frames import read_frame
from expectations.memory import release_unused_memory
from expectations.projection import (
    check_decomposes,
    named_columns,
    split_suite,
    split_uniqueness,
)
from expectations.runner import SuiteOutcome, fold, validate_dataframe
from expectations.suites.spec import SuiteSpec

#: rows of a batch validated in one frame (about 1.5 GiB of peak RSS per million RPLS rows with
#: the RPLS suite's 20 columns); a larger batch (a national millésime: 5.4 million dwellings)
#: is validated in parts
MAX_BATCH_ROWS = 1_500_000


def table_columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    schema, name = table.split(".")
    return [r[0] for r in conn.execute(
        "select column_name from information_schema.columns where table_schema = ? "
        "and table_name = ? order by ordinal_position", [schema, name]).fetchall()]


def projected_columns(spec: SuiteSpec, rows_suite, columns: list[str]) -> list[str]:
    """The table's columns that the row expectations name or `prepare` reads, in table order
    (all of them when a row condition cannot be read)."""
    named = named_columns(rows_suite.expectations)
    if named is None:
        return list(columns)
    needed = named | set(spec.prepare_columns)
    return [c for c in columns if c in needed]


def validate_table(conn: duckdb.DuckDBPyConnection, spec: SuiteSpec,
                   context: AbstractDataContext | None = None,
                   run_name: str | None = None) -> SuiteOutcome:
    suite = spec.build()
    schema_suite, rows_suite = split_suite(suite)
    columns = table_columns(conn, spec.table)
    projected = projected_columns(spec, rows_suite, columns)

    def frame(**kwargs):
        df = read_frame(conn, spec.table, **kwargs)
        return spec.prepare(df) if spec.prepare is not None else df

    if projected == columns and spec.batch_by is None:  # nothing to leave out: one part
        return validate_dataframe(frame(), suite, context=context, run_name=run_name)

    parts = []
    if schema_suite is not None:
        parts.append(validate_dataframe(frame(limit=0), schema_suite, context=context,
                                        run_name=run_name))
    if spec.batch_by is None:
        parts.append(validate_dataframe(frame(columns=projected), rows_suite, context=context,
                                        run_name=run_name))
    else:
        check_decomposes(rows_suite, spec.batch_by)
        values = [r[0] for r in conn.execute(
            f'select distinct "{spec.batch_by}" from {spec.table} order by 1 nulls last')
            .fetchall()]
        for value in values:
            parts += _validate_batch(conn, spec, rows_suite, projected, value, frame,
                                     context, run_name)
    release_unused_memory()
    return fold(suite.name, parts)


def _validate_batch(conn, spec, rows_suite, projected, value, frame, context, run_name):
    """One batch (e.g. one millésime) in one frame; above MAX_BATCH_ROWS, its key columns
    whole for the uniqueness rules, then its rows in parts of at most MAX_BATCH_ROWS."""
    where = (spec.batch_by, value)
    label = f"{spec.batch_by}={value}"
    rows = conn.execute(f'select count(*) from {spec.table} where "{where[0]}" '
                        "is not distinct from ?", [value]).fetchone()[0]
    if rows <= MAX_BATCH_ROWS:
        outcome = validate_dataframe(frame(columns=projected, where=where), rows_suite,
                                     context=context, run_name=run_name, batch=label)
        release_unused_memory()
        return [outcome]
    keys_suite, rules_suite = split_uniqueness(rows_suite)
    outcomes = []
    if keys_suite is not None:
        needed = named_columns(keys_suite.expectations) | set(spec.prepare_columns)
        keys = [c for c in projected if c in needed]
        outcomes.append(validate_dataframe(frame(columns=keys, where=where), keys_suite,
                                           context=context, run_name=run_name, batch=label))
        release_unused_memory()
    count = -(-rows // MAX_BATCH_ROWS)
    for i in range(count):
        df = frame(columns=projected, where=where, part=(i, count))
        outcomes.append(validate_dataframe(df, rules_suite, context=context, run_name=run_name,
                                           batch=f"{label} part {i + 1} of {count}"))
        del df
        release_unused_memory()
    if keys_suite is not None:
        outcomes[0].evaluated_rows = 0  # rows counted once, by the parts
    return outcomes
