"""The blocking personal-data check catches a planted e-mail, phone, IBAN or identifier column."""

from __future__ import annotations

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from orchestration.defs.quality.personal_data import build_personal_data_check, redact, scan


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema marts; create schema reference; create schema raw")
        conn.execute("create table marts.kpi (commune_code varchar, note varchar, n integer)")
        conn.execute("insert into marts.kpi values ('33063', 'RAS', 3), ('75056', null, 1)")
        conn.execute("create table reference.cog_communes (code varchar, nom varchar)")
        conn.execute("insert into reference.cog_communes values ('33063', 'Bordeaux')")
        conn.execute("create table raw.rpls_dwellings (rpls_id varchar)")
        conn.execute("insert into raw.rpls_dwellings values ('0672200639')")  # RPLS id, no phone
    return path


def _run(path):
    check = build_personal_data_check(dg.AssetKey(["marts", "kpi"]))
    return check(warehouse=DuckDBResource(database=str(path)))


def test_a_clean_warehouse_passes(warehouse):
    assert _run(warehouse).passed


@pytest.mark.parametrize(("value", "kind"), [
    ("contact: ysoline.dupontellier@example.fr", "e-mail"),
    ("06 01 02 03 04", "téléphone"),
    ("0601020304", "téléphone"),
    ("+33 6 01 02 03 04", "téléphone"),
    ("FR7630006000011234567890189", "IBAN"),
])
def test_a_planted_identifier_is_caught_without_being_echoed(warehouse, value, kind):
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("update marts.kpi set note = ? where commune_code = '75056'", [value])
    result = _run(warehouse)
    assert not result.passed
    assert "marts.kpi.note" in result.description and kind in result.description
    assert value not in result.description
    assert value not in str(result.metadata)


def test_an_identifier_column_name_is_caught(warehouse):
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("alter table marts.kpi add column prenom varchar")
        findings = scan(conn)
    assert [(f["table"], f["column"]) for f in findings] == [("marts.kpi", "prenom")]


def test_redact_masks_identifiers_in_stored_examples():
    text = redact("['note: jean.dupont@example.fr', 'tel: 06 01 02 03 04']")
    assert "example.fr" not in text and "06 01" not in text
