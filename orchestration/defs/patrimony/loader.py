"""Load one RPLS landlord file into `raw.rpls_dwellings`, its rejected lines into quarantine.

The file's landlord header line (company and trade names, SIRET) goes to `raw.rpls_headers`,
one row per landlord and millésime: the warehouse's only source of the landlords' names.

A file is identified by its checksum: the same content loaded twice changes nothing. A new file
for a landlord and millésime already loaded replaces that millésime (a corrected deposit).
Quarantined lines and values are masked first (`lib/masking.py`): the layout holds no tenant
column, but a free-text field (a residence's name...) may hold a phone or an e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.defs.patrimony.rules import rejections_sql
from orchestration.lib import lineage, masking
from orchestration.lib import rpls_layout as layout
from orchestration.lib.contracts import load_registry
from orchestration.lib.landlords import FileLandlord
from orchestration.lib.rpls_reader import RplsFileError, read_rpls

SOURCE = "rpls"
RAW_TABLE = load_registry()[SOURCE].raw_table  # raw.rpls_dwellings, its contract says
HEADER_TABLE = "raw.rpls_headers"
HEADER_COLUMNS = (
    "landlord_id varchar", "millesime integer", "company_name varchar", "trade_name varchar",
    "siret varchar", "declared_dwellings bigint",
    "_file_name varchar", "_file_sha256 varchar", "_loaded_at timestamp", "_run_id varchar",
)
LINEAGE_COLUMNS = layout.LINEAGE_COLUMNS


@dataclass(frozen=True)
class LoadReport:
    file_name: str
    status: str  # loaded | unchanged | rejected
    millesime: int | None = None
    rows_declared: int = 0
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    message: str = ""


def ensure_tables(conn: duckdb.DuckDBPyConnection) -> None:
    lineage.ensure_tables(conn)
    columns = ", ".join([f"{c} varchar" for c in layout.DWELLING_COLUMNS] + list(LINEAGE_COLUMNS))
    conn.execute(f"create table if not exists {RAW_TABLE} ({columns})")
    conn.execute(f"create table if not exists {HEADER_TABLE} ({', '.join(HEADER_COLUMNS)})")


def load_file(conn: duckdb.DuckDBPyConnection, path: Path, run_id: str,
              folder: FileLandlord | None = None) -> LoadReport:
    """Load one file; never raises for bad content, returns a `rejected` report instead.

    The header names the landlord; in a folder whose bailleur.yml (`folder`) names another
    one, or cannot be read, the file is set aside."""
    ensure_tables(conn)
    sha = lineage.file_sha256(path)
    if lineage.already_processed(conn, SOURCE, sha):
        return LoadReport(path.name, "unchanged")
    try:
        rpls, batches = read_rpls(path)
        _check_folder(path, rpls.header.fields["numero_ministeriel"], folder)
        _stage(conn, batches)
    except RplsFileError as error:
        _record_file(conn, path.name, sha, None, None, 0, 0, 0, 0, "rejected", str(error), run_id)
        return LoadReport(path.name, "rejected", message=str(error))

    millesime = rpls.header.millesime
    landlord = rpls.header.fields["numero_ministeriel"]
    conn.execute(
        "create or replace temp table _rpls_rejections as "
        "select line_number, column_name, raw_value, reason from ("
        + rejections_sql("_rpls_ingest", millesime) + ")"
    )
    structural = [
        (r.line_number, r.column, masking.mask_text(r.raw_value), r.reason,
         masking.mask_text(r.raw_line))
        for r in rpls.structural_rejections
    ]
    masking.register(conn)
    conn.execute("begin transaction")
    try:
        _replace_previous(conn, landlord, millesime)
        _record_header(conn, rpls.header, landlord, millesime, path.name, sha, run_id)
        conn.execute(
            "insert into quarantine.rejected_rows "
            "select ?, ?, ?, r.line_number, r.column_name, mask_personal(r.raw_value), r.reason, "
            f"mask_personal(concat_ws(';', {', '.join('i.' + c for c in layout.DWELLING_COLUMNS)})), "
            "current_timestamp, ? "
            "from _rpls_rejections r join _rpls_ingest i using (line_number)",
            [SOURCE, path.name, sha, run_id],
        )
        if structural:
            conn.executemany(
                "insert into quarantine.rejected_rows values "
                "(?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?)",
                [(SOURCE, path.name, sha, *row, run_id) for row in structural],
            )
        conn.execute(
            f"insert into {RAW_TABLE} select {', '.join(layout.DWELLING_COLUMNS)}, "
            "?, ?, ?, ?, line_number, current_timestamp, ? from _rpls_ingest "
            "where line_number not in (select line_number from _rpls_rejections)",
            [landlord, millesime, path.name, sha, run_id],
        )
        accepted = conn.execute(
            f"select count(*) from {RAW_TABLE} where _file_sha256 = ?", [sha]
        ).fetchone()[0]
        quarantined = conn.execute(
            "select count(distinct line_number) from quarantine.rejected_rows "
            "where file_sha256 = ? and source = ?", [sha, SOURCE]
        ).fetchone()[0]
        _record_file(conn, path.name, sha, rpls.encoding, (landlord, millesime),
                     rpls.header.declared_count, rpls.lines_read, accepted, quarantined,
                     "loaded", "", run_id)
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return LoadReport(path.name, "loaded", millesime, rpls.header.declared_count,
                      rpls.lines_read, accepted, quarantined)


def _check_folder(path: Path, landlord: str, folder: FileLandlord | None) -> None:
    if folder is None or not folder.declared:
        return
    if folder.landlord_id is None:
        raise RplsFileError(folder.problem or f"{path.name}: {folder.origin} illisible")
    if landlord != folder.landlord_id:
        raise RplsFileError(
            f"{path.name}, line 1, field 2: RPLS file of landlord {landlord} in the folder of "
            f"landlord {folder.landlord_id} ({folder.origin})")


def _stage(conn: duckdb.DuckDBPyConnection, batches) -> None:
    """Stream the Arrow batches into a temp table (one file at a time)."""
    columns = ", ".join(["line_number bigint"] + [f"{c} varchar" for c in layout.DWELLING_COLUMNS])
    conn.execute(f"create or replace temp table _rpls_ingest ({columns})")
    for batch in batches:
        assert isinstance(batch, pa.Table)
        conn.register("_rpls_batch", batch)
        conn.execute("insert into _rpls_ingest select * from _rpls_batch")
        conn.unregister("_rpls_batch")


def _replace_previous(conn: duckdb.DuckDBPyConnection, landlord: str, millesime: int) -> None:
    """Remove an earlier file of the same landlord and millésime: the new deposit replaces it."""
    previous = [
        r[0] for r in conn.execute(
            "select file_sha256 from raw.source_files where source = ? and landlord_id = ? "
            "and period = ? and status = 'loaded'", [SOURCE, landlord, str(millesime)]
        ).fetchall()
    ]
    for sha in previous:
        conn.execute(f"delete from {RAW_TABLE} where _file_sha256 = ?", [sha])
        conn.execute("delete from quarantine.rejected_rows where file_sha256 = ?", [sha])
        conn.execute("delete from raw.source_files where file_sha256 = ?", [sha])


def _record_header(conn: duckdb.DuckDBPyConnection, header, landlord: str, millesime: int,
                   file_name: str, sha: str, run_id: str) -> None:
    """The landlord header line of the file, replacing the one of an earlier deposit."""
    conn.execute(f"delete from {HEADER_TABLE} where landlord_id = ? and millesime = ?",
                 [landlord, millesime])
    fields = header.fields
    conn.execute(
        f"insert into {HEADER_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp, ?)",
        [landlord, millesime, fields.get("raison_sociale", "").strip() or None,
         fields.get("nom_commercial", "").strip() or None, fields.get("siret", "").strip() or None,
         header.declared_count, file_name, sha, run_id],
    )


def _record_file(conn, file_name, sha, encoding, key, declared, read, accepted, quarantined,
                 status, message, run_id) -> None:
    landlord, millesime = key if key else (None, None)
    conn.execute(
        "insert into raw.source_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "current_timestamp, ?, null)",
        [SOURCE, file_name, sha, encoding, None if millesime is None else str(millesime),
         landlord, declared, read, accepted, quarantined, status, message or None, run_id],
    )
