"""Write → audit → publish: a failing blocking check leaves the serving copy untouched."""

from __future__ import annotations

import hashlib

import duckdb

from tests.support.rpls_files import dwelling, known_stock_lines, write_rpls


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_incomplete_file_blocks_the_publish_and_keeps_the_last_good_data(pipeline_env):
    write_rpls(pipeline_env.inbox / "rpls_2026.csv", 2026, known_stock_lines())
    assert pipeline_env.run().success
    before = _digest(pipeline_env.serving)

    # Next year's file declares 30 dwellings in its header but holds 20 lines: incomplete.
    write_rpls(pipeline_env.inbox / "rpls_2027.csv", 2027,
               [dwelling(n) for n in range(1, 21)], declared=30)
    result = pipeline_env.run()

    failed = [e.asset_check_evaluation_data for e in result.all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION"
              and not e.asset_check_evaluation_data.passed]
    assert [c.check_name for c in failed] == ["rpls_reconciliation"]
    assert "déclare 30 logements" in failed[0].description
    published = [e for e in result.all_events
                 if e.is_step_materialization and e.asset_key.path == ["serving", "warehouse"]]
    assert published == []
    assert _digest(pipeline_env.serving) == before
    with duckdb.connect(str(pipeline_env.serving), read_only=True) as conn:
        years = conn.execute(
            "select distinct millesime from marts.kpi_dpe_by_territory").fetchall()
    assert years == [(2026,)]


def test_failing_gx_suite_blocks_the_publish(pipeline_env, monkeypatch, capsys):
    """A mart that breaks its GX suite is not published (the suite is made stricter here)."""
    import great_expectations as gx

    from expectations.suites import kpi_dpe_by_territory as suite_module

    write_rpls(pipeline_env.inbox / "rpls_2026.csv", 2026, known_stock_lines())
    original = suite_module.build_suite

    def stricter():  # a new suite: add_expectation would need an active GX context
        suite = original()
        return gx.ExpectationSuite(name=suite.name, expectations=[
            *suite.expectations,
            gx.expectations.ExpectColumnValuesToBeInSet(
                column="dpe_class", value_set=["A", "B", "C", "D", "E"])])

    monkeypatch.setattr(suite_module, "build_suite", stricter)
    result = pipeline_env.run()
    failed = [e.asset_check_evaluation_data.check_name for e in result.all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION"
              and not e.asset_check_evaluation_data.passed]
    assert failed == ["gx_kpi_dpe_by_territory"]
    assert not pipeline_env.serving.exists()
    # the GX Data Docs of the run name the failing suite and link its failed validation
    from tests.pipeline.test_quality_results import validations

    reports = pipeline_env.build.parents[1] / "state" / "reports"
    assert validations(reports, "kpi_dpe_by_territory", result.run_id) == ["Failed"]
    assert validations(reports, "kpi_decarbonation", result.run_id) == ["Success"]
    # the summary `make pipeline` prints names the failing check and exits non-zero
    from orchestration.run import report

    capsys.readouterr()
    assert report(result, pipeline_env.serving) == 1
    printed = capsys.readouterr().out
    assert "FAILED CHECK marts/kpi_dpe_by_territory:gx_kpi_dpe_by_territory" in printed
    assert "NOT published" in printed
