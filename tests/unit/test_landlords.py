"""Every source row has a landlord: from its own column, its folder's bailleur.yml, or the one
landlord the warehouse knows; a file whose landlord cannot be told is set aside, never guessed."""

from __future__ import annotations

import json

import pytest

from orchestration.lib.contract_loader import load_file
from orchestration.lib.contracts import load_contracts
from orchestration.lib.landlords import (
    LandlordDeclarationError,
    declaration_of,
    known_landlords,
    landlord_of_file,
    read_declaration,
)
from orchestration.settings import REPO_ROOT

KEY = bytes(range(32))
CONTRACTS = load_contracts()
A, B = "033HLM007", "021HLM002"


def ticket(ticket_id: str, **extra) -> dict:
    return {"ticket_id": ticket_id, "kind": "reclamation", "dwelling_id": "L1",
            "category": "plomberie", "urgency": "U2", "opened_at": "2026-03-02T08:15:00",
            "status": "ouverte", "channel": "web", **extra}


def write_tickets(path, *tickets):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(t) + "\n" for t in tickets), encoding="utf-8")
    return path


def declare(folder, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bailleur.yml").write_text(text, encoding="utf-8")
    return folder / "bailleur.yml"


def test_a_declaration_names_one_landlord_by_its_ministry_number(tmp_path):
    path = declare(tmp_path, f'landlord_id: "{A}"\nname: Demo Habitat Gironde\n')
    landlord = read_declaration(path)
    assert (landlord.landlord_id, landlord.name) == (A, "Demo Habitat Gironde")


@pytest.mark.parametrize("text, reason", [
    ("landlord_id: 123456789\n", "entre guillemets"),
    ('landlord_id: "33HLM007"\n', "n'est pas un numéro ministériel"),
    ('landlord_id: "033hlm007"\n', "n'est pas un numéro ministériel"),
    (f'landlord_id: "{A}"\nsiret: "1"\n', "clé(s) inconnue(s) siret"),
    ("- 033HLM007\n", "attendu « landlord_id"),
    ("landlord_id: [\n", "illisible"),
])
def test_a_bad_declaration_says_why_naming_its_file(tmp_path, text, reason):
    path = declare(tmp_path, text)
    with pytest.raises(LandlordDeclarationError) as error:
        read_declaration(path)
    assert str(path) in str(error.value) and reason in str(error.value)


def test_the_nearest_declaration_inside_the_inbox_decides(tmp_path):
    inbox = tmp_path / "inbox"
    declare(inbox / "a", f'landlord_id: "{A}"\n')
    declare(inbox / "a" / "filiale", f'landlord_id: "{B}"\n')
    declare(tmp_path, f'landlord_id: "{B}"\n')  # above the inbox: not the inbox's
    assert declaration_of(inbox / "a" / "2026" / "t.jsonl", inbox) == inbox / "a" / "bailleur.yml"
    assert declaration_of(inbox / "a" / "filiale" / "t.jsonl", inbox).parent.name == "filiale"
    assert declaration_of(inbox / "t.jsonl", inbox) is None


def test_outside_any_folder_the_only_known_landlord_is_the_files(tmp_path):
    inbox = tmp_path / "inbox"
    alone = landlord_of_file(inbox / "t.jsonl", inbox, {A})
    assert alone.landlord_id == A and alone.problem is None and not alone.declared
    nobody = landlord_of_file(inbox / "t.jsonl", inbox, set())
    assert nobody.landlord_id is None and nobody.problem is None
    two = landlord_of_file(inbox / "t.jsonl", inbox, {A, B})
    assert two.landlord_id is None and "t.jsonl" in two.problem and "bailleur.yml" in two.problem


def test_known_landlords_come_from_the_warehouse_rpls_headers_and_declarations(tmp_path):
    inbox = tmp_path / "inbox"
    declare(inbox / "b", f'landlord_id: "{B}"\n')
    declare(inbox / "broken", "landlord_id: 12\n")
    assert known_landlords(inbox, [A, None], ["not-a-number"]) == {A, B}


def test_colliding_ticket_ids_of_two_landlord_folders_are_two_rows(conn, tmp_path):
    inbox = tmp_path / "inbox"
    declare(inbox / "gironde", f'landlord_id: "{A}"\n')
    declare(inbox / "dijon", f'landlord_id: "{B}"\n')
    for folder in ("gironde", "dijon"):
        path = write_tickets(inbox / folder / "tickets_2026.jsonl", ticket("T1"), ticket("T2"))
        landlord = landlord_of_file(path, inbox, {A, B})
        report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY, landlord)
        assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (2, 2, 0)
    rows = conn.execute("select landlord_id, ticket_id from raw.tickets order by all").fetchall()
    assert rows == [(B, "T1"), (B, "T2"), (A, "T1"), (A, "T2")]
    files = conn.execute("select file_name, landlord_id from raw.source_files "
                         "order by landlord_id").fetchall()
    assert [landlord for _, landlord in files] == [B, A]


def test_a_row_naming_another_landlord_than_its_folder_is_quarantined(conn, tmp_path):
    inbox = tmp_path / "inbox"
    declare(inbox / "gironde", f'landlord_id: "{A}"\n')
    path = write_tickets(inbox / "gironde" / "tickets.jsonl", ticket("T1"),
                         ticket("T2", landlord_id=B), ticket("T3", landlord_id=A))
    report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY,
                       landlord_of_file(path, inbox, {A, B}))
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (3, 2, 1)
    [(line, column, value, reason)] = conn.execute(
        "select line_number, column_name, raw_value, reason from quarantine.rejected_rows"
    ).fetchall()
    assert (line, column, value) == (2, "landlord_id", B)
    assert "bailleur différent de celui du dossier" in reason and A in reason


def test_a_file_whose_landlord_cannot_be_told_is_set_aside(conn, tmp_path):
    inbox = tmp_path / "inbox"
    path = write_tickets(inbox / "tickets.jsonl", ticket("T1"))
    report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY,
                       landlord_of_file(path, inbox, {A, B}))
    assert report.status == "rejected"
    assert "tickets.jsonl" in report.message and "plusieurs bailleurs" in report.message
    assert conn.execute("select count(*) from raw.tickets").fetchone()[0] == 0
    [(status, message)] = conn.execute("select status, message from raw.source_files").fetchall()
    assert status == "rejected" and "bailleur.yml" in message


def test_a_file_under_a_broken_declaration_is_set_aside(conn, tmp_path):
    inbox = tmp_path / "inbox"
    declare(inbox / "x", "landlord_id: 33\n")
    path = write_tickets(inbox / "x" / "tickets.jsonl", ticket("T1", landlord_id=A))
    report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY,
                       landlord_of_file(path, inbox, {A}))
    assert report.status == "rejected" and "entre guillemets" in report.message


def test_a_federation_file_carries_each_rows_landlord(conn, tmp_path):
    """No folder, several landlords: a landlord_id column says whose each row is; a row with
    none is quarantined, not given to anyone."""
    inbox = tmp_path / "inbox"
    path = write_tickets(inbox / "tickets.jsonl", ticket("T1", landlord_id=A),
                         ticket("T1", landlord_id=B), ticket("T9", landlord_id=""))
    report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY,
                       landlord_of_file(path, inbox, {A, B}))
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (3, 2, 1)
    assert conn.execute("select landlord_id from raw.tickets order by 1").fetchall() == [(B,), (A,)]
    [(reason,)] = conn.execute("select reason from quarantine.rejected_rows").fetchall()
    assert reason.startswith("bailleur manquant")


def test_an_rpls_header_names_its_landlord_from_the_first_line_alone(tmp_path):
    from orchestration.lib.rpls_reader import header_landlord

    assert header_landlord(REPO_ROOT / "data/samples/rpls/rpls_2026.csv") == A
    other = write_tickets(tmp_path / "tickets.jsonl", ticket("T1"))
    assert header_landlord(other) is None
