"""Write files in the RPLS landlord layout (`orchestration/lib/rpls_layout.py`): no column-name
row, line 1 = the 12-field landlord header whose field 11 is the number of dwelling lines, then
one `;`-separated line of 64 positions per dwelling.

Lines are encoded one by one so that a single line can be written in another encoding (the
broken-encoding defect) and the writer can prove, on closing, that the header told the truth.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Self

from orchestration.demo_landlord.model import Landlord
from orchestration.lib.rpls_layout import (
    DWELLING_COLUMNS,
    DWELLING_FIELD_COUNT,
    HEADER_FIELD_COUNT,
    SEPARATOR,
)

COLUMN_INDEX = {name: i for i, name in enumerate(DWELLING_COLUMNS)}
# Characters of French names that Latin-1 lacks, spelled the way Latin-1 exports spell them.
_LATIN1_FALLBACK = str.maketrans({"œ": "oe", "Œ": "OE", "’": "'", "–": "-", "€": "EUR"})


def header_fields(landlord: Landlord, year: int, dwelling_lines: int, comment: str) -> list[str]:
    fields = [
        str(year), landlord.ministry_number, landlord.company_name, landlord.trade_name,
        *landlord.address_lines, landlord.postal_code, landlord.commune_name, landlord.siret,
        str(dwelling_lines), comment,
    ]
    assert len(fields) == HEADER_FIELD_COUNT
    return fields


def empty_row() -> list[str]:
    return [""] * DWELLING_FIELD_COUNT


class RplsFileWriter:
    """One RPLS file. `write` returns the physical line number (the header is line 1)."""

    def __init__(self, path: Path, header: list[str], dwelling_lines: int,
                 encoding: str = "utf-8"):
        self.path = Path(path)
        self.encoding = codecs.lookup(encoding).name
        self.declared = dwelling_lines
        self.dwelling_lines = 0
        self.line_number = 0
        self._file = self.path.open("wb", buffering=1 << 20)
        self._write(SEPARATOR.join(header), self.encoding, newline=True)

    def encode(self, text: str, encoding: str | None = None) -> bytes:
        encoding = encoding or self.encoding
        if encoding != "utf-8":
            text = text.translate(_LATIN1_FALLBACK)
        return text.encode(encoding)

    def _write(self, text: str, encoding: str, newline: bool) -> int:
        self._file.write(self.encode(text + "\n" if newline else text, encoding))
        self.line_number += 1
        return self.line_number

    def write(self, fields: list[str], encoding: str | None = None, newline: bool = True) -> int:
        """Write one dwelling line (64 fields, fewer only for a deliberately truncated line)."""
        self.dwelling_lines += 1
        return self._write(SEPARATOR.join(fields), encoding or self.encoding, newline)

    def close(self) -> None:
        self._file.close()
        if self.dwelling_lines != self.declared:
            raise RuntimeError(f"{self.path.name}: header says {self.declared} dwelling lines, "
                               f"{self.dwelling_lines} written")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._file.close()
