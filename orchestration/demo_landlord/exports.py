"""The samples as a landlord's own tools export them: other headings, labels, dates, layouts.

The worked examples of the mapping layer (README, `data/exports/`): the same records
as the contract-layout samples of `data/samples/`, written as a ticketing tool, a management
system and a survey institute would write them, so that a test can prove that loading them
through their mapping files gives the same rows as loading the samples. Defective lines stay
defective (an impossible date stays impossible, a truncated line stays short, a broken byte
stays broken): every conversion below is of a value the tool would write, nothing is repaired.

    python -m orchestration.demo_landlord.exports --samples data/samples --out data/exports
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

TICKET_KINDS = {"reclamation": "Réclamation", "ordre_de_travail": "Ordre de travail"}
TICKET_CATEGORIES = {
    "ascenseur": "Ascenseur", "chauffage": "Chauffage / eau chaude", "plomberie": "Plomberie",
    "electricite": "Électricité", "menuiserie": "Menuiserie", "serrurerie": "Serrurerie",
    "parties_communes": "Parties communes", "proprete": "Propreté / ménage",
    "espaces_exterieurs": "Espaces verts et extérieurs", "nuisibles": "Nuisibles",
    "autre": "Autre"}
TICKET_URGENCIES = {"U1": "P1 - Urgence (4h)", "U2": "P2 - Prioritaire (24h)",
                    "U3": "P3 - Normale (5j ouvrés)"}
TICKET_STATUSES = {"ouverte": "Nouvelle", "en_cours": "En cours de traitement",
                   "close": "Clôturée", "annulee": "Annulée"}
TICKET_CHANNELS = {"telephone": "Téléphone", "web": "Site internet",
                   "application": "Appli mobile", "agence": "Accueil agence",
                   "gardien": "Gardien", "courrier": "Courrier", "email": "Courriel"}
TICKET_COLUMNS = [  # (the tool's heading, the contract's key in the JSON line, its labels)
    ("N° demande", "ticket_id", None), ("Nature", "kind", TICKET_KINDS),
    ("Code logement", "dwelling_id", None), ("Code immeuble", "building_id", None),
    ("Catégorie", "category", TICKET_CATEGORIES), ("Priorité", "urgency", TICKET_URGENCIES),
    ("Créée le", "opened_at", None), ("Clôturée le", "closed_at", None),
    ("État", "status", TICKET_STATUSES), ("Canal de réception", "channel", TICKET_CHANNELS),
    ("Demande d'origine", "parent_ticket_id", None),
    ("Demandeur", "declarant_nom", None), ("Tél. demandeur", "declarant_telephone", None),
    ("Prestataire", "entreprise", None)]
#: the ticketing tool writes Paris wall-clock time, to the minute
TICKET_TIME = "%d/%m/%Y %H:%M"

LEASE_COLUMNS = {  # contract-layout heading -> the management system's heading
    "Lease ID": "Référence bail", "Dwelling ID": "Code logement", "Household ID": "Réf. ménage",
    "Nom": "Nom locataire", "Prénom": "Prénom locataire", "Téléphone": "Tél. portable",
    "Email": "Adresse mail", "Start date": "Date d'entrée", "End date": "Date de sortie",
    "Monthly rent": "Loyer principal", "Monthly charges": "Provisions sur charges",
    "Type de bail": "Type de contrat"}
LEASE_DATE = "%d.%m.%Y"
LEASE_TITLE = ["Extraction des baux : tous les contrats, en cours et terminés", ""]

SURVEY_KINDS = {"triennale": "Enquête triennale", "post_intervention": "Après intervention"}
SURVEY_THEMES = {"global": "Satisfaction globale",
                 "proprete_parties_communes": "Propreté des parties communes",
                 "traitement_demandes": "Traitement des demandes", "logement": "Le logement",
                 "quartier": "Le quartier", "intervention": "L'intervention"}
SURVEY_COLUMNS = {"survey": "Vague", "respondent_id": "N° questionnaire",
                  "dwelling_id": "Logement", "building_id": "Résidence", "theme": "Question",
                  "score": "Note sur 10", "answered_on": "Date d'interview",
                  "agence": "Agence", "mode_collecte": "Mode de recueil",
                  "verbatim": "Commentaire du locataire"}
SURVEY_LABELS = {"survey": SURVEY_KINDS, "theme": SURVEY_THEMES}
SURVEY_SHEET = "Résultats"
SURVEY_TITLE = [["Baromètre de satisfaction des locataires : résultats détaillés"], []]


def _ticket_time(text: str | None) -> str | None:
    """An ISO timestamp (naive = Paris, or with its offset) as the tool writes it; an
    impossible one rearranged as it is, since the tool would show it so."""
    if not text:
        return text
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2})?.*", text)
        return f"{match[3]}/{match[2]}/{match[1]} {match[4]}:{match[5]}" if match else text
    if moment.tzinfo is not None:
        moment = moment.astimezone(PARIS).replace(tzinfo=None)
    if moment.second:
        raise ValueError(f"{text}: the ticketing tool writes minutes, not seconds")
    return moment.strftime(TICKET_TIME)


def tickets_csv(jsonl: Path) -> bytes:
    """The JSON Lines sample as the ticketing tool's CSV (`;`, UTF-8 with BOM, CRLF)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([heading for heading, _, _ in TICKET_COLUMNS])
    text = jsonl.read_bytes().decode("utf-8", errors="surrogateescape")
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # a truncated line: its fields up to the cut
            values = re.findall(r'"[a-z_]+": "([^"]*)"', line)
            writer.writerow(values[: len(TICKET_COLUMNS) - 2])
            continue
        row = []
        for _, key, labels in TICKET_COLUMNS:
            value = record.get(key)
            if key in ("opened_at", "closed_at"):
                value = _ticket_time(value)
            elif labels:
                value = labels.get(value, value)
            row.append("" if value is None else value)
        writer.writerow(row)
    return "\ufeff".encode() + out.getvalue().encode("utf-8", errors="surrogateescape")


def _lease_date(text: str) -> str:
    return re.sub(r"^(\d{2})/(\d{2})/(\d{4})$", r"\1.\2.\3", text)


def _lease_amount(text: str) -> str:
    """'1234,5' -> '1.234,50': the management system writes thousands with a dot."""
    match = re.fullmatch(r"(-?)(\d+),(\d+)", text)
    if not match:
        return text
    return f"{match[1]}{int(match[2]):,}".replace(",", ".") + f",{match[3]}"


def leases_csv(sample: Path) -> bytes:
    """The leases sample as the management system's CSV: title lines above the headings,
    its own headings, dates dd.mm.yyyy, amounts with thousands dots (`;`, Windows-1252)."""
    text = sample.read_bytes().decode("cp1252")
    lines = text.splitlines()
    header = lines[0].split(";")
    out = io.StringIO(newline="")
    for title in LEASE_TITLE:
        out.write(title + "\r\n")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([LEASE_COLUMNS.get(h, h) for h in header])
    for values in csv.reader(lines[1:], delimiter=";"):
        row = []
        for name, value in zip(header, values, strict=False):
            if name in ("Start date", "End date"):
                value = _lease_date(value)
            elif name in ("Monthly rent", "Monthly charges"):
                value = _lease_amount(value)
            row.append(value)
        writer.writerow(row)
    return out.getvalue().encode("cp1252")


def satisfaction_xlsx(sample: Path, out: Path) -> None:
    """The survey sample as the institute's workbook: a summary sheet first, then the answers
    under two title rows, with the institute's headings and labels."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(sample)).get_sheet_by_name("reponses").to_python()
    header = rows[0]
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Synthèse"
    summary.append(["Baromètre de satisfaction", "voir la feuille Résultats"])
    sheet = workbook.create_sheet(SURVEY_SHEET)
    for title in SURVEY_TITLE:
        sheet.append(title)
    sheet.append([SURVEY_COLUMNS.get(h, h) for h in header])
    for row in rows[1:]:
        cells = []
        for name, value in zip(header, row, strict=True):
            labels = SURVEY_LABELS.get(name)
            if labels and isinstance(value, str):
                value = labels.get(value, value)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            cells.append(None if value == "" else value)
        sheet.append(cells)
    for row in sheet.iter_rows(min_row=len(SURVEY_TITLE) + 2):  # dates shown as dates
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    workbook.properties.created = dt.datetime(2026, 1, 5)  # same bytes every time
    workbook.properties.modified = dt.datetime(2026, 1, 5)
    workbook.save(out)


def write_exports(samples: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "export_demandes_2025-12.csv", out / "export_contrats_location_2026.csv",
               out / "barometre_locataires_2025.xlsx"]
    written[0].write_bytes(tickets_csv(samples / "tickets" / "tickets_2025-12.jsonl"))
    written[1].write_bytes(leases_csv(samples / "leases" / "baux_2026.csv"))
    satisfaction_xlsx(samples / "satisfaction" / "enquete_satisfaction_2025.xlsx", written[2])
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=Path("data/samples"))
    parser.add_argument("--out", type=Path, default=Path("data/exports"))
    args = parser.parse_args(argv)
    for path in write_exports(args.samples, args.out):
        print(path)


if __name__ == "__main__":
    main()
