"""Tenancy sources, as the landlord's management system exports them: leases, households,
attributions, monthly billing and arrears.

Everything comes from each dwelling's timeline (occupancy.py), so the files agree with the
RPLS lines: a dwelling let at 1 January of a millésime (MODE 1) has exactly one lease in force
that day, starting in the BAIL month, whose rent rounds to LOYERPRINC; a sold or demolished
dwelling's last lease ends before it leaves; the households are the tenants at the cut-off.

Exports are what such systems produce: `;`-separated, Windows-1252, CRLF, French dates and
decimal commas, with the tenants' names, phones and e-mails the contracts forbid (all fake:
EXEMPLE-like surnames, fiction phone numbers, example.org addresses).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.dwellings import DwellingFacts
from orchestration.demo_landlord.model import NEVER, Building
from orchestration.demo_landlord.occupancy import LET, month_index
from orchestration.demo_landlord.rpls_writer import COLUMN_INDEX as I
from orchestration.demo_landlord.sampling import draw, table
from orchestration.demo_landlord.source_files import (
    CLOSING_BEFORE_OPENING,
    DUPLICATE_ID,
    IMPOSSIBLE_DATE,
    INVALID_CODE,
    OUT_OF_RANGE,
    SourceFormat,
)
from orchestration.demo_landlord.timeline import (
    date_of,
    day_number,
    days_in_month,
    fr_date,
    fr_decimal,
    month_start_day,
)
from orchestration.demo_landlord.world import World

SIZE_TABLE = table(cal.HOUSEHOLD_SIZE_MIX)
SENIOR_SIZE_TABLE = table(cal.SENIOR_HOUSEHOLD_SIZE_MIX)
MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre")


# --- fake personal data -------------------------------------------------------------------

def _make_person(rng: Random) -> tuple[str, str, str, str]:
    nom = rng.choice(cal.FAKE_SURNAMES)
    prenom = rng.choice(cal.FAKE_FIRST_NAMES)
    n = rng.randint(0, 9999)
    prefix = rng.choice(cal.FICTION_PHONE_PREFIXES)
    phone = f"{prefix} {n // 100:02d} {n % 100:02d}"
    ascii_first = prenom.translate(_ASCII)
    email = f"{ascii_first}.{nom.translate(_ASCII)}{n:04d}@example.org".lower()
    return nom, prenom, phone, email


@lru_cache(maxsize=1)
def _people() -> tuple[tuple[str, str, str, str], ...]:
    rng = Random("demo-landlord:fake-people")
    return tuple(_make_person(rng) for _ in range(cal.FAKE_PEOPLE))


def fake_person(rng: Random) -> tuple[str, str, str, str]:
    """(nom, prénom, téléphone, e-mail), obviously fake, from a fixed pool."""
    people = _people()
    return people[int(rng.random() * len(people))]


_ASCII = str.maketrans("éèêëàâäîïôöùûüçÉÈÊËÀÂÎÏÔÖÙÛÜÇ' ", "eeeeaaaiioouuucEEEEAAIIOOUUUC--")


# --- dates of defects ----------------------------------------------------------------------

def impossible_fr_date(rng: Random, text: str) -> str:
    """A date that looks right but does not exist: 31/02/2025, 30/02/2025, 15/13/2025."""
    year = text[-4:] if len(text) >= 4 and text[-4:].isdigit() else "2025"
    return rng.choice((f"31/02/{year}", f"30/02/{year}", f"31/04/{year}", f"31/11/{year}",
                       f"15/13/{year}"))


def impossible_iso_date(rng: Random, text: str) -> str:
    year = text[:4] if text[:4].isdigit() else "2025"
    return rng.choice((f"{year}-13-01", f"{year}-02-30", f"{year}-02-31", f"{year}-04-31"))


# --- leases --------------------------------------------------------------------------------

@dataclass(slots=True)
class Lease:
    lease_id: str
    household_id: str
    dwelling_id: str
    k: int  # rank of the lease in the dwelling's timeline
    start_day: int
    end_day: int | None  # None = still running at the cut-off
    start_month: int
    facts: DwellingFacts
    charges_base: float  # monthly charges in CHARGES_BASE_YEAR

    def in_force(self, day: int) -> bool:
        """In force on `day` (a lease starting that very day is not yet)."""
        return self.start_day < day and (self.end_day is None or self.end_day >= day)

    def overlaps(self, first_day: int, last_day: int) -> bool:
        return self.start_day <= last_day and (self.end_day is None or self.end_day >= first_day)


def household_id(seed: int, serial: int, unit: int, k: int) -> str:
    """The management system's household number: unique, stable, not sequential."""
    key = (serial * 10_000 + unit) * 100 + k
    return f"T{(key * 7_777_777_777 + seed * 131 + 12_345) % 10**13:013d}"


def lease_id(serial: int, unit: int, k: int) -> str:
    return f"BX{serial:07d}{unit + 1:04d}{k:02d}"


def rent_in_year(world: World, facts: DwellingFacts, year: int) -> float:
    """Monthly rent of the dwelling in a calendar year (its January level)."""
    ms = world.millesimes
    rents = facts.rents
    present = [t for t in range(min(len(rents), len(ms))) if rents[t] > 0]
    before = [t for t in present if ms[t] <= year]
    if before:
        t = before[-1]
        rent = rents[t]
        for y in range(ms[t] + 1, year + 1):
            rent *= 1 + cal.RENT_REVALUATION.get(y, cal.RENT_DEFAULT_REVALUATION)
        return rent
    t = present[0]
    rent = rents[t]
    for y in range(year + 1, ms[t] + 1):
        rent /= 1 + cal.RENT_REVALUATION.get(y, cal.RENT_DEFAULT_REVALUATION)
    return rent


def rent_for_lease(world: World, lease: Lease, year: int) -> float:
    """Rent with cents that rounds to the RPLS LOYERPRINC of that year."""
    rent = rent_in_year(world, lease.facts, year)
    cents = round(rent, 2)
    if round(cents) != round(rent):
        cents = round(rent) + (0.49 if cents < rent else -0.49)
    return cents


def charges_in_year(lease: Lease, year: int) -> float:
    return round(lease.charges_base * (1 + cal.CHARGES_YEARLY_INCREASE)
                 ** (year - cal.CHARGES_BASE_YEAR), 2)


def last_lease_month(world: World, b: Building, facts: DwellingFacts) -> int | None:
    """Month by which the dwelling's leases must have ended: sold (the sale month), demolished
    (the demolition month) or emptied for a demolition (rehousing month of the year before, so
    that the RPLS shows it empty, MODE 3, at the millésime before its demolition)."""
    ms = world.millesimes
    u = facts.unit
    if u in b.sales:
        rng = world.rng("exit", f"{b.serial}:{u}")
        return month_index(ms[b.sales[u]] - 1, rng.randint(1, 12))
    if b.exit_t != NEVER and b.exit_t < len(ms):
        rng = world.rng("exit", f"{b.serial}:{u}")
        t = b.exit_t
        if facts.emptied and not facts.special_mode:
            year = ms[t - 1] - 1 if t - 1 >= b.first_t else ms[t] - 2
        else:
            year = ms[t] - 1
        return month_index(year, rng.randint(1, 12))
    return None


def leases_of(world: World, b: Building, facts: DwellingFacts, rng: Random,
              charges_per_m2: float) -> tuple[list[Lease], int | None]:
    """Every lease of the dwelling's timeline that runs in or after the history window, and
    the start month of the next lease when it is already known (vacant at the cut-off)."""
    if facts.special_mode:
        return [], None
    cut = last_lease_month(world, b, facts)
    line = facts.lines[0][1]
    surface = int(line[I["surfhab"]])
    dwelling = line[I["ident_int"]]
    leases: list[Lease] = []
    pending = None
    k = 0
    for spell in facts.spells:
        if spell.kind != LET:
            continue
        k += 1
        if spell.end == -1:
            if cut is None:
                pending = spell.begin
            break
        if cut is not None and spell.begin > cut:
            break
        start_dom = 1 if rng.random() < cal.LEASE_START_ON_FIRST else rng.randint(2, 20)
        start_day = month_start_day(spell.begin) + start_dom - 1
        end_month = spell.end if cut is None else min(spell.end, cut)
        end_dom = rng.randint(start_dom + 1 if end_month == spell.begin else 2, 28)
        end_day = None if end_month >= world.cutoff_month else \
            month_start_day(end_month) + end_dom - 1
        charge_draw = rng.uniform(0.85, 1.15)
        if end_day is not None and end_day < world.window_start_day:
            continue
        leases.append(Lease(
            lease_id(b.serial, facts.unit, k), household_id(world.seed, b.serial, facts.unit, k),
            dwelling, k, start_day, end_day, spell.begin, facts,
            charges_per_m2 * surface * charge_draw))
    return leases, pending


def charges_per_m2(b: Building, rng: Random) -> float:
    """Monthly service-charge provision per m² of the building (heating included when it is
    collective)."""
    low, high = cal.CHARGES_PER_M2[b.typeconst if b.typeconst in cal.CHARGES_PER_M2 else "C"]
    extra = cal.COLLECTIVE_HEATING_CHARGES_PER_M2 if b.heating in (
        "gaz_collectif", "reseau_chaleur") and b.typeconst == "C" else 0.0
    return rng.uniform(low, high) + extra


# --- file formats --------------------------------------------------------------------------

def _damage_households(cls: str, r: list[str], rng: Random):
    if cls == OUT_OF_RANGE:
        r[5] = rng.choice(("0", "25"))
        return "household_size", r[5]
    if cls == INVALID_CODE:
        r[6] = rng.choice(("65+", "60_74", "senior"))
        return "oldest_member_age_band", r[6]
    if cls == IMPOSSIBLE_DATE:
        r[8] = impossible_fr_date(rng, r[8])
        return "observed_on", r[8]
    return None


def _damage_leases(cls: str, r: list[str], rng: Random):
    if cls == CLOSING_BEFORE_OPENING:
        start = r[7]
        d = day_number(dt.date(int(start[6:]), int(start[3:5]), int(start[:2])))
        r[8] = fr_date(d - rng.randint(20, 400))
        return "end_date", r[8]
    if cls == IMPOSSIBLE_DATE:
        r[7] = impossible_fr_date(rng, r[7])
        return "start_date", r[7]
    if cls == OUT_OF_RANGE:
        r[10] = "-" + r[10]
        return "monthly_charges", r[10]
    return None


def _damage_attributions(cls: str, r: list[str], rng: Random):
    if cls == INVALID_CODE:
        if rng.random() < 0.5:
            r[10] = rng.choice(("8", "ETAT", "AL"))
            return "reservation_holder", r[10]
        r[6] = "?"
        return "is_dalo", r[6]
    if cls == IMPOSSIBLE_DATE:
        r[5] = impossible_fr_date(rng, r[5])
        return "decision_date", r[5]
    if cls == OUT_OF_RANGE:
        r[5] = f"{r[5][:6]}1999"
        return "decision_date", r[5]
    return None


def _damage_billing(cls: str, r: list[str], rng: Random):
    if cls == IMPOSSIBLE_DATE:
        r[1] = "13/" + r[1][3:]
        return "month", r[1]
    if cls == OUT_OF_RANGE:
        r[4] = "-" + r[4] if r[4] != "0,00" else "-" + r[2]
        return "amount_paid", r[4]
    return None


def _damage_arrears(cls: str, r: list[str], rng: Random):
    if cls == IMPOSSIBLE_DATE:
        r[1] = impossible_fr_date(rng, r[1])
        return "observed_on", r[1]
    if cls == OUT_OF_RANGE:
        r[2] = "-" + r[2]
        return "amount_due", r[2]
    if cls == INVALID_CODE:
        r[3] = rng.choice(("expulse", "P", "decede"))
        return "tenant_status", r[3]
    return None


_CP1252_CRLF = {"separator": ";", "encoding": "cp1252", "newline": "\r\n"}
_TENANCY_CLASSES = (IMPOSSIBLE_DATE, OUT_OF_RANGE, DUPLICATE_ID)

HOUSEHOLDS = SourceFormat(
    "households", "csv",
    ("household_id", "nom", "prenom", "telephone", "email", "household_size",
     "oldest_member_age_band", "resources_pct_plus_ceiling", "observed_on", "code_logement"),
    "household_id", (*_TENANCY_CLASSES, INVALID_CODE), _damage_households, **_CP1252_CRLF)
LEASES = SourceFormat(
    "leases", "csv",
    ("lease_id", "dwelling_id", "household_id", "nom", "prenom", "telephone", "email",
     "start_date", "end_date", "monthly_rent", "monthly_charges", "type_bail"),
    "lease_id", (*_TENANCY_CLASSES, CLOSING_BEFORE_OPENING), _damage_leases, **_CP1252_CRLF)
# The lease export names its columns the way the software shows them.
LEASES_HEADER = ("Lease ID", "Dwelling ID", "Household ID", "Nom", "Prénom", "Téléphone",
                 "Email", "Start date", "End date", "Monthly rent", "Monthly charges",
                 "Type de bail")
ATTRIBUTIONS = SourceFormat(
    "attributions", "csv",
    ("attribution_id", "dwelling_id", "household_id", "nom", "prenom", "decision_date",
     "is_dalo", "is_priority", "is_first_quartile", "is_dwelling_in_qpv", "reservation_holder",
     "is_transfer", "commission"),
    "attribution_id", (*_TENANCY_CLASSES, INVALID_CODE), _damage_attributions, **_CP1252_CRLF)
RENT_BILLING = SourceFormat(
    "rent_billing", "csv",
    ("lease_id", "month", "rent_billed", "charges_billed", "amount_paid", "libelle"),
    "lease_id", _TENANCY_CLASSES, _damage_billing, **_CP1252_CRLF)
ARREARS = SourceFormat(
    "arrears", "csv",
    ("lease_id", "observed_on", "amount_due", "tenant_status", "nom_prenom", "procedure"),
    "lease_id", (*_TENANCY_CLASSES, INVALID_CODE), _damage_arrears, **_CP1252_CRLF)

AGE_BAND_NAMES = ("moins_25", "25_39", "40_64", "65_74", "75_plus")


def age_band(age: int) -> str:
    return ("moins_25" if age < 25 else "25_39" if age < 40 else "40_64" if age < 65
            else "65_74" if age < 75 else "75_plus")


# --- the tenancy of one building -----------------------------------------------------------

class Tenancy:
    """Writes the tenancy rows of each building as it comes; keeps nothing between buildings
    but the running counters."""

    def __init__(self, world: World, files: dict[str, object]):
        self.world = world
        self.households = files.get("households")
        self.leases = files.get("leases")
        self.attributions = files.get("attributions")
        self.billing = files.get("rent_billing")
        self.arrears = files.get("arrears")
        self.billing_names = {m: f for m, f in files.get("billing_names", {}).items()}
        self.attribution_serial = 0
        y = world.operating_year
        self.op_first = day_number(dt.date(y, 1, 1))
        self.op_last = day_number(dt.date(y, 12, 31))
        # (month, first day, last day, days, "mm/yyyy", label, billing file) of the year
        self.months = []
        for month in world.operating_months:
            first = month_start_day(month)
            length = days_in_month(month)
            self.months.append((month, first, first + length - 1, length,
                                f"{month % 12 + 1:02d}/{month // 12}",
                                f"Quittance {MONTH_NAMES[month % 12]} {month // 12}",
                                self.billing_names.get(month, "")))
        self.observed_on = fr_date(world.cutoff_day)

    def building(self, b: Building, dwellings: list[DwellingFacts]) -> dict[int, list[Lease]]:
        """Write the building's tenancy rows; return its leases per dwelling."""
        world = self.world
        rng = world.rng("tenancy", b.serial)
        c_m2 = charges_per_m2(b, rng)
        out: dict[int, list[Lease]] = {}
        for facts in dwellings:
            leases, pending = leases_of(world, b, facts, rng, c_m2)
            out[facts.unit] = leases
            if not leases and pending is None:
                continue
            line = facts.lines[-1][1]
            people = {}
            for lease in leases:
                person = fake_person(rng)
                people[lease.lease_id] = person
                self._lease_row(lease, person, line)
            current = next((x for x in leases if x.end_day is None), None)
            if current is not None:
                self._household_row(current, people[current.lease_id], line, rng, b)
            self._attributions(b, facts, leases, pending, people, rng)
            self._money(leases, people, rng)
        return out

    # leases ------------------------------------------------------------------------------

    def _lease_row(self, lease: Lease, person, line: list[str]) -> None:
        if self.leases is None:
            return
        year = (self.world.cutoff_year if lease.end_day is None
                else date_of(lease.end_day).year)
        rent = rent_for_lease(self.world, lease, year)
        conventioned = line[I["conv"]] == "1"
        self.leases.write([
            lease.lease_id, lease.dwelling_id, lease.household_id, person[0], person[1],
            person[2], person[3], fr_date(lease.start_day),
            fr_date(lease.end_day) if lease.end_day is not None else "",
            fr_decimal(rent), fr_decimal(charges_in_year(lease, year)),
            "Bail conventionné APL" if conventioned else "Bail non conventionné",
        ])

    # households --------------------------------------------------------------------------

    def _household_row(self, lease: Lease, person, line: list[str], rng: Random,
                       b: Building) -> None:
        if self.households is None:
            return
        world = self.world
        tenure_years = (world.cutoff_day - lease.start_day) / 365.25
        entry_age = rng.triangular(*cal.AGE_AT_ENTRY)
        age = min(cal.MAX_AGE, int(entry_age + tenure_years))
        band = age_band(age)
        rooms = int(line[I["nbpiece"]])
        size = draw(rng, SENIOR_SIZE_TABLE if age >= 65 else SIZE_TABLE)
        for _ in range(4):
            if size <= rooms + 1:
                break
            size = draw(rng, SIZE_TABLE)
        size = min(size, rooms + 1)
        factor = cal.RESOURCES_FINAN_FACTOR.get(line[I["finan"]], 1.0)
        resources = rng.lognormvariate(math.log(cal.RESOURCES_MEDIAN_PCT * factor),
                                       cal.RESOURCES_SIGMA)
        known = rng.random() >= cal.RESOURCES_UNKNOWN_SHARE
        self.households.write([
            lease.household_id, person[0], person[1], person[2], person[3], str(size), band,
            fr_decimal(min(999.0, resources), 1) if known else "", self.observed_on,
            lease.dwelling_id,
        ])

    # attributions ------------------------------------------------------------------------

    def _attributions(self, b: Building, facts: DwellingFacts, leases: list[Lease],
                      pending: int | None, people, rng: Random) -> None:
        if self.attributions is None:
            return
        world = self.world
        line = facts.lines[-1][1]
        starts = [(lease.start_day, lease.household_id, people[lease.lease_id])
                  for lease in leases if lease.start_day >= world.window_start_day]
        if pending is not None:
            k = sum(1 for s in facts.spells if s.kind == LET)
            start = month_start_day(pending)
            starts.append((start, household_id(world.seed, b.serial, facts.unit, k),
                           fake_person(rng)))
        for start, household, person in starts:
            decisions = [(start - rng.randint(*cal.DECISION_DAYS_BEFORE_LEASE), household,
                          person)]
            if rng.random() < cal.REFUSED_ATTRIBUTION_SHARE:  # the first applicant declined
                other = f"T{rng.randrange(10**13):013d}"
                decisions.insert(0, (decisions[0][0] - rng.randint(20, 45), other,
                                     fake_person(rng)))
            for decision, hh, who in decisions:
                if not world.window_start_day <= decision < world.cutoff_day:
                    rng.random()
                    continue
                self._attribution_row(b, line, decision, hh, who, rng)

    def _attribution_row(self, b: Building, line: list[str], decision: int, household: str,
                         person, rng: Random) -> None:
        holder = line[I["contingent"]]
        in_qpv = line[I["qpv"]] == "1"
        p_priority = cal.PRIORITY_SHARE_BY_HOLDER.get(holder, cal.PRIORITY_SHARE_OTHERS)
        priority = rng.random() < p_priority
        dalo = priority and rng.random() < (cal.DALO_SHARE_OF_PRIORITY_STATE if holder == "2"
                                            else cal.DALO_SHARE_OF_PRIORITY_OTHERS)
        q1 = rng.random() < (cal.FIRST_QUARTILE_IN_QPV if in_qpv
                             else cal.FIRST_QUARTILE_OUTSIDE_QPV)
        transfer = rng.random() < cal.TRANSFER_SHARE
        self.attribution_serial += 1
        year = date_of(decision).year
        yes_no = {True: "O", False: "N"}
        self.attributions.write([
            f"ATT{year}-{self.attribution_serial:07d}", line[I["ident_int"]], household,
            person[0], person[1], fr_date(decision), yes_no[dalo], yes_no[priority],
            yes_no[q1], yes_no[in_qpv], holder, yes_no[transfer],
            f"CALEOL {self.world.organisation.agency(b)}",
        ])

    # billing and arrears -----------------------------------------------------------------

    def _money(self, leases: list[Lease], people, rng: Random) -> None:
        world = self.world
        year = world.operating_year
        for lease in leases:
            ended_before = (lease.end_day is not None and lease.end_day < self.op_first)
            if ended_before:
                if date_of(lease.end_day).year == year - 1 and \
                        rng.random() < cal.DEPARTED_WITH_DEBT_SHARE:
                    self._departed_debt(lease, people[lease.lease_id], rng)
                continue
            if lease.start_day > self.op_last:
                continue
            self._billing(lease, people[lease.lease_id], rng)

    def _departed_debt(self, lease: Lease, person, rng: Random) -> None:
        if self.arrears is None:
            return
        debt = rng.uniform(*cal.DEPARTED_DEBT_EUR)
        written_off = rng.randint(*cal.WRITE_OFF_AFTER_MONTHS)
        for i, month in enumerate(self.world.operating_months):
            debt -= debt * rng.uniform(0.0, cal.DEPARTED_MONTHLY_RECOVERY)
            if i >= written_off or debt < 1.0:
                break
            self._arrears_row(lease, month, debt, "parti", person, rng)

    def _billing(self, lease: Lease, person, rng: Random) -> None:
        world = self.world
        rent = rent_for_lease(world, lease, world.operating_year)
        charges = charges_in_year(lease, world.operating_year)
        debtor = rng.random() < cal.DEBTOR_SHARE
        debt = 0.0
        if debtor and lease.start_day < self.op_first and rng.random() < cal.CARRIED_DEBT_SHARE:
            debt = round((rent + charges) * rng.uniform(*cal.CARRIED_DEBT_MONTHS), 2)
        skipped = 0.0
        written_off = rng.randint(*cal.WRITE_OFF_AFTER_MONTHS)
        months_gone = 0
        start, end = lease.start_day, lease.end_day
        full_rent, full_charges = fr_decimal(rent), fr_decimal(charges)
        random = rng.random
        write = self.billing.write if self.billing is not None else None
        for month, first, last, length, month_text, label, name in self.months:
            if start > last:
                random()
                continue
            active = end is None or end >= first
            if active:
                if start <= first and (end is None or end >= last):
                    rent_billed, charges_billed = rent, charges
                    texts = (full_rent, full_charges)
                else:
                    share = (min(last, end if end is not None else last)
                             - max(first, start) + 1) / length
                    rent_billed = round(rent * share, 2)
                    charges_billed = round(charges * share, 2)
                    texts = (fr_decimal(rent_billed), fr_decimal(charges_billed))
                billed = rent_billed + charges_billed
                if debtor:
                    if random() < cal.DEBTOR_ZERO_MONTH_SHARE:
                        paid = 0.0
                    else:
                        paid = billed * rng.uniform(*cal.DEBTOR_PAID_RATIO)
                elif skipped:
                    paid = billed + skipped
                    skipped = 0.0
                    random()
                elif random() < cal.LATE_PAYMENT_MONTH_SHARE:
                    paid, skipped = 0.0, billed
                else:
                    paid = billed
                paid = round(min(paid, debt + billed), 2)
                debt = round(debt + billed - paid, 2)
                if write is not None:
                    write(name, [lease.lease_id, month_text, texts[0], texts[1],
                                 fr_decimal(paid), label])
                if end is not None and end <= last:
                    # departure: the deposit (one month of rent) settles part of the debt
                    debt = max(0.0, round(debt - rent, 2))
            else:
                months_gone += 1
                debt = round(debt - debt * rng.uniform(0.0, cal.DEPARTED_MONTHLY_RECOVERY), 2)
                if months_gone > written_off:
                    debt = 0.0
            if debt >= 1.0:
                status = "present" if end is None or end > last else "parti"
                self._arrears_row(lease, month, debt, status, person, rng)
            elif not active:
                break

    def _arrears_row(self, lease: Lease, month: int, debt: float, status: str, person,
                     rng: Random) -> None:
        if self.arrears is None:
            return
        last = month_start_day(month) + days_in_month(month) - 1
        rent = max(1.0, rent_in_year(self.world, lease.facts, month // 12))
        months = debt / rent
        procedure = ("Aucune" if months < 2 else "Relance amiable" if months < 3
                     else "Plan d'apurement" if months < 5 else "Commandement de payer"
                     if months < 8 else "Assignation en résiliation")
        if status == "parti":
            procedure = "Recouvrement locataire parti"
        self.arrears.write([lease.lease_id, fr_date(last), fr_decimal(debt), status,
                            f"{person[0]} {person[1]}", procedure])

