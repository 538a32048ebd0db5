"""An unreadable file is set aside with a warning naming it; the rest loads and publishes, from
the first run on; the warning ends once the file leaves the inbox."""

from __future__ import annotations

import duckdb

from tests.support.rpls_files import known_stock_lines, write_rpls


def set_aside_check(result):
    return next(e.asset_check_evaluation_data for e in result.all_events
                if e.event_type_value == "ASSET_CHECK_EVALUATION"
                and e.asset_check_evaluation_data.check_name == "rpls_no_file_set_aside")


def test_unreadable_file_is_set_aside_and_the_rest_publishes(pipeline_env):
    write_rpls(pipeline_env.inbox / "rpls_2026.csv", 2026, known_stock_lines())
    bad = pipeline_env.inbox / "rpls_2025_export.csv"
    bad.write_text("id;commune;dpe\n1;33063;C\n", encoding="utf-8")

    first = pipeline_env.run()
    assert first.success and pipeline_env.serving.exists()
    warning = set_aside_check(first)
    assert not warning.passed and warning.severity.value == "WARN"
    assert "rpls_2025_export.csv, line 1" in warning.description
    assert "12 fields" in warning.description
    with duckdb.connect(str(pipeline_env.build), read_only=True) as conn:
        loaded = conn.execute("select count(*) from raw.rpls_dwellings").fetchone()[0]
    assert loaded == len(known_stock_lines())  # the good file did load

    bad.unlink()  # removed: nothing left to act on, no warning
    second = pipeline_env.run()
    assert second.success and set_aside_check(second).passed
