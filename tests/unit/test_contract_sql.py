"""Typing a source value never fixes it: a value the contract's type does not hold exactly is
quarantined with its column, raw value and a French reason, never rounded or re-read.

One case per cast DuckDB would otherwise apply silently (6,5 → 7 for an integer, '1e2' → 100,
'nan', two-digit years read as year 25...), and the exact values that must still load."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from orchestration.lib.contract_loader import load_file
from orchestration.lib.contracts import load_contracts
from orchestration.lib.landlords import FileLandlord

KEY = bytes(range(32))
LANDLORD = FileLandlord("033HLM007", "seul bailleur de l'entrepôt")
CONTRACTS = load_contracts()
NBSP, NNBSP = "\u00a0", "\u202f"

#: one valid line per source; each case replaces one value
BASE = {
    "deliveries": {"operation_id": "PRG-1", "building_id": "B1", "commune_code": "33063",
                   "delivery_date": "2024-10-01", "financing": "PLUS", "dwellings": "12",
                   "is_in_qpv": "non"},
    "commitments": {"indicator_code": "PP-1", "indicator_label": "Agréments",
                    "territory_level": "departement", "territory_code": "33", "year": "2025",
                    "target": "5", "target_type": "plancher", "unit": "nombre",
                    "origin": "CUS"},
    "arrears": {"lease_id": "BX1", "observed_on": "31/01/2025", "amount_due": "120,50",
                "tenant_status": "present"},
    "rent_billing": {"lease_id": "BX1", "month": "12/2025", "rent_billed": "459,10",
                     "charges_billed": "33,40", "amount_paid": "492,50"},
    "tickets": {"ticket_id": "T1", "kind": "reclamation", "dwelling_id": "L1",
                "category": "plomberie", "urgency": "U2", "opened_at": "02/03/2026 09:00",
                "status": "ouverte", "channel": "web"},
}
FILE_NAMES = {"deliveries": "livraisons.csv", "commitments": "engagements.csv",
              "arrears": "impayes.csv", "rent_billing": "quittancement.csv",
              "tickets": "tickets.jsonl"}


def load_one(tmp_path, conn, source, column, raw):
    """Load a one-line file of `source` whose `column` holds `raw`: (stored value or None,
    [(column, raw value, reason)] of the quarantine)."""
    values = {**BASE[source], column: raw}
    path = tmp_path / FILE_NAMES[source]
    if path.suffix == ".jsonl":
        path.write_text(json.dumps(values, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        path.write_text(";".join(values) + "\n" + ";".join(values.values()) + "\n",
                        encoding="utf-8")
    report = load_file(conn, CONTRACTS[source], path, "run", KEY, LANDLORD)
    assert report.status == "loaded" and report.rows_read == 1, report
    assert report.rows_accepted + report.rows_quarantined == 1
    stored = conn.execute(f"select {column} from raw.{source}").fetchall()
    reasons = conn.execute("select column_name, raw_value, reason from quarantine.rejected_rows "
                           "where source = ?", [source]).fetchall()
    return (stored[0][0] if stored else None), reasons


@pytest.mark.parametrize(("source", "column", "raw", "reason"), [
    # DuckDB rounds a decimal text cast to INTEGER: 12,5 deliveries would be stored as 13
    ("deliveries", "dwellings", "12.5", "partie décimale"),
    ("deliveries", "dwellings", "12,5", "partie décimale"),
    ("deliveries", "dwellings", ".5", "partie décimale"),  # → 1, the minimum
    ("commitments", "year", "2025.5", "partie décimale"),  # → 2026
    # exponents: a spreadsheet writes large numbers so after rounding them for display
    ("deliveries", "dwellings", "1e2", "notation scientifique"),
    ("commitments", "target", "1,5E+3", "notation scientifique"),
    # other spellings DuckDB's casts read and the contract does not allow
    ("deliveries", "dwellings", "0x10", "nombre entier attendu"),  # hexadecimal → 16
    ("deliveries", "dwellings", "1_000", "nombre entier attendu"),  # → 1000
    ("commitments", "target", "1_0", "nombre attendu"),
    ("commitments", "target", "nan", "nombre attendu"),  # no bounds on a target: NaN loaded
    ("commitments", "target", "-inf", "nombre attendu"),
    ("commitments", "target", "9" * 400, "nombre attendu"),  # an infinite double
    ("deliveries", "dwellings", "99999999999", "nombre entier attendu"),  # overflow
    # spaces are thousands separators, not noise to delete: '1 2' is not 12
    ("deliveries", "dwellings", "1 2", "nombre entier attendu"),
    ("commitments", "target", "12 5,5", "nombre attendu"),
    # a two-digit year is read as year 25 (no minimum on these columns to catch it)
    ("arrears", "observed_on", "31/01/25", "année sur 4 chiffres"),
    ("rent_billing", "month", "12/25", "année sur 4 chiffres"),
    ("tickets", "opened_at", "02/03/26 09:00", "année sur 4 chiffres"),
    ("arrears", "observed_on", "31/01/202", "date impossible ou illisible"),  # year 202
])
def test_a_value_the_type_does_not_hold_exactly_is_quarantined(
        tmp_path, conn, source, column, raw, reason):
    stored, reasons = load_one(tmp_path, conn, source, column, raw)
    assert stored is None
    assert len(reasons) == 1, reasons
    assert reasons[0][:2] == (column, raw) and reason in reasons[0][2], reasons


@pytest.mark.parametrize(("source", "column", "raw", "expected"), [
    ("deliveries", "dwellings", "12", 12),
    ("deliveries", "dwellings", "+12", 12),
    ("deliveries", "dwellings", "007", 7),
    # zeros after the decimal mark: 12,0 is 12 exactly (pandas writes integers with gaps so)
    ("deliveries", "dwellings", "12.0", 12),
    ("deliveries", "dwellings", "12,00", 12),
    ("deliveries", "dwellings", "1 200", 1200),
    ("deliveries", "dwellings", f"1{NBSP}200", 1200),  # French spreadsheets' separator
    ("deliveries", "dwellings", f"1{NNBSP}200", 1200),
    ("commitments", "target", "1 234 567,5", 1234567.5),
    ("commitments", "target", f"1{NBSP}234,5", 1234.5),
    ("commitments", "target", "-0,25", -0.25),
    ("commitments", "target", "12.", 12.0),
    ("commitments", "target", ",5", 0.5),
    ("arrears", "observed_on", "1/2/2025", dt.date(2025, 2, 1)),
    ("arrears", "observed_on", "2025-02-01", dt.date(2025, 2, 1)),
    ("rent_billing", "month", "2025-3", dt.date(2025, 3, 1)),
    ("rent_billing", "month", "03/2025", dt.date(2025, 3, 1)),
    ("tickets", "opened_at", "2026-03-02T08:15:00+01:00", dt.datetime(2026, 3, 2, 8, 15)),
    ("tickets", "opened_at", "02/03/2026 09:00", dt.datetime(2026, 3, 2, 9, 0)),
])
def test_an_exact_value_loads_unchanged(tmp_path, conn, source, column, raw, expected):
    stored, reasons = load_one(tmp_path, conn, source, column, raw)
    assert reasons == []
    assert stored == expected and not (isinstance(stored, float) and math.isnan(stored))


def test_a_survey_score_of_6_5_is_not_rounded_to_a_satisfied_7(tmp_path, conn):
    """The issue's case: 7 to 10 counts as satisfied, so rounding 6,5 up changes the KPI."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "reponses"
    ws.append(["survey", "respondent_id", "dwelling_id", "theme", "score", "answered_on"])
    ws.append(["triennale", "R1", "L1", "global", 6.5, dt.date(2025, 10, 3)])
    ws.append(["triennale", "R2", "L2", "global", 7.0, dt.date(2025, 10, 3)])
    path = tmp_path / "enquete_satisfaction_2025.xlsx"
    wb.save(path)
    report = load_file(conn, CONTRACTS["satisfaction"], path, "run", KEY, LANDLORD)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (2, 1, 1)
    assert conn.execute("select score from raw.satisfaction").fetchall() == [(7,)]
    line, column, raw, reason = conn.execute(
        "select line_number, column_name, raw_value, reason from quarantine.rejected_rows"
    ).fetchone()
    assert (line, column, raw) == (2, "score", "6.5") and "partie décimale" in reason
