"""Fixtures for the Superset tests: one real Superset server per test session.

The server is set up and started with the same scripts a user runs
(dashboards/bin/superset-setup, superset-start, superset-stop), in a temporary
PATRIMOINE_STATE_DIR, on a free port, against a private copy of the serving warehouse
(so that a test can simulate a publish by swapping the file without touching the shared
fixture).

`serving_warehouse` (the published DuckDB file) is overridden here: the real pipeline is
run on the demo landlord's files (every source: RPLS over several millésimes, DPE, tenancy,
maintenance, surveys, works, commitments, on two départements), so that every mart behind a
dashboard holds rows and the figures compared with the marts are not trivially empty.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.conftest import publish_inbox

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = REPO_ROOT / "dashboards" / "bin"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
DASHBOARD_TITLE = "Décarbonation du patrimoine"
# The charts of "Décarbonation du patrimoine", in layout order (API and browser tests).
DECARBONATION_CHARTS = (
    "Millésime RPLS",
    "Logements",
    "Passoires thermiques (F, G)",
    "Logements sans DPE",
    "Étiquettes DPE par millésime",
    "Par département",
    "Part de passoires : évolution",
    "Émissions du parc (tCO2e/an)",
    "Consommation moyenne (kWhEP/m²/an)",
    "Émissions moyennes (kgCO2e/m²/an)",
    "Étiquettes GES par millésime",
    "Part de passoires et part sans DPE par millésime",
    "Interdits à la location en 2025",
    "Interdits à la location en 2028",
    "Interdits à la location en 2034",
    "Interdiction de louer : trajectoire",
    "Rénovations par année",
)


DEMO_DWELLINGS = "1500"
DEMO_DEPARTEMENTS = "33,40"


@pytest.fixture(scope="session")
def serving_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A serving warehouse published by the real pipeline from the demo landlord's files."""
    import sys

    root = tmp_path_factory.mktemp("published-demo")
    inbox = root / "inbox"
    subprocess.run(
        [sys.executable, "-m", "orchestration.demo_landlord", "--out", str(inbox),
         "--dwellings", DEMO_DWELLINGS, "--departements", DEMO_DEPARTEMENTS],
        cwd=REPO_ROOT, check=True, capture_output=True, text=True, timeout=600,
    )
    result, serving = publish_inbox(root, inbox)
    assert result.success, "the pipeline failed on the demo landlord's files"
    return serving


@dataclass
class SupersetServer:
    url: str
    username: str
    password: str
    state_dir: Path
    warehouse: Path
    env: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return int((self.state_dir / "run" / "superset.pid").read_text().strip())

    def api(self) -> SupersetApi:
        return SupersetApi(self)


class SupersetApi:
    """A REST API client logged in with a JWT; `write_headers()` adds the CSRF token."""

    def __init__(self, server: SupersetServer, username: str | None = None,
                 password: str | None = None):
        """Logged in as the admin, or as `username` / `password`."""
        self.server = server
        self.username = username or server.username
        self.password = password or server.password
        self.session = requests.Session()
        response = self.session.post(
            f"{server.url}/api/v1/security/login",
            json={
                "username": username or server.username,
                "password": password or server.password,
                "provider": "db",
                "refresh": False,
            },
            timeout=30,
        )
        response.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        self.session.headers["Referer"] = server.url

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(f"{self.server.url}{path}", timeout=60, **kwargs)

    def csrf_token(self) -> str:
        response = self.get("/api/v1/security/csrf_token/")
        response.raise_for_status()
        return response.json()["result"]

    def write(self, method: str, path: str, csrf: bool = True, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if csrf:
            headers["X-CSRFToken"] = self.csrf_token()
        return self.session.request(
            method, f"{self.server.url}{path}", headers=headers, timeout=60, **kwargs
        )

    def dashboard(self, title: str = DASHBOARD_TITLE) -> dict:
        page, found = 0, []
        while True:
            q = f"(page:{page},page_size:100)"
            response = self.get("/api/v1/dashboard/", params={"q": q})
            response.raise_for_status()
            result = response.json()["result"]
            found += [d for d in result if d["dashboard_title"] == title]
            if len(result) < 100:
                break
            page += 1
        assert len(found) == 1, f"expected one dashboard titled {title!r}, found {len(found)}"
        return found[0]

    def dashboard_charts(self, dashboard_id: int) -> list[dict]:
        response = self.get(f"/api/v1/dashboard/{dashboard_id}/charts")
        response.raise_for_status()
        return response.json()["result"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(script: str, env: dict[str, str], timeout: int) -> float:
    started = time.monotonic()
    result = subprocess.run(
        [str(BIN / script)], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(
            f"{script} failed ({result.returncode}):\n{result.stdout[-4000:]}\n"
            f"{result.stderr[-4000:]}"
        )
    return elapsed


def _superset_server(warehouse_source: Path, tmp_path_factory: pytest.TempPathFactory,
                     name: str, workers: int | None = None):
    """Set up and start a Superset on a private copy of `warehouse_source`; stop it after."""
    state_dir = tmp_path_factory.mktemp(name)
    warehouse = state_dir / "serving" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copy2(warehouse_source, warehouse)

    port = _free_port()
    password = secrets.token_urlsafe(16)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH"}
    }
    env.update(
        PATRIMOINE_STATE_DIR=str(state_dir),
        SUPERSET_PORT=str(port),
        SUPERSET_BIND="127.0.0.1",
        SERVING_WAREHOUSE=str(warehouse),
        SUPERSET_ADMIN_USERNAME="admin",
        SUPERSET_ADMIN_PASSWORD=password,
    )
    if workers:
        env["SUPERSET_WORKERS"] = str(workers)
    server = SupersetServer(
        url=f"http://127.0.0.1:{port}",
        username="admin",
        password=password,
        state_dir=state_dir,
        warehouse=warehouse,
        env=env,
    )
    server.timings["setup_s"] = _run("superset-setup", env, timeout=900)
    try:
        server.timings["start_s"] = _run("superset-start", env, timeout=300)
        yield server
    finally:
        try:
            pid_file = state_dir / "run" / "superset.pid"
            pid = int(pid_file.read_text()) if pid_file.exists() else None
            _run("superset-stop", env, timeout=120)
            if pid is not None:
                assert not Path(f"/proc/{pid}").exists(), "superset-stop left Superset running"
        finally:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"{name.replace('-state', '').replace('-', '_')}_timings.json"
             ).write_text(
                json.dumps({k: round(v, 1) for k, v in server.timings.items()}, indent=2)
            )


@pytest.fixture(scope="session")
def superset_server(
    serving_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> SupersetServer:
    yield from _superset_server(serving_warehouse, tmp_path_factory, "superset-state")


FEDERATION_DWELLINGS = 300  # per landlord: every mart has rows, the pipeline stays quick


@dataclass
class Federation:
    """The Superset of the federation warehouse and that warehouse's landlords."""
    server: SupersetServer
    landlords: dict[str, str]  # landlord_id -> its name (marts.dim_landlord.landlord_name)
    trade_names: dict[str, str]  # landlord_id -> its trade name (bailleur.yml, dim_landlord)
    shared_direction: str  # a direction code two landlords have


@pytest.fixture(scope="session")
def federation_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A serving warehouse published by the real pipeline from a real multi-landlord inbox:
    three demo landlords in their sub-folders, two of which share a direction code
    (tests/support/federation_inbox.py). Returns it and the pipeline's duration (s)."""
    from tests.support.federation_inbox import write_federation_inbox

    root = tmp_path_factory.mktemp("published-federation")
    inbox = root / "inbox"
    write_federation_inbox(inbox, root / "manifests", FEDERATION_DWELLINGS)
    started = time.monotonic()
    result, serving = publish_inbox(root, inbox)
    assert result.success, "the pipeline failed on the federation's inbox"
    return serving, time.monotonic() - started


@pytest.fixture(scope="session")
def federation_server(federation_warehouse: tuple[Path, float],
                      tmp_path_factory: pytest.TempPathFactory):
    """A second Superset (one worker), on the federation warehouse."""
    import duckdb

    from tests.support.federation_inbox import SHARED_DIRECTION

    warehouse, pipeline_s = federation_warehouse
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        landlords = conn.execute("select landlord_id, landlord_name, trade_name "
                                 "from marts.dim_landlord order by 1").fetchall()
    for server in _superset_server(warehouse, tmp_path_factory,
                                   "superset-federation-state", workers=1):
        server.timings["pipeline_s"] = pipeline_s
        yield Federation(server, {i: n for i, n, _ in landlords},
                         {i: t for i, _, t in landlords}, SHARED_DIRECTION)


@pytest.fixture(scope="session")
def superset_api(superset_server: SupersetServer) -> SupersetApi:
    return superset_server.api()


class SupersetUsers:
    """Users created with dashboards/bin/superset-user (what an administrator runs), removed
    the same way when the test module ends: the server is shared by the whole session and
    other tests check that it has no account besides the admin."""

    def __init__(self, server: SupersetServer):
        self.server = server
        self.created: list[str] = []

    def _run(self, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
        env = dict(self.server.env)
        if password:
            env["SUPERSET_USER_PASSWORD"] = password
        result = subprocess.run([str(BIN / "superset-user"), *args], env=env,
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def add(self, role: str) -> SupersetApi:
        """A new user holding `role`, logged in."""
        username, password = f"u{secrets.token_hex(5)}", secrets.token_urlsafe(16)
        result = self._run("add", username, role, password=password)
        self.created.append(username)
        assert password not in result.stdout + result.stderr, "a password from the env was echoed"
        return SupersetApi(self.server, username=username, password=password)

    def remove_all(self) -> None:
        if self.created:
            self._run("remove", *self.created)
            self.created.clear()


@pytest.fixture(scope="module")
def superset_users(superset_server: SupersetServer):
    users = SupersetUsers(superset_server)
    try:
        yield users
    finally:
        users.remove_all()
