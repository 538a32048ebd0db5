"""The grain of a dbt model (one row per combination of its columns), read from the manifest.

The grain is declared once, in the model's YAML (`config: meta: grain: [columns]`); the dbt
test `unique_grain` (dbt_project/tests/generic/unique_grain.sql), the key of each KPI suite
(suites/kpi_marts.py, kpi_federation.py, kpi_dpe_by_territory.py) and the dashboards' filter
test (tests/superset/test_filters_follow_grain.py) all read it from there.

Pure: reads the manifest dbt writes (`dbt parse`, `make dbt-parse`, or Dagster's DbtProject,
whose manifest_path is this same file; tests/quality checks they agree), imports nothing of
the orchestration.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = REPO_ROOT / "dbt_project" / "target" / "manifest.json"


@functools.lru_cache(maxsize=4)
def _grains(path: Path, mtime_ns: int) -> dict[str, tuple[str, ...]]:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    grains = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        grain = (node.get("config") or {}).get("meta", {}).get("grain") or \
            (node.get("meta") or {}).get("grain")
        if grain:
            grains[node["name"]] = tuple(grain)
    return grains


def grains(manifest_path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """model name -> its declared grain, for every model that declares one (from
    MANIFEST_PATH unless told)."""
    manifest_path = manifest_path or MANIFEST_PATH
    if not manifest_path.exists():
        raise FileNotFoundError(
            f"{manifest_path} is missing: the KPI grains are read from the dbt manifest; run "
            "`make dbt-parse` (dbt parse --project-dir dbt_project --profiles-dir dbt_project)")
    return _grains(manifest_path, manifest_path.stat().st_mtime_ns)


def grain(model: str, manifest_path: Path | None = None) -> tuple[str, ...]:
    """The grain of `model` (a dbt model name, or schema.table as the suites name it)."""
    manifest_path = manifest_path or MANIFEST_PATH
    name = model.split(".")[-1]
    found = grains(manifest_path).get(name)
    if not found:
        raise KeyError(
            f"dbt model {name} declares no grain: add `config: meta: grain: [columns]` to its "
            f"YAML (read from {manifest_path})")
    return found
