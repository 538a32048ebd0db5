"""Source contracts: the YAML files of orchestration/contracts/ read into typed objects.

The directory is the registry of sources: one file per source, whatever its format. Most are
tabular (CSV, JSON Lines, XLSX: columns found by name, read by lib/contract_loader.py); a
fixed-layout source (RPLS: positions after a header line, no column-name row) declares its
positions as its columns, in order, and is read by its own reader (lib/rpls_reader.py).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from orchestration.lib.landlords import LANDLORD_PATTERN

CONTRACTS_DIR = Path(__file__).resolve().parents[1] / "contracts"
COLUMN_TYPES = {"text", "code", "integer", "decimal", "date", "month", "timestamp", "boolean",
                "commune"}
SQL_TYPES = {
    "text": "varchar", "code": "varchar", "commune": "varchar", "integer": "integer",
    "decimal": "double", "date": "date", "month": "date", "timestamp": "timestamp",
    "boolean": "boolean",
}
TABULAR_FORMATS = frozenset({"csv", "jsonl", "xlsx"})
#: formats whose columns are positions, not names: read by their own reader, not by the
#: tabular loader, and without a landlord column (their header line names the landlord)
FIXED_LAYOUT_FORMATS = frozenset({"rpls"})


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str = ""
    required: bool = False
    codes: tuple[str, ...] = ()
    min: object = None
    max: object = None
    pattern: str | None = None
    pseudonymise: bool = False
    #: (fixed layouts) False when the position's meaning is not settled by the official text
    verified: bool = True

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class RowRule:
    name: str
    when_invalid: str  # SQL on the typed columns
    column: str
    reason: str


@dataclass(frozen=True)
class Contract:
    source: str
    title: str
    description: str
    format: str
    file_patterns: tuple[str, ...]
    cadence: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    rules: tuple[RowRule, ...] = ()
    forbidden_columns: frozenset[str] = field(default_factory=frozenset)
    period_column: str | None = None
    sheet: str | None = None
    #: column whose values name a file's series (e.g. the survey kind): the volume check
    #: compares a file with the previous file of the same series, like with like
    volume_series: str | None = None
    #: the Dagster group of the source's asset (tenancy, maintenance...): where the UI shows it
    group: str = ""
    #: the raw table when it is not raw.<source> (RPLS: raw.rpls_dwellings, kept as it was)
    table: str | None = None

    @property
    def raw_table(self) -> str:
        return self.table or f"raw.{self.source}"

    @property
    def asset_path(self) -> tuple[str, ...]:
        """The path of the source's Dagster asset key: its raw table, [raw, <table>]."""
        return tuple(self.raw_table.split("."))

    @property
    def fixed_layout(self) -> bool:
        return self.format in FIXED_LAYOUT_FORMATS

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def matches(self, path: Path) -> bool:
        name = path.name.lower()
        return any(fnmatch.fnmatch(name, p) for p in self.file_patterns)


#: Every source row has a landlord (lib/landlords.py): a contract that does not declare the
#: column gets this one, first, and the landlord leads its key, since landlords' own
#: identifiers (dwellings, leases, tickets...) collide between landlords.
LANDLORD_COLUMN = Column(
    name="landlord_id", type="text", pattern=LANDLORD_PATTERN,
    description="Numéro ministériel du bailleur (9 caractères) : colonne du fichier, sinon le "
    "bailleur de son dossier (bailleur.yml) ou le seul bailleur de l'entrepôt.")

COLUMN_KEYS = {"name", "type", "description", "required", "codes", "min", "max", "pattern",
               "pseudonymise", "verified"}


def load_contract(path: Path) -> Contract:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    for c in spec["columns"]:
        unknown = set(c) - COLUMN_KEYS
        if unknown:  # e.g. an unquoted description with a comma split into a bogus key
            raise ValueError(f"{path.name}: column {c.get('name')} has unknown keys {unknown}")
    columns = tuple(
        Column(
            name=c["name"], type=c["type"], description=c.get("description", ""),
            required=bool(c.get("required", False)),
            codes=tuple(str(v) for v in c.get("codes", ())),
            min=c.get("min"), max=c.get("max"), pattern=c.get("pattern"),
            pseudonymise=bool(c.get("pseudonymise", False)),
            verified=bool(c.get("verified", True)),
        )
        for c in spec["columns"]
    )
    key = tuple(spec["key"])
    if spec["format"] not in TABULAR_FORMATS | FIXED_LAYOUT_FORMATS:
        raise ValueError(f"{path.name}: unknown format {spec['format']}")
    if spec["format"] in TABULAR_FORMATS:
        if all(c.name != LANDLORD_COLUMN.name for c in columns):
            columns = (LANDLORD_COLUMN, *columns)
        if LANDLORD_COLUMN.name not in key:
            key = (LANDLORD_COLUMN.name, *key)
    for c in columns:
        if c.type not in COLUMN_TYPES:
            raise ValueError(f"{path.name}: column {c.name} has unknown type {c.type}")
        if c.type == "code" and not c.codes:
            raise ValueError(f"{path.name}: code column {c.name} lists no codes")
    contract = Contract(
        source=spec["source"], title=spec["title"], description=spec["description"].strip(),
        format=spec["format"], file_patterns=tuple(spec["file_patterns"]),
        cadence=spec["cadence"], key=key, columns=columns,
        rules=tuple(RowRule(**r) for r in spec.get("rules", ())),
        forbidden_columns=frozenset(spec.get("forbidden_columns", ())),
        period_column=spec.get("period_column"), sheet=spec.get("sheet"),
        volume_series=spec.get("volume_series"), group=spec.get("group", ""),
        table=spec.get("raw_table"),
    )
    if not contract.group:
        raise ValueError(f"{path.name}: no group (the Dagster group of its asset)")
    names = {c.name for c in columns}
    missing = [k for k in contract.key if k not in names]
    if missing:
        raise ValueError(f"{path.name}: key columns {missing} are not declared")
    if contract.volume_series and contract.volume_series not in names:
        raise ValueError(f"{path.name}: volume_series {contract.volume_series} is not declared")
    return contract


def load_registry(directory: Path = CONTRACTS_DIR) -> dict[str, Contract]:
    """Every source, by name: what the asset factory and the file routing go through."""
    contracts = [load_contract(p) for p in sorted(directory.glob("*.yml"))]
    return {c.source: c for c in contracts}


def load_contracts(directory: Path = CONTRACTS_DIR) -> dict[str, Contract]:
    """The tabular sources, by name: the ones lib/contract_loader.py reads by column name."""
    return {s: c for s, c in load_registry(directory).items() if c.format in TABULAR_FORMATS}
