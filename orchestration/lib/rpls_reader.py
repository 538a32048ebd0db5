"""Read an RPLS landlord file into column batches, separating structurally broken lines.

Structure only (header, encoding, field count): the field-level rules run in SQL on the
batches (`orchestration/defs/patrimony/rules.py`), where they are vectorised.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from orchestration.lib import rpls_layout as layout
from orchestration.lib.text_files import Line, detect_encoding, iter_lines

BATCH_LINES = 100_000


class RplsFileError(ValueError):
    """The file cannot be read as an RPLS landlord file at all (it fails as a whole)."""


@dataclass(frozen=True)
class Rejection:
    line_number: int
    column: str | None
    raw_value: str | None
    reason: str
    raw_line: str


@dataclass
class RplsHeader:
    fields: dict[str, str]
    declared_count: int
    millesime: int


@dataclass
class RplsFile:
    path: Path
    encoding: str
    header: RplsHeader
    lines_read: int = 0  # dwelling lines, every one of them (structurally valid or not)
    structural_rejections: list[Rejection] = field(default_factory=list)


def _raw_text(line: Line) -> str:
    return line.text if line.text is not None else line.raw.decode("utf-8", "backslashreplace")


def parse_header(path: Path, line: Line | None) -> RplsHeader:
    if line is None:
        raise RplsFileError(f"{path.name}: empty file, expected the RPLS landlord header line")
    if line.text is None:
        raise RplsFileError(f"{path.name}, line {line.number}: header line cannot be decoded")
    values = line.text.split(layout.SEPARATOR)
    if len(values) != layout.HEADER_FIELD_COUNT:
        raise RplsFileError(
            f"{path.name}, line {line.number}: the RPLS landlord header line must have "
            f"{layout.HEADER_FIELD_COUNT} fields, found {len(values)} "
            f"(is this an RPLS landlord file? it has no column-name row)"
        )
    fields = dict(zip(layout.HEADER_COLUMNS, (v.strip() for v in values), strict=True))
    year, count = fields["annee_enquete"], fields["nombre_logements"]
    if not (year.isdigit() and len(year) == 4):
        raise RplsFileError(
            f"{path.name}, line {line.number}, field 1: survey year must be yyyy, got {year!r}"
        )
    if not count.isdigit():
        raise RplsFileError(
            f"{path.name}, line {line.number}, field 11: number of dwelling records must be "
            f"an integer, got {count!r}"
        )
    return RplsHeader(fields=fields, declared_count=int(count), millesime=int(year))


def header_landlord(path: Path) -> str | None:
    """The ministry number of an RPLS file's header (field 2), read from its first line only
    (read_rpls decides the encoding over the whole file, which every source's load would pay
    again); None when the file does not start with an RPLS header (read_rpls says why)."""
    try:
        with path.open("rb") as f:
            first = f.readline(4096)
    except OSError:
        return None
    text = first.decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")
    values = text.split(layout.SEPARATOR)
    if len(values) != layout.HEADER_FIELD_COUNT:
        return None
    return dict(zip(layout.HEADER_COLUMNS, values, strict=True))["numero_ministeriel"].strip()


def read_rpls(path: Path, batch_lines: int = BATCH_LINES) -> tuple[RplsFile, Iterator[pa.Table]]:
    """Open an RPLS file: parse its header now, stream its dwelling lines as Arrow batches.

    Each batch has `line_number` plus the 64 layout columns as strings (trimmed). Lines that
    cannot be decoded or do not have 64 fields are kept as rejections on the returned
    RplsFile, filled while the batches are consumed.
    """
    encoding = detect_encoding(path)
    lines = iter_lines(path, encoding)
    header = parse_header(path, next(lines, None))
    rpls = RplsFile(path=path, encoding=encoding, header=header)
    return rpls, _batches(rpls, lines, batch_lines)


def _batches(rpls: RplsFile, lines: Iterator[Line], batch_lines: int) -> Iterator[pa.Table]:
    columns: list[list[str]] = [[] for _ in range(layout.DWELLING_FIELD_COUNT)]
    numbers: list[int] = []
    for line in lines:
        rpls.lines_read += 1
        if line.text is None:
            rpls.structural_rejections.append(
                Rejection(line.number, None, None,
                          f"ligne illisible : octets invalides pour l'encodage {rpls.encoding}",
                          _raw_text(line))
            )
            continue
        values = line.text.split(layout.SEPARATOR)
        if len(values) != layout.DWELLING_FIELD_COUNT:
            kind = "tronquée" if len(values) < layout.DWELLING_FIELD_COUNT else "trop longue"
            rpls.structural_rejections.append(
                Rejection(line.number, None, None,
                          f"ligne {kind} : {len(values)} champs au lieu de "
                          f"{layout.DWELLING_FIELD_COUNT}", line.text)
            )
            continue
        numbers.append(line.number)
        for column, value in zip(columns, values):
            column.append(value.strip())
        if len(numbers) >= batch_lines:
            yield _to_table(numbers, columns)
            columns = [[] for _ in range(layout.DWELLING_FIELD_COUNT)]
            numbers = []
    if numbers:
        yield _to_table(numbers, columns)


def _to_table(numbers: list[int], columns: list[list[str]]) -> pa.Table:
    arrays = [pa.array(numbers, pa.int64())] + [pa.array(c, pa.string()) for c in columns]
    return pa.Table.from_arrays(arrays, names=["line_number", *layout.DWELLING_COLUMNS])
