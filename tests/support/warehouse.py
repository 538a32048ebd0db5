"""Reading a warehouse file in tests: the figure a dashboard must show, straight from DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    """Rows of `sql` on a read-only connection, closed before returning (Superset and the
    pipeline open the same file)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def approx(value):
    """A figure as Superset returns it (float arithmetic), None for a rate with no denominator."""
    return None if value is None else pytest.approx(value, rel=1e-9)
