"""Contract sources: typed loading, quarantine with reasons, idempotence, pseudonymisation."""

from __future__ import annotations

import json

import pytest

from orchestration.lib.contract_loader import load_file
from orchestration.lib.contracts import load_contracts
from orchestration.lib.landlords import FileLandlord
from orchestration.lib.pseudonymise import pseudonym

KEY = bytes(range(32))
#: the landlord the inbox gives files without a landlord_id column (lib/landlords.py)
LANDLORD = FileLandlord("033HLM007", "seul bailleur de l'entrepôt")
CONTRACTS = load_contracts()


def rejected(conn, source):
    return conn.execute(
        "select line_number, column_name, raw_value, reason from quarantine.rejected_rows "
        "where source = ? order by line_number, column_name", [source]).fetchall()


def test_every_contract_is_valid_and_documented():
    assert set(CONTRACTS) == {
        "dpe", "households", "leases", "attributions", "rent_billing", "arrears", "tickets",
        "elevators", "elevator_breakdowns", "works", "deliveries", "satisfaction",
        "commitments", "organisation"}
    for contract in CONTRACTS.values():
        assert contract.description and contract.cadence and contract.file_patterns
        assert all(c.description for c in contract.columns), contract.source


def test_csv_latin1_semicolon_decimal_comma_french_dates(tmp_path, conn):
    path = tmp_path / "travaux_2025.csv"
    path.write_bytes(
        "operation_id;building_id;operation_type;dwellings_concerned;start_date;end_date;"
        "cost_eur;dpe_before;dpe_after;cdc_loan_eligible\n"
        "OP1;B0001;réhabilitation;40;03/02/2024;15/12/2025;1 234 567,89;F;C;oui\n"
        "OP2;B0002;rehabilitation;12;2024-05-01;2024-04-01;100000;E;C;non\n"
        .encode("cp1252"))
    report = load_file(conn, CONTRACTS["works"], path, "run", KEY, LANDLORD)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (2, 0, 2)
    reasons = rejected(conn, "works")
    assert reasons[0][:3] == (2, "operation_type", "réhabilitation")
    assert "code inconnu" in reasons[0][3]
    assert reasons[1][:2] == (3, "end_date") and "fin des travaux avant" in reasons[1][3]


def test_csv_comma_separator_and_typed_values(tmp_path, conn):
    path = tmp_path / "works.csv"
    path.write_text(
        "Operation_ID,Building ID,operation_type,dwellings_concerned,start_date,end_date,"
        "cost_eur,dpe_before,dpe_after,cdc_loan_eligible\n"
        "OP1,B0001,rehabilitation,40,03/02/2024,15/12/2025,\"1234567,89\",F,C,oui\n",
        encoding="utf-8-sig")
    report = load_file(conn, CONTRACTS["works"], path, "run", KEY, LANDLORD)
    assert report.rows_accepted == 1, rejected(conn, "works")
    row = conn.execute("select start_date, end_date, cost_eur, cdc_loan_eligible "
                       "from raw.works").fetchone()
    assert str(row[0]) == "2024-02-03" and str(row[1]) == "2025-12-15"
    assert row[2] == pytest.approx(1234567.89) and row[3] is True


def test_jsonl_tickets_with_paris_time_and_defects(tmp_path, conn):
    lines = [
        {"ticket_id": "T1", "kind": "reclamation", "dwelling_id": "L1", "category": "plomberie",
         "urgency": "U2", "opened_at": "2026-03-02T08:15:00+01:00",
         "closed_at": "2026-03-02 17:00:00", "status": "close", "channel": "telephone",
         "declarant_nom": "Jean Dupont", "declarant_telephone": "0601020304"},
        {"ticket_id": "T2", "kind": "reclamation", "building_id": "B1", "category": "ascenseur",
         "urgency": "U1", "opened_at": "02/03/2026 09:00", "closed_at": "01/03/2026 10:00",
         "status": "close", "channel": "gardien"},
        {"ticket_id": "T1", "kind": "reclamation", "dwelling_id": "L1", "category": "plomberie",
         "urgency": "U2", "opened_at": "2026-03-02T08:15:00", "status": "ouverte",
         "channel": "web"},
    ]
    path = tmp_path / "tickets_20260302.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken\n", encoding="utf-8")
    report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (4, 1, 3)
    assert "declarant_nom" in report.message and "declarant_telephone" in report.message
    opened = conn.execute("select opened_at from raw.tickets").fetchone()[0]
    assert str(opened) == "2026-03-02 08:15:00"  # +01:00 is Paris winter time
    reasons = {line: reason for line, _, _, reason in rejected(conn, "tickets")}
    assert "clôture avant l'ouverture" in reasons[2]
    assert "clé en double" in reasons[3] and "ligne 1" in reasons[3]
    assert reasons[4].startswith("JSON invalide")


def test_xlsx_survey(tmp_path, conn):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "reponses"
    ws.append(["survey", "respondent_id", "dwelling_id", "building_id", "theme", "score",
               "answered_on", "verbatim"])
    ws.append(["triennale", "R1", "L1", None, "proprete_parties_communes", 8,
               __import__("datetime").date(2025, 10, 3), "Très bien, M. Dupont"])
    ws.append(["triennale", "R2", "L2", None, "global", 11, "2025-10-04", None])
    path = tmp_path / "enquete_satisfaction_2025.xlsx"
    wb.save(path)
    report = load_file(conn, CONTRACTS["satisfaction"], path, "run", KEY, LANDLORD)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (2, 1, 1)
    assert "verbatim" in report.message
    assert rejected(conn, "satisfaction")[0][1:3] == ("score", "11")


def test_identifiers_are_pseudonymised_everywhere(tmp_path, conn):
    path = tmp_path / "menages.csv"
    path.write_text(
        "household_id;household_size;oldest_member_age_band;resources_pct_plus_ceiling;"
        "observed_on;nom;telephone;email\n"
        "M-0001;3;40_64;54,5;01/01/2026;DUPONT;0601020304;a@b.fr\n"
        "M-0002;0;75_plus;120;01/01/2026;MARTIN;0605060708;c@d.fr\n", encoding="utf-8")
    load_file(conn, CONTRACTS["households"], path, "run", KEY, LANDLORD)
    everything = " ".join(
        str(v) for table in ("raw.households", "quarantine.rejected_rows", "raw.source_files")
        for row in conn.execute(f"select * from {table}").fetchall() for v in row)
    for clear in ("M-0001", "M-0002", "DUPONT", "MARTIN", "0601020304", "a@b.fr"):
        assert clear not in everything
    assert pseudonym(KEY, "M-0001") in everything and pseudonym(KEY, "M-0002") in everything


def test_same_file_twice_changes_nothing_and_a_correction_upserts(tmp_path, conn):
    header = ("elevator_id,building_id,commissioning_year,floors_served,maintainer\n")
    first = tmp_path / "a" / "ascenseurs.csv"
    first.parent.mkdir()
    first.write_text(header + "E1,B1,1990,6,Otis\nE2,B2,2030,5,Kone\n", encoding="utf-8")
    load_file(conn, CONTRACTS["elevators"], first, "run-1", KEY, LANDLORD)
    before = conn.execute("select * from raw.elevators").fetchall()
    assert load_file(conn, CONTRACTS["elevators"], first, "run-2", KEY, LANDLORD).status == "unchanged"
    assert conn.execute("select * from raw.elevators").fetchall() == before
    fixed = tmp_path / "b" / "ascenseurs.csv"
    fixed.parent.mkdir()
    fixed.write_text(header + "E1,B1,1990,7,Otis\nE2,B2,2003,5,Kone\n", encoding="utf-8")
    load_file(conn, CONTRACTS["elevators"], fixed, "run-3", KEY, LANDLORD)
    assert conn.execute("select elevator_id, floors_served from raw.elevators "
                        "order by 1").fetchall() == [("E1", 7), ("E2", 5)]


def test_missing_required_column_rejects_the_file_with_its_name(tmp_path, conn):
    path = tmp_path / "pannes.csv"
    path.write_text("breakdown_id;elevator_id;cause\nP1;E1;usure\n", encoding="utf-8")
    report = load_file(conn, CONTRACTS["elevator_breakdowns"], path, "run", KEY, LANDLORD)
    assert report.status == "rejected"
    assert "pannes.csv, ligne 1" in report.message and "started_at" in report.message


def test_offset_timestamp_with_impossible_date_is_rejected(tmp_path, conn):
    line = {"ticket_id": "T9", "kind": "reclamation", "dwelling_id": "L1",
            "category": "plomberie", "urgency": "U3", "opened_at": "2025-02-30T06:53:00+01:00",
            "status": "ouverte", "channel": "web"}
    path = tmp_path / "tickets_2025-02.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD)
    assert report.rows_quarantined == 1
    assert rejected(conn, "tickets")[0][1:3] == ("opened_at", "2025-02-30T06:53:00+01:00")
