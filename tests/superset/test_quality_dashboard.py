"""« Qualité des données » and « Données au » through Superset's REST API, against the
warehouse: the build warehouse (quarantine, lineage) and the serving copy (publications,
check results) queried directly with DuckDB, on the demo landlord's published warehouse."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from orchestration.lib.contracts import load_contracts
from tests.superset.test_executive_dashboards import DASHBOARDS, DATA_DATE, EMPTY_ON_A_CLEAN_RUN
from tests.superset.test_superset_api import chart_data
from tests.support.warehouse import query

pytestmark = pytest.mark.superset

TITLE = "Qualité des données"
GOVERNANCE_MARTS = ("gov_file_reconciliation", "gov_quarantine_by_reason",
                    "gov_source_freshness")


@pytest.fixture(scope="module")
def build_warehouse(serving_warehouse: Path) -> Path:
    """The build warehouse the demo's serving copy was published from (publish_inbox layout:
    <root>/serving/warehouse.duckdb and <root>/build/warehouse.duckdb)."""
    build = serving_warehouse.parent.parent / "build" / "warehouse.duckdb"
    assert build.exists(), build
    return build


@pytest.fixture(scope="module")
def quality(superset_api) -> dict[str, list[dict]]:
    dashboard = superset_api.dashboard(TITLE)
    assert dashboard["published"] is True and dashboard["slug"] == "qualite-des-donnees"
    return {c["slice_name"]: chart_data(superset_api, c)
            for c in superset_api.dashboard_charts(dashboard["id"])}


def test_the_dashboard_has_every_chart_and_each_answers(quality):
    assert set(quality) == DASHBOARDS[TITLE]
    # every chart of it holds rows on the demo (its files carry defects: quarantine), but the
    # list of failed and warning checks, which a clean run leaves empty
    assert {name for name, rows in quality.items() if not rows} == EMPTY_ON_A_CLEAN_RUN


def test_quarantined_lines_by_source_equal_the_quarantine(quality, build_warehouse):
    expected = dict(query(build_warehouse, """
        select coalesce(c.source_title, q.source), count(distinct (q.file_sha256, q.line_number))
        from quarantine.rejected_rows q
        left join reference.source_cadences c using (source)
        group by all"""))
    assert sum(expected.values()) > 0, "the demo landlord's files carry defects"
    by_source = {r["source_title"]: r["lignes_quarantaine"]
                 for r in quality["Lignes en quarantaine par source"]}
    assert {s: n for s, n in by_source.items() if n} == expected
    assert quality["Lignes en quarantaine"] == [
        {"lignes_quarantaine": sum(expected.values())}]


def test_quarantine_reasons_are_counts_only(quality, build_warehouse, serving_warehouse):
    reasons = quality["Motifs de quarantaine"]
    assert {tuple(r) for r in reasons} <= {
        ("source_title", "column_name", "reason", "lignes_rejetees")}
    lines = dict(query(build_warehouse, """
        select source, count(distinct (file_sha256, line_number))
        from quarantine.rejected_rows group by source"""))
    by_source = dict(query(serving_warehouse, """
        select source, sum(rejected_lines) from marts.gov_quarantine_by_reason group by 1"""))
    # a line rejected for two reasons counts under each: never fewer than the lines
    assert set(by_source) == set(lines) and all(by_source[s] >= lines[s] for s in lines)
    # personal data: no raw value nor rejected line reaches the published governance marts
    raw = {v for (v,) in query(build_warehouse, """
        select distinct raw_line from quarantine.rejected_rows where length(raw_line) > 8
        union select distinct raw_value from quarantine.rejected_rows
        where length(raw_value) > 8 and not regexp_matches(raw_value, '^[0-9 ./:-]+$')""")}
    assert raw, "the demo's rejected lines should be long enough to look for"
    for mart in GOVERNANCE_MARTS:
        columns = [c for (c,) in query(serving_warehouse, """
            select column_name from duckdb_columns() where schema_name = 'marts'
            and table_name = ? and data_type = 'VARCHAR'""", [mart])]
        assert not {"raw_value", "raw_line"} & set(columns)
        cells = {v for c in columns for (v,) in query(
            serving_warehouse, f'select distinct "{c}" from marts.{mart}') if v}
        assert not cells & raw, mart


def test_reconciliation_per_file_equals_the_lineage_table(quality, build_warehouse):
    expected = {(name, read, accepted, quarantined) for name, read, accepted, quarantined in query(
        build_warehouse, "select file_name, coalesce(rows_read, 0), coalesce(rows_accepted, 0), "
        "coalesce(rows_quarantined, 0) from raw.source_files")}
    rows = quality["Rapprochement par fichier"]
    assert {(r["file_name"], r["rows_read"], r["rows_accepted"], r["rows_quarantined"])
            for r in rows} == expected
    assert len(rows) == len(expected)
    # the pipeline published, so its blocking reconciliation held for every loaded file
    assert {r["rapprochement"] for r in rows if r["status"] == "chargé"} == {"✅ rapproché"}


def test_freshness_lists_every_expected_source(quality, build_warehouse):
    rows = quality["Fraîcheur des sources"]
    titles = {c.title for c in load_contracts().values()} | {"Patrimoine (RPLS)"}
    assert {r["source_title"] for r in rows} == titles
    received = {s for (s,) in query(build_warehouse, """
        select distinct coalesce(c.source_title, f.source) from raw.source_files f
        left join reference.source_cadences c using (source) where f.status = 'loaded'""")}
    for r in rows:
        # the demo files were all loaded minutes ago: received sources are up to date
        expected = "🟢 à jour" if r["source_title"] in received else "⚪ jamais reçu"
        assert r["statut_affiche"] == expected, r
    late = sum(1 for r in rows if r["statut_affiche"] != "🟢 à jour")
    assert quality["Sources en retard ou jamais reçues"] == [{"sources_en_retard": late}]


def test_checks_of_the_last_run_equal_the_check_results(quality, superset_server):
    warehouse = superset_server.warehouse
    [(last_run,)] = query(warehouse, "select run_id from quality.check_results "
                                     "order by evaluated_at desc limit 1")
    not_passed = query(warehouse, """
        select asset, check_name, severity from quality.check_results
        where run_id = ? and status <> 'passed'""", [last_run])
    # A clean demo is clean: no check a governance officer would have to explain away (the
    # planted defects are quarantined lines, not failed checks).
    assert not_passed == [], "the demo's run raised warnings or failures"
    shown = quality["Contrôles en échec ou en avertissement"]
    label = {"WARN": "avertissement", "ERROR": "échec bloquant"}
    assert sorted((r["asset"], r["check_name"], r["resultat"]) for r in shown) == sorted(
        (a, c, label[s]) for a, c, s in not_passed)
    blocking = sum(1 for *_, s in not_passed if s == "ERROR")
    assert quality["Échecs bloquants (dernière exécution)"] == [{"echecs_bloquants": blocking}]
    assert quality["Avertissements (dernière exécution)"] == [
        {"avertissements": len(not_passed) - blocking}]

    runs = {r["run_id"]: r for r in quality["Exécutions du pipeline"]}
    counts = dict(query(warehouse, "select run_id, count(*) from quality.check_results "
                                   "group by 1"))
    assert {k: r["controles"] for k, r in runs.items()} == counts
    published = {r for (r,) in query(warehouse, "select run_id from quality.publications")}
    assert {k for k, r in runs.items() if r["publication"] == "publiée"} == published
    assert runs[last_run]["publication"] == "publiée"
    by_result = {r["execution"]: r for r in quality["Contrôles par résultat et par exécution"]}
    assert sum(v or 0 for r in by_result.values() for k, v in r.items()
               if k != "execution") == sum(counts.values())


def _published_at(warehouse: Path) -> datetime:
    [(published_at,)] = query(warehouse, "select max(published_at) from quality.publications")
    return published_at


def test_data_date_on_every_dashboard_is_the_last_publication(superset_api, superset_server):
    expected = _published_at(superset_server.warehouse)
    for title in DASHBOARDS:
        dashboard = superset_api.dashboard(title)
        [chart] = [c for c in superset_api.dashboard_charts(dashboard["id"])
                   if c["slice_name"] == DATA_DATE]
        [row] = chart_data(superset_api, chart)
        shown = datetime.fromtimestamp(row["derniere_publication"] / 1000, tz=UTC)
        assert abs((shown - expected).total_seconds()) < 1, title
        assert chart["form_data"]["time_format"] == "%d/%m/%Y", title  # French date
