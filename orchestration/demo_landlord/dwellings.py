"""The dwellings of one building and their line in every millésime.

A building's dwellings are drawn from the building's own random stream (seed, serial), all
millésimes at once, so a dwelling keeps its rooms, surface and financing from one year to the
next while its occupancy, rent and DPE evolve; nothing but the building stays in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from random import Random
from typing import NamedTuple

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.dpe import NEW_METHOD_START, ges_class, ges_offset
from orchestration.demo_landlord.model import NO_LABEL, Building
from orchestration.demo_landlord.occupancy import (
    LET,
    NOT_YET,
    Occupancy,
    Spell,
    format_month,
    month_index,
    simulate,
)
from orchestration.demo_landlord.rpls_writer import COLUMN_INDEX as I
from orchestration.demo_landlord.rpls_writer import empty_row
from orchestration.demo_landlord.sampling import draw, table
from orchestration.demo_landlord.stock import finan_table, rpls_id

LETTERS = "ABCDEFG"
ROOMS_C = table(cal.ROOMS_COLLECTIVE)
ROOMS_I = table(cal.ROOMS_INDIVIDUAL)
ROOMS_E = table(cal.ROOMS_STUDENT)
CONTINGENT = table(cal.CONTINGENT_MIX)
PRE_1977_FINAN = {"50", "51", "52", "53", "54", "55", "99"}
NOT_CONVENTIONED_INTERMEDIATE = {"16", "53", "54"}
NO_DPE = "01/1900"


def rent_factor(year: int) -> float:
    """Rent of `year` relative to RENT_BASE_YEAR, through the yearly revaluations."""
    factor = 1.0
    for y in range(cal.RENT_BASE_YEAR + 1, year + 1):
        factor *= 1 + cal.RENT_REVALUATION.get(y, cal.RENT_DEFAULT_REVALUATION)
    for y in range(year + 1, cal.RENT_BASE_YEAR + 1):
        factor /= 1 + cal.RENT_REVALUATION.get(y, cal.RENT_DEFAULT_REVALUATION)
    return factor


def surface_and_mode(rng: Random, rooms: int, typeconst: str, construct: int, finan: str,
                     locat: int) -> tuple[int, str, str]:
    """SURFHAB, then the surface mode used for the rent (MODESURF) and that surface."""
    surface = cal.SURFACE_BY_ROOMS[rooms] * (
        1.08 if typeconst == "I" else cal.STUDENT_SURFACE_FACTOR if typeconst == "E" else 1.0)
    surface *= (0.95 if construct < 1975 else 1.0) * rng.uniform(0.88, 1.12)
    surfhab = max(9, round(surface))
    if finan in NOT_CONVENTIONED_INTERMEDIATE:
        return surfhab, "3", str(surfhab)
    if finan in PRE_1977_FINAN or locat < 1997:
        return surfhab, "2", str(round(surfhab * rng.uniform(1.25, 1.45)))
    return surfhab, "1", str(round(surfhab * rng.uniform(1.03, 1.12)))


class _Dwelling(NamedTuple):
    """Per-dwelling draws that drive its lines through the millésimes."""

    special_mode: str  # "4" association, "5" other occupation, "" ordinary letting
    rent_base: float  # January rent of RENT_BASE_YEAR, € / month
    ges_shift: int
    sale_draw: float
    emptied: bool  # emptied the year before its building's demolition
    first_let: int
    occupancy: list[Occupancy]
    spells: list[Spell]


class DwellingFacts(NamedTuple):
    """Everything the other sources need about one dwelling: its RPLS line in each millésime
    it appears in (before any defect), its own draws, its timeline and its rent level."""

    unit: int
    lines: list[tuple[int, list[str]]]  # (millésime index, 64 fields)
    special_mode: str
    ges_shift: int
    first_let: int
    emptied: bool
    sale_code: str  # SORTIEPATRIM of its sale line ("" when not sold)
    spells: list[Spell]
    rents: list[float]  # January rent level per millésime index (0.0 before the building)


# Buildings heated collectively get one DPE for the whole building: one GES class shift.
COLLECTIVE_HEATING = ("gaz_collectif", "reseau_chaleur")


class DwellingExpander:
    """Turns buildings into dwelling lines for the millésimes of a run."""

    def __init__(self, seed: int, millesimes: tuple[int, ...], main_epci: str):
        self.seed = seed
        self.millesimes = millesimes
        self.main_epci = main_epci
        # the year before the first millésime too: it tells whether a dwelling sold in the
        # first millésime was let (sale to the occupant) or not
        self.snapshots = [month_index(y, 1) for y in (millesimes[0] - 1, *millesimes)]
        self.rent_factors = [rent_factor(y) for y in millesimes]

    def _template(self, b: Building) -> list[str]:
        row = empty_row()
        c = b.commune
        row[I["droit"]] = b.droit
        row[I["depcom"]] = c.code
        row[I["codepostal"]] = c.postal_code
        row[I["libcom"]] = c.name
        row[I["numvoie"]] = b.numvoie
        row[I["indrep"]] = b.indrep
        row[I["typvoie"]] = b.typvoie
        row[I["nomvoie"]] = b.nomvoie
        row[I["immeuble"]] = b.immeuble
        row[I["programme"]] = b.residence
        row[I["qpv"]] = "1" if b.qpv else "2"
        row[I["typeconst"]] = b.typeconst
        row[I["construct"]] = str(b.construct)
        row[I["locat"]] = str(b.locat)
        row[I["patrimoine"]] = str(b.patrimoine)
        row[I["origine"]] = b.origine
        row[I["codsegpatrim"]] = b.segment_code
        row[I["libsegpatrim"]] = b.segment_label
        return row

    def _convention(self, b: Building, rng: Random) -> tuple[str, str]:
        """APL convention number and start date (dd/mm/yyyy), one per building."""
        year = max(1978, b.locat - 1) if b.locat >= 1977 else rng.randint(1978, 1996)
        year = min(year, self.millesimes[b.first_t] - 1)
        number = f"{b.commune.code[:2]}/{rng.randint(1, 3)}/{year}/{b.serial:06d}"
        return number, f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"

    def rows(self, b: Building) -> Iterator[tuple[int, list[str]]]:
        """(millésime index, 64 fields) for every line of the building's dwellings."""
        for facts in self.expand(b):
            yield from facts.lines

    def building_ges_shift(self, b: Building) -> int | None:
        """One GES shift for a collectively heated building (its DPE is the building's), from
        its own stream so that the dwellings' draws are unchanged; None otherwise."""
        if b.typeconst != "C" or b.heating not in COLLECTIVE_HEATING:
            return None
        return ges_offset(Random(f"demo-landlord:{self.seed}:ges:{b.serial}"), b.heating)

    def expand(self, b: Building) -> list[DwellingFacts]:
        """The building's dwellings with their lines in every millésime."""
        rng = Random((self.seed << 32) + b.serial)
        template = self._template(b)
        convention = self._convention(b, rng)
        shared_shift = self.building_ges_shift(b)
        out = []
        for u in range(b.n_units):
            row, dwelling = self._dwelling(b, u, rng, template, convention)
            if shared_shift is not None:
                dwelling = dwelling._replace(ges_shift=shared_shift)
            rents: list[float] = []
            lines = list(self._lines(b, u, row, dwelling, rents))
            sale_t = b.sales.get(u, -1)
            sale_code = next((line[I["sortiepatrim"]] for t, line in lines if t == sale_t), "")
            out.append(DwellingFacts(u, lines, dwelling.special_mode, dwelling.ges_shift,
                                     dwelling.first_let, dwelling.emptied, sale_code,
                                     dwelling.spells, rents))
        return out

    def _dwelling(self, b: Building, u: int, rng: Random, template: list[str],
                  convention: tuple[str, str]) -> tuple[list[str], _Dwelling]:
        """The fields a dwelling keeps from one millésime to the next, and its own draws."""
        row = template.copy()
        construct, locat, first_let = b.construct, b.locat, b.first_let_month
        if b.unit_construct:
            construct = locat = b.unit_construct[u]
            if b.unit_locat:
                locat = b.unit_locat[u]
            first_let = max(first_let, month_index(locat, 1))
            row[I["construct"]] = str(construct)
            row[I["locat"]] = row[I["patrimoine"]] = str(locat)
            row[I["origine"]] = "1" if locat == construct else "2"
        row[I["rpls_id"]] = rpls_id(b.first_unit_serial + u, self.seed)
        row[I["ident_int"]] = f"{b.immeuble}-{u + 1:04d}"
        if b.typeconst == "I":
            if b.house_numbering and b.numvoie.isdigit():
                row[I["numvoie"]] = str(int(b.numvoie) + 2 * u)
            rooms = draw(rng, ROOMS_I)
        elif b.typeconst == "E":
            rooms = draw(rng, ROOMS_E)
        else:
            stair, within = divmod(u, b.units_per_stair)
            floor, door = divmod(within, b.units_per_floor)
            letter = chr(65 + stair % 26)
            row[I["numappt"]] = row[I["numboite"]] = f"{letter}{floor}{door + 1:02d}"
            row[I["etage"]] = str(floor)
            row[I["escalier"]] = letter
            rooms = draw(rng, ROOMS_C)
        if b.unit_finan:
            finan = b.unit_finan[u]
        else:
            finan = draw(rng, finan_table(locat)) if b.mixed_financing else b.finan
        surfhab, modesurf, surfmode = surface_and_mode(
            rng, rooms, b.typeconst, construct, finan, locat)
        conv = "1" if b.conv_draw < cal.CONVENTIONED_SHARE[finan] else "2"
        row[I["nbpiece"]] = str(rooms)
        row[I["surfhab"]] = str(surfhab)
        row[I["finan"]] = finan
        row[I["finanautre"]] = cal.FINAN_OTHER_LABELS.get(finan, "")
        row[I["conv"]] = conv
        if conv == "1":
            row[I["numconv"]], row[I["datconv"]] = convention
        row[I["modesurf"]] = modesurf
        row[I["surfmode"]] = surfmode
        row[I["cus"]] = cal.CUS_BY_FINAN[finan]
        row[I["contingent"]] = draw(rng, CONTINGENT)
        special = rng.random()
        zone = (cal.RENT_MAIN_EPCI_FACTOR if b.commune.epci == self.main_epci
                else cal.RENT_OTHER_FACTOR)
        age = 1.05 if construct >= 2010 else 0.97 if construct < 1975 else 1.0
        spells: list[Spell] = []
        return row, _Dwelling(
            special_mode=("4" if special < cal.ASSOCIATION_SHARE else
                          "5" if special < cal.ASSOCIATION_SHARE + cal.OTHER_OCCUPANCY_SHARE
                          else ""),
            rent_base=cal.RENT_PER_M2_2024[finan] * zone * age * rng.uniform(0.9, 1.1) * surfhab,
            ges_shift=ges_offset(rng, b.heating),
            sale_draw=rng.random(),
            emptied=rng.random() < cal.EMPTIED_BEFORE_DEMOLITION,
            first_let=first_let,
            occupancy=simulate(rng, first_let, self.snapshots, spells),
            spells=spells,
        )

    def _lines(self, b: Building, u: int, row: list[str], d: _Dwelling,
               rents: list[float] | None = None) -> Iterator[tuple[int, list[str]]]:
        """The dwelling's line in each millésime it appears in; `rents` receives the January
        rent level of every millésime index (0.0 before the building exists)."""
        sale_t = b.sales.get(u, -1)
        if rents is not None:
            rents.extend([0.0] * b.first_t)
        for t in range(b.first_t, min(len(self.millesimes), b.exit_t + 1)):
            # January rent: revalued each year, except F and G dwellings (rent freeze)
            if t == b.first_t:
                rent = d.rent_base * self.rent_factors[t]
            elif b.dpe[t - 1].classes[u] not in (5, 6):
                rent *= self.rent_factors[t] / self.rent_factors[t - 1]
            if rents is not None:
                rents.append(rent)
            if not b.present(u, t):
                continue
            line = row.copy()
            state = b.dpe[t]
            cls = state.classes[u]
            if cls == NO_LABEL:
                line[I["dpedate"]] = NO_DPE
            else:
                line[I["dpedate"]] = format_month(state.month)
                line[I["dpeenergie"]] = LETTERS[cls]
                ges = ges_class(cls, d.ges_shift)
                if state.month >= NEW_METHOD_START:
                    # 3CL-2021: the label is the worse of the energy and GES classes, so the
                    # GES class cannot be worse than the label
                    ges = min(ges, cls)
                line[I["dpeserre"]] = LETTERS[ges]
            if t in (b.exit_t, sale_t):
                if t == b.exit_t:
                    exit_code = "4"
                else:  # occupancy[t] is the state a year before
                    let_before = d.occupancy[t].mode == LET and not d.special_mode
                    exit_code = ("1" if let_before and d.sale_draw < cal.SALE_TO_OCCUPANT_IF_LET
                                 else "3")
                line[I["sortiepatrim"]] = exit_code
                line[I["mode"]] = "9"
                line[I["loyerprinc"]] = "9999"
                yield t, line
                continue
            line[I["sortiepatrim"]] = "9"
            occ = d.occupancy[t + 1]
            if d.special_mode:
                mode = d.special_mode
            elif t == b.exit_t - 1 and d.emptied:  # tenants rehoused before the demolition
                mode = "3"
            elif occ.mode == NOT_YET:
                mode = "2"
                occ = occ._replace(remloc=d.first_let)
            else:
                mode = str(occ.mode)
            line[I["mode"]] = mode
            if mode == "1":
                line[I["bail"]] = format_month(occ.bail)
                line[I["loyerprinc"]] = str(round(rent))
                line[I["remlocdate"]] = format_month(occ.remloc)
            else:
                line[I["loyerprinc"]] = "9999"
                if mode == "2":
                    line[I["remlocdate"]] = format_month(occ.remloc)
            yield t, line
