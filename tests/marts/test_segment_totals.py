"""Cutting the service and management KPI marts by segment (landlord, agence, QPV, financing;
issue 6) must not change any figure a dashboard shows without a segment filter: per period and
commune (and urgency, survey, theme), every count summed over the segments equals the count
taken directly from the fact tables. A join that loses rows (a null agence, a dwelling or
building without segment) or duplicates them (a segment lookup with two rows) breaks this.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


def _by_key(conn: duckdb.DuckDBPyConnection, sql: str) -> dict:
    return {tuple(r[:-1]): r[-1] for r in conn.execute(sql).fetchall()}


def _measures(conn: duckdb.DuckDBPyConnection, sql: str, width: int) -> dict:
    """Rows of `sql` as {key (first `width` columns): measures (the others)}."""
    return {tuple(r[:width]): tuple(r[width:]) for r in conn.execute(sql).fetchall()}


STOCK_FROM_FACTS = """
    select snapshot.millesime, territory.commune_code,
        count(*),
        count(*) filter (where occupancy_code = '1'),
        count(*) filter (where occupancy_code = '2'),
        count(*) filter (where occupancy_code in ('1', '2')),
        count(*) filter (where occupancy_code = '3')
    from marts.fct_dwelling_snapshot as snapshot
    join marts.dim_territory as territory using (territory_code)
    where snapshot.is_in_stock
    group by all"""
STOCK_FROM_MART = """
    select year, commune_code, sum(dwellings_in_stock), sum(let_dwellings),
        sum(vacant_dwellings), sum(offered_dwellings), sum(technical_vacant_dwellings)
    from marts.kpi_management
    where dwellings_in_stock is not null
    group by all"""


def test_stock_segments_add_up_to_the_dwelling_facts(serving_warehouse: Path):
    with duckdb.connect(str(serving_warehouse), read_only=True) as conn:
        facts = _measures(conn, STOCK_FROM_FACTS, 2)
        mart = _measures(conn, STOCK_FROM_MART, 2)
    assert facts, "the published warehouse holds no dwelling"
    assert mart == facts


def test_stock_segments_of_the_hand_made_landlord_add_up(published):
    """The same property on a stock split into several segments per commune."""
    conn, _ = published
    assert conn.execute("select count(*) from marts.kpi_management "
                        "where dwellings_in_stock is not null").fetchone()[0] \
        > len(_measures(conn, STOCK_FROM_FACTS, 2))
    assert _measures(conn, STOCK_FROM_MART, 2) == _measures(conn, STOCK_FROM_FACTS, 2)


@pytest.mark.parametrize(("mart_sql", "facts_sql"), [
    pytest.param(
        """select year, commune_code, sum(attributions), sum(ps1_denominator), sum(ps2_numerator)
           from marts.kpi_management where attributions is not null group by all""",
        """select decision_year, commune_code, count(*), count(*) filter (where not is_dwelling_in_qpv),
               count(*) filter (where is_dalo or is_priority)
           from marts.fct_attribution join marts.dim_territory using (territory_code) group by all""",
        id="attributions"),
    pytest.param(
        """select year, commune_code, sum(households), sum(households_with_member_65_plus)
           from marts.kpi_management where households is not null group by all""",
        """select observed_year, commune_code, count(*), count(*) filter (where has_member_aged_65_plus)
           from marts.dim_household join marts.dim_territory using (territory_code) group by all""",
        id="households"),
    pytest.param(
        """select year, commune_code, sum(billed_eur), sum(collected_eur)
           from marts.kpi_management where billed_eur is not null group by all""",
        """select billing_year, commune_code, sum(total_billed), sum(amount_paid)
           from marts.fct_rent_billing join marts.dim_territory using (territory_code) group by all""",
        id="rent billing"),
    pytest.param(
        """select year, commune_code, urgency, sum(tickets), sum(closed_tickets), sum(tickets_due),
               sum(closed_within_deadline)
           from marts.kpi_service_complaints group by all""",
        """select opened_year, commune_code, urgency, count(*), count(*) filter (where is_closed),
               count(is_within_deadline), count(*) filter (where is_within_deadline)
           from marts.fct_ticket join marts.dim_territory using (territory_code)
           where kind = 'reclamation' and not is_cancelled group by all""",
        id="complaints"),
    pytest.param(
        """select year, commune_code, survey, theme, sum(respondents), sum(satisfied_respondents),
               sum(total_score)
           from marts.kpi_satisfaction group by all""",
        """select survey_year, commune_code, survey, theme, count(*), count(*) filter (where is_satisfied),
               sum(score)
           from marts.fct_survey_response join marts.dim_territory using (territory_code) group by all""",
        id="satisfaction"),
    pytest.param(
        """select year, commune_code, sum(breakdowns), sum(breakdowns_over_4h)
           from marts.kpi_service_elevators where breakdowns > 0 group by all""",
        """select breakdown_year, commune_code, count(*), count(*) filter (where is_over_4h)
           from marts.fct_elevator_breakdown join marts.dim_territory using (territory_code)
           group by all""",
        id="elevator breakdowns"),
])
def test_service_and_management_segments_add_up_to_the_facts(published, mart_sql, facts_sql):
    conn, _ = published
    width = 4 if "survey" in facts_sql else 3 if "urgency" in facts_sql else 2
    facts = _measures(conn, facts_sql, width)
    assert facts, "the hand-made landlord has no such fact"
    assert _measures(conn, mart_sql, width) == facts
