"""The SQL that types a staged file's text columns and lists every broken rule, per contract.

Runs in DuckDB on a whole file at once. Parsing rules follow the contract README: decimal
comma or dot (spaces as thousands separators), French or ISO dates, Paris local time.
Reasons are in French: they are read by governance officers.
"""

from __future__ import annotations

from orchestration.lib.contracts import Column, Contract

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
NAIVE_TS_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S",
                    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
TZ_TS_FORMATS = ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z"]
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
            return f"try_cast(replace({v}, ' ', '') as integer)"
        case "decimal":
            cleaned = (f"replace(replace(replace(replace({v}, ' ', ''), chr(160), ''), "
                       f"chr(8239), ''), ',', '.')")
            return f"try_cast({cleaned} as double)"
        case "date":
            return f"cast(try_strptime({v}, {_list(DATE_FORMATS)}) as date)"
        case "month":
            return (f"cast(try_strptime('01/' || replace({v}, '-', '/'), "
                    f"['%d/%m/%Y', '%d/%Y/%m']) as date)")
        case "timestamp":
            return (f"coalesce(try_strptime({v}, {_list(NAIVE_TS_FORMATS)}), "
                    # %z parsing rolls 30 February over to March: check the date part first
                    f"case when try_strptime(left({v}, 10), '%Y-%m-%d') is not null then "
                    f"timezone('Europe/Paris', try_strptime({v}, {_list(TZ_TS_FORMATS)})) end, "
                    f"cast(try_strptime({v}, {_list(DATE_FORMATS)}) as timestamp))")
        case "boolean":
            return (f"case when lower({v}) in ({', '.join(q(w) for w in TRUE_WORDS)}) then true "
                    f"when lower({v}) in ({', '.join(q(w) for w in FALSE_WORDS)}) then false end")
    raise ValueError(f"unknown column type {column.type}")


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
        checks.append((f"{raw} <> '' and {typed} is null", reason))
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
