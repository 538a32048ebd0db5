"""A tiny landlord written by hand (one file per source contract) run through the real pipeline
(ingestion, dbt build with its tests, publication) once per session, for the service and
management KPI tests of this folder.

The stock (RPLS 2026, state at 1 January 2026), Bordeaux 33063, building B0000:
  L1  let, lease 03/2025, first let 1976, 400 € / 50 m²      -> a 2025 move-in
  L2  let, lease 05/2019, 600 € / 70 m², financed PLS (FINAN 14)
  L3  let, new: first let 2025, lease 09/2025, 500 € / 60 m² -> not in the turnover base
  L4  vacant, re-let date 09/2025, in a QPV                   -> vacant over 3 months
  L5  vacant, re-let date 15/10/2025                          -> vacant under 3 months
  L6  empty for works (MODE 3)
  L7  let, rent n/a (9999), first let 2024, lease 01/2024     -> out of the rent per m²
  L8  sold in 2025                                            -> not in stock
  L9  let to an association (MODE 4)
  L10 vacant, no re-let date
Mérignac 33281, building B0001: L20 let.
Every other dwelling is PLUS (FINAN 13) outside any QPV, so Bordeaux's figures fall into three
segments (Hors QPV × PLUS, Hors QPV × PLS, En QPV × PLUS) and building B0000 is Hors QPV, PLUS.
There is no organisation file: no agence, no direction.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from tests.conftest import publish_inbox
from tests.support.rpls_files import dwelling, write_rpls

BORDEAUX, MERIGNAC = "33063", "33281"


def _stock_2026() -> list[str]:
    vacant = {"mode": "2", "bail": "", "loyerprinc": "9999"}
    return [
        dwelling(1, bail="03/2025", loyerprinc="400", surfhab="50"),
        dwelling(2, bail="05/2019", loyerprinc="600", surfhab="70", finan="14"),
        dwelling(3, locat="2025", patrimoine="2025", construct="2025", bail="09/2025",
                 loyerprinc="500", surfhab="60"),
        dwelling(4, remlocdate="09/2025", qpv="1", **vacant),
        dwelling(5, remlocdate="15/10/2025", **vacant),
        dwelling(6, mode="3", bail="", loyerprinc="9999"),
        dwelling(7, locat="2024", patrimoine="2024", construct="2023", bail="01/2024",
                 loyerprinc="9999", surfhab="40"),
        dwelling(8, sortiepatrim="1", mode="9", bail="", loyerprinc="9999"),
        dwelling(9, mode="4", bail="", loyerprinc="9999"),
        dwelling(10, remlocdate="", **vacant),
        dwelling(20, depcom=MERIGNAC),
    ]


def _csv(path: Path, header: str, *rows: str) -> None:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def _write_inbox(inbox: Path) -> None:
    write_rpls(inbox / "rpls_2026.csv", 2026, _stock_2026())

    # Maintenance: elevators and their breakdowns (January 2026; as-of = P4's end, 31/01 00:00)
    _csv(inbox / "ascenseurs_2026.csv", "elevator_id;building_id;commissioning_year;"
         "floors_served;maintainer",
         "E1;B0000;1990;5;Otis", "E2;B0000;2010;5;Otis", "E3;B0001;2000;8;Kone")
    _csv(inbox / "pannes_202601.csv", "breakdown_id;elevator_id;started_at;ended_at;cause",
         "P1;E1;05/01/2026 08:00;05/01/2026 10:00;usure",
         "P2;E1;10/01/2026 08:00;10/01/2026 14:00;porte",
         "P3;E2;20/01/2026 09:00;20/01/2026 14:00;electrique",
         "P4;E3;30/01/2026 00:00;31/01/2026 00:00;vandalisme")

    # Maintenance: tickets (Fri 9 and Sat 10 January 2026 are before a weekend)
    tickets = [
        {"ticket_id": "T1", "kind": "reclamation", "dwelling_id": "L000001", "category": "plomberie",
             "urgency": "U1", "opened_at": "2026-01-12T08:00:00", "closed_at": "2026-01-12T11:30:00",
             "status": "close", "channel": "telephone"},
        {"ticket_id": "T2", "kind": "reclamation", "dwelling_id": "L000002", "category": "chauffage",
             "urgency": "U1", "opened_at": "2026-01-12T08:00:00", "closed_at": "2026-01-12T12:30:00",
             "status": "close", "channel": "web"},
        {"ticket_id": "T3", "kind": "reclamation", "dwelling_id": "L000001", "category": "menuiserie",
             "urgency": "U3", "opened_at": "2026-01-09T16:00:00", "closed_at": "2026-01-16T17:00:00",
             "status": "close", "channel": "agence"},
        {"ticket_id": "T4", "kind": "reclamation", "building_id": "B0000",
             "category": "parties_communes", "urgency": "U3", "opened_at": "2026-01-10T10:00:00",
             "closed_at": "2026-01-19T09:00:00", "status": "close", "channel": "gardien"},
        {"ticket_id": "T5", "kind": "ordre_de_travail", "dwelling_id": "L000001",
             "category": "plomberie", "urgency": "U1", "opened_at": "2026-01-12T09:00:00",
             "closed_at": "2026-01-12T10:00:00", "status": "close", "channel": "telephone",
             "parent_ticket_id": "T1"},
        {"ticket_id": "T6", "kind": "reclamation", "dwelling_id": "L000003", "category": "electricite",
             "urgency": "U2", "opened_at": "2026-01-19T08:00:00", "status": "ouverte",
             "channel": "application"},
    ]
    (inbox / "tickets_20260119.jsonl").write_text(
        "".join(json.dumps(t) + "\n" for t in tickets), encoding="utf-8")

    # Satisfaction: triennial survey, cleanliness of common areas and overall
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "reponses"
    sheet.append(["survey", "respondent_id", "dwelling_id", "building_id", "theme", "score",
                  "answered_on"])
    for respondent, dwelling_id, building, theme, score in [
        ("R1", "L000001", None, "proprete_parties_communes", 6),
        ("R2", "L000002", None, "proprete_parties_communes", 7),
        ("R3", "L000003", None, "proprete_parties_communes", 9),
        ("R4", None, "B0000", "proprete_parties_communes", 10),
        ("R1", "L000001", None, "global", 3),
    ]:
        sheet.append(["triennale", respondent, dwelling_id, building, theme, score,
                      dt.datetime(2025, 11, 3)])
    workbook.save(inbox / "enquete_satisfaction_2025.xlsx")

    # Tenancy
    _csv(inbox / "menages_2025.csv", "household_id;household_size;oldest_member_age_band;"
         "resources_pct_plus_ceiling;observed_on",
         "M1;2;65_74;45;31/12/2025", "M2;1;40_64;60;31/12/2025",
         "M3;3;75_plus;110;31/12/2025", "M4;4;25_39;;31/12/2025")
    _csv(inbox / "baux_2025.csv", "lease_id;dwelling_id;household_id;start_date;end_date;"
         "monthly_rent;monthly_charges",
         "B1;L000001;M1;01/03/2025;;400;100", "B2;L000002;M2;01/05/2019;;600;150",
         "B3;L000003;M3;01/09/2025;;500;100", "B4;L000007;M4;01/01/2024;;450;80",
         "B9;L000004;M9;01/01/2020;31/08/2025;500;100")
    _csv(inbox / "quittancement_2025.csv", "lease_id;month;rent_billed;charges_billed;amount_paid",
         "B1;11/2025;400;100;500", "B1;12/2025;400;100;0",
         "B2;11/2025;600;150;750", "B2;12/2025;600;150;1000")
    _csv(inbox / "impayes_2025.csv", "lease_id;observed_on;amount_due;tenant_status",
         "B1;30/11/2025;900;present", "B1;31/12/2025;500;present", "B9;31/12/2025;125;parti")
    _csv(inbox / "attributions_2025.csv", "attribution_id;dwelling_id;household_id;"
         "decision_date;is_dalo;is_priority;is_first_quartile;is_dwelling_in_qpv;"
         "reservation_holder;is_transfer",
         "A1;L000001;M1;15/02/2025;non;non;oui;non;7;non",
         "A2;L000003;M3;10/08/2025;oui;non;non;non;2;non",
         "A3;L000002;M2;01/04/2025;non;oui;non;non;3;oui",
         "A4;L000004;M5;01/05/2025;non;non;non;non;7;non",
         "A5;L000005;M6;01/06/2025;non;non;oui;oui;4;non")

    # Works: received in 2026 on building B0000 (O3 still running), one programme delivered
    _csv(inbox / "travaux_2026.csv", "operation_id;building_id;operation_type;"
         "dwellings_concerned;start_date;end_date;cost_eur;dpe_before;dpe_after;"
         "cdc_loan_eligible",
         "O1;B0000;rehabilitation;10;01/03/2025;15/01/2026;300000;E;C;oui",
         "O2;B0000;remplacement_composants;10;01/05/2025;01/02/2026;60000;;;non",
         "O3;B0000;renovation_energetique;10;01/10/2025;;200000;E;;oui")
    _csv(inbox / "livraisons_2026.csv", "operation_id;building_id;commune_code;delivery_date;"
         "financing;dwellings;is_in_qpv",
         "N1;B0009;33063;30/06/2026;PLUS;20;non", "N1;B0009;33063;30/06/2026;PLAI;10;non")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory):
    """Run the real pipeline twice on the hand-made inbox: once as delivered, then after a
    daily ticket export closes T6 (the incremental facts must pick the change up)."""
    root = tmp_path_factory.mktemp("service_management")
    inbox = root / "inbox"
    inbox.mkdir()
    _write_inbox(inbox)
    first, serving = publish_inbox(root, inbox)
    assert first.success, "the pipeline failed on the hand-made inbox"
    with duckdb.connect(str(serving), read_only=True) as conn:
        cursor = conn.execute("select * from marts.kpi_service_complaints "
                              f"where commune_code = '{BORDEAUX}' and urgency = 'U2'")
        names = [d[0] for d in cursor.description]
        before = [dict(zip(names, row)) for row in cursor.fetchall()]
    (inbox / "tickets_20260120.jsonl").write_text(json.dumps({
        "ticket_id": "T6", "kind": "reclamation", "dwelling_id": "L000003", "category": "electricite",
        "urgency": "U2", "opened_at": "2026-01-19T08:00:00", "closed_at": "2026-01-19T12:00:00",
        "status": "close", "channel": "application"}) + "\n", encoding="utf-8")
    second, serving = publish_inbox(root, inbox)
    assert second.success, "the pipeline failed on the second, incremental load"
    with duckdb.connect(str(serving), read_only=True) as conn:
        yield conn, before
