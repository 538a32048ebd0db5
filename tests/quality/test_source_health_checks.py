"""Volume change and freshness warn (never block) on a shrunk or a late delivery."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
from dagster_duckdb import DuckDBResource

from orchestration.defs.quality.source_health import build_source_health_checks
from orchestration.lib import lineage
from orchestration.lib.contracts import load_contracts


def _warehouse(tmp_path, files):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        lineage.ensure_tables(conn)
        for name, rows, loaded_at in files:
            conn.execute(
                "insert into raw.source_files (source, file_name, file_sha256, rows_accepted, "
                "status, loaded_at) values ('tickets', ?, ?, ?, 'loaded', ?)",
                [name, name, rows, loaded_at])
    return DuckDBResource(database=str(path))


def _checks():
    volume, freshness = build_source_health_checks(load_contracts()["tickets"])
    return volume, freshness


def test_steady_and_fresh_deliveries_pass(tmp_path):
    now = datetime.now()
    warehouse = _warehouse(tmp_path, [("a", 100, now - timedelta(days=1)), ("b", 120, now)])
    volume, freshness = _checks()
    assert volume(warehouse=warehouse).passed
    assert freshness(warehouse=warehouse).passed


def test_a_halved_and_late_delivery_warns(tmp_path):
    old = datetime.now() - timedelta(days=10)   # tickets are daily
    warehouse = _warehouse(tmp_path, [("a", 100, old - timedelta(days=1)), ("b", 30, old)])
    volume, freshness = _checks()
    v, f = volume(warehouse=warehouse), freshness(warehouse=warehouse)
    assert not v.passed and v.severity.value == "WARN" and "30" in v.description
    assert not f.passed and f.severity.value == "WARN"
    assert not volume.check_specs_by_output_name[next(iter(
        volume.check_specs_by_output_name))].blocking
