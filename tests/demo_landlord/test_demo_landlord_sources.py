"""Every file of every contract source goes through the real loader: the lines it quarantines are
exactly the manifest's lines for that file, every line read is accepted or quarantined, and the
tenants' personal data present in the raw exports never reaches a table."""

from __future__ import annotations

import re
from collections import Counter

import duckdb
import pytest

from orchestration.demo_landlord import calibration as cal
from orchestration.lib.contract_loader import load_file
from orchestration.lib.landlords import FileLandlord
from orchestration.settings import REPO_ROOT
from tests.demo_landlord.source_readers import (
    CONTRACTS,
    manifest_entries,
    manifest_lines,
    read_rows,
    source_files,
)

KEY = bytes(range(32))
#: the landlord the inbox gives files without a landlord_id column (lib/landlords.py)
LANDLORD = FileLandlord("033HLM007", "seul bailleur de l'entrepôt")
BRIEF_CLASSES = {"unknown_commune", "impossible_date", "closing_before_opening", "duplicate_id",
                 "invalid_code", "out_of_range", "broken_encoding", "truncated_line",
                 "invalid_json"}
PERSONAL_COLUMNS = {  # forbidden columns the raw exports carry
    "households": {"nom", "prenom", "telephone", "email"},
    "leases": {"nom", "prenom", "telephone", "email"},
    "attributions": {"nom", "prenom"},
    "tickets": {"declarant_nom", "declarant_telephone", "commentaire_libre"},
    "satisfaction": {"verbatim"},
}


@pytest.fixture(scope="module")
def loaded(small_run):
    conn = duckdb.connect()
    conn.execute("create schema reference")
    conn.execute("create table reference.cog_communes as select * from read_csv(?, "
                 "all_varchar = true)", [str(REPO_ROOT / "data/reference/cog/communes.csv")])
    reports = {}
    for source, paths in source_files(small_run).items():
        for path in paths:
            relative = path.relative_to(small_run).as_posix()
            reports[relative] = (source, load_file(conn, CONTRACTS[source], path, "test", KEY, LANDLORD))
    yield small_run, conn, reports
    conn.close()


def test_every_contract_has_its_files(small_run):
    files = source_files(small_run)
    assert set(files) == set(CONTRACTS)
    names = {p.name for paths in files.values() for p in paths}
    for name in ("dpe_2013-2025.csv", "menages_2026.csv", "baux_2026.csv",
                 "attributions_2023-2025.csv", "quittancement_2025-01.csv", "impayes_2025.csv",
                 "tickets_2025-01.jsonl", "ascenseurs.csv", "pannes_ascenseurs_2025.csv",
                 "travaux_2020-2025.csv", "livraisons_2020-2025.csv",
                 "enquete_satisfaction_2025.xlsx", "enquete_post_intervention_2025.xlsx",
                 "engagements_cus_2025-2030.csv", "organisation.csv"):
        assert name in names, name
    assert len(files["rent_billing"]) == len(files["tickets"]) == 12


def test_quarantine_is_exactly_the_manifest(loaded):
    out, conn, reports = loaded
    listed = manifest_lines(out)
    for relative, (source, report) in reports.items():
        assert report.status == "loaded", (relative, report.message)
        assert report.rows_read == report.rows_accepted + report.rows_quarantined, relative
        name = relative.rsplit("/", 1)[-1]
        quarantined = {n for (n,) in conn.execute(
            "select distinct line_number from quarantine.rejected_rows "
            "where source = ? and file_name = ?", [source, name]).fetchall()}
        assert quarantined == listed.get(relative, set()), relative
        assert report.rows_quarantined == len(quarantined)
        assert listed.get(relative), relative  # every file carries its defects


def test_every_defect_class_of_the_brief_is_present(loaded):
    out, _, reports = loaded
    entries = [e for e in manifest_entries(out) if not e["file"].startswith("rpls_")]
    assert {e["defect_class"] for e in entries} >= BRIEF_CLASSES
    assert max(Counter((e["file"], e["line_number"]) for e in entries).values()) == 1
    per_file = Counter(e["file"] for e in entries)
    for relative, n in per_file.items():  # a small known share, never the bulk of a file
        rows = reports[relative][1].rows_read
        assert n <= max(8, 2 * cal.SOURCE_DEFECT_SHARE * rows + 3), (relative, n, rows)


def test_broken_lines_are_really_broken(small_run):
    for e in manifest_entries(small_run):
        path = small_run / e["file"]
        if e["file"].startswith("rpls_") or path.suffix == ".xlsx":
            continue
        data = path.read_bytes()
        lines = data.split(b"\n")
        raw = lines[int(e["line_number"]) - 1]
        if e["defect_class"] == "broken_encoding":
            assert path.suffix in (".jsonl", ".csv") and e["file"].startswith(("dpe", "tickets"))
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            raw.decode("cp1252")
            assert "\\x" in e["raw_value"]
        elif e["defect_class"] == "truncated_line":
            assert int(e["line_number"]) == len(lines) and not data.endswith(b"\n")
        elif e["defect_class"] == "invalid_json":
            assert path.suffix == ".jsonl" and raw.startswith(b"{'")


def test_personal_data_never_reaches_a_table(loaded):
    out, conn, reports = loaded
    listed = manifest_lines(out)

    def rows(path):
        return read_rows(path, listed.get(path.relative_to(out).as_posix(), set()))

    for source, columns in PERSONAL_COLUMNS.items():
        path = source_files(out)[source][0]
        header = set().union(*(set(r) for r in rows(path)[:200]))
        assert columns <= header, (source, header)  # in the raw export...
        table_columns = {c for (c,) in conn.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' "
            "and table_name = ?", [source]).fetchall()}
        assert not columns & table_columns, source  # ...never in the table
        assert any("données personnelles" in r.message for s, r in reports.values()
                   if s == source)
    tables = [t for (t,) in conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema in ('raw', 'quarantine')").fetchall()]
    fake = re.compile(r"@example\.org|01 99 00|06 39 98|EXEMPLE|FICTIF|SPECIMEN|Gardien ")
    for table in tables:
        text = " ".join(str(v) for row in conn.execute(f"select * from {table}").fetchall()
                        for v in row)
        assert not fake.search(text), (table, fake.search(text))
    clear_ids = {r["lease_id"] for r in rows(source_files(out)["leases"][0])[:50]}
    loaded_ids = {x for (x,) in conn.execute("select lease_id from raw.leases").fetchall()}
    assert not clear_ids & loaded_ids  # identifiers are pseudonymised
