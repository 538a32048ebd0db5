"""The demo landlord, its buildings and their DPE state per millésime.

Only buildings live in memory (a few per hundred dwellings): dwellings are re-derived from
their building's own random stream when the files are written, which keeps memory bounded
whatever the size of the stock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orchestration.demo_landlord.communes import Commune

NO_LABEL = 255  # DPE class index of a dwelling without DPE
NEVER = 1 << 30  # millésime index of an event that does not happen


@dataclass(frozen=True, slots=True)
class Landlord:
    """Identity written on the header line of every file (all fictional)."""

    ministry_number: str
    company_name: str
    trade_name: str
    address_lines: tuple[str, str, str]
    postal_code: str
    commune_name: str
    siret: str
    departements: tuple[str, ...]
    main_epci: str
    main_epci_name: str


@dataclass(slots=True)
class DpeState:
    """Latest DPE of each dwelling of a building at one millésime: class index per unit
    (0 = A … 6 = G, NO_LABEL) and the month index of the DPE (-1 when none)."""

    classes: bytes
    month: int


@dataclass(slots=True)
class Building:
    """A collective building, or a programme of individual houses sharing one id."""

    serial: int
    commune: Commune
    typeconst: str  # "C" collective, "I" individual houses
    n_units: int
    construct: int
    locat: int
    patrimoine: int
    origine: str
    droit: str
    finan: str  # building financing; programmes after 2000 mix codes per dwelling
    mixed_financing: bool
    conv_draw: float  # one draw per building so that CONV is consistent inside it
    heating: str
    qpv: bool
    numvoie: str
    indrep: str
    typvoie: str
    nomvoie: str
    residence: str
    units_per_floor: int
    units_per_stair: int
    segment_code: str
    segment_label: str
    score: float  # energy-inefficiency score: only its rank matters (see dpe.py)
    first_let_month: int
    first_unit_serial: int
    n_millesimes: int
    first_t: int = 0  # index of the first millésime the building appears in
    exit_t: int = NEVER  # millésime showing its demolition (SORTIEPATRIM 4), then gone
    on_sale: bool = False
    renovated_t: int = NEVER
    sales: dict[int, int] = field(default_factory=dict)  # unit -> millésime of the sale line
    dpe: list[DpeState | None] = field(default_factory=list)
    # houses of a programme get consecutive street numbers (numvoie, numvoie + 2, ...)
    house_numbering: bool = True
    # per-dwelling values when a building mixes construction years or financings given from
    # outside (the Val-d'Oise sample); None = derived from the building
    unit_construct: list[int] | None = None
    unit_locat: list[int] | None = None  # with unit_construct; LOCAT > CONSTRUCT = acquisition
    unit_finan: list[str] | None = None

    @property
    def immeuble(self) -> str:
        return f"B{self.serial:06d}"

    def present(self, unit: int, t: int) -> bool:
        """Whether the dwelling has a line in millésime t (owned, or leaving that year)."""
        if t < self.first_t or t > self.exit_t:
            return False
        sale_t = self.sales.get(unit, NEVER)
        return t <= sale_t

    def units_present(self, t: int) -> int:
        if t < self.first_t or t > self.exit_t:
            return 0
        return self.n_units - sum(1 for sale_t in self.sales.values() if sale_t < t)

    def units_leaving(self, t: int) -> int:
        """Lines of millésime t that record an exit (sale or demolition)."""
        if t == self.exit_t:
            return self.units_present(t)
        return sum(1 for sale_t in self.sales.values() if sale_t == t)


def luhn_complete(digits: str) -> str:
    """Append the Luhn check digit (SIREN and SIRET numbers are Luhn-valid)."""
    total = 0
    for i, ch in enumerate(reversed(digits + "0")):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return luhn_complete(number[:-1]) == number
