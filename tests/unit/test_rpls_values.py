"""RPLS values are checked as staging will read them: a value that staging's casts would round,
misread or turn into NULL is quarantined with its reason, never loaded to be fixed later."""

from __future__ import annotations

import pytest

from orchestration.defs.patrimony.loader import load_file
from tests.support.rpls_files import dwelling, write_rpls


@pytest.mark.parametrize(("column", "raw", "reason"), [
    ("nbpiece", "3.5", "nombre de pièces"),  # cast to integer: 4 rooms
    ("nbpiece", "2e1", "nombre de pièces"),  # 20
    ("nbpiece", "0x3", "nombre de pièces"),  # hexadecimal: 3
    ("construct", "1975.4", "année de construction"),  # 1975
    ("locat", "1976.5", "première mise en location"),  # 1977 (no rule checked it)
    ("locat", "1976-01", "première mise en location"),  # NULL in staging, silently
    ("surfhab", "65,456", "au plus 2 décimales"),  # decimal(8, 2): 65.46
    ("surfhab", "6.5e1", "surface habitable"),
    ("loyerprinc", "420,125", "au plus 2 décimales"),  # decimal(10, 2): 420.13
    ("loyerprinc", "inf", "loyer principal"),  # accepted (not < 0), then staging fails on it
    ("loyerprinc", "nan", "loyer principal"),
    ("loyerprinc", "123456789", "loyer principal"),  # does not fit decimal(10, 2)
    ("remlocdate", "31/02/2020", "remise en location"),  # NULL in staging, silently
])
def test_a_value_staging_would_fix_is_quarantined(tmp_path, conn, column, raw, reason):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026,
                      [dwelling(1), dwelling(2, **{column: raw})])
    report = load_file(conn, path, "run")
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (2, 1, 1)
    rows = conn.execute("select line_number, column_name, raw_value, reason "
                        "from quarantine.rejected_rows").fetchall()
    assert len(rows) == 1 and rows[0][:3] == (3, column, raw) and reason in rows[0][3], rows


@pytest.mark.parametrize(("column", "raw"), [
    ("nbpiece", "03"), ("surfhab", "64,5"), ("surfhab", "64.25"), ("loyerprinc", "9999"),
    ("loyerprinc", "412,30"), ("locat", ""), ("remlocdate", "29/02/2024"),
    ("remlocdate", "02/2013"), ("construct", "2026"),
])
def test_exact_values_load(tmp_path, conn, column, raw):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026, [dwelling(1, **{column: raw})])
    report = load_file(conn, path, "run")
    assert (report.rows_accepted, report.rows_quarantined) == (1, 0)
    assert conn.execute(f"select {column} from raw.rpls_dwellings").fetchone()[0] == raw
