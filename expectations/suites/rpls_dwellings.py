"""RPLS dwellings as loaded (raw.rpls_dwellings): the layout of the arrêté du 5 janvier 2010.

Blocking: every downstream model (stock, vacancy, DPE labels, territories) reads this table, and
the loader already quarantines the lines that break these rules (orchestration/defs/patrimony/
rules.py), so a failure means the loader or the layout drifted: the publish stops.
The raw table keeps every position as text (as deposited); `prepare` derives typed helper
columns (`_verif_…`) so ranges and the cross-field rules can be checked.
"""

from __future__ import annotations

import great_expectations as gx
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from orchestration.lib import rpls_layout
from orchestration.lib.rpls_layout import FINAN_CODES, LINEAGE_COLUMNS

TABLE = "raw.rpls_dwellings"
BLOCKING = True
DESCRIPTION = ("Logements RPLS chargés : conformes au format de l'arrêté du 5 janvier 2010 "
               "(schéma, clés, listes de codes, bornes, formats de dates, règles croisées).")
LINEAGE = [c.split()[0] for c in LINEAGE_COLUMNS]
DERIVED = ["_verif_rpls_id", "_verif_nbpiece", "_verif_surfhab", "_verif_construct"]
PREPARE_COLUMNS = ("rpls_id", "nbpiece", "surfhab", "construct")
#: one batch per millésime (each yearly file): both unique keys hold the millésime and every
#: other rule is row by row, so a batch at a time loses nothing and bounds the memory
BATCH_BY = "_millesime"
COMMUNE_REGEX = r"^[0-9][0-9AB][0-9]{3}$"
MONTH_YEAR = r"(?:0[1-9]|1[0-2])/(?:19|20)[0-9]{2}"
DPE_CLASSES = ["A", "B", "C", "D", "E", "F", "G"]
#: code lists (data/reference/codes/rpls_code_lists.csv); "" = position left empty
CODES = {
    "qpv": ["", "1", "2"],
    "typeconst": ["C", "I", "E"],
    "finan": ["", *FINAN_CODES],
    "sortiepatrim": ["", "1", "2", "3", "4", "5", "9"],
    "mode": ["1", "2", "3", "4", "5", "9"],
    "dpeenergie": ["", *DPE_CLASSES],
    "dpeserre": ["", *DPE_CLASSES],
    "contingent": ["", "1", "2", "3", "4", "5", "6", "7"],
}


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Typed helper columns: numbers read with a decimal comma, empty identifiers as missing."""
    df = df.copy()
    df["_verif_rpls_id"] = df["rpls_id"].replace("", None)
    df["_verif_nbpiece"] = pd.to_numeric(df["nbpiece"], errors="coerce")
    df["_verif_surfhab"] = pd.to_numeric(
        df["surfhab"].astype("string").str.replace(",", ".", regex=False), errors="coerce")
    df["_verif_construct"] = pd.to_numeric(df["construct"], errors="coerce")
    return df


def build_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    expectations = [
        e.ExpectTableColumnsToMatchSet(
            column_set=[*rpls_layout.DWELLING_COLUMNS, *LINEAGE, *DERIVED], exact_match=True),
        # one line per dwelling and millésime of a landlord (internal id and RPLS id)
        e.ExpectCompoundColumnsToBeUnique(column_list=["_landlord_id", "_millesime", "ident_int"]),
        e.ExpectCompoundColumnsToBeUnique(
            column_list=["_landlord_id", "_millesime", "_verif_rpls_id"],
            ignore_row_if="any_value_is_missing"),
        e.ExpectColumnValueLengthsToBeBetween(column="ident_int", min_value=1),
        e.ExpectColumnValuesToMatchRegex(column="rpls_id", regex=r"^(?:.{10})?$"),
        e.ExpectColumnValuesToMatchRegex(column="depcom", regex=COMMUNE_REGEX),
        *[e.ExpectColumnValuesToBeInSet(column=c, value_set=v) for c, v in CODES.items()],
        # ranges (the same bounds as the loader's rules)
        e.ExpectColumnValuesToBeBetween(column="_verif_nbpiece", min_value=1, max_value=20),
        e.ExpectColumnValuesToBeBetween(column="_verif_surfhab", min_value=5, max_value=1000),
        e.ExpectColumnValuesToBeBetween(column="_verif_construct", min_value=1600),
        *[e.ExpectColumnValuesToNotBeNull(column=c) for c in
          ("_verif_nbpiece", "_verif_surfhab", "_verif_construct", "_millesime")],
        # formats of the dates (mm/aaaa; remise en location jj/mm/aaaa or mm/aaaa)
        e.ExpectColumnValuesToMatchRegex(column="bail", regex=f"^(?:{MONTH_YEAR})?$"),
        e.ExpectColumnValuesToMatchRegex(column="dpedate", regex=f"^(?:{MONTH_YEAR})?$"),
        e.ExpectColumnValuesToMatchRegex(
            column="remlocdate", regex=f"^(?:(?:(?:0[1-9]|[12][0-9]|3[01])/)?{MONTH_YEAR})?$"),
        # cross-field: built no later than the millésime; a DPE label has a DPE date
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="_millesime", column_B="_verif_construct", or_equal=True,
            ignore_row_if="either_value_is_missing"),
        e.ExpectColumnValuesToNotBeInSet(
            column="dpedate", value_set=["", "01/1900"],
            row_condition=Column("dpeenergie") != ""),
    ]
    return gx.ExpectationSuite(name="raw_rpls_dwellings", expectations=expectations)
