"""`make check-files`: a dry run of an inbox says what the load would do with each file, and
writes nothing (the warehouse's checksum and the state folder are the same afterwards).

Fast: the loaders run against an in-memory DuckDB, no dbt and no Dagster run."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration import check_files
from orchestration.lib.contract_loader import load_file
from orchestration.lib.contracts import load_contracts
from orchestration.lib.landlords import FileLandlord
from orchestration.settings import REPO_ROOT

LANDLORD = "033HLM007"
GOOD = REPO_ROOT / "data/samples/works/travaux_2020-2025.csv"  # 6 lines, 1 quarantined
MAPPED = "export_demandes_2025-12.csv"
UNREADABLE = "tickets_2025-11.jsonl"
#: a ticketing tool's export, not in the tickets contract's layout: headings, labels and dates
#: of its own, two personal columns, one column the contract does not know
EXPORT = """\
N° demande;Nature;Code logement;Catégorie;Priorité;Créée le;Clôturée le;État;Canal;Demandeur;Tél. demandeur;Prestataire
REC-1;Réclamation;L0001;Plomberie;Urgent;01/12/2025 09:00;02/12/2025 10:00;Clôturée;Téléphone;Jeanne TESTNOM;06 11 22 33 44;Plombier SA
REC-2;Réclamation;L0002;Plomberie;Normal;03/12/2025 09:00;;Nouvelle;Téléphone;Paul TESTNOM;06 55 66 77 88;
REC-3;Réclamation;L0003;Plomberie;rappeler au 06 12 34 56 78;04/12/2025 09:00;;Nouvelle;Téléphone;;;
REC-4;Réclamation;L0004;Plomberie;Normal;31/12/2025 25:00;;Nouvelle;Téléphone;;;
"""
MAPPING = """\
source: tickets
files: ["export_demandes_*.csv"]
format: csv                      # the contract is JSON Lines
separator: ";"
columns:
  ticket_id: "N° demande"
  kind: "Nature"
  dwelling_id: "Code logement"
  category: "Catégorie"
  urgency: "Priorité"
  opened_at: "Créée le"
  closed_at: "Clôturée le"
  status: "État"
  channel: "Canal"
values:
  kind: {"Réclamation": reclamation}
  category: {"Plomberie": plomberie}
  urgency: {"Urgent": U2, "Normal": U3}
  status: {"Clôturée": close, "Nouvelle": ouverte}
  channel: {"Téléphone": telephone}
dates:
  opened_at: "%d/%m/%Y %H:%M"
  closed_at: "%d/%m/%Y %H:%M"
personal: ["Demandeur", "Tél. demandeur"]
"""
PERSONAL_VALUES = ("TESTNOM", "06 11 22 33 44", "06 55 66 77 88", "06 12 34 56 78")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An inbox with a good file, a mapped export and random bytes named like tickets; a real
    warehouse that already holds the good file (loaded by the loader), an empty state folder."""
    inbox, state, warehouse_dir = tmp_path / "inbox", tmp_path / "state", tmp_path / "warehouse"
    (inbox / "mappings").mkdir(parents=True)
    state.mkdir()
    shutil.copy(GOOD, inbox / GOOD.name)
    (inbox / MAPPED).write_text(EXPORT, encoding="utf-8")
    (inbox / "mappings" / "tickets.yml").write_text(MAPPING, encoding="utf-8")
    (inbox / UNREADABLE).write_bytes(random.Random(15).randbytes(4000))
    (inbox / "notes.txt").write_text("à lire\n", encoding="utf-8")

    build = warehouse_dir / "build" / "warehouse.duckdb"
    build.parent.mkdir(parents=True)
    with duckdb.connect(str(build)) as conn:
        report = load_file(conn, load_contracts()["works"], inbox / GOOD.name, "earlier",
                           bytes(range(32)), FileLandlord(LANDLORD, "test"))
        assert report.status == "loaded"
    monkeypatch.setenv("PATRIMOINE_WAREHOUSE_DIR", str(warehouse_dir))
    monkeypatch.delenv("BUILD_WAREHOUSE", raising=False)
    monkeypatch.setenv("PATRIMOINE_STATE_DIR", str(state))
    monkeypatch.setenv("INBOX", str(inbox))
    return inbox, state, warehouse_dir, build


def _blocks(text: str) -> dict[str, str]:
    """The output's block of each file, by file name."""
    blocks = {}
    for block in text.split("\n\n"):
        if block.startswith("── "):
            blocks[block.splitlines()[0][3:]] = block
    return blocks


def test_check_files_says_what_the_load_would_do_and_writes_nothing(setup, capsys):
    inbox, state, warehouse_dir, build = setup
    before = (_sha(build), _tree(warehouse_dir), _tree(state), _tree(inbox))

    code = check_files.main(["--inbox", str(inbox)])
    text = capsys.readouterr().out

    assert code == 1  # a file would be set aside, another matches no source
    assert (_sha(build), _tree(warehouse_dir), _tree(state), _tree(inbox)) == before
    blocks = _blocks(text)
    assert set(blocks) == {GOOD.name, MAPPED, UNREADABLE, "notes.txt"}, text

    good = blocks[GOOD.name]
    assert "Source : works" in good
    assert f"Bailleur : {LANDLORD} (seul bailleur de l'entrepôt)" in good
    assert "6 lues, 5 seraient chargées, 1 en quarantaine" in good
    assert ("ligne 3, colonne landlord_id : clé en double dans le fichier (landlord_id, "
            "operation_id) : première occurrence ligne 2 — valeur « 033HLM007|OP2022-00001 »"
            ) in good
    assert "Colonnes inconnues (ignorées) : libelle_operation" in good
    assert "déjà chargé (même contenu)" in good  # the warehouse, read-only, holds it
    assert good.rstrip().endswith("→ serait chargé")

    mapped = blocks[MAPPED]
    assert "Source : tickets" in mapped and "correspondance mappings/tickets.yml" in mapped
    assert "« N° demande » → ticket_id" in mapped and "« Priorité » → urgency" in mapped
    assert ("Colonnes absentes : obligatoires : aucune ; facultatives : landlord_id (rempli "
            "avec le bailleur ci-dessus), building_id, parent_ticket_id") in mapped
    assert "Colonnes inconnues (ignorées) : Prestataire" in mapped
    assert "Données personnelles écartées (jamais lues) : Demandeur, Tél. demandeur" in mapped
    assert "4 lues, 2 seraient chargées, 2 en quarantaine" in mapped
    # an unlisted label: quarantined as the file spells it, its phone number masked
    assert "ligne 4, colonne urgency : code inconnu" in mapped
    assert "« rappeler au <téléphone masqué> »" in mapped
    assert ("ligne 5, colonne opened_at : date hors du format déclaré par la correspondance "
            "(%d/%m/%Y %H:%M)") in mapped
    assert "déjà" not in mapped

    unreadable = blocks[UNREADABLE]
    assert "Source : tickets" in unreadable and "correspondance" not in unreadable
    assert "→ serait ÉCARTÉ (non chargé)" in unreadable and "fichier binaire" in unreadable
    assert "seraient chargées" not in unreadable

    assert "aucune source" in blocks["notes.txt"]
    assert text.splitlines()[-1].startswith("Bilan : 4 fichier(s) : 2 chargeable(s) "
                                            "(7 lignes chargées, 3 en quarantaine), "
                                            "1 écarté(s), 1 sans source")
    for value in PERSONAL_VALUES:
        assert value not in text


def test_check_files_json_for_machines(setup, capsys):
    inbox, state, _, build = setup
    sha = _sha(build)
    assert check_files.main(["--inbox", str(inbox), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    files = {f["file"]: f for f in data["files"]}
    assert {f: files[f]["status"] for f in files} == {
        GOOD.name: "loaded", MAPPED: "loaded", UNREADABLE: "rejected", "notes.txt": "unrouted"}
    mapped = files[MAPPED]
    assert (mapped["rows_read"], mapped["rows_accepted"], mapped["rows_quarantined"]) == (4, 2, 2)
    assert mapped["personal"] == ["Demandeur", "Tél. demandeur"]
    assert [e["line"] for e in mapped["examples"]] == [4, 5, 5]
    assert files[GOOD.name]["in_warehouse"] == "loaded" and mapped["in_warehouse"] is None
    assert data["summary"]["exit_code"] == 1 and data["known_landlords"] == [LANDLORD]
    assert _sha(build) == sha and not any(state.iterdir())


def test_a_clean_inbox_exits_zero_without_a_warehouse(tmp_path, monkeypatch, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bailleur.yml").write_text(f'landlord_id: "{LANDLORD}"\n', encoding="utf-8")
    shutil.copy(GOOD, inbox / GOOD.name)
    monkeypatch.setenv("PATRIMOINE_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.delenv("BUILD_WAREHOUSE", raising=False)
    monkeypatch.setenv("PATRIMOINE_STATE_DIR", str(tmp_path / "state"))
    assert check_files.main(["--inbox", str(inbox)]) == 0
    text = capsys.readouterr().out
    assert "absent (premier chargement)" in text and f"Bailleur : {LANDLORD}" in text
    assert not (tmp_path / "warehouse").exists() and not (tmp_path / "state").exists()
