"""dbt's layers only flow one way: staging → intermediate → facts and dimensions → aggregates →
KPI marts. Read from the manifest dbt itself writes, so a new `ref` that skips or reverses a
layer fails here instead of surfacing later as a rule written twice or a lookup that silently
depends on a mart (issue 14).

A model's layer is its folder (`models/staging`, `models/intermediate`, `models/marts`); inside
the marts its kind is its name's prefix (fct_, dim_, agg_, kpi_, gov_).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DBT_PROJECT = REPO / "dbt_project"

# What each layer may read. Sources are read in staging only, except the governance marts:
# they describe the load log and the quarantine, tables the loader writes already clean.
ALLOWED: dict[str, set[str]] = {
    "staging": {"source", "seed"},
    "intermediate": {"staging", "intermediate", "seed"},
    "fct": {"staging", "intermediate", "seed", "fct", "dim"},
    "dim": {"staging", "intermediate", "seed", "fct", "dim"},
    "agg": {"intermediate", "seed", "fct", "dim", "agg"},
    "kpi": {"intermediate", "seed", "fct", "dim", "agg"},
    "gov": {"source", "seed"},
}
# The federation's comparison marts pool the members' KPI marts by design: a landlord's
# figure there must be the very figure its own dashboards show.
POOLS_KPI_MARTS = "models/marts/federation/"


def layer_of(node: dict) -> str:
    """The layer a manifest node belongs to, from its resource type, folder and name."""
    kind = node["resource_type"]
    if kind in ("source", "seed"):
        return kind
    path = node["original_file_path"]
    for folder in ("staging", "intermediate"):
        if path.startswith(f"models/{folder}/"):
            return folder
    if path.startswith("models/marts/"):
        return node["name"].split("_", 1)[0]
    return f"unknown ({path})"


def layer_violations(manifest: dict) -> list[str]:
    """Every model → parent reference the layering forbids, as readable lines."""
    nodes = {**manifest["nodes"], **manifest["sources"]}
    found = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        layer = layer_of(node)
        allowed = ALLOWED.get(layer, set())
        if layer in ("agg", "kpi") and node["original_file_path"].startswith(POOLS_KPI_MARTS):
            allowed = allowed | {"kpi"}
        for parent_id in node["depends_on"]["nodes"]:
            parent = nodes[parent_id]
            parent_layer = layer_of(parent)
            if parent_layer not in allowed:
                found.append(f"{node['name']} ({layer}) refers to {parent['name']} "
                             f"({parent_layer})")
    return sorted(found)


def _parse(project_dir: Path, target: Path) -> dict:
    """Run the real `dbt parse` and return the manifest it writes."""
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run(
        [str(dbt), "parse", "--project-dir", str(project_dir), "--profiles-dir",
         str(project_dir), "--target-path", str(target), "--quiet"],
        check=True, cwd=project_dir)
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def test_every_model_has_a_known_layer(tmp_path):
    manifest = _parse(DBT_PROJECT, tmp_path / "target")
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    unknown = [n["name"] for n in models if layer_of(n) not in ALLOWED]
    assert not unknown, f"models outside the known layers and prefixes: {unknown}"


def test_the_layers_flow_one_way(tmp_path):
    violations = layer_violations(_parse(DBT_PROJECT, tmp_path / "target"))
    assert not violations, "dbt layers read upstream the wrong way:\n" + "\n".join(violations)


@pytest.mark.parametrize(("model_path", "wrong_ref", "expected"), [
    ("intermediate/int_wrong__reads_a_mart.sql", "dim_territory",
     "int_wrong__reads_a_mart (intermediate) refers to dim_territory (dim)"),
    ("marts/service/kpi_wrong_reads_staging.sql", "stg_maintenance__tickets",
     "kpi_wrong_reads_staging (kpi) refers to stg_maintenance__tickets (staging)"),
])
def test_a_wrong_ref_is_caught(tmp_path, model_path, wrong_ref, expected):
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns(
        "target", "logs", "dbt_packages"))
    (project / "models" / model_path).write_text(
        f"select * from {{{{ ref('{wrong_ref}') }}}}\n", encoding="utf-8")
    violations = layer_violations(_parse(project, tmp_path / "target"))
    assert expected in violations
