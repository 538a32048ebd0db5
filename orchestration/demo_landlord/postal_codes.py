"""Postal codes per commune, so that generated addresses carry the code a Gironde resident knows.

The committed COG extracts (`data/reference/cog/`) have no postal codes, but the same source
package does: `@etalab/decoupage-administratif` 6.0.0 lists `codesPostaux` for every commune
(La Poste data redistributed by Etalab, Licence Ouverte 2.0). `data/postal_codes.csv` beside this
module is that list (commune code, postal codes separated by spaces), rebuilt with
`python -m orchestration.demo_landlord.postal_codes --rebuild` (needs npm once).
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from functools import lru_cache
from pathlib import Path

POSTAL_CODES_PATH = Path(__file__).resolve().parent / "data" / "postal_codes.csv"


@lru_cache(maxsize=1)
def load_postal_codes(path: Path = POSTAL_CODES_PATH) -> dict[str, tuple[str, ...]]:
    """Commune code -> its postal codes (first one is the main one)."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row["code"]: tuple(row["codes_postaux"].split()) for row in csv.DictReader(f)}


def rebuild(out: Path = POSTAL_CODES_PATH) -> int:
    """Extract the postal codes from the npm package used for the COG; return the row count."""
    from orchestration.reference_data.cog_convert import fetch_package

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = fetch_package(Path(tmp))
        communes = json.loads((data_dir / "communes.json").read_text(encoding="utf-8"))
    rows = sorted(
        (c["code"], " ".join(c["codesPostaux"]))
        for c in communes
        if c["type"] in ("commune-actuelle", "arrondissement-municipal") and c.get("codesPostaux")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "codes_postaux"])
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="re-extract from the npm package")
    if parser.parse_args().rebuild:
        print(f"{rebuild()} communes written to {POSTAL_CODES_PATH}")
