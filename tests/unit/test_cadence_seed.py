"""The cadence seed of the governance marts is the contracts' word, never a hand-kept copy."""

from orchestration.defs.quality.cadence_seed import SEED_PATH, render, rows
from orchestration.lib.contracts import load_contracts


def test_committed_seed_is_what_the_contracts_generate():
    assert SEED_PATH.read_text(encoding="utf-8") == render(), (
        "dbt_project/seeds/source_cadences.csv is stale: run "
        "`make generated`")


def test_every_contract_source_and_rpls_has_a_cadence_and_threshold():
    by_source = {source: (cadence, days) for source, _, cadence, days in rows()}
    assert set(by_source) == set(load_contracts()) | {"rpls"}
    assert by_source["tickets"] == ("daily", 2)
    assert by_source["rpls"] == ("yearly", 380)
