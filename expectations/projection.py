"""Which columns a suite needs, and whether it can be validated one batch of rows at a time.

Why: a GX pandas validation holds the whole frame (and copies of it) in memory. At 1 million
dwellings `raw.rpls_dwellings` is 3 million rows × 75 columns and took about 11 GiB; the RPLS
suite names about 25 of them and every rule but the schema one holds within a millésime.
So a suite is split in two: its table-level expectations (the column set), validated on an
empty frame that has the table's full schema, and its row expectations, validated on the named
columns only, in batches when the suite decomposes over the batch column (tests/benchmarks/
README.md, « Peak memory »).
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import copy

import great_expectations as gx
from great_expectations.expectations.expectation import (
    ColumnMapExpectation,
    ColumnPairMapExpectation,
    MulticolumnMapExpectation,
)

#: expectations of the table as a whole (its columns), not of its rows
_TABLE_PREFIX = "expect_table_"
_UNIQUENESS = {"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"}
_ROW_MAPS = (ColumnMapExpectation, ColumnPairMapExpectation, MulticolumnMapExpectation)


def is_table_level(expectation) -> bool:
    return expectation.expectation_type.startswith(_TABLE_PREFIX)


def _condition_columns(condition) -> set[str]:
    """Columns a row condition reads (GX's structured conditions, serialised as dicts)."""
    if isinstance(condition, dict):
        found = set()
        column = condition.get("column")
        if isinstance(column, dict) and "name" in column:
            found.add(column["name"])
        for inner in condition.get("conditions") or ():
            found |= _condition_columns(inner)
        return found
    return set()


def named_columns(expectations: Iterable) -> set[str] | None:
    """Every column the row expectations read, or None when one of them reads columns that
    cannot be known (a pandas query string as row condition): then the whole table is read."""
    columns: set[str] = set()
    for expectation in expectations:
        kwargs = expectation.configuration.kwargs
        for key in ("column", "column_A", "column_B"):
            if kwargs.get(key):
                columns.add(kwargs[key])
        columns.update(kwargs.get("column_list") or ())
        condition = kwargs.get("row_condition")
        if isinstance(condition, str) and condition:
            return None
        columns |= _condition_columns(condition)
    return columns


def split_suite(suite: gx.ExpectationSuite) -> tuple[gx.ExpectationSuite | None,
                                                      gx.ExpectationSuite]:
    """(the table-level expectations as suite `<name>.schema` or None, the row expectations
    under the suite's own name)."""
    table = [copy(e) for e in suite.expectations if is_table_level(e)]
    rows = [copy(e) for e in suite.expectations if not is_table_level(e)]
    schema = gx.ExpectationSuite(name=f"{suite.name}.schema", expectations=table) \
        if table else None
    return schema, gx.ExpectationSuite(name=suite.name, expectations=rows)


def split_uniqueness(suite: gx.ExpectationSuite) -> tuple[gx.ExpectationSuite | None,
                                                           gx.ExpectationSuite]:
    """(the uniqueness expectations as suite `<name>.keys` or None, the row-by-row rules):
    a batch too large for one frame is validated as its key columns whole, then its rows in
    parts (a duplicate may sit in two parts; a row-by-row rule holds in any part)."""
    keys = [copy(e) for e in suite.expectations if e.expectation_type in _UNIQUENESS]
    rules = [copy(e) for e in suite.expectations if e.expectation_type not in _UNIQUENESS]
    return (gx.ExpectationSuite(name=f"{suite.name}.keys", expectations=keys) if keys else None,
            gx.ExpectationSuite(name=suite.name, expectations=rules))


def check_decomposes(suite: gx.ExpectationSuite, batch_by: str) -> None:
    """Raise unless validating each batch of equal `batch_by` on its own gives the outcome of
    the whole table: every row expectation is a row-by-row rule without `mostly` (a share over
    the whole table is not a share per batch), and every uniqueness key holds `batch_by`."""
    for expectation in suite.expectations:
        name = expectation.expectation_type
        kwargs = expectation.configuration.kwargs
        if name in _UNIQUENESS:
            key = kwargs.get("column_list") or [kwargs.get("column")]
            if batch_by not in key:
                raise ValueError(f"{suite.name}: {name}{key} is table-wide, not per {batch_by}")
        elif not isinstance(expectation, _ROW_MAPS):
            raise ValueError(f"{suite.name}: {name} is not a row-by-row rule")
        if kwargs.get("mostly", 1) != 1:
            raise ValueError(f"{suite.name}: {name} has mostly={kwargs['mostly']}")
