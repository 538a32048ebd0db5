"""RPLS loading: every line ends accepted or quarantined with a reason, and nothing is lost."""

from __future__ import annotations

import pytest

from orchestration.defs.patrimony.loader import load_file
from tests.support.rpls_files import dwelling, header, write_rpls


def quarantined(conn) -> dict[int, tuple[str, str, str]]:
    return {line: (col, raw, reason) for line, col, raw, reason in conn.execute(
        "select line_number, column_name, raw_value, reason from quarantine.rejected_rows"
    ).fetchall()}


@pytest.mark.parametrize(
    ("overrides", "column", "reason_part"),
    [
        ({"depcom": "33999"}, "depcom", "code commune inconnu"),
        ({"bail": "13/2019"}, "bail", "date de bail impossible"),
        ({"dpedate": "00/2022"}, "dpedate", "date de DPE impossible"),
        ({"construct": "2031"}, "construct", "année de construction impossible"),
        ({"dpeenergie": "H"}, "dpeenergie", "étiquette énergie DPE invalide"),
        ({"dpeserre": "X"}, "dpeserre", "étiquette GES DPE invalide"),
        ({"surfhab": "abc"}, "surfhab", "surface habitable"),
        ({"mode": "7"}, "mode", "mode d'occupation inconnu"),
        ({"ident_int": ""}, "ident_int", "identifiant interne du logement manquant"),
        ({"dpedate": "01/1900", "dpeenergie": "D"}, "dpeenergie", "sans date de DPE"),
    ],
)
def test_each_defect_is_quarantined_with_its_reason(tmp_path, conn, overrides, column,
                                                    reason_part):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026,
                      [dwelling(1), dwelling(2, **overrides), dwelling(3)])
    report = load_file(conn, path, "run")
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (3, 2, 1)
    col, raw, reason = quarantined(conn)[3]  # header is line 1, the bad dwelling line 3
    assert col == column and reason_part in reason
    assert raw == next(iter(overrides.values())) or column == "dpeenergie"
    raw_line = conn.execute("select raw_line from quarantine.rejected_rows").fetchone()[0]
    assert raw_line == dwelling(2, **overrides)  # nothing lost: the whole line is kept


def test_duplicate_ids_keep_the_first_and_quarantine_the_repeat(tmp_path, conn):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026,
                      [dwelling(1), dwelling(2), dwelling(3, rpls_id="3300000001")])
    load_file(conn, path, "run")
    col, raw, reason = quarantined(conn)[4]
    assert (col, raw) == ("rpls_id", "3300000001")
    assert "première occurrence ligne 2" in reason


def test_truncated_and_undecodable_lines_are_quarantined_whole(tmp_path, conn):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026,
                      [dwelling(1, nomvoie="RUE DE L'ÉGLISE"), dwelling(2), "x"], declared=4)
    with path.open("ab") as f:  # a Latin-1 line inside a UTF-8 file
        f.write(dwelling(4, nomvoie="RUE DE L'ÉGLISE").encode("latin-1") + b"\n")
    report = load_file(conn, path, "run")
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (4, 2, 2)
    rejected = quarantined(conn)
    assert "tronquée : 1 champs au lieu de 64" in rejected[4][2]
    assert "octets invalides pour l'encodage utf-8" in rejected[5][2]


def test_latin1_file_with_bom_free_header_and_decimal_commas_loads(tmp_path, conn):
    path = write_rpls(tmp_path / "RPLS_2026.txt", 2026,
                      [dwelling(1, nomvoie="ALLÉE DES PINS", surfhab="64,5")],
                      encoding="latin-1")
    report = load_file(conn, path, "run")
    assert (report.rows_accepted, report.rows_quarantined) == (1, 0)
    street, area = conn.execute("select nomvoie, surfhab from raw.rpls_dwellings").fetchone()
    assert street == "ALLÉE DES PINS" and area == "64,5"


def test_utf8_bom_is_not_part_of_the_survey_year(tmp_path, conn):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026, [dwelling(1)], bom=True)
    assert load_file(conn, path, "run").millesime == 2026


def test_loading_the_same_file_twice_changes_nothing(tmp_path, conn):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026, [dwelling(1), dwelling(2, mode="7")])
    load_file(conn, path, "run-1")
    snapshot = conn.execute("select * from raw.rpls_dwellings order by 1").fetchall()
    assert load_file(conn, path, "run-2").status == "unchanged"
    assert conn.execute("select * from raw.rpls_dwellings order by 1").fetchall() == snapshot
    assert conn.execute("select count(*) from quarantine.rejected_rows").fetchone()[0] == 1
    assert conn.execute("select count(*) from raw.source_files").fetchone()[0] == 1


def test_a_corrected_file_replaces_its_millesime(tmp_path, conn):
    load_file(conn, write_rpls(tmp_path / "a" / "rpls_2026.csv", 2026,
                               [dwelling(1), dwelling(2, mode="7")]), "run-1")
    load_file(conn, write_rpls(tmp_path / "b" / "rpls_2026_v2.csv", 2026,
                               [dwelling(1), dwelling(2), dwelling(3)]), "run-2")
    assert conn.execute("select count(*) from raw.rpls_dwellings").fetchone()[0] == 3
    assert conn.execute("select count(*) from quarantine.rejected_rows").fetchone()[0] == 0


def test_a_file_that_is_not_rpls_is_rejected_with_file_and_line(tmp_path, conn):
    path = tmp_path / "rpls_2026.csv"
    path.write_text("code;nom;surface\n1;a;2\n", encoding="utf-8")
    report = load_file(conn, path, "run")
    assert report.status == "rejected"
    assert "rpls_2026.csv, line 1" in report.message and "12 fields" in report.message
    status = conn.execute("select status, message from raw.source_files").fetchone()
    assert status[0] == "rejected" and "line 1" in status[1]


def test_header_record_count_is_read(tmp_path, conn):
    path = tmp_path / "rpls_2026.csv"
    path.write_text(header(2026, 5) + "\n" + dwelling(1) + "\n", encoding="utf-8")
    report = load_file(conn, path, "run")
    assert (report.rows_declared, report.rows_read) == (5, 1)
