"""Build the ingestion asset and its reconciliation checks for a source contract.

defs/sources.py calls `build_source_defs` for every contract of the registry, RPLS included,
so every source gets the same behaviour: files routed to it by lib/routing.py, loaded once by
checksum, rejected lines quarantined, unreadable files set aside with a warning check naming
them while the rest loads and publishes. Only the reading differs, by the contract's format
(`FORMATS`): tabular files by column name (lib/contract_loader.py), the RPLS positions by
defs/patrimony/loader.py, with the RPLS checks of defs/patrimony/assets.py.
"""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from orchestration.defs.patrimony import loader as rpls_loader
from orchestration.defs.patrimony.assets import rpls_checks
from orchestration.defs.quality import set_aside
from orchestration.lib import contract_loader, landlords, routing
from orchestration.lib.contracts import TABULAR_FORMATS, Contract, load_contracts, load_registry
from orchestration.lib.export_mappings import MappingError, mapping_for
from orchestration.lib.pseudonymise import load_or_create_key
from orchestration.lib.rpls_reader import header_landlord
from orchestration.resources import PipelinePaths


def find_files(inbox: Path, contract: Contract) -> list[Path]:
    """The inbox files of this source (sub-folders included), the landlords' mapped exports
    too; see lib/routing.py."""
    return routing.find_files(inbox, contract)


def mapping_of(path: Path, inbox: Path):
    """(the mapping that reads this file or None, why its mapping cannot be used or None)."""
    try:
        return mapping_for(path, inbox, load_contracts()), None
    except MappingError as error:
        return None, str(error)


def _identity(path: Path, inbox: Path) -> str:
    return contract_loader.file_identity(path, mapping_of(path, inbox)[0])


def known_landlords(conn, inbox: Path) -> set[str]:
    """The landlords of the warehouse's loaded files and of the inbox (bailleur.yml files, RPLS
    headers): a file outside any landlord folder belongs to the only one, if there is one."""
    lineage_landlords = [landlord for (landlord,) in conn.execute(
        "select distinct landlord_id from raw.source_files where landlord_id is not null "
        "and status = 'loaded'").fetchall()]
    rpls_files = [p for c in load_registry().values() if c.format == "rpls"
                  for p in routing.find_files(inbox, c)]
    return landlords.known_landlords(
        inbox, lineage_landlords, [header_landlord(p) for p in rpls_files])


def _load_rpls(conn, contract: Contract, path: Path, run_id: str, key: bytes | None,
               landlord: landlords.FileLandlord | None = None, mapping=None,
               mapping_problem: str | None = None) -> rpls_loader.LoadReport:
    """RPLS: no identifier to pseudonymise, no mapping (the layout is the arrêté's); its header
    names the landlord, which the folder's bailleur.yml must not contradict."""
    return rpls_loader.load_file(conn, path, run_id, landlord)


#: format -> (create its raw tables, load one file, its checks or None for the common ones)
FORMATS = {
    **{fmt: (contract_loader.ensure_tables, contract_loader.load_file, None)
       for fmt in TABULAR_FORMATS},
    "rpls": (lambda conn, contract: rpls_loader.ensure_tables(conn), _load_rpls, rpls_checks),
}


def build_source_defs(contract: Contract, group: str | None = None
                      ) -> tuple[dg.AssetsDefinition, list]:
    """The source's ingestion asset and its checks; `group` defaults to the contract's."""
    key = dg.AssetKey(list(contract.asset_path))
    group = group or contract.group
    ensure_tables, load_file, own_checks = FORMATS[contract.format]

    @dg.asset(
        key=key,
        deps=[dg.AssetKey(["reference", "cog_communes"])],
        group_name=group,
        kinds={"duckdb", contract.format},
        owners=["team:data"],
        description=f"{contract.title} : {contract.description} Fichiers reconnus : "
        f"{', '.join(contract.file_patterns)} ; cadence attendue : {contract.cadence}. "
        "Lignes rejetées dans quarantine.rejected_rows.",
        metadata={"contract": f"orchestration/contracts/{contract.source}.yml",
                  "cadence": contract.cadence},
    )
    def _ingest(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                paths: PipelinePaths) -> dg.MaterializeResult:
        files = find_files(paths.inbox_path, contract)
        secret = load_or_create_key(Path(paths.state_dir))
        reports = []
        with warehouse.get_connection() as conn:
            ensure_tables(conn, contract)
            known = known_landlords(conn, paths.inbox_path) if files else set()
            for path in files:
                landlord = landlords.landlord_of_file(path, paths.inbox_path, known)
                mapping, problem = mapping_of(path, paths.inbox_path)
                report = load_file(conn, contract, path, context.run.run_id, secret, landlord,
                                   mapping, problem)
                reports.append(report)
                context.log.info(
                    f"{path.name}: {report.status}"
                    + (f", {report.rows_read} rows read, {report.rows_accepted} accepted, "
                       f"{report.rows_quarantined} quarantined" if report.status == "loaded"
                       else "") + (f" ({report.message})" if report.message else "")
                )
            total = conn.execute(f"select count(*) from {contract.raw_table}").fetchone()[0]
        if not files:
            context.log.warning(f"no {contract.source} file in {paths.inbox_path} "
                                f"(expected {', '.join(contract.file_patterns)})")
        rejected = [r for r in reports if r.status == "rejected"]
        for r in rejected:  # a warning (check no_file_set_aside): the rest loads and publishes
            context.log.warning(f"{contract.source}: file set aside, not loaded: {r.message}")
        loaded = [r for r in reports if r.status == "loaded"]
        return dg.MaterializeResult(metadata={
            "files_in_inbox": len(files),
            "files_loaded_now": len(loaded),
            "rows_accepted_now": sum(r.rows_accepted for r in loaded),
            "rows_quarantined_now": sum(r.rows_quarantined for r in loaded),
            "rows_in_table": total,
            "files_set_aside_now": [r.file_name for r in rejected],
            "status": "source absente : aucun fichier reçu" if not files
            else f"{len(rejected)} fichier(s) écarté(s) : voir le contrôle no_file_set_aside"
            if rejected else "ok",
        })

    @dg.asset_check(asset=key, name="reconciliation", blocking=True,
                    description="Every line read is accepted or quarantined, file by file.")
    def _reconciliation(warehouse: DuckDBResource) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            contract_loader.ensure_tables(conn, contract)
            rows = conn.execute(
                """
                select f.file_name, f.rows_read, f.rows_accepted, f.rows_quarantined,
                       (select count(distinct q.line_number) from quarantine.rejected_rows q
                         where q.file_sha256 = f.file_sha256 and q.source = f.source)
                from raw.source_files f where f.source = ? and f.status = 'loaded'
                order by f.file_name
                """, [contract.source]).fetchall()
        problems = [
            f"{name}: {read} lignes lues ≠ {accepted} acceptées + {quarantined} en quarantaine"
            for name, read, accepted, quarantined, _ in rows if read != accepted + quarantined
        ] + [
            f"{name}: {in_q} lignes en quarantaine, {quarantined} attendues"
            for name, _, _, quarantined, in_q in rows if in_q != quarantined
        ]
        return dg.AssetCheckResult(
            passed=not problems,
            description="; ".join(problems) or f"{len(rows)} fichier(s) rapprochés",
            metadata={"files": len(rows), "rows_read": sum(r[1] for r in rows),
                      "rows_accepted": sum(r[2] for r in rows),
                      "rows_quarantined": sum(r[3] for r in rows)},
        )

    @dg.asset_check(asset=key, name="no_file_set_aside", blocking=False,
                    description="Warns while a file set aside as unreadable awaits a "
                    "corrected version.")
    def _set_aside(warehouse: DuckDBResource, paths: PipelinePaths) -> dg.AssetCheckResult:
        with warehouse.get_connection() as conn:
            contract_loader.ensure_tables(conn, contract)
            files = set_aside.waiting(conn, contract.source,
                                      find_files(paths.inbox_path, contract),
                                      lambda p: _identity(p, paths.inbox_path))
        return set_aside.check_result(files)

    return _ingest, own_checks() if own_checks else [_reconciliation, _set_aside]
