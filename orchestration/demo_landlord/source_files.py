"""Writers for the contract sources (CSV, JSON Lines, XLSX) that count lines the way the loader
does and inject each source's known defects on the way, listing them in the manifest.

A source describes its columns, its file format (separator, encoding, end of line, BOM), its
defect classes and a `damage` function that breaks one record for one class. A file of the
source gets a defect plan (record ordinal -> class) from its expected size; a class that a
record cannot carry (no end date to put before the start...) waits for the next record.

Line numbers are the loader's: CSV physical lines with the header as line 1, JSON Lines
physical lines from 1, XLSX rows with the header as row 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.defects import ManifestEntry
from orchestration.demo_landlord.xlsx import MAX_ROWS, XlsxWriter

# Defect classes of the contract sources (the RPLS ones are in defects.py).
UNKNOWN_COMMUNE = "unknown_commune"
IMPOSSIBLE_DATE = "impossible_date"
CLOSING_BEFORE_OPENING = "closing_before_opening"
DUPLICATE_ID = "duplicate_id"
INVALID_CODE = "invalid_code"
OUT_OF_RANGE = "out_of_range"
MISSING_VALUE = "missing_value"
BROKEN_ENCODING = "broken_encoding"
TRUNCATED_LINE = "truncated_line"
INVALID_JSON = "invalid_json"

# damage(class, record, rng) -> (column, raw value) or None when the record cannot carry it.
# BROKEN_ENCODING: return the column holding the non-ASCII text (the writer encodes the line).
# INVALID_JSON: return ("", description) (the writer renders the line as broken JSON).
Damage = Callable[[str, object, Random], tuple[str, str] | None]


@dataclass(frozen=True)
class SourceFormat:
    """How a source's files are written."""

    source: str  # contract name
    kind: str  # csv | jsonl | xlsx
    columns: tuple[str, ...]  # output columns, in order (contract ones and extras)
    key: str  # column whose value a duplicate repeats (manifest)
    classes: tuple[str, ...]  # defect classes placed inside the file
    damage: Damage
    separator: str = ";"
    encoding: str = "utf-8"
    newline: str = "\n"
    bom: bool = False
    truncate_last: bool = True  # the last line of the source's last file is cut
    # False: the classes are used in the order given (a small file gets the first ones)
    shuffle_classes: bool = True
    sheet: str = "reponses"
    notes: dict[str, list[list[object]]] = field(default_factory=dict)


def plan_defects(expected_rows: int, classes: tuple[str, ...], rng: Random,
                 shuffle: bool = True) -> dict[int, str]:
    """Record ordinal (1-based) -> defect class, spread over the expected rows: about
    SOURCE_DEFECT_SHARE of them, at least one, and every class once the file has a few dozen
    records."""
    if not classes:
        return {}
    n = max(min(len(classes), max(1, expected_rows // cal.SOURCE_DEFECT_MIN_SPACING)),
            round(expected_rows * cal.SOURCE_DEFECT_SHARE))
    span = max(n, int(expected_rows * 0.9))
    gap = span / n
    order = list(classes)
    if shuffle:
        rng.shuffle(order)
    plan: dict[int, str] = {}
    for i in range(n):
        ordinal = max(1, int(gap * (i + rng.uniform(0.15, 0.85))))
        while ordinal in plan:
            ordinal += 1
        plan[ordinal] = order[i % len(order)]
    return plan


class SourceFile:
    """One file of a source. `write(record)` takes a list (CSV, XLSX: one value per column)
    or a dict (JSON Lines: key order kept, None written as null)."""

    def __init__(self, out: Path, relative: str, fmt: SourceFormat, plan: dict[int, str],
                 rng: Random, manifest: list[ManifestEntry], truncate: bool = False,
                 header: tuple[str, ...] | None = None):
        self.path = out / relative
        self.relative = relative
        self.fmt = fmt
        self.plan = plan
        self.rng = rng
        self.manifest = manifest
        self.truncate = truncate
        self.records = 0  # records given to write()
        self.lines = 0  # physical lines (or rows) written, header included for CSV / XLSX
        self.defects = 0
        self.pending: list[str] = []
        self.seen_non_ascii = False
        self._last_clean: object = None
        self._last: tuple[str, bool] | None = None  # last line written and whether it is clean
        self._last_offset = 0
        self._bytes = 0
        self._closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._xlsx: XlsxWriter | None = None
        self._file = None
        self._newline = fmt.newline
        self._encoding = fmt.encoding
        self._csv = fmt.kind == "csv"
        if fmt.kind == "xlsx":
            self._xlsx = XlsxWriter(self.path, fmt.sheet, fmt.notes)
            self._xlsx.append(list(header or fmt.columns))
            self.lines = 1
        else:
            self._file = self.path.open("wb", buffering=1 << 20)
            if fmt.kind == "csv":
                text = fmt.separator.join(header or fmt.columns) + fmt.newline
                data = (b"\xef\xbb\xbf" if fmt.bom else b"") + text.encode(fmt.encoding)
                self._file.write(data)
                self._bytes = len(data)
                self.lines = 1

    # --- rendering ---------------------------------------------------------------------

    def _render(self, record, broken_json: bool = False) -> str:
        if self._csv:
            return self.fmt.separator.join(record)
        if broken_json:  # what a hand-made export sometimes holds: Python, not JSON
            return repr(record)
        return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))

    def _put(self, text: str, clean: bool, encoding: str | None = None) -> int:
        """Write one line; return its number."""
        data = (text + self._newline).encode(encoding or self._encoding)
        self._file.write(data)
        self._last_offset = self._bytes
        self._bytes += len(data)
        self._last = (text, clean)
        self.lines += 1
        return self.lines

    def _record_defect(self, line: int, cls: str, column: str, raw: str) -> None:
        self.defects += 1
        self.manifest.append(ManifestEntry(self.relative, line, cls, column, raw))

    # --- writing -----------------------------------------------------------------------

    def write(self, record) -> None:
        self.records += 1
        if self.pending or self.records in self.plan:
            self._write_with_defects(record)
            return
        self._last_clean = record
        if self._xlsx is not None:
            self.lines = self._xlsx.append(record)
            return
        text = self._render(record)
        self._put(text, True)
        if not self.seen_non_ascii and not text.isascii():
            self.seen_non_ascii = True

    def _write_with_defects(self, record) -> None:
        cls = self.plan.get(self.records)
        if cls is not None:
            self.pending.append(cls)
        applied = None
        for cls in self.pending:
            if cls == DUPLICATE_ID:
                continue
            if cls == BROKEN_ENCODING and not self.seen_non_ascii:
                continue  # the file must first show valid UTF-8 accents
            applied = self.fmt.damage(cls, record, self.rng)
            if applied:
                self.pending.remove(cls)
                break
        if self._xlsx is not None:
            line = self.lines = self._xlsx.append(record)
        elif applied and cls == BROKEN_ENCODING:
            line = self._put(self._render(record), False, "cp1252")
            column, value = applied
            applied = (column, value.encode("cp1252").decode("ascii", "backslashreplace"))
        elif applied and cls == INVALID_JSON:
            line = self._put(self._render(record, broken_json=True), False)
        else:
            text = self._render(record)
            line = self._put(text, not applied)
            if not applied and not self.seen_non_ascii and not text.isascii():
                self.seen_non_ascii = True
        if applied:
            self._record_defect(line, cls, *applied)
        else:
            self._last_clean = record
        if DUPLICATE_ID in self.pending and self._last_clean is not None:
            self.pending.remove(DUPLICATE_ID)
            copy = (dict(self._last_clean) if isinstance(self._last_clean, dict)
                    else list(self._last_clean))
            if self._xlsx is not None:
                line = self.lines = self._xlsx.append(copy)
            else:
                line = self._put(self._render(copy), False)
            key = (copy[self.fmt.key] if isinstance(copy, dict)
                   else copy[self.fmt.columns.index(self.fmt.key)])
            self._record_defect(line, DUPLICATE_ID, self.fmt.key, str(key))

    @property
    def data_lines(self) -> int:
        """Lines (rows) after the header."""
        return self.lines - (0 if self.fmt.kind == "jsonl" else 1)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._xlsx is not None:
            self._xlsx.close()
            return
        last = self._last
        if (self.truncate and last is not None and last[1]
                and self.data_lines >= cal.SOURCE_TRUNCATE_MIN_LINES):
            text = last[0]
            if self._csv:
                fields = text.split(self.fmt.separator)
                kept = self.rng.randint(2, max(2, len(fields) - 2))
                cut = fields[:kept]
                cut[-1] = cut[-1][: len(cut[-1]) // 2]
                text, raw = self.fmt.separator.join(cut), str(kept)
            else:
                keep = self.rng.randint(len(text) // 3, 2 * len(text) // 3)
                text, raw = text[:keep], str(keep)
            # the transfer was cut: the last line stops mid-field, without end of line
            self._file.seek(self._last_offset)
            self._file.truncate()
            self._file.write(text.encode(self._encoding))
            self._record_defect(self.lines, TRUNCATED_LINE, "", raw)
        self._file.close()


RngFactory = Callable[[str], Random]


class SourceFiles:
    """Several files of one source written side by side (monthly files): each has its own
    defect plan; the last one takes the truncated line."""

    def __init__(self, out: Path, fmt: SourceFormat, names: list[str], expected_rows: list[int],
                 plan_rng: RngFactory, value_rng: RngFactory, manifest: list[ManifestEntry],
                 defects: bool):
        self.fmt = fmt
        self.files: dict[str, SourceFile] = {}
        for i, (name, expected) in enumerate(zip(names, expected_rows)):
            plan = plan_defects(expected, fmt.classes, plan_rng(name),
                                fmt.shuffle_classes) if defects else {}
            self.files[name] = SourceFile(out, name, fmt, plan, value_rng(name), manifest,
                                          truncate=defects and fmt.truncate_last
                                          and i == len(names) - 1)

    def write(self, name: str, record) -> None:
        file = self.files.get(name)
        if file is not None:
            file.write(record)

    def close(self) -> list[SourceFile]:
        for f in self.files.values():
            f.close()
        return list(self.files.values())


class SpreadsheetParts:
    """A survey delivery: one workbook while it fits in a worksheet, then numbered parts."""

    def __init__(self, out: Path, fmt: SourceFormat, name: str, expected_rows: int,
                 plan_rng: RngFactory, value_rng: RngFactory, manifest: list[ManifestEntry],
                 defects: bool, max_rows: int = MAX_ROWS - 1):
        self.out, self.fmt, self.name = out, fmt, name
        self.plan_rng, self.value_rng = plan_rng, value_rng
        self.manifest, self.defects, self.max_rows = manifest, defects, max_rows
        self.expected = expected_rows
        self.parts: list[SourceFile] = []
        self._open()

    def _open(self) -> None:
        name = self.name
        if self.parts:
            stem, _, suffix = self.name.rpartition(".")
            name = f"{stem}_partie-{len(self.parts) + 1}.{suffix}"
        expected = min(self.max_rows, max(0, self.expected - len(self.parts) * self.max_rows))
        plan = plan_defects(expected, self.fmt.classes, self.plan_rng(name),
                            self.fmt.shuffle_classes) if self.defects else {}
        self.parts.append(SourceFile(self.out, name, self.fmt, plan, self.value_rng(name),
                                     self.manifest))

    def write(self, record) -> None:
        current = self.parts[-1]
        if current.lines >= self.max_rows - 1:  # room left for a duplicate line
            current.close()
            self._open()
            current = self.parts[-1]
        current.write(record)

    def close(self) -> list[SourceFile]:
        self.parts[-1].close()
        return self.parts
