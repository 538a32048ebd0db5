"""Patrimony: the checks of the RPLS source (one file per landlord and millésime).

The RPLS asset itself is built like every source's, from its contract
(orchestration/contracts/rpls.yml) by defs/contract_assets.py, which loads its files with
defs/patrimony/loader.py; its checks are its own, because a millésime's file declares its
dwelling count in its header line and replaces the landlord's previous file of that millésime.
"""


import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.defs.patrimony import loader
from orchestration.defs.quality import set_aside
from orchestration.lib.contracts import load_registry
from orchestration.lib.routing import find_files
from orchestration.resources import PipelinePaths

RPLS = load_registry()[loader.SOURCE]
RPLS_KEY = dg.AssetKey(list(RPLS.asset_path))


@dg.asset_check(asset=RPLS_KEY, blocking=True,
                description="Every line of every RPLS file is accounted for: lines declared in "
                "the header = lines read = lines accepted + lines quarantined.")
def rpls_reconciliation(warehouse: DuckDBResource) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        rows = conn.execute(
            f"""
            select f.file_name, f.period, f.rows_declared, f.rows_read, f.rows_accepted,
                   f.rows_quarantined,
                   (select count(*) from {loader.RAW_TABLE} r
                     where r._file_sha256 = f.file_sha256) as in_raw,
                   (select count(distinct q.line_number) from quarantine.rejected_rows q
                     where q.file_sha256 = f.file_sha256) as in_quarantine
            from raw.source_files f
            where f.source = '{loader.SOURCE}' and f.status = 'loaded'
            order by f.file_name
            """
        ).fetchall()
    problems = []
    for name, period, declared, read, accepted, quarantined, in_raw, in_quarantine in rows:
        if declared != read:
            problems.append(f"{name}: l'en-tête déclare {declared} logements, {read} lignes lues "
                            "(fichier incomplet ou en-tête faux)")
        if read != in_raw + in_quarantine:
            problems.append(f"{name}: {read} lignes lues ≠ {in_raw} acceptées + "
                            f"{in_quarantine} en quarantaine")
        if (accepted, quarantined) != (in_raw, in_quarantine):
            problems.append(f"{name}: compteurs du chargement différents des tables")
    return dg.AssetCheckResult(
        passed=not problems,
        description="; ".join(problems) or f"{len(rows)} fichier(s) rapprochés",
        metadata={
            "files": len(rows),
            "problems": problems,
            "per_file": dg.MetadataValue.md(
                "| fichier | millésime | déclarées | lues | acceptées | quarantaine |\n"
                "|---|---|---|---|---|---|\n"
                + "\n".join(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[6]} | {r[7]} |"
                            for r in rows)
            ),
        },
    )


@dg.asset_check(asset=RPLS_KEY, blocking=False,
                description="Warns while an RPLS file set aside as unreadable is still waiting "
                "for a corrected version.")
def rpls_no_file_set_aside(warehouse: DuckDBResource,
                           paths: PipelinePaths) -> dg.AssetCheckResult:
    with warehouse.get_connection() as conn:
        loader.ensure_tables(conn)
        files = set_aside.waiting(conn, loader.SOURCE, find_files(paths.inbox_path, RPLS))
    return set_aside.check_result(files)


def rpls_checks() -> list[dg.AssetChecksDefinition]:
    """The RPLS asset's checks: the file's own reconciliation and set-aside files, and the
    millésimes' volume and freshness (stock_health.py)."""
    from orchestration.defs.patrimony.stock_health import (
        rpls_millesime_freshness,
        rpls_stock_change,
    )

    return [rpls_reconciliation, rpls_no_file_set_aside, rpls_stock_change,
            rpls_millesime_freshness]
