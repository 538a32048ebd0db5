"""A file set aside is a warning, not a stop: on a fresh install, the demo samples plus two
unreadable files named like sources (random bytes named like a tickets file, an XLSX that is
not a workbook) publish everything else; the warning names each file and its reason in
quality.check_results (the « Qualité des données » dashboard) and in the run summary, and the
file counts as no load for its source's freshness."""

from __future__ import annotations

import random
import shutil

import duckdb
import pytest

from orchestration import run
from orchestration.settings import REPO_ROOT
from tests.conftest import publish_inbox

SAMPLES = REPO_ROOT / "data" / "samples"
BAD_TICKETS = "tickets_2026-01.jsonl"   # sorted after the sample tickets_2025-12.jsonl
BAD_SURVEY = "enquete_satisfaction_2026.xlsx"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("set_aside")
    inbox = root / "inbox"
    shutil.copytree(SAMPLES, inbox)
    # bytes that are neither UTF-8 nor any 8-bit text: a corrupted or misnamed export
    noise = random.Random(15)
    (inbox / "tickets" / BAD_TICKETS).write_bytes(bytes(noise.randrange(256) for _ in range(4000)))
    (inbox / "satisfaction" / BAD_SURVEY).write_bytes(b"ceci n'est pas un classeur\n")
    result, serving = publish_inbox(root, inbox)
    return result, serving, root / "build" / "warehouse.duckdb"


def test_the_rest_publishes_on_a_fresh_install(published):
    result, serving, build = published
    blocking = [(e.asset_check_evaluation_data.check_name, e.asset_check_evaluation_data.description)
                for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
                and not e.asset_check_evaluation_data.passed
                and e.asset_check_evaluation_data.severity.value == "ERROR"]
    assert result.success, (blocking, [e.step_key for e in result.all_events
                                       if e.is_step_failure])
    assert serving.exists()
    with duckdb.connect(str(build), read_only=True) as conn:
        files = dict(conn.execute(
            "select file_name, status from raw.source_files").fetchall())
    assert files[BAD_TICKETS] == files[BAD_SURVEY] == "rejected"
    # the sources of the bad files keep the rows of their good files, the others load
    assert files["tickets_2025-12.jsonl"] == files["enquete_satisfaction_2025.xlsx"] == "loaded"
    with duckdb.connect(str(serving), read_only=True) as conn:
        published_rows = {table: conn.execute(f"select count(*) from marts.{table}").fetchone()[0]
                          for table in ("fct_ticket", "fct_survey_response", "fct_lease",
                                        "kpi_dpe_by_territory")}
    assert all(published_rows.values()), published_rows


def test_the_warning_names_each_file_in_the_check_results(published):
    _, serving, _ = published
    with duckdb.connect(str(serving), read_only=True) as conn:
        warnings = conn.execute(
            "select asset, severity, unexpected_count, examples, description "
            "from quality.check_results where check_name = 'no_file_set_aside' "
            "and status = 'failed' order by asset").fetchall()
    assert [(asset, severity, count) for asset, severity, count, _, _ in warnings] == [
        ("raw/satisfaction", "WARN", 1), ("raw/tickets", "WARN", 1)]
    (_, _, _, survey_examples, survey), (_, _, _, _, tickets) = warnings
    assert BAD_SURVEY in survey and BAD_SURVEY in survey_examples
    assert BAD_TICKETS in tickets
    # something to act on, said in French
    assert "corriger" in survey.lower() and "retirer" in survey.lower()


def test_the_run_summary_lists_each_file(published, capsys):
    result, serving, build = published
    run.report_loads(build)
    code = run.report(result, serving)
    out = capsys.readouterr().out
    assert code == 0 and f"Published: {serving}" in out
    lines = [line for line in out.splitlines() if "FILE SET ASIDE" in line]
    assert len(lines) == 2, out
    assert any(BAD_SURVEY in line and "raw/satisfaction" in line for line in lines)
    assert any(BAD_TICKETS in line and "raw/tickets" in line for line in lines)


def test_a_file_set_aside_is_no_load_for_freshness(published):
    _, serving, build = published
    with duckdb.connect(str(serving), read_only=True) as conn:
        freshness = conn.execute(
            "select files_loaded, files_set_aside, last_loaded_at, last_period "
            "from marts.gov_source_freshness where source = 'tickets'").fetchone()
    with duckdb.connect(str(build), read_only=True) as conn:
        sample = conn.execute(
            "select loaded_at, period from raw.source_files "
            "where file_name = 'tickets_2025-12.jsonl'").fetchone()
        bad = conn.execute("select loaded_at from raw.source_files "
                           "where file_name = ?", [BAD_TICKETS]).fetchone()[0]
    assert bad > sample[0]  # had the bad file counted, it would be the latest load
    assert freshness == (1, 1, *sample)
