"""Fixtures for the demo landlord tests: small generated runs shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.demo_landlord.generator import GeneratorConfig, generate
from tests.demo_landlord.demo_landlord_files import MILLESIMES, SMALL


@pytest.fixture(scope="session")
def small_run(tmp_path_factory) -> Path:
    """3,000 dwellings, three millésimes, defects on."""
    out = tmp_path_factory.mktemp("demo_small")
    generate(GeneratorConfig(out=out, dwellings=SMALL, seed=7, millesimes=MILLESIMES),
             progress=None)
    return out


@pytest.fixture(scope="session")
def clean_run(tmp_path_factory) -> Path:
    """Same size without defects."""
    out = tmp_path_factory.mktemp("demo_clean")
    generate(GeneratorConfig(out=out, dwellings=SMALL, seed=7, millesimes=MILLESIMES,
                             defects=False), progress=None)
    return out


@pytest.fixture(scope="session")
def calibration_run(tmp_path_factory) -> Path:
    """30,000 dwellings (the default size, about a second) for the calibration checks."""
    out = tmp_path_factory.mktemp("demo_30k")
    generate(GeneratorConfig(out=out, dwellings=30_000, seed=42, millesimes=MILLESIMES),
             progress=None)
    return out
