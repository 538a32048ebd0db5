"""Satisfaction surveys as the survey institute delivers them: spreadsheets (sheet `reponses`,
one row per respondent and theme, scores 1-10, 7-10 = satisfied).

- The triennial survey of the HLM movement, in the autumn of the operating year: a share of the
  households then housed answer (TRIENNIAL_RESPONSE_RATE); those in collective buildings rate
  the cleanliness of the common areas, those who made a request in the year rate its handling.
  Each building has its own tendency (a well or badly kept building), so agencies differ.
- The survey after an intervention: some tenants are asked a few days after their complaint is
  closed; they are happier when it was handled within its deadline.
"""

from __future__ import annotations

import datetime as dt
from random import Random

from orchestration.demo_landlord import calibration as cal
from orchestration.demo_landlord.dwellings import DwellingFacts
from orchestration.demo_landlord.maintenance import Complaint
from orchestration.demo_landlord.model import Building
from orchestration.demo_landlord.sampling import draw, table
from orchestration.demo_landlord.source_files import (
    DUPLICATE_ID,
    IMPOSSIBLE_DATE,
    INVALID_CODE,
    MISSING_VALUE,
    OUT_OF_RANGE,
    SourceFormat,
    SpreadsheetParts,
)
from orchestration.demo_landlord.tenancy import Lease
from orchestration.demo_landlord.timeline import MINUTES_PER_DAY, date_of, day_number
from orchestration.demo_landlord.world import World

SATISFIED = table(cal.SATISFIED_SCORES)
UNSATISFIED = table(cal.UNSATISFIED_SCORES)
COLUMNS = ("survey", "respondent_id", "dwelling_id", "building_id", "theme", "score",
           "answered_on", "agence", "mode_collecte", "verbatim")


def _damage(cls: str, r: list, rng: Random):
    if cls == OUT_OF_RANGE:
        r[5] = rng.choice((11, 0, 12))
        return "score", str(r[5])
    if cls == INVALID_CODE:
        r[4] = rng.choice(("accueil", "Propreté", "gardien"))
        return "theme", r[4]
    if cls == IMPOSSIBLE_DATE:
        year = r[6].year if isinstance(r[6], dt.date) else 2025
        r[6] = rng.choice((f"31/09/{year}", f"31/11/{year}", f"30/02/{year}"))
        return "answered_on", r[6]
    if cls == MISSING_VALUE:
        r[2] = r[3] = None
        return "dwelling_id", ""
    return None


NOTICE = {"lisez-moi": [
    ["Enquête de satisfaction des locataires - livraison de l'institut"],
    ["Une ligne par répondant et par thème ; note de 1 à 10 (7 à 10 = satisfait)."],
    [("Feuille « reponses » : réponses individuelles ; les verbatims ne doivent pas être "
      "diffusés.")],
]}
TRIENNIAL = SourceFormat(
    "satisfaction", "xlsx", COLUMNS, "respondent_id",
    (OUT_OF_RANGE, INVALID_CODE, IMPOSSIBLE_DATE, MISSING_VALUE, DUPLICATE_ID), _damage,
    notes=NOTICE)
POST_INTERVENTION = SourceFormat(
    "satisfaction", "xlsx", COLUMNS, "respondent_id",
    (OUT_OF_RANGE, INVALID_CODE, IMPOSSIBLE_DATE, DUPLICATE_ID), _damage)


def score(rng: Random, satisfied_share: float) -> int:
    return draw(rng, SATISFIED if rng.random() < satisfied_share else UNSATISFIED)


class Surveys:
    def __init__(self, world: World, triennial: SpreadsheetParts | None,
                 post: SpreadsheetParts | None):
        self.world = world
        self.triennial = triennial
        self.post = post
        year = world.operating_year
        self.field_start = day_number(dt.date(year, *cal.TRIENNIAL_FIELDWORK[0]))
        self.field_end = day_number(dt.date(year, *cal.TRIENNIAL_FIELDWORK[1]))
        self.respondents = 0
        self.post_respondents = 0

    def building(self, b: Building, dwellings: list[DwellingFacts],
                 leases: dict[int, list[Lease]], complaints: list[Complaint]) -> None:
        rng = self.world.rng("surveys", b.serial)
        agency = self.world.organisation.agency(b)
        effect = {theme: rng.gauss(0.0, cal.BUILDING_SATISFACTION_SD)
                  for theme in cal.SATISFIED_SHARE}
        asked: dict[str, list[Complaint]] = {}
        for c in complaints:
            asked.setdefault(c.dwelling_id, []).append(c)
        for facts in dwellings:
            for lease in leases.get(facts.unit, ()):
                answer = self.field_start + rng.randrange(self.field_end - self.field_start)
                if not (lease.in_force(self.field_start) and lease.in_force(answer)):
                    continue
                if rng.random() >= cal.TRIENNIAL_RESPONSE_RATE:
                    continue
                self._triennial(rng, b, lease, answer, agency, effect,
                                asked.get(lease.dwelling_id, []))
        self._post_intervention(rng, b, complaints, agency)

    def _write(self, target: SpreadsheetParts | None, row: list) -> None:
        if target is not None:
            target.write(row)

    def _triennial(self, rng: Random, b: Building, lease: Lease, answer: int, agency: str,
                   effect: dict[str, float], complaints: list[Complaint]) -> None:
        self.respondents += 1
        respondent = f"ENQ{self.world.operating_year % 100:02d}-{self.respondents:07d}"
        themes = ["global", "logement", "quartier"]
        if b.typeconst == "C":
            themes.insert(1, "proprete_parties_communes")
        recent = [c for c in complaints if c.closed // MINUTES_PER_DAY < answer]
        if recent or rng.random() < cal.ANSWER_HANDLING_WITHOUT_REQUEST:
            themes.append("traitement_demandes")
        mode = "téléphone" if rng.random() < 0.7 else "internet"
        for theme in themes:
            share = cal.SATISFIED_SHARE[theme] + effect[theme]
            if theme == "traitement_demandes" and recent:
                late = sum(not c.within_deadline for c in recent) / len(recent)
                share -= cal.LATE_HANDLING_PENALTY * late
            value = score(rng, min(0.98, max(0.05, share)))
            verbatim = (rng.choice(cal.VERBATIMS[theme])
                        if rng.random() < cal.VERBATIM_SHARE else None)
            self._write(self.triennial, [
                "triennale", respondent, lease.dwelling_id, b.immeuble, theme, value,
                date_of(answer), agency, mode, verbatim])

    def _post_intervention(self, rng: Random, b: Building, complaints: list[Complaint],
                           agency: str) -> None:
        for c in complaints:
            if rng.random() >= cal.POST_INTERVENTION_SURVEYED:
                continue
            answer = c.closed // MINUTES_PER_DAY + rng.randint(2, 10)
            if answer >= self.world.cutoff_day or rng.random() >= cal.POST_INTERVENTION_RESPONSE:
                continue
            self.post_respondents += 1
            respondent = f"PI{self.world.operating_year % 100:02d}-{self.post_respondents:07d}"
            share = (cal.INTERVENTION_SATISFIED_WITHIN_DEADLINE if c.within_deadline
                     else cal.INTERVENTION_SATISFIED_LATE)
            themes = ["intervention"]
            if rng.random() < cal.POST_INTERVENTION_HANDLING_QUESTION:
                themes.append("traitement_demandes")
            for theme in themes:
                self._write(self.post, [
                    "post_intervention", respondent, c.dwelling_id, b.immeuble, theme,
                    score(rng, share - (0.05 if theme == "traitement_demandes" else 0.0)),
                    date_of(answer), agency, "SMS", None])
