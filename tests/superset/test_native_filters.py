"""Native filters of the executive dashboards (issue 6): année, bailleur, direction
territoriale, agence, département, EPCI, commune, QPV, financement.

Checked on the real Superset: the order and the French names; each filter targets a column
of its dataset that exists in the mart; each filter's scope is exactly the charts whose
dataset has the column (a chart without it is never filtered, so never errors nor silently
ignores it); the filtered figures, sent the way the dashboard sends them (the filter's
`extraFormData` merged into the chart's query), equal the serving warehouse filtered the same
way and differ from the unfiltered figures; the year filter moves the headline figures to the
chosen year, with the previous year as the comparison.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.warehouse import approx, query

pytestmark = pytest.mark.superset

NINE = ["Année", "Bailleur", "Direction territoriale", "Agence", "Département", "EPCI",
        "Commune", "QPV", "Financement"]
# Commitments are signed per landlord and territory: kpi_commitments has no agence, commune,
# QPV or financing column, so those filters would filter nothing there; its territory is
# chosen with « Échelle territoriale » (an agence is one of its values).
EXPECTED_FILTERS = {
    "Décarbonation du patrimoine": NINE,
    "Qualité de service": NINE,
    "Pilotage territorial": NINE,
    "Engagements CUS": ["Année", "Bailleur", "Direction territoriale", "Échelle territoriale",
                        "Indicateur"],
}
SEGMENT_FILTERS = {"Bailleur": "landlord_id", "Agence": "agence_name", "QPV": "qpv_label",
                   "Financement": "financing_label"}


@pytest.fixture(scope="module")
def dashboards(superset_api) -> dict[str, dict]:
    """title -> {filters (in order), charts by id, datasets by id}."""
    result, datasets = {}, {}
    for title in EXPECTED_FILTERS:
        dashboard = superset_api.dashboard(title)
        response = superset_api.get(f"/api/v1/dashboard/{dashboard['id']}")
        response.raise_for_status()
        metadata = json.loads(response.json()["result"]["json_metadata"])
        charts = {c["id"]: c for c in superset_api.dashboard_charts(dashboard["id"])}
        for chart in charts.values():
            dataset_id = int(str(chart["form_data"]["datasource"]).split("__")[0])
            chart["dataset_id"] = dataset_id
            if dataset_id not in datasets:
                detail = superset_api.get(f"/api/v1/dataset/{dataset_id}")
                detail.raise_for_status()
                datasets[dataset_id] = detail.json()["result"]
        result[title] = {"filters": metadata["native_filter_configuration"], "charts": charts}
    for entry in result.values():
        entry["datasets"] = datasets
    return result


def dataset_columns(dataset: dict) -> set[str]:
    return {c["column_name"] for c in dataset["columns"]}


def latest_only(chart: dict) -> bool:
    """Restricted to the latest period (tables, breakdowns): out of the year filter."""
    return any(str(f.get("subject", "")).startswith("est_dernier")
               for f in chart["form_data"].get("adhoc_filters", []))


def test_executive_dashboards_have_the_filters_in_the_issue_order(dashboards):
    for title, expected in EXPECTED_FILTERS.items():
        filters = dashboards[title]["filters"]
        assert [f["name"] for f in filters] == expected, title
        for f in filters:
            if f["name"] in SEGMENT_FILTERS or f["name"] in {"Direction territoriale",
                                                            "Département", "EPCI", "Commune"}:
                assert f["filterType"] == "filter_select", (title, f["name"])
                assert f["controlValues"]["multiSelect"] is True, (title, f["name"])
                assert f["description"], (title, f["name"])
        by_name = {f["name"]: f for f in filters}
        if "Agence" in by_name:  # an agence belongs to a direction territoriale
            assert by_name["Agence"]["cascadeParentIds"] == [by_name["Direction territoriale"]["id"]]
        year = by_name["Année"]
        if title != "Engagements CUS":
            # « as of year N »: millesime / year <= N (single value, maximum)
            assert year["filterType"] == "filter_range", title
            assert year["controlValues"]["enableSingleValue"] == 2, title


def test_each_filter_targets_an_existing_column_and_scopes_exactly_the_charts_having_it(
        superset_server, dashboards):
    tables = {
        (table, column) for table, column in query(superset_server.warehouse, """
            select table_name, column_name from information_schema.columns
            where table_schema = 'marts'""")
    }
    for title in EXPECTED_FILTERS:
        entry = dashboards[title]
        datasets, charts = entry["datasets"], entry["charts"]
        for f in entry["filters"]:
            [target] = f["targets"]
            column = target["column"]["name"]
            dataset = datasets.get(target["datasetId"])
            if dataset is None:
                pytest.fail(f"{title} / {f['name']}: target dataset not on the dashboard")
            assert column in dataset_columns(dataset), (title, f["name"])
            if not dataset.get("sql"):
                assert (dataset["table_name"], column) in tables, (title, f["name"], column)
            expected = {
                chart_id for chart_id, chart in charts.items()
                if column in dataset_columns(datasets[chart["dataset_id"]])
                and not (f["name"] == "Année" and latest_only(chart))
            }
            in_scope = set(charts) - set(f["scope"]["excluded"])
            assert f["scope"]["rootPath"] == ["ROOT_ID"], (title, f["name"])
            assert in_scope == expected, (
                title, f["name"],
                sorted(charts[i]["slice_name"] for i in in_scope ^ expected))
            assert in_scope, (title, f["name"], "filters no chart")


# --------------------------------------------------------------------------------------------
# Filtered figures, as the dashboard asks for them
# --------------------------------------------------------------------------------------------
def saved_query_context(superset_api, chart_id: int) -> dict:
    response = superset_api.get(f"/api/v1/chart/{chart_id}")
    response.raise_for_status()
    return json.loads(response.json()["result"]["query_context"])


def filtered_data(superset_api, chart_id: int, extra_filters: list[dict]) -> list[dict]:
    """The chart's data with native filter values applied: the dashboard merges each
    filter's extraFormData.filters into the query's filters (and keeps them in form_data)."""
    query_context = saved_query_context(superset_api, chart_id)
    query_context["force"] = True
    query_context["form_data"]["extra_form_data"] = {"filters": extra_filters}
    for q in query_context["queries"]:
        q["filters"] = list(q.get("filters") or []) + extra_filters
    response = superset_api.write("POST", "/api/v1/chart/data", json=query_context)
    assert response.status_code == 200, response.text[:2000]
    [result] = response.json()["result"]
    assert not result.get("error"), result.get("error")
    return result["data"]


def by_year(rows: list[dict], metric: str) -> dict[int, float]:
    """Big number with trendline data: {year: value}, years without a value left out (the
    trendline skips them; the headline is the last year with a value)."""
    return {datetime.fromtimestamp(r["date_periode"] / 1000, tz=UTC).year: r[metric]
            for r in rows if r[metric] is not None}


def chart_id(dashboards, title: str, name: str) -> int:
    [found] = [i for i, c in dashboards[title]["charts"].items() if c["slice_name"] == name]
    return found


# (dashboard, big number, metric key, mart, period column, numerator, denominator or None)
HEADLINES = [
    ("Décarbonation du patrimoine", "Logements", "logements", "kpi_decarbonation",
     "millesime", "dwellings", None),
    ("Décarbonation du patrimoine", "Passoires thermiques (F, G)", "part_passoires",
     "kpi_decarbonation", "millesime", "passoires", "labelled_dwellings"),
    ("Pilotage territorial", "Taux de vacance", "taux_vacance", "kpi_management", "year",
     "vacant_dwellings", "offered_dwellings"),
    ("Qualité de service", "Réclamations dans le délai", "part_dans_le_delai",
     "kpi_service_complaints", "year", "closed_within_deadline", "tickets_due"),
]


def warehouse_series(warehouse: Path, mart: str, period: str, num: str, den: str | None,
                     where: str = "true", params=None) -> dict[int, float | None]:
    value = f"sum({num})" if den is None else \
        f"cast(sum({num}) as double) / nullif(sum({den}), 0)"
    rows = query(warehouse, f"select {period}, {value} from marts.{mart} "
                            f"where {where} group by 1", params)
    return {year: v for year, v in rows if v is not None}


def most_common(warehouse: Path, mart: str, column: str) -> list:
    """Values of `column` in `mart`, most rows first (a value that does not cover everything
    when there are several)."""
    return [v for (v,) in query(warehouse, f"""
        select {column} from marts.{mart} where {column} is not null
        group by 1 order by count(*) desc, 1""")]


@pytest.mark.parametrize("title,name,metric,mart,period,num,den", HEADLINES,
                         ids=[h[1] for h in HEADLINES])
def test_segment_filters_give_the_warehouse_figures_and_bite(
        superset_server, superset_api, dashboards, title, name, metric, mart, period, num, den):
    w = superset_server.warehouse
    chart = chart_id(dashboards, title, name)
    unfiltered = by_year(filtered_data(superset_api, chart, []), metric)
    assert unfiltered == {y: approx(v) for y, v in
                          warehouse_series(w, mart, period, num, den).items()}
    for label, column in SEGMENT_FILTERS.items():
        columns = {c for (c,) in query(w, """select column_name from information_schema.columns
            where table_schema = 'marts' and table_name = ?""", [mart])}
        if column not in columns:
            continue  # not in this mart: the filter's scope leaves this chart out (see above)
        values = most_common(w, mart, column)
        assert values, (name, label, "no value in the warehouse")
        value = "En QPV" if column == "qpv_label" and "En QPV" in values else values[0]
        got = by_year(filtered_data(
            superset_api, chart, [{"col": column, "op": "IN", "val": [value]}]), metric)
        expected = warehouse_series(w, mart, period, num, den, f"{column} = ?", [value])
        assert got == {y: approx(v) for y, v in expected.items()}, (name, label, value)
        if len(values) > 1:
            assert got != unfiltered, (name, label, value, "the filter changed nothing")
        else:
            # one value only (the demo has one landlord): another value must empty the chart
            other = filtered_data(superset_api, chart,
                                  [{"col": column, "op": "IN", "val": ["(aucun)"]}])
            assert other == [], (name, label)


def test_year_filter_moves_the_headlines_to_the_chosen_year(
        superset_server, superset_api, dashboards):
    w = superset_server.warehouse
    # the demo's complaints cover one civil year only: the headlines with several periods
    for title, name, metric, mart, period, num, den in HEADLINES[:3]:
        series = warehouse_series(w, mart, period, num, den)
        years = sorted(series)
        assert len(years) >= 2, (mart, "the demo warehouse should hold several years")
        chosen = years[-2]
        chart = chart_id(dashboards, title, name)
        rows = filtered_data(superset_api, chart, [{"col": period, "op": "<=", "val": chosen}])
        got = by_year(rows, metric)
        # the headline is the last point, the comparison (compare_lag 1) the one before
        assert max(got) == chosen, name
        assert got == {y: approx(v) for y, v in series.items() if y <= chosen}, name
    [millesime] = [i for i, c in dashboards["Décarbonation du patrimoine"]["charts"].items()
                   if c["slice_name"] == "Millésime RPLS"]
    latest = query(w, "select max(millesime) from marts.kpi_decarbonation")[0][0]
    assert filtered_data(superset_api, millesime, []) == [{"periode": latest}]
    assert filtered_data(superset_api, millesime,
                         [{"col": "millesime", "op": "<=", "val": latest - 1}]) == [
        {"periode": latest - 1}]


def test_every_chart_answers_with_every_filter_in_its_scope_applied(
        superset_server, superset_api, dashboards):
    """All the filters that reach a chart, each with a real value, at once: no chart errors."""
    w = superset_server.warehouse
    for title in EXPECTED_FILTERS:
        entry = dashboards[title]
        for cid, chart in entry["charts"].items():
            extra = []
            for f in entry["filters"]:
                if cid in f["scope"]["excluded"]:
                    continue
                column = f["targets"][0]["column"]["name"]
                table = entry["datasets"][chart["dataset_id"]]["table_name"]
                if f["filterType"] == "filter_range":
                    latest = query(w, f"select max({column}) from marts.{table}")[0][0]
                    extra.append({"col": column, "op": "<=", "val": latest})
                else:
                    values = most_common(w, table, column)
                    extra.append({"col": column, "op": "IN", "val": values[:1]})
            filtered_data(superset_api, cid, extra)
