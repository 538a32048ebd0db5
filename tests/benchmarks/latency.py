"""Chart query latency per dashboard at one scale: a real Superset on the scale's serving file.

Superset is started with the script a user runs (dashboards/bin/superset-start, which runs
superset-setup the first time), in a scratch PATRIMOINE_STATE_DIR shared by the scales (set up
once), on a free port, with SERVING_WAREHOUSE at a fixed path in it to which each scale's
published warehouse is copied (as tests/superset/conftest.py does); then
dashboards/bin/chart_latency.py times every chart's query (cache bypassed) and superset-stop
stops it, so that Superset never runs while the pipeline is measured.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = REPO_ROOT / "dashboards" / "bin"
PYTHON = REPO_ROOT / "dashboards" / ".venv" / "bin" / "python"
RUNS = int(os.environ.get("BENCH_LATENCY_RUNS", "5"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(state_dir: Path, serving: Path, port: int, password: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH"}}
    env.update(PATRIMOINE_STATE_DIR=str(state_dir), SUPERSET_PORT=str(port),
               SUPERSET_BIND="127.0.0.1", SERVING_WAREHOUSE=str(serving),
               SUPERSET_ADMIN_USERNAME="admin", SUPERSET_ADMIN_PASSWORD=password,
               SUPERSET_URL=f"http://127.0.0.1:{port}", SUPERSET_USERNAME="admin",
               SUPERSET_PASSWORD=password)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _run(command: list[str], env: dict[str, str], log: Path, timeout: int) -> None:
    with log.open("a") as out:
        subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, check=True,
                       timeout=timeout, cwd=REPO_ROOT)


def _password(state_dir: Path) -> str:
    """The admin password of this scratch Superset (kept with it, never in the repository)."""
    path = state_dir / "bench_admin_password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(16))
        path.chmod(0o600)
    return path.read_text().strip()


def measure(serving: Path, state_dir: Path, logs: Path) -> dict:
    """p50 / p95 per dashboard and overall (ms), from chart_latency.py's report."""
    if not serving.exists():
        return {"error": f"no serving warehouse at {serving} (nothing published)"}
    state_dir.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    copy = state_dir / "serving" / "warehouse.duckdb"
    copy.parent.mkdir(exist_ok=True)
    shutil.copy2(serving, copy.with_suffix(".tmp"))
    copy.with_suffix(".tmp").replace(copy)
    env = _env(state_dir, copy, _free_port(), _password(state_dir))
    log, out = logs / "superset.log", logs / "latency.json"
    try:
        _run([str(BIN / "superset-start")], env, log, 1800)
        with log.open("a") as err:
            subprocess.run([str(PYTHON), str(BIN / "chart_latency.py"), "--runs", str(RUNS),
                            "--out", str(out)], env=env, stdout=subprocess.DEVNULL,
                           stderr=err, timeout=3600, cwd=REPO_ROOT, check=False)
    except subprocess.SubprocessError as error:
        return {"error": f"{error} (log: {log})"}
    finally:
        with log.open("a") as stop_log:
            subprocess.run([str(BIN / "superset-stop")], env=env, stdout=stop_log,
                           stderr=subprocess.STDOUT, timeout=300, check=False)
    if not out.exists():
        return {"error": f"chart_latency.py wrote no report (log: {log})"}
    report = json.loads(out.read_text())
    return {"runs_per_chart": RUNS, "overall": report.get("overall", {}),
            "errors": report.get("errors", []),
            "dashboards": [{k: d.get(k) for k in ("slug", "title", "charts", "p50_ms", "p95_ms",
                                                  "max_ms")}
                           | {"slowest_charts": [{k: c.get(k) for k in ("chart", "p95_ms")}
                                                 for c in d.get("slowest_charts", [])]}
                           for d in report.get("dashboards", [])]}
