"""Dry run of an inbox before its first load: what the pipeline would do with each file.

A landlord's data team drops its exports in a folder and runs `make check-files INBOX=<folder>`
before the first real load. Every file is routed, read and checked by the pipeline's own
machinery (lib/routing.py, the loaders of defs/contract_assets.FORMATS, mappings and
bailleur.yml included), against an in-memory DuckDB holding the reference tables the rules
need: what it says is what the load would do, not a second opinion that could drift from it.

Nothing is written: not the warehouse (opened read-only, only to say which files it holds
already and which landlords it knows), not the state folder (the pseudonymisation key is
ephemeral, so no secret is created by a dry run). Quarantined values are shown as the
quarantine would keep them, masked by lib/masking.py. Exit code 1 when a file would be set
aside, match no source or crash its loader; 0 otherwise.

    python -m orchestration.check_files --inbox DIR [--json] [--examples N]
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from orchestration.defs import contract_assets
from orchestration.defs.reference.assets import COG_TABLES
from orchestration.lib import contract_loader, landlords, lineage, masking, routing
from orchestration.lib.contracts import LANDLORD_COLUMN, Contract, load_registry
from orchestration.lib.export_mappings import MAPPINGS_DIR
from orchestration.lib.tabular_reader import TabularFile, normalise_name
from orchestration.settings import Settings, get_settings

RUN_ID = "check-files"
EXAMPLES = 5
VALUE_WIDTH = 80

#: status of a file -> what it means for the data team
VERDICTS = {
    "loaded": "serait chargé",
    "rejected": "serait ÉCARTÉ (non chargé)",
    "unchanged": "ignoré : même contenu qu'un autre fichier de la boîte, déjà lu",
    "unrouted": "aucune source : ne serait pas chargé",
    "crashed": "ferait ÉCHOUER le chargement de sa source",
    "ignored": "ignoré (fichier caché)",
}
FAILING = {"rejected", "unrouted", "crashed"}


@dataclass
class FileCheck:
    """What the pipeline would do with one file of the inbox."""
    file: str  # relative to the inbox
    status: str  # a key of VERDICTS
    source: str | None = None
    title: str | None = None
    mapping: str | None = None  # the mapping file that reads it, relative to the inbox
    reason: str = ""  # why it is set aside, matches no source, or crashes
    landlord: str | None = None
    landlord_origin: str | None = None
    #: landlord -> accepted rows, when the rows carry their own landlord_id
    row_landlords: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None
    separator: str | None = None
    columns: list[dict] = field(default_factory=list)  # {heading, column}
    missing_required: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    constants: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    rows_declared: int | None = None  # RPLS: the header's dwelling count
    layout_fields: int | None = None  # a fixed layout (RPLS): fields by position, no headings
    period: str | None = None
    reasons: list[dict] = field(default_factory=list)  # {reason, lines}
    examples: list[dict] = field(default_factory=list)  # {line, column, reason, value}
    in_warehouse: str | None = None  # loaded | rejected: the pipeline will not read it again
    notes: str = ""

    @property
    def fails(self) -> bool:
        return self.status in FAILING


@dataclass
class InboxCheck:
    inbox: str
    warehouse: str
    warehouse_state: str  # absent | read | unavailable: <why>
    warehouse_files: int = 0
    warehouse_landlords: list[str] = field(default_factory=list)
    known_landlords: list[str] = field(default_factory=list)
    files: list[FileCheck] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if any(f.fails for f in self.files) else 0

    def summary(self) -> dict:
        counts = {status: sum(f.status == status for f in self.files) for status in VERDICTS}
        loaded = [f for f in self.files if f.status == "loaded"]
        return {"files": len(self.files), **counts,
                "rows_accepted": sum(f.rows_accepted for f in loaded),
                "rows_quarantined": sum(f.rows_quarantined for f in loaded),
                "already_in_warehouse": sum(f.in_warehouse is not None for f in self.files),
                "exit_code": self.exit_code}


# --- the dry run -----------------------------------------------------------------------------

def check_inbox(inbox: Path, settings: Settings | None = None,
                examples: int = EXAMPLES) -> InboxCheck:
    """Route, read and check every file of `inbox` as the pipeline would, writing nothing."""
    settings = settings or get_settings()
    inbox = inbox.resolve()
    registry = load_registry()
    by_source = {source: routing.find_files(inbox, contract, registry)
                 for source, contract in registry.items()}
    routed = {path for files in by_source.values() for path in files}
    result = InboxCheck(str(inbox), str(settings.build_warehouse), "absent")
    key = secrets.token_bytes(32)  # never load_or_create_key: a dry run creates no secret

    with tempfile.TemporaryDirectory(prefix="check-files-") as spill, \
            _warehouse(settings.build_warehouse, result) as warehouse:
        conn = duckdb.connect()  # in memory: the dry run's warehouse, gone at the end
        conn.execute(f"set temp_directory = '{spill}'")
        _load_reference(conn, settings.reference_dir)
        lineage.ensure_tables(conn)
        known = contract_assets.known_landlords(
            warehouse if warehouse is not None and _has_lineage(warehouse) else conn, inbox)
        result.known_landlords = sorted(known)
        for source, files in by_source.items():  # the registry's order, files sorted: the run's
            for path in files:
                result.files.append(_check_file(conn, warehouse, registry[source], path, inbox,
                                                known, key, examples))
        conn.close()
    for path in sorted(p for p in inbox.rglob("*") if p.is_file()):
        if path in routed or path.name == landlords.DECLARATION \
                or path.parent.name == MAPPINGS_DIR:
            continue
        hidden = path.name.startswith(".")
        result.files.append(FileCheck(
            _relative(path, inbox), "ignored" if hidden else "unrouted",
            reason="" if hidden else
            "son nom ne correspond à aucun motif de fichier des contrats "
            "(orchestration/contracts/*.yml) ni aux fichiers d'une correspondance "
            f"({MAPPINGS_DIR}/<source>.yml de son dossier)"))
    result.files.sort(key=lambda f: f.file)
    return result


def _check_file(conn, warehouse, contract: Contract, path: Path, inbox: Path, known: set[str],
                key: bytes, examples: int) -> FileCheck:
    check = FileCheck(_relative(path, inbox), "loaded", contract.source, contract.title)
    ensure_tables, load, _ = contract_assets.FORMATS[contract.format]
    ensure_tables(conn, contract)
    landlord = landlords.landlord_of_file(path, inbox, known)
    mapping, problem = contract_assets.mapping_of(path, inbox)
    if mapping is not None:
        check.mapping = _relative(mapping.path, inbox)
        check.constants = dict(mapping.constants)
    check.landlord, check.landlord_origin = landlord.landlord_id, landlord.origin
    if warehouse is not None and _has_lineage(warehouse):
        identity = (contract_loader.file_identity(path, mapping) if not contract.fixed_layout
                    else lineage.file_sha256(path))
        check.in_warehouse = lineage.already_processed(
            warehouse, contract.source, identity,
            None if contract.fixed_layout else landlord.landlord_id)
    with _reader_info() as infos:
        try:
            report = load(conn, contract, path, RUN_ID, key, landlord, mapping, problem)
        except Exception as error:  # noqa: BLE001 - the pipeline's asset would fail on it
            check.status = "crashed"
            check.reason = f"{type(error).__name__}: {error}"
            return check
    check.status, check.notes = report.status, report.message
    if report.status == "rejected":
        check.reason = report.message
    if infos:
        _describe_columns(check, contract, infos[-1], mapping)
    if report.status != "loaded":
        return check
    check.rows_read, check.rows_accepted = report.rows_read, report.rows_accepted
    check.rows_quarantined = report.rows_quarantined
    check.rows_declared = getattr(report, "rows_declared", None)
    sha, file_landlord, check.encoding, check.period = conn.execute(
        "select file_sha256, landlord_id, encoding, period from raw.source_files "
        "where source = ? and file_name = ? and status = 'loaded' order by loaded_at desc "
        "limit 1", [contract.source, path.name]).fetchone()
    if contract.fixed_layout:
        check.landlord, check.landlord_origin = file_landlord, "en-tête du fichier RPLS"
        check.layout_fields = len(contract.columns)
    else:
        check.row_landlords = dict(conn.execute(
            f"select coalesce({LANDLORD_COLUMN.name}, '?'), count(*) from {contract.raw_table} "
            "where _file_sha256 = ? group by 1 order by 1", [sha]).fetchall())
    _describe_quarantine(conn, check, contract.source, sha, examples)
    # keep the dry run's memory to one file: its rows are counted, nothing reads them again
    conn.execute(f"delete from {contract.raw_table} where _file_sha256 = ?", [sha])
    conn.execute("delete from quarantine.rejected_rows where file_sha256 = ?", [sha])
    return check


def _describe_columns(check: FileCheck, contract: Contract, info: TabularFile,
                      mapping) -> None:
    """Headings read, missing, unknown and personal, as the reader saw the file."""
    wanted = {c.name for c in contract.columns}
    written = {normalise_name(h): h for h in info.header}
    check.encoding, check.separator = info.encoding, info.separator
    order = {heading: i for i, heading in enumerate(info.header)}  # the file's own order
    check.columns = sorted(({"heading": heading, "column": column}
                            for column, heading in info.mapped.items() if column in wanted),
                           key=lambda c: order.get(c["heading"], len(order)))
    fed = {c["column"] for c in check.columns} | set(check.constants)
    missing = [c for c in contract.columns if c.name not in fed]
    check.missing_required = [c.name for c in missing if c.required]
    check.missing_optional = [c.name for c in missing if not c.required]
    check.unknown = [written.get(h, h) for h in info.dropped_unknown] + [
        heading for column, heading in info.mapped.items() if column not in wanted]
    check.personal = [written.get(h, h) for h in info.dropped_personal]


def _describe_quarantine(conn, check: FileCheck, source: str, sha: str, examples: int) -> None:
    """Reasons by number of lines, and the first lines quarantined with their masked values."""
    where = "source = ? and file_sha256 = ?"
    check.reasons = [{"reason": reason, "lines": lines} for reason, lines in conn.execute(
        f"select reason, count(distinct line_number) from quarantine.rejected_rows "
        f"where {where} group by 1 order by 2 desc, 1", [source, sha]).fetchall()]
    rows = conn.execute(
        f"select line_number, column_name, reason, raw_value, raw_line "
        f"from quarantine.rejected_rows where {where} and line_number in ("
        f"  select distinct line_number from quarantine.rejected_rows where {where} "
        f"  order by 1 limit ?) order by line_number, column_name nulls first",
        [source, sha, source, sha, examples]).fetchall()
    for line, column, reason, value, raw_line in rows:
        # masked when the loader wrote them; masked again, in case a value reached us otherwise
        shown = masking.mask_text(value if column is not None else raw_line)
        check.examples.append({"line": line, "column": column, "reason": reason,
                               "value": shown})


@contextmanager
def _reader_info() -> Iterator[list[TabularFile]]:
    """What the tabular reader saw of the file (headings mapped, unknown, personal), kept
    while the loader reads it: the file is read once, by the loader itself."""
    seen: list[TabularFile] = []
    original = contract_loader.read_tabular

    def read(*args, **kwargs):
        info, batches = original(*args, **kwargs)
        seen.append(info)
        return info, batches

    contract_loader.read_tabular = read
    try:
        yield seen
    finally:
        contract_loader.read_tabular = original


@contextmanager
def _warehouse(path: Path, result: InboxCheck):
    """The build warehouse, read-only, or None when absent or held by a running load."""
    if not path.is_file():
        yield None
        return
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:  # a run holds it for writing right now
        result.warehouse_state = f"indisponible ({error})"
        yield None
        return
    try:
        result.warehouse_state = "read"
        if _has_lineage(conn):
            result.warehouse_files = conn.execute(
                "select count(*) from raw.source_files where status = 'loaded'").fetchone()[0]
            result.warehouse_landlords = [landlord for (landlord,) in conn.execute(
                "select distinct landlord_id from raw.source_files where landlord_id is not "
                "null and status = 'loaded' order by 1").fetchall()]
        yield conn
    finally:
        conn.close()


def _has_lineage(conn) -> bool:
    return conn.execute("select count(*) from duckdb_tables() where schema_name = 'raw' "
                        "and table_name = 'source_files'").fetchone()[0] > 0


def _load_reference(conn, reference_dir: Path) -> None:
    """The COG tables as defs/reference/assets.py loads them: the rules check communes there."""
    conn.execute("create schema if not exists reference")
    for table, file in COG_TABLES.items():
        conn.execute(f"create table reference.{table} as select * from "
                     "read_csv(?, header = true, all_varchar = true)",
                     [str(reference_dir / "cog" / file)])


def _relative(path: Path, inbox: Path) -> str:
    try:
        return str(path.resolve().relative_to(inbox))
    except ValueError:
        return str(path)


# --- what a person reads ---------------------------------------------------------------------

def _value(text: str | None) -> str:
    if text is None or text == "":
        return "(vide)"
    text = text.replace("\r", " ").replace("\n", " ")
    return f"« {text[:VALUE_WIDTH]}{'…' if len(text) > VALUE_WIDTH else ''} »"


def _names(names: list[str]) -> str:
    return ", ".join(names) if names else "aucune"


def render_file(f: FileCheck) -> list[str]:
    lines = [f"── {f.file}"]
    if f.status in {"unrouted", "ignored"}:
        lines.append(f"   Source : aucune ({f.reason})" if f.reason else "   Source : aucune")
        lines.append(f"   → {VERDICTS[f.status]}")
        return lines
    how = f", par la correspondance {f.mapping}" if f.mapping else ""
    lines.append(f"   Source : {f.source} ({f.title}){how}")
    if f.row_landlords and set(f.row_landlords) != {f.landlord}:
        own = ", ".join(f"{k} ({v} lignes)" for k, v in f.row_landlords.items())
        lines.append(f"   Bailleur : colonne landlord_id du fichier : {own}")
    elif f.landlord:
        lines.append(f"   Bailleur : {f.landlord} ({f.landlord_origin})")
    else:
        lines.append(f"   Bailleur : non déterminé ({f.landlord_origin})")
    if f.encoding or f.separator:
        sep = f", séparateur « {f.separator} »" if f.separator else ""
        lines.append(f"   Lecture : encodage {f.encoding or 'classeur XLSX'}{sep}")
    if f.layout_fields:
        lines.append(f"   Colonnes : format à positions fixes ({f.layout_fields} champs dans "
                     "l'ordre du contrat), sans ligne de noms de colonnes")
    if f.columns:
        if f.mapping:
            read = ", ".join(f"« {c['heading']} » → {c['column']}" for c in f.columns)
        else:
            read = ", ".join(c["column"] if normalise_name(c["heading"]) == c["column"]
                             else f"« {c['heading']} » → {c['column']}" for c in f.columns)
        lines.append(f"   Colonnes lues ({len(f.columns)}) : {read}")
        if f.constants:
            lines.append("   Valeurs constantes (correspondance) : "
                         + ", ".join(f"{k} = {v}" for k, v in f.constants.items()))
        optional = [c + (" (rempli avec le bailleur ci-dessus)" if c == LANDLORD_COLUMN.name and f.landlord
                         else "") for c in f.missing_optional]
        lines.append(f"   Colonnes absentes : obligatoires : {_names(f.missing_required)} ; "
                     f"facultatives : {_names(optional)}")
        lines.append(f"   Colonnes inconnues (ignorées) : {_names(f.unknown)}")
        lines.append(f"   Données personnelles écartées (jamais lues) : {_names(f.personal)}")
    if f.status == "loaded":
        declared = (f", {f.rows_declared} déclarées dans l'en-tête"
                    if f.rows_declared is not None else "")
        period = f" ; période {f.period}" if f.period else ""
        lines.append(f"   Lignes : {f.rows_read} lues{declared}, {f.rows_accepted} seraient "
                     f"chargées, {f.rows_quarantined} en quarantaine{period}")
        if f.reasons:
            lines.append("   Motifs de quarantaine (lignes) : " + " ; ".join(
                f"{r['lines']} × {r['reason']}" for r in f.reasons[:8])
                + (f" ; … ({len(f.reasons) - 8} autres motifs)" if len(f.reasons) > 8 else ""))
        if f.examples:
            lines.append(f"   Premières lignes en quarantaine ({len({e['line'] for e in f.examples})}"
                         f" sur {f.rows_quarantined}) :")
            for e in f.examples:
                where = f"colonne {e['column']}" if e["column"] else "ligne entière"
                lines.append(f"     ligne {e['line']}, {where} : {e['reason']} — valeur "
                             f"{_value(e['value'])}")
    if f.in_warehouse == "loaded":
        lines.append("   Entrepôt : déjà chargé (même contenu) : le pipeline ne le relira pas")
    elif f.in_warehouse == "rejected":
        lines.append("   Entrepôt : déjà écarté (même contenu) : il le reste tant qu'il n'est "
                     "pas corrigé ou retiré")
    verdict = VERDICTS[f.status]
    lines.append(f"   → {verdict}" + (f" : {f.reason}" if f.reason else ""))
    return lines


def render(result: InboxCheck) -> str:
    out = [f"Vérification à blanc de {result.inbox} (rien n'est écrit)"]
    if result.warehouse_state == "read":
        out.append(f"Entrepôt {result.warehouse} (lu en lecture seule) : "
                   f"{result.warehouse_files} fichier(s) chargé(s), bailleurs : "
                   f"{_names(result.warehouse_landlords)}")
    elif result.warehouse_state == "absent":
        out.append(f"Entrepôt {result.warehouse} : absent (premier chargement)")
    else:
        out.append(f"Entrepôt {result.warehouse} : {result.warehouse_state}")
    out.append(f"Bailleurs connus (entrepôt, bailleur.yml, en-têtes RPLS) : "
               f"{_names(result.known_landlords)}")
    for f in result.files:
        out.append("")
        out.extend(render_file(f))
    s = result.summary()
    out.append("")
    out.append(
        f"Bilan : {s['files']} fichier(s) : {s['loaded']} chargeable(s) "
        f"({s['rows_accepted']} lignes chargées, {s['rows_quarantined']} en quarantaine), "
        f"{s['rejected']} écarté(s), {s['unrouted']} sans source, {s['crashed']} en échec, "
        f"{s['unchanged']} en double, {s['already_in_warehouse']} déjà dans l'entrepôt"
        + (" : à corriger avant le chargement." if result.exit_code else "."))
    return "\n".join(out)


def as_json(result: InboxCheck) -> str:
    data = asdict(result)
    data["summary"] = result.summary()
    return json.dumps(data, ensure_ascii=False, indent=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.check_files",
        description="Vérification à blanc d'une boîte de dépôt : ce que le chargement ferait de "
        "chaque fichier, sans rien écrire. Code de sortie 1 si un fichier serait écarté ou "
        "n'appartient à aucune source.")
    parser.add_argument("--inbox", type=Path, default=None,
                        help="dossier à vérifier (défaut : INBOX, sinon data/inbox)")
    parser.add_argument("--json", action="store_true", help="sortie JSON, pour les machines")
    parser.add_argument("--examples", type=int, default=EXAMPLES,
                        help=f"lignes en quarantaine montrées par fichier (défaut {EXAMPLES})")
    args = parser.parse_args(argv)
    settings = get_settings()
    inbox = args.inbox or settings.inbox
    if not inbox.is_dir():
        print(f"{inbox} : dossier introuvable", file=sys.stderr)
        return 2
    result = check_inbox(inbox, settings, args.examples)
    print(as_json(result) if args.json else render(result))
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
