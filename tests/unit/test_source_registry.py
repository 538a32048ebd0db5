"""One registry of sources: RPLS is a contract like the others, and one rule routes every file."""

from dataclasses import replace
from pathlib import Path

from orchestration.lib import rpls_layout
from orchestration.lib.contracts import load_contracts, load_registry
from orchestration.lib.routing import find_files, source_of

REGISTRY = load_registry()
RPLS_HEADER = "2026;123456789;OPH TEST;;;;;;;;1;\n"


def test_rpls_is_a_contract_of_the_registry_with_its_layout():
    rpls = REGISTRY["rpls"]
    assert (rpls.format, rpls.cadence, rpls.group) == ("rpls", "yearly", "patrimony")
    assert rpls.raw_table == "raw.rpls_dwellings"  # existing warehouses hold this table
    assert rpls.asset_path == ("raw", "rpls_dwellings")
    # the arrêté's layout, said once in rpls.yml and read from there by the RPLS reader
    assert len(rpls.columns) == 64 and rpls_layout.HEADER_FIELD_COUNT == 12
    assert tuple(c.name for c in rpls.columns) == rpls_layout.DWELLING_COLUMNS
    assert rpls_layout.DWELLING_FIELDS[24].name == "surfhab"  # position 25
    assert rpls_layout.SEPARATOR == ";"
    assert "landlord_id" not in {c.name for c in rpls.columns}  # its header names the landlord


def test_every_source_names_its_group_and_the_tabular_ones_are_the_contracts():
    assert all(c.group for c in REGISTRY.values())
    assert set(load_contracts()) == {s for s, c in REGISTRY.items() if not c.fixed_layout}
    assert "rpls" not in load_contracts()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_rpls_files_are_routed_by_name_like_any_source(tmp_path):
    for name in ("rpls_2026.csv", "RPLS-2025.TXT", "depot_rpls.txt"):
        assert source_of(_write(tmp_path / name, RPLS_HEADER), REGISTRY) == "rpls", name
    for name in ("rpls_2026.xlsx", "patrimoine_2026.csv"):
        assert source_of(_write(tmp_path / name, RPLS_HEADER), REGISTRY) is None, name


def test_an_rpls_file_named_like_another_source_goes_to_rpls_only(tmp_path):
    """`rpls_dpe_2026.csv` also matches the DPE pattern; it was loaded by both assets."""
    path = _write(tmp_path / "rpls_dpe_2026.csv", RPLS_HEADER)
    assert source_of(path, REGISTRY) == "rpls"
    assert find_files(tmp_path, REGISTRY["rpls"]) == [path]
    assert find_files(tmp_path, REGISTRY["dpe"]) == []
    # its name wins without reading a header: a tabular source whose columns are all
    # optional would fit any header line, the landlord line of an RPLS file included
    dpe = REGISTRY["dpe"]
    lenient = {**REGISTRY, "dpe": replace(dpe, columns=tuple(
        replace(c, required=False) for c in dpe.columns))}
    assert source_of(path, lenient) == "rpls"


def test_find_files_gives_each_file_to_one_source_in_every_sub_folder(tmp_path):
    rpls = _write(tmp_path / "oph_a" / "rpls_2026.csv", RPLS_HEADER)
    leases = _write(tmp_path / "oph_a" / "baux_2026.csv", "lease_id\n")
    _write(tmp_path / "oph_a" / "mappings" / "leases.yml", "source: leases\n")
    _write(tmp_path / "notes.csv", "x\n")
    found = {s: find_files(tmp_path, c) for s, c in REGISTRY.items()}
    assert found["rpls"] == [rpls] and found["leases"] == [leases]
    assert sum(len(files) for files in found.values()) == 2
