"""An unreadable file fails its own asset with a clear message, is set aside, and the rest loads."""

from __future__ import annotations

import duckdb

from tests.support.rpls_files import known_stock_lines, write_rpls


def test_unreadable_file_fails_alone_then_is_set_aside(pipeline_env):
    write_rpls(pipeline_env.inbox / "rpls_2026.csv", 2026, known_stock_lines())
    (pipeline_env.inbox / "rpls_2025_export.csv").write_text(
        "id;commune;dpe\n1;33063;C\n", encoding="utf-8")

    first = pipeline_env.run()
    assert not first.success
    failure = next(e for e in first.all_events if e.is_step_failure)
    assert failure.step_key == "raw__rpls_dwellings"
    message = failure.event_specific_data.error.message
    assert "rpls_2025_export.csv, line 1" in message and "12 fields" in message
    assert not pipeline_env.serving.exists()  # nothing published from a failed run
    with duckdb.connect(str(pipeline_env.build), read_only=True) as conn:
        loaded = conn.execute("select count(*) from raw.rpls_dwellings").fetchone()[0]
    assert loaded == len(known_stock_lines())  # the good file did load

    second = pipeline_env.run()  # the bad file is set aside: it warns, the rest publishes
    assert second.success and pipeline_env.serving.exists()
    warning = next(e.asset_check_evaluation_data for e in second.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"
                   and e.asset_check_evaluation_data.check_name == "rpls_no_file_set_aside")
    assert not warning.passed and "rpls_2025_export.csv" in warning.description
