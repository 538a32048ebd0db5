"""A GX suite fails on a table with a bad row and passes on a good one (not the silent trap)."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.runner import validate_dataframe
from expectations.suites import kpi_dpe_by_territory


def good_mart() -> pd.DataFrame:
    classes = ["A", "C", "F", "G", "Sans DPE"]
    return pd.DataFrame({
        "millesime": [2026] * 5, "region_code": ["75"] * 5,
        "region_name": ["Nouvelle-Aquitaine"] * 5, "departement_code": ["33"] * 5,
        "departement_name": ["Gironde"] * 5, "epci_code": ["243300316"] * 5,
        "epci_name": ["Bordeaux Métropole"] * 5, "commune_code": ["33063"] * 5,
        "commune_name": ["Bordeaux"] * 5, "landlord_id": ["033HLM042"] * 5, "dpe_class": classes,
        "is_labelled": [c != "Sans DPE" for c in classes],
        "is_passoire": [c in ("F", "G") for c in classes],
        "dwellings": [3, 10, 2, 1, 2],
        "direction_code": ["DT-BDX"] * 5, "direction_name": ["Direction Bordeaux"] * 5,
    })


def test_suite_passes_on_a_good_table():
    outcome = validate_dataframe(good_mart(), kpi_dpe_by_territory.build_suite())
    assert outcome.success, [(f.expectation, f.error) for f in outcome.failures]
    assert outcome.evaluated_rows == 5 and len(outcome.outcomes) >= 8


@pytest.mark.parametrize(
    ("column", "value", "failing"),
    [
        ("dpe_class", "H", "expect_column_values_to_be_in_set"),
        ("dwellings", 0, "expect_column_values_to_be_between"),
        ("is_passoire", False, "expect_column_pair_values_to_be_in_set"),  # F not passoire
        ("commune_code", None, "expect_column_values_to_not_be_null"),
    ],
)
def test_suite_fails_on_one_bad_row(column, value, failing):
    df = good_mart()
    df.loc[2, column] = value
    outcome = validate_dataframe(df, kpi_dpe_by_territory.build_suite())
    assert not outcome.success
    failed = {f.expectation for f in outcome.failures}
    assert failing in failed
    bad = next(f for f in outcome.failures if f.expectation == failing)
    assert bad.unexpected_count == 1 and bad.error is None


def test_suite_fails_on_a_duplicate_key():
    df = pd.concat([good_mart(), good_mart().iloc[[0]]])
    outcome = validate_dataframe(df, kpi_dpe_by_territory.build_suite())
    assert "expect_compound_columns_to_be_unique" in {f.expectation for f in outcome.failures}
