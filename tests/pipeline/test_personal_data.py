"""No direct identifier of a tenant reaches any warehouse table, raw or published."""

from __future__ import annotations

import json

import duckdb

from tests.support.rpls_files import known_stock_lines, write_rpls

CLEAR_VALUES = ["MEN-000017", "MEN-000018", "BAIL-0042", "DUPONTELLIER", "Ysoline", "0601020304",
                "ysoline.dupontellier@example.fr", "FR7630006000011234567890189", "R-0077"]


def _write_tenancy_files(inbox):
    (inbox / "menages_2026.csv").write_text(
        "household_id;household_size;oldest_member_age_band;resources_pct_plus_ceiling;"
        "observed_on;nom;prenom;telephone;email;iban\n"
        "MEN-000017;2;65_74;48,0;01/01/2026;DUPONTELLIER;Ysoline;0601020304;"
        "ysoline.dupontellier@example.fr;FR7630006000011234567890189\n"
        "MEN-000018;0;40_64;80;01/01/2026;DUPONTELLIER;Ysoline;0601020304;x@example.fr;FR76\n",
        encoding="utf-8")
    (inbox / "baux_2026.csv").write_text(
        "lease_id;dwelling_id;household_id;start_date;end_date;monthly_rent;monthly_charges\n"
        "BAIL-0042;L000001;MEN-000017;01/05/2019;;420,00;80\n", encoding="utf-8")
    (inbox / "tickets_20260105.jsonl").write_text(json.dumps({
        "ticket_id": "T1", "kind": "reclamation", "dwelling_id": "L000001",
        "category": "plomberie", "urgency": "U2", "opened_at": "2026-01-05T08:00:00",
        "status": "ouverte", "channel": "telephone", "declarant_nom": "DUPONTELLIER Ysoline",
        "declarant_telephone": "0601020304", "declarant_email": "ysoline.dupontellier@example.fr",
    }) + "\n", encoding="utf-8")


def _all_values(database) -> str:
    with duckdb.connect(str(database), read_only=True) as conn:
        tables = conn.execute(
            "select schema_name, table_name from duckdb_tables()").fetchall()
        chunks = [f"{s}.{t}" for s, t in tables]
        for schema, table in tables:
            for row in conn.execute(f'select * from "{schema}"."{table}"').fetchall():
                chunks.extend(str(v) for v in row)
    return "\n".join(chunks)


def test_no_tenant_identifier_in_any_table(pipeline_env):
    write_rpls(pipeline_env.inbox / "rpls_2026.csv", 2026, known_stock_lines())
    _write_tenancy_files(pipeline_env.inbox)
    result = pipeline_env.run()
    assert result.success
    for database in (pipeline_env.build, pipeline_env.serving):
        values = _all_values(database)
        found = [v for v in CLEAR_VALUES if v in values]
        assert found == [], f"{database.name} holds {found}"
    with duckdb.connect(str(pipeline_env.build), read_only=True) as conn:
        # the rows are there, under pseudonyms: nothing was silently dropped
        assert conn.execute("select count(*) from raw.households").fetchone()[0] == 1
        assert conn.execute("select count(*) from quarantine.rejected_rows "
                            "where source = 'households'").fetchone()[0] == 1
        lease_household = conn.execute("select household_id from raw.leases").fetchone()[0]
        household = conn.execute("select household_id from raw.households").fetchone()[0]
    assert lease_household == household  # the same pseudonym joins leases to households
