"""A demo federation: several demo landlords of two regions pooled in one inbox.

`python -m orchestration.demo_landlord.federation --out <inbox> [--landlords 3]
[--dwellings 3000] [--manifests <dir>] [--defects/--no-defects]` writes one sub-folder per
landlord, `<inbox>/<landlord_id>/`, holding that landlord's `bailleur.yml` (the format of
orchestration/lib/landlords.py) and all its files, made by the demo landlord generator
(generator.py) with the member's own seed and départements. The defects manifests, the answer
key of the injected defects, go outside the inbox (the pipeline would report them as unknown
files): `<manifests>/<landlord_id>/defects_manifest.csv`, by default in `defects_manifests/`
beside the inbox.

The members' internal identifiers (building and dwelling ids, lease, ticket, elevator and
breakdown ids) come from the generator's serial numbers, so they collide between landlords, as
real landlords' numbers do: the pipeline must tell them apart by their `landlord_id`. The RPLS
ids (position 1) and household numbers are seeded, hence distinct. Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from orchestration.demo_landlord.addresses import StreetBook
from orchestration.demo_landlord.communes import DEPARTEMENTS_PATH, REPO_ROOT, load_communes
from orchestration.demo_landlord.defects import MANIFEST_NAME
from orchestration.demo_landlord.generator import (
    MAX_DWELLINGS,
    GeneratorConfig,
    Summary,
    generate,
)
from orchestration.demo_landlord.stock import make_landlord
from orchestration.lib.landlords import DECLARATION

REGIONS_PATH = REPO_ROOT / "data" / "reference" / "cog" / "regions.csv"


@dataclass(frozen=True)
class Member:
    """One landlord of the federation: its generator seed (its ministry number is
    `{first département}HLM{seed % 1000}`) and the départements of its stock."""
    seed: int
    departements: tuple[str, ...]


# In this order so that any two first members cover both regions. The seeds differ from the
# single demo landlord's (42, 033HLM042) so that a federation loaded into the warehouse of
# `make demo` adds landlords instead of contradicting that one.
ROSTER: tuple[Member, ...] = (
    Member(7, ("33",)),           # Gironde, Nouvelle-Aquitaine: 033HLM007
    Member(2, ("21",)),           # Côte-d'Or, Bourgogne-Franche-Comté: 021HLM002
    Member(24, ("24", "47")),     # Dordogne and Lot-et-Garonne, Nouvelle-Aquitaine: 024HLM024
    Member(25, ("25",)),          # Doubs, Bourgogne-Franche-Comté: 025HLM025
)
DEFAULT_LANDLORDS = 3
DEFAULT_DWELLINGS = 3_000


@dataclass(frozen=True)
class MemberResult:
    landlord_id: str
    name: str
    region: str
    member: Member
    folder: Path
    manifest: Path
    summary: Summary


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def region_of(departement: str) -> str:
    """Name of the region of a département (INSEE COG 2026)."""
    region = next(row["region"] for row in _read(DEPARTEMENTS_PATH) if row["code"] == departement)
    return next(row["nom"] for row in _read(REGIONS_PATH) if row["code"] == region)


def default_manifests(out: Path) -> Path:
    return out.parent / "defects_manifests"


def _yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when it reads back as itself, else double-quoted."""
    try:
        if yaml.safe_load(text) == text:
            return text
    except yaml.YAMLError:
        pass
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def declaration_text(landlord_id: str, name: str) -> str:
    """A `bailleur.yml` in the committed format (orchestration/lib/landlords.py)."""
    return (
        "# Bailleur de ce dossier : chaque fichier en dessous est à lui\n"
        "# (orchestration/lib/landlords.py). Fédération de démonstration.\n"
        f'landlord_id: "{landlord_id}"        # numéro ministériel (champ 2 de l\'en-tête RPLS)\n'
        f"name: {_yaml_scalar(name)}\n"
    )


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def generate_federation(out: Path, landlords: int = DEFAULT_LANDLORDS,
                        dwellings: int = DEFAULT_DWELLINGS, manifests: Path | None = None,
                        defects: bool = True, progress=print) -> list[MemberResult]:
    """Write the first `landlords` members of ROSTER into `out/<landlord_id>/`."""
    if not 2 <= landlords <= len(ROSTER):
        raise ValueError(f"landlords must be between 2 and {len(ROSTER)}")
    manifests = manifests or default_manifests(out)
    if _inside(manifests, out):
        raise ValueError(f"the manifests folder {manifests} must be outside the inbox {out}: "
                         "the pipeline would report the manifests as unknown files")
    say = progress or (lambda _: None)
    results = []
    for member in ROSTER[:landlords]:
        # Its identity the way the generator makes it: the ministry number names its folder.
        landlord = make_landlord(load_communes(member.departements), member.departements,
                                 member.seed, StreetBook(member.seed))
        folder = out / landlord.ministry_number
        manifest = manifests / landlord.ministry_number / MANIFEST_NAME
        say(f"==> {landlord.ministry_number} {landlord.trade_name} "
            f"({', '.join(member.departements)}) in {folder}")
        summary = generate(
            GeneratorConfig(out=folder, dwellings=dwellings, seed=member.seed,
                            departements=member.departements, defects=defects,
                            manifest=manifest),
            progress=lambda text: say(f"    {text}"))
        (folder / DECLARATION).write_text(
            declaration_text(landlord.ministry_number, landlord.trade_name), encoding="utf-8")
        results.append(MemberResult(landlord.ministry_number, landlord.trade_name,
                                    region_of(member.departements[0]), member, folder, manifest,
                                    summary))
    members = {r.folder.name for r in results}
    for stray in sorted(p for p in out.iterdir() if p.is_dir() and p.name not in members):
        say(f"warning: {stray} is not a member of this federation (left as it is, the pipeline "
            "will read it)")
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.demo_landlord.federation",
        description="Write a deterministic demo federation: several demo landlords of two "
                    "regions, one sub-folder each (its bailleur.yml and all its files), into "
                    "one inbox.")
    parser.add_argument("--out", type=Path, required=True, help="the federation's inbox")
    parser.add_argument("--landlords", type=int, default=DEFAULT_LANDLORDS,
                        help=f"number of member landlords (2 to {len(ROSTER)})")
    parser.add_argument("--dwellings", type=int, default=DEFAULT_DWELLINGS,
                        help=f"dwelling lines of each landlord's first millésime "
                             f"(100 to {MAX_DWELLINGS:,})")
    parser.add_argument("--manifests", type=Path, default=None,
                        help="where the defects manifests go, one sub-folder per landlord "
                             "(default: defects_manifests/ beside --out; never inside it)")
    parser.add_argument("--defects", action=argparse.BooleanOptionalAction, default=True,
                        help="inject the generator's known defects")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        results = generate_federation(args.out, args.landlords, args.dwellings, args.manifests,
                                      args.defects,
                                      progress=lambda text: print(text, flush=True))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print()
    print(f"federation: {len(results)} landlords, "
          f"{len({r.region for r in results})} regions, in {args.out}")
    for r in results:
        s = r.summary
        lines = " / ".join(f"{n:,}" for _, n in s.files)
        print(f"  {r.landlord_id}  {r.name} ({r.region}; départements "
              f"{', '.join(r.member.departements)}; seed {r.member.seed}): "
              f"{s.buildings:,} buildings, RPLS {lines} dwelling lines, "
              f"{len(s.source_files)} source files of "
              f"{sum(f.rows for f in s.source_files):,} rows, {s.defects} defects "
              f"({r.manifest}), {s.seconds:.1f} s")
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
