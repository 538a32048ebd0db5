"""The decarbonation KPI marts at the segment grain (landlord, agence, QPV, financing; issue 6).

Splitting a commune's row into segments must not change any total a dashboard shows: on the
warehouse the real pipeline published, each count summed over the segments of a (millésime,
commune) equals the count taken directly from the dwelling facts, per QPV and financing label
too (labels from the RPLS codes as the segment contract defines them), and every segment value
is one the dashboards' filters know.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

QPV_LABELS = {"En QPV", "Hors QPV", "Non renseigné"}
FINANCING_LABELS = {"PLAI", "PLUS", "PLS", "PLI", "Financement avant 1977", "Autre financement",
                    "Non renseigné"}
#: RPLS FINAN -> family, as written in the segment contract (seed financing_families)
FINANCING_FAMILIES = {
    **dict.fromkeys(("10", "11"), "PLAI"), **dict.fromkeys(("12", "13"), "PLUS"),
    "14": "PLS", "16": "PLI",
    **dict.fromkeys(("50", "51", "52", "53", "54", "55", "99"), "Financement avant 1977"),
    **dict.fromkeys(("15", "17", "49"), "Autre financement"),
}
DWELLING_MARTS = ("kpi_decarbonation", "kpi_rental_ban", "kpi_renovations")
SEGMENTS = ("landlord_id", "agence_code", "agence_name", "qpv_label", "financing_label")


@pytest.fixture(scope="module")
def warehouse(serving_warehouse: Path):
    conn = duckdb.connect(str(serving_warehouse), read_only=True)
    yield conn
    conn.close()


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> dict:
    return {tuple(r[:-1]): r[-1] for r in conn.execute(sql).fetchall()}


def _in_stock_facts(conn: duckdb.DuckDBPyConnection) -> str:
    """The in-stock dwellings with their commune and contract labels, computed from the facts."""
    finan = " ".join(f"when '{code}' then '{label}'" for code, label in FINANCING_FAMILIES.items())
    return f"""
        select snapshot.*, territory.commune_code,
            case snapshot.is_in_qpv when true then 'En QPV' when false then 'Hors QPV'
                else 'Non renseigné' end as qpv_label,
            case snapshot.financing_code {finan} else 'Non renseigné' end as financing_label
        from marts.fct_dwelling_snapshot as snapshot
        join marts.dim_territory as territory using (territory_code)
        where snapshot.is_in_stock"""


@pytest.mark.parametrize("mart", DWELLING_MARTS)
def test_marts_carry_the_five_segment_columns_with_known_values(warehouse, mart):
    columns = {c for (c,) in warehouse.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'marts' and table_name = ?", [mart]).fetchall()}
    assert set(SEGMENTS) <= columns
    qpv, financing, landlords = warehouse.execute(f"""
        select list(distinct qpv_label), list(distinct financing_label),
            count(*) filter (where landlord_id is null)
        from marts.{mart}""").fetchone()
    assert set(qpv or []) <= QPV_LABELS
    assert set(financing or []) <= FINANCING_LABELS
    assert landlords == 0


def test_commitments_carry_only_the_landlord_segment(warehouse):
    """Commitments are signed per landlord and territory: the « Bailleur » filter only."""
    columns = {c for (c,) in warehouse.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'marts' and table_name = 'kpi_commitments'").fetchall()}
    assert columns & set(SEGMENTS) == {"landlord_id"}


def test_decarbonation_segments_add_up_to_the_dwelling_facts(warehouse):
    facts = _in_stock_facts(warehouse)
    measures = ("count(*)", "count(*) filter (where dpe_energy_class is not null)",
                "count(*) filter (where dpe_energy_class in ('F', 'G'))")
    expected = _rows(warehouse, f"""
        select millesime, commune_code, qpv_label, financing_label,
            [{', '.join(measures)}]
        from ({facts}) group by all""")
    actual = _rows(warehouse, """
        select millesime, commune_code, qpv_label, financing_label,
            [sum(dwellings), sum(labelled_dwellings), sum(passoires)]
        from marts.kpi_decarbonation group by all""")
    assert expected, "no dwelling in stock in the published warehouse"
    assert actual == expected


def test_rental_ban_segments_add_up_to_the_dwelling_facts(warehouse):
    facts = _in_stock_facts(warehouse)
    hit = {"G": "('G')", "F": "('F', 'G')", "E": "('E', 'F', 'G')"}
    expected = {}
    for step, classes in hit.items():
        expected |= _rows(warehouse, f"""
            select millesime, commune_code, '{step}', [count(*),
                count(*) filter (where dpe_energy_class in {classes})]
            from ({facts}) group by all""")
    actual = _rows(warehouse, """
        select millesime, commune_code, ban_step, [sum(dwellings), sum(dwellings_hit)]
        from marts.kpi_rental_ban where ban_step in ('G', 'F', 'E') group by all""")
    assert expected
    assert actual == expected
