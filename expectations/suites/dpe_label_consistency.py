"""A DPE label is the worse of the energy and GES classes implied by its kWh/m² and kgCO2e/m².

Warning, not blocking: the label on file is the diagnostician's; altitude (E/F limits raised
above 800 m in H1b, H1c, H2d) and the small-surface grid (< 40 m² since July 2024) legitimately
move a few labels away from the main grid (arrêté du 31 mars 2021), so "mostly consistent" (95 %) is enough
and a drift is reported to the energy officer without stopping the publish. Pre-July-2021 DPE
(another grid) and DPE with a dwelling surface under 40 m² are not compared.
"""

from __future__ import annotations

import great_expectations as gx
import pandas as pd

TABLE = "raw.dpe"
BLOCKING = False
DESCRIPTION = ("Étiquette DPE cohérente avec ses kWh/m² et kgCO2e/m² (la pire des deux classes) "
               "pour au moins 95 % des DPE comparables.")
MOSTLY = 0.95
CLASSES = "ABCDEFG"
#: upper bounds per class, arrêté du 31 mars 2021 (main grid, mainland, below 800 m)
ENERGY_LIMITS = (70, 110, 180, 250, 330, 420)
GES_LIMITS = (6, 11, 30, 50, 70, 100)
GRID_START = pd.Timestamp("2021-07-01")
PREPARE_COLUMNS = ("date_etablissement_dpe", "surface_habitable_logement",
                   "conso_5_usages_par_m2_ep", "emission_ges_5_usages_par_m2")


def _class(value: float, limits: tuple[int, ...]) -> str | None:
    if value is None or pd.isna(value):
        return None
    for letter, limit in zip(CLASSES, limits):
        if value <= limit:
            return letter
    return "G"


def expected_label(energy: float, ges: float) -> str | None:
    e, g = _class(energy, ENERGY_LIMITS), _class(ges, GES_LIMITS)
    if e is None or g is None:
        return None
    return max(e, g)  # letters sort from best to worst


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    comparable = pd.to_datetime(df["date_etablissement_dpe"]) >= GRID_START
    if "surface_habitable_logement" in df:
        comparable &= ~(df["surface_habitable_logement"] < 40)
    labels = [expected_label(en, ge) if ok else None for en, ge, ok in zip(
        df["conso_5_usages_par_m2_ep"], df["emission_ges_5_usages_par_m2"], comparable)]
    df["etiquette_attendue"] = pd.Series(labels, index=df.index, dtype=object)
    return df


def build_suite() -> gx.ExpectationSuite:
    e = gx.expectations
    return gx.ExpectationSuite(
        name="dpe_label_consistency",
        expectations=[
            e.ExpectColumnPairValuesToBeEqual(
                column_A="etiquette_dpe", column_B="etiquette_attendue",
                ignore_row_if="either_value_is_missing", mostly=MOSTLY),
        ],
    )
