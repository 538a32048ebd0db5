"""The SQL that types a staged file's text columns and lists every broken rule, per contract.

Runs in DuckDB on a whole file at once. Parsing rules follow the contract README: decimal
comma or dot (spaces as thousands separators), French or ISO dates, Paris local time.
Reasons are in French: they are read by governance officers.

A value is typed only when its text holds the typed value exactly; anything else is
quarantined, never fixed. DuckDB's own casts are lenient (text '6.5' cast to INTEGER is 7,
'1e2' is 100, '0x10' is 16, '1_000' is 1000, 'nan' is a double, '03/02/24' is year 24): a
regular expression of the contract's spelling guards each cast. An integer may end in a
decimal mark and zeros ('12,0' is 12 exactly: exports write integer columns with gaps so);
'6,5' is quarantined, not rounded. Exponents are refused even when exact: a spreadsheet
writes numbers so after rounding them for display.
"""

from __future__ import annotations

from orchestration.lib.contracts import Column, Contract

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
NAIVE_TS_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S",
                    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
TZ_TS_FORMATS = ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z"]
#: thousands separators: space, no-break space, narrow no-break space (French typography)
THOUSANDS = " \u00a0\u202f"
_DIGITS = f"([0-9]+|[0-9]{{1,3}}([{THOUSANDS}][0-9]{{3}})+)"
#: a decimal as the contract writes it: sign, digits (separators between thousands only),
#: a comma or a dot and decimals
DECIMAL_RE = f"[+-]?({_DIGITS}([.,][0-9]*)?|[.,][0-9]+)"
#: an integer: the same with nothing but zeros after the decimal mark
INTEGER_RE = f"[+-]?{_DIGITS}([.,]0*)?"
SCIENTIFIC_RE = "[+-]?[0-9 .,]*[0-9][eE][+-]?[0-9]+"
#: every date spelling has a four-digit year (the formats below then settle the rest)
DATE_RE = ("[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
           "|[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}")
MONTH_RE = "[0-9]{1,2}[/-][0-9]{4}|[0-9]{4}[/-][0-9]{1,2}"
TIMESTAMP_RE = f"({DATE_RE})([ T].*)?"
#: dd/mm/yy and its kin: reported as such, since strptime reads '25' as the year 25
TWO_DIGIT_YEAR_RE = {
    "date": "[0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{2}",
    "month": "[0-9]{1,2}[/-][0-9]{2}",
    "timestamp": "[0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{2}[ T].*",
}
TRUE_WORDS = ("1", "oui", "o", "true", "vrai", "y", "yes")
FALSE_WORDS = ("0", "non", "n", "false", "faux", "no")


def q(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def _list(values) -> str:
    return "[" + ", ".join(q(v) for v in values) + "]"


def parse_expr(column: Column) -> str:
    """SQL turning the text value into the column's type; NULL when empty or unparseable."""
    v = f"nullif({column.name}, '')"
    match column.type:
        case "text" | "commune":
            return v
        case "code":
            cases = " ".join(f"when {q(c.upper())} then {q(c)}" for c in column.codes)
            return f"case upper({v}) {cases} end"
        case "integer":
            # the guard proves the fraction is zeros: dropping it rounds nothing
            return (f"case when regexp_full_match({v}, '[+-]?[0-9]+') "  # most values: fast
                    f"then try_cast({v} as integer) "
                    f"when regexp_full_match({v}, {q(INTEGER_RE)}) "
                    f"then try_cast(split_part({_plain_number(v)}, '.', 1) as integer) end")
        case "decimal":
            # 309 digits make an infinite double: no real value is that long
            return (f"case when length({v}) > 300 then null "
                    f"when regexp_full_match({v}, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)') "
                    f"then try_cast({v} as double) "
                    f"when regexp_full_match({v}, '[+-]?([0-9]+,?[0-9]*|,[0-9]+)') "
                    f"then try_cast(replace({v}, ',', '.') as double) "
                    f"when regexp_full_match({v}, {q(DECIMAL_RE)}) "
                    f"then try_cast({_plain_number(v)} as double) end")
        case "date":
            return _guarded(v, DATE_RE, f"cast(try_strptime({v}, {_list(DATE_FORMATS)}) as date)")
        case "month":
            return _guarded(v, MONTH_RE, f"cast(try_strptime('01/' || replace({v}, '-', '/'), "
                                         f"['%d/%m/%Y', '%d/%Y/%m']) as date)")
        case "timestamp":
            return _guarded(v, TIMESTAMP_RE, (
                f"coalesce(try_strptime({v}, {_list(NAIVE_TS_FORMATS)}), "
                # %z parsing rolls 30 February over to March: check the date part first
                f"case when try_strptime(left({v}, 10), '%Y-%m-%d') is not null then "
                f"timezone('Europe/Paris', try_strptime({v}, {_list(TZ_TS_FORMATS)})) end, "
                f"cast(try_strptime({v}, {_list(DATE_FORMATS)}) as timestamp))"))
        case "boolean":
            return (f"case when lower({v}) in ({', '.join(q(w) for w in TRUE_WORDS)}) then true "
                    f"when lower({v}) in ({', '.join(q(w) for w in FALSE_WORDS)}) then false end")
    raise ValueError(f"unknown column type {column.type}")


def _guarded(value: str, pattern: str, cast: str) -> str:
    """The cast, applied only to a text spelled as `pattern` says (NULL otherwise)."""
    return f"case when regexp_full_match({value}, {q(pattern)}) then {cast} end"


def _plain_number(value: str) -> str:
    """A number of the contract's spelling as DuckDB reads it: no separators, a dot."""
    for separator in THOUSANDS:
        value = f"replace({value}, {q(separator)}, '')"
    return f"replace({value}, ',', '.')"


TYPE_REASONS = {
    "code": "code inconnu",
    "integer": "nombre entier attendu",
    "decimal": "nombre attendu",
    "date": "date impossible ou illisible (attendu jj/mm/aaaa ou aaaa-mm-jj)",
    "month": "mois illisible (attendu mm/aaaa ou aaaa-mm)",
    "timestamp": "horodatage illisible (attendu jj/mm/aaaa hh:mm ou ISO 8601)",
    "boolean": "booléen attendu (oui/non, 1/0, true/false)",
}


def typed_select(contract: Contract, staged: str) -> str:
    """SELECT line_number and every contract column, typed."""
    cols = ", ".join(f"{parse_expr(c)} as {c.name}" for c in contract.columns)
    return f"select line_number, {cols} from {staged}"


def _literal_for(column: Column, value) -> str:
    if column.type in ("date", "month"):
        return f"date {q(value)}"
    if column.type == "timestamp":
        return f"timestamp {q(value)}"
    return str(value)


def _column_checks(column: Column) -> list[tuple[str, str]]:
    """(SQL condition on staged text `s` joined with typed `t`, reason) for one column."""
    raw, typed = f"s.{column.name}", f"t.{column.name}"
    checks = []
    if column.required:
        checks.append((f"{raw} = ''", "valeur obligatoire manquante"))
    if column.type in TYPE_REASONS:
        reason = TYPE_REASONS[column.type]
        if column.type == "code":
            reason = f"code inconnu (attendu : {', '.join(column.codes)})"
        unparsed = f"{raw} <> '' and {typed} is null"
        # named causes first, the type's reason for the rest (one reason per value)
        named = _named_type_errors(column, raw)
        checks += [(f"{unparsed} and {condition}", why) for condition, why in named]
        checks.append((" and not ".join([unparsed, *(f"({c})" for c, _ in named)]), reason))
    if column.type == "commune":
        checks.append((f"{raw} <> '' and {raw} not in (select code from reference.cog_communes)",
                       "code commune inconnu du Code officiel géographique"))
    if column.pattern:
        checks.append((f"{raw} <> '' and not regexp_full_match({raw}, {q(column.pattern)})",
                       f"format inattendu (attendu : {column.pattern})"))
    if column.min is not None:
        checks.append((f"{typed} < {_literal_for(column, column.min)}",
                       f"valeur inférieure au minimum {column.min}"))
    if column.max is not None:
        checks.append((f"{typed} > {_literal_for(column, column.max)}",
                       f"valeur supérieure au maximum {column.max}"))
    return checks


SCIENTIFIC_REASON = ("notation scientifique refusée : écrire le nombre en chiffres (un tableur "
                     "l'écrit ainsi après l'avoir arrondi pour l'affichage)")
FRACTION_REASON = ("nombre entier attendu : la valeur a une partie décimale (elle n'est jamais "
                   "arrondie)")
TWO_DIGIT_YEAR_REASON = ("année sur 4 chiffres attendue (une année sur 2 chiffres n'est pas "
                         "complétée)")


def _named_type_errors(column: Column, raw: str) -> list[tuple[str, str]]:
    """(condition, reason) for the unparseable values whose cause is worth saying: the ones
    DuckDB alone would have fixed. Conditions are exclusive of one another."""
    if column.type in ("integer", "decimal"):
        named = [(f"regexp_full_match({raw}, {q(SCIENTIFIC_RE)})", SCIENTIFIC_REASON)]
        if column.type == "integer":
            fraction = (f"regexp_full_match({raw}, {q(DECIMAL_RE)}) "
                        f"and not regexp_full_match({raw}, {q(INTEGER_RE)})")
            named.append((fraction, FRACTION_REASON))
        return named
    if column.type in TWO_DIGIT_YEAR_RE:
        return [(f"regexp_full_match({raw}, {q(TWO_DIGIT_YEAR_RE[column.type])})",
                 TWO_DIGIT_YEAR_REASON)]
    return []


def rejections_select(contract: Contract, staged: str, typed: str) -> str:
    """SELECT line_number, column_name, raw_value, reason for every broken rule: column
    checks, the contract's row rules, and repeated keys (all occurrences after the first)."""
    parts = []
    for column in contract.columns:
        for condition, reason in _column_checks(column):
            parts.append(
                f"select s.line_number, {q(column.name)} as column_name, "
                f"s.{column.name} as raw_value, {q(reason)} as reason "
                f"from {staged} s join {typed} t using (line_number) where {condition}"
            )
    for rule in contract.rules:
        parts.append(
            f"select s.line_number, {q(rule.column)}, s.{rule.column}, {q(rule.reason)} "
            f"from {staged} s join {typed} t using (line_number) "
            f"where coalesce({_qualify(rule.when_invalid, contract)}, false)"
        )
    key = ", ".join(contract.key)
    key_text = " || '|' || ".join(f"coalesce(cast({k} as varchar), '')" for k in contract.key)
    parts.append(
        f"select line_number, {q(contract.key[0])}, key_text, "
        f"'clé en double dans le fichier ({key}) : première occurrence ligne ' || first_line "
        f"from (select line_number, {key_text} as key_text, "
        f"min(line_number) over (partition by {key}) as first_line from {typed}) "
        f"where line_number > first_line"
    )
    return "\nunion all\n".join(parts)


def _qualify(condition: str, contract: Contract) -> str:
    """Row rules are written on bare column names: point them at the typed table."""
    import re

    names = sorted((c.name for c in contract.columns), key=len, reverse=True)
    pattern = r"\b(" + "|".join(map(re.escape, names)) + r")\b"
    return re.sub(pattern, r"t.\1", condition)
