"""Row rules of the RPLS landlord file: each is a column, a SQL test for a bad value, a reason.

They run in DuckDB on the whole file at once (vectorised), so a million-line file is checked in
seconds. Reasons are in French: governance officers read them in the quality dashboard.
Code lists: data/reference/codes/rpls_code_lists.csv (arrêté du 5 janvier 2010, art. 3).
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.lib.rpls_layout import FINAN_CODES


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


def _integer(column: str) -> str:
    """SQL: the value as an integer when it is digits only, else NULL (DuckDB's cast alone
    rounds '3.5' to 4 and reads '1e3' or '0x10')."""
    return f"case when regexp_full_match({column}, '[0-9]+') then try_cast({column} as integer) end"


def _number(column: str, integer_digits: int) -> str:
    """SQL: the value as a number when it is digits with a decimal comma or dot and at most two
    decimals, else NULL. Staging keeps it as a decimal of two decimals, which would round a
    third one; DuckDB's cast alone also reads '1e3', 'nan' or 'inf'."""
    return (f"case when regexp_full_match({column}, "
            f"'[0-9]{{1,{integer_digits}}}([.,][0-9]{{1,2}})?') "
            f"then cast(replace({column}, ',', '.') as double) end")


def _year(column: str) -> str:
    """SQL: true when `column` is not a year yyyy between 1600 and the millésime."""
    return f"coalesce({_integer(column)} not between 1600 and {{millesime}}, true)"


def _day_or_month(column: str) -> str:
    """SQL: true when `column` is not a real dd/mm/yyyy or mm/yyyy of 19xx or 20xx (staging
    reads it with a cast that turns 31/02 into NULL)."""
    return (f"not regexp_full_match({column}, "
            f"'((0[1-9]|[12][0-9]|3[01])/)?(0[1-9]|1[0-2])/(19|20)[0-9]{{2}}') "
            f"or try_strptime(case when length({column}) = 7 then '01/' || {column} "
            f"else {column} end, '%d/%m/%Y') is null")


RULES: tuple[Rule, ...] = (
    Rule("ident_int", "ident_int = ''", "identifiant interne du logement manquant"),
    Rule("rpls_id", "rpls_id <> '' and length(rpls_id) <> 10",
         "identifiant RPLS : 10 caractères attendus"),
    Rule("depcom", "depcom not in (select code from reference.cog_communes)",
         "code commune inconnu du Code officiel géographique"),
    Rule("qpv", _optional("qpv", "qpv not in ('1', '2')"), "code QPV attendu : 1 ou 2"),
    Rule("typeconst", "typeconst not in ('C', 'I', 'E')",
         "type de construction attendu : C, I ou E"),
    Rule("nbpiece", f"coalesce({_integer('nbpiece')} not between 1 and 20, true)",
         "nombre de pièces attendu : entier de 1 à 20"),
    Rule("surfhab", f"coalesce({_number('surfhab', 6)} not between 5 and 1000, true)",
         "surface habitable attendue : nombre de 5 à 1 000 m², au plus 2 décimales"),
    Rule("construct", _year("construct"),
         "année de construction impossible (attendu aaaa, au plus l'année du millésime)"),
    Rule("locat", _optional("locat", _year("locat")),
         "année de première mise en location impossible (attendu aaaa, au plus l'année du "
         "millésime)"),
    Rule("finan", _optional("finan", f"finan not in {_in(FINAN_CODES)}"),
         "code de financement inconnu (liste FINAN)"),
    Rule("sortiepatrim", _optional("sortiepatrim", "sortiepatrim not in ('1','2','3','4','5','9')"),
         "motif de sortie du patrimoine inconnu (liste SORTIEPATRIM)"),
    Rule("mode", "mode not in ('1', '2', '3', '4', '5', '9')",
         "mode d'occupation inconnu (liste MODE)"),
    Rule("bail", _optional("bail", _month_year("bail")),
         "date de bail impossible (attendu mm/aaaa, au plus l'année du millésime)"),
    Rule("loyerprinc", _optional("loyerprinc", f"{_number('loyerprinc', 8)} is null"),
         "loyer principal attendu : nombre positif, au plus 2 décimales (9999 = sans objet)"),
    Rule("dpedate", _optional("dpedate", _month_year("dpedate")),
         "date de DPE impossible (attendu mm/aaaa, 01/1900 = pas de DPE)"),
    Rule("dpeenergie", _optional("dpeenergie", "dpeenergie not in ('A','B','C','D','E','F','G')"),
         "étiquette énergie DPE invalide (attendu A à G ou vide)"),
    Rule("dpeserre", _optional("dpeserre", "dpeserre not in ('A','B','C','D','E','F','G')"),
         "étiquette GES DPE invalide (attendu A à G ou vide)"),
    Rule("dpeenergie", "dpeenergie <> '' and dpedate in ('', '01/1900')",
         "étiquette DPE présente sans date de DPE (DPEDATE vide ou 01/1900)"),
    Rule("remlocdate", _optional("remlocdate", _day_or_month("remlocdate")),
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
