"""A landlord's own exports load through their mapping files alone, with the same figures as
the same records in the contract's layout (data/exports/ against data/samples/)."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from orchestration.demo_landlord.exports import write_exports
from orchestration.lib.contract_loader import load_file
from orchestration.lib.contracts import load_contracts
from orchestration.lib.export_mappings import MappingError, load_mapping, mapping_for
from orchestration.lib.landlords import FileLandlord
from orchestration.lib.routing import source_of
from orchestration.settings import REPO_ROOT

KEY = bytes(range(32))
LANDLORD = FileLandlord("033HLM007", "seul bailleur de l'entrepôt")
CONTRACTS = load_contracts()
SAMPLES = REPO_ROOT / "data/samples"
EXPORTS = REPO_ROOT / "data/exports"
#: export file, the same records in the contract's layout, rows above the data it adds
CASES = [
    ("export_demandes_2025-12.csv", "tickets/tickets_2025-12.jsonl", 1),
    ("export_contrats_location_2026.csv", "leases/baux_2026.csv", 2),
    ("barometre_locataires_2025.xlsx", "satisfaction/enquete_satisfaction_2025.xlsx", 2),
]


def _rows(conn, source):
    names = [c.name for c in CONTRACTS[source].columns]
    return sorted(conn.execute(f"select {', '.join(names)} from raw.{source}").fetchall(),
                  key=repr)


def _quarantined_lines(conn, source):
    return sorted(line for (line,) in conn.execute(
        "select distinct line_number from quarantine.rejected_rows where source = ?",
        [source]).fetchall())


@pytest.mark.parametrize(("export", "sample", "offset"), CASES)
def test_a_mapped_export_loads_the_same_rows_as_the_contract_layout(conn, export, sample,
                                                                     offset):
    path = EXPORTS / export
    source = source_of(path, CONTRACTS, EXPORTS)
    assert source == sample.split("/")[0]  # routed by its mapping: no contract pattern fits
    assert not CONTRACTS[source].matches(path)
    mapping = mapping_for(path, EXPORTS, CONTRACTS)
    mapped = load_file(conn, CONTRACTS[source], path, "run", KEY, LANDLORD, mapping)

    reference = duckdb.connect()
    reference.execute("create schema reference")
    reference.execute(
        "create table reference.cog_communes as select * from read_csv(?, all_varchar=true)",
        [str(REPO_ROOT / "data/reference/cog/communes.csv")])
    expected = load_file(reference, CONTRACTS[source], SAMPLES / sample, "run", KEY, LANDLORD)

    assert mapped.status == expected.status == "loaded", mapped.message
    assert (mapped.rows_read, mapped.rows_accepted, mapped.rows_quarantined) == (
        expected.rows_read, expected.rows_accepted, expected.rows_quarantined)
    assert mapped.rows_read == mapped.rows_accepted + mapped.rows_quarantined
    assert _rows(conn, source) == _rows(reference, source)
    # the same lines quarantined, shifted by the title rows the export adds above its headings
    assert _quarantined_lines(conn, source) == [
        line + offset for line in _quarantined_lines(reference, source)]
    assert "correspondance" in mapped.message


def test_the_exports_dropped_personal_headings_and_kept_no_personal_value(conn):
    path = EXPORTS / "export_contrats_location_2026.csv"
    report = load_file(conn, CONTRACTS["leases"], path, "run", KEY, LANDLORD,
                       mapping_for(path, EXPORTS, CONTRACTS))
    assert "nom_locataire" in report.message and "tel_portable" in report.message
    text = " ".join(str(v) for row in conn.execute(
        "select * from quarantine.rejected_rows").fetchall() for v in row)
    assert "@example.org" not in text and "06 39 98" not in text


def test_a_label_the_mapping_does_not_list_is_quarantined_not_guessed(conn, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(EXPORTS / "mappings", inbox / "mappings")
    path = inbox / "export_demandes_2026-01.csv"
    lines = (EXPORTS / "export_demandes_2025-12.csv").read_bytes().split(b"\r\n")
    lines[2] = lines[2].replace("P3 - Normale (5j ouvrés)".encode(), b"P4 - Confort")
    lines[3] = lines[3].replace(b"01/12/2025 09:56", b"2025-12-01 09:56")  # not as declared
    path.write_bytes(b"\r\n".join(lines[:6]))
    load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD,
              mapping_for(path, inbox, CONTRACTS))
    rejected = conn.execute("select line_number, column_name, raw_value, reason "
                            "from quarantine.rejected_rows order by 1").fetchall()
    assert rejected[0][:3] == (3, "urgency", "P4 - Confort")
    assert "code inconnu" in rejected[0][3]
    # an ISO date is one of the contract's spellings, but not the tool's: quarantined
    assert rejected[1][:3] == (4, "opened_at", "2025-12-01 09:56")
    assert "format déclaré par la correspondance (%d/%m/%Y %H:%M)" in rejected[1][3]


def test_a_changed_mapping_reads_the_same_export_again(conn, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(EXPORTS / "mappings", inbox / "mappings")
    path = inbox / "export_demandes_2025-12.csv"
    shutil.copy(EXPORTS / path.name, path)
    first = load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD,
                      mapping_for(path, inbox, CONTRACTS))
    again = load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD,
                      mapping_for(path, inbox, CONTRACTS))
    assert (first.status, again.status) == ("loaded", "unchanged")
    mapping = inbox / "mappings/tickets.yml"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "\n# corrected\n", encoding="utf-8")
    third = load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD,
                      mapping_for(path, inbox, CONTRACTS))
    assert third.status == "loaded"


@pytest.mark.parametrize(("text", "says"), [
    ("source: tickets\nfiles: [x.csv]\ncolumns: {ticket: N}\n", "ticket n'est pas une colonne"),
    ("source: tickets\nfiles: [x.csv]\nvalues: {urgency: {Haute: U9}}\n", "code U9"),
    ("source: tickets\nfiles: [x.csv]\ndates: {opened_at: jj/mm}\n", "format strptime"),
    ("source: tickets\nfiles: [x.csv]\nformat: xls\n", "format : xls"),
    ("source: leases\nfiles: [x.csv]\n", "source: leases"),
    ("source: tickets\nfiles: [x.csv]\ncolumn: {}\n", "clé(s) inconnue(s) column"),
])
def test_a_wrong_mapping_is_refused_naming_its_key(tmp_path, text, says):
    path = tmp_path / "mappings" / "tickets.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as error:
        load_mapping(path, CONTRACTS)
    assert says in str(error.value) and "tickets.yml" in str(error.value)


def test_a_file_named_by_a_broken_mapping_is_set_aside_with_its_reason(conn, tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "mappings").mkdir(parents=True)
    (inbox / "mappings/tickets.yml").write_text(
        "source: tickets\nfiles: [export_*.csv]\ncolumns: {ticket: N}\n", encoding="utf-8")
    path = inbox / "export_demandes.csv"
    shutil.copy(EXPORTS / "export_demandes_2025-12.csv", path)
    assert source_of(path, CONTRACTS, inbox) == "tickets"
    with pytest.raises(MappingError) as error:
        mapping_for(path, inbox, CONTRACTS)
    report = load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD,
                       mapping_problem=str(error.value))
    assert report.status == "rejected" and "ticket n'est pas une colonne" in report.message


def test_the_committed_exports_are_what_the_converter_writes(tmp_path):
    for path in write_exports(SAMPLES, tmp_path):
        committed = EXPORTS / path.name
        if path.suffix == ".xlsx":  # a zip: compare what it holds, cell by cell
            from python_calamine import CalamineWorkbook

            def cells(p):
                book = CalamineWorkbook.from_path(str(p))
                return [book.get_sheet_by_name(n).to_python() for n in book.sheet_names]
            assert cells(path) == cells(committed), committed
        else:
            assert path.read_bytes() == committed.read_bytes(), committed


def test_the_pipeline_finds_each_export_under_its_mapping_s_source(tmp_path):
    from orchestration.defs.contract_assets import find_files, mapping_of

    inbox = tmp_path / "inbox"
    shutil.copytree(EXPORTS, inbox / "landlord")
    shutil.copy(SAMPLES / "leases/baux_2026.csv", inbox / "landlord")
    found = {s: [p.name for p in find_files(inbox, CONTRACTS[s])]
             for s in ("tickets", "leases", "satisfaction")}
    assert found == {"tickets": ["export_demandes_2025-12.csv"],
                     "leases": ["baux_2026.csv", "export_contrats_location_2026.csv"],
                     "satisfaction": ["barometre_locataires_2025.xlsx"]}
    assert mapping_of(inbox / "landlord/baux_2026.csv", inbox) == (None, None)
    mapping, problem = mapping_of(inbox / "landlord/export_contrats_location_2026.csv", inbox)
    assert mapping.source == "leases" and problem is None
