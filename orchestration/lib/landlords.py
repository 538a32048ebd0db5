"""Whose rows a file holds: the landlord of every file of the inbox.

Landlords number their own dwellings, buildings, leases, tickets and elevators, so those
identifiers collide between the landlords of a federation's warehouse: every row must say whose
it is. The landlord of a file's rows comes, in this order, from
1. the file's own `landlord_id` column (the ministry number, 9 characters), row by row;
2. the nearest `bailleur.yml` in the file's folder or a parent folder inside the inbox, which
   says which landlord the folder's files belong to (one sub-folder per landlord);
3. the one landlord the warehouse and the inbox know of (RPLS headers, `bailleur.yml` files,
   files already loaded): an inbox of a single landlord needs no declaration at all.
When none of these tells, the file is set aside with a reason naming it: never guessed.

`bailleur.yml`, the one committed format of a landlord folder:

    landlord_id: "033HLM007"        # numéro ministériel (9 caractères, champ 2 de l'en-tête RPLS)
    name: Demo Habitat Gironde      # facultatif, pour les personnes qui lisent le dossier
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

DECLARATION = "bailleur.yml"
LANDLORD_PATTERN = "[0-9A-Z]{9}"
DECLARATION_KEYS = {"landlord_id", "name"}


class LandlordDeclarationError(ValueError):
    """A `bailleur.yml` that cannot be trusted: every file under it is set aside."""


@dataclass(frozen=True)
class Landlord:
    landlord_id: str
    name: str | None
    declared_in: Path


def valid_landlord_id(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(LANDLORD_PATTERN, value) is not None


def read_declaration(path: Path) -> Landlord:
    """The landlord a `bailleur.yml` declares; LandlordDeclarationError naming the file."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise LandlordDeclarationError(f"{path}: illisible ({error})") from error
    if not isinstance(spec, dict):
        raise LandlordDeclarationError(
            f"{path}: attendu « landlord_id: <numéro ministériel> » (et « name: » facultatif)")
    unknown = sorted(set(spec) - DECLARATION_KEYS)
    if unknown:
        raise LandlordDeclarationError(f"{path}: clé(s) inconnue(s) {', '.join(map(str, unknown))}"
                                       f" (attendu : {', '.join(sorted(DECLARATION_KEYS))})")
    landlord_id = spec.get("landlord_id")
    if isinstance(landlord_id, int):  # an unquoted all-digit number loses its leading zeros
        raise LandlordDeclarationError(
            f"{path}: landlord_id {landlord_id} doit être écrit entre guillemets "
            f"(9 caractères, par exemple \"033HLM007\")")
    if not valid_landlord_id(landlord_id):
        raise LandlordDeclarationError(
            f"{path}: landlord_id {landlord_id!r} n'est pas un numéro ministériel "
            f"(9 caractères, chiffres et majuscules : {LANDLORD_PATTERN})")
    name = spec.get("name")
    return Landlord(landlord_id, None if name is None else str(name), path)


def declaration_of(path: Path, inbox: Path) -> Path | None:
    """The nearest `bailleur.yml` from the file's folder up to the inbox itself."""
    inbox = inbox.resolve()
    folder = path.resolve().parent
    while True:
        candidate = folder / DECLARATION
        if candidate.is_file():
            return candidate
        if folder == inbox or inbox not in folder.parents:
            return None
        folder = folder.parent


def declarations(inbox: Path) -> list[Path]:
    return sorted(inbox.rglob(DECLARATION)) if inbox.is_dir() else []


@dataclass(frozen=True)
class FileLandlord:
    """What the inbox says of a file's landlord: `landlord_id` (None: the file's rows must carry
    their own), or `problem`, the French reason to set the file aside."""
    landlord_id: str | None
    origin: str
    problem: str | None = None
    #: said by a bailleur.yml: rows naming another landlord are then quarantined, and a file
    #: under an unreadable one is set aside
    declared: bool = False


def landlord_of_file(path: Path, inbox: Path, known: Iterable[str]) -> FileLandlord:
    """The landlord of the rows of `path` that do not name their own.

    `known`: the landlords of the warehouse and of the inbox (`known_landlords`). A file outside
    any landlord folder belongs to the only one of them, if there is exactly one."""
    declaration = declaration_of(path, inbox)
    if declaration is not None:
        try:
            landlord = read_declaration(declaration)
        except LandlordDeclarationError as error:
            return FileLandlord(None, str(declaration), f"{path.name} : bailleur inconnu, {error}",
                                declared=True)
        return FileLandlord(landlord.landlord_id, str(declaration), declared=True)
    known = sorted(set(known))
    if len(known) == 1:
        return FileLandlord(known[0], "seul bailleur de l'entrepôt")
    if not known:
        return FileLandlord(None, "aucun bailleur connu")
    return FileLandlord(
        None, f"{len(known)} bailleurs connus ({', '.join(known)})",
        f"{path.name} : plusieurs bailleurs dans l'entrepôt ({', '.join(known)}) et ni colonne "
        f"landlord_id ni fichier {DECLARATION} dans son dossier : le bailleur ne peut être "
        "déterminé")


def known_landlords(inbox: Path, in_warehouse: Iterable[str],
                    rpls_landlords: Iterable[str]) -> set[str]:
    """Every landlord the warehouse, the inbox's declarations and its RPLS headers name
    (unreadable declarations are reported where their files are routed, not here)."""
    known = {landlord for landlord in (*in_warehouse, *rpls_landlords)
             if valid_landlord_id(landlord)}
    for path in declarations(inbox):
        try:
            known.add(read_declaration(path).landlord_id)
        except LandlordDeclarationError:
            pass
    return known
