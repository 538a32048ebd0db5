"""The landlord's identity and its buildings: where they are, when they were built and
financed, how big they are, how they are heated.

The initial stock holds exactly the number of dwellings asked for (the dwelling lines of the
first millésime); buildings delivered later are made by the same factory.
"""

from __future__ import annotations

from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.addresses import RESIDENCE_NAMES, StreetBook
from orchestration.demo_landlord.communes import (
    Commune,
    CommunePicker,
    departement_name,
    epci_name,
    main_commune,
)
from orchestration.demo_landlord.model import Building, Landlord, luhn_complete
from orchestration.demo_landlord.occupancy import month_index
from orchestration.demo_landlord.sampling import Table, draw, table


def make_landlord(communes: list[Commune], departements: tuple[str, ...], seed: int,
                  streets: StreetBook) -> Landlord:
    """A fictional landlord headquartered in the main commune of the first département."""
    head = main_commune(communes, departements[0])
    dep_name = departement_name(departements[0])
    rng = Random(seed * 7_919 + 17)
    typvoie, nomvoie = streets.pick(rng, head.code, head.population)
    siren = luhn_complete(f"99903{seed % 1000:03d}")
    dep = departements[0].zfill(3)
    return Landlord(
        ministry_number=f"{dep}HLM{seed % 1000:03d}",
        company_name=f"SA D'HLM DEMO HABITAT {dep_name.upper()}",
        trade_name=f"Demo Habitat {dep_name}",
        address_lines=(f"{rng.randint(1, 80)} {typvoie} {nomvoie}", "CS 40001", ""),
        postal_code=head.postal_code,
        commune_name=head.name.upper(),
        siret=luhn_complete(siren + "0001"),
        departements=departements,
        main_epci=head.epci,
        main_epci_name=epci_name(head.epci) or head.name,
    )


FINAN_TABLES = [(until, table(mix)) for until, mix in cal.FINAN_MIX]
HEATING_TABLE = table(cal.HEATING_MIX)
DROIT_TABLE = table(cal.DROIT_MIX)


def finan_table(locat: int) -> Table:
    """FINAN mix of the financing period (year of first letting in the social stock)."""
    return next(table for until, table in FINAN_TABLES if locat <= until)


def _period_year(rng: Random, periods, last_year: int) -> int:
    x = rng.random() * sum(share for _, share in periods)
    for (low, high), share in periods:
        x -= share
        if x < 0:
            break
    return rng.randint(low, high if high is not None else last_year)


def _collective_size(rng: Random, construct: int) -> int:
    low, mode, high = next(
        (size for until, size in sorted(cal.COLLECTIVE_SIZE.items()) if construct <= until),
        cal.COLLECTIVE_SIZE_RECENT,
    )
    return round(rng.triangular(low, high, mode))


def energy_score(rng: Random, construct: int, typeconst: str, heating: str) -> float:
    """Higher = worse energy performance. Only the rank matters: dpe.py turns ranks into the
    calibrated label mix, so older, electric or fuel-heated buildings get the worse labels."""
    base = (0.62 if construct < 1949 else 0.58 if construct < 1975 else 0.50 if construct < 1982
            else 0.45 if construct < 1989 else 0.38 if construct < 2001
            else 0.28 if construct < 2013 else 0.12)
    if typeconst == "I":
        base += 0.06
    base += {"electrique": 0.05, "fioul": 0.08, "reseau_chaleur": -0.03,
             "pompe_a_chaleur": -0.04, "bois": -0.02}.get(heating, 0.0)
    if construct < 1990 and rng.random() < 0.35:  # rehabilitated in the past
        base -= 0.15
    return base + rng.gauss(0.0, 0.12)


class BuildingFactory:
    """Makes buildings one after the other, with a serial and a first dwelling serial each."""

    def __init__(self, communes: list[Commune], landlord: Landlord, millesimes: tuple[int, ...],
                 streets: StreetBook):
        self.landlord = landlord
        self.millesimes = millesimes
        self.streets = streets
        self.collective_picker = CommunePicker(
            communes, cal.COLLECTIVE_POPULATION_EXPONENT, landlord.main_epci, cal.MAIN_EPCI_BOOST)
        self.individual_picker = CommunePicker(
            communes, cal.INDIVIDUAL_POPULATION_EXPONENT, landlord.main_epci, cal.MAIN_EPCI_BOOST)
        self.next_serial = 1
        self.next_unit_serial = 0

    def initial_stock(self, rng: Random, n_dwellings: int) -> list[Building]:
        """Buildings holding exactly `n_dwellings`, individual houses ≈ INDIVIDUAL_SHARE."""
        buildings: list[Building] = []
        last_year = self.millesimes[0] - 1
        done = individual = 0
        while done < n_dwellings:
            remaining = n_dwellings - done
            house = individual < cal.INDIVIDUAL_SHARE * (done + 1) or remaining < 10
            if house:
                construct = _period_year(rng, cal.INDIVIDUAL_PERIODS, last_year)
                size = min(remaining, round(rng.triangular(*cal.INDIVIDUAL_PROGRAMME_SIZE[::2],
                                                           cal.INDIVIDUAL_PROGRAMME_SIZE[1])))
            else:
                construct = _period_year(rng, cal.COLLECTIVE_PERIODS, last_year)
                size = min(remaining, _collective_size(rng, construct))
                if remaining - size < 10 and remaining <= 120:
                    size = remaining  # no tiny leftover
            b = self.make(rng, "I" if house else "C", size, construct, first_t=0)
            buildings.append(b)
            done += size
            if house:
                individual += size
        return buildings

    def delivered(self, rng: Random, year: int, first_t: int) -> Building:
        """A new building delivered during `year`, first seen in millésime index first_t."""
        house = rng.random() < cal.INDIVIDUAL_SHARE
        if house:
            size = round(rng.triangular(*cal.INDIVIDUAL_PROGRAMME_SIZE[::2],
                                        cal.INDIVIDUAL_PROGRAMME_SIZE[1]))
        else:
            size = round(rng.triangular(*cal.COLLECTIVE_SIZE_RECENT[::2],
                                        cal.COLLECTIVE_SIZE_RECENT[1]))
        return self.make(rng, "I" if house else "C", size, year, first_t=first_t, new=True)

    def make(self, rng: Random, typeconst: str, size: int, construct: int, first_t: int,
             new: bool = False) -> Building:
        last_year = self.millesimes[first_t] - 1
        picker = self.individual_picker if typeconst == "I" else self.collective_picker
        commune = picker.pick(rng)
        # entry into the social stock and into the landlord's patrimony (arrêté pos.27-29)
        origine = "1"
        locat = construct if new or rng.random() < 0.85 else min(construct + 1, last_year)
        patrimoine = locat
        if typeconst == "C" and construct >= 2008 and rng.random() < cal.VEFA_SHARE_SINCE_2008:
            origine = "4"
        elif not new and construct < 1990 and rng.random() < cal.ACQUISITION_WITH_WORKS_SHARE:
            origine = "2"
            locat = patrimoine = rng.randint(max(1978, construct + 10), last_year)
        elif (not new and construct < 2010 and max(locat + 1, 1995) <= last_year
              and rng.random() < cal.TRANSFER_FROM_OTHER_LANDLORD_SHARE):
            origine = "3"  # bought from another social landlord: LOCAT < PATRIMOINE
            patrimoine = rng.randint(max(locat + 1, 1995), last_year)
        heating = draw(rng, HEATING_TABLE)
        if typeconst == "I" and heating in ("gaz_collectif", "reseau_chaleur"):
            heating = "gaz_individuel" if rng.random() < 0.6 else "electrique"
        finan = draw(rng, finan_table(locat))
        if commune.population >= cal.QPV_MIN_POPULATION and typeconst == "C":
            qpv_prob = (cal.QPV_PROB_OLD_ESTATE if 1955 <= construct <= 1985
                        else cal.QPV_PROB_OTHER_COLLECTIVE)
        else:
            qpv_prob = cal.QPV_PROB_OTHER
        typvoie, nomvoie = self.streets.pick(rng, commune.code, commune.population,
                                             house=typeconst == "I")
        x = rng.random()
        indrep = "B" if x < 0.06 else "T" if x < 0.08 else ""
        if typeconst == "C":
            residence = ("RESIDENCE " + rng.choice(RESIDENCE_NAMES)) if rng.random() < 0.7 else ""
            per_floor = rng.choice((2, 3, 4, 4, 5, 6))
            per_stair = per_floor * rng.randint(3, 10)
        else:
            residence = ("LOTISSEMENT " + rng.choice(RESIDENCE_NAMES)) if size > 1 else ""
            per_floor = per_stair = 1
        in_main = commune.epci == self.landlord.main_epci
        period = 0 if construct < 1977 else 1 if construct < 2000 else 2
        period_label = ("avant 1977", "1977-1999", "depuis 2000")[period]
        area = self.landlord.main_epci_name
        first_let = month_index(locat, rng.randint(1, 12))
        building = Building(
            serial=self.next_serial,
            commune=commune,
            typeconst=typeconst,
            n_units=size,
            construct=construct,
            locat=locat,
            patrimoine=patrimoine,
            origine=origine,
            droit="1" if new else draw(rng, DROIT_TABLE),
            finan=finan,
            mixed_financing=locat >= cal.MIXED_FINANCING_FROM,
            conv_draw=rng.random(),
            heating=heating,
            qpv=rng.random() < qpv_prob,
            numvoie=str(rng.randint(1, 60 if typeconst == "I" else 180)),
            indrep=indrep if typeconst == "C" else "",
            typvoie=typvoie,
            nomvoie=nomvoie,
            residence=residence,
            units_per_floor=per_floor,
            units_per_stair=per_stair,
            segment_code=f"{period + (1 if in_main else 4):02d}",
            segment_label=f"{area} - {period_label}" if in_main
            else f"Hors {area} - {period_label}",
            score=energy_score(rng, construct, typeconst, heating),
            first_let_month=first_let,
            first_unit_serial=self.next_unit_serial,
            n_millesimes=len(self.millesimes),
            first_t=first_t,
        )
        building.dpe = [None] * len(self.millesimes)
        self.next_serial += 1
        self.next_unit_serial += size
        return building


def rpls_id(unit_serial: int, seed: int) -> str:
    """10-digit RPLS id, unique and stable: an affine bijection of the dwelling serial modulo
    10**10 (the multiplier is prime to 10), so ids do not look sequential."""
    return f"{(unit_serial * 1_234_567_891 + 3_141_592_653 + seed * 97) % 10**10:010d}"
