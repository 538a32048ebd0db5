"""The RPLS loader records each file's landlord header line in raw.rpls_headers, one row per
landlord and millésime: the only place the warehouse learns the landlords' names."""

from __future__ import annotations

from orchestration.defs.patrimony.loader import load_file
from tests.support.rpls_files import LANDLORD_ID, dwelling, write_rpls


def headers(conn) -> list[tuple]:
    return conn.execute(
        "select landlord_id, millesime, company_name, trade_name, siret, declared_dwellings, "
        "_file_name from raw.rpls_headers order by millesime").fetchall()


def test_the_header_names_the_landlord_and_a_new_deposit_replaces_it(tmp_path, conn):
    write_rpls(tmp_path / "rpls_2025.csv", 2025, [dwelling(1)])
    write_rpls(tmp_path / "rpls_2026.csv", 2026, [dwelling(1), dwelling(2)])
    for name in ("rpls_2025.csv", "rpls_2026.csv"):
        assert load_file(conn, tmp_path / name, "run").status == "loaded"
    assert headers(conn) == [
        (LANDLORD_ID, 2025, "OFFICE PUBLIC DE L'HABITAT TEST", "TEST HABITAT",
         "12345678900012", 1, "rpls_2025.csv"),
        (LANDLORD_ID, 2026, "OFFICE PUBLIC DE L'HABITAT TEST", "TEST HABITAT",
         "12345678900012", 2, "rpls_2026.csv"),
    ]
    # a corrected 2026 deposit, without trade name: one 2026 row, the new one
    corrected = tmp_path / "rpls_2026_v2.csv"
    write_rpls(corrected, 2026, [dwelling(1), dwelling(2), dwelling(3)])
    text = corrected.read_text(encoding="utf-8").replace(";TEST HABITAT;", ";;", 1)
    corrected.write_text(text, encoding="utf-8")
    assert load_file(conn, corrected, "run2").status == "loaded"
    assert headers(conn)[1] == (LANDLORD_ID, 2026, "OFFICE PUBLIC DE L'HABITAT TEST", None,
                                "12345678900012", 3, "rpls_2026_v2.csv")
    assert len(headers(conn)) == 2


def test_a_file_set_aside_records_no_header(tmp_path, conn):
    path = write_rpls(tmp_path / "rpls_2026.csv", 2026, [dwelling(1)])
    path.write_text(path.read_text(encoding="utf-8").replace("2026;", "26;", 1),
                    encoding="utf-8")  # survey year not yyyy: the file is rejected
    assert load_file(conn, path, "run").status == "rejected"
    assert conn.execute("select count(*) from raw.rpls_headers").fetchone()[0] == 0
