"""What the Dagster check needs to run a suite: its table, its severity, how to build it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import great_expectations as gx
import pandas as pd


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    table: str  # schema.table in the build warehouse; also the guarded asset key
    blocking: bool
    description: str
    build: Callable[[], gx.ExpectationSuite]
    #: derive helper columns before validation (e.g. the DPE label implied by the values)
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    #: the table's columns `prepare` reads (loaded with those the expectations name)
    prepare_columns: tuple[str, ...] = ()
    #: validate the rows one batch per value of this column (e.g. each RPLS millésime): the
    #: suite must decompose over it (expectations/projection.py, check_decomposes)
    batch_by: str | None = None


def from_module(module: ModuleType) -> SuiteSpec:
    """A suite module with TABLE, BLOCKING, build_suite(), a docstring and optionally a French
    DESCRIPTION (shown in Dagster and the Data Docs; else the docstring's first line),
    prepare() with PREPARE_COLUMNS, and BATCH_BY."""
    return SuiteSpec(
        name=module.build_suite().name, table=module.TABLE, blocking=module.BLOCKING,
        description=getattr(module, "DESCRIPTION", None)
        or (module.__doc__ or "").strip().splitlines()[0],
        build=lambda: module.build_suite(),
        prepare=getattr(module, "prepare", None),
        prepare_columns=tuple(getattr(module, "PREPARE_COLUMNS", ())),
        batch_by=getattr(module, "BATCH_BY", None),
    )
