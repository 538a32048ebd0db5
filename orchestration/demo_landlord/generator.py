"""Generate the demo landlord's files: plan the buildings and their history in memory, then
stream every dwelling line to all millésime files in one pass, and every other source's rows
(sources.py) from the same dwellings as they go by.

Same configuration => byte-identical files: every random stream is seeded from the seed and a
fixed name (or the building serial), never from the clock or Python's salted hash.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from orchestration.demo_landlord.addresses import StreetBook
from orchestration.demo_landlord.communes import load_communes, unknown_commune_code
from orchestration.demo_landlord.defects import (
    MANIFEST_NAME,
    DefectInjector,
    ManifestEntry,
    extra_lines,
    plan_defects,
    write_manifest,
)
from orchestration.demo_landlord.dpe import assign_initial_labels
from orchestration.demo_landlord.dwellings import DwellingExpander
from orchestration.demo_landlord.history import line_counts, plan_history
from orchestration.demo_landlord.model import Building, Landlord
from orchestration.demo_landlord.organisation import plan_organisation
from orchestration.demo_landlord.rpls_writer import RplsFileWriter, header_fields
from orchestration.demo_landlord.samples import write_samples_readme
from orchestration.demo_landlord.sources import LAYOUTS, SourceSet, WrittenFile
from orchestration.demo_landlord.stock import BuildingFactory, make_landlord
from orchestration.demo_landlord.world import World

MAX_DWELLINGS = 5_400_000  # the whole French social stock (SDES, RPLS 2025)


@dataclass(frozen=True)
class GeneratorConfig:
    out: Path
    dwellings: int = 30_000
    seed: int = 42
    millesimes: tuple[int, ...] = (2024, 2025, 2026)
    departements: tuple[str, ...] = ("33",)
    defects: bool = True
    encoding: str = "utf-8"
    sources: bool = True  # the other contract sources besides the RPLS files
    layout: str = "flat"  # flat | samples (one folder per source, see sources.py)
    # The answer key of the injected defects; kept out of an inbox the pipeline reads (it would
    # be reported as an unknown file), defaults to `out`.
    manifest: Path | None = None

    @property
    def manifest_path(self) -> Path:
        return self.manifest or self.out / MANIFEST_NAME

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
        if not 100 <= self.dwellings <= MAX_DWELLINGS:
            raise ValueError(f"dwellings must be between 100 and {MAX_DWELLINGS:,}")
        if list(self.millesimes) != sorted(set(self.millesimes)) or self.millesimes[0] < 2015:
            raise ValueError("millésimes must be increasing years from 2015")


@dataclass
class Summary:
    files: list[tuple[Path, int]] = field(default_factory=list)  # path, dwelling lines
    source_files: list[WrittenFile] = field(default_factory=list)
    buildings: int = 0
    defects: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def rows(self) -> int:
        return sum(n for _, n in self.files)


def millesime_file(out: Path, year: int, layout: str = "flat") -> Path:
    return out / ("" if layout == "flat" else "rpls") / f"rpls_{year}.csv"


def _rng(seed: int, purpose: str) -> Random:
    return Random(f"demo-landlord:{seed}:{purpose}")


def plan_landlord(config: GeneratorConfig) -> tuple[Landlord, list[Building]]:
    """The landlord and all its buildings with their DPE states and events, in memory."""
    communes = load_communes(config.departements)
    streets = StreetBook(config.seed)
    landlord = make_landlord(communes, config.departements, config.seed, streets)
    factory = BuildingFactory(communes, landlord, config.millesimes, streets)
    buildings = factory.initial_stock(_rng(config.seed, "stock"), config.dwellings)
    scale = assign_initial_labels(buildings, _rng(config.seed, "dpe"), config.millesimes[0])
    plan_history(_rng(config.seed, "history"), factory, buildings, scale)
    return landlord, buildings


def generate(config: GeneratorConfig, progress: Callable[[str], None] | None = print) -> Summary:
    started = time.perf_counter()
    say = progress or (lambda _: None)
    landlord, buildings = plan_landlord(config)
    n_files = len(config.millesimes)
    counts = line_counts(buildings, n_files)
    utf8 = config.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
    plans = (plan_defects(counts, _rng(config.seed, "defects"), utf8) if config.defects
             else [{} for _ in counts])
    say(f"planned {len(buildings):,} buildings, {sum(counts):,} dwelling lines "
        f"in {time.perf_counter() - started:.1f} s")

    config.out.mkdir(parents=True, exist_ok=True)
    manifest: list[ManifestEntry] = []
    sources = None
    if config.sources:
        world = World(config.seed, config.millesimes, landlord,
                      plan_organisation(landlord, buildings))
        sources = SourceSet(world, config.out, config.dwellings, config.layout,
                            config.defects, manifest)
    defect_rng = _rng(config.seed, "defect-values")
    unknown = unknown_commune_code(config.departements[0])
    writers, injectors = [], []
    for t, year in enumerate(config.millesimes):
        declared = counts[t] + extra_lines(plans[t])
        comment = (f"Données synthétiques de démonstration (graine {config.seed}), "
                   f"état au 01/01/{year}")
        path = millesime_file(config.out, year, config.layout)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = RplsFileWriter(path, header_fields(landlord, year, declared, comment),
                                declared, config.encoding)
        writer.relative = path.relative_to(config.out).as_posix()
        writers.append(writer)
        injectors.append(DefectInjector(writer, plans[t], defect_rng, unknown, manifest))

    expander = DwellingExpander(config.seed, config.millesimes, landlord.main_epci)
    total_units = sum(b.n_units for b in buildings)
    step = max(1, total_units // 10)
    done, next_report = 0, step
    for b in buildings:
        dwellings = expander.expand(b)
        if sources is not None:
            sources.building(b, dwellings)  # before the RPLS defects alter the lines
        for facts in dwellings:
            for t, row in facts.lines:
                injectors[t].write(row)
        done += b.n_units
        if done >= next_report:
            say(f"  {100 * done // total_units:3d} % of dwellings written "
                f"({time.perf_counter() - started:.1f} s)")
            next_report += step
    for injector in injectors:
        injector.finish()
    for writer in writers:
        writer.close()
    written = sources.close(buildings) if sources is not None else []
    write_manifest(config.manifest_path, manifest)

    summary = Summary(
        files=[(w.path, w.dwelling_lines) for w in writers],
        source_files=written,
        buildings=len(buildings),
        defects=len(manifest),
        seconds=time.perf_counter() - started,
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )
    if config.layout == "samples":
        write_samples_readme(config, summary, manifest)
    return summary
