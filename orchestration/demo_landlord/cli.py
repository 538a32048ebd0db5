"""Command line: `python -m orchestration.demo_landlord --out <folder> [options]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from orchestration.demo_landlord.generator import MAX_DWELLINGS, GeneratorConfig, generate
from orchestration.demo_landlord.sources import LAYOUTS


def _years(text: str) -> tuple[int, ...]:
    return tuple(int(y) for y in text.split(","))


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in text.split(","))


def parse_args(argv: list[str] | None = None) -> GeneratorConfig:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.demo_landlord",
        description="Write a deterministic demo landlord's files: RPLS (landlord layout, one "
                    "file per millésime) and one file set per source contract (DPE, tenancy, "
                    "maintenance, surveys, works, commitments, organisation), with the "
                    "manifest of the defects injected.")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--dwellings", type=int, default=30_000,
                        help=f"dwelling lines of the first millésime (100 to {MAX_DWELLINGS:,})")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--millesimes", type=_years, default=(2024, 2025, 2026),
                        help="comma-separated years (state at 1 January), e.g. 2024,2025,2026")
    parser.add_argument("--departements", type=_codes, default=("33",),
                        help="1 to 3 département codes; the first holds the head office")
    parser.add_argument("--defects", action=argparse.BooleanOptionalAction, default=True,
                        help="inject the known defects listed in defects_manifest.csv")
    parser.add_argument("--manifest", type=Path, default=None,
                        help="where to write defects_manifest.csv (default: in --out); put it "
                             "outside an inbox the pipeline reads")
    parser.add_argument("--encoding", default="utf-8",
                        help="of the RPLS files: utf-8 (default) or latin-1")
    parser.add_argument("--sources", action=argparse.BooleanOptionalAction, default=True,
                        help="the other contract sources besides RPLS (--no-sources: RPLS only)")
    parser.add_argument("--layout", choices=LAYOUTS, default="flat",
                        help="flat: every file in --out (an inbox); samples: one folder per "
                             "source, one small file each, and a README (data/samples)")
    args = parser.parse_args(argv)
    if not 1 <= len(args.departements) <= 3:
        parser.error("give 1 to 3 départements")
    try:
        return GeneratorConfig(out=args.out, dwellings=args.dwellings, seed=args.seed,
                               millesimes=args.millesimes, departements=args.departements,
                               defects=args.defects, manifest=args.manifest,
                               encoding=args.encoding,
                               sources=args.sources, layout=args.layout)
    except ValueError as exc:
        parser.error(str(exc))


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    print(f"demo landlord: {config.dwellings:,} dwellings, départements "
          f"{', '.join(config.departements)}, millésimes "
          f"{', '.join(map(str, config.millesimes))}, seed {config.seed}, "
          f"defects {'on' if config.defects else 'off'}, {config.encoding}", flush=True)
    summary = generate(config, progress=lambda text: print(text, flush=True))
    for path, lines in summary.files:
        print(f"{path}: {lines:,} dwelling lines")
    for f in summary.source_files:
        print(f"{config.out / f.relative}: {f.rows:,} rows ({f.source}, {f.defects} defects)")
    print(f"{len(summary.files)} files, {summary.rows:,} dwelling lines, "
          f"{summary.buildings:,} buildings, {summary.defects} defects in "
          f"{config.manifest_path}, {summary.seconds:.1f} s, "
          f"peak RSS {summary.peak_rss_mb:.0f} MB")
    if summary.source_files:
        print(f"{len(summary.source_files)} source files, "
              f"{sum(f.rows for f in summary.source_files):,} rows")
    return 0
