"""Volume change and freshness warn (never block) on a shrunk or a late delivery."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
from dagster_duckdb import DuckDBResource

from orchestration.defs.quality.source_health import build_source_health_checks
from orchestration.lib import lineage
from orchestration.lib.contracts import load_contracts


def _warehouse(tmp_path, files, source="tickets"):
    """A warehouse whose raw.source_files lists `files`: (name, rows, loaded_at[, series])."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        lineage.ensure_tables(conn)
        for name, rows, loaded_at, *series in files:
            conn.execute(
                "insert into raw.source_files (source, file_name, file_sha256, rows_accepted, "
                "status, loaded_at, series) values (?, ?, ?, ?, 'loaded', ?, ?)",
                [source, name, name, rows, loaded_at, *(series or [None])])
    return DuckDBResource(database=str(path))


def _checks(source="tickets"):
    volume, freshness = build_source_health_checks(load_contracts()[source])
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


def test_surveys_are_compared_with_the_same_survey_kind(tmp_path):
    """The triennial survey file (45,557 answers) against a post-intervention one (5,150) is
    not a volume change: each kind is compared with its own previous file."""
    now = datetime.now()
    files = [("post_2024.xlsx", 5000, now - timedelta(days=400), "post_intervention"),
             ("triennale_2025.xlsx", 45557, now - timedelta(days=2), "triennale"),
             ("post_2025.xlsx", 5150, now - timedelta(days=1), "post_intervention")]
    volume, _ = _checks("satisfaction")
    result = volume(warehouse=_warehouse(tmp_path / "a", files, "satisfaction"))
    assert result.passed, result.description
    assert "5150 lignes acceptées contre 5000" in result.description

    shrunk = [*files, ("post_2026.xlsx", 1200, now, "post_intervention")]
    result = volume(warehouse=_warehouse(tmp_path / "b", shrunk, "satisfaction"))
    assert not result.passed
    assert result.description == ("post_intervention : 1200 lignes acceptées contre 5150 "
                                  "au fichier précédent")


def test_a_file_of_a_new_series_has_nothing_to_compare(tmp_path):
    now = datetime.now()
    files = [("triennale_2022.xlsx", 40000, now - timedelta(days=900), "triennale"),
             ("post_2025.xlsx", 5150, now, "post_intervention")]
    volume, _ = _checks("satisfaction")
    result = volume(warehouse=_warehouse(tmp_path, files, "satisfaction"))
    assert result.passed and "rien à comparer" in result.description
