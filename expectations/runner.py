"""Validate a table with a suite through a GX pandas dataframe asset.

Why pandas and not GX's SQL datasource: with GX 1.24 on DuckDB (duckdb-engine) the SQL
metric queries return no rows and every expectation fails whatever the data ("list index
out of range", measured here). Reading the table into a dataframe avoids that path.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace

import great_expectations as gx
import pandas as pd
from great_expectations.checkpoint import UpdateDataDocsAction
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import AbstractDataContext
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
    #: the batches (e.g. `_millesime=2025`) where it failed, when validated batch by batch
    batches: list[str] = field(default_factory=list)
    #: the expectation's arguments: tells apart two expectations of one type on one column
    key: str = field(default="", repr=False)


@dataclass
class SuiteOutcome:
    suite: str
    success: bool
    evaluated_rows: int
    outcomes: list[ExpectationOutcome]

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]


RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 5}


def validate_dataframe(df: pd.DataFrame, suite: gx.ExpectationSuite,
                       context: AbstractDataContext | None = None,
                       run_name: str | None = None, batch: str | None = None) -> SuiteOutcome:
    """Run every expectation of `suite` on `df`.

    Without `context`, in an ephemeral GX context (nothing kept). With a file context (see
    orchestration/defs/quality/data_docs.py), through a GX checkpoint that stores the validation
    result under `run_name` and updates the context's Data Docs with it. `batch` names the
    part of the table `df` holds (its own GX data asset, so that each batch has its result).
    """
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    df = arrow_strings(df)  # speed and memory: expectations/frames.py
    asset = suite.name if batch is None else f"{suite.name} {batch}"
    if context is None:
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        batch_definition = _whole_dataframe(context, asset)
        result = batch_definition.get_batch(batch_parameters={"dataframe": df}).validate(
            suite, result_format=RESULT_FORMAT)
    else:
        result = _run_checkpoint(context, df, suite, run_name, asset)
    outcome = _outcome(suite.name, result, len(df))
    if batch is not None:
        for failed in outcome.failures:
            failed.batches.append(batch)
    return outcome


def fold(name: str, parts: list[SuiteOutcome]) -> SuiteOutcome:
    """One outcome for a suite validated in parts (its schema, then batches of rows): an
    expectation passes if it passed in every part; unexpected counts are summed, examples and
    failing batches kept in order."""
    folded: dict[tuple, ExpectationOutcome] = {}
    for part in parts:
        for o in part.outcomes:
            key = (o.expectation, o.column, o.key)
            if key not in folded:
                folded[key] = replace(o, examples=list(o.examples), batches=list(o.batches))
                continue
            into = folded[key]
            into.success = into.success and o.success
            if o.unexpected_count is not None:
                into.unexpected_count = (into.unexpected_count or 0) + o.unexpected_count
            into.examples = (into.examples + o.examples)[:5]
            into.batches += o.batches
            into.error = into.error or o.error
    return SuiteOutcome(name, all(p.success for p in parts),
                        sum(p.evaluated_rows for p in parts), list(folded.values()))


def _whole_dataframe(context: AbstractDataContext, name: str):
    source = context.data_sources.add_or_update_pandas(name="warehouse")
    asset = next((a for a in source.assets if a.name == name), None) \
        or source.add_dataframe_asset(name=name)
    return next((b for b in asset.batch_definitions if b.name == "whole_table"), None) \
        or asset.add_batch_definition_whole_dataframe("whole_table")


def _run_checkpoint(context: AbstractDataContext, df: pd.DataFrame, suite: gx.ExpectationSuite,
                    run_name: str | None, asset: str):
    """Validate through a checkpoint: GX stores the result and renders it in Data Docs."""
    suite = context.suites.add_or_update(suite)
    definition = context.validation_definitions.add_or_update(gx.ValidationDefinition(
        name=asset, data=_whole_dataframe(context, asset), suite=suite))
    checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
        name=asset, validation_definitions=[definition],
        actions=[UpdateDataDocsAction(name="update_data_docs")],
        result_format=RESULT_FORMAT))
    run_id = RunIdentifier(run_name=run_name) if run_name else None
    checkpoint_result = checkpoint.run(batch_parameters={"dataframe": df}, run_id=run_id)
    return next(iter(checkpoint_result.run_results.values()))


def _outcome(name: str, result, rows: int) -> SuiteOutcome:
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
                key=json.dumps({k: v for k, v in config.kwargs.items() if k != "batch_id"},
                               sort_keys=True, default=str),
            )
        )
    return SuiteOutcome(name, bool(result.success), rows, outcomes)
