"""Every contract source of the demo landlord, written in the same streaming pass as the RPLS
files: the generator hands each building (and its dwellings' facts) to `SourceSet.building`,
which writes that building's rows to every open file; the small sources (works, deliveries,
commitments, organisation) are written at the end.

Two layouts: `flat` (everything in one inbox folder, monthly files for billing and tickets) and
`samples` (one folder per contract, one small file each: only the last month of billing and
tickets), the layout of `data/samples/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.commitments import COMMITMENTS, commitment_rows
from orchestration.demo_landlord.defects import ManifestEntry
from orchestration.demo_landlord.dwellings import DwellingFacts
from orchestration.demo_landlord.energy_file import DPE, DpeFile, dpe_file_name
from orchestration.demo_landlord.maintenance import (
    BREAKDOWNS,
    ELEVATORS,
    TICKETS,
    Maintenance,
    ticket_month_names,
)
from orchestration.demo_landlord.model import Building
from orchestration.demo_landlord.organisation import ORGANISATION, organisation_rows
from orchestration.demo_landlord.satisfaction import POST_INTERVENTION, TRIENNIAL, Surveys
from orchestration.demo_landlord.source_files import (
    SourceFile,
    SourceFiles,
    SourceFormat,
    SpreadsheetParts,
    plan_defects,
)
from orchestration.demo_landlord.tenancy import (
    ARREARS,
    ATTRIBUTIONS,
    HOUSEHOLDS,
    LEASES,
    LEASES_HEADER,
    RENT_BILLING,
    Tenancy,
)
from orchestration.demo_landlord.works_file import DELIVERIES, WORKS, Deliveries, works_operations
from orchestration.demo_landlord.world import World

LAYOUTS = ("flat", "samples")


@dataclass(frozen=True)
class WrittenFile:
    relative: str  # path under the output folder, POSIX separators
    source: str  # contract name (or "rpls")
    rows: int  # data lines / rows, header excluded
    defects: int
    format_note: str = ""


def format_note(fmt: SourceFormat) -> str:
    if fmt.kind == "jsonl":
        return "JSON Lines, UTF-8"
    if fmt.kind == "xlsx":
        return f"XLSX, sheet `{fmt.sheet}`" + (" after a notice sheet" if fmt.notes else "")
    encoding = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}[fmt.encoding]
    return (f"CSV `{fmt.separator}`, {encoding}{' with BOM' if fmt.bom else ''}, "
            f"{'CRLF' if fmt.newline == chr(13) + chr(10) else 'LF'}")


class SourceSet:
    def __init__(self, world: World, out: Path, dwellings: int, layout: str, defects: bool,
                 manifest: list[ManifestEntry]):
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
        self.world, self.out, self.layout = world, out, layout
        self.defects, self.manifest = defects, manifest
        self.n = dwellings
        w = world
        op, cutoff = w.operating_year, w.cutoff_year
        months = w.operating_months
        if layout == "samples":
            months = months[-1:]
        self.billing_names = {m: self._path("rent_billing",
                                            f"quittancement_{m // 12}-{m % 12 + 1:02d}.csv")
                              for m in months}
        self.ticket_names = {m: self._path("tickets", name)
                             for m, name in ticket_month_names(w, months).items()}
        expected = {k: v * dwellings for k, v in cal.EXPECTED_ROWS_PER_DWELLING.items()}
        self.dpe_file = self._file(DPE, self._path("dpe", dpe_file_name(w)), expected["dpe"])
        self.leases = self._file(LEASES, self._path("leases", f"baux_{cutoff}.csv"),
                                 expected["leases"], header=LEASES_HEADER)
        self.households = self._file(HOUSEHOLDS, self._path("households",
                                                            f"menages_{cutoff}.csv"),
                                     expected["households"])
        self.attributions = self._file(
            ATTRIBUTIONS, self._path("attributions",
                                     f"attributions_{w.window_start_year}-{op}.csv"),
            expected["attributions"])
        self.billing = self._files(RENT_BILLING, list(self.billing_names.values()),
                                   expected["rent_billing_month"])
        self.arrears = self._file(ARREARS, self._path("arrears", f"impayes_{op}.csv"),
                                  expected["arrears"])
        self.elevators = self._file(ELEVATORS, self._path("elevators", "ascenseurs.csv"),
                                    expected["elevators"])
        self.breakdowns = self._file(BREAKDOWNS, self._path("elevator_breakdowns",
                                                            f"pannes_ascenseurs_{op}.csv"),
                                     expected["elevator_breakdowns"])
        self.tickets = self._files(TICKETS, list(self.ticket_names.values()),
                                   expected["tickets_month"])
        self.triennial = self._spreadsheet(TRIENNIAL, self._path(
            "satisfaction", f"enquete_satisfaction_{op}.xlsx"), expected["satisfaction"])
        self.post = self._spreadsheet(POST_INTERVENTION, self._path(
            "satisfaction", f"enquete_post_intervention_{op}.xlsx"),
            expected["post_intervention"])
        self.dpe = DpeFile(w, self.dpe_file)
        self.tenancy = Tenancy(w, {
            "households": self.households, "leases": self.leases,
            "attributions": self.attributions, "rent_billing": self.billing,
            "arrears": self.arrears, "billing_names": self.billing_names})
        self.maintenance = Maintenance(w, self.elevators, self.breakdowns, self.tickets,
                                       self.ticket_names)
        self.surveys = Surveys(w, self.triennial, self.post)
        self.deliveries = Deliveries(w)

    # --- files --------------------------------------------------------------------------

    def _path(self, source: str, name: str) -> str:
        return name if self.layout == "flat" else f"{source}/{name}"

    def _plan(self, fmt: SourceFormat, relative: str, expected: float) -> dict[int, str]:
        if not self.defects:
            return {}
        return plan_defects(round(expected), fmt.classes,
                            self.world.rng("defect-plan", relative), fmt.shuffle_classes)

    def _file(self, fmt: SourceFormat, relative: str, expected: float,
              header: tuple[str, ...] | None = None) -> SourceFile:
        return SourceFile(self.out, relative, fmt, self._plan(fmt, relative, expected),
                          self.world.rng("defect-values", relative), self.manifest,
                          truncate=self.defects and fmt.truncate_last, header=header)

    def _files(self, fmt: SourceFormat, names: list[str], expected: float) -> SourceFiles:
        return SourceFiles(self.out, fmt, names, [round(expected)] * len(names),
                           lambda name: self.world.rng("defect-plan", name),
                           lambda name: self.world.rng("defect-values", name),
                           self.manifest, self.defects)

    def _spreadsheet(self, fmt: SourceFormat, relative: str, expected: float):
        return SpreadsheetParts(self.out, fmt, relative, round(expected),
                                lambda name: self.world.rng("defect-plan", name),
                                lambda name: self.world.rng("defect-values", name),
                                self.manifest, self.defects)

    # --- streaming ----------------------------------------------------------------------

    def building(self, b: Building, dwellings: list[DwellingFacts]) -> None:
        self.dpe.building(b, dwellings)
        leases = self.tenancy.building(b, dwellings)
        complaints = self.maintenance.building(b, dwellings, leases)
        self.surveys.building(b, dwellings, leases, complaints)
        self.deliveries.building(b, dwellings)

    def close(self, buildings: list[Building]) -> list[WrittenFile]:
        w = self.world
        small = [
            (WORKS, self._path("works", f"travaux_{w.history_start_year}-{w.operating_year}.csv"),
             works_operations(w, buildings)),
            (DELIVERIES, self._path("deliveries", f"livraisons_{w.history_start_year}-"
                                                  f"{w.operating_year}.csv"),
             self.deliveries.sorted_rows()),
            (COMMITMENTS, self._path("commitments", f"engagements_cus_{cal.CUS_FIRST_YEAR}-"
                                                    f"{cal.CUS_FIRST_YEAR + 5}.csv"),
             commitment_rows(w, buildings, w.organisation)),
            (ORGANISATION, self._path("organisation", "organisation.csv"),
             organisation_rows(w.organisation)),
        ]
        files: list[SourceFile] = [self.dpe_file, self.households, self.leases,
                                   self.attributions]
        files += self.billing.close()
        files += [self.arrears, self.elevators, self.breakdowns]
        files += self.tickets.close()
        files += self.triennial.close() + self.post.close()
        for fmt, relative, rows in small:
            f = self._file(fmt, relative, len(rows))
            for row in rows:
                f.write(row)
            files.append(f)
        for f in files:
            f.close()
        return [WrittenFile(f.relative, f.fmt.source, f.data_lines, f.defects,
                            format_note(f.fmt)) for f in files]
