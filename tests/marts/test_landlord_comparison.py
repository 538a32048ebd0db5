"""« Comparaison des bailleurs » (issue 14): kpi_landlord_comparison and kpi_territory_comparison
re-derived here from the source KPI marts, independently of the dbt macro that defines them.

- On the hand-made landlord of conftest.py (one landlord, published by the real pipeline): each
  indicator's numerator and denominator are the sums of the source mart's columns over all the
  landlord's rows (segments, communes, urgencies, surveys), and the landlord is named by the
  header line of its RPLS file (dim_landlord).
- On a federation of four landlords made from it (a copy of its build warehouse whose KPI
  marts gain three more landlords with other figures, then the comparison models rebuilt by
  dbt): the median and quartiles are numpy's (linear interpolation) of the landlords' values,
  the federation value is Σ numerators / Σ denominators (never the mean of the values), rank 1
  is the best value in the indicator's direction, and the federation rows of
  kpi_territory_comparison equal that federation value.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

from orchestration.settings import REPO_ROOT
from tests.support.rpls_files import LANDLORD_ID

# code: (source mart, period column, numerator, denominator or None for a total, row filter,
# higher is better) — the definitions of the brief, written again on purpose
STRICTEST_BAN_IN_FORCE = (
    "is_in_force and banned_from = (select max(steps.banned_from) from marts.kpi_rental_ban "
    "as steps where steps.millesime = m.millesime and steps.is_in_force)")
INDICATORS = {
    "DPE-PASSOIRES": ("kpi_decarbonation", "millesime", "passoires", "labelled_dwellings",
                      "true", False),
    "DPE-SANS_ETIQUETTE": ("kpi_decarbonation", "millesime", "unlabelled_dwellings",
                           "dwellings", "true", False),
    "DPE-INTERDICTION_LOCATION": ("kpi_rental_ban", "millesime", "dwellings_hit", "dwellings",
                                  STRICTEST_BAN_IN_FORCE, False),
    "DPE-EMISSIONS_TCO2E": ("kpi_decarbonation", "millesime", "emissions_tco2e_per_year", None,
                            "true", False),
    "INT-VACANCE": ("kpi_management", "year", "vacant_dwellings", "offered_dwellings", "true",
                    False),
    "GEST-ROTATION": ("kpi_management", "year", "turnover_moves_in", "turnover_base_dwellings",
                      "true", False),
    "GEST-LOYER_M2": ("kpi_management", "year", "let_rent_eur", "let_area_m2", "true", False),
    "GEST-IMPAYES": ("kpi_management", "year", "tenant_debt_eur", "billed_eur", "true", False),
    "INT-ASC_PANNES_4H": ("kpi_service_elevators", "year", "breakdowns_over_4h", "elevators",
                          "true", False),
    "INT-RECLA_DELAI": ("kpi_service_complaints", "year", "closed_within_deadline",
                        "tickets_due", "true", True),
    "INT-SAT_PROPRETE": ("kpi_satisfaction", "year", "satisfied_respondents", "respondents",
                         "theme = 'proprete_parties_communes'", True),
    "PS-1": ("kpi_management", "year", "ps1_numerator", "ps1_denominator", "true", True),
    "PS-2": ("kpi_management", "year", "ps2_numerator", "ps2_denominator", "true", True),
}
#: the hand-made inbox has no DPE file: no emissions; every other indicator has a figure
EXPECTED_ON_HAND_MADE = set(INDICATORS) - {"DPE-EMISSIONS_TCO2E"}
OTHER_LANDLORDS = {"021HLM002": (2, 1), "025HLM025": (1, 3), "024HLM024": (3, 2)}


def _from_source_marts(conn) -> dict[tuple[str, str, int], tuple[float, float | None]]:
    """{(landlord, code, period): (Σ numerator, Σ denominator)}: the figures of each département
    that exist (numerator known, denominator > 0 for a ratio), summed over the départements."""
    found = {}
    for code, (mart, period, num, den, where, _) in INDICATORS.items():
        exists = f"n is not null and {'true' if den is None else 'd > 0'}"
        rows = conn.execute(f"""
            with by_departement as (
                select landlord_id, {period} as period, departement_code,
                    sum({num})::double as n, {f'sum({den})::double' if den else 'null'} as d
                from marts.{mart} as m
                where landlord_id is not null and {where}
                group by all)
            select landlord_id, period, sum(n), sum(d) from by_departement
            where {exists} group by all""").fetchall()
        found.update({(landlord, code, period): (n, d) for landlord, period, n, d in rows})
    return found


def _comparison(conn) -> dict[tuple[str, str, int], dict]:
    cursor = conn.execute("select * from marts.kpi_landlord_comparison")
    names = [d[0] for d in cursor.description]
    return {(r["landlord_id"], r["indicator_code"], r["period_year"]): r
            for r in (dict(zip(names, row)) for row in cursor.fetchall())}


def test_each_landlord_figure_is_the_sum_of_its_source_mart_rows(published):
    conn, _ = published
    expected = _from_source_marts(conn)
    rows = _comparison(conn)
    assert {code for _, code, _ in expected} == EXPECTED_ON_HAND_MADE
    assert set(rows) == set(expected)
    for key, (numerator, denominator) in expected.items():
        row = rows[key]
        assert row["numerator"] == pytest.approx(numerator), key
        if denominator is None:
            assert row["denominator"] is None and row["value"] == pytest.approx(numerator), key
        else:
            assert row["denominator"] == pytest.approx(denominator), key
            assert row["value"] == pytest.approx(numerator / denominator), key
        # one landlord: it is its own distribution and the federation
        assert (row["landlords_compared"], row["rank_in_federation"]) == (1, 1), key
        for column in ("federation_median", "federation_q1", "federation_q3",
                       "federation_value"):
            assert row[column] == pytest.approx(row["value"]), (key, column)
    # by hand (conftest.py), 2026: vacant L4, L5, L10 among the 8 let or vacant dwellings of
    # Bordeaux (7) and Mérignac (L20): the landlord's figure spans both communes
    vacancy = rows[(LANDLORD_ID, "INT-VACANCE", 2026)]
    assert (vacancy["numerator"], vacancy["denominator"]) == (3, 8)
    assert vacancy["landlord_name"] == "OFFICE PUBLIC DE L'HABITAT TEST"


def test_the_landlord_is_named_by_its_rpls_header(published):
    conn, _ = published
    assert conn.execute(
        "select landlord_id, landlord_name, trade_name, region_code, departement_code, "
        "dwellings_in_stock from marts.dim_landlord").fetchall() == [
        (LANDLORD_ID, "OFFICE PUBLIC DE L'HABITAT TEST", "TEST HABITAT", "75", "33", 10)]


@pytest.fixture(scope="module")
def federation(published, tmp_path_factory: pytest.TempPathFactory):
    """The hand-made landlord's build warehouse, copied, its KPI marts holding three more
    landlords (numerators × a, denominators × b: other values, same rows), the comparison
    models rebuilt by dbt on the copy."""
    conn, _ = published
    serving = Path(conn.execute("select path from duckdb_databases() "
                                "where database_name = current_database()").fetchone()[0])
    root = tmp_path_factory.mktemp("federation")
    build = root / "warehouse.duckdb"
    shutil.copy(serving.parent.parent / "build" / "warehouse.duckdb", build)
    with duckdb.connect(str(build)) as copy:
        marts = {spec[0] for spec in INDICATORS.values()}
        for mart in sorted(marts):
            columns = [c for (c,) in copy.execute(
                "select column_name from information_schema.columns where table_schema = "
                "'marts' and table_name = ? order by ordinal_position", [mart]).fetchall()]
            numerators = {spec[2] for spec in INDICATORS.values() if spec[0] == mart}
            denominators = {spec[3] for spec in INDICATORS.values() if spec[0] == mart} - {None}
            for landlord, (a, b) in OTHER_LANDLORDS.items():
                select = ", ".join(
                    f"'{landlord}'" if c == "landlord_id"
                    else f"{c} * {a}" if c in numerators
                    else f"{c} * {b}" if c in denominators
                    else c for c in columns)
                copy.execute(f"insert into marts.{mart} select {select} from marts.{mart} "
                             f"where landlord_id = '{LANDLORD_ID}'")
    env = {**os.environ, "BUILD_WAREHOUSE": str(build)}
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "run", "--select", "agg_federation__indicators_by_departement+",
         "--project-dir", str(REPO_ROOT / "dbt_project"),
         "--profiles-dir", str(REPO_ROOT / "dbt_project"),
         "--target-path", str(root / "target"), "--log-path", str(root / "logs")],
        env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(build), read_only=True) as built:
        yield built


def test_distribution_pooling_and_rank_of_a_federation(federation):
    expected = _from_source_marts(federation)
    rows = _comparison(federation)
    assert set(rows) == set(expected)
    periods = {(code, period) for _, code, period in rows}
    assert {code for code, _ in periods} == EXPECTED_ON_HAND_MADE
    for code, period in sorted(periods):
        members = {k[0]: r for k, r in rows.items() if k[1:] == (code, period)}
        assert set(members) == {LANDLORD_ID, *OTHER_LANDLORDS}, (code, period)
        values = np.array([r["value"] for r in members.values()])
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        numerators = sum(expected[(landlord, code, period)][0] for landlord in members)
        total = INDICATORS[code][3] is None
        pooled = numerators if total else numerators / sum(
            expected[(landlord, code, period)][1] for landlord in members)
        higher_is_better = INDICATORS[code][5]
        for landlord, row in members.items():
            assert row["landlords_compared"] == 4
            assert row["higher_is_better"] is higher_is_better
            assert row["federation_median"] == pytest.approx(median), (code, period)
            assert row["federation_q1"] == pytest.approx(q1), (code, period)
            assert row["federation_q3"] == pytest.approx(q3), (code, period)
            assert row["federation_value"] == pytest.approx(pooled), (code, period)
            better = (values > row["value"]) if higher_is_better else (values < row["value"])
            assert row["rank_in_federation"] == 1 + int(better.sum()), (code, period, landlord)
    territory = {(code, period): (value, landlords) for code, period, value, landlords in
                 federation.execute(
                     "select indicator_code, period_year, value, landlords from "
                     "marts.kpi_territory_comparison where scope = 'federation'").fetchall()}
    assert set(territory) == periods
    for (code, period), (value, landlords) in territory.items():
        member = next(r for k, r in rows.items() if k[1:] == (code, period))
        assert value == pytest.approx(member["federation_value"]) and landlords == 4


def test_territory_rows_pool_the_departements_without_naming_a_landlord(federation):
    columns = {c for (c,) in federation.execute(
        "select column_name from information_schema.columns "
        "where table_name = 'kpi_territory_comparison'").fetchall()}
    assert "landlord_id" not in columns and "landlord_name" not in columns
    by_scope = federation.execute(
        "select scope, territory_code, indicator_code, period_year, numerator, denominator "
        "from marts.kpi_territory_comparison").fetchall()
    assert {scope for scope, *_ in by_scope} == {"federation", "region", "departement"}
    departements = {(t, c, p): (n, d) for s, t, c, p, n, d in by_scope if s == "departement"}
    federation_rows = {(c, p): (n, d) for s, _, c, p, n, d in by_scope if s == "federation"}
    for (code, period), (numerator, denominator) in federation_rows.items():
        parts = [v for (_, c, p), v in departements.items() if (c, p) == (code, period)]
        assert numerator == pytest.approx(sum(n for n, _ in parts))
        if denominator is not None:
            assert denominator == pytest.approx(sum(d for _, d in parts))
