"""Read a contract source file (CSV, JSON Lines, XLSX) into Arrow batches of text columns.

Only structure is checked here (header, field count, JSON syntax, encoding): values are checked
in SQL by `contract_sql`. Identifiers marked `pseudonymise` are replaced here, before anything is
written, and forbidden columns (tenant names, phones, e-mails) are never read into a batch.
A landlord's own export is read through its mapping (`export_mappings.py`): its headings name
the contract's columns, its sheet, heading row and separator say where the table is.
XLSX is read by calamine (Rust), cell values as the workbook stores them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from orchestration.lib.contracts import Contract
from orchestration.lib.pseudonymise import pseudonym
from orchestration.lib.text_files import (UNDECODABLE, TextEncoding, inspect_text, iter_lines,
                                           open_text)

if TYPE_CHECKING:
    from orchestration.lib.export_mappings import ExportMapping

BATCH_ROWS = 100_000


class ContractFileError(ValueError):
    """The file cannot be read under its contract at all (it fails as a whole)."""


@dataclass(frozen=True)
class Rejection:
    line_number: int
    reason: str
    raw_line: str | None


@dataclass
class TabularFile:
    path: Path
    encoding: str | None
    separator: str | None
    dropped_personal: list[str] = field(default_factory=list)
    dropped_unknown: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    rows_read: int = 0
    line_number: int = 0  # the physical line being read, for the message of an error
    structural_rejections: list[Rejection] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # the file's headings, as written
    #: contract column -> the export heading it is read from (its own name when unmapped)
    mapped: dict[str, str] = field(default_factory=dict)
    mapping: ExportMapping | None = None


@lru_cache(maxsize=4096)  # JSON Lines: called for every key of every line
def normalise_name(name: str) -> str:
    """'Date d'établissement DPE ' -> 'date_d_etablissement_dpe'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


class _Builder:
    """Maps source rows onto the contract's columns and cuts them into Arrow batches."""

    def __init__(self, contract: Contract, info: TabularFile, header: list[str],
                 key: bytes | None, batch_rows: int, header_line: int = 1) -> None:
        self.contract, self.info, self.key, self.batch_rows = contract, info, key, batch_rows
        mapping = info.mapping
        raw = [normalise_name(h) for h in header]
        personal = [h for h in raw if h in contract.forbidden_columns]
        # a personal heading is never read, whatever contract name it would have
        normalised = ["" if h in contract.forbidden_columns else
                      (mapping.contract_name(h) if mapping else h) for h in raw]
        self.constants = dict(mapping.constants) if mapping else {}
        wanted = {c.name for c in contract.columns}
        missing_required = [c.name for c in contract.columns
                            if c.required and c.name not in normalised
                            and c.name not in self.constants]
        if missing_required:
            found = ", ".join(h for h in header if str(h).strip())
            how = (f" (correspondance {mapping.path.name} : vérifier sa rubrique columns)"
                   if mapping else "")
            raise ContractFileError(
                f"{info.path.name}, ligne {header_line} : colonne(s) obligatoire(s) absente(s) "
                f"de l'en-tête : {', '.join(missing_required)}{how} (trouvé : {found})")
        self.width = len(header)
        self.positions = {name: normalised.index(name) for name in wanted if name in normalised}
        info.header = [str(h) for h in header]
        info.mapped = {name: str(header[pos]) for name, pos in sorted(self.positions.items())}
        info.missing_optional = sorted(wanted - set(normalised) - set(self.constants))
        info.dropped_personal = personal
        info.dropped_unknown = [h for h, name in zip(raw, normalised, strict=True)
                                if name and name not in wanted]
        self.pseudonymised = {c.name for c in contract.columns if c.pseudonymise}
        self.names = [c.name for c in contract.columns]
        self._reset()

    def _reset(self) -> None:
        self.lines: list[int] = []
        self.columns: dict[str, list[str]] = {n: [] for n in self.names}

    def add(self, line_number: int, values: list[str]) -> pa.Table | None:
        self.lines.append(line_number)
        for name in self.names:
            pos = self.positions.get(name)
            value = values[pos].strip() if pos is not None else self.constants.get(name, "")
            if value and name in self.pseudonymised and self.key is not None:
                value = pseudonym(self.key, value)
            self.columns[name].append(value)
        return self.flush() if len(self.lines) >= self.batch_rows else None

    def flush(self) -> pa.Table | None:
        if not self.lines:
            return None
        table = pa.Table.from_arrays(
            [pa.array(self.lines, pa.int64())]
            + [pa.array(self.columns[n], pa.string()) for n in self.names],
            names=["line_number", *self.names],
        )
        self._reset()
        return table


def read_tabular(path: Path, contract: Contract, key: bytes | None,
                 batch_rows: int = BATCH_ROWS, mapping: ExportMapping | None = None,
                 ) -> tuple[TabularFile, Iterator[pa.Table]]:
    """Open a source file under its contract (through `mapping` for a landlord's own export);
    header problems raise now, rows stream later.

    Whatever the content, only ContractFileError leaves here or the batches (file and line
    named): a file that is not text, or empty, is set aside before any row is read."""
    if mapping is not None:
        contract = mapping.apply_to(contract)
    reader = {"csv": _read_csv, "jsonl": _read_jsonl, "xlsx": _read_xlsx}[contract.format]
    try:
        info, batches = reader(path, contract, key, batch_rows, mapping)
    except (csv.Error, UnicodeError) as error:
        raise ContractFileError(f"{path.name} : fichier illisible ({error})") from error
    return info, _guarded(path, info, batches)


def _guarded(path: Path, info: TabularFile, batches: Iterator[pa.Table]) -> Iterator[pa.Table]:
    """The batches, with a reader's error on bad content turned into a ContractFileError."""
    try:
        yield from batches
    except ContractFileError:
        raise
    except Exception as error:  # csv, codecs, openpyxl: many types for a bad file
        raise ContractFileError(
            f"{path.name}, ligne {info.line_number} : fichier illisible "
            f"({type(error).__name__}: {error})") from error


def _text_encoding(path: Path) -> TextEncoding:
    """The whole file's encoding; a binary, badly encoded or empty file is set aside here."""
    encoding = inspect_text(path)
    if encoding.problem:
        raise ContractFileError(f"{path.name} : {encoding.problem}")
    if encoding.blank:
        raise ContractFileError(f"{path.name} : fichier vide (aucune ligne d'en-tête ni de "
                                "données) : export interrompu ?")
    return encoding


def _keep_raw(contract: Contract, text: str) -> str | None:
    """A line that could not be parsed is kept: the loader masks its personal fields and
    patterns before writing it (lib/masking.py)."""
    return text


def _read_csv(path, contract, key, batch_rows, mapping=None):
    """Records parsed by the csv module over the whole decoded stream, so that a quoted field
    may hold the separator or a line break; a record's line is the physical line it starts on.
    The headings are the first non-blank line (the mapping's `header_row`: the lines above it,
    an export's title, are not data)."""
    encoding = _text_encoding(path)
    stream = open_text(path, encoding)
    header_line, header_text = 0, ""
    skip = mapping.header_row - 1 if mapping else 0
    for header_text in stream:
        header_line += 1
        if header_line > skip and header_text.strip():
            break
    header_text = header_text.lstrip("\ufeff")
    separator = (mapping.separator if mapping and mapping.separator
                 else max([";", ",", "\t"], key=header_text.count))
    header = next(csv.reader([header_text], delimiter=separator))
    info = TabularFile(path, encoding.name, separator, mapping=mapping)
    try:
        builder = _Builder(contract, info, header, key, batch_rows, header_line)
    except ContractFileError:
        stream.close()
        raise
    physical: list[str] = []  # the physical lines of the record being parsed

    def tap() -> Iterator[str]:
        for text in stream:
            physical.append(text)
            yield text

    def unreadable(number: int, text: str) -> None:
        reason = (f"ligne illisible : octets invalides pour l'encodage {encoding.name}"
                  if UNDECODABLE.search(text) else "ligne illisible : caractère nul")
        info.structural_rejections.append(Rejection(number, reason, None))

    def wrong_width(number: int, values: list[str], text: str) -> None:
        info.structural_rejections.append(Rejection(
            number, f"ligne de {len(values)} champs au lieu de {builder.width}",
            _keep_raw(contract, text)))

    def line_by_line(first: int, lines: list[str]) -> Iterator[pa.Table]:
        """A quote opened and never closed swallowed the following lines into one record:
        each physical line is then a record of its own, the unbalanced ones quarantined."""
        for number, text in enumerate(lines, start=first):
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            info.rows_read += 1
            try:
                values = next(csv.reader([text], delimiter=separator), [])
            except csv.Error as error:  # a field beyond csv.field_size_limit()
                values, reason = [], f"ligne illisible : {error}"
            else:
                reason = ("guillemet ouvrant sans guillemet fermant : la fin du champ entre "
                          "guillemets est introuvable" if text.count('"') % 2 else None)
            if reason:
                info.structural_rejections.append(
                    Rejection(number, reason, _keep_raw(contract, text)))
            elif len(values) != builder.width:
                wrong_width(number, values, text)
            else:
                batch = builder.add(number, values)
                if batch is not None:
                    yield batch

    def rows() -> Iterator[pa.Table]:
        reader = csv.reader(tap(), delimiter=separator)
        with stream:
            while True:
                first = info.line_number = header_line + reader.line_num + 1
                try:
                    values = next(reader)
                except StopIteration:
                    break
                except csv.Error:  # the record cannot be delimited: each of its lines alone
                    lines = physical[:]
                    physical.clear()
                    yield from line_by_line(first, lines)
                    continue
                if len(physical) > 1 and (len(values) != builder.width
                                          or "".join(physical).count('"') % 2):
                    lines = physical[:]
                    physical.clear()
                    yield from line_by_line(first, lines)
                    continue
                if len(values) <= 1 and not "".join(values).strip():
                    physical.clear()  # a blank line is no record
                    continue
                info.rows_read += 1
                if not encoding.clean:
                    text = "".join(physical)
                    if "\x00" in text or UNDECODABLE.search(text):
                        physical.clear()
                        unreadable(first, text)
                        continue
                if len(values) != builder.width:
                    wrong_width(first, values, "".join(physical).rstrip("\r\n"))
                else:
                    batch = builder.add(first, values)
                    if batch is not None:
                        yield batch
                physical.clear()
        last = builder.flush()
        if last is not None:
            yield last

    return info, rows()


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        # Spreadsheets have no date-only type: a date cell comes back as midnight.
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read_jsonl(path, contract, key, batch_rows, mapping=None):
    encoding = _text_encoding(path)
    lines = iter_lines(path, encoding)
    info = TabularFile(path, encoding.name, None, mapping=mapping)
    header = [c.name for c in contract.columns]
    builder = _Builder(contract, info, header, key, batch_rows)
    # JSON rows are mapped by key: values come in the contract's order (set once, not per line)
    builder.positions = {name: i for i, name in enumerate(header)}
    info.missing_optional = []
    info.mapped = {}
    constants = builder.constants

    def rows() -> Iterator[pa.Table]:
        objects = 0
        for line in lines:
            info.rows_read += 1
            info.line_number = line.number
            try:
                record = json.loads(line.text) if line.text is not None else None
            except json.JSONDecodeError as error:
                record = error
            if not isinstance(record, dict):
                reason = (f"ligne illisible : octets invalides pour l'encodage {encoding.name}"
                          if line.text is None else
                          f"JSON invalide ({record.msg}, colonne {record.colno})"
                          if isinstance(record, json.JSONDecodeError)
                          else "JSON invalide : un objet {…} est attendu par ligne")
                info.structural_rejections.append(Rejection(
                    line.number, reason,
                    _keep_raw(contract, line.text) if line.text else None))
                continue
            objects += 1
            fields = {}
            for k, v in record.items():
                name = normalise_name(k)
                if name in contract.forbidden_columns:
                    if name not in info.dropped_personal:
                        info.dropped_personal.append(name)
                    continue
                if mapping is not None:
                    name = mapping.contract_name(name)
                fields[name] = v
                if name not in info.mapped:
                    info.mapped[name] = k
            values = [_as_text(fields[name]) if name in fields else constants.get(name, "")
                      for name in header]
            batch = builder.add(line.number, values)
            if batch is not None:
                yield batch
        if not objects:
            raise ContractFileError(
                f"{path.name} : aucune de ses {info.rows_read} lignes n'est un objet JSON : "
                "ce n'est pas un fichier JSON Lines")
        last = builder.flush()
        if last is not None:
            yield last

    return info, rows()


def _read_xlsx(path, contract, key, batch_rows, mapping=None):
    """Rows of the contract's sheet (the mapping's, else the first) read by calamine; a row's
    number is its row in the workbook, the headings on row 1 (or the mapping's `header_row`)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        if not names:
            raise ContractFileError(f"{path.name} : classeur XLSX sans feuille")
        sheet_name = contract.sheet if contract.sheet in names else names[0]
        if mapping is not None and mapping.sheet and mapping.sheet not in names:
            raise ContractFileError(
                f"{path.name} : feuille « {mapping.sheet} » absente du classeur (feuilles : "
                f"{', '.join(names)} ; correspondance {mapping.path.name})")
        sheet = workbook.get_sheet_by_name(sheet_name)
        row_iter = iter(sheet.iter_rows())
    except ContractFileError:
        raise
    except (CalamineError, OSError, ValueError) as error:  # not a zip, not a workbook...
        raise ContractFileError(
            f"{path.name} : classeur XLSX illisible ({type(error).__name__}: {error})") from error
    header_number = mapping.header_row if mapping else 1
    header_row = None
    for number, row in enumerate(row_iter, start=1):
        if number >= header_number and any(str(v).strip() for v in row):
            header_row, header_number = row, number
            break
    if not header_row:
        raise ContractFileError(f"{path.name}, feuille {sheet_name}, ligne {header_number} : "
                                "aucune ligne d'en-tête")
    header = [_as_text(h) for h in header_row]
    info = TabularFile(path, None, None, mapping=mapping)
    builder = _Builder(contract, info, header, key, batch_rows, header_number)

    def rows() -> Iterator[pa.Table]:
        for number, row in enumerate(row_iter, start=header_number + 1):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            info.rows_read += 1
            info.line_number = number
            values = [_as_text(v) for v in row] + [""] * (builder.width - len(row))
            batch = builder.add(number, values[: builder.width])
            if batch is not None:
                yield batch
        last = builder.flush()
        if last is not None:
            yield last

    return info, rows()
