"""Reading generated RPLS files back, and what a valid dwelling line is, for the tests.

`line_problems` is deliberately strict: every line the generator did not list in its defects
manifest must pass it, and every listed line must fail it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestration.demo_landlord.communes import COMMUNES_PATH, REPO_ROOT
from orchestration.lib.rpls_layout import DWELLING_COLUMNS, HEADER_FIELD_COUNT

SMALL = 3_000  # dwellings of the small test runs
MILLESIMES = (2024, 2025, 2026)
I = {name: i for i, name in enumerate(DWELLING_COLUMNS)}
CODE_LISTS = REPO_ROOT / "data" / "reference" / "codes" / "rpls_code_lists.csv"
MONTH = re.compile(r"^(0[1-9]|1[0-2])/(\d{4})$")
PRE_1977_FINAN = {"50", "51", "52", "53", "54", "55", "99"}
LETTERS = set("ABCDEFG")


@dataclass
class RplsFile:
    path: Path
    header: list[str]
    lines: list[tuple[int, bytes]]  # (physical line number, raw bytes without end of line)
    ends_with_newline: bool

    def decoded(self, skip: set[int] = frozenset(), encoding: str = "utf-8"):
        """(line number, fields) of the lines not in `skip`."""
        for number, raw in self.lines:
            if number not in skip:
                yield number, raw.decode(encoding).split(";")


def read_rpls(path: Path, encoding: str = "utf-8") -> RplsFile:
    data = path.read_bytes()
    raw_lines = data.split(b"\n")
    ends = data.endswith(b"\n")
    if ends:
        raw_lines.pop()
    header = raw_lines[0].decode(encoding).split(";")
    return RplsFile(path, header, list(enumerate(raw_lines[1:], start=2)), ends)


@lru_cache(maxsize=1)
def cog_codes() -> frozenset[str]:
    with COMMUNES_PATH.open(encoding="utf-8", newline="") as f:
        return frozenset(row["code"] for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def code_list() -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    with CODE_LISTS.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            codes.setdefault(row["variable"].split(" ")[0], set()).add(row["code"])
    return codes


def _month(value: str) -> int | None:
    match = MONTH.match(value)
    return int(match.group(2)) * 12 + int(match.group(1)) - 1 if match else None


def line_problems(f: list[str], year: int) -> list[str]:
    """Why a dwelling line of millésime `year` is invalid (empty list = valid)."""
    if len(f) != 64:
        return [f"{len(f)} fields"]
    codes = code_list()
    problems = []
    last_month = year * 12 - 1  # December of the year before

    def bad(name: str, why: str = "") -> None:
        problems.append(f"{name}={f[I[name]]!r} {why}".strip())

    if not re.fullmatch(r"\d{10}", f[I["rpls_id"]]):
        bad("rpls_id")
    if not f[I["ident_int"]]:
        bad("ident_int")
    for name, variable in (("droit", "DROIT"), ("origine", "ORIGINE"), ("finan", "FINAN"),
                           ("conv", "CONV"), ("sortiepatrim", "SORTIEPATRIM"),
                           ("mode", "MODE"), ("modesurf", "MODESURF"),
                           ("contingent", "CONTINGENT"), ("typeconst", "TYPECONST")):
        if f[I[name]] not in codes[variable]:
            bad(name, "not in the code list")
    if f[I["qpv"]] not in ("1", "2"):
        bad("qpv")
    if f[I["cus"]] not in ("11", "13", "14", "16"):
        bad("cus")
    if f[I["depcom"]] not in cog_codes():
        bad("depcom", "unknown commune")
    if not re.fullmatch(r"\d{5}", f[I["codepostal"]]):
        bad("codepostal")
    if not f[I["nomvoie"]] or not f[I["immeuble"]] or not f[I["codsegpatrim"]]:
        bad("nomvoie", "or immeuble / segment missing")
    rooms, surface = int(f[I["nbpiece"]]), int(f[I["surfhab"]])
    if not 1 <= rooms <= 9 or not 9 * rooms <= surface <= 30 + 30 * rooms:
        bad("surfhab", f"for {rooms} rooms")
    construct, locat, patrimoine = (int(f[I[n]]) for n in ("construct", "locat", "patrimoine"))
    if not construct <= locat <= patrimoine <= year - 1:
        bad("patrimoine", f"CONSTRUCT {construct} LOCAT {locat}")
    if (locat < 1977) != (f[I["finan"]] in PRE_1977_FINAN):
        bad("finan", f"for a first letting in {locat}")
    mode, leaving = f[I["mode"]], f[I["sortiepatrim"]] != "9"
    if (mode == "9") != leaving:
        bad("mode", f"with SORTIEPATRIM {f[I['sortiepatrim']]}")
    bail, remloc = _month(f[I["bail"]]), _month(f[I["remlocdate"]])
    if mode == "1":
        if bail is None or bail > last_month or bail < locat * 12:
            bad("bail")
        rent = f[I["loyerprinc"]]
        if not rent.isdigit() or not 20 <= int(rent) <= 3000:
            bad("loyerprinc")
        elif not 3.0 <= int(rent) / surface <= 16.0:
            bad("loyerprinc", f"{int(rent) / surface:.1f} €/m²")
    else:
        if f[I["bail"]]:
            bad("bail", f"with MODE {mode}")
        if f[I["loyerprinc"]] != "9999":
            bad("loyerprinc", f"with MODE {mode}")
    if mode in ("1", "2"):
        if remloc is None or remloc > last_month or (mode == "1" and bail is not None
                                                     and remloc > bail):
            bad("remlocdate")
    elif f[I["remlocdate"]]:
        bad("remlocdate", f"with MODE {mode}")
    energy, ges = f[I["dpeenergie"]], f[I["dpeserre"]]
    if f[I["dpedate"]] == "01/1900":
        if energy or ges:
            bad("dpeenergie", "without DPE")
    else:
        dpe = _month(f[I["dpedate"]])
        if dpe is None or not 2013 * 12 <= dpe <= last_month:
            bad("dpedate")
        if energy not in LETTERS or ges not in LETTERS:
            bad("dpeenergie", f"/ {ges!r}")
    return problems


def manifest(path: Path) -> list[dict[str, str]]:
    """The manifest entries of the RPLS files (the other sources: source_readers.py)."""
    with path.open(encoding="utf-8", newline="") as f:
        return [e for e in csv.DictReader(f) if Path(e["file"]).name.startswith("rpls_")]


def header_problems(header: list[str], year: int, dwelling_lines: int) -> list[str]:
    from orchestration.demo_landlord.model import luhn_valid

    problems = []
    if len(header) != HEADER_FIELD_COUNT:
        problems.append(f"{len(header)} header fields")
    if header[0] != str(year):
        problems.append(f"year {header[0]}")
    if len(header[1]) != 9:
        problems.append(f"ministry number {header[1]!r}")
    if not (header[9].isdigit() and len(header[9]) == 14 and luhn_valid(header[9])):
        problems.append(f"SIRET {header[9]!r}")
    if header[10] != str(dwelling_lines):
        problems.append(f"count {header[10]} for {dwelling_lines} lines")
    return problems
