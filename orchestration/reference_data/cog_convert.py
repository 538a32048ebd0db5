"""Convert the INSEE COG from npm `@etalab/decoupage-administratif` into compact CSV files.

Run once per COG vintage (`make reference-cog`); the output is committed under
`data/reference/cog/` so that the pipeline never needs npm or the internet at run time.

Outputs (UTF-8, comma-separated, header row):
- communes.csv: every current commune, every PLM municipal arrondissement and every
  commune déléguée / associée whose code is not a current commune's, each with the code of the
  current commune it rolls up to (`commune_rattachement`), its département, région and EPCI.
- epci.csv: EPCI code, name, legal type (CC, CA, CU, METRO, MET69), population.
- departements.csv, regions.csv: code, name, chef-lieu, zone (metro / drom / com).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data" / "reference" / "cog"


def fetch_package(workdir: Path, version: str = VERSION) -> Path:
    """Download the npm tarball from the registry (no install, no scripts) and unpack it."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=workdir, check=True
    )
    tarball = next(workdir.glob("etalab-decoupage-administratif-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "data"


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def convert(data_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the compact files and return their row counts."""
    communes = json.loads((data_dir / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((data_dir / "epci.json").read_text(encoding="utf-8"))
    departements = json.loads((data_dir / "departements.json").read_text(encoding="utf-8"))
    regions = json.loads((data_dir / "regions.json").read_text(encoding="utf-8"))

    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}
    current = {c["code"] for c in communes if c["type"] == "commune-actuelle"}

    rows = []
    for c in communes:
        kind = c["type"]
        if kind == "commune-actuelle":
            parent = c["code"]
        elif kind == "arrondissement-municipal":
            parent = c["commune"]
        elif c["code"] not in current:  # commune déléguée / associée with a code of its own
            parent = c["chefLieu"]
        else:
            continue
        rows.append(
            [
                c["code"], c["nom"], kind, parent, c["departement"], c["region"],
                epci_of.get(parent, ""), c.get("population", ""), c["zone"],
            ]
        )
    rows.sort(key=lambda r: r[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(
        out_dir / "communes.csv",
        ["code", "nom", "type", "commune_rattachement", "departement", "region", "epci",
         "population", "zone"],
        rows,
    )
    _write(
        out_dir / "epci.csv",
        ["code", "nom", "type", "population"],
        sorted([e["code"], e["nom"], e["type"], e.get("populationTotale", "")] for e in epcis),
    )
    _write(
        out_dir / "departements.csv",
        ["code", "nom", "region", "chef_lieu", "zone"],
        sorted([d["code"], d["nom"], d["region"], d["chefLieu"], d["zone"]] for d in departements),
    )
    _write(
        out_dir / "regions.csv",
        ["code", "nom", "chef_lieu", "zone"],
        sorted([r["code"], r["nom"], r["chefLieu"], r["zone"]] for r in regions),
    )
    return {"communes": len(rows), "epci": len(epcis), "departements": len(departements),
            "regions": len(regions)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--version", default=VERSION)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        counts = convert(fetch_package(Path(tmp), args.version), args.out)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
