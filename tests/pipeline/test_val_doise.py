"""The real RPLS 2025 of the Val-d'Oise, expanded into landlord files, loads with nothing
quarantined and comes out of the warehouse with exactly the published DPE totals."""

from __future__ import annotations

import duckdb

from orchestration.demo_landlord.val_doise import DEFAULT_SOURCE, expand

# data/reference/rpls-val-d-oise-2025/SOURCE.md
EXPECTED = {"A": 1_784, "B": 12_739, "C": 45_715, "D": 44_507, "E": 13_589, "F": 3_040,
            "G": 530, "Sans DPE": 10_124}


def test_val_doise_sample_gives_the_published_totals(pipeline_env):
    expand(DEFAULT_SOURCE, pipeline_env.inbox / "rpls_2025_val_doise.csv")
    result = pipeline_env.run()
    assert result.success
    with duckdb.connect(str(pipeline_env.build), read_only=True) as conn:
        quarantined = conn.execute("select count(*) from quarantine.rejected_rows").fetchone()[0]
        read = conn.execute("select rows_read, rows_accepted from raw.source_files "
                            "where source = 'rpls'").fetchall()
    assert quarantined == 0
    assert read == [(132_028, 132_028)]
    with duckdb.connect(str(pipeline_env.serving), read_only=True) as conn:
        totals = dict(conn.execute(
            "select dpe_class, sum(dwellings) from marts.kpi_dpe_by_territory "
            "where millesime = 2025 group by 1").fetchall())
        departements = conn.execute(
            "select distinct departement_code from marts.kpi_dpe_by_territory").fetchall()
    assert totals == EXPECTED
    assert departements == [("95",)]
