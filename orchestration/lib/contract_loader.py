"""Load one source file under its contract: typed rows to raw.<source>, the rest to quarantine.

Same guarantees as the RPLS loader: the same file twice changes nothing (checksum), every line
read is either accepted or quarantined, per file. Rows are upserted on the contract's key, so a
later file correcting a row replaces it. What goes to the quarantine is masked first
(`lib/masking.py`): no phone, e-mail, IBAN or personal column's value is kept, even there.
A landlord's own export comes with its mapping (`lib/export_mappings.py`): the reader renames its
headings, then its labels and date spellings are turned into the contract's here, in SQL, before
the contract's checks; what the mapping does not name is checked as it is in the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from orchestration.lib import lineage, masking
from orchestration.lib.contract_sql import q, rejections_select, typed_select
from orchestration.lib.contracts import LANDLORD_COLUMN, Contract, RowRule
from orchestration.lib.export_mappings import ExportMapping, label_key
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
              key: bytes | None, landlord: FileLandlord | None = None,
              mapping: ExportMapping | None = None, mapping_problem: str | None = None,
              ) -> LoadReport:
    """Load one file; bad content never raises, it gives a `rejected` report.

    `mapping`: the landlord's declaration of this export's layout, if it is not the contract's;
    `mapping_problem`: why the mapping that names the file cannot be used (the file is then set
    aside rather than read as if it were in the contract's layout).

    `landlord`: what the inbox says of the file's landlord (lib/landlords.py). Rows without a
    landlord_id of their own take it; a file with no landlord_id column and no landlord from
    the inbox is set aside, and in a folder declared by bailleur.yml a row naming another
    landlord is quarantined."""
    ensure_tables(conn, contract)
    sha = file_identity(path, mapping)
    landlord = landlord or FileLandlord(None, "aucun bailleur connu")
    # the same bytes in another landlord's folder are another landlord's file
    if lineage.already_processed(conn, contract.source, sha, landlord.landlord_id):
        return LoadReport(path.name, "unchanged")
    try:
        if mapping_problem:
            raise ContractFileError(f"{path.name} : correspondance inutilisable : "
                                    f"{mapping_problem}")
        if landlord.landlord_id is None and landlord.declared:
            raise ContractFileError(landlord.problem)
        info, batches = read_tabular(path, contract, key, mapping=mapping)
        _stage(conn, contract, batches)
        apply_mapping(conn, "_src_stage", contract, mapping)
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
    conn.execute(f"insert into {rejected} select * from {MAPPING_REJECTIONS}")
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
        if mapping is not None:
            notes.append(f"lu selon la correspondance {mapping_label(mapping)}")
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


def file_identity(path: Path, mapping: ExportMapping | None = None) -> str:
    """What says a file was processed already (raw.source_files.file_sha256): its checksum,
    combined with its mapping's for a mapped export, so that a corrected mapping reads the
    same export again (its labels now known, say) instead of finding it « unchanged »."""
    sha = lineage.file_sha256(path)
    if mapping is None:
        return sha
    return hashlib.sha256(f"{sha}:{mapping.fingerprint}".encode()).hexdigest()


def _line_masker(path: Path, contract: Contract, info):
    """Mask a line the reader could not parse: it may hold the source's personal columns
    (forbidden, pseudonymised) and patterns; the header says where its fields are."""
    pseudonymised = {c.name for c in contract.columns if c.pseudonymise}
    personal = set(contract.forbidden_columns) | set(info.dropped_personal) | pseudonymised
    header: list[str] = []
    if info.separator:
        header = list(info.header)
        if info.mapping is not None:  # an export's heading of a pseudonymised column
            personal |= {h for h in header if info.mapping.contract_name(h) in pseudonymised}
        if not header and personal:  # its fields cannot be told apart: keep no raw text
            return lambda text: None
    return lambda text: masking.mask_line(text, separator=info.separator, header=header,
                                          personal=personal)


def mapping_label(mapping: ExportMapping) -> str:
    """The mapping file as a person finds it: its folder and name."""
    return f"{mapping.path.parent.parent.name}/{mapping.path.parent.name}/{mapping.path.name}"


MAPPING_REJECTIONS = "_src_mapping_rejections"


def apply_mapping(conn: duckdb.DuckDBPyConnection, staged: str, contract: Contract,
                  mapping: ExportMapping | None) -> None:
    """Turn the export's labels, dates and decimals into the contract's spelling, in place.

    Only what the mapping declares changes: an unlisted label is left as it is, so the
    contract's checks quarantine it with the file's own value; a date or a number not spelled as
    the mapping declares is quarantined (temp table MAPPING_REJECTIONS, same columns as the
    contract's rejections), never read in the contract's spellings, which could mean another
    day or another amount."""
    conn.execute(f"create or replace temp table {MAPPING_REJECTIONS} (line_number bigint, "
                 "column_name varchar, raw_value varchar, reason varchar)")
    if mapping is None:
        return
    sets, refused = [], []
    for name, labels in mapping.values.items():
        # a code column holds few distinct labels: each is keyed as the mapping keys its own
        found = [v for (v,) in conn.execute(f"select distinct {name} from {staged}").fetchall()]
        codes = {v: labels[label_key(v)] for v in found if v and label_key(v) in labels}
        if codes:
            cases = " ".join(f"when {q(v)} then {q(code)}" for v, code in codes.items())
            sets.append(f"{name} = case {name} {cases} else {name} end")
    for name, pattern in mapping.dates.items():
        spelled = {"date": "%Y-%m-%d", "month": "%Y-%m",
                   "timestamp": "%Y-%m-%d %H:%M:%S"}[contract.column(name).type]
        parsed = f"try_strptime(nullif({name}, ''), {q(pattern)})"
        sets.append(f"{name} = coalesce(strftime({parsed}, {q(spelled)}), {name})")
        refused.append((name, f"{name} <> '' and {parsed} is null",
                        f"date hors du format déclaré par la correspondance ({pattern})"))
    if mapping.decimal_separator or mapping.thousands:
        for column in contract.columns:
            if column.type != "decimal":
                continue
            value = column.name
            if mapping.thousands:
                value = f"replace({value}, {q(mapping.thousands)}, '')"
            if mapping.decimal_separator and mapping.decimal_separator != ".":
                value = f"replace({value}, {q(mapping.decimal_separator)}, '.')"
            # only a number spelled as declared is re-spelled: anything else stays as read
            spelled = (f"[+-]?[0-9]{{1,3}}({_re(mapping.thousands)}[0-9]{{3}})*"
                       if mapping.thousands else "[+-]?[0-9]+")
            spelled += f"({_re(mapping.decimal_separator or '.')}[0-9]+)?"
            sets.append(f"{column.name} = case when regexp_full_match({column.name}, "
                        f"{q(spelled)}) then {value} else {column.name} end")
            refused.append((column.name, f"{column.name} <> '' and not regexp_full_match("
                            f"{column.name}, {q(spelled)})",
                            "nombre hors du format déclaré par la correspondance (décimale "
                            f"« {mapping.decimal_separator or '.'} »"
                            + (f", milliers « {mapping.thousands} »)" if mapping.thousands
                               else ")")))
    for name, condition, reason in refused:  # on the file's own text, before re-spelling
        conn.execute(f"insert into {MAPPING_REJECTIONS} select line_number, {q(name)}, {name}, "
                     f"{q(reason)} from {staged} where {condition}")
    if sets:
        conn.execute(f"update {staged} set {', '.join(sets)}")


def _re(text: str) -> str:
    import re

    return re.escape(text)


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
