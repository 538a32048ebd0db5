"""Every figure the demo landlord is calibrated on, with where it comes from.

Figures marked [DOMAIN] come from `shared/DOMAIN.md` (public SDES / DREAL sources); [SOURCE]
from the real Val-d'Oise RPLS 2025 sample (`reference/rpls-val-d-oise-2025/SOURCE.md`);
[assumption] are plausible orders of magnitude chosen for the demo, not statistics: change
them freely, nothing downstream depends on their exact value.
"""

from __future__ import annotations

# --- DPE ---------------------------------------------------------------------------------

DPE_CLASSES = ("A", "B", "C", "D", "E", "F", "G")

# [SOURCE] DPEENERGIE counts of the Val-d'Oise social stock at 1/1/2025 (DOMAIN §6 gives the
# same mix in percent): the labelled mix of the first millésime is drawn to these proportions.
VAL_DOISE_DPE_COUNTS = {
    "A": 1_784, "B": 12_739, "C": 45_715, "D": 44_507, "E": 13_589, "F": 3_040, "G": 530,
}
VAL_DOISE_UNLABELLED = 10_124
VAL_DOISE_DWELLINGS = 132_028
_LABELLED = sum(VAL_DOISE_DPE_COUNTS.values())
DPE_CLASS_SHARES = tuple(VAL_DOISE_DPE_COUNTS[c] / _LABELLED for c in DPE_CLASSES)

# [DOMAIN §3] about 12 % of social dwellings have no DPE label (2025).
UNLABELLED_SHARE = 0.12
# [assumption] share of labelled buildings whose latest DPE predates the July 2021 method.
OLD_METHOD_DPE_SHARE = 0.30
OLD_METHOD_FIRST_MONTH = (2013, 1)  # oldest DPE date drawn
NEW_METHOD_FIRST_MONTH = (2021, 7)  # DPE 3CL-2021 (DOMAIN §3)

# [assumption] new buildings (RE2020 / RT2012) are delivered with a good label.
NEW_BUILD_CLASS_SHARES = {"A": 0.30, "B": 0.60, "C": 0.10}

# [assumption] heating energy mix and how many classes the GES label sits from the energy
# label (electricity and heat networks emit little, fuel oil a lot): "consistent-ish" GES.
HEATING_MIX = {
    "gaz_collectif": 0.34, "gaz_individuel": 0.24, "electrique": 0.20,
    "reseau_chaleur": 0.13, "pompe_a_chaleur": 0.04, "fioul": 0.03, "bois": 0.02,
}
GES_OFFSETS = {  # heating -> (offset, weight) choices
    "gaz_collectif": ((0, 0.55), (1, 0.35), (-1, 0.10)),
    "gaz_individuel": ((0, 0.55), (1, 0.35), (-1, 0.10)),
    "electrique": ((-3, 0.45), (-2, 0.40), (-4, 0.15)),
    "reseau_chaleur": ((-1, 0.50), (-2, 0.40), (0, 0.10)),
    "pompe_a_chaleur": ((-3, 0.50), (-2, 0.50)),
    "fioul": ((1, 0.50), (0, 0.35), (2, 0.15)),
    "bois": ((-3, 0.60), (-4, 0.40)),
}

# --- Occupancy (MODE, BAIL, REMLOCDATE) --------------------------------------------------

# [DOMAIN §6] SDES at 1/1/2019: vacancy 2.9 % (MODE 2 / MODE 1+2), vacancy > 3 months 1.4 %,
# mobility 9.3 %. [brief] technical vacancy (MODE 3 / all) about 1.5 %.
VACANCY_RATE = 0.029
LONG_VACANCY_RATE = 0.014
MOBILITY_RATE = 0.093
TECHNICAL_VACANCY_RATE = 0.015
# [assumption] dwellings lent to an association (MODE 4) and caretaker lodges, professional
# leases... (MODE 5): a little of each, stable from one year to the next.
ASSOCIATION_SHARE = 0.006
OTHER_OCCUPANCY_SHARE = 0.004

# Renewal process that reproduces the rates above (tuned by simulation; at 1 M dwellings the
# files show vacancy 2.9-3.0 %, > 3 months 1.4 %, MODE 3 1.4-1.5 %, mobility 9.2-9.3 %, checked
# in tests/demo_landlord/test_demo_landlord_calibration.py). Tenants leave at a constant
# hazard; after a departure the dwelling either goes through works (MODE 3) or straight back
# on the market; vacancies are mostly short (one or two months), some last many months.
DEPARTURE_RATE_PER_YEAR = 0.094
WORKS_AFTER_DEPARTURE = 0.18
WORKS_MONTHS = (4, 16)  # uniform, inclusive
SHORT_VACANCY_SHARE = 0.78
SHORT_VACANCY_MONTHS = (1, 2)
LONG_VACANCY_MIN_MONTHS = 3
LONG_VACANCY_MEAN_EXTRA_MONTHS = 9.0
VACANCY_CAP_MONTHS = 30
BURN_IN_MONTHS = 48
# [assumption] share of a building to be demolished already emptied at the millésime before.
EMPTIED_BEFORE_DEMOLITION = 0.85

# --- Stock structure ---------------------------------------------------------------------

# [assumption, orders of magnitude of the national RPLS] construction periods (dwelling
# shares) of collective stock; individual houses are younger.
COLLECTIVE_PERIODS = (
    ((1900, 1948), 0.05), ((1949, 1976), 0.38), ((1977, 1988), 0.16),
    ((1989, 2000), 0.12), ((2001, 2012), 0.13), ((2013, None), 0.16),
)
INDIVIDUAL_PERIODS = (
    ((1920, 1948), 0.02), ((1949, 1976), 0.10), ((1977, 1988), 0.25),
    ((1989, 2000), 0.20), ((2001, 2012), 0.20), ((2013, None), 0.23),
)
# [assumption] individual houses are about 15 % of social dwellings.
INDIVIDUAL_SHARE = 0.15
# Collective buildings of 10-120 dwellings: (low, mode, high) of a triangular draw per period.
COLLECTIVE_SIZE = {1948: (10, 20, 40), 1976: (20, 60, 120), 1988: (12, 30, 80)}
COLLECTIVE_SIZE_RECENT = (10, 22, 60)
INDIVIDUAL_PROGRAMME_SIZE = (1, 6, 25)  # houses per programme (lotissement)

# [assumption] rooms (NBPIECE) mix and mean living area per room count.
ROOMS_COLLECTIVE = {1: 0.09, 2: 0.22, 3: 0.36, 4: 0.25, 5: 0.07, 6: 0.01}
ROOMS_INDIVIDUAL = {2: 0.05, 3: 0.30, 4: 0.45, 5: 0.17, 6: 0.03}
ROOMS_STUDENT = {1: 0.90, 2: 0.10}  # TYPECONST E (student residences, Val-d'Oise sample)
STUDENT_SURFACE_FACTOR = 0.65
SURFACE_BY_ROOMS = {1: 31, 2: 47, 3: 65, 4: 80, 5: 94, 6: 108}

# [assumption] right of the landlord on the dwelling (DROIT).
DROIT_MIX = {"1": 0.96, "3": 0.02, "5": 0.01, "2": 0.005, "4": 0.005}
# [assumption] ORIGINE: VEFA for part of recent collective programmes; acquisitions.
VEFA_SHARE_SINCE_2008 = 0.40
ACQUISITION_WITH_WORKS_SHARE = 0.05   # old private building bought and rehabilitated
TRANSFER_FROM_OTHER_LANDLORD_SHARE = 0.07  # acquisition without works (LOCAT < PATRIMOINE)

# [arrêté 5/1/2010 pos.32 + assumption on the mix] FINAN by financing period (year of first
# letting in the social stock): codes 50-55/99 before 1977, 10-17/49 from 1977.
FINAN_MIX = (
    (1948, {"50": 0.70, "52": 0.15, "99": 0.15}),
    (1976, {"52": 0.72, "51": 0.08, "53": 0.07, "54": 0.03, "55": 0.04, "99": 0.06}),
    (1986, {"12": 0.72, "11": 0.05, "14": 0.07, "15": 0.04, "17": 0.05, "49": 0.07}),
    (1999, {"12": 0.52, "11": 0.16, "10": 0.10, "14": 0.09, "16": 0.06, "49": 0.07}),
    (9999, {"13": 0.55, "10": 0.27, "14": 0.14, "16": 0.02, "49": 0.02}),
)
# Programmes financed from 2000 mix PLUS / PLAI / PLS inside one building.
MIXED_FINANCING_FROM = 2000
FINAN_OTHER_LABELS = {"49": "PRET BANCAIRE LIBRE", "99": "PRET CAISSE DES DEPOTS HORS AIDE"}
# CUS resource ceiling (pos.47) from FINAN.
CUS_BY_FINAN = {
    "10": "11", "11": "11", "12": "13", "13": "13", "15": "13", "17": "13", "49": "13",
    "50": "13", "51": "13", "52": "13", "55": "13", "99": "13",
    "14": "14", "53": "14", "16": "16", "54": "16",
}
# [assumption] share of dwellings conventionné APL (CONV=1) per FINAN.
CONVENTIONED_SHARE = {
    "10": 1.0, "11": 1.0, "12": 0.98, "13": 1.0, "14": 0.95, "15": 0.5, "16": 0.0,
    "17": 0.5, "49": 0.2, "50": 0.85, "51": 0.85, "52": 0.9, "53": 0.3, "54": 0.1,
    "55": 0.7, "99": 0.6,
}

# [assumption] January rent per m² of living area at 1/1/2024 (€/month) per FINAN; SDES
# publishes a national average around 6 €/m² (SH) for the social stock.
RENT_PER_M2_2024 = {
    "10": 5.6, "11": 5.7, "12": 5.9, "13": 6.3, "14": 8.9, "15": 6.8, "16": 10.5, "17": 6.8,
    "49": 6.5, "50": 4.9, "51": 4.7, "52": 5.3, "53": 6.6, "54": 7.9, "55": 5.6, "99": 5.3,
}
RENT_BASE_YEAR = 2024
RENT_MAIN_EPCI_FACTOR = 1.06
RENT_OTHER_FACTOR = 0.96
# [unverified] yearly revaluation at 1 January (capped by the IRL of Q2 of the previous year:
# 3.5 % cap for 2023-2024, 3.26 % for 2025, 1.04 % for 2026); F and G dwellings are frozen
# since August 2022 (DOMAIN §3). Years not listed: 1.5 %.
RENT_REVALUATION = {2022: 0.0042, 2023: 0.035, 2024: 0.035, 2025: 0.0326, 2026: 0.0104}
RENT_DEFAULT_REVALUATION = 0.015

# [assumption] reservation holder (CONTINGENT, pos.63) of each dwelling.
CONTINGENT_MIX = {"7": 0.38, "3": 0.25, "2": 0.20, "4": 0.11, "1": 0.03, "5": 0.01, "6": 0.02}

# [assumption] QPV: old collective estates of large communes are often in a priority area.
QPV_MIN_POPULATION = 15_000
QPV_PROB_OLD_ESTATE = 0.45   # collective, built 1955-1985
QPV_PROB_OTHER_COLLECTIVE = 0.06
QPV_PROB_OTHER = 0.01

# Where the stock is: communes weighted by population ** exponent, the main EPCI boosted.
COLLECTIVE_POPULATION_EXPONENT = 1.25
INDIVIDUAL_POPULATION_EXPONENT = 0.8
MAIN_EPCI_BOOST = 2.0

# --- Events between millésimes (per year, share of the stock owned) ----------------------

# [assumption] ~10,000 sales a year for 5.4 M dwellings (about 0.2 %), mostly houses and a few
# collective buildings put on sale; ~0.15 % demolished; ~1.5 % delivered; ~1.2 % renovated.
SALES_RATE = 0.0025
SALES_FROM_HOUSES = 0.6
SALE_TO_OCCUPANT_IF_LET = 0.85  # SORTIEPATRIM 1 when let, else 3 (other sale)
DEMOLITION_RATE = 0.0015
DEMOLITION_MAX_BUILDING_SHARE = 0.004  # no single demolition above 0.4 % of the stock
DELIVERY_RATE = 0.015
RENOVATION_RATE = 0.012
RENOVATION_TARGETS = {"B": 0.25, "C": 0.50, "D": 0.25}
RENOVATION_WEIGHT = {"E": 1.0, "F": 4.0, "G": 6.0}
DPE_CAMPAIGN_SHARE = 0.20   # of unlabelled dwellings labelled each year
OLD_DPE_REDONE_SHARE = 0.12  # of pre-July-2021 DPE redone each year (same class)

# --- Defects -----------------------------------------------------------------------------

DEFECT_SHARE = 0.002  # of all dwelling lines written, all files together
