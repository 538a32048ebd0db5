"""Maintenance sources: the elevator inventory, the elevator company's breakdown log, and the
ticketing tool's complaints and work orders (JSON Lines).

Elevators serve the entrances of collective buildings of ELEVATOR_MIN_LEVELS levels or more
(ground floor included), one per entrance, two in the tallest; each breaks down a few times a
year, for a log-normal duration. Tickets come from the tenants of let dwellings (the leases),
from the common areas of collective buildings, from elevator breakdowns and from the works that
prepare a re-letting; work orders point at the complaint they answer.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.dwellings import DwellingFacts
from orchestration.demo_landlord.energy_file import address_ban
from orchestration.demo_landlord.model import NEVER, Building
from orchestration.demo_landlord.rpls_writer import COLUMN_INDEX as I
from orchestration.demo_landlord.sampling import draw, table
from orchestration.demo_landlord.source_files import (
    BROKEN_ENCODING,
    CLOSING_BEFORE_OPENING,
    DUPLICATE_ID,
    IMPOSSIBLE_DATE,
    INVALID_CODE,
    INVALID_JSON,
    MISSING_VALUE,
    OUT_OF_RANGE,
    SourceFile,
    SourceFiles,
    SourceFormat,
)
from orchestration.demo_landlord.tenancy import Lease, fake_person
from orchestration.demo_landlord.timeline import (
    MINUTES_PER_DAY,
    add_working_days,
    date_of,
    day_number,
    fr_timestamp,
    iso_timestamp,
    month_of_day,
)
from orchestration.demo_landlord.world import World

CAUSES = table(cal.BREAKDOWN_CAUSES)
DWELLING_CATEGORIES = table(cal.DWELLING_TICKET_CATEGORIES)
COMMON_CATEGORIES = table(cal.COMMON_AREA_TICKET_CATEGORIES)
CHANNELS = table(cal.TICKET_CHANNELS)
COMMON_CHANNELS = table(cal.COMMON_AREA_TICKET_CHANNELS)
URGENCY = {cat: table(mix) for cat, mix in cal.URGENCY_BY_CATEGORY.items()}
RELETTING_CATEGORIES = table(cal.RELETTING_WORK_CATEGORIES)


# --- elevators ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Elevator:
    elevator_id: str
    building: Building
    entrance: str
    levels: int
    commissioning_year: int
    maintainer: str


def elevators_of(world: World, b: Building) -> list[Elevator]:
    """The elevators of a collective building still owned at the cut-off."""
    if b.typeconst != "C" or b.exit_t != NEVER or len(b.sales) >= b.n_units:
        return []
    rng = world.rng("elevators", b.serial)
    agency = world.organisation.agency(b)
    maintainer = world.rng("maintainer", agency).choice(cal.ELEVATOR_MAINTAINERS)
    out = []
    stairs = math.ceil(b.n_units / b.units_per_stair)
    for s in range(stairs):
        units = min(b.units_per_stair, b.n_units - s * b.units_per_stair)
        levels = math.ceil(units / b.units_per_floor)
        if levels < cal.ELEVATOR_MIN_LEVELS:
            continue
        count = 2 if levels >= cal.TWO_ELEVATORS_FROM_LEVELS and b.units_per_floor >= 5 else 1
        for k in range(count):
            year = b.construct if b.construct >= cal.ELEVATORS_SINCE else \
                rng.randint(cal.ELEVATORS_SINCE, 2012)
            replaced_from = max(year + 15, 1995)
            if (b.construct < 1990 and rng.random() < cal.ELEVATOR_REPLACED_SHARE
                    and replaced_from <= world.cutoff_year - 2):
                year = rng.randint(replaced_from, world.cutoff_year - 2)
            letter = chr(65 + s % 26)
            out.append(Elevator(f"ASC-{b.immeuble[1:]}-{letter}{k + 1}", b, letter, levels,
                                year, maintainer))
    return out


def _damage_elevators(cls: str, r: list[str], rng: Random):
    if cls == OUT_OF_RANGE:
        if rng.random() < 0.5:
            r[3] = rng.choice(("1", "75"))
            return "floors_served", r[3]
        r[2] = rng.choice(("1850", "2150"))
        return "commissioning_year", r[2]
    if cls == MISSING_VALUE:
        r[1] = ""
        return "building_id", ""
    return None


ELEVATORS = SourceFormat(
    "elevators", "csv",
    ("elevator_id", "building_id", "commissioning_year", "floors_served", "maintainer",
     "adresse", "type_appareil", "charge_kg"),
    # a quarantined elevator orphans its breakdowns: a small inventory first gets a duplicate
    # line (the elevator itself still loads)
    "elevator_id", (DUPLICATE_ID, OUT_OF_RANGE, MISSING_VALUE), _damage_elevators,
    separator=",", encoding="utf-8", newline="\r\n", bom=True, shuffle_classes=False)


def _damage_breakdowns(cls: str, r: list[str], rng: Random):
    if cls == CLOSING_BEFORE_OPENING:
        day, month, rest = r[2][:2], r[2][3:5], r[2][6:]
        year, time = rest[:4], rest[5:]
        hour = int(time[:2])
        earlier = f"{day}/{month}/{year} {max(0, hour - rng.randint(1, 6)):02d}{time[2:]}"
        if earlier == r[2]:
            earlier = f"{day}/{month}/{int(year) - 1} {time}"
        r[3] = earlier
        return "ended_at", r[3]
    if cls == IMPOSSIBLE_DATE:
        r[2] = f"{rng.choice(('30/02', '31/04', '31/06', '31/09'))}{r[2][5:]}"
        return "started_at", r[2]
    if cls == INVALID_CODE:
        r[4] = rng.choice(("inconnue", "panne", "usure normale"))
        return "cause", r[4]
    return None


BREAKDOWNS = SourceFormat(
    "elevator_breakdowns", "csv",
    ("breakdown_id", "elevator_id", "started_at", "ended_at", "cause", "intervenant",
     "commentaire"),
    "breakdown_id", (CLOSING_BEFORE_OPENING, IMPOSSIBLE_DATE, INVALID_CODE, DUPLICATE_ID),
    _damage_breakdowns, separator=";", encoding="utf-8", newline="\r\n", bom=True)


@dataclass(slots=True)
class Breakdown:
    elevator: Elevator
    started: int  # minute
    ended: int | None  # None = still out of order at the cut-off


def breakdowns_of(world: World, elevator: Elevator, rng: Random) -> list[Breakdown]:
    year_start = world.cutoff_minute - _year_minutes(world.operating_year)
    age = world.operating_year - elevator.commissioning_year
    rate = cal.BREAKDOWNS_PER_ELEVATOR_YEAR * rng.gammavariate(
        cal.BREAKDOWN_RATE_SHAPE, 1 / cal.BREAKDOWN_RATE_SHAPE) * (1.2 if age > 25 else 0.9)
    out = []
    for _ in range(_poisson(rng, rate)):
        start = year_start + rng.randrange(_year_minutes(world.operating_year))
        minutes = rng.lognormvariate(math.log(cal.BREAKDOWN_MEDIAN_HOURS * 60),
                                     cal.BREAKDOWN_SIGMA)
        end = start + max(5, round(minutes))
        out.append(Breakdown(elevator, start, end if end < world.cutoff_minute else None))
    out.sort(key=lambda x: x.started)
    return out


def _year_minutes(year: int) -> int:
    return (366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365) * MINUTES_PER_DAY


def _poisson(rng: Random, mean: float) -> int:
    """Knuth's method (means here are small)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


# --- tickets --------------------------------------------------------------------------------

def _damage_tickets(cls: str, r: dict, rng: Random):
    if cls == INVALID_CODE:
        r["urgency"] = "U4"
        return "urgency", "U4"
    if cls == CLOSING_BEFORE_OPENING:
        if r.get("closed_at") is None:
            return None
        opened = r["opened_at"]
        hours = rng.randint(1, 72)
        minute = _parse_iso_minute(opened) - hours * 60
        r["closed_at"] = iso_timestamp(minute, offset=len(opened) > 19)
        r["status"] = "close"
        return "closed_at", r["closed_at"]
    if cls == IMPOSSIBLE_DATE:
        opened = r["opened_at"]
        # with a UTC offset only the month 13 is refused: DuckDB's %z parsing rolls 30
        # February over to 2 March (reported with the contracts review)
        choices = [f"{opened[:4]}-13-{opened[8:10]}{opened[10:]}"]
        if len(opened) == 19:
            choices.append(f"{opened[:4]}-02-30{opened[10:]}")
        r["opened_at"] = rng.choice(choices)
        return "opened_at", r["opened_at"]
    if cls == MISSING_VALUE:
        if "dwelling_id" not in r and "building_id" not in r:
            return None
        r.pop("building_id", None)
        r["dwelling_id"] = None
        return "dwelling_id", ""
    if cls == BROKEN_ENCODING:
        name = r.get("declarant_nom") or ""
        if name.isascii():
            r["declarant_nom"] = f"{rng.choice(cal.ACCENTED_FIRST_NAMES)} EXEMPLE"
        return "declarant_nom", r["declarant_nom"]
    if cls == INVALID_JSON:
        return "", "python_repr"
    return None


def _parse_iso_minute(text: str) -> int:
    d = dt.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    return day_number(d) * MINUTES_PER_DAY + int(text[11:13]) * 60 + int(text[14:16])


TICKETS = SourceFormat(
    "tickets", "jsonl",
    ("ticket_id", "kind", "dwelling_id", "building_id", "category", "urgency", "opened_at",
     "closed_at", "status", "channel", "parent_ticket_id"),
    "ticket_id", (INVALID_CODE, CLOSING_BEFORE_OPENING, IMPOSSIBLE_DATE, MISSING_VALUE,
                  DUPLICATE_ID, BROKEN_ENCODING, INVALID_JSON), _damage_tickets,
    encoding="utf-8", newline="\n")


@dataclass(slots=True)
class Complaint:
    """What the surveys need to know of a closed tenant complaint."""

    dwelling_id: str
    building: Building
    opened: int
    closed: int
    within_deadline: bool


def _deadline_met(urgency: str, opened: int, closed: int) -> bool:
    if urgency == "U3":
        return closed <= add_working_days(opened, cal.DEADLINE_WORKING_DAYS["U3"])
    return closed - opened <= cal.DEADLINE_MINUTES[urgency]


class Maintenance:
    """Writes elevators, breakdowns and tickets of each building as it comes."""

    def __init__(self, world: World, elevators: SourceFile | None, breakdowns: SourceFile | None,
                 tickets: SourceFiles | None, ticket_names: dict[int, str]):
        self.world = world
        self.elevators = elevators
        self.breakdowns = breakdowns
        self.tickets = tickets
        self.ticket_names = ticket_names
        self.breakdown_serial = 0
        self.ticket_serials: dict[tuple[str, int], int] = {}
        self.year_start = world.cutoff_minute - _year_minutes(world.operating_year)
        self.counts = {"elevators": 0, "breakdowns": 0, "complaints": 0, "work_orders": 0}

    # elevators and breakdowns ------------------------------------------------------------

    def _elevator_rows(self, b: Building, dwellings: list[DwellingFacts],
                       rng: Random) -> list[Breakdown]:
        elevators = elevators_of(self.world, b)
        if not elevators:
            return []
        line = dwellings[0].lines[-1][1]
        found = []
        for e in elevators:
            self.counts["elevators"] += 1
            if self.elevators is not None:
                self.elevators.write([
                    e.elevator_id, b.immeuble, str(e.commissioning_year), str(e.levels),
                    e.maintainer, f"{address_ban(line)} - entrée {e.entrance}",
                    "électrique à traction" if e.commissioning_year >= 2000 or rng.random() < 0.8
                    else "hydraulique", str(rng.choice((320, 480, 630, 630, 1000)))])
            for br in breakdowns_of(self.world, e, rng):
                found.append(br)
                self._breakdown_row(br, rng)
        return found

    def _breakdown_row(self, br: Breakdown, rng: Random) -> None:
        self.counts["breakdowns"] += 1
        self.breakdown_serial += 1
        cause = draw(rng, CAUSES)
        if self.breakdowns is None:
            return
        year = date_of(br.started // MINUTES_PER_DAY).year
        self.breakdowns.write([
            f"PAN{year % 100:02d}-{self.breakdown_serial:07d}", br.elevator.elevator_id,
            fr_timestamp(br.started), fr_timestamp(br.ended) if br.ended is not None else "",
            cause, br.elevator.maintainer, cal.BREAKDOWN_COMMENTS[cause]])

    # tickets -----------------------------------------------------------------------------

    def _ticket_id(self, kind: str, month: int) -> str:
        key = (kind, month)
        self.ticket_serials[key] = self.ticket_serials.get(key, 0) + 1
        prefix = "REC" if kind == "reclamation" else "OT"
        return f"{prefix}-{month // 12 % 100:02d}{month % 12 + 1:02d}-" \
               f"{self.ticket_serials[key]:07d}"

    def _emit(self, record: dict, opened: int) -> None:
        if self.tickets is not None:
            month = month_of_day(opened // MINUTES_PER_DAY)
            self.tickets.write(self.ticket_names.get(month, ""), record)

    def _ticket(self, rng: Random, kind: str, category: str, urgency: str, opened: int,
                closed: int | None, channel: str, dwelling: str | None, building: str | None,
                parent: str | None = None, declarant: str | None = None,
                cancelled: bool = False) -> str:
        month = month_of_day(opened // MINUTES_PER_DAY)
        ticket_id = self._ticket_id(kind, month)
        offset = channel in cal.TICKET_CHANNELS_WITH_OFFSET
        if closed is not None and closed >= self.world.cutoff_minute:
            closed = None
        status = ("annulee" if cancelled and closed is not None else "close" if closed is not None
                  else "en_cours" if kind == "ordre_de_travail" or rng.random() < 0.5
                  else "ouverte")
        record: dict = {"ticket_id": ticket_id, "kind": kind}
        if dwelling is not None:
            record["dwelling_id"] = dwelling
        else:
            record["dwelling_id"] = None
            record["building_id"] = building
        record.update({
            "category": category, "urgency": urgency,
            "opened_at": iso_timestamp(opened, offset),
            "closed_at": iso_timestamp(closed, offset) if closed is not None else None,
            "status": status, "channel": channel,
        })
        if parent:
            record["parent_ticket_id"] = parent
        if declarant:
            record["declarant_nom"] = declarant
            if rng.random() < 0.3:
                record["declarant_telephone"] = fake_person(rng)[2]
        if kind == "reclamation" and rng.random() < cal.FREE_COMMENT_SHARE:
            record["commentaire_libre"] = rng.choice(cal.TICKET_COMMENTS[category])
        if kind == "ordre_de_travail":
            record["entreprise"] = rng.choice(cal.CONTRACTORS[category])
        self.counts["complaints" if kind == "reclamation" else "work_orders"] += 1
        self._emit(record, opened)
        return ticket_id

    def _delay(self, rng: Random, urgency: str, opened: int) -> int:
        """Closing minute of a request opened at `opened`."""
        median, sigma = cal.TICKET_DELAY[urgency]
        if urgency == "U3":
            days = cal.DEADLINE_WORKING_DAYS["U3"] * rng.lognormvariate(math.log(median), sigma)
            return add_working_days(opened, days)
        minutes = cal.DEADLINE_MINUTES[urgency] * rng.lognormvariate(math.log(median), sigma)
        return opened + max(10, round(minutes))

    def _complaint(self, rng: Random, category: str, opened: int, channel: str,
                   dwelling: str | None, building: Building, declarant: str,
                   urgency: str | None = None, closed: int | None = None,
                   complaints: list[Complaint] | None = None) -> None:
        urgency = urgency or draw(rng, URGENCY[category])
        if closed is None:
            closed = self._delay(rng, urgency, opened)
        cancelled = rng.random() < cal.CANCELLED_SHARE
        if cancelled:
            closed = opened + rng.randint(30, 3 * MINUTES_PER_DAY)
        parent = self._ticket(rng, "reclamation", category, urgency, opened, closed, channel,
                              dwelling, None if dwelling else building.immeuble,
                              declarant=declarant, cancelled=cancelled)
        if not cancelled and rng.random() < cal.WORK_ORDER_SHARE[category]:
            span = max(2, closed - opened)
            ot_open = opened + rng.randint(1, max(1, min(span // 3, MINUTES_PER_DAY)))
            ot_close = max(ot_open + 1, closed - rng.randint(0, max(0, min(span // 4, 240))))
            self._ticket(rng, "ordre_de_travail", category, urgency, ot_open, ot_close,
                         channel, dwelling, None if dwelling else building.immeuble,
                         parent=parent)
        if (complaints is not None and dwelling is not None and not cancelled
                and closed < self.world.cutoff_minute):
            complaints.append(Complaint(dwelling, building, opened, closed,
                                        _deadline_met(urgency, opened, closed)))

    def _opening_minute(self, rng: Random, first: int, last: int, channel: str) -> int:
        """A plausible time between two minutes: office hours for phone and counter."""
        minute = rng.randint(first, max(first, last - 1))
        if channel in ("telephone", "agence", "gardien", "courrier"):
            day = minute // MINUTES_PER_DAY
            minute = day * MINUTES_PER_DAY + rng.randint(8 * 60, 18 * 60)
            if date_of(day).weekday() >= 5:
                minute += (7 - date_of(day).weekday()) * MINUTES_PER_DAY
        return min(max(minute, first), last - 1)

    def building(self, b: Building, dwellings: list[DwellingFacts],
                 leases: dict[int, list[Lease]]) -> list[Complaint]:
        """Write the building's maintenance rows; return its tenants' closed complaints."""
        world = self.world
        rng = world.rng("maintenance", b.serial)
        breakdowns = self._elevator_rows(b, dwellings, rng)
        complaints: list[Complaint] = []
        start, end = self.year_start, world.cutoff_minute
        op_first_day, op_last_day = start // MINUTES_PER_DAY, end // MINUTES_PER_DAY - 1
        # tenants' complaints, while their lease runs
        for facts in dwellings:
            for lease in leases.get(facts.unit, ()):
                if not lease.overlaps(op_first_day, op_last_day):
                    continue
                low = max(start, (lease.start_day + 1) * MINUTES_PER_DAY)
                high = min(end, (lease.end_day if lease.end_day is not None
                                 else op_last_day + 1) * MINUTES_PER_DAY)
                if high <= low:
                    continue
                share = (high - low) / (end - start)
                tenant = fake_person(rng)
                for _ in range(_poisson(rng, cal.DWELLING_COMPLAINTS_PER_YEAR * share)):
                    channel = draw(rng, CHANNELS)
                    opened = self._opening_minute(rng, low, high, channel)
                    category = draw(rng, DWELLING_CATEGORIES)
                    month = date_of(opened // MINUTES_PER_DAY).month
                    if category == "chauffage" and 5 <= month <= 9 and rng.random() < 0.75:
                        category = "plomberie"  # few heating complaints in summer
                    self._complaint(rng, category, opened, channel, lease.dwelling_id, b,
                                    f"{tenant[1]} {tenant[0]}", complaints=complaints)
                # works before a new tenant moves in
                first_day = lease.start_day
                if op_first_day + 40 <= first_day <= op_last_day and \
                        rng.random() < cal.RELETTING_WORK_ORDER_SHARE:
                    opened = (first_day - rng.randint(10, 40)) * MINUTES_PER_DAY + \
                        rng.randint(8 * 60, 17 * 60)
                    closed = add_working_days(opened, rng.uniform(2, 15))
                    self._ticket(rng, "ordre_de_travail", draw(rng, RELETTING_CATEGORIES), "U3",
                                 opened, closed, "agence", lease.dwelling_id, None)
        # common areas of collective buildings
        if b.typeconst == "C" and b.exit_t == NEVER:
            last = len(world.millesimes) - 1
            units = sum(1 for f in dwellings if f.lines[-1][0] == last
                        and f.lines[-1][1][I["sortiepatrim"]] == "9")
            for _ in range(_poisson(rng, cal.COMMON_AREA_COMPLAINTS_PER_DWELLING_YEAR * units)):
                channel = draw(rng, COMMON_CHANNELS)
                opened = self._opening_minute(rng, start, end, channel)
                category = draw(rng, COMMON_CATEGORIES)
                who = fake_person(rng)
                declarant = (f"Gardien {who[0]}" if channel == "gardien"
                             else f"{who[1]} {who[0]}")
                self._complaint(rng, category, opened, channel, None, b, declarant)
        # tenants calling about a broken elevator
        for br in breakdowns:
            if rng.random() >= cal.BREAKDOWN_COMPLAINT_SHARE:
                continue
            opened = br.started + rng.randint(5, 90)
            if opened >= end:
                continue
            trapped = rng.random() < cal.TRAPPED_SHARE
            closed = (max(opened + 10, br.ended + rng.randint(0, 180)) if br.ended is not None
                      else end + 1)
            who = fake_person(rng)
            self._complaint(rng, "ascenseur", opened, draw(rng, COMMON_CHANNELS), None, b,
                            f"{who[1]} {who[0]}", urgency="U1" if trapped else "U2",
                            closed=closed)
        return complaints


def ticket_month_names(world: World, months: list[int]) -> dict[int, str]:
    return {m: f"tickets_{m // 12}-{m % 12 + 1:02d}.jsonl" for m in months}

