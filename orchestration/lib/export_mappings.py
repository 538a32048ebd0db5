"""A landlord's own export mapped onto a contract: declared in YAML, never coded.

Outside the RPLS file there is no national format: each management, ticketing or survey tool
exports its own headings, labels and date spellings. A landlord folder of the inbox (the one
holding its `bailleur.yml`, or the inbox itself for a single landlord) may hold
`mappings/<source>.yml`, one per export not in its contract's layout. It applies to the files of
that folder and of its sub-folders, the nearest one winning, like `bailleur.yml`:

    source: tickets                      # the contract; the file is named <source>.yml
    files: ["export_demandes_*.csv"]     # the export's file names (these files go to `source`)
    format: csv                          # csv | jsonl | xlsx (default: the contract's)
    separator: ";"                       # csv (default: guessed from the heading line)
    header_row: 1                        # row of the headings, from 1 (csv, xlsx)
    sheet: "Demandes"                    # xlsx (default: the contract's, else the first)
    columns: {ticket_id: "N° demande"}   # contract column: the export's heading
    values: {urgency: {"Très urgent": U1}}   # contract column: {export label: contract code}
    dates: {opened_at: "%d.%m.%Y %Hh%M"}     # contract column: the export's strptime format
    decimal: {separator: ",", thousands: "."}  # every decimal column
    constants: {kind: reclamation}       # a contract column the export lacks
    personal: ["Nom du demandeur"]       # the export's personal headings: never read

The mapping only renames and re-spells what it declares: a label with no entry in `values` or a
date not in the declared format stays as it is in the file, and the contract then quarantines
it with its reason. Nothing is guessed.
"""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from orchestration.lib.contracts import Contract
from orchestration.lib.tabular_reader import normalise_name

MAPPINGS_DIR = "mappings"
FORMATS = ("csv", "jsonl", "xlsx")
KEYS = {"source", "files", "format", "separator", "header_row", "sheet", "columns", "values",
        "dates", "decimal", "constants", "personal", "description"}
DATE_TYPES = {"date", "timestamp", "month"}


class MappingError(ValueError):
    """A mapping file that cannot be trusted: the files it names are set aside."""


@dataclass(frozen=True)
class ExportMapping:
    source: str
    path: Path
    files: tuple[str, ...]
    format: str
    separator: str | None = None
    header_row: int = 1
    sheet: str | None = None
    #: normalised export heading -> contract column
    headings: dict[str, str] = field(default_factory=dict)
    #: contract column -> {normalised export label: contract code}
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)
    decimal_separator: str | None = None
    thousands: str | None = None
    constants: dict[str, str] = field(default_factory=dict)
    #: normalised export headings of personal data
    personal: frozenset[str] = frozenset()
    #: sha256 of the mapping file: a file read through another mapping is another load
    fingerprint: str = ""

    def matches(self, path: Path) -> bool:
        name = path.name.lower()
        return any(fnmatch.fnmatch(name, pattern.lower()) for pattern in self.files)

    def contract_name(self, heading: str) -> str:
        """The contract column an export heading feeds (its own normalised name if unmapped)."""
        name = normalise_name(heading)
        return self.headings.get(name, name)

    def apply_to(self, contract: Contract) -> Contract:
        """The contract as this export is read: its format, sheet, and the personal headings."""
        from dataclasses import replace

        return replace(contract, format=self.format, sheet=self.sheet or contract.sheet,
                       forbidden_columns=contract.forbidden_columns | self.personal)


def label_key(label: object) -> str:
    """How an export's label is compared: case, accents and spacing do not matter."""
    return " ".join(normalise_name(str(label)).split("_"))


def load_mapping(path: Path, contracts: dict[str, Contract]) -> ExportMapping:
    """Read and check one mapping file against its contract; MappingError names file and key."""
    where = str(path)
    try:
        content = path.read_bytes()
        spec = yaml.safe_load(content.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise MappingError(f"{where} : illisible ({error})") from error
    if not isinstance(spec, dict):
        raise MappingError(f"{where} : attendu des clés « source: », « files: », « columns: »…")
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise MappingError(f"{where} : clé(s) inconnue(s) {', '.join(map(str, unknown))} "
                           f"(attendu : {', '.join(sorted(KEYS))})")
    source = spec.get("source")
    if source != path.stem:
        raise MappingError(f"{where} : « source: {source} » alors que le fichier s'appelle "
                           f"{path.name} (attendu source: {path.stem})")
    if source not in contracts:
        raise MappingError(f"{where} : source inconnue {source} (contrats : "
                           f"{', '.join(sorted(contracts))})")
    contract = contracts[source]
    columns = {c.name: c for c in contract.columns}

    def contract_column(name: object, key: str) -> str:
        if name not in columns:
            raise MappingError(f"{where}, {key} : {name} n'est pas une colonne du contrat "
                               f"{source} ({', '.join(columns)})")
        return str(name)

    def mapping_of(key: str) -> dict:
        value = spec.get(key) or {}
        if not isinstance(value, dict):
            raise MappingError(f"{where}, {key} : attendu « colonne: valeur » par ligne")
        return value

    files = spec.get("files")
    if isinstance(files, str):
        files = [files]
    if not files or not all(isinstance(f, str) and f for f in files):
        raise MappingError(f"{where}, files : attendu la liste des noms de fichier de l'export "
                           "(par exemple [\"export_demandes_*.csv\"])")
    file_format = spec.get("format", contract.format)
    if file_format not in FORMATS:
        raise MappingError(f"{where}, format : {file_format} (attendu : {', '.join(FORMATS)})")
    header_row = spec.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
        raise MappingError(f"{where}, header_row : un numéro de ligne à partir de 1 est attendu")
    if header_row != 1 and file_format == "jsonl":
        raise MappingError(f"{where}, header_row : un fichier JSON Lines n'a pas d'en-tête")
    separator = spec.get("separator")
    if separator is not None and (not isinstance(separator, str) or len(separator) != 1):
        raise MappingError(f"{where}, separator : un seul caractère est attendu (« ; », « , »…)")

    headings: dict[str, str] = {}
    for name, heading in mapping_of("columns").items():
        column = contract_column(name, "columns")
        key = normalise_name(str(heading))
        if key in headings:
            raise MappingError(f"{where}, columns : l'en-tête « {heading} » est donné à "
                               f"{headings[key]} et à {column}")
        headings[key] = column

    values: dict[str, dict[str, str]] = {}
    for name, labels in mapping_of("values").items():
        column = columns[contract_column(name, "values")]
        if not isinstance(labels, dict):
            raise MappingError(f"{where}, values, {name} : attendu « libellé de l'export: code »")
        codes = {}
        for label, code in labels.items():
            if column.codes and str(code) not in column.codes:
                raise MappingError(f"{where}, values, {name} : « {label} » donne le code {code}, "
                                   f"inconnu du contrat (attendu : {', '.join(column.codes)})")
            codes[label_key(label)] = str(code)
        values[column.name] = codes

    dates = {}
    for name, pattern in mapping_of("dates").items():
        column = columns[contract_column(name, "dates")]
        if column.type not in DATE_TYPES or not isinstance(pattern, str) or "%" not in pattern:
            raise MappingError(f"{where}, dates, {name} : un format strptime (« %d.%m.%Y ») "
                               "d'une colonne date, mois ou horodatage est attendu")
        dates[column.name] = pattern

    decimal = mapping_of("decimal")
    unknown = sorted(set(decimal) - {"separator", "thousands"})
    if unknown:
        raise MappingError(f"{where}, decimal : clé(s) inconnue(s) {', '.join(unknown)} "
                           "(attendu : separator, thousands)")

    constants = {contract_column(name, "constants"): str(value)
                 for name, value in mapping_of("constants").items()}
    fed_by_file = set(headings.values())
    both = sorted(fed_by_file & set(constants))
    if both:
        raise MappingError(f"{where}, constants : {', '.join(both)} vient déjà d'une colonne de "
                           "l'export (columns)")

    personal = spec.get("personal") or []
    if isinstance(personal, str):
        personal = [personal]
    personal_keys = frozenset(normalise_name(str(p)) for p in personal)
    mapped_personal = sorted(k for k in personal_keys if k in headings)
    if mapped_personal:
        raise MappingError(f"{where}, personal : {', '.join(mapped_personal)} est aussi donné "
                           "à une colonne du contrat (columns)")
    return ExportMapping(
        source=source, path=path, files=tuple(files), format=file_format, separator=separator,
        header_row=header_row, sheet=spec.get("sheet"), headings=headings, values=values,
        dates=dates, decimal_separator=decimal.get("separator"),
        thousands=decimal.get("thousands"), constants=constants, personal=personal_keys,
        fingerprint=hashlib.sha256(content).hexdigest())


def mapping_files(path: Path, inbox: Path) -> list[Path]:
    """The mapping files that apply to `path`: the nearest folder's first, up to the inbox."""
    inbox = inbox.resolve()
    folder = path.resolve().parent
    found: list[Path] = []
    while True:
        directory = folder / MAPPINGS_DIR
        if directory.is_dir():
            found += sorted(directory.glob("*.yml"))
        if folder == inbox or inbox not in folder.parents:
            return found
        folder = folder.parent


def mapping_for(path: Path, inbox: Path, contracts: dict[str, Contract]) -> ExportMapping | None:
    """The mapping whose `files` name this file, nearest folder first (None: no mapping).

    A mapping file that cannot be read raises MappingError only for the files it could name:
    its `files` patterns are read leniently first, so that a broken tickets mapping does not
    set aside the leases."""
    if path.parent.name == MAPPINGS_DIR:
        return None
    for candidate in mapping_files(path, inbox):
        if not _names(candidate, path):
            continue
        return load_mapping(candidate, contracts)
    return None


def mapped_source(path: Path, inbox: Path) -> str | None:
    """The source a mapping of the file's folders gives it (None: no mapping names it).

    Lenient on purpose: routing must not fail on a broken mapping; loading the file then
    reports why the mapping cannot be used (`mapping_for` raises)."""
    if path.parent.name == MAPPINGS_DIR:
        return None
    for candidate in mapping_files(path, inbox):
        if _names(candidate, path):
            return candidate.stem
    return None


def _names(mapping_path: Path, path: Path) -> bool:
    """Whether a mapping file's `files` patterns name `path` (a broken file: it may)."""
    try:
        spec = yaml.safe_load(mapping_path.read_text(encoding="utf-8"))
        files = spec.get("files") if isinstance(spec, dict) else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list):
        return False
    name = path.name.lower()
    return any(isinstance(p, str) and fnmatch.fnmatch(name, p.lower()) for p in files)
