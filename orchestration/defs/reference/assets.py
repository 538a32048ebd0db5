"""Reference data committed under data/reference/ loaded into the `reference` schema.

Codes stay text (leading zeros: département 01, commune 01001).
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.resources import PipelinePaths

COG_TABLES = {
    "cog_communes": "communes.csv",
    "cog_epci": "epci.csv",
    "cog_departements": "departements.csv",
    "cog_regions": "regions.csv",
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key=["reference", table],
            group_name="reference",
            kinds={"duckdb", "csv"},
            owners=["team:data"],
            description=f"INSEE Code officiel géographique 2026, data/reference/cog/{file} "
            "(Licence Ouverte 2.0, via @etalab/decoupage-administratif 6.0.0).",
        )
        for table, file in COG_TABLES.items()
    ],
)
def cog_reference(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                  paths: PipelinePaths):
    """Load the COG extracts; small (37,006 communes), so rewritten on every run."""
    with warehouse.get_connection() as conn:
        conn.execute("create schema if not exists reference")
        for table, file in COG_TABLES.items():
            path = paths.reference_path / "cog" / file
            conn.execute(
                f"create or replace table reference.{table} as "
                f"select * from read_csv(?, header = true, all_varchar = true)",
                [str(path)],
            )
            rows = conn.execute(f"select count(*) from reference.{table}").fetchone()[0]
            yield dg.MaterializeResult(
                asset_key=["reference", table],
                metadata={"rows": rows, "file": str(path.relative_to(paths.reference_path))},
            )
