"""The RPLS landlord file layout (arrêté du 5 janvier 2010 as amended, art. 3, table 2).

The file has no column-name row: line 1 is a single landlord header line, then one
`;`-separated line of exactly 64 positions per dwelling. Positions marked `verified=True`
are the ones whose meaning and codes the arrêté and its official code lists settle; the names of the
others follow a reading of the arrêté's annex (a copy that may predate later amendments) and
are carried through as raw text, not interpreted downstream.
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = ";"
DWELLING_FIELD_COUNT = 64
HEADER_FIELD_COUNT = 12


@dataclass(frozen=True)
class Field:
    position: int
    name: str
    label: str
    verified: bool = True


HEADER_FIELDS: tuple[Field, ...] = (
    Field(1, "annee_enquete", "année de l'enquête (aaaa)"),
    Field(2, "numero_ministeriel", "numéro ministériel du bailleur (9 caractères)"),
    Field(3, "raison_sociale", "raison sociale"),
    Field(4, "nom_commercial", "nom commercial"),
    Field(5, "adresse_1", "adresse postale, ligne 1"),
    Field(6, "adresse_2", "adresse postale, ligne 2"),
    Field(7, "adresse_3", "adresse postale, ligne 3"),
    Field(8, "code_postal", "code postal"),
    Field(9, "commune", "commune"),
    Field(10, "siret", "SIRET (14 caractères)"),
    Field(11, "nombre_logements", "nombre d'enregistrements logement du fichier"),
    Field(12, "commentaire", "commentaires"),
)

DWELLING_FIELDS: tuple[Field, ...] = (
    Field(1, "rpls_id", "identifiant du logement dans le répertoire (10 caractères)"),
    Field(2, "ident_int", "identifiant interne du logement chez le bailleur"),
    Field(3, "droit", "droit réel du bailleur (code DROIT)"),
    Field(4, "depcom", "code INSEE de la commune (arrondissement pour Paris, Lyon, Marseille)"),
    Field(5, "codepostal", "code postal", False),
    Field(6, "libcom", "libellé de la commune", False),
    Field(7, "numvoie", "numéro dans la voie", False),
    Field(8, "indrep", "indice de répétition", False),
    Field(9, "typvoie", "type de voie", False),
    Field(10, "nomvoie", "nom de la voie", False),
    Field(11, "numappt", "numéro d'appartement", False),
    Field(12, "numboite", "numéro de boîte aux lettres", False),
    Field(13, "escalier", "escalier", False),
    Field(14, "couloir", "couloir", False),
    Field(15, "etage", "étage", False),
    Field(16, "complident", "complément d'identification du logement", False),
    Field(17, "entree", "entrée", False),
    Field(18, "immeuble", "identifiant de l'immeuble chez le bailleur", False),
    Field(19, "bat", "bâtiment", False),
    Field(20, "programme", "nom du programme / de la résidence", False),
    Field(21, "lieudit", "lieu-dit ou complément géographique", False),
    Field(22, "qpv", "en quartier prioritaire de la politique de la ville (1 oui, 2 non)"),
    Field(23, "typeconst", "type de construction (C collectif, I individuel, E étudiant)"),
    Field(24, "nbpiece", "nombre de pièces principales"),
    Field(25, "surfhab", "surface habitable (m²)"),
    Field(26, "construct", "année d'achèvement de la construction"),
    Field(27, "locat", "année de première mise en location"),
    Field(28, "patrimoine", "année d'entrée dans le patrimoine du bailleur"),
    Field(29, "origine", "mode d'entrée dans le patrimoine (code ORIGINE)"),
    Field(30, "prec_proprio_nom", "nom du précédent propriétaire", False),
    Field(31, "prec_proprio_siret", "SIRET du précédent propriétaire", False),
    Field(32, "finan", "financement initial (code FINAN)"),
    Field(33, "finanautre", "autre financement (libellé)", False),
    Field(34, "conv", "conventionnement APL (1 oui, 2 non)"),
    Field(35, "numconv", "numéro de la convention", False),
    Field(36, "datconv", "date de prise d'effet de la convention", False),
    Field(37, "sortiepatrim", "motif de sortie du patrimoine (9 toujours détenu)"),
    Field(38, "oldlogt", "motif de disparition du logement"),
    Field(39, "newlogt", "logement issu d'une fusion, d'un éclatement ou d'un changement d'usage"),
    Field(40, "mode", "mode d'occupation au 1er janvier (code MODE)"),
    Field(41, "bail", "date de prise d'effet du bail en cours (mm/aaaa)"),
    Field(42, "modesurf", "mode de surface retenu pour le loyer (code MODESURF)"),
    Field(43, "surfmode", "surface dans le mode retenu (m²)", False),
    Field(44, "loyerprinc", "loyer principal de janvier en euros (9999 sans objet)"),
    Field(45, "loyeracc", "loyers annexes en euros (999 sans objet)", False),
    Field(46, "contribloc", "contribution du locataire aux économies d'énergie (999 sans objet)", False),
    Field(47, "cus", "plafond de ressources CUS (code CUS)"),
    Field(48, "dpedate", "date du dernier DPE (mm/aaaa, 01/1900 = pas de DPE)"),
    Field(49, "dpeenergie", "classe énergie du DPE (A à G)"),
    Field(50, "dpeserre", "classe gaz à effet de serre du DPE (A à G)"),
    Field(51, "sru_expir", "année d'expiration de la convention APL (SRU)", False),
    Field(52, "sru_alinea", "alinéa d'affectation à l'inventaire SRU"),
    Field(53, "gestionnaire", "numéro ministériel de l'organisme gestionnaire", False),
    Field(54, "codsegpatrim", "code du segment de patrimoine CUS"),
    Field(55, "libsegpatrim", "libellé du segment de patrimoine CUS"),
    Field(56, "loyermaxapl", "loyer maximum de la convention APL", False),
    Field(57, "loyermaxcus", "loyer maximum CUS", False),
    Field(58, "typevente", "type de vente", False),
    Field(59, "misenvente", "logement mis en vente (oui/non)", False),
    Field(60, "prixvente", "prix de vente", False),
    Field(61, "produitvente", "produit net de la vente", False),
    Field(62, "remlocdate", "dernière date à laquelle le logement a pu être proposé à la location"),
    Field(63, "contingent", "réservataire du logement (code CONTINGENT)"),
    Field(64, "champ_64", "position 64 (non décrite par l'arrêté)", False),
)

DWELLING_COLUMNS: tuple[str, ...] = tuple(f.name for f in DWELLING_FIELDS)
HEADER_COLUMNS: tuple[str, ...] = tuple(f.name for f in HEADER_FIELDS)

assert len(DWELLING_FIELDS) == DWELLING_FIELD_COUNT
assert [f.position for f in DWELLING_FIELDS] == list(range(1, DWELLING_FIELD_COUNT + 1))
assert len(HEADER_FIELDS) == HEADER_FIELD_COUNT
