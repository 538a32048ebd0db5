"""Shared fixtures of the unit tests."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.settings import REPO_ROOT


@pytest.fixture
def conn():
    """An in-memory DuckDB with the committed COG communes, which the loaders check codes
    against."""
    c = duckdb.connect()
    c.execute("create schema reference")
    c.execute("create table reference.cog_communes as select * from read_csv(?, "
              "all_varchar = true)", [str(REPO_ROOT / "data/reference/cog/communes.csv")])
    yield c
    c.close()
