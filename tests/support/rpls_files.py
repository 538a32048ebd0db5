"""Write small RPLS landlord files with exactly the content a test needs.

Every dwelling line is valid unless a test overrides a field; `lines` are built from the
layout's field names, so a test says `dpeenergie="H"` rather than counting semicolons.
"""

from __future__ import annotations

from pathlib import Path

from orchestration.lib import rpls_layout as layout

LANDLORD_ID = "330000042"


def header(millesime: int, count: int, landlord_id: str = LANDLORD_ID) -> str:
    return ";".join([str(millesime), landlord_id, "OFFICE PUBLIC DE L'HABITAT TEST", "TEST HABITAT",
                     "1 RUE DU PORT", "", "", "33000", "BORDEAUX", "12345678900012", str(count),
                     ""])


def dwelling(n: int, **overrides: str) -> str:
    values = {name: "" for name in layout.DWELLING_COLUMNS}
    values.update(
        rpls_id=f"33{n:08d}", ident_int=f"L{n:06d}", droit="1", depcom="33063",
        immeuble=f"B{n // 20:04d}", qpv="2", typeconst="C", nbpiece="3", surfhab="65",
        construct="1975", locat="1976", patrimoine="1976", origine="1", finan="13", conv="1",
        sortiepatrim="9", mode="1", bail="05/2019", modesurf="3", loyerprinc="420",
        dpedate="03/2022", dpeenergie="C", dpeserre="C", contingent="7",
    )
    unknown = set(overrides) - set(values)
    if unknown:
        raise KeyError(f"not RPLS fields: {sorted(unknown)}")
    values.update(overrides)
    return ";".join(values[name] for name in layout.DWELLING_COLUMNS)


def write_rpls(path: Path, millesime: int, lines: list[str], declared: int | None = None,
               encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write header + lines; `declared` overrides the header's record count (field 11)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join([header(millesime, len(lines) if declared is None else declared), *lines])
    data = text.encode(encoding) + b"\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


# A small stock whose KPI figures are known by hand: 20 dwellings in 2026,
# Bordeaux (33063): A 2, C 5, D 4, F 2, G 1, no DPE 2 -> 16 dwellings
# Paris 1er (75101, rolls up to Paris 75056): E 2, no DPE 1 -> 3 dwellings
# one dwelling sold during 2025 (SORTIEPATRIM 1, MODE 9): not in stock.
KNOWN_STOCK_2026 = {
    ("33063", "A"): 2, ("33063", "C"): 5, ("33063", "D"): 4, ("33063", "F"): 2,
    ("33063", "G"): 1, ("33063", "Sans DPE"): 2, ("75056", "E"): 2, ("75056", "Sans DPE"): 1,
}


def known_stock_lines() -> list[str]:
    lines: list[str] = []
    n = 0
    for (commune, dpe), count in KNOWN_STOCK_2026.items():
        depcom = "75101" if commune == "75056" else commune
        for _ in range(count):
            n += 1
            if dpe == "Sans DPE":
                lines.append(dwelling(n, depcom=depcom, dpedate="01/1900", dpeenergie="",
                                      dpeserre=""))
            else:
                lines.append(dwelling(n, depcom=depcom, dpeenergie=dpe, dpeserre=dpe))
    n += 1
    lines.append(dwelling(n, sortiepatrim="1", mode="9", bail="", loyerprinc="9999",
                          dpeenergie="G", dpeserre="G"))
    return lines
