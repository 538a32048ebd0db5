"""The warning of a file set aside: a file of the inbox that could not be read, not loaded.

A warning, not a stop: the other files and sources load and publish, the source keeps the
rows of its last good files, and the data team is told which file to fix or remove (run
summary, « Qualité des données » dashboard through quality.check_results). The warning lasts
while the file set aside is still in the inbox, so a corrected file (other bytes) or its
removal ends it: a clean run raises no warning nobody has to act on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.lib import lineage

ACTION = ("À faire : corriger le fichier (ou en redemander l'export) et le redéposer, ou le "
          "retirer de la boîte de dépôt ; en attendant, la source garde les données de ses "
          "derniers fichiers valides.")


def waiting(conn: duckdb.DuckDBPyConnection, source: str, inbox_files: Iterable[Path],
            identity: Callable[[Path], str] = lineage.file_sha256) -> list[tuple[str, str]]:
    """(file name, reason) of the source's files set aside that are still in the inbox.

    Matched by checksum (`identity`: the loader's, a mapped export's includes its mapping's):
    only files named like one set aside are hashed again."""
    rows = conn.execute(
        "select file_name, file_sha256, arg_max(message, loaded_at) "
        "from raw.source_files where source = ? and status = 'rejected' group by all "
        "order by file_name", [source]).fetchall()
    names = {name for name, _, _ in rows}
    present = {identity(p) for p in inbox_files if p.name in names and p.is_file()}
    return [(name, message or "") for name, sha, message in rows if sha in present]


def check_result(files: list[tuple[str, str]]) -> dg.AssetCheckResult:
    """WARN while files wait, naming each with its reason and what to do."""
    if not files:
        return dg.AssetCheckResult(passed=True, severity=dg.AssetCheckSeverity.WARN,
                                   description="aucun fichier écarté dans la boîte de dépôt",
                                   metadata={"files_set_aside": [], "unexpected_count": 0})
    reasons = [reason if name in reason else f"{name} : {reason}" for name, reason in files]
    return dg.AssetCheckResult(
        passed=False, severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(files)} fichier(s) écarté(s), non chargé(s) : "
        + " ; ".join(reasons) + ". " + ACTION,
        metadata={"files_set_aside": [name for name, _ in files],
                  "reasons": reasons,
                  "unexpected_count": len(files),
                  "examples": [name for name, _ in files]},
    )
