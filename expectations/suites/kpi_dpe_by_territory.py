"""What executives read on "Décarbonation du patrimoine" must hold before it is published.

Blocking: a failure means the dashboard would show wrong figures, so the publish stops.
"""

from __future__ import annotations

import great_expectations as gx

from expectations.grain import grain

TABLE = "marts.kpi_dpe_by_territory"
BLOCKING = True
DESCRIPTION = ("Étiquettes DPE par territoire : classes permises, passoires = F ou G, effectifs "
               "positifs, une ligne par millésime, commune et classe.")
DPE_CLASSES = ["A", "B", "C", "D", "E", "F", "G", "Sans DPE"]


def build_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    return gx.ExpectationSuite(
        name="kpi_dpe_by_territory",
        expectations=[
            e.ExpectTableColumnsToMatchSet(
                column_set=["millesime", "region_code", "region_name", "departement_code",
                            "departement_name", "epci_code", "epci_name", "commune_code",
                            "commune_name", "landlord_id", "dpe_class", "is_labelled", "is_passoire",
                            "dwellings", "direction_code", "direction_name"],
                exact_match=True,
            ),
            e.ExpectColumnValuesToBeInSet(column="dpe_class", value_set=DPE_CLASSES),
            e.ExpectColumnValuesToNotBeNull(column="commune_code"),
            e.ExpectColumnValuesToNotBeNull(column="departement_name"),
            e.ExpectColumnValuesToBeBetween(column="dwellings", min_value=1),
            e.ExpectColumnValuesToBeBetween(column="millesime", min_value=2011, max_value=2100),
            # one row per grain, as the model's dbt YAML declares it (config: meta: grain)
            e.ExpectCompoundColumnsToBeUnique(column_list=list(grain(TABLE))),
            # A passoire is F or G, and only "Sans DPE" is unlabelled.
            e.ExpectColumnPairValuesToBeInSet(
                column_A="dpe_class", column_B="is_passoire",
                value_pairs_set=[(c, c in ("F", "G")) for c in DPE_CLASSES],
            ),
            e.ExpectColumnPairValuesToBeInSet(
                column_A="dpe_class", column_B="is_labelled",
                value_pairs_set=[(c, c != "Sans DPE") for c in DPE_CLASSES],
            ),
        ],
    )
