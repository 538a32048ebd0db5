"""Two runs started together never corrupt the warehouse: one waits for the other, both
succeed, the new file is loaded once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.settings import REPO_ROOT
from tests.orchestration.conftest import SAMPLES


def test_two_daily_runs_started_together_one_waits(warehouse_copy: Path):
    shutil.copytree(SAMPLES / "tickets", warehouse_copy / "inbox" / "tickets")
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    command = [sys.executable, "-m", "orchestration.run", "--job", "daily_operations"]
    runs = [subprocess.Popen(command, cwd=REPO_ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for _ in range(2)]
    outputs = [run.communicate(timeout=900)[0] for run in runs]

    assert [run.returncode for run in runs] == [0, 0], outputs
    waited = [out for out in outputs if "waiting for run" in out]
    assert len(waited) == 1, outputs
    with duckdb.connect(str(warehouse_copy / "build" / "warehouse.duckdb"),
                        read_only=True) as conn:
        loads = conn.execute("select count(*), sum(rows_accepted) from raw.source_files "
                             "where source = 'tickets' and status = 'loaded'").fetchone()
        raw_rows, raw_ids = conn.execute(
            "select count(*), count(distinct ticket_id) from raw.tickets").fetchone()
        facts = conn.execute("select count(*), count(distinct ticket_id) "
                             "from marts.fct_ticket").fetchone()
    assert loads[0] == 1  # the file was loaded by one run, skipped by the other (checksum)
    assert raw_rows == raw_ids == loads[1] > 0
    assert facts == (raw_rows, raw_rows)
