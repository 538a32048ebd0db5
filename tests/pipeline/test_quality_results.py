"""Check results and publications are kept in the warehouse with their history, and published."""

from __future__ import annotations

import json
import re

import duckdb

from tests.support.rpls_files import dwelling, known_stock_lines, write_rpls


def test_check_results_and_publications_are_stored_and_published(pipeline_env):
    write_rpls(pipeline_env.inbox / "rpls_2026.csv", 2026, known_stock_lines())
    first = pipeline_env.run()
    assert first.success

    with duckdb.connect(str(pipeline_env.serving), read_only=True) as conn:
        checks = dict(conn.execute(
            "select check_name, status from quality.check_results").fetchall())
        publications = conn.execute(
            "select run_id, tables, total_rows, row_counts, checks_failed "
            "from quality.publications").fetchall()
    assert checks["gx_kpi_dpe_by_territory"] == "passed"
    assert checks["rpls_reconciliation"] == "passed"
    assert checks["reconciliation"] == "passed"        # the contract sources' reconciliation
    assert checks["gx_raw_dpe"] == "passed"
    assert [p[0] for p in publications] == [first.run_id]
    assert json.loads(publications[0][3])["marts.kpi_dpe_by_territory"] > 0
    reports = pipeline_env.build.parents[1] / "state" / "reports"
    dbt_docs = reports / "dbt" / "index.html"
    assert "kpi_dpe_by_territory" in dbt_docs.read_text(encoding="utf-8")
    dbt_docs_first = dbt_docs.stat().st_mtime_ns
    assert validations(reports, "raw_rpls_dwellings", first.run_id) == ["Success"]

    # An incomplete file: the reconciliation fails, nothing is published, the failure is kept.
    write_rpls(pipeline_env.inbox / "rpls_2027.csv", 2027,
               [dwelling(n) for n in range(1, 21)], declared=30)
    second = pipeline_env.run()
    with duckdb.connect(str(pipeline_env.build), read_only=True) as conn:
        failed = conn.execute(
            "select check_name, asset, severity from quality.check_results "
            "where run_id = ? and status = 'failed'", [second.run_id]).fetchall()
        runs = conn.execute("select count(distinct run_id) from quality.check_results").fetchone()
        published_runs = conn.execute("select run_id from quality.publications").fetchall()
    assert failed == [("rpls_reconciliation", "raw/rpls_dwellings", "ERROR")]
    assert runs == (2,)
    assert published_runs == [(first.run_id,)]
    with duckdb.connect(str(pipeline_env.serving), read_only=True) as conn:
        assert conn.execute("select run_id from quality.publications").fetchall() == [
            (first.run_id,)]
    # the Data Docs show this run too; the dbt docs stay those of the last good build
    # one validation per millésime batch (2026, 2027: expectations/tables.py)
    assert validations(reports, "raw_rpls_dwellings", second.run_id) == ["Success", "Success"]
    assert validations(reports, "raw_rpls_dwellings", first.run_id) == ["Success"]
    assert dbt_docs.stat().st_mtime_ns == dbt_docs_first


def validations(reports, suite: str, run_id: str) -> list[str]:
    """Outcomes listed by the GX Data Docs index for `suite` in run `run_id`."""
    index = (reports / "gx" / "index.html").read_text(encoding="utf-8")
    return re.findall(rf"validations/{suite}/{run_id}/[^']*', '_validation_success_text': "
                      r"'(\w+)'", index)
