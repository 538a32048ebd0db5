"""Patrimony: the landlord's RPLS files (one per millésime) from the inbox into raw tables."""


from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.defs.patrimony import loader
from orchestration.defs.quality import set_aside
from orchestration.lib.landlords import landlord_of_file
from orchestration.resources import PipelinePaths

RPLS_KEY = dg.AssetKey(["raw", "rpls_dwellings"])
RPLS_SUFFIXES = {".csv", ".txt"}


def find_rpls_files(inbox: Path) -> list[Path]:
    """RPLS landlord files: any .csv / .txt whose name contains "rpls", in any sub-folder."""
    if not inbox.is_dir():
        return []
    return sorted(
        p for p in inbox.rglob("*")
        if p.is_file() and p.suffix.lower() in RPLS_SUFFIXES and "rpls" in p.name.lower()
    )


@dg.asset(
    key=RPLS_KEY,
    deps=[dg.AssetKey(["reference", "cog_communes"])],
    group_name="patrimony",
    kinds={"duckdb", "python"},
    owners=["team:data"],
    description="Logements déclarés dans les fichiers RPLS du bailleur (un fichier par "
    "millésime, format de l'arrêté du 5 janvier 2010), lignes acceptées ; les lignes rejetées "
    "vont dans quarantine.rejected_rows avec leur motif.",
)
def rpls_dwellings(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                   paths: PipelinePaths) -> dg.MaterializeResult:
    files = find_rpls_files(paths.inbox_path)
    context.log.info(f"{len(files)} RPLS file(s) in {paths.inbox_path}")
    reports = []
    with warehouse.get_connection() as conn:
        loader.ensure_tables(conn)
        for path in files:
            # the header says whose file it is; a bailleur.yml above it must agree
            folder = landlord_of_file(path, paths.inbox_path, known=())
            report = loader.load_file(conn, path, context.run.run_id, folder)
            reports.append(report)
            context.log.info(
                f"{path.name}: {report.status}"
                + (f", millésime {report.millesime}: {report.rows_read} lines read, "
                   f"{report.rows_accepted} accepted, {report.rows_quarantined} quarantined"
                   if report.status == "loaded" else "")
            )
        total = conn.execute(f"select count(*) from {loader.RAW_TABLE}").fetchone()[0]

    rejected = [r for r in reports if r.status == "rejected"]
    for r in rejected:  # a warning (check rpls_no_file_set_aside): the rest loads and publishes
        context.log.warning(f"RPLS file set aside, not loaded: {r.message}")
    loaded = [r for r in reports if r.status == "loaded"]
    return dg.MaterializeResult(
        metadata={
            "files_in_inbox": len(files),
            "files_loaded_now": len(loaded),
            "rows_accepted_now": sum(r.rows_accepted for r in loaded),
            "rows_quarantined_now": sum(r.rows_quarantined for r in loaded),
            "rows_in_table": total,
            "files_set_aside_now": [r.file_name for r in rejected],
        }
    )


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
        files = set_aside.waiting(conn, loader.SOURCE, find_rpls_files(paths.inbox_path))
    return set_aside.check_result(files)
