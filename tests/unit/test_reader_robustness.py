"""The reader on files as they really come: encodings, quoted line breaks, binary, empty files.

Each file is either loaded (every record read is accepted or quarantined, and a record's line
number is the physical line where it starts) or set aside as a whole with a reason naming the
file: no reader exception ever escapes `load_file`, and a file set aside is not a load (the
freshness of its source counts `loaded` files only).
"""

from __future__ import annotations

import codecs
import json
import random

import pytest

from orchestration.lib.contract_loader import load_file
from orchestration.lib.contracts import load_contracts
from orchestration.lib.landlords import FileLandlord
from orchestration.lib.text_files import detect_encoding

KEY = bytes(range(32))
LANDLORD = FileLandlord("033HLM007", "seul bailleur de l'entrepôt")
CONTRACTS = load_contracts()

ELEVATORS = ("elevator_id,building_id,commissioning_year,floors_served,maintainer\n"
             "E1,B1,1990,6,Société Île-de-France\n"
             "E2,B2,2003,5,Kone\n")
TICKET = {"ticket_id": "T1", "kind": "reclamation", "dwelling_id": "L1",
          "category": "plomberie", "urgency": "U2", "opened_at": "2026-03-02T08:15:00",
          "status": "ouverte", "channel": "web"}


def load(conn, source, path):
    report = load_file(conn, CONTRACTS[source], path, "run", KEY, LANDLORD)
    recorded = conn.execute(
        "select status, rows_read, rows_accepted, rows_quarantined, encoding, message "
        "from raw.source_files where source = ? and file_name = ?",
        [source, path.name]).fetchall()
    assert len(recorded) == 1, recorded  # every file is recorded, loaded or set aside
    if report.status == "loaded":  # reconciliation: records, not physical lines
        assert report.rows_read == report.rows_accepted + report.rows_quarantined
        in_quarantine = conn.execute(
            "select count(distinct line_number) from quarantine.rejected_rows "
            "where source = ? and file_name = ?", [source, path.name]).fetchone()[0]
        assert in_quarantine == report.rows_quarantined
    return report, recorded[0]


def quarantined(conn, source):
    return conn.execute("select line_number, reason from quarantine.rejected_rows "
                        "where source = ? order by line_number", [source]).fetchall()


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"),
                                        (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom_is_read(tmp_path, conn, bom, codec):
    path = tmp_path / "ascenseurs.csv"
    path.write_bytes(bom + ELEVATORS.replace("\n", "\r\n").encode(codec))
    report, (_, _, _, _, encoding, _) = load(conn, "elevators", path)
    assert (report.status, report.rows_read, report.rows_accepted) == ("loaded", 2, 2)
    assert encoding == codec
    assert conn.execute("select maintainer from raw.elevators where elevator_id = 'E1'"
                        ).fetchone()[0] == "Société Île-de-France"


def test_utf16_json_lines_are_read(tmp_path, conn):
    path = tmp_path / "tickets_20260302.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + (json.dumps(TICKET) + "\n").encode("utf-16-le"))
    report, _ = load(conn, "tickets", path)
    assert (report.status, report.rows_accepted) == ("loaded", 1)


def test_broken_utf16_is_set_aside_naming_the_encoding(tmp_path, conn):
    path = tmp_path / "ascenseurs.csv"
    # a lone high surrogate: not UTF-16 text, whatever the BOM says
    path.write_bytes(codecs.BOM_UTF16_LE + ELEVATORS.encode("utf-16-le") + b"\x00\xd8a\x00")
    report, (status, *_, message) = load(conn, "elevators", path)
    assert report.status == status == "rejected"
    assert "ascenseurs.csv" in message and "UTF-16" in message


def test_quoted_separator_and_line_break_load_whole_elevators(tmp_path, conn):
    path = tmp_path / "ascenseurs.csv"
    path.write_text(
        "elevator_id,building_id,commissioning_year,floors_served,maintainer\n"
        'E1,B1,1990,6,"Otis, agence\nNord"\n'
        "E2,B2,2003,5,Kone\n"
        '"E3",B3,2010,4,"Schindler\r\n\r\nSud"\n'
        "E4,B4,2011,3,Kone\n", encoding="utf-8", newline="")
    report, _ = load(conn, "elevators", path)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (4, 4, 0)
    rows = conn.execute("select elevator_id, maintainer, _line_number from raw.elevators "
                        "order by 1").fetchall()
    assert rows == [("E1", "Otis, agence\nNord", 2), ("E2", "Kone", 4),
                    ("E3", "Schindler\r\n\r\nSud", 5), ("E4", "Kone", 8)]


def test_quoted_separator_and_line_break_load_whole_commitments(tmp_path, conn):
    path = tmp_path / "engagements_cus.csv"
    path.write_text(
        "indicator_code;indicator_label;territory_level;territory_code;year;target;"
        "target_type;unit;origin\n"
        'PP-1;"Logements ; rénovés\nen DPE A-C";organisme;033HLM007;2026;120;plancher;'
        "nombre;CUS\n"
        "PP-2;Attributions;organisme;033HLM007;2026;25,5;plancher;pourcentage;CUS\n"
        'G-1;"sur\ndeux\nlignes";organisme;033HLM007;2027;1;plafond;ratio;CUS\n'
        "G-2;Seule;organisme;033HLM007;2027;2;plafond;oops;CUS\n", encoding="cp1252")
    report, _ = load(conn, "commitments", path)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (4, 3, 1)
    labels = conn.execute("select indicator_code, indicator_label, _line_number "
                          "from raw.commitments order by _line_number").fetchall()
    assert labels == [("PP-1", "Logements ; rénovés\nen DPE A-C", 2),
                      ("PP-2", "Attributions", 4), ("G-1", "sur\ndeux\nlignes", 5)]
    assert [line for line, _ in quarantined(conn, "commitments")] == [8]


def test_an_unclosed_quote_loses_no_line(tmp_path, conn):
    path = tmp_path / "ascenseurs.csv"
    path.write_text("elevator_id,building_id,commissioning_year,floors_served,maintainer\n"
                    'E1,B1,1990,6,"Otis\n'
                    "E2,B2,2003,5,Kone\n"
                    "E3,B3,2004,5,Kone\n", encoding="utf-8")
    report, _ = load(conn, "elevators", path)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (3, 2, 1)
    (line, reason), = quarantined(conn, "elevators")
    assert line == 2 and "guillemet" in reason


def test_an_unclosed_quote_beyond_the_csv_field_limit_loses_no_line(tmp_path, conn):
    """The quote swallows more than csv.field_size_limit() characters: csv.Error, recovered."""
    path = tmp_path / "ascenseurs.csv"
    lines = [f"E{i},B{i},2004,5,Kone Ascenseurs Maintenance Nord-Est" for i in range(3, 4003)]
    path.write_text(ELEVATORS + 'E0,B0,2004,5,"Otis\n' + "\n".join(lines) + "\n",
                    encoding="utf-8")
    report, _ = load(conn, "elevators", path)
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (4003, 4002, 1)
    (line, reason), = quarantined(conn, "elevators")
    assert line == 4 and "guillemet" in reason
    assert conn.execute("select max(_line_number) from raw.elevators").fetchone()[0] == 4004


@pytest.mark.parametrize("source, name", [("tickets", "tickets_20260302.jsonl"),
                                          ("elevators", "ascenseurs.csv")])
def test_random_bytes_are_set_aside_and_are_no_load(tmp_path, conn, source, name):
    path = tmp_path / name
    path.write_bytes(random.Random(15).randbytes(6000))
    report, (status, read, *_, message) = load(conn, source, path)
    assert report.status == status == "rejected" and read == 0
    assert name in message and "binaire" in message
    assert conn.execute("select count(*) from raw.source_files where status = 'loaded'"
                        ).fetchone()[0] == 0  # freshness counts loaded files only


def test_json_lines_file_without_any_object_is_set_aside(tmp_path, conn):
    path = tmp_path / "tickets_20260302.jsonl"
    path.write_text(ELEVATORS, encoding="utf-8")
    report, (status, *_, message) = load(conn, "tickets", path)
    assert report.status == status == "rejected" and "JSON" in message


def test_cp1252_file_with_one_utf8_decodable_line_is_cp1252(tmp_path, conn):
    lines = [f"E{i},B{i},1990,6,Société € n°{i}" for i in range(1, 61)]
    lines[30] = "E31,B31,1990,6,SociÃ©tÃ©"  # bytes C3 A9: valid UTF-8 for "é"
    path = tmp_path / "ascenseurs.csv"
    path.write_bytes(("elevator_id,building_id,commissioning_year,floors_served,maintainer\n"
                      + "\n".join(lines) + "\n").encode("cp1252"))
    assert detect_encoding(path) == "cp1252"
    report, (_, _, _, _, encoding, _) = load(conn, "elevators", path)
    assert (report.rows_read, report.rows_accepted) == (60, 60) and encoding == "cp1252"
    values = dict(conn.execute("select elevator_id, maintainer from raw.elevators").fetchall())
    assert values["E1"] == "Société € n°1"  # 0x80 is € in Windows-1252, a control in Latin-1
    assert values["E31"] == "SociÃ©tÃ©"


def test_utf8_file_with_one_broken_line_keeps_utf8_and_quarantines_it(tmp_path, conn):
    path = tmp_path / "ascenseurs.csv"
    path.write_bytes(ELEVATORS.encode("utf-8") + "E3,B3,2004,5,Thyssen Réunion\n"
                     .encode("cp1252") + "E4,B4,2005,5,Émeraude\n".encode("utf-8"))
    report, (_, _, _, _, encoding, _) = load(conn, "elevators", path)
    assert encoding == "utf-8"
    assert (report.rows_read, report.rows_accepted, report.rows_quarantined) == (4, 3, 1)
    assert quarantined(conn, "elevators") == [
        (4, "ligne illisible : octets invalides pour l'encodage utf-8")]


@pytest.mark.parametrize("separator", [",", ";"])
def test_utf8_with_bom(tmp_path, conn, separator):
    path = tmp_path / "ascenseurs.csv"
    path.write_text(ELEVATORS.replace(",", separator), encoding="utf-8-sig")
    report, (*_, encoding, _) = load(conn, "elevators", path)
    assert (report.rows_read, report.rows_accepted) == (2, 2) and encoding == "utf-8"
    assert conn.execute("select count(*) from raw.elevators where elevator_id = 'E1'"
                        ).fetchone()[0] == 1


def test_json_lines_with_bom(tmp_path, conn):
    path = tmp_path / "tickets_20260302.jsonl"
    path.write_text(json.dumps(TICKET) + "\n", encoding="utf-8-sig")
    report, _ = load(conn, "tickets", path)
    assert (report.rows_read, report.rows_accepted) == (1, 1)


@pytest.mark.parametrize("source, name, content", [
    ("elevators", "ascenseurs.csv", b""),
    ("elevators", "ascenseurs.csv", codecs.BOM_UTF8 + b"\r\n \n"),
    ("tickets", "tickets_20260302.jsonl", b""),
    ("tickets", "tickets_20260302.jsonl", b"\n\n"),
])
def test_empty_file_is_set_aside(tmp_path, conn, source, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    report, (status, *_, message) = load(conn, source, path)
    assert report.status == status == "rejected"
    assert name in message and "vide" in message


def test_header_only_file_loads_zero_rows(tmp_path, conn):
    path = tmp_path / "ascenseurs.csv"
    path.write_text(ELEVATORS.splitlines()[0] + "\n", encoding="utf-8")
    report, (status, read, accepted, quarantined_, *_) = load(conn, "elevators", path)
    assert (report.status, read, accepted, quarantined_) == ("loaded", 0, 0, 0)


def test_blank_lines_are_not_records(tmp_path, conn):
    path = tmp_path / "ascenseurs.csv"
    path.write_text(ELEVATORS.replace("\n", "\n\n  \n"), encoding="utf-8")
    report, _ = load(conn, "elevators", path)
    assert (report.rows_read, report.rows_accepted) == (2, 2)
    assert conn.execute("select _line_number from raw.elevators order by 1").fetchall() == [
        (4,), (7,)]
