"""Every dashboard through Superset's REST API: every chart answers from its saved
query_context, and the headline figures equal the marts queried directly with DuckDB
(rates re-aggregated as SUM(numerator) / SUM(denominator))."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.superset.test_superset_api import EXPECTED_CHARTS as DECARBONATION_CHARTS
from tests.superset.test_superset_api import chart_data
from tests.support.warehouse import approx, query

pytestmark = pytest.mark.superset

DATA_DATE = "Données au"  # the date of the last good publication, on every dashboard
QUALITY_CHARTS = {
    DATA_DATE, "Échecs bloquants (dernière exécution)", "Avertissements (dernière exécution)",
    "Lignes en quarantaine", "Sources en retard ou jamais reçues", "Exécutions du pipeline",
    "Contrôles par résultat et par exécution", "Contrôles en échec ou en avertissement",
    "Fraîcheur des sources", "Lignes en quarantaine par source", "Motifs de quarantaine",
    "Rapprochement par fichier",
}
#: the failed and warning checks of the last run: none on a clean demo (its planted defects are
#: quarantined lines, which the other quality charts show)
EMPTY_ON_A_CLEAN_RUN = {"Contrôles en échec ou en avertissement"}
#: « Comparaison des bailleurs »: one bar chart per headline indicator, the landlords side by side
COMPARED_HEADLINES = {
    "DPE-PASSOIRES": "Passoires thermiques (F, G)",
    "DPE-INTERDICTION_LOCATION": "Logements interdits à la location",
    "INT-VACANCE": "Taux de vacance",
    "GEST-IMPAYES": "Taux d'impayés",
    "INT-RECLA_DELAI": "Réclamations dans le délai",
    "INT-SAT_PROPRETE": "Propreté des parties communes",
}
DASHBOARDS = {
    "Décarbonation du patrimoine": DECARBONATION_CHARTS,
    "Qualité de service": {
        DATA_DATE, "Pannes > 4 h par ascenseur", "Disponibilité des ascenseurs",
        "Réclamations dans le délai", "Propreté des parties communes",
        "Délai moyen de traitement par urgence", "Part traitée dans le délai par urgence",
        "Satisfaction par thème", "Ascenseurs par département",
    },
    "Engagements CUS": {DATA_DATE, "Engagements CUS et objectifs internes",
                        "Engagements par statut"},
    "Pilotage territorial": {
        DATA_DATE, "Taux de vacance", "Vacance de plus de 3 mois", "Taux de rotation",
        "Loyer moyen au m²", "Taux d'impayés", "PS-1", "PS-2", "Indicateurs par département",
        "Indicateurs par commune",
    },
    "Qualité des données": QUALITY_CHARTS,
    "Comparaison des bailleurs": {
        DATA_DATE, "Comparaison des bailleurs par indicateur",
        *(f"{kpi} par bailleur" for kpi in COMPARED_HEADLINES.values()),
        "Ensemble de la fédération", "Fédération par région", "Fédération par département",
    },
}
#: dashboards without the territorial filters (no direction column, or not by territory)
NOT_TERRITORIAL = {"Qualité des données", "Comparaison des bailleurs"}


def ratio(num, den):
    return None if not den else num / den


def trend_by_year(rows: list[dict], metric: str) -> dict[int, float]:
    """Big number with trendline data: {year: value}."""
    return {
        datetime.fromtimestamp(r["date_periode"] / 1000, tz=UTC).year: r[metric]
        for r in rows
    }


@pytest.fixture(scope="module")
def charts(superset_api) -> dict[str, dict[str, dict]]:
    result = {}
    for title in DASHBOARDS:
        dashboard = superset_api.dashboard(title)
        result[title] = {
            c["slice_name"]: c for c in superset_api.dashboard_charts(dashboard["id"])
        }
    return result


@pytest.fixture(scope="module")
def data(superset_api, charts) -> dict[str, dict[str, list[dict]]]:
    return {
        title: {name: chart_data(superset_api, chart) for name, chart in by_name.items()}
        for title, by_name in charts.items()
    }


def test_every_dashboard_is_published_with_its_charts(superset_api, charts):
    response = superset_api.get("/api/v1/dashboard/", params={"q": "(page_size:100)"})
    response.raise_for_status()
    assert {d["dashboard_title"] for d in response.json()["result"]} == set(DASHBOARDS)
    for title, expected in DASHBOARDS.items():
        assert superset_api.dashboard(title)["published"] is True
        assert set(charts[title]) == expected, title


def test_every_chart_of_every_dashboard_returns_data(data):
    for title, by_name in data.items():
        for name, rows in by_name.items():
            if name in EMPTY_ON_A_CLEAN_RUN:
                assert rows == [], f"{title} / {name}: a clean demo run raised {rows}"
            else:
                assert rows, f"{title} / {name}: no rows"


TERRITORIAL_FILTERS = {"Direction territoriale", "Département", "EPCI", "Commune"}


def _native_filters(superset_api, title: str) -> dict[str, dict]:
    dashboard = superset_api.dashboard(title)
    response = superset_api.get(f"/api/v1/dashboard/{dashboard['id']}")
    response.raise_for_status()
    metadata = json.loads(response.json()["result"]["json_metadata"])
    return {f["name"]: f for f in metadata["native_filter_configuration"]}


def test_direction_territoriale_filter_on_every_executive_dashboard(superset_api):
    for title in DASHBOARDS:
        if title in NOT_TERRITORIAL:
            continue
        filters = _native_filters(superset_api, title)
        [target] = filters["Direction territoriale"]["targets"]
        assert target["column"]["name"] == "direction_name", title
        if title != "Engagements CUS":
            assert TERRITORIAL_FILTERS <= set(filters), title


def test_every_dataset_re_aggregates_rates_from_numerators(superset_api):
    response = superset_api.get("/api/v1/dataset/", params={"q": "(page_size:100)"})
    response.raise_for_status()
    for item in response.json()["result"]:
        dataset = superset_api.get(f"/api/v1/dataset/{item['id']}").json()["result"]
        for metric in dataset["metrics"]:
            assert "AVG(" not in metric["expression"].upper(), (item["table_name"], metric)
            assert metric["verbose_name"], (item["table_name"], metric["metric_name"])
        for column in dataset["columns"]:
            assert column["verbose_name"], (item["table_name"], column["column_name"])
            assert column["description"], (item["table_name"], column["column_name"])


# --------------------------------------------------------------------------------------------
# Décarbonation (extension)
# --------------------------------------------------------------------------------------------
def test_decarbonation_trends_equal_the_mart(superset_server, data):
    rows = query(superset_server.warehouse, """
        select millesime, sum(passoires), sum(labelled_dwellings), sum(unlabelled_dwellings),
               sum(dwellings), sum(emissions_tco2e_per_year), sum(primary_energy_kwh),
               sum(ghg_kgco2e), sum(area_with_dpe_m2)
        from marts.kpi_decarbonation group by millesime order by millesime""")
    charts = data["Décarbonation du patrimoine"]
    assert len(rows) >= 2, "the demo warehouse should hold several millésimes"
    passoires = trend_by_year(charts["Part de passoires : évolution"], "part_passoires")
    tco2e = trend_by_year(charts["Émissions du parc (tCO2e/an)"], "emissions_tco2e_an")
    kwh = trend_by_year(charts["Consommation moyenne (kWhEP/m²/an)"], "conso_moyenne_kwh_m2")
    kgco2 = trend_by_year(charts["Émissions moyennes (kgCO2e/m²/an)"],
                          "emissions_moyennes_kgco2e_m2")
    shares = {r["millesime"]: r for r in charts["Part de passoires et part sans DPE par millésime"]}
    for m, pas, lab, unl, dw, t, kwh_sum, ghg, area in rows:
        assert passoires[m] == approx(ratio(pas, lab))
        assert shares[m]["part_passoires"] == approx(ratio(pas, lab))
        assert shares[m]["part_sans_dpe"] == approx(ratio(unl, dw))
        assert tco2e[m] == approx(t)
        assert kwh[m] == approx(ratio(kwh_sum, area))
        assert kgco2[m] == approx(ratio(ghg, area))


def test_ges_mix_equals_the_mart(superset_server, data):
    rows = query(superset_server.warehouse, """
        select millesime, sum(ghg_class_a), sum(ghg_class_b), sum(ghg_class_c),
               sum(ghg_class_d), sum(ghg_class_e), sum(ghg_class_f), sum(ghg_class_g)
        from marts.kpi_decarbonation group by millesime""")
    chart = {r["millesime"]: r for r in data["Décarbonation du patrimoine"][
        "Étiquettes GES par millésime"]}
    for m, *counts in rows:
        assert [chart[m][f"ges_{c}"] for c in "abcdefg"] == counts


def test_rental_ban_big_numbers_equal_the_mart(superset_server, data):
    rows = dict(query(superset_server.warehouse, """
        select ban_step, sum(dwellings_hit) from marts.kpi_rental_ban
        where millesime = (select max(millesime) from marts.kpi_rental_ban) group by ban_step"""))
    charts = data["Décarbonation du patrimoine"]
    for step, year in (("G", 2025), ("F", 2028), ("E", 2034)):
        # big number with trendline: the latest millésime, compared with the one before
        series = trend_by_year(charts[f"Interdits à la location en {year}"],
                               "logements_concernes")
        assert series[max(series)] == rows.get(step)
    by_millesime = query(superset_server.warehouse, """
        select millesime, sum(dwellings_hit) from marts.kpi_rental_ban
        where ban_step = 'G' group by millesime""")
    assert trend_by_year(charts["Interdits à la location en 2025"], "logements_concernes") == \
        dict(by_millesime)
    trajectory = query(superset_server.warehouse, """
        select millesime, ban_step || ' (' || year(banned_from) || ')', sum(dwellings_hit)
        from marts.kpi_rental_ban group by all""")
    chart = {r["millesime"]: r for r in charts["Interdiction de louer : trajectoire"]}
    for m, label, hit in trajectory:
        assert chart[m][f"logements_concernes, {label}"] == hit


def test_renovations_per_year_equal_the_mart(superset_server, data):
    rows = query(superset_server.warehouse, """
        select year, sum(dwellings_renovated), sum(dwellings_out_of_f_g)
        from marts.kpi_renovations group by year""")
    assert rows
    chart = {r["year"]: r for r in data["Décarbonation du patrimoine"]["Rénovations par année"]}
    assert set(chart) == {r[0] for r in rows}
    for year, renovated, out in rows:
        assert chart[year]["logements_renoves"] == renovated
        assert chart[year]["logements_sortis_f_g"] == out


# --------------------------------------------------------------------------------------------
# Qualité de service
# --------------------------------------------------------------------------------------------
def test_service_quality_headlines_equal_the_marts(superset_server, data):
    w = superset_server.warehouse
    charts = data["Qualité de service"]
    elevators = query(w, """
        select year, sum(breakdowns_over_4h), sum(elevators), sum(downtime_hours),
               sum(service_hours)
        from marts.kpi_service_elevators group by year""")
    assert elevators
    pannes = trend_by_year(charts["Pannes > 4 h par ascenseur"], "pannes_plus_4h_par_ascenseur")
    dispo = trend_by_year(charts["Disponibilité des ascenseurs"], "disponibilite")
    for year, over_4h, count, down, service in elevators:
        assert pannes[year] == approx(ratio(over_4h, count))
        assert dispo[year] == approx(None if not service else 1 - down / service)

    latest = "(select max(year) from marts.{})"
    complaints = query(w, """
        select year, sum(closed_within_deadline), sum(tickets_due)
        from marts.kpi_service_complaints group by year""")
    assert trend_by_year(charts["Réclamations dans le délai"], "part_dans_le_delai") == {
        year: approx(ratio(within, due)) for year, within, due in complaints}
    by_urgency = query(w, f"""
        select urgency || ' — ' || deadline_label, sum(total_delay_hours), sum(closed_tickets),
               sum(closed_within_deadline), sum(tickets_due)
        from marts.kpi_service_complaints
        where year = {latest.format('kpi_service_complaints')} group by all""")
    delay = {r["urgence"]: r["delai_moyen_h"] for r in charts["Délai moyen de traitement par urgence"]}
    share = {r["urgence"]: r["part_dans_le_delai"]
             for r in charts["Part traitée dans le délai par urgence"]}
    assert set(delay) == set(share) == {r[0] for r in by_urgency}
    for label, total, closed, ok, due_ in by_urgency:
        assert delay[label] == approx(ratio(total, closed))
        assert share[label] == approx(ratio(ok, due_))

    themes = {t: ratio(s, r) for t, s, r in query(w, f"""
        select theme, sum(satisfied_respondents), sum(respondents) from marts.kpi_satisfaction
        where year = {latest.format('kpi_satisfaction')} group by theme""")}
    assert "proprete_parties_communes" in themes
    cleanliness = trend_by_year(charts["Propreté des parties communes"], "part_satisfaits")
    assert cleanliness[max(cleanliness)] == approx(themes["proprete_parties_communes"])
    by_label = {r["theme_libelle"]: r["part_satisfaits"] for r in charts["Satisfaction par thème"]}
    assert by_label["Propreté des parties communes"] == approx(themes["proprete_parties_communes"])
    assert len(by_label) == len(themes)


def test_cleanliness_is_highlighted(superset_api):
    import json

    dashboard = superset_api.get(
        f"/api/v1/dashboard/{superset_api.dashboard('Qualité de service')['id']}")
    colours = json.loads(dashboard.json()["result"]["json_metadata"])["label_colors"]
    highlight = colours["Propreté des parties communes"]
    assert all(c != highlight for k, c in colours.items() if k != "Propreté des parties communes")


# --------------------------------------------------------------------------------------------
# Engagements CUS
# --------------------------------------------------------------------------------------------
def test_commitments_table_equals_the_mart(superset_server, data):
    rows = query(superset_server.warehouse, """
        select year, indicator_code, territory_level, territory_name, target, realised_value,
               status
        from marts.kpi_commitments""")
    assert rows
    table = data["Engagements CUS"]["Engagements CUS et objectifs internes"]
    assert len(table) == len(rows)
    got = sorted(
        (r["year"], r["indicator_code"], r["territory_level"], r["territory_name"], r["target"],
         r["realised_value"], r["statut"].split(" ", 1)[1])
        for r in table
    )
    assert sorted(map(repr, got)) == sorted(map(repr, rows))
    by_status = query(superset_server.warehouse,
                      "select year, status, count(*) from marts.kpi_commitments group by all")
    chart = {r["year"]: r for r in data["Engagements CUS"]["Engagements par statut"]}
    for year, status, n in by_status:
        # series "engagements, <pastille> <statut>"
        [value] = [v for k, v in chart[year].items() if k.split(" ", 2)[-1] == status]
        assert value == n


# --------------------------------------------------------------------------------------------
# Pilotage territorial
# --------------------------------------------------------------------------------------------
MANAGEMENT = {
    "Taux de vacance": ("taux_vacance", "vacant_dwellings", "offered_dwellings"),
    "Vacance de plus de 3 mois": ("taux_vacance_3_mois", "long_vacant_dwellings",
                                  "offered_dwellings"),
    "Taux de rotation": ("taux_rotation", "turnover_moves_in", "turnover_base_dwellings"),
    "Loyer moyen au m²": ("loyer_m2", "let_rent_eur", "let_area_m2"),
    "Taux d'impayés": ("taux_impayes", "tenant_debt_eur", "billed_eur"),
    "PS-1": ("ps1", "ps1_numerator", "ps1_denominator"),
    "PS-2": ("ps2", "ps2_numerator", "ps2_denominator"),
}


def test_management_headlines_equal_the_mart(superset_server, data):
    charts = data["Pilotage territorial"]
    measured = 0
    for name, (metric, num, den) in MANAGEMENT.items():
        rows = query(superset_server.warehouse,
                     f"select year, sum({num}), sum({den}) from marts.kpi_management group by year")
        # the trendline leaves out the years where the indicator is not measured
        series = {y: v for y, v in trend_by_year(charts[name], metric).items() if v is not None}
        expected = {year: ratio(n, d) for year, n, d in rows if d}
        assert set(series) == set(expected), name
        for year, value in expected.items():
            assert series[year] == approx(value), (name, year)
        measured += len(expected)
    assert measured, "no management indicator measured in the demo warehouse"

    sums = ", ".join(f"sum({num}), sum({den})" for _, num, den in MANAGEMENT.values())
    rows = query(superset_server.warehouse, f"""
        select departement_code, {sums} from marts.kpi_management
        where year = (select max(year) from marts.kpi_management) group by departement_code""")
    table = {r["departement_code"]: r for r in charts["Indicateurs par département"]}
    assert set(table) == {r[0] for r in rows}
    for code, *values in rows:
        for i, (metric, _, _) in enumerate(MANAGEMENT.values()):
            assert table[code][metric] == approx(ratio(values[2 * i], values[2 * i + 1])), \
                (code, metric)
    communes = query(superset_server.warehouse, """
        select count(distinct commune_code) from marts.kpi_management
        where year = (select max(year) from marts.kpi_management)""")[0][0]
    assert len(charts["Indicateurs par commune"]) == communes


# --------------------------------------------------------------------------------------------
# Comparaison des bailleurs
# --------------------------------------------------------------------------------------------
LATEST = """{table}.period_year = (select max(c.period_year) from marts.{table} c
            where c.indicator_code = {table}.indicator_code)"""
#: a part (0 to 1) is shown in %
SHOWN = "case when unit = 'part' then 100 * {0} else {0} end"


def test_landlord_comparison_table_equals_the_mart(superset_server, data):
    shown = ", ".join(SHOWN.format(c) for c in (
        "value", "federation_q1", "federation_median", "federation_q3", "federation_value"))
    rows = query(superset_server.warehouse, f"""
        select indicator_label, period_year, landlord_name, rank_in_federation,
               landlords_compared, {shown}, case when unit = 'part' then '%' else unit end
        from marts.kpi_landlord_comparison
        where {LATEST.format(table='kpi_landlord_comparison')}""")
    assert rows
    indicators = {r[0] for r in rows}
    assert len(indicators) >= len(COMPARED_HEADLINES)
    table = data["Comparaison des bailleurs"]["Comparaison des bailleurs par indicateur"]
    keys = ["indicator_label", "period_year", "landlord_name", "rank_in_federation",
            "landlords_compared", "valeur_affichee", "q1_affiche", "mediane_affichee",
            "q3_affiche", "valeur_federation_affichee", "unite_affichee"]
    assert sorted(map(repr, (tuple(r[k] for k in keys) for r in table))) == \
        sorted(map(repr, rows))


def test_headline_bars_equal_the_mart(superset_server, data):
    charts = data["Comparaison des bailleurs"]
    for code, kpi in COMPARED_HEADLINES.items():
        rows = query(superset_server.warehouse, f"""
            select landlord_name, value, federation_q1, federation_median, federation_q3
            from marts.kpi_landlord_comparison
            where indicator_code = '{code}' and {LATEST.format(table='kpi_landlord_comparison')}""")
        assert rows, code
        bars = {r["landlord_name"]: r for r in charts[f"{kpi} par bailleur"]}
        assert set(bars) == {r[0] for r in rows}, code
        for name, value, q1, median, q3 in rows:
            assert bars[name]["valeur"] == approx(value), (code, name)
            assert (bars[name]["q1_federation"], bars[name]["mediane_federation"],
                    bars[name]["q3_federation"]) == (approx(q1), approx(median), approx(q3))


def test_territory_comparison_tables_equal_the_mart(superset_server, data):
    charts = data["Comparaison des bailleurs"]
    for scope, name in (("federation", "Ensemble de la fédération"),
                        ("region", "Fédération par région"),
                        ("departement", "Fédération par département")):
        rows = query(superset_server.warehouse, f"""
            select indicator_label, period_year, {SHOWN.format('value')}, landlords
            from marts.kpi_territory_comparison
            where scope = '{scope}' and {LATEST.format(table='kpi_territory_comparison')}""")
        assert rows, scope
        got = [(r["indicator_label"], r["period_year"], r["valeur_affichee"], r["landlords"])
               for r in charts[name]]
        assert sorted(map(repr, got)) == sorted(map(repr, rows)), scope
