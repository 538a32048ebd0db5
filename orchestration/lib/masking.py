"""Mask personal data in text kept for people to read: quarantined lines, check examples.

A quarantined line is kept so that it can be shown, fixed at the source and reloaded; it must
not keep a tenant's personal data with it (GDPR data minimisation), whatever its source says
of its columns. Two kinds of masking, both applied before anything is written:

- by pattern, in any text: e-mail addresses, French phone numbers (+33 / 0033 / 0X XX XX XX XX
  with spaces, dots or dashes) and French IBANs;
- by structure, where a line's fields can be told apart (split on the file's separator, or a
  JSON line's keys): the fields of the source's personal columns (the contract's forbidden and
  pseudonymised columns, and any column named like a direct identifier).

Names cannot be found by pattern: a surname is any word, and a street, a residence or a company
is named like a person. They are masked by structure only, in the columns that hold them.

The same patterns (`VALUE_PATTERNS`, DuckDB/RE2 syntax) are what the personal-data check looks
for, so a masked line never trips it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Sequence

import duckdb

# header names are matched the way the reader matches them
from orchestration.lib.tabular_reader import normalise_name

MASK = "<masqué>"
#: tokens of a column name that mark a direct identifier (nom, telephone, email...)
IDENTIFIER_TOKENS = {"nom", "prenom", "telephone", "tel", "email", "mail", "courriel", "iban",
                     "portable", "mobile", "phone", "firstname", "lastname", "surname"}

#: (kind, pattern core): plain regular expressions both Python and RE2 read alike
_CORES = (
    ("e-mail", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    ("téléphone", (r"(\+|00)33[ .-]?(\(0\)[ .-]?)?[1-9]([ .-]?[0-9]{2}){4}"
                   r"|0[1-9]([ .-][0-9]{2}){4}")),
    ("IBAN", r"FR[0-9]{2}( ?[0-9A-Z]{4}){5} ?[0-9A-Z]{3}"),
)
_BOUNDED = {"téléphone", "IBAN"}  # a phone or an IBAN is not part of a longer word or number
#: (kind, DuckDB regular expression): RE2 has no look-arounds, so the boundary is a character
VALUE_PATTERNS = tuple(
    (kind, f"(^|[^0-9A-Za-z])({core})($|[^0-9A-Za-z])" if kind in _BOUNDED else core)
    for kind, core in _CORES)
#: Python's engine backtracks: an e-mail may only start where its local part starts, or a long
#: run of letters without "@" would be tried from each of its characters (a 200,000-character
#: field took 75 s; linear with the look-behind)
_PYTHON_PATTERNS = tuple(
    (kind, re.compile(f"(?<![0-9A-Za-z])(?:{core})(?![0-9A-Za-z])" if kind in _BOUNDED
                      else f"(?<![A-Za-z0-9._%+-])(?:{core})"))
    for kind, core in _CORES)
#: "key": value in a JSON text, even one that does not parse (a truncated line, or single
#: quotes as a hand-made export writes them)
_JSON_PAIR = re.compile(r"""(["'])((?:\\.|(?!\1)[^\\])*)\1(\s*:\s*)"""
                        r"""((["'])(?:\\.|(?!\5)[^\\])*\5?|[^,}\]\s]+)""")


def identifier_column(name: str) -> bool:
    """A column named like a direct identifier (nom, prenom_locataire, tel_portable, email...)."""
    return any(t in IDENTIFIER_TOKENS for t in re.split(r"[^a-z0-9]+", name.lower()))


def mask_text(text: str | None) -> str | None:
    """Replace every e-mail, phone number and IBAN by `<kind masqué>`; other text unchanged."""
    if not text:
        return text
    for kind, pattern in _PYTHON_PATTERNS:
        text = pattern.sub(f"<{kind} masqué>", text)
    return text


def mask_line(text: str | None, *, separator: str | None = None,
              header: Sequence[str] = (), personal: Collection[str] = ()) -> str | None:
    """A raw source line with its personal fields and patterns masked.

    `header`: the file's column names; a field is personal when its normalised name is in
    `personal` or named like an identifier. A line with the header's field count has exactly
    those fields masked. A line with d fields too many (or too few) may have each field moved
    by 0 to d places (a stray separator, a missing field, anywhere before it), so every place
    a personal field can have moved to is masked. Without a separator (JSON Lines) the values
    of personal keys are masked. Patterns are masked in every case."""
    if not text:
        return text
    names = [normalise_name(h) for h in header]
    wanted = {i for i, n in enumerate(names) if n in personal or identifier_column(n)}
    if separator and wanted:
        text = _mask_fields(text, separator, len(names), wanted)
    elif separator is None and text.lstrip().startswith(("{", "[")):
        text = _JSON_PAIR.sub(lambda m: _mask_pair(m, personal), text)
    return mask_text(text)


def _mask_fields(text: str, separator: str, width: int, wanted: set[int]) -> str:
    fields = next(csv.reader([text], delimiter=separator), [])
    shift = len(fields) - width
    hidden = {p for i in wanted for p in range(min(i, i + shift), max(i, i + shift) + 1)}
    fields = [MASK if i in hidden and f.strip() else f for i, f in enumerate(fields)]
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="").writerow(fields)
    return out.getvalue()


def _mask_pair(match: re.Match, personal: Collection[str]) -> str:
    quote, name, colon = match.group(1), match.group(2), match.group(3)
    key = normalise_name(name)
    if key in personal or identifier_column(key):
        return f"{quote}{name}{quote}{colon}{json.dumps(MASK, ensure_ascii=False)}"
    return match.group(0)


def register(conn: duckdb.DuckDBPyConnection) -> None:
    """Make `mask_personal(varchar)` (= `mask_text`) callable in this connection's SQL, so the
    quarantine rows written by SQL are masked by the same function as the others."""
    exists = conn.execute("select count(*) from duckdb_functions() "
                          "where function_name = 'mask_personal'").fetchone()[0]
    if not exists:
        conn.create_function("mask_personal", mask_text, [duckdb.sqltype("VARCHAR")],
                             duckdb.sqltype("VARCHAR"), side_effects=False)


def matching_sql(column: str) -> str:
    """SQL true when the column holds anything the patterns find (what `mask_text` masks)."""
    quoted = f'"{column}"'
    return "(" + " or ".join(f"regexp_matches({quoted}, '{p}')" for _, p in VALUE_PATTERNS) + ")"
