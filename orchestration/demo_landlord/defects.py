"""Known defects injected into the files, and the manifest listing each of them, so that tests
can prove the loader quarantines exactly these lines and nothing else.

Classes (about DEFECT_SHARE of all dwelling lines, spread over the files):
- unknown_commune: DEPCOM that is not in the COG (33999 for Gironde);
- impossible_date: BAIL with month 13 or DPEDATE with month 00;
- duplicate_rpls_id: an extra line reusing the RPLS id of an earlier line of the same file
  (another landlord id: two records claim one dwelling); the earlier line is the genuine one;
- invalid_dpe_label: DPEENERGIE "H" or "X";
- broken_encoding: one line of a UTF-8 file written in Latin-1, so it is not valid UTF-8
  (UTF-8 files only; the manifest shows the raw bytes as \\xNN escapes);
- truncated_line: the last line of the last file, cut mid-field without end of line
  (column empty, raw_value = number of fields left).
Line numbers are physical (the header is line 1) and count the extra duplicate lines.
"""

from __future__ import annotations

import bisect
import csv
import itertools
from collections import deque
from dataclasses import astuple, dataclass
from pathlib import Path
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.addresses import ACCENTED_STREET_NAMES
from orchestration.demo_landlord.rpls_writer import COLUMN_INDEX as I
from orchestration.demo_landlord.rpls_writer import RplsFileWriter
from orchestration.lib.rpls_layout import DWELLING_COLUMNS

UNKNOWN_COMMUNE = "unknown_commune"
IMPOSSIBLE_DATE = "impossible_date"
DUPLICATE_RPLS_ID = "duplicate_rpls_id"
INVALID_DPE_LABEL = "invalid_dpe_label"
BROKEN_ENCODING = "broken_encoding"
TRUNCATED_LINE = "truncated_line"
IN_LINE_CLASSES = (UNKNOWN_COMMUNE, IMPOSSIBLE_DATE, DUPLICATE_RPLS_ID, INVALID_DPE_LABEL,
                   BROKEN_ENCODING)
MANIFEST_NAME = "defects_manifest.csv"
MANIFEST_COLUMNS = ("file", "line_number", "defect_class", "column", "raw_value")
NO_DPE = "01/1900"
_WAIT_FOR_NATURAL_ACCENT = 200  # lines a broken-encoding defect waits for an accented line


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    line_number: int
    defect_class: str
    column: str
    raw_value: str


def plan_defects(line_counts: list[int], rng: Random, utf8: bool) -> list[dict[int, str]]:
    """Per file: dwelling ordinal (1-based, extra duplicate lines not counted) -> class."""
    classes = IN_LINE_CLASSES if utf8 else tuple(c for c in IN_LINE_CLASSES
                                                 if c != BROKEN_ENCODING)
    total = sum(line_counts)
    n = max(len(classes) + 1, round(total * cal.DEFECT_SHARE))
    plans: list[dict[int, str]] = [{} for _ in line_counts]
    plans[-1][line_counts[-1]] = TRUNCATED_LINE
    cumulative = list(itertools.accumulate(line_counts))
    for i in range(n - 1):
        f = bisect.bisect_right(cumulative, rng.randrange(total))
        last = max(1, int(line_counts[f] * 0.97))
        while True:
            ordinal = rng.randint(1, last)
            if ordinal not in plans[f]:
                break
        plans[f][ordinal] = classes[i % len(classes)]
    return plans


def extra_lines(plan: dict[int, str]) -> int:
    """Lines a plan adds to its file (duplicates are extra lines, counted in the header)."""
    return sum(1 for cls in plan.values() if cls == DUPLICATE_RPLS_ID)


class DefectInjector:
    """Sits in front of one file writer and applies its planned defects on the way."""

    def __init__(self, writer: RplsFileWriter, plan: dict[int, str], rng: Random,
                 unknown_commune: str, manifest: list[ManifestEntry]):
        self.writer = writer
        self.plan = plan
        self.rng = rng
        self.unknown_commune = unknown_commune
        self.manifest = manifest
        self.ordinal = 0
        self.pending: list[str] = []
        self.waited = 0
        self.recent: deque[list[str]] = deque(maxlen=64)

    def _record(self, line: int, cls: str, column: str, value: str) -> None:
        name = getattr(self.writer, "relative", self.writer.path.name)
        self.manifest.append(ManifestEntry(name, line, cls, column, value))

    def _apply(self, cls: str, row: list[str]) -> tuple[str, str, str | None] | None:
        """Damage `row` in place; return (column, raw value, line encoding) or None if the
        row cannot carry this defect (it then waits for the next one)."""
        if cls == UNKNOWN_COMMUNE:
            row[I["depcom"]] = self.unknown_commune
            return "depcom", self.unknown_commune, None
        if cls == IMPOSSIBLE_DATE:
            columns = [c for c in ("bail", "dpedate") if row[I[c]] not in ("", NO_DPE)]
            if not columns:
                return None
            column = self.rng.choice(columns)
            year = row[I[column]][3:]
            row[I[column]] = ("13/" if column == "bail" else "00/") + year
            return column, row[I[column]], None
        if cls == INVALID_DPE_LABEL:
            if not row[I["dpeenergie"]]:
                return None
            row[I["dpeenergie"]] = self.rng.choice("HX")
            return "dpeenergie", row[I["dpeenergie"]], None
        if cls == BROKEN_ENCODING:
            accented = [i for i, value in enumerate(row) if not value.isascii()]
            if not accented:
                if self.waited < _WAIT_FOR_NATURAL_ACCENT:
                    self.waited += 1
                    return None
                row[I["nomvoie"]] = self.rng.choice(ACCENTED_STREET_NAMES)
                accented = [I["nomvoie"]]
            try:  # the Latin-1 bytes must really be invalid UTF-8
                self.writer.encode(";".join(row), "latin-1").decode("utf-8")
                return None
            except UnicodeDecodeError:
                pass
            except UnicodeEncodeError:
                return None
            value = row[accented[0]]
            raw = self.writer.encode(value, "latin-1").decode("ascii", "backslashreplace")
            return DWELLING_COLUMNS[accented[0]], raw, "latin-1"
        raise ValueError(cls)

    def write(self, row: list[str]) -> None:
        self.ordinal += 1
        cls = self.plan.get(self.ordinal)
        if cls == TRUNCATED_LINE:
            kept = self.rng.randint(20, 50)
            fields = row[:kept]
            fields[-1] = fields[-1][: len(fields[-1]) // 2]
            line = self.writer.write(fields, newline=False)
            self._record(line, TRUNCATED_LINE, "", str(kept))
            return
        if cls:
            self.pending.append(cls)
        applied = None
        if self.pending and row[I["sortiepatrim"]] == "9":
            for cls in self.pending:
                if cls == DUPLICATE_RPLS_ID:
                    continue
                applied = self._apply(cls, row)
                if applied:
                    self.pending.remove(cls)
                    break
        if applied:
            column, value, encoding = applied
            line = self.writer.write(row, encoding=encoding)
            self._record(line, cls, column, value)
        else:
            self.writer.write(row)
            self.recent.append(row)
        if DUPLICATE_RPLS_ID in self.pending and self.recent:
            self.pending.remove(DUPLICATE_RPLS_ID)
            copy = self.rng.choice(self.recent).copy()
            copy[I["ident_int"]] += "-BIS"
            line = self.writer.write(copy)
            self._record(line, DUPLICATE_RPLS_ID, "rpls_id", copy[I["rpls_id"]])

    def finish(self) -> None:
        if self.pending:
            raise RuntimeError(f"{self.writer.path.name}: defects not placed: {self.pending}")


def write_manifest(path: Path, entries: list[ManifestEntry]) -> None:
    entries = sorted(entries, key=lambda e: (e.file, e.line_number))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        writer.writerows(astuple(e) for e in entries)


def read_manifest(path: Path) -> list[ManifestEntry]:
    with path.open(encoding="utf-8", newline="") as f:
        return [ManifestEntry(r["file"], int(r["line_number"]), r["defect_class"], r["column"],
                              r["raw_value"]) for r in csv.DictReader(f)]
