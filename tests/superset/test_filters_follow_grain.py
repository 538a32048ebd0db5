"""The dashboards' filters follow the KPI grain (issue 14), read from the asset YAML: no Superset.

The grain of each KPI mart is declared once in its dbt YAML (`config: meta: grain`, read from
the dbt manifest by expectations/grain.py). A native filter cuts the rows of every chart whose
dataset has its column; it is right only on a column that locates a row: a column of the
grain, or an attribute one grain column fixes (the commune's name, EPCI, département and
région; the agence's name and direction; the landlord's or indicator's label; a Superset
calculated column computed from those only). A filter on a measure, or on a column finer
than the grain, would cut a row's figure in two or drop half of it. Every dataset built on a
KPI mart exposes the whole grain, so a chart can group by it and the filters can reach it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from expectations.grain import grains

ASSETS = Path(__file__).resolve().parents[2] / "dashboards" / "assets"

#: attribute column -> the grain columns that fix it, one tuple per way (any one suffices):
#: dim_territory (a commune is in one EPCI, département, région), dim_organisation (an agence
#: is in one direction; without an agence, the row's direction is its commune's, so agence and
#: commune together fix it; a commitment's direction is its territory's,
#: int_organisation__territory_direction), dim_landlord, dim_indicator.
ATTRIBUTES: dict[str, tuple[tuple[str, ...], ...]] = {
    **{column: (("commune_code",),) for column in (
        "commune_name", "epci_code", "epci_name", "departement_code", "departement_name",
        "region_code", "region_name")},
    "agence_name": (("agence_code",),),
    "direction_code": (("agence_code", "commune_code"), ("territory_level", "territory_code")),
    "direction_name": (("agence_code", "commune_code"), ("territory_level", "territory_code")),
    "territory_name": (("territory_level", "territory_code"), ("scope", "territory_code")),
    "landlord_name": (("landlord_id",),),
    "indicator_label": (("indicator_code",),),
}


def _load(kind: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((ASSETS / kind).rglob("*.yaml"))]


def kpi_model(dataset: dict) -> str | None:
    """The KPI mart a Superset dataset reads (a physical table of marts), else None."""
    name = dataset.get("table_name") or ""
    if dataset.get("sql") or dataset.get("schema") != "marts" or not name.startswith("kpi_"):
        return None
    return name


def locates(column: str, dataset: dict, grain: tuple[str, ...]) -> bool:
    """`column` of `dataset` is in the grain, fixed by it, or computed from such columns."""
    if column in grain or any(set(way) <= set(grain) for way in ATTRIBUTES.get(column, ())):
        return True
    expression = next((c.get("expression") for c in dataset["columns"]
                       if c["column_name"] == column), None)
    if not expression:
        return False
    physical = {c["column_name"] for c in dataset["columns"] if not c.get("expression")}
    used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"'[^']*'", "", expression)))
    return bool(used & physical) and all(locates(c, dataset, grain) for c in used & physical)


def filter_violations(dashboards: list[dict], datasets: list[dict], charts: list[dict],
                      grain_of: dict[str, tuple[str, ...]]) -> list[str]:
    """Every native filter column, on every KPI dataset of its dashboard that has it (Superset
    applies a filter to every chart whose dataset has the column), that does not locate a row
    of that dataset's mart."""
    by_uuid = {d["uuid"]: d for d in datasets}
    chart_dataset = {c["uuid"]: c["dataset_uuid"] for c in charts}
    found = []
    for dashboard in dashboards:
        in_dashboard = {chart_dataset[item["meta"]["uuid"]]
                        for item in dashboard["position"].values()
                        if isinstance(item, dict) and item.get("type") == "CHART"}
        for native in dashboard["metadata"].get("native_filter_configuration") or []:
            targets = {t["column"]["name"] for t in native.get("targets", []) if "column" in t}
            reached = {t["datasetUuid"] for t in native.get("targets", [])} | in_dashboard
            for column in sorted(targets):
                for uuid in sorted(reached):
                    dataset = by_uuid[uuid]
                    model = kpi_model(dataset)
                    if model is None or column not in {c["column_name"]
                                                       for c in dataset["columns"]}:
                        continue
                    grain = grain_of.get(model)
                    if not grain:
                        found.append(f"{dashboard['dashboard_title']} « {native['name']} »: "
                                     f"{model} declares no grain")
                    elif not locates(column, dataset, grain):
                        found.append(f"{dashboard['dashboard_title']} « {native['name']} »: "
                                     f"{model}.{column} is not in its grain {list(grain)} nor "
                                     "an attribute of it")
    return found


@pytest.fixture(scope="module")
def assets() -> tuple[list[dict], list[dict], list[dict]]:
    return _load("dashboards"), _load("datasets"), _load("charts")


@pytest.fixture(scope="module")
def grain_of() -> dict[str, tuple[str, ...]]:
    return grains()


def test_every_native_filter_targets_the_grain_of_its_marts(assets, grain_of):
    dashboards, datasets, charts = assets
    filters = [f for d in dashboards for f in d["metadata"].get("native_filter_configuration")
               or []]
    assert len(filters) >= 30
    assert filter_violations(dashboards, datasets, charts, grain_of) == []


def test_every_kpi_dataset_exposes_its_grain(assets, grain_of):
    _, datasets, _ = assets
    kpi = {kpi_model(d): d for d in datasets if kpi_model(d)}
    assert len(kpi) >= 10
    missing = {}
    for model, dataset in kpi.items():
        assert model in grain_of, f"{model} declares no grain (config: meta: grain)"
        physical = {c["column_name"] for c in dataset["columns"] if not c.get("expression")}
        if absent := [c for c in grain_of[model] if c not in physical]:
            missing[model] = absent
    assert missing == {}, "datasets without their mart's grain columns"


def test_a_filter_on_a_measure_or_off_the_grain_is_reported(assets, grain_of):
    dashboards, datasets, charts = assets
    dashboard = next(d for d in dashboards
                     if d["dashboard_title"] == "Décarbonation du patrimoine")
    dataset = next(d for d in datasets if kpi_model(d) == "kpi_decarbonation")
    natives = dashboard["metadata"]["native_filter_configuration"]
    wrong = {**dashboard, "metadata": {**dashboard["metadata"], "native_filter_configuration": [
        {**natives[0], "name": "Passoires", "targets": [
            {"column": {"name": "passoires"}, "datasetUuid": dataset["uuid"]}]}]}}
    assert filter_violations([wrong], datasets, charts, grain_of) == [
        ("Décarbonation du patrimoine « Passoires »: kpi_decarbonation.passoires is not in "
         f"its grain {list(grain_of['kpi_decarbonation'])} nor an attribute of it")]
    # without agence_code in the grain, the agence's name would no longer locate a row
    coarser = {**grain_of, "kpi_decarbonation": tuple(
        c for c in grain_of["kpi_decarbonation"] if c != "agence_code")}
    reported = filter_violations([dashboard], datasets, charts, coarser)
    assert any("kpi_decarbonation.agence_name" in r for r in reported), reported
