"""Row rules of the RPLS landlord file: each is a column, a SQL test for a bad value, a reason.

They run in DuckDB on the whole file at once (vectorised), so a million-line file is checked in
seconds. Reasons are in French: governance officers read them in the quality dashboard.
Code lists: data/reference/codes/rpls_code_lists.csv (arrêté du 5 janvier 2010, art. 3).
"""

from __future__ import annotations

from dataclasses import dataclass

FINAN_CODES = ("10", "11", "12", "13", "14", "15", "16", "17", "49",
               "50", "51", "52", "53", "54", "55", "99")


@dataclass(frozen=True)
class Rule:
    column: str
    invalid_when: str  # SQL boolean on the ingest table; the text {millesime} is replaced
    reason: str


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _month_year(column: str, min_year: int = 1900) -> str:
    """SQL: true when `column` is not a valid mm/yyyy between min_year and the millésime."""
    return (
        f"not regexp_full_match({column}, '(0[1-9]|1[0-2])/[0-9]{{4}}') "
        f"or cast(right({column}, 4) as integer) not between {min_year} and {{millesime}}"
    )


def _optional(column: str, invalid_when: str) -> str:
    return f"{column} <> '' and ({invalid_when})"


def _number(column: str) -> str:
    """SQL: the value as a number, decimal comma accepted; NULL when it is not a number."""
    return f"try_cast(replace({column}, ',', '.') as double)"


RULES: tuple[Rule, ...] = (
    Rule("ident_int", "ident_int = ''", "identifiant interne du logement manquant"),
    Rule("rpls_id", "rpls_id <> '' and length(rpls_id) <> 10",
         "identifiant RPLS : 10 caractères attendus"),
    Rule("depcom", "depcom not in (select code from reference.cog_communes)",
         "code commune inconnu du Code officiel géographique"),
    Rule("qpv", _optional("qpv", "qpv not in ('1', '2')"), "code QPV attendu : 1 ou 2"),
    Rule("typeconst", "typeconst not in ('C', 'I', 'E')",
         "type de construction attendu : C, I ou E"),
    Rule("nbpiece", "coalesce(try_cast(nbpiece as integer) not between 1 and 20, true)",
         "nombre de pièces attendu : entier de 1 à 20"),
    Rule("surfhab", f"coalesce({_number('surfhab')} not between 5 and 1000, true)",
         "surface habitable attendue : nombre de 5 à 1 000 m²"),
    Rule("construct",
         "coalesce(try_cast(construct as integer) not between 1600 and {millesime}, true)",
         "année de construction impossible (attendu aaaa, au plus l'année du millésime)"),
    Rule("finan", _optional("finan", f"finan not in {_in(FINAN_CODES)}"),
         "code de financement inconnu (liste FINAN)"),
    Rule("sortiepatrim", _optional("sortiepatrim", "sortiepatrim not in ('1','2','3','4','5','9')"),
         "motif de sortie du patrimoine inconnu (liste SORTIEPATRIM)"),
    Rule("mode", "mode not in ('1', '2', '3', '4', '5', '9')",
         "mode d'occupation inconnu (liste MODE)"),
    Rule("bail", _optional("bail", _month_year("bail")),
         "date de bail impossible (attendu mm/aaaa, au plus l'année du millésime)"),
    Rule("loyerprinc", _optional("loyerprinc", f"coalesce({_number('loyerprinc')} < 0, true)"),
         "loyer principal attendu : nombre positif (9999 = sans objet)"),
    Rule("dpedate", _optional("dpedate", _month_year("dpedate")),
         "date de DPE impossible (attendu mm/aaaa, 01/1900 = pas de DPE)"),
    Rule("dpeenergie", _optional("dpeenergie", "dpeenergie not in ('A','B','C','D','E','F','G')"),
         "étiquette énergie DPE invalide (attendu A à G ou vide)"),
    Rule("dpeserre", _optional("dpeserre", "dpeserre not in ('A','B','C','D','E','F','G')"),
         "étiquette GES DPE invalide (attendu A à G ou vide)"),
    Rule("dpeenergie", "dpeenergie <> '' and dpedate in ('', '01/1900')",
         "étiquette DPE présente sans date de DPE (DPEDATE vide ou 01/1900)"),
    Rule("remlocdate",
         _optional("remlocdate", "not regexp_full_match(remlocdate, "
                   "'((0[1-9]|[12][0-9]|3[01])/)?(0[1-9]|1[0-2])/(19|20)[0-9]{2}')"),
         "date de remise en location impossible (attendu jj/mm/aaaa ou mm/aaaa)"),
    Rule("contingent", _optional("contingent", "contingent not in ('1','2','3','4','5','6','7')"),
         "réservataire inconnu (liste CONTINGENT)"),
)


def rejections_sql(table: str, millesime: int) -> str:
    """One SELECT giving (line_number, column_name, raw_value, reason) for every broken rule,
    plus duplicates of an identifier within the file (every occurrence after the first)."""
    parts = [
        f"select line_number, '{r.column}' as column_name, {r.column} as raw_value, "
        f"'{r.reason.replace(chr(39), chr(39) * 2)}' as reason "
        f"from {table} where {r.invalid_when.replace('{millesime}', str(millesime))}"
        for r in RULES
    ]
    for column, label in (("ident_int", "identifiant interne"), ("rpls_id", "identifiant RPLS")):
        parts.append(
            f"select line_number, '{column}', {column}, "
            f"'{label} en double dans le fichier (première occurrence ligne ' "
            f"|| first_line || ')' from ("
            f"select line_number, {column}, min(line_number) over (partition by {column}) "
            f"as first_line from {table} where {column} <> '') where line_number > first_line"
        )
    return "\nunion all\n".join(parts)
