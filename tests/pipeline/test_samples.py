"""The committed sample of every source contract loads through the real pipeline: each source
gets rows, the quarantine holds exactly the defects listed in the manifest, the warehouse is
built, audited and published."""

from __future__ import annotations

import csv
import shutil

import duckdb

from orchestration.lib.contracts import load_contracts
from orchestration.settings import REPO_ROOT

SAMPLES = REPO_ROOT / "data" / "samples"


def test_every_sample_loads_and_only_the_listed_defects_are_quarantined(pipeline_env):
    shutil.copytree(SAMPLES, pipeline_env.inbox, dirs_exist_ok=True)
    result = pipeline_env.run()
    failed = [e.asset_check_evaluation_data.check_name for e in result.all_events
              if e.event_type_value == "ASSET_CHECK_EVALUATION"
              and not e.asset_check_evaluation_data.passed
              and e.asset_check_evaluation_data.severity.value == "ERROR"]
    assert result.success, failed
    assert pipeline_env.serving.exists()

    with open(SAMPLES / "defects_manifest.csv", encoding="utf-8") as f:
        expected = {(row["file"].split("/")[-1], int(row["line_number"])) for row in csv.DictReader(f)}
    with duckdb.connect(str(pipeline_env.build), read_only=True) as conn:
        quarantined = set(conn.execute(
            "select distinct file_name, line_number from quarantine.rejected_rows").fetchall())
        loaded = dict(conn.execute(
            "select source, sum(rows_accepted) from raw.source_files where status = 'loaded' "
            "group by 1").fetchall())
        unbalanced = conn.execute(
            "select file_name from raw.source_files "
            "where rows_read <> rows_accepted + rows_quarantined").fetchall()
    assert quarantined == expected
    assert unbalanced == []
    for source in [*load_contracts(), "rpls"]:
        assert loaded.get(source, 0) > 0, f"no accepted row for {source}"
