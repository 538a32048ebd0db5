"""Service-quality and management KPIs, end to end: the hand-made landlord of conftest.py through
the real pipeline, and the published marts compared with figures computed by hand below.

The marts are cut by segment (landlord, agence, QPV, financing): a commune's figure is the one a
dashboard shows with no segment filter, Σ of the counts over the commune's rows and every rate
Σ numerator / Σ denominator (the Superset metrics); the segment tests read single rows.
"""

from __future__ import annotations

import datetime as dt

import pytest

BORDEAUX, MERIGNAC = "33063", "33281"
LANDLORD = "330000042"

#: rate -> (numerator, denominator), re-aggregated over segments as the dashboards do
RATES = {
    "vacancy_rate": ("vacant_dwellings", "offered_dwellings"),
    "long_vacancy_rate": ("long_vacant_dwellings", "offered_dwellings"),
    "technical_vacancy_rate": ("technical_vacant_dwellings", "dwellings_in_stock"),
    "turnover_rate": ("turnover_moves_in", "turnover_base_dwellings"),
    "rent_per_m2": ("let_rent_eur", "let_area_m2"),
    "arrears_rate": ("tenant_debt_eur", "billed_eur"),
    "recovery_rate": ("collected_eur", "billed_eur"),
    "ps1_rate": ("ps1_numerator", "ps1_denominator"),
    "ps2_rate": ("ps2_numerator", "ps2_denominator"),
    "below_60pct_plus_ceiling_rate": ("households_below_60pct_plus_ceiling",
                                      "households_with_known_resources"),
    "member_65_plus_rate": ("households_with_member_65_plus", "households"),
    "rehabilitation_cost_per_dwelling": ("rehabilitation_cost_eur", "dwellings_in_stock"),
    "rehabilitation_cost_per_dwelling_concerned": ("rehabilitation_cost_eur",
                                                   "rehabilitated_dwellings"),
    "breakdowns_over_4h_per_elevator": ("breakdowns_over_4h", "elevators"),
    "average_delay_hours": ("total_delay_hours", "closed_tickets"),
    "within_deadline_rate": ("closed_within_deadline", "tickets_due"),
    "satisfaction_rate": ("satisfied_respondents", "respondents"),
    "average_score": ("total_score", "respondents"),
}
NOT_ADDITIVE = {"median_delay_hours", "availability_rate"}


def _rows(conn, sql: str) -> list[dict]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _totals(conn, mart: str, where: str) -> dict:
    """The figures of the rows matching `where` re-aggregated over their segments: Σ of every
    count and amount, every rate Σ numerator / Σ denominator, labels and dates as they are."""
    columns = conn.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' and table_name = ? order by ordinal_position",
        [mart]).fetchall()
    select = ["count(*) as segment_rows"]
    for name, data_type in columns:
        if name in RATES:
            num, den = RATES[name]
            select.append(f"sum({num}) / nullif(sum({den}), 0) as {name}")
        elif name == "availability_rate":
            select.append("1 - sum(downtime_hours) / nullif(sum(service_hours), 0) as "
                          "availability_rate")
        elif data_type in ("BIGINT", "DOUBLE") and name not in NOT_ADDITIVE:
            select.append(f"sum({name}) as {name}")
        elif name not in NOT_ADDITIVE:
            select.append(f"max({name}) as {name}")
    row = _rows(conn, f"select {', '.join(select)} from marts.{mart} where {where}")[0]
    assert row["segment_rows"] > 0, f"no row of {mart} where {where}"
    return row


def test_stock_indicators_at_1_january(published):
    conn, _ = published
    row = _totals(conn, "kpi_management", f"year = 2026 and commune_code = '{BORDEAUX}'")
    # in stock L1-L7, L9, L10 = 9; MODE 1 or 2 = L1, L2, L3, L7 + L4, L5, L10 = 7
    assert (row["dwellings_in_stock"], row["offered_dwellings"]) == (9, 7)
    assert (row["vacant_dwellings"], row["vacancy_rate"]) == (3, pytest.approx(3 / 7))
    assert (row["long_vacant_dwellings"], row["long_vacancy_rate"]) == (1, pytest.approx(1 / 7))
    assert row["vacant_since_unknown_dwellings"] == 1
    assert row["technical_vacancy_rate"] == pytest.approx(1 / 9)
    # base: MODE 1/2 first let ≤ 2024 = L1, L2, L4, L5, L7, L10; 2025 move-ins: L1
    assert (row["turnover_moves_in"], row["turnover_base_dwellings"]) == (1, 6)
    assert row["turnover_rate"] == pytest.approx(1 / 6)
    assert (row["let_rent_eur"], row["let_area_m2"]) == (1500, 180)
    assert row["rent_per_m2"] == pytest.approx(1500 / 180)
    assert (row["commune_name"], row["departement_code"]) == ("Bordeaux", "33")


def test_stock_split_by_qpv_and_financing(published):
    conn, _ = published
    rows = _rows(conn, f"select * from marts.kpi_management where year = 2026 "
                       f"and commune_code = '{BORDEAUX}' and dwellings_in_stock is not null")
    by_segment = {(r["qpv_label"], r["financing_label"]):
                  (r["dwellings_in_stock"], r["vacant_dwellings"], r["let_rent_eur"])
                  for r in rows}
    # L4 (vacant) is the one dwelling in a QPV, L2 (let, 600 €) the one PLS
    assert by_segment == {("Hors QPV", "PLUS"): (7, 2, 900), ("Hors QPV", "PLS"): (1, 0, 600),
                          ("En QPV", "PLUS"): (1, 1, 0)}
    assert {(r["landlord_id"], r["agence_code"], r["direction_code"]) for r in rows} \
        == {(LANDLORD, None, None)}  # no organisation file: no agence, no direction


def test_rent_collection_attributions_and_households(published):
    conn, _ = published
    row = _totals(conn, "kpi_management", f"year = 2025 and commune_code = '{BORDEAUX}'")
    # billed 500+500+750+750 = 2500; collected 500+0+750+1000 = 2250; debts at 31/12 500+125
    assert (row["billed_eur"], row["collected_eur"], row["tenant_debt_eur"]) == (2500, 2250, 625)
    assert row["arrears_observed_on"] == dt.date(2025, 12, 31)
    assert row["arrears_rate"] == pytest.approx(0.25)
    assert row["recovery_rate"] == pytest.approx(0.9)
    # PS-1: A1 / (A1, A2, A3, A4) outside QPV; PS-2: (A2 DALO, A3 priority) / 5
    assert (row["ps1_numerator"], row["ps1_denominator"]) == (1, 4)
    assert (row["ps2_numerator"], row["ps2_denominator"]) == (2, 5)
    assert (row["ps1_rate"], row["ps2_rate"]) == (pytest.approx(0.25), pytest.approx(0.4))
    # households M1-M4: below 60 % = M1 / 3 known; 65+ = M1, M3 / 4
    assert (row["households_below_60pct_plus_ceiling"],
            row["households_with_known_resources"]) == (1, 3)
    assert (row["households_with_member_65_plus"], row["households"]) == (2, 4)
    assert row["dwellings_in_stock"] is None  # no RPLS 2025 file: stock columns stay empty


def test_attributions_and_billing_follow_their_dwelling_segment(published):
    conn, _ = published
    rows = {(r["qpv_label"], r["financing_label"]): r for r in _rows(
        conn, f"select * from marts.kpi_management where year = 2025 "
              f"and commune_code = '{BORDEAUX}'")}
    attributions = {k: (r["attributions"], r["ps1_denominator"]) for k, r in rows.items()
                    if r["attributions"]}
    # A3 on L2 (PLS); A4 on L4, in a QPV by the RPLS (filter « QPV ») but outside by the
    # attribution file (PS-1 scope); A5 the other way round: out of PS-1, outside QPV by the RPLS
    assert attributions == {("Hors QPV", "PLUS"): (3, 2), ("Hors QPV", "PLS"): (1, 1),
                            ("En QPV", "PLUS"): (1, 1)}
    # B2 on L2 (PLS): 750 + 750 billed; B1 on L1: 500 + 500; B9's departed debt on L4 (QPV)
    assert rows[("Hors QPV", "PLS")]["billed_eur"] == 1500
    assert (rows[("Hors QPV", "PLUS")]["billed_eur"],
            rows[("Hors QPV", "PLUS")]["tenant_debt_eur"]) == (1000, 500)
    assert (rows[("En QPV", "PLUS")]["billed_eur"],
            rows[("En QPV", "PLUS")]["departed_tenant_debt_eur"]) == (None, 125)


def test_works_per_dwelling(published):
    conn, _ = published
    row = _totals(conn, "kpi_management", f"year = 2026 and commune_code = '{BORDEAUX}'")
    # received in 2026: O1 300 000 + O2 60 000 over 9 dwellings in stock, 20 concerned
    assert (row["rehabilitation_cost_eur"], row["rehabilitated_dwellings"]) == (360000, 20)
    assert row["rehabilitation_cost_per_dwelling"] == pytest.approx(40000)
    assert row["rehabilitation_cost_per_dwelling_concerned"] == pytest.approx(18000)
    assert (row["delivered_dwellings"], row["delivery_programmes"]) == (30, 1)


def test_works_segments(published):
    conn, _ = published
    rows = _rows(conn, f"select * from marts.kpi_management where year = 2026 "
                       f"and commune_code = '{BORDEAUX}' and (delivered_dwellings is not null "
                       "or rehabilitation_operations is not null)")
    works = {(r["landlord_id"], r["qpv_label"], r["financing_label"]):
             (r["delivery_programmes"], r["delivered_dwellings"], r["rehabilitation_cost_eur"])
             for r in rows}
    # rehabilitation of B0000: its segments, financing = main family of its dwellings (PLUS);
    # N1 (building B0009, not in the RPLS yet): financing and QPV of the delivery lines, the
    # landlord of its file, one programme counted on its largest line (same segment as B0000's
    # rehabilitation: one row)
    assert works == {(LANDLORD, "Hors QPV", "PLUS"): (1, 20, 360000),
                     (LANDLORD, "Hors QPV", "PLAI"): (0, 10, None)}


def test_elevators(published):
    conn, _ = published
    bordeaux = _totals(conn, "kpi_service_elevators",
                       f"year = 2026 and commune_code = '{BORDEAUX}'")
    merignac = _totals(conn, "kpi_service_elevators",
                       f"year = 2026 and commune_code = '{MERIGNAC}'")
    assert {r["commune_code"] for r in _rows(
        conn, "select commune_code from marts.kpi_service_elevators where year = 2026")} \
        == {BORDEAUX, MERIGNAC}
    # 1 January → as-of 31 January 00:00 = 720 h per elevator; downtime 2 + 6 + 5 = 13 h
    assert (bordeaux["elevators"], bordeaux["breakdowns"], bordeaux["breakdowns_over_4h"]) \
        == (2, 3, 2)
    assert bordeaux["breakdowns_over_4h_per_elevator"] == pytest.approx(1.0)
    assert (bordeaux["downtime_hours"], bordeaux["service_hours"]) == (13, 1440)
    assert bordeaux["availability_rate"] == pytest.approx(1 - 13 / 1440)
    assert merignac["availability_rate"] == pytest.approx(1 - 24 / 720)
    columns = {r["column_name"] for r in _rows(
        conn, "select column_name from information_schema.columns "
              "where table_name = 'kpi_service_elevators'")}
    assert {"landlord_id", "agence_code", "agence_name", "qpv_label"} <= columns
    assert "financing_label" not in columns  # an elevator has no financing


def test_complaints_within_deadline_per_urgency(published):
    conn, before = published
    where = f"year = 2026 and commune_code = '{BORDEAUX}'"
    u1 = _totals(conn, "kpi_service_complaints", f"{where} and urgency = 'U1'")
    u2 = _totals(conn, "kpi_service_complaints", f"{where} and urgency = 'U2'")
    u3 = _totals(conn, "kpi_service_complaints", f"{where} and urgency = 'U3'")
    # U1: T1 3.5 h in time, T2 4.5 h late (T5 is a work order: not counted)
    assert (u1["tickets"], u1["closed_within_deadline"], u1["tickets_due"]) == (2, 1, 2)
    assert u1["average_delay_hours"] == pytest.approx(4.0)
    # U3: T3 opened Friday 16:00, closed next Friday 17:00 (169 h, 5 working days: in time);
    #     T4 opened Saturday, due the same Friday, closed Monday 09:00 (215 h): late
    assert (u3["closed_within_deadline"], u3["tickets_due"]) == (1, 2)
    assert u3["within_deadline_rate"] == pytest.approx(0.5)
    # U2: T6 open, not yet due at the first load; closed 4 h later in the next daily export
    assert [(r["tickets"], r["closed_tickets"], r["tickets_due"]) for r in before] == [(1, 0, 0)]
    assert (u2["closed_tickets"], u2["tickets_due"], u2["within_deadline_rate"]) == (1, 1, 1.0)
    assert u2["total_delay_hours"] == pytest.approx(4.0)


def test_complaints_segments(published):
    conn, _ = published
    rows = {(r["urgency"], r["qpv_label"], r["financing_label"]):
            (r["tickets"], r["median_delay_hours"]) for r in _rows(
                conn, f"select * from marts.kpi_service_complaints where year = 2026 "
                      f"and commune_code = '{BORDEAUX}'")}
    # T1, T3 on L1 (PLUS), T2 on L2 (PLS), T6 on L3 (PLUS); T4 on building B0000's common
    # areas: the building's segments, no financing. A median is per segment (not additive).
    assert rows == {("U1", "Hors QPV", "PLUS"): (1, pytest.approx(3.5)),
                    ("U1", "Hors QPV", "PLS"): (1, pytest.approx(4.5)),
                    ("U2", "Hors QPV", "PLUS"): (1, pytest.approx(4.0)),
                    ("U3", "Hors QPV", "PLUS"): (1, pytest.approx(169)),
                    ("U3", "Hors QPV", None): (1, pytest.approx(215))}


def test_satisfaction_with_cleanliness(published):
    conn, _ = published
    row = _totals(conn, "kpi_satisfaction", f"year = 2025 and commune_code = '{BORDEAUX}' "
                                            "and theme = 'proprete_parties_communes'")
    # scores 6, 7, 9, 10 (R4 answers for building B0000) → 3 of 4 satisfied
    assert (row["survey"], row["respondents"], row["satisfied_respondents"]) \
        == ("triennale", 4, 3)
    assert row["satisfaction_rate"] == pytest.approx(0.75)
    by_financing = {r["financing_label"]: (r["respondents"], r["satisfied_respondents"])
                    for r in _rows(conn, "select * from marts.kpi_satisfaction "
                                         "where theme = 'proprete_parties_communes'")}
    # R1 (6), R3 (9) in PLUS dwellings, R2 (7) in the PLS one, R4 by building only: no financing
    assert by_financing == {"PLUS": (2, 1), "PLS": (1, 1), None: (1, 1)}


def test_facts_carry_keys_and_no_clear_identifier(published):
    conn, _ = published
    leases = _rows(conn, "select lease_id, household_key, dwelling_key from marts.fct_lease")
    assert len(leases) == 5
    assert all(r["lease_id"] not in {"B1", "B2", "B3", "B4", "B9"} for r in leases)
    assert all(r["household_key"] not in {"M1", "M2", "M3", "M4", "M9"} for r in leases)
    assert {r["dwelling_key"] for r in leases} == {
        f"330000042-L{n:06d}" for n in (1, 2, 3, 4, 7)}
    tickets = _rows(conn, "select ticket_id, territory_code from marts.fct_ticket "
                          "order by ticket_id")
    assert [r["ticket_id"] for r in tickets] == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert {r["territory_code"] for r in tickets} == {BORDEAUX}
