"""Every new suite fails on a deliberately broken table and passes on the clean one."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.runner import validate_dataframe
from expectations.suites import dpe_label_consistency, kpi_marts, sources
from expectations.suites.spec import from_module
from orchestration.lib.contracts import Column, Contract, load_contracts

CONTRACTS = load_contracts()
PATTERN_VALUES = {
    "[0-9A-Z]{13}": lambda n: f"{n:013d}",
    "[0-9A-Z]{9}": lambda n: f"{n:09d}",
    "[A-Z]{1,3}-[0-9]{1,2}|INT-[A-Z0-9_]+": lambda n: f"PP-{n + 1}",
}


def _value(column: Column, n: int):
    if column.codes:
        return column.codes[n % len(column.codes)]
    if column.pattern and column.pattern in PATTERN_VALUES:
        return PATTERN_VALUES[column.pattern](n)
    match column.type:
        case "integer" | "decimal":
            low = column.min if column.min is not None else 0
            return low + (1 if column.max is None or column.max > low else 0)
        case "date" | "month":
            return pd.Timestamp(column.min or "2024-01-01") + pd.Timedelta(days=400)
        case "timestamp":
            return pd.Timestamp("2025-03-01 08:00") + pd.Timedelta(hours=n)
        case "boolean":
            return True
        case "commune":
            return "33063"
    return f"v{n}"


def clean_raw(contract: Contract, rows: int = 3) -> pd.DataFrame:
    data = {c.name: [_value(c, n) for n in range(rows)] for c in contract.columns}
    for k in contract.key:  # keys unique
        column = contract.column(k)
        if not column.codes and column.type in ("text",):
            data[k] = [PATTERN_VALUES[column.pattern](n) if column.pattern else f"{k}{n}"
                       for n in range(rows)]
    df = pd.DataFrame(data)
    if contract.source == "tickets":
        df["closed_at"] = df["opened_at"] + pd.Timedelta(hours=2)
    for name in sources.LINEAGE:
        df[name] = "x"
    return df


def _key_is_combinable(contract: Contract) -> bool:
    df = clean_raw(contract)
    return not df.duplicated(list(contract.key)).any()


@pytest.mark.parametrize("source", sorted(CONTRACTS))
def test_contract_suite_passes_on_a_clean_raw_table(source):
    contract = CONTRACTS[source]
    df = clean_raw(contract)
    if not _key_is_combinable(contract):
        df = df.iloc[[0]]
    outcome = validate_dataframe(df, sources.build_contract_suite(contract))
    assert outcome.success, [(f.expectation, f.column, f.examples, f.error)
                             for f in outcome.failures]


@pytest.mark.parametrize("source", sorted(CONTRACTS))
def test_contract_suite_fails_on_a_duplicate_key_and_a_missing_required_value(source):
    contract = CONTRACTS[source]
    df = clean_raw(contract).iloc[[0]]
    df = pd.concat([df, df], ignore_index=True)
    required = next(c.name for c in contract.columns if c.required)
    df[required] = df[required].astype(object)
    df.loc[1, required] = None
    failed = {f.expectation for f in
              validate_dataframe(df, sources.build_contract_suite(contract)).failures}
    assert "expect_column_values_to_not_be_null" in failed
    if required not in contract.key:
        assert failed & {"expect_column_values_to_be_unique",
                         "expect_compound_columns_to_be_unique"}


def test_contract_suite_catches_a_bad_code_a_range_and_a_missing_column():
    contract = CONTRACTS["dpe"]
    df = clean_raw(contract)
    df.loc[0, "etiquette_dpe"] = "H"
    df.loc[1, "emission_ges_5_usages_par_m2"] = 900.0
    failed = {(f.expectation, f.column) for f in
              validate_dataframe(df.drop(columns=["adresse_ban"]),
                                 sources.build_contract_suite(contract)).failures}
    assert ("expect_column_values_to_be_in_set", "etiquette_dpe") in failed
    assert ("expect_column_values_to_be_between", "emission_ges_5_usages_par_m2") in failed
    assert ("expect_table_columns_to_match_set", None) in failed


def test_a_ticket_closed_before_it_opened_fails_the_tickets_suite():
    contract = CONTRACTS["tickets"]
    df = clean_raw(contract)
    assert validate_dataframe(df, sources.build_contract_suite(contract)).success
    df.loc[1, "closed_at"] = df.loc[1, "opened_at"] - pd.Timedelta(hours=1)
    failed = validate_dataframe(df, sources.build_contract_suite(contract)).failures
    assert [f.expectation for f in failed] == ["expect_column_pair_values_a_to_be_greater_than_b"]
    assert failed[0].unexpected_count == 1


def _dpe(energy, ges, labels, date="2024-05-01", surface=60.0):
    n = len(labels)
    return pd.DataFrame({
        "date_etablissement_dpe": [pd.Timestamp(date)] * n,
        "surface_habitable_logement": [surface] * n,
        "conso_5_usages_par_m2_ep": energy, "emission_ges_5_usages_par_m2": ges,
        "etiquette_dpe": labels,
    })


def test_dpe_label_is_the_worse_of_energy_and_ges_classes():
    assert dpe_label_consistency.expected_label(70, 6) == "A"
    assert dpe_label_consistency.expected_label(71, 6) == "B"
    assert dpe_label_consistency.expected_label(100, 35) == "D"   # GES worse
    assert dpe_label_consistency.expected_label(421, 2) == "G"


def test_dpe_consistency_passes_when_mostly_consistent_and_fails_otherwise():
    spec = from_module(dpe_label_consistency)
    assert not spec.blocking
    good = _dpe([100.0] * 20, [5.0] * 20, ["B"] * 20)
    assert validate_dataframe(spec.prepare(good), spec.build()).success
    one_off = good.copy()
    one_off.loc[0, "etiquette_dpe"] = "A"   # 1 in 20 = 95 % consistent: fine
    assert validate_dataframe(spec.prepare(one_off), spec.build()).success
    bad = good.copy()
    bad.loc[:4, "etiquette_dpe"] = "A"      # 5 in 20 inconsistent
    outcome = validate_dataframe(spec.prepare(bad), spec.build())
    assert not outcome.success and outcome.failures[0].unexpected_count == 5
    # pre-July-2021 DPE and small dwellings are not compared
    old = _dpe([100.0] * 3, [5.0] * 3, ["G"] * 3, date="2020-01-01")
    small = _dpe([100.0] * 3, [5.0] * 3, ["G"] * 3, surface=30.0)
    assert validate_dataframe(spec.prepare(old), spec.build()).success
    assert validate_dataframe(spec.prepare(small), spec.build()).success


def clean_mart(rules: kpi_marts.MartRules) -> pd.DataFrame:
    n = 3
    df = pd.DataFrame({k: [f"{k}{i}" for i in range(n)] for k in rules.key})
    for c in rules.counts:
        df[c] = [10, 20, 30]
    for num, den in rules.ratios:
        df[den] = [10, 20, 30]
        df[num] = [5, 20, 0]
    for c in rules.shares:
        df[c] = [0.0, 0.5, 1.0]
    return df


@pytest.mark.parametrize("rules", kpi_marts.MARTS, ids=lambda r: r.table)
def test_mart_suite_passes_on_a_clean_table_and_fails_on_broken_ones(rules):
    suite = lambda: kpi_marts.build_mart_suite(rules)
    clean = clean_mart(rules)
    outcome = validate_dataframe(clean, suite())
    assert outcome.success, [(f.expectation, f.column, f.error) for f in outcome.failures]

    duplicated = pd.concat([clean, clean.iloc[[0]]], ignore_index=True)
    assert not validate_dataframe(duplicated, suite()).success
    for share in rules.shares:
        df = clean.copy()
        df.loc[0, share] = 1.2
        assert not validate_dataframe(df, suite()).success, share
    for count in rules.counts:
        df = clean.copy()
        df.loc[0, count] = -1
        assert not validate_dataframe(df, suite()).success, count
    for num, den in rules.ratios:
        df = clean.copy()
        df.loc[0, num] = df.loc[0, den] + 1
        failed = validate_dataframe(df, suite()).failures
        assert "expect_column_pair_values_a_to_be_greater_than_b" in {
            f.expectation for f in failed}, (num, den)
