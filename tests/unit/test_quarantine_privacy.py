"""No personal data kept in the quarantine: raw lines masked for every source, old rows purged,
and the personal-data check names the quarantined rows to purge instead of blocking forever."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from orchestration.defs.patrimony import loader as rpls_loader
from orchestration.defs.quality.personal_data import build_personal_data_check
from orchestration.lib import lineage
from orchestration.lib.contract_loader import load_file
from orchestration.lib.contracts import load_contracts
from orchestration.lib.landlords import FileLandlord
from orchestration.lib.masking import mask_line, mask_text
from orchestration.lib.quarantine_purge import purge
from tests.support.rpls_files import dwelling, write_rpls

KEY = bytes(range(32))
LANDLORD = FileLandlord("033HLM007", "seul bailleur de l'entrepôt")
CONTRACTS = load_contracts()
BREAKDOWNS = "breakdown_id;elevator_id;started_at;ended_at;cause\n"
GOOD = "P1;E1;2025-03-01 08:00;2025-03-01 12:00;usure\n"


def quarantine(conn, source):
    return conn.execute("select line_number, column_name, raw_value, raw_line "
                        "from quarantine.rejected_rows where source = ? order by 1",
                        [source]).fetchall()


@pytest.mark.parametrize(("clear", "kind"), [
    ("06 12 34 56 78", "téléphone"),
    ("+33 6.12.34.56.78", "téléphone"),
    ("m.dupont@example.fr", "e-mail"),
    ("FR76 3000 6000 0112 3456 7890 189", "IBAN"),
])
def test_a_malformed_breakdown_line_is_quarantined_masked(tmp_path, conn, clear, kind):
    path = tmp_path / "pannes.csv"
    path.write_text(BREAKDOWNS + GOOD
                    + f"P2;E2;2025-03-02 08:00;;autre;rappeler {clear} svp\n", encoding="utf-8")
    report = load_file(conn, CONTRACTS["elevator_breakdowns"], path, "run", KEY, LANDLORD)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (2, 1, 1)
    [(line, _, _, raw_line)] = quarantine(conn, "elevator_breakdowns")
    assert line == 3 and clear not in raw_line
    assert raw_line == f"P2;E2;2025-03-02 08:00;;autre;rappeler <{kind} masqué> svp"


def test_a_bad_value_holding_a_phone_is_masked_in_value_and_line(tmp_path, conn):
    path = tmp_path / "pannes.csv"
    path.write_text(BREAKDOWNS + "P2;E2;2025-03-02 08:00;;tel 0612345678 / 06-12-34-56-78\n",
                    encoding="utf-8")
    load_file(conn, CONTRACTS["elevator_breakdowns"], path, "run", KEY, LANDLORD)
    [(_, column, raw_value, raw_line)] = quarantine(conn, "elevator_breakdowns")
    assert column == "cause" and "06-12-34-56-78" not in raw_value + raw_line
    assert "<téléphone masqué>" in raw_value and "<téléphone masqué>" in raw_line


def test_a_broken_line_of_a_personal_source_keeps_its_fields_masked(tmp_path, conn):
    path = tmp_path / "menages.csv"
    path.write_text(
        "household_id;household_size;oldest_member_age_band;resources_pct_plus_ceiling;"
        "observed_on;telephone;email;nom\n"
        "M-0001;3;40_64;54,5;01/01/2026;0601020304;a@b.fr;DUPONT\n"
        "M-0002;2;75_plus;120;01/01/2026;en trop;0605060708;c@d.fr;MARTIN\n",
        encoding="utf-8")
    report = load_file(conn, CONTRACTS["households"], path, "run", KEY, LANDLORD)
    assert (report.rows_accepted, report.rows_quarantined) == (1, 1)
    [(line, _, _, raw_line)] = quarantine(conn, "households")
    assert line == 3 and raw_line is not None  # kept, so the line can be shown and fixed
    for clear in ("M-0002", "MARTIN", "0605060708", "c@d.fr"):
        assert clear not in raw_line
    assert raw_line.startswith("<masqué>;") and ";75_plus;120;01/01/2026;" in raw_line


def test_a_truncated_json_line_keeps_its_personal_keys_masked(tmp_path, conn):
    path = tmp_path / "tickets.jsonl"
    path.write_text('{"ticket_id": "T0"}\n'
                    '{"ticket_id": "T1", "declarant_nom": "Mme Durand", "declarant_tele\n',
                    encoding="utf-8")
    load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD)
    [raw_line] = [r[3] for r in quarantine(conn, "tickets") if r[0] == 2]
    assert raw_line is not None and "Durand" not in raw_line and '"ticket_id": "T1"' in raw_line


def test_a_single_quoted_json_line_keeps_its_personal_keys_masked(tmp_path, conn):
    """Not JSON (a hand-made export with Python-style quotes), quarantined whole: its names
    must not reach the quarantine either."""
    path = tmp_path / "tickets.jsonl"
    path.write_text('{"ticket_id": "T0"}\n'
                    "{'ticket_id': 'T1', 'declarant_nom': 'Zoé FICTIF', 'objet': 'fuite'}\n",
                    encoding="utf-8")
    load_file(conn, CONTRACTS["tickets"], path, "run", KEY, LANDLORD)
    [raw_line] = [r[3] for r in quarantine(conn, "tickets") if r[0] == 2]
    assert "FICTIF" not in raw_line and "'ticket_id': 'T1'" in raw_line


def test_masking_a_long_field_takes_linear_time():
    """A 200,000-character field used to take 75 s (the e-mail pattern tried from each
    letter); a load must never stall on one line. Generous bound: it takes milliseconds."""
    import time

    started = time.perf_counter()
    mask_line("x" * 200_000 + ";06 12 34 56 78", separator=";", header=["a", "b"])
    mask_text("ab" * 100_000 + "@example")
    assert time.perf_counter() - started < 5


def test_rpls_quarantined_lines_are_masked(tmp_path, conn):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026, [
        dwelling(1), dwelling(2, programme="Gardien 06 11 22 33 44", mode="7"),
        dwelling(3, programme="gardien@example.fr") + ";champ en trop"])
    report = rpls_loader.load_file(conn, path, "run")
    assert (report.rows_accepted, report.rows_quarantined) == (1, 2)
    lines = " ".join(r[3] for r in quarantine(conn, "rpls"))
    assert "06 11 22 33 44" not in lines and "gardien@example.fr" not in lines
    assert "Gardien <téléphone masqué>" in lines and "<e-mail masqué>;" in lines


def test_mask_text_leaves_ids_dates_and_amounts_alone():
    text = "33000000001;L000001;0672200639;05/2019;1 234 567,89;12345678900012"
    assert mask_text(text) == text
    assert mask_line("1;Dupont;x", separator=";", header=["id", "nom_locataire", "x"]) \
        == "1;<masqué>;x"


def _quarantine_row(conn, source, line, raw_line, months_ago, sha="sha"):
    conn.execute(
        "insert into quarantine.rejected_rows values (?, 'f.csv', ?, ?, null, null, "
        "'motif', ?, current_timestamp - to_months(?), 'run')",
        [source, sha, line, raw_line, months_ago])


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        lineage.ensure_tables(conn)
        conn.execute("create schema marts")
        conn.execute("create table marts.kpi (note varchar)")
        for source in ("tickets", "elevator_breakdowns"):
            conn.execute("insert into raw.source_files (source, file_name, file_sha256, status, "
                         "loaded_at) values (?, 'f.csv', 'sha', 'loaded', current_timestamp)",
                         [source])
        _quarantine_row(conn, "tickets", 2, "T1;vieux", 14)
        _quarantine_row(conn, "tickets", 3, "T2;récent", 1)
        _quarantine_row(conn, "elevator_breakdowns", 7, "P2;E2;appeler 06 12 34 56 78", 1)
    return path


def test_purge_erases_old_rows_and_keeps_recent_ones(warehouse):
    with duckdb.connect(str(warehouse)) as conn:
        removed = purge(conn, older_than_months=13)
        rows = conn.execute("select source, line_number, raw_line from quarantine.rejected_rows "
                            "order by source, line_number").fetchall()
    assert removed == {"tickets": 1}
    # the rows stay (file, line and reason: every file still reconciles), their content goes
    assert rows == [("elevator_breakdowns", 7, "P2;E2;appeler 06 12 34 56 78"),
                    ("tickets", 2, None), ("tickets", 3, "T2;récent")]


def test_purge_deletes_old_rows_of_a_replaced_file(warehouse):
    with duckdb.connect(str(warehouse)) as conn:
        _quarantine_row(conn, "rpls", 4, "old deposit", 20, sha="replaced")
        _quarantine_row(conn, "rpls", 5, "recent deposit", 1, sha="replaced")
        assert purge(conn, older_than_months=13) == {"rpls": 1, "tickets": 1}
        assert conn.execute("select line_number from quarantine.rejected_rows "
                            "where source = 'rpls'").fetchall() == [(5,)]


def test_purge_of_flagged_rows_erases_only_them(warehouse):
    with duckdb.connect(str(warehouse)) as conn:
        removed = purge(conn, older_than_months=13, personal_data=True)
        kept = conn.execute("select raw_line from quarantine.rejected_rows "
                            "where raw_line is not null").fetchall()
    assert removed == {"tickets": 1, "elevator_breakdowns": 1}
    assert kept == [("T2;récent",)]


def test_purge_command_prints_counts_never_values(warehouse, monkeypatch, capsys):
    from orchestration import purge_quarantine

    monkeypatch.setenv("BUILD_WAREHOUSE", str(warehouse))
    assert purge_quarantine.main(["--personal-data"]) == 0
    out = capsys.readouterr().out
    assert "elevator_breakdowns: 1" in out and "tickets: 1" in out
    assert "06 12" not in out and "vieux" not in out


def _check(path):
    check = build_personal_data_check(dg.AssetKey(["marts", "kpi"]))
    return check(warehouse=DuckDBResource(database=str(path)))


def test_a_phone_in_the_quarantine_is_a_warning_naming_the_row_and_the_purge(warehouse):
    result = _check(warehouse)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert "elevator_breakdowns f.csv ligne 7" in result.description
    assert "make purge-quarantine PERSONAL=1" in result.description
    assert "06 12" not in result.description + str(result.metadata)
    with duckdb.connect(str(warehouse)) as conn:
        purge(conn, older_than_months=13, personal_data=True)
    assert _check(warehouse).passed


def test_a_phone_in_a_mart_still_blocks(warehouse):
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("insert into marts.kpi values ('06 12 34 56 78')")
    result = _check(warehouse)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.ERROR
    assert "marts.kpi.note" in result.description
