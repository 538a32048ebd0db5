"""Raw sources as the contracts describe them: one suite per contract, generated from its YAML.

Blocking: the contract is the promise every downstream model relies on (schema, unique key,
required values, allowed codes, ranges, formats). The loader already quarantines rows that
break it, so a failure here means the loader or the contract drifted: the publish stops.
The cross-field rule "a closed ticket closes after it opens" is also a contract rule (rows that
break it are quarantined), so it is blocking too, in the tickets suite.
"""

from __future__ import annotations

from datetime import date

import great_expectations as gx
import pandas as pd

from expectations.suites.spec import SuiteSpec
from orchestration.lib.contracts import Column, Contract, load_contracts

LINEAGE = ["_file_name", "_file_sha256", "_line_number", "_loaded_at", "_run_id"]
COMMUNE_REGEX = r"^[0-9][0-9AB][0-9]{3}$"

#: cross-field rules per source, on top of what the contract declares column by column
CROSS_FIELD = {
    "tickets": lambda e: [
        e.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="closed_at", column_B="opened_at", or_equal=True,
            ignore_row_if="either_value_is_missing"),
    ],
}


def _bound(column: Column, value):
    if value is None:
        return None
    if column.type in ("date", "month", "timestamp"):
        return pd.Timestamp(value if not isinstance(value, date) else value.isoformat())
    return value


def column_expectations(column: Column) -> list:
    e = gx.expectations
    out = []
    if column.required:
        out.append(e.ExpectColumnValuesToNotBeNull(column=column.name))
    if column.pseudonymise:  # values are keyed hashes: codes, formats and ranges do not apply
        return out
    if column.codes:
        out.append(e.ExpectColumnValuesToBeInSet(column=column.name, value_set=list(column.codes)))
    if column.min is not None or column.max is not None:
        out.append(e.ExpectColumnValuesToBeBetween(
            column=column.name, min_value=_bound(column, column.min),
            max_value=_bound(column, column.max)))
    if column.pattern:
        out.append(e.ExpectColumnValuesToMatchRegex(column=column.name,
                                                    regex=f"^(?:{column.pattern})$"))
    if column.type == "commune":
        out.append(e.ExpectColumnValuesToMatchRegex(column=column.name, regex=COMMUNE_REGEX))
    return out


def build_contract_suite(contract: Contract) -> gx.ExpectationSuite:
    e = gx.expectations
    expectations = [
        e.ExpectTableColumnsToMatchSet(
            column_set=[c.name for c in contract.columns] + LINEAGE, exact_match=True),
    ]
    if len(contract.key) == 1:
        expectations.append(e.ExpectColumnValuesToBeUnique(column=contract.key[0]))
    else:
        expectations.append(e.ExpectCompoundColumnsToBeUnique(column_list=list(contract.key)))
    for column in contract.columns:
        expectations.extend(column_expectations(column))
    expectations.extend(CROSS_FIELD.get(contract.source, lambda _: [])(e))
    return gx.ExpectationSuite(name=f"raw_{contract.source}", expectations=expectations)


def contract_spec(contract: Contract) -> SuiteSpec:
    return SuiteSpec(
        name=f"raw_{contract.source}",
        table=contract.raw_table,
        blocking=True,
        description=f"{contract.title} : conforme au contrat (schéma, clé unique, valeurs "
        "obligatoires, codes, bornes, formats).",
        build=lambda: build_contract_suite(contract),
    )


def specs() -> list[SuiteSpec]:
    return [contract_spec(c) for c in load_contracts().values()]
