"""RPLS volume and freshness warnings: judged by millésime and by landlord, on a real DuckDB
table shaped like the pipeline's `raw.source_files`."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from orchestration.defs.patrimony.stock_health import (
    change_ok,
    expected_millesime,
    late_landlords,
    millesime_stocks,
    stock_changes,
)


@pytest.fixture
def conn():
    conn = duckdb.connect()
    conn.execute("create schema raw")
    conn.execute("""create table raw.source_files (source varchar, file_name varchar,
        period varchar, landlord_id varchar, rows_read bigint, status varchar,
        loaded_at timestamp)""")
    return conn


def _file(conn, landlord, period, rows, loaded_at, status="loaded", source="rpls"):
    conn.execute("insert into raw.source_files values (?, ?, ?, ?, ?, ?, ?)",
                 [source, f"rpls_{period}.csv", period, landlord, rows, status, loaded_at])


def test_each_landlord_is_compared_with_its_own_previous_millesime(conn):
    _file(conn, "033HLM042", "2025", 30_000, "2025-02-20")
    _file(conn, "033HLM042", "2026", 30_600, "2026-02-20")
    _file(conn, "075HLM001", "2025", 10_000, "2025-02-20")
    _file(conn, "075HLM001", "2026", 7_000, "2026-02-21")   # partial extract: -30 %
    _file(conn, "075HLM001", "2026", 9_000, "2026-02-10", status="rejected")
    _file(conn, "075HLM001", "2026", 1, "2026-02-22", source="tickets")
    pairs = stock_changes(millesime_stocks(conn))
    flagged = {latest.landlord_id for previous, latest in pairs
               if not change_ok(previous.dwellings, latest.dwellings)}
    assert len(pairs) == 2
    assert flagged == {"075HLM001"}


def test_a_corrected_file_replaces_the_earlier_one_of_the_same_millesime(conn):
    _file(conn, "033HLM042", "2025", 30_000, "2025-02-20")
    _file(conn, "033HLM042", "2026", 12_000, "2026-02-20")  # truncated, then re-sent
    _file(conn, "033HLM042", "2026", 30_500, "2026-02-25")
    [(previous, latest)] = stock_changes(millesime_stocks(conn))
    assert (previous.millesime, latest.millesime, latest.dwellings) == (2025, 2026, 30_500)
    assert change_ok(previous.dwellings, latest.dwellings)


def test_ten_percent_is_the_edge():
    assert change_ok(1_000, 1_100) and change_ok(1_000, 900)
    assert not change_ok(1_000, 1_101) and not change_ok(1_000, 899)


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 2, 28), 2025), (date(2026, 3, 1), 2026), (date(2026, 12, 31), 2026)])
def test_millesime_n_is_due_on_1_march_n(today, expected):
    assert expected_millesime(today) == expected


def test_a_landlord_without_this_years_millesime_is_late_after_1_march(conn):
    _file(conn, "033HLM042", "2026", 30_000, "2026-02-20")
    _file(conn, "075HLM001", "2025", 10_000, "2025-02-20")
    stocks = millesime_stocks(conn)
    assert late_landlords(stocks, date(2026, 2, 15)) == {}
    assert late_landlords(stocks, date(2026, 3, 2)) == {"075HLM001": 2025}
