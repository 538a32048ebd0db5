"""The grain of every KPI mart is declared once, in its YAML (`config: meta: grain`), and the
dbt test `unique_grain` reads it from there (issue 14): no key repeated by hand in a uniqueness
test. Checked on the manifest dbt writes, and by running the real test on a tiny warehouse: it
passes on one row per grain, fails on a grain too coarse for the rows, and refuses at compile
time a model that declares no grain.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
DBT_PROJECT = REPO / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
HAND_WRITTEN_KEYS = {"unique", "unique_combination_of_columns"}


def _dbt(*args: str, project: Path, target: Path, env: dict | None = None):
    return subprocess.run(
        [str(DBT), *args, "--project-dir", str(project), "--profiles-dir", str(project),
         "--target-path", str(target), "--log-path", str(target / "logs")],
        check=False, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def test_every_kpi_mart_declares_its_grain_and_is_tested_on_it(tmp_path):
    result = _dbt("parse", "--quiet", project=DBT_PROJECT, target=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    nodes = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    marts = [n for n in nodes.values() if n["resource_type"] == "model"
             and n["name"].startswith("kpi_")]
    assert len(marts) >= 11
    for mart in marts:
        grain = mart["config"]["meta"].get("grain")
        assert grain, f"{mart['name']} declares no config: meta: grain"
        assert set(grain) <= set(mart["columns"]), (mart["name"], grain)
        if "landlord_id" in mart["columns"]:  # the landlord leads every business key
            assert "landlord_id" in grain, (mart["name"], grain)
        tests = [n["test_metadata"]["name"] for n in nodes.values()
                 if n["resource_type"] == "test" and n.get("test_metadata")
                 and n.get("attached_node") == mart["unique_id"]]
        assert tests.count("unique_grain") == 1, (mart["name"], tests)
        assert not HAND_WRITTEN_KEYS & set(tests), (mart["name"], tests)


def _drop_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(line) == 1, (path, line)
    path.write_text(text.replace(line, ""), encoding="utf-8")


def test_unique_grain_passes_fails_on_a_coarse_grain_and_needs_a_grain(tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns(
        "target", "logs", "dbt_packages"))
    service = project / "models" / "marts" / "service"
    # a grain without the urgency: two urgencies of one segment are two rows of one grain
    complaints = service / "kpi_service_complaints.yml"
    text = complaints.read_text(encoding="utf-8")
    assert "financing_label, urgency]" in text
    complaints.write_text(text.replace("financing_label, urgency]", "financing_label]", 1),
                          encoding="utf-8")
    _drop_line(service / "kpi_satisfaction.yml", "      meta:\n        grain: [year, "
               "commune_code, landlord_id, agence_code, qpv_label, financing_label, survey, "
               "theme]\n")
    warehouse = tmp_path / "warehouse.duckdb"
    segment = "2025 as year, '33063' as commune_code, '033HLM042' as landlord_id, " \
        "'AG1' as agence_code"
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("create schema marts")
        conn.execute(f"create table marts.kpi_service_elevators as select {segment}, "
                     "qpv from (values ('En QPV'), ('Hors QPV')) v(qpv)")
        conn.execute("alter table marts.kpi_service_elevators rename qpv to qpv_label")
        conn.execute(f"create table marts.kpi_service_complaints as select {segment}, "
                     "'Hors QPV' as qpv_label, 'PLUS' as financing_label, urgency "
                     "from (values ('U1'), ('U2')) v(urgency)")
        conn.execute(f"create table marts.kpi_satisfaction as select {segment}")
    selection = [f"test_name:unique_grain,{m}" for m in
                 ("kpi_service_elevators", "kpi_service_complaints", "kpi_satisfaction")]
    result = _dbt("test", "--select", *selection, project=project, target=tmp_path / "target",
                  env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                       "BUILD_WAREHOUSE": str(warehouse)})
    assert result.returncode == 1, result.stdout[-3000:]
    runs = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))
    outcome = {r["unique_id"].split(".")[2]: (r["status"], r["failures"], r["message"])
               for r in runs["results"]}
    assert outcome["unique_grain_kpi_service_elevators_"][0] == "pass"
    assert outcome["unique_grain_kpi_service_complaints_"][:2] == ("fail", 1)
    status, _, message = outcome["unique_grain_kpi_satisfaction_"]
    assert status == "error"
    assert "unique_grain on kpi_satisfaction: the model declares no grain" in message
    assert "models/marts/service/kpi_satisfaction.yml" in message
