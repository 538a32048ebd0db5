"""Reading the generated contract-source files back for the tests, independently of the loader:
rows as dicts keyed by the normalised header, with their line number (the loader's count),
skipping the lines the defects manifest lists."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path

from orchestration.lib.contracts import Contract, load_contracts
from orchestration.lib.routing import source_of
from orchestration.lib.rpls_layout import DWELLING_COLUMNS
from orchestration.lib.tabular_reader import normalise_name
from orchestration.lib.text_files import detect_encoding

CONTRACTS = load_contracts()
RPLS_INDEX = {name: i for i, name in enumerate(DWELLING_COLUMNS)}


def manifest_lines(out: Path) -> dict[str, set[int]]:
    lines: dict[str, set[int]] = defaultdict(set)
    with (out / "defects_manifest.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            lines[row["file"]].add(int(row["line_number"]))
    return lines


def manifest_entries(out: Path) -> list[dict[str, str]]:
    with (out / "defects_manifest.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def contract_of(path: Path) -> Contract | None:
    """The contract the pipeline gives the file to (by name, by header when names collide)."""
    source = source_of(path, CONTRACTS)
    return CONTRACTS[source] if source else None


def source_files(out: Path) -> dict[str, list[Path]]:
    """Contract name -> its files under `out`, sorted."""
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        contract = contract_of(path)
        if contract is not None:
            files[contract.source].append(path)
    return files


def read_rows(path: Path, skip: set[int] = frozenset()) -> list[dict]:
    """Rows of a CSV, JSON Lines or XLSX source file, `_line` = the loader's line number."""
    if path.suffix == ".jsonl":
        rows = []
        with path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                if number in skip:
                    continue
                record = json.loads(raw.decode("utf-8"))
                rows.append({**{normalise_name(k): ("" if v is None else v)
                                for k, v in record.items()}, "_line": number})
        return rows
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        sheet = wb["reponses"]
        it = sheet.iter_rows(values_only=True)
        header = [normalise_name(h) for h in next(it)]
        rows = []
        for number, values in enumerate(it, start=2):
            if number in skip:
                continue
            values = list(values) + [None] * (len(header) - len(values))
            rows.append({**{h: ("" if v is None else v) for h, v in zip(header, values)},
                         "_line": number})
        wb.close()
        return rows
    encoding = detect_encoding(path)
    with path.open("rb") as f:
        raw_lines = f.read().split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    text = [line.rstrip(b"\r").decode(encoding) if i + 1 not in skip else None
            for i, line in enumerate(raw_lines)]
    header_text = text[0].lstrip("\ufeff")
    separator = max([";", ","], key=header_text.count)
    header = [normalise_name(h) for h in header_text.split(separator)]
    rows = []
    for number, line in enumerate(text[1:], start=2):
        if line is None:
            continue
        values = next(csv.reader([line], delimiter=separator))
        assert len(values) == len(header), (path.name, number, line)
        rows.append({**dict(zip(header, values)), "_line": number})
    return rows


def read_source(out: Path, source: str, manifest: dict[str, set[int]] | None = None) -> list[dict]:
    """Every valid row of every file of a source (manifest lines left out)."""
    manifest = manifest if manifest is not None else manifest_lines(out)
    rows = []
    for path in source_files(out)[source]:
        relative = path.relative_to(out).as_posix()
        for row in read_rows(path, manifest.get(relative, set())):
            row["_file"] = relative
            rows.append(row)
    return rows


def rpls_lines(out: Path, manifest: dict[str, set[int]] | None = None):
    """millésime -> list of 64-field lines (manifest lines left out)."""
    manifest = manifest if manifest is not None else manifest_lines(out)
    result = {}
    for path in sorted(out.rglob("rpls_*.csv")):
        year = int(path.stem[-4:])
        relative = path.relative_to(out).as_posix()
        skip = manifest.get(relative, set())
        lines = []
        for number, raw in enumerate(path.read_bytes().split(b"\n")[1:], start=2):
            if raw and number not in skip:
                lines.append(raw.decode("utf-8").split(";"))
        result[year] = lines
    return result


def all_rpls_values(out: Path, column: str) -> set[str]:
    """Every value of an RPLS position in every file, defective lines included."""
    values = set()
    i = RPLS_INDEX[column]
    for path in out.rglob("rpls_*.csv"):
        for raw in path.read_bytes().split(b"\n")[1:]:
            fields = raw.split(b";")
            if len(fields) > i:
                values.add(fields[i].decode("latin-1"))
    return values


def parse_date(text: str) -> dt.date:
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if "/" in text:
        d, m, y = text.split("/")
        return dt.date(int(y), int(m), int(d))
    return dt.date.fromisoformat(text[:10])


def parse_timestamp(text: str) -> dt.datetime:
    """Paris wall-clock time (an offset, when given, is Paris's own)."""
    if "/" in text:
        day, time = text.split(" ")
        d = parse_date(day)
        h, m = time.split(":")[:2]
        return dt.datetime(d.year, d.month, d.day, int(h), int(m))
    return dt.datetime.fromisoformat(text[:19])


def parse_decimal(text: str) -> float:
    return float(str(text).replace("\u00a0", "").replace(" ", "").replace(",", "."))
