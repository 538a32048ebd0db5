"""The RPLS raw suite passes on a table the real loader wrote and fails on each broken rule."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from expectations.runner import validate_dataframe
from expectations.suites import rpls_dwellings
from expectations.suites.spec import from_module
from orchestration.defs.patrimony.loader import load_file
from orchestration.settings import REPO_ROOT
from tests.support.rpls_files import known_stock_lines, write_rpls

SPEC = from_module(rpls_dwellings)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> pd.DataFrame:
    """raw.rpls_dwellings as the loader writes it, from the known 2026 stock."""
    path = write_rpls(tmp_path_factory.mktemp("rpls") / "rpls_2026.csv", 2026,
                      known_stock_lines())
    with duckdb.connect() as conn:
        conn.execute("create schema reference")
        conn.execute("create table reference.cog_communes as select * from read_csv(?, "
                     "all_varchar = true)", [str(REPO_ROOT / "data/reference/cog/communes.csv")])
        assert load_file(conn, path, "run-1").rows_quarantined == 0
        return conn.execute(f"select * from {rpls_dwellings.TABLE}").df()


def _failures(df: pd.DataFrame) -> set[tuple[str, str | None]]:
    return {(f.expectation, f.column) for f in
            validate_dataframe(SPEC.prepare(df), SPEC.build()).failures}


def test_suite_is_registered_as_a_blocking_check_on_the_raw_table():
    from orchestration.defs.quality.gx_checks import all_specs

    spec = next(s for s in all_specs() if s.name == "raw_rpls_dwellings")
    assert spec.table == "raw.rpls_dwellings" and spec.blocking


def test_suite_passes_on_the_table_the_loader_wrote(loaded):
    outcome = validate_dataframe(SPEC.prepare(loaded), SPEC.build())
    assert outcome.success, [(f.expectation, f.column, f.examples, f.error)
                             for f in outcome.failures]
    assert outcome.evaluated_rows == 20 and len(outcome.outcomes) >= 25


@pytest.mark.parametrize(
    ("column", "value", "failing"),
    [
        ("mode", "7", ("expect_column_values_to_be_in_set", "mode")),
        ("dpeenergie", "H", ("expect_column_values_to_be_in_set", "dpeenergie")),
        ("finan", "42", ("expect_column_values_to_be_in_set", "finan")),
        ("depcom", "3306", ("expect_column_values_to_match_regex", "depcom")),
        ("surfhab", "2000", ("expect_column_values_to_be_between", "_verif_surfhab")),
        ("surfhab", "abc", ("expect_column_values_to_not_be_null", "_verif_surfhab")),
        ("nbpiece", "0", ("expect_column_values_to_be_between", "_verif_nbpiece")),
        ("bail", "13/2019", ("expect_column_values_to_match_regex", "bail")),
        ("ident_int", "", ("expect_column_value_lengths_to_be_between", "ident_int")),
        # cross-field: built after the millésime; a DPE label without a DPE date
        ("construct", "2031", ("expect_column_pair_values_a_to_be_greater_than_b",
                               "_millesime")),
        ("dpedate", "01/1900", ("expect_column_values_to_not_be_in_set", "dpedate")),
    ],
)
def test_suite_fails_on_one_broken_row(loaded, column, value, failing):
    df = loaded.copy()
    df.loc[3, column] = value
    assert failing in _failures(df)


def test_suite_fails_on_a_duplicate_dwelling_and_a_missing_column(loaded):
    duplicated = pd.concat([loaded, loaded.iloc[[0]]], ignore_index=True)
    assert ("expect_compound_columns_to_be_unique", None) in _failures(duplicated)
    assert ("expect_table_columns_to_match_set", None) in _failures(loaded.drop(columns="mode"))
