"""Load one source file under its contract: typed rows to raw.<source>, the rest to quarantine.

Same guarantees as the RPLS loader: the same file twice changes nothing (checksum), every line
read is either accepted or quarantined, per file. Rows are upserted on the contract's key, so a
later file correcting a row replaces it. What goes to the quarantine is masked first
(`lib/masking.py`): no phone, e-mail, IBAN or personal column's value is kept, even there.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from orchestration.lib import lineage, masking
from orchestration.lib.contract_sql import q, rejections_select, typed_select
from orchestration.lib.contracts import LANDLORD_COLUMN, Contract, RowRule
from orchestration.lib.landlords import DECLARATION, FileLandlord
from orchestration.lib.tabular_reader import ContractFileError, read_tabular

LINEAGE_COLUMNS = ("_file_name varchar", "_file_sha256 varchar", "_line_number bigint",
                   "_loaded_at timestamp", "_run_id varchar")


@dataclass(frozen=True)
class LoadReport:
    file_name: str
    status: str  # loaded | unchanged | rejected
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    period: str | None = None
    message: str = ""


def ensure_tables(conn: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    lineage.ensure_tables(conn)
    columns = ", ".join([f"{c.name} {c.sql_type}" for c in contract.columns]
                        + list(LINEAGE_COLUMNS))
    conn.execute(f"create table if not exists {contract.raw_table} ({columns})")
    # warehouses made before every row had its landlord
    conn.execute(f"alter table {contract.raw_table} add column if not exists "
                 f"{LANDLORD_COLUMN.name} varchar")


def load_file(conn: duckdb.DuckDBPyConnection, contract: Contract, path: Path, run_id: str,
              key: bytes | None, landlord: FileLandlord | None = None) -> LoadReport:
    """Load one file; bad content never raises, it gives a `rejected` report.

    `landlord`: what the inbox says of the file's landlord (lib/landlords.py). Rows without a
    landlord_id of their own take it; a file with no landlord_id column and no landlord from
    the inbox is set aside, and in a folder declared by bailleur.yml a row naming another
    landlord is quarantined."""
    ensure_tables(conn, contract)
    sha = lineage.file_sha256(path)
    landlord = landlord or FileLandlord(None, "aucun bailleur connu")
    # the same bytes in another landlord's folder are another landlord's file
    if lineage.already_processed(conn, contract.source, sha, landlord.landlord_id):
        return LoadReport(path.name, "unchanged")
    try:
        if landlord.landlord_id is None and landlord.declared:
            raise ContractFileError(landlord.problem)
        info, batches = read_tabular(path, contract, key)
        _stage(conn, contract, batches)
        if landlord.landlord_id is None and not _rows_name_a_landlord(conn):
            raise ContractFileError(landlord.problem or (
                f"{path.name} : bailleur inconnu : ni colonne landlord_id, ni fichier "
                f"{DECLARATION} dans son dossier, ni autre source qui nomme le bailleur "
                "(fichier RPLS)"))
    except ContractFileError as error:
        _record(conn, contract, path.name, sha, None, 0, 0, 0, None, "rejected", str(error),
                run_id)
        return LoadReport(path.name, "rejected", message=str(error))

    staged, typed, rejected = "_src_stage", "_src_typed", "_src_rejections"
    contract = _with_landlord(conn, contract, staged, landlord)
    conn.execute(f"create or replace temp table {typed} as {typed_select(contract, staged)}")
    conn.execute(f"create or replace temp table {rejected} as "
                 f"{rejections_select(contract, staged, typed)}")
    names = [c.name for c in contract.columns]
    row_json = "to_json(struct_pack(" + ", ".join(f"{n} := s.{n}" for n in names) + "))"
    masking.register(conn)
    conn.execute("begin transaction")
    try:
        conn.execute(
            "insert into quarantine.rejected_rows select ?, ?, ?, r.line_number, r.column_name, "
            f"mask_personal(r.raw_value), r.reason, mask_personal(cast({row_json} as varchar)), "
            "current_timestamp, ? "
            f"from {rejected} r join {staged} s using (line_number)",
            [contract.source, path.name, sha, run_id],
        )
        if info.structural_rejections:
            mask = _line_masker(path, contract, info)
            conn.executemany(
                "insert into quarantine.rejected_rows values "
                "(?, ?, ?, ?, null, null, ?, ?, current_timestamp, ?)",
                [(contract.source, path.name, sha, r.line_number, r.reason, mask(r.raw_line),
                  run_id) for r in info.structural_rejections],
            )
        conn.execute(
            f"create or replace temp table _src_accepted as select * from {typed} "
            f"where line_number not in (select line_number from {rejected})"
        )
        match = " and ".join(f"t.{k} is not distinct from a.{k}" for k in contract.key)
        conn.execute(f"delete from {contract.raw_table} t using _src_accepted a where {match}")
        # by name: a table made before the landlord column has it last
        conn.execute(
            f"insert into {contract.raw_table} by name select {', '.join(names)}, "
            "? as _file_name, ? as _file_sha256, line_number as _line_number, "
            "current_timestamp as _loaded_at, ? as _run_id from _src_accepted",
            [path.name, sha, run_id],
        )
        accepted = conn.execute("select count(*) from _src_accepted").fetchone()[0]
        quarantined = conn.execute(
            "select count(distinct line_number) from quarantine.rejected_rows "
            "where file_sha256 = ? and source = ?", [sha, contract.source]
        ).fetchone()[0]
        period = _period(conn, contract)
        notes = []
        if info.dropped_personal:
            notes.append("colonnes de données personnelles non chargées : "
                         + ", ".join(info.dropped_personal))
        if info.dropped_unknown:
            notes.append("colonnes inconnues ignorées : " + ", ".join(info.dropped_unknown))
        _record(conn, contract, path.name, sha, info.encoding, info.rows_read, accepted,
                quarantined, period, "loaded", "; ".join(notes), run_id, _series(conn, contract),
                _single_landlord(conn))
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    return LoadReport(path.name, "loaded", info.rows_read, accepted, quarantined, period,
                      "; ".join(notes))


def _line_masker(path: Path, contract: Contract, info):
    """Mask a line the reader could not parse: it may hold the source's personal columns
    (forbidden, pseudonymised) and patterns; the header says where its fields are."""
    personal = (set(contract.forbidden_columns) | set(info.dropped_personal)
                | {c.name for c in contract.columns if c.pseudonymise})
    header: list[str] = []
    if info.separator:
        encoding = getattr(info.encoding, "name", info.encoding) or "utf-8"
        try:
            with path.open(encoding=encoding, errors="replace", newline="") as f:
                first = f.readline().lstrip("\ufeff").rstrip("\r\n")
            header = next(csv.reader([first], delimiter=info.separator), [])
        except (OSError, LookupError, csv.Error):
            header = []
        if not header and personal:  # its fields cannot be told apart: keep no raw text
            return lambda text: None
    return lambda text: masking.mask_line(text, separator=info.separator, header=header,
                                          personal=personal)


def _stage(conn: duckdb.DuckDBPyConnection, contract: Contract, batches) -> None:
    columns = ", ".join(["line_number bigint"] + [f"{c.name} varchar" for c in contract.columns])
    conn.execute(f"create or replace temp table _src_stage ({columns})")
    for batch in batches:
        conn.register("_src_batch", batch)
        conn.execute("insert into _src_stage select * from _src_batch")
        conn.unregister("_src_batch")


def _period(conn: duckdb.DuckDBPyConnection, contract: Contract) -> str | None:
    if not contract.period_column:
        return None
    low, high = conn.execute(
        f"select min({contract.period_column}), max({contract.period_column}) from _src_accepted"
    ).fetchone()
    return None if low is None else f"{str(low)[:10]}..{str(high)[:10]}"


def _with_landlord(conn: duckdb.DuckDBPyConnection, contract: Contract, staged: str,
                   landlord: FileLandlord) -> Contract:
    """Give the inbox's landlord to the staged rows that name none, and the contract the rules
    that quarantine a row still without one, or naming another landlord than its folder's."""
    column = LANDLORD_COLUMN.name
    if landlord.landlord_id is not None:
        conn.execute(f"update {staged} set {column} = ? where coalesce({column}, '') = ''",
                     [landlord.landlord_id])
    rules = [RowRule("bailleur_manquant", f"{column} is null", column,
                     f"bailleur manquant : landlord_id vide ({landlord.origin})")]
    if landlord.landlord_id is not None and landlord.declared:
        rules.append(RowRule(
            "bailleur_du_dossier", f"{column} <> {q(landlord.landlord_id)}", column,
            f"bailleur différent de celui du dossier ({landlord.landlord_id}, "
            f"{landlord.origin})"))
    return replace(contract, rules=(*contract.rules, *rules))


def _rows_name_a_landlord(conn: duckdb.DuckDBPyConnection) -> bool:
    return conn.execute(f"select count(*) from _src_stage where "
                        f"coalesce({LANDLORD_COLUMN.name}, '') <> ''").fetchone()[0] > 0


def _single_landlord(conn: duckdb.DuckDBPyConnection) -> str | None:
    """The landlord of the file's accepted rows when they have one only (else None)."""
    landlords = conn.execute(
        f"select distinct {LANDLORD_COLUMN.name} from _src_accepted limit 2").fetchall()
    return landlords[0][0] if len(landlords) == 1 else None


def _series(conn: duckdb.DuckDBPyConnection, contract: Contract) -> str | None:
    """The file's series: its distinct values of the contract's volume_series, sorted."""
    if not contract.volume_series:
        return None
    return conn.execute(
        f"select string_agg(distinct {contract.volume_series}, ',' "
        f"order by {contract.volume_series}) from _src_accepted"
    ).fetchone()[0]


def _record(conn, contract, file_name, sha, encoding, read, accepted, quarantined, period,
            status, message, run_id, series=None, landlord=None) -> None:
    conn.execute(
        "insert into raw.source_files values (?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, "
        "current_timestamp, ?, ?)",
        [contract.source, file_name, sha, encoding, period, landlord, read, accepted,
         quarantined, status, message or None, run_id, series],
    )
