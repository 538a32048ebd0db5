"""A GX check reads only the columns its suite names, and raw.rpls_dwellings one millésime at a
time, without losing a failure: the broken batch is named, counts are summed, every batch has
its own result in the GX store behind the Data Docs."""

from __future__ import annotations

import duckdb
import great_expectations as gx
import pytest
from great_expectations.expectations.row_conditions import Column

from expectations import tables
from expectations.projection import check_decomposes, named_columns, split_suite
from expectations.suites import dpe_label_consistency, rpls_dwellings
from expectations.suites.spec import from_module
from expectations.tables import projected_columns, table_columns, validate_table
from orchestration.defs.patrimony.loader import load_file
from orchestration.defs.quality.data_docs import gx_context
from orchestration.settings import REPO_ROOT
from tests.support.rpls_files import known_stock_lines, write_rpls

SPEC = from_module(rpls_dwellings)
e = gx.expectations


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """raw.rpls_dwellings as the loader writes it, two millésimes of the known stock."""
    folder = tmp_path_factory.mktemp("rpls")
    conn = duckdb.connect(str(folder / "warehouse.duckdb"))
    conn.execute("create schema reference")
    conn.execute("create table reference.cog_communes as select * from read_csv(?, "
                 "all_varchar = true)", [str(REPO_ROOT / "data/reference/cog/communes.csv")])
    for millesime in (2025, 2026):
        path = write_rpls(folder / f"rpls_{millesime}.csv", millesime, known_stock_lines())
        assert load_file(conn, path, "run-1").rows_quarantined == 0
    yield conn
    conn.close()


@pytest.fixture
def conn(warehouse):
    """The warehouse in a transaction rolled back after the test (tests may break rows)."""
    warehouse.execute("begin transaction")
    yield warehouse
    warehouse.execute("rollback")


def test_named_columns_reads_every_kind_of_argument():
    suite = gx.ExpectationSuite(name="t", expectations=[
        e.ExpectTableColumnsToMatchSet(column_set=["a", "b", "z"], exact_match=True),
        e.ExpectColumnValuesToNotBeNull(column="a"),
        e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="b", column_B="c"),
        e.ExpectCompoundColumnsToBeUnique(column_list=["d", "e"]),
        e.ExpectColumnValuesToNotBeInSet(column="f", value_set=[""],
                                         row_condition=(Column("g") != "") & (Column("h") == "x")),
    ])
    schema, rows = split_suite(suite)
    assert [x.expectation_type for x in schema.expectations] == \
        ["expect_table_columns_to_match_set"]
    assert named_columns(rows.expectations) == {"a", "b", "c", "d", "e", "f", "g", "h"}


def test_the_rpls_check_loads_the_named_and_prepared_columns_only(conn):
    columns = table_columns(conn, SPEC.table)
    _, rows = split_suite(SPEC.build())
    projected = projected_columns(SPEC, rows, columns)
    named = named_columns(rows.expectations)
    assert set(projected) == (named | set(SPEC.prepare_columns)) & set(columns)
    assert {"dpeenergie", "_landlord_id", "surfhab", "ident_int"} <= set(projected)
    assert len(projected) < len(columns) / 2  # 75 columns, about 20 read
    # the DPE consistency suite reads its prepare() inputs as well
    dpe = from_module(dpe_label_consistency)
    _, dpe_rows = split_suite(dpe.build())
    assert set(dpe.prepare_columns) <= set(projected_columns(
        dpe, dpe_rows, [*dpe.prepare_columns, "etiquette_dpe", "other"]))


def test_clean_table_passes_with_every_expectation_and_a_result_per_batch(conn, tmp_path):
    context = gx_context(tmp_path)
    outcome = validate_table(conn, SPEC, context=context, run_name="run-1")
    assert outcome.success, [(f.expectation, f.column, f.error) for f in outcome.failures]
    assert outcome.evaluated_rows == 40
    assert len(outcome.outcomes) == len(SPEC.build().expectations)
    stored = sorted((k.expectation_suite_identifier.name, k.batch_identifier)
                    for k in context.validation_results_store.list_keys())
    assert [name for name, _ in stored] == [
        "raw_rpls_dwellings", "raw_rpls_dwellings", "raw_rpls_dwellings.schema"]
    assert len({batch for _, batch in stored}) == 3


def test_a_broken_row_in_one_millesime_is_caught_and_its_batch_named(conn):
    conn.execute("update raw.rpls_dwellings set mode = '7' where _millesime = 2025 "
                 "and ident_int in ('L000003', 'L000004')")
    conn.execute("update raw.rpls_dwellings set surfhab = '2000' where _millesime = 2026 "
                 "and ident_int = 'L000005'")
    outcome = validate_table(conn, SPEC)
    assert not outcome.success
    failed = {(f.expectation, f.column): f for f in outcome.failures}
    mode = failed[("expect_column_values_to_be_in_set", "mode")]
    assert mode.batches == ["_millesime=2025"] and mode.unexpected_count == 2
    assert mode.examples == ["7", "7"]
    surface = failed[("expect_column_values_to_be_between", "_verif_surfhab")]
    assert surface.batches == ["_millesime=2026"] and surface.unexpected_count == 1
    assert len(failed) == 2


def test_duplicates_within_a_millesime_fail_across_millesimes_do_not(conn):
    # the same dwelling in both millésimes is the normal case (the known stock twice)
    conn.execute("update raw.rpls_dwellings set ident_int = 'L000001' where _millesime = 2026 "
                 "and ident_int = 'L000002'")
    outcome = validate_table(conn, SPEC)
    unique = [f for f in outcome.failures if f.expectation == "expect_compound_columns_to_be_unique"]
    assert len(unique) == 1 and unique[0].batches == ["_millesime=2026"]


def test_a_missing_column_fails_the_schema_expectation(conn):
    conn.execute("alter table raw.rpls_dwellings drop column modesurf")  # named by no rule
    outcome = validate_table(conn, SPEC)
    assert [(f.expectation, f.batches) for f in outcome.failures] == [
        ("expect_table_columns_to_match_set", [])]


def test_only_suites_that_decompose_are_batched():
    _, rows = split_suite(SPEC.build())
    check_decomposes(rows, "_millesime")
    with pytest.raises(ValueError, match="table-wide"):
        check_decomposes(rows, "depcom")  # the unique keys do not hold the commune
    mostly = gx.ExpectationSuite(name="m", expectations=[
        e.ExpectColumnValuesToNotBeNull(column="a", mostly=0.95)])
    with pytest.raises(ValueError, match="mostly"):
        check_decomposes(mostly, "a")
    count = gx.ExpectationSuite(name="c", expectations=[
        e.ExpectColumnMeanToBeBetween(column="a", min_value=0)])
    with pytest.raises(ValueError, match="row-by-row"):
        check_decomposes(count, "a")


def test_a_millesime_too_large_for_one_frame_is_validated_in_parts(conn, monkeypatch,
                                                                    tmp_path):
    """Above MAX_BATCH_ROWS (a national millésime) the rules run on parts of the rows and the
    unique keys on the key columns of the whole millésime: nothing is lost between parts."""
    monkeypatch.setattr(tables, "MAX_BATCH_ROWS", 15)  # 20 rows per millésime: 2 parts
    context = gx_context(tmp_path)
    clean = validate_table(conn, SPEC, context=context, run_name="run-1")
    assert clean.success and clean.evaluated_rows == 40
    assert len(clean.outcomes) == len(SPEC.build().expectations)
    stored = [k.expectation_suite_identifier.name
              for k in context.validation_results_store.list_keys()]
    assert sorted(stored) == ["raw_rpls_dwellings"] * 4 + ["raw_rpls_dwellings.keys"] * 2 \
        + ["raw_rpls_dwellings.schema"]

    conn.execute("update raw.rpls_dwellings set mode = '7' where _millesime = 2025 "
                 "and ident_int = 'L000003'")
    # duplicates: two rows of 2026 whatever part each one falls in
    conn.execute("update raw.rpls_dwellings set ident_int = 'L000001' where _millesime = 2026 "
                 "and ident_int in ('L000002', 'L000020')")
    outcome = validate_table(conn, SPEC)
    failed = {(f.expectation, f.column): f for f in outcome.failures}
    assert set(failed) == {("expect_column_values_to_be_in_set", "mode"),
                           ("expect_compound_columns_to_be_unique", None)}
    mode = failed[("expect_column_values_to_be_in_set", "mode")]
    assert mode.unexpected_count == 1 and len(mode.batches) == 1
    assert mode.batches[0].startswith("_millesime=2025 part ")
    unique = failed[("expect_compound_columns_to_be_unique", None)]
    assert unique.batches == ["_millesime=2026"] and unique.unexpected_count == 3
