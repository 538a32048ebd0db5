"""Inbox files go to the right source, by name and, when names collide, by header."""

from orchestration.lib.contracts import load_contracts
from orchestration.lib.routing import source_of

CONTRACTS = load_contracts()


def test_name_decides_when_one_contract_matches(tmp_path):
    path = tmp_path / "menages_2026.csv"
    path.write_text("x\n", encoding="utf-8")
    assert source_of(path, CONTRACTS) == "households"
    other = tmp_path / "notes_de_reunion.csv"
    other.write_text("x\n", encoding="utf-8")
    assert source_of(other, CONTRACTS) is None


def test_header_decides_between_colliding_patterns(tmp_path):
    breakdowns = tmp_path / "pannes_ascenseurs_2026.csv"
    breakdowns.write_text("breakdown_id;elevator_id;started_at;ended_at;cause\n",
                          encoding="utf-8")
    inventory = tmp_path / "ascenseurs_pannes_parc.csv"
    inventory.write_text("elevator_id,building_id,commissioning_year\n", encoding="utf-8")
    assert source_of(breakdowns, CONTRACTS) == "elevator_breakdowns"
    assert source_of(inventory, CONTRACTS) == "elevators"
