"""Validate a table with a suite through a GX pandas dataframe asset.

Why pandas and not GX's SQL datasource: with GX 1.24 on DuckDB (duckdb-engine) the SQL
metric queries return no rows and every expectation fails whatever the data
(shared/ARCHITECTURE.md, known traps). Reading the table into a dataframe avoids that path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

from expectations.frames import arrow_strings


@dataclass
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None
    examples: list = field(default_factory=list)
    error: str | None = None


@dataclass
class SuiteOutcome:
    suite: str
    success: bool
    evaluated_rows: int
    outcomes: list[ExpectationOutcome]

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]


def validate_dataframe(df: pd.DataFrame, suite: gx.ExpectationSuite) -> SuiteOutcome:
    """Run every expectation of `suite` on `df` in an ephemeral GX context."""
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    df = arrow_strings(df)  # speed and memory: expectations/frames.py
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(name="warehouse")
    asset = source.add_dataframe_asset(name=suite.name)
    batch = asset.add_batch_definition_whole_dataframe("whole_table").get_batch(
        batch_parameters={"dataframe": df}
    )
    result = batch.validate(suite, result_format={"result_format": "SUMMARY",
                                                  "partial_unexpected_count": 5})
    outcomes = []
    for r in result.results:
        config = r.expectation_config
        details = r.result or {}
        error = (r.exception_info or {}).get("exception_message") if not r.success else None
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type,
                column=config.kwargs.get("column") or config.kwargs.get("column_A"),
                success=bool(r.success),
                unexpected_count=details.get("unexpected_count"),
                examples=list(details.get("partial_unexpected_list") or [])[:5],
                error=error,
            )
        )
    return SuiteOutcome(suite.name, bool(result.success), len(df), outcomes)
