"""Tables as pandas frames for Great Expectations, with Arrow-backed strings.

Why: on object columns (one Python str per value, ~55 bytes each) GX's pandas path runs its
regex, set and length expectations value by value; with Arrow-backed strings the text sits in
contiguous buffers and pandas runs `.str` methods in Arrow compute. Measured on the 30,000
dwelling demo's raw.rpls_dwellings (90,843 rows, 70 text columns): read 2.2 s -> 0.5 s,
validation 30.6 s -> 4.5 s, same outcome for every suite (tests/benchmarks/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd
import pyarrow as pa

ARROW_STRING = pd.StringDtype("pyarrow")
_STRINGS = {pa.string(): ARROW_STRING, pa.large_string(): ARROW_STRING,
            pa.string_view(): ARROW_STRING}


def read_frame(conn: duckdb.DuckDBPyConnection, table: str,
               columns: Sequence[str] | None = None,
               where: tuple[str, object] | None = None, part: tuple[int, int] | None = None,
               limit: int | None = None) -> pd.DataFrame:
    """The table through Arrow: text as Arrow-backed strings, dates as datetime64 (as
    DuckDB's `.df()` gives them, which the suites' date bounds compare with). Only `columns`
    (default all), only the rows whose column `where[0]` is `where[1]` (null included), only
    part `part[0]` of `part[1]` (rows split by their DuckDB rowid)."""
    select = ", ".join(f'"{c}"' for c in columns) if columns is not None else "*"
    sql, conditions, params = f"select {select} from {table}", [], []
    if where is not None:
        conditions.append(f'"{where[0]}" is not distinct from ?')
        params.append(where[1])
    if part is not None:
        conditions.append(f"rowid % {int(part[1])} = {int(part[0])}")
    if conditions:
        sql += " where " + " and ".join(conditions)
    if limit is not None:
        sql += f" limit {int(limit)}"
    arrow = conn.execute(sql, params).to_arrow_table()
    return arrow.to_pandas(types_mapper=_STRINGS.get, date_as_object=False,
                           split_blocks=True, self_destruct=True)


def arrow_strings(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with its object columns of text turned into Arrow-backed strings (a frame read
    with `.df()`, or built by hand in a test); other columns unchanged."""
    text = [c for c in df.columns if df[c].dtype == object
            and pd.api.types.infer_dtype(df[c], skipna=True) in ("string", "empty")]
    if not text:
        return df
    return df.astype({c: ARROW_STRING for c in text})
