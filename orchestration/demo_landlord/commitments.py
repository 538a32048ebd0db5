"""The landlord's commitments: the CUS indicators at their legal scale (CCH R445-5: PP-1..PP-4,
PS-2 and SR-1 per département, PS-1 per EPCI, G-1 for the whole organisation) for the six years
of the convention, and internal targets per direction territoriale and for the organisation.

Targets are sized on the stock at the cut-off (new dwellings, F and G dwellings to renovate)
or are the legal floors; the CSV is what a strategy team keeps in a spreadsheet (`;`, UTF-8
with BOM, decimal commas).
"""

from __future__ import annotations

from collections import Counter
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.model import Building
from orchestration.demo_landlord.organisation import Organisation
from orchestration.demo_landlord.source_files import (
    DUPLICATE_ID,
    INVALID_CODE,
    OUT_OF_RANGE,
    SourceFormat,
)
from orchestration.demo_landlord.timeline import fr_decimal
from orchestration.demo_landlord.world import World

COLUMNS = ("indicator_code", "indicator_label", "territory_level", "territory_code", "year",
           "target", "target_type", "unit", "origin", "source_document")


def _damage(cls: str, r: list[str], rng: Random):
    if cls == INVALID_CODE:
        choice = rng.randrange(3)
        if choice == 0:
            r[7] = "%" if r[7] == "pourcentage" else "nb"
            return "unit", r[7]
        if choice == 1:
            r[6] = "minimum" if r[6] == "plancher" else "maximum"
            return "target_type", r[6]
        r[0] = r[0].replace("-", " ")
        return "indicator_code", r[0]
    if cls == OUT_OF_RANGE:
        r[4] = str(int(r[4]) + 200)
        return "year", r[4]
    return None


COMMITMENTS = SourceFormat(
    "commitments", "csv", COLUMNS, "indicator_code", (INVALID_CODE, OUT_OF_RANGE, DUPLICATE_ID),
    _damage, separator=";", encoding="utf-8", newline="\r\n", bom=True)


def commitment_rows(world: World, buildings: list[Building], org: Organisation) -> list[list[str]]:
    last = len(world.millesimes) - 1
    stock: Counter[str] = Counter()
    epcis: set[str] = set()
    for b in buildings:
        if b.first_t > last or b.exit_t <= last:
            continue
        owned = b.units_present(last) - b.units_leaving(last)
        dep = b.commune.departement
        stock[dep] += owned
        if b.commune.epci:
            epcis.add(b.commune.epci)
    first, years = cal.CUS_FIRST_YEAR, range(cal.CUS_FIRST_YEAR, cal.CUS_FIRST_YEAR + 6)
    cus = f"CUS {first}-{first + 5} signée avec l'État"
    internal = "Plan stratégique du patrimoine et de la qualité de service"
    rows: list[list[str]] = []

    def add(code: str, label: str, level: str, territory: str, year: int, target: float,
            kind: str, unit: str, origin: str, places: int = 1) -> None:
        rows.append([code, label, level, territory, str(year), fr_decimal(target, places), kind,
                     unit, origin, cus if origin == "CUS" else internal])

    for dep in sorted(stock):
        n = stock[dep]
        for i, year in enumerate(years):
            add("PP-1", "Logements ayant fait l'objet d'un dossier de financement agréé "
                "(PLAI, PLUS, PLS)", "departement", dep, year,
                max(1, round(n * cal.DELIVERY_RATE)), "plancher", "nombre", "CUS", 0)
            # the F and G stock renovated to A-E within FG_ELIMINATION_YEARS, then the rest
            fg_share = 100 / cal.FG_ELIMINATION_YEARS if i < cal.FG_ELIMINATION_YEARS \
                else cal.PP2_TARGET_AFTER_PCT
            add("PP-2", "Logements classés F ou G rénovés et classés A à E après travaux, "
                "rapportés aux logements F et G", "departement", dep, year, fg_share,
                "plancher", "pourcentage", "CUS")
            add("PP-3", "Logements réhabilités (opérations éligibles à un prêt de la Caisse des "
                "dépôts) rapportés au parc", "departement", dep, year,
                cal.PP3_TARGET_PCT + 0.1 * i, "plancher", "pourcentage", "CUS")
            add("PP-4", "Logements mis en commercialisation rapportés au parc", "departement",
                dep, year, cal.PP4_TARGET_PCT, "plancher", "pourcentage", "CUS")
            add("PS-2", "Attributions aux ménages DALO et prioritaires rapportées aux "
                "attributions", "departement", dep, year, 25.0, "plancher", "pourcentage",
                "CUS")
            add("SR-1", "Réclamations techniques traitées dans les délais (libellé non vérifié)",
                "departement", dep, year, cal.SR1_TARGET_PCT + i, "plancher", "pourcentage",
                "CUS")
            add("PP-5", "Mutations de locataires déjà logés rapportées aux attributions "
                "(optionnel)", "departement", dep, year, cal.PP5_TARGET_PCT, "plancher",
                "pourcentage", "CUS")
    for epci in sorted(epcis):
        for year in years:
            add("PS-1", "Attributions hors QPV aux demandeurs du premier quartile rapportées "
                "aux attributions hors QPV", "epci", epci, year, 25.0, "plancher",
                "pourcentage", "CUS")
    for i, year in enumerate(years):
        add("G-1", "Coût de gestion par logement, hors entretien et prélèvements",
            "organisme", world.landlord.ministry_number, year,
            cal.G1_TARGET_EUR - cal.G1_YEARLY_DECREASE_EUR * i, "plafond", "euros", "CUS", 0)
    territories = [("organisme", world.landlord.ministry_number)] + \
        [("direction", d.code) for d in org.directions]
    for level, code in territories:
        for i, year in enumerate(years):
            add("INT-ASC_PANNES_4H", "Pannes d'ascenseur de plus de 4 heures par ascenseur et "
                "par an", level, code, year,
                max(cal.INT_BREAKDOWNS_TARGET_FLOOR, cal.INT_BREAKDOWNS_TARGET - 0.1 * i),
                "plafond", "ratio", "interne")
            add("INT-SAT_PROPRETE", "Locataires satisfaits de la propreté des parties communes "
                "(note 7 à 10)", level, code, year, cal.INT_CLEANLINESS_TARGET + i, "plancher",
                "pourcentage", "interne")
            add("INT-SAT_GLOBALE", "Locataires globalement satisfaits (note 7 à 10)", level,
                code, year, cal.INT_OVERALL_SATISFACTION_TARGET, "plancher", "pourcentage",
                "interne")
            add("INT-RECLA_DELAI", "Réclamations traitées dans le délai de leur urgence", level,
                code, year, cal.INT_COMPLAINTS_IN_TIME_TARGET, "plancher", "pourcentage",
                "interne")
            add("INT-VACANCE", "Taux de vacance commerciale au 1er janvier", level, code, year,
                cal.INT_VACANCY_TARGET, "plafond", "pourcentage", "interne")
    return rows
