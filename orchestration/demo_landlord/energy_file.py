"""The DPE file, in the ADEME open-data layout (dpe03existant columns, `,`-separated UTF-8, ISO
dates, dot decimals, a few ADEME columns the contract does not know), completed with the
landlord's dwelling and building ids.

Every DPE date and label the RPLS shows has its DPE here: each time a building's DPE state
changes in the history (first label, campaign, renovation, old DPE redone) its labelled
dwellings get a new DPE dated in the RPLS DPEDATE month, replacing their previous one
(`numero_dpe_remplace`). Since July 2021 (3CL-2021) the label is the worse of the energy class
(primary energy, kWh/m²/yr) and the GES class (kgCO2e/m²/yr), with the small-surface grid for
dwellings under 40 m² from July 2024; older DPE used the 2006-2021 grid, whose label is the
energy class alone. A collectively heated building whose dwellings share one label may have
one building DPE (`immeuble`) standing for all of them.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.communes import REPO_ROOT, unknown_commune_code
from orchestration.demo_landlord.dpe import NEW_METHOD_START
from orchestration.demo_landlord.dwellings import COLLECTIVE_HEATING, DwellingFacts
from orchestration.demo_landlord.model import Building
from orchestration.demo_landlord.occupancy import month_index
from orchestration.demo_landlord.rpls_writer import COLUMN_INDEX as I
from orchestration.demo_landlord.sampling import draw, table
from orchestration.demo_landlord.source_files import (
    BROKEN_ENCODING,
    DUPLICATE_ID,
    IMPOSSIBLE_DATE,
    INVALID_CODE,
    OUT_OF_RANGE,
    UNKNOWN_COMMUNE,
    SourceFile,
    SourceFormat,
)
from orchestration.demo_landlord.tenancy import impossible_iso_date
from orchestration.demo_landlord.timeline import days_in_month, iso_date, month_start_day
from orchestration.demo_landlord.world import World

LETTERS = "ABCDEFG"
SMALL_SURFACE_LIMITS = REPO_ROOT / "data" / "reference" / "codes" / \
    "dpe_class_limits_small_surfaces.csv"
SMALL_SURFACE_FROM = month_index(2024, 7)
COLUMNS = (
    "numero_dpe", "date_etablissement_dpe", "date_visite_diagnostiqueur", "type_batiment",
    "id_logement_bailleur", "id_immeuble_bailleur", "surface_habitable_logement",
    "surface_habitable_immeuble", "etiquette_dpe", "etiquette_ges", "conso_5_usages_par_m2_ep",
    "conso_5_usages_par_m2_ef", "emission_ges_5_usages_par_m2",
    "type_energie_principale_chauffage", "indicateur_confort_ete", "code_insee_ban",
    "adresse_ban", "numero_dpe_remplace", "modele_dpe", "annee_construction",
)
C = {name: i for i, name in enumerate(COLUMNS)}
STREET_TYPES = {"RUE": "Rue", "AV": "Avenue", "ALL": "Allée", "CHE": "Chemin",
                "BD": "Boulevard", "IMP": "Impasse", "PL": "Place", "CRS": "Cours",
                "RTE": "Route", "SQ": "Square"}
_LOWER = {"DE", "DU", "DES", "LA", "LE", "LES", "ET", "AUX", "AU", "SUR", "EN"}
_ENERGY_SHIFT = table(cal.DPE_ENERGY_CLASS_BELOW_GES)
_COMFORT = ("insuffisant", "moyen", "bon")


def _grid(limits: tuple[float, ...], top: float) -> list[tuple[float, float]]:
    bounds = [0.0, *limits, top]
    return [(bounds[i], bounds[i + 1]) for i in range(7)]


NEW_EP = _grid(cal.DPE_EP_LIMITS, cal.DPE_EP_TOP)
NEW_GES = _grid(cal.DPE_GES_LIMITS, cal.DPE_GES_TOP)
OLD_EP = _grid(cal.OLD_DPE_EP_LIMITS, cal.DPE_EP_TOP)
OLD_GES = _grid(cal.OLD_DPE_GES_LIMITS, cal.DPE_GES_TOP)


@lru_cache(maxsize=1)
def small_surface_grids() -> dict[tuple[str, int], list[tuple[float, float]]]:
    """(indicator, surface m²) -> class bounds, below 400 m altitude (arrêté du 25 mars 2024)."""
    grids = {}
    with SMALL_SURFACE_LIMITS.open(encoding="utf-8", newline="") as f:
        next(f)  # provenance comment line
        for row in csv.DictReader(f):
            if row["classe_altitude"] != "inférieur à 400m":
                continue
            limits = tuple(float(row[f"{c}_max"]) for c in "ABCDEF")
            top = cal.DPE_EP_TOP if row["indicator"].startswith("ep") else cal.DPE_GES_TOP
            indicator = "ep" if row["indicator"].startswith("ep") else "ges"
            grids[(indicator, int(row["surface_habitable_m2"]))] = _grid(limits, top * 1.3)
    return grids


def grids_for(month: int, surface: float) -> tuple[list, list]:
    """(primary energy, GES) class bounds that apply to a DPE of that month and surface."""
    if month < NEW_METHOD_START:
        return OLD_EP, OLD_GES
    if month >= SMALL_SURFACE_FROM and surface < 40:
        grids = small_surface_grids()
        key = max(3, int(surface))
        return grids[("ep", key)], grids[("ges", key)]
    return NEW_EP, NEW_GES


def class_of(value: float, grid: list[tuple[float, float]]) -> int:
    """Class index of a value: the first class whose upper bound it does not exceed (values are
    drawn away from the bounds, so ≤ and < agree)."""
    for i, (_, high) in enumerate(grid[:6]):
        if value <= high:
            return i
    return 6


def draw_value(rng: Random, grid: list[tuple[float, float]], cls: int) -> float:
    low, high = grid[cls]
    margin = min(1.0, (high - low) / 10)
    return round(rng.uniform(low + margin, high - margin), 1)


def street_ban(typvoie: str, nomvoie: str) -> str:
    words = []
    for i, word in enumerate(nomvoie.split()):
        if "'" in word:
            head, _, tail = word.partition("'")
            words.append(head.lower() + "'" + tail.capitalize())
        elif word in _LOWER:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return f"{STREET_TYPES.get(typvoie, typvoie.capitalize())} {' '.join(words)}"


def address_ban(line: list[str]) -> str:
    number = line[I["numvoie"]] + {"B": " bis", "T": " ter"}.get(line[I["indrep"]], "")
    street = street_ban(line[I["typvoie"]], line[I["nomvoie"]])
    return f"{number} {street} {line[I['codepostal']]} {line[I['libcom']]}".strip()


def dpe_number(year: int, departement: str, serial: int, old: bool) -> str:
    """13 characters like ADEME numbers: year, département, E (V before 2021), sequence,
    check letter."""
    letter = "ABCDEFGHJKLMNPQRSTUVWXYZ"[serial % 24]
    return f"{year % 100:02d}{departement[:2]}{'V' if old else 'E'}{serial % 10**7:07d}{letter}"


def _damage(cls: str, r: list[str], rng: Random):
    if cls == UNKNOWN_COMMUNE:
        r[C["code_insee_ban"]] = unknown_commune_code(r[C["code_insee_ban"]][:2])
        return "code_insee_ban", r[C["code_insee_ban"]]
    if cls == IMPOSSIBLE_DATE:
        r[C["date_etablissement_dpe"]] = impossible_iso_date(rng, r[C["date_etablissement_dpe"]])
        return "date_etablissement_dpe", r[C["date_etablissement_dpe"]]
    if cls == INVALID_CODE:
        r[C["etiquette_dpe"]] = rng.choice("HX")
        return "etiquette_dpe", r[C["etiquette_dpe"]]
    if cls == OUT_OF_RANGE:
        if rng.random() < 0.5:
            r[C["conso_5_usages_par_m2_ep"]] = "-" + r[C["conso_5_usages_par_m2_ep"]]
            return "conso_5_usages_par_m2_ep", r[C["conso_5_usages_par_m2_ep"]]
        r[C["emission_ges_5_usages_par_m2"]] = f"{rng.uniform(520, 900):.1f}"
        return "emission_ges_5_usages_par_m2", r[C["emission_ges_5_usages_par_m2"]]
    if cls == BROKEN_ENCODING:
        for name in ("adresse_ban", "type_energie_principale_chauffage", "modele_dpe"):
            if not r[C[name]].isascii():
                return name, r[C[name]]
        return None
    return None


DPE = SourceFormat(
    "dpe", "csv", COLUMNS, "numero_dpe",
    (UNKNOWN_COMMUNE, IMPOSSIBLE_DATE, INVALID_CODE, OUT_OF_RANGE, DUPLICATE_ID, BROKEN_ENCODING),
    _damage, separator=",", encoding="utf-8", newline="\n")


class DpeFile:
    """Writes the DPE of each building as it comes."""

    def __init__(self, world: World, file: SourceFile | None):
        self.world = world
        self.file = file
        self.serials: dict[tuple[int, str], int] = {}
        self.dwelling_dpe = 0
        self.building_dpe = 0

    def _number(self, month: int, departement: str) -> str:
        year = month // 12
        key = (year, departement[:2])
        self.serials[key] = self.serials.get(key, 0) + 1
        return dpe_number(year, departement, self.serials[key] * 7 + 12_345,
                          month < NEW_METHOD_START)

    def building(self, b: Building, dwellings: list[DwellingFacts]) -> None:
        if self.file is None:
            return
        rng = self.world.rng("dpe-file", b.serial)
        building_dpe = (b.typeconst == "C" and b.heating in COLLECTIVE_HEATING
                        and rng.random() < cal.BUILDING_DPE_SHARE)
        comfort_base = rng.random()
        lines = [dict(f.lines) for f in dwellings]
        latest: dict[int, str] = {}
        building_latest = ""
        previous = None
        for t in range(len(self.world.millesimes)):
            state = b.dpe[t] if t < len(b.dpe) else None
            if state is None or state is previous:
                continue
            previous = state
            present = [(f, lines[i][t]) for i, f in enumerate(dwellings)
                       if t in lines[i] and lines[i][t][I["sortiepatrim"]] == "9"]
            labelled = [(f, line) for f, line in present if line[I["dpeenergie"]]]
            if state.month < 0 or not labelled:
                continue
            month = state.month
            day = month_start_day(month) + rng.randrange(days_in_month(month))
            labels = {(line[I["dpeenergie"]], line[I["dpeserre"]]) for _, line in labelled}
            if (building_dpe and month >= NEW_METHOD_START and len(labels) == 1
                    and len(labelled) == len(present)):
                number = self._number(month, b.commune.code)
                self._write_building(b, labelled, month, day, number, building_latest, rng,
                                     comfort_base)
                building_latest = number
                for f, _ in labelled:
                    latest[f.unit] = number
                continue
            for f, line in labelled:
                dwelling_day = day if building_dpe else \
                    month_start_day(month) + rng.randrange(days_in_month(month))
                number = self._number(month, b.commune.code)
                self._write_dwelling(b, f, line, month, dwelling_day, number,
                                     latest.get(f.unit, ""), rng, comfort_base)
                latest[f.unit] = number

    def _values(self, b: Building, label: str, ges: str, month: int, surface: float,
                rng: Random) -> tuple[float, float, float]:
        """(primary energy, final energy, GES) per m² giving exactly these classes."""
        ep_grid, ges_grid = grids_for(month, surface)
        label_i, ges_i = LETTERS.index(label), LETTERS.index(ges)
        energy_i = label_i
        if month >= NEW_METHOD_START and ges_i == label_i:
            energy_i = max(0, label_i - draw(rng, _ENERGY_SHIFT))  # the GES class decides
        ep = draw_value(rng, ep_grid, energy_i)
        ghg = draw_value(rng, ges_grid, ges_i)
        factor = rng.uniform(*cal.EP_TO_EF_ELECTRIC) if b.heating in (
            "electrique", "pompe_a_chaleur") else rng.uniform(*cal.EP_TO_EF_OTHER)
        return ep, round(ep / factor, 1), ghg

    def _comfort(self, b: Building, rng: Random, base: float, top_floor: bool) -> str:
        risk = base * 0.5 + rng.random() * 0.5
        if b.construct < 1975:
            risk += 0.15
        elif b.construct >= 2013:
            risk -= 0.2
        if top_floor:
            risk += 0.15
        return _COMFORT[0] if risk > 0.72 else _COMFORT[1] if risk > 0.38 else _COMFORT[2]

    def _write_dwelling(self, b: Building, f: DwellingFacts, line: list[str], month: int,
                        day: int, number: str, replaces: str, rng: Random,
                        comfort_base: float) -> None:
        surface = float(line[I["surfhab"]])
        ep, ef, ghg = self._values(b, line[I["dpeenergie"]], line[I["dpeserre"]], month,
                                   surface, rng)
        new = month >= NEW_METHOD_START
        top = bool(line[I["etage"]]) and b.units_per_floor and \
            int(line[I["etage"]]) == (min(b.n_units, b.units_per_stair) - 1) // b.units_per_floor
        self.dwelling_dpe += 1
        self.file.write([
            number, iso_date(day), iso_date(day - rng.randint(0, 20)),
            "maison" if b.typeconst == "I" else "appartement",
            line[I["ident_int"]], b.immeuble, f"{surface:.1f}", "",
            line[I["dpeenergie"]], line[I["dpeserre"]], f"{ep:.1f}", f"{ef:.1f}", f"{ghg:.1f}",
            cal.ADEME_HEATING_LABELS[b.heating],
            self._comfort(b, rng, comfort_base, bool(top)) if new else "",
            line[I["depcom"]], address_ban(line), replaces,
            ("DPE 3CL 2021 méthode logement" if new else "DPE 2012 méthode 3CL-DPE"),
            str(b.construct),
        ])

    def _write_building(self, b: Building, labelled: list[tuple[DwellingFacts, list[str]]],
                        month: int, day: int, number: str, replaces: str, rng: Random,
                        comfort_base: float) -> None:
        line = labelled[0][1]
        surface = sum(float(x[I["surfhab"]]) for _, x in labelled)
        ep, ef, ghg = self._values(b, line[I["dpeenergie"]], line[I["dpeserre"]], month,
                                   surface, rng)
        self.building_dpe += 1
        self.file.write([
            number, iso_date(day), iso_date(day - rng.randint(0, 30)), "immeuble", "",
            b.immeuble, "", f"{surface:.1f}", line[I["dpeenergie"]], line[I["dpeserre"]],
            f"{ep:.1f}", f"{ef:.1f}", f"{ghg:.1f}", cal.ADEME_HEATING_LABELS[b.heating],
            self._comfort(b, rng, comfort_base, False), line[I["depcom"]], address_ban(line),
            replaces, "DPE 3CL 2021 méthode immeuble", str(b.construct),
        ])


def dpe_file_name(world: World) -> str:
    first = cal.OLD_METHOD_FIRST_MONTH[0]
    return f"dpe_{first}-{world.cutoff_year - 1}.csv"

