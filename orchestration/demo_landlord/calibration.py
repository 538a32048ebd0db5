"""Every figure the demo landlord is calibrated on, with where it comes from.

Figures marked [DOMAIN] come from public sources named where they are used (legal texts, SDES
statistics on the RPLS, USH and CLCV studies); [SOURCE] from the real Val-d'Oise RPLS 2025
sample (`data/reference/rpls-val-d-oise-2025/SOURCE.md`);
[assumption] are plausible orders of magnitude chosen for the demo, not statistics: change
them freely, nothing downstream depends on their exact value.
"""

from __future__ import annotations

# --- DPE ---------------------------------------------------------------------------------

DPE_CLASSES = ("A", "B", "C", "D", "E", "F", "G")

# [SOURCE] DPEENERGIE counts of the Val-d'Oise social stock at 1/1/2025 (the
# same mix in percent): the labelled mix of the first millésime is drawn to these proportions.
VAL_DOISE_DPE_COUNTS = {
    "A": 1_784, "B": 12_739, "C": 45_715, "D": 44_507, "E": 13_589, "F": 3_040, "G": 530,
}
VAL_DOISE_UNLABELLED = 10_124
VAL_DOISE_DWELLINGS = 132_028
_LABELLED = sum(VAL_DOISE_DPE_COUNTS.values())
DPE_CLASS_SHARES = tuple(VAL_DOISE_DPE_COUNTS[c] / _LABELLED for c in DPE_CLASSES)

# [DOMAIN: SDES, RPLS au 1er janvier 2025] about 12 % of social dwellings have no DPE label.
UNLABELLED_SHARE = 0.12
# [assumption] share of labelled buildings whose latest DPE predates the July 2021 method.
OLD_METHOD_DPE_SHARE = 0.30
OLD_METHOD_FIRST_MONTH = (2013, 1)  # oldest DPE date drawn
NEW_METHOD_FIRST_MONTH = (2021, 7)  # DPE 3CL-2021 (arrêté du 31 mars 2021)

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

# [DOMAIN: SDES, RPLS au 1er janvier 2019] vacancy 2.9 % (MODE 2 / MODE 1+2), vacancy > 3 months 1.4 %,
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
# since August 2022 (loi Climat et Résilience, art. 159). Years not listed: 1.5 %.
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
# ... except for a small landlord, whose smallest old estate may go if it is at most 5 % of
# the stock (a few hundred dwellings: no demolition rather than half the stock demolished)
DEMOLITION_MAX_SMALL_LANDLORD_SHARE = 0.05
DELIVERY_RATE = 0.015
RENOVATION_RATE = 0.012
RENOVATION_TARGETS = {"B": 0.25, "C": 0.50, "D": 0.25}
RENOVATION_WEIGHT = {"E": 1.0, "F": 4.0, "G": 6.0}
DPE_CAMPAIGN_SHARE = 0.20   # of unlabelled dwellings labelled each year
OLD_DPE_REDONE_SHARE = 0.12  # of pre-July-2021 DPE redone each year (same class)

# --- Defects -----------------------------------------------------------------------------

DEFECT_SHARE = 0.002  # of all dwelling lines written, all files together

# [contract leases.yml: start_date min 1950-01-01] a tenancy already running when the
# simulation starts is drawn with a memoryless tenure; it cannot have started before 1950
# (about 1 dwelling in 15,000 would otherwise show a lease from the 1940s).
EARLIEST_LEASE_YEAR = 1950

# =========================================================================================
# Contract sources (tenancy, maintenance, surveys, works, commitments, organisation)
# =========================================================================================

# --- Frame and organisation -----------------------------------------------------------------

# [assumption] works and deliveries go back this many years before the first millésime.
HISTORY_YEARS_BEFORE = 4
# [DOMAIN: usual landlord organisation + brief] 3 directions territoriales and about 11 agencies for 30,000 dwellings,
# scaled with the size of the stock. (a usual agency holds 1,500-2,000 dwellings per agency and
# 6,000-8,000 per direction for a ~20,000-dwelling landlord: 11 agencies for 30,000 dwellings
# hold about 2,700 each.)
AGENCY_DWELLINGS = 2_700
DIRECTION_DWELLINGS = 10_000
MIN_AGENCIES = 3
MIN_DIRECTIONS = 3

# --- Defects of the contract sources ---------------------------------------------------------

SOURCE_DEFECT_SHARE = 0.002  # of the records of each file
SOURCE_DEFECT_MIN_SPACING = 25  # below 25 records per class, fewer classes
SOURCE_TRUNCATE_MIN_LINES = 20  # a file this short does not get a truncated last line

# Rows per dwelling of the first millésime, to spread each file's defects (estimates; the
# 30,000-dwelling run gives about these).
EXPECTED_ROWS_PER_DWELLING = {
    "dpe": 1.15, "households": 0.95, "leases": 1.25, "attributions": 0.32,
    "rent_billing_month": 0.96, "arrears": 1.5, "elevators": 0.03,
    "elevator_breakdowns": 0.16, "tickets_month": 0.19, "satisfaction": 1.5,
    "post_intervention": 0.2,
}

# --- Leases, households, attributions --------------------------------------------------------

LEASE_START_ON_FIRST = 0.35  # [assumption] leases taking effect on the 1st of the month
# [assumption] monthly service-charge provisions per m² of living area (€), collective
# heating on top; +2.5 % a year from CHARGES_BASE_YEAR.
CHARGES_PER_M2 = {"C": (1.0, 2.0), "I": (0.2, 0.5), "E": (1.5, 2.5)}
COLLECTIVE_HEATING_CHARGES_PER_M2 = 0.9
CHARGES_YEARLY_INCREASE = 0.025
CHARGES_BASE_YEAR = 2025

# [assumption, orders of magnitude of OPS/ENL surveys of social tenants] household size; a
# household whose oldest member is 65+ is mostly one or two people.
HOUSEHOLD_SIZE_MIX = {1: 0.30, 2: 0.24, 3: 0.18, 4: 0.15, 5: 0.08, 6: 0.04, 7: 0.01}
SENIOR_HOUSEHOLD_SIZE_MIX = {1: 0.58, 2: 0.36, 3: 0.05, 4: 0.01}
# [assumption, tuned] age of the oldest member when the lease starts (triangular low, high,
# mode); the age at the cut-off adds the tenure, which gives about 26 % of households with a
# member aged 65 or more ([brief] 25-30 %, [DREES/USH] a quarter of social tenants are 65+).
AGE_AT_ENTRY = (20, 82, 36)
MAX_AGE = 101
# [brief: 60-70 % of households below 60 % of the PLUS ceiling; OPS 2020 gives about 64 %]
# resources relative to the PLUS ceiling: log-normal, median 47 %, by financing.
RESOURCES_MEDIAN_PCT = 47.0
RESOURCES_SIGMA = 0.5
RESOURCES_FINAN_FACTOR = {"10": 0.8, "11": 0.8, "14": 1.35, "16": 1.7, "53": 1.3, "54": 1.6}
RESOURCES_UNKNOWN_SHARE = 0.03  # household survey not returned

# [assumption] the commission decides 2 to 11 weeks before the lease takes effect; some
# first applicants decline (the dwelling is then offered again).
DECISION_DAYS_BEFORE_LEASE = (15, 75)
REFUSED_ATTRIBUTION_SHARE = 0.08
# [DOMAIN: CCH R445-5, PS-2: 25 % of each reservation holder's attributions to DALO / priority
# households; brief: 25-30 % overall] the State's priority contingent (2) much more.
PRIORITY_SHARE_BY_HOLDER = {"2": 0.50}
PRIORITY_SHARE_OTHERS = 0.25
DALO_SHARE_OF_PRIORITY_STATE = 0.30
DALO_SHARE_OF_PRIORITY_OTHERS = 0.10
# [DOMAIN: CCH L441-1, PS-1: legal floor 25 % of attributions outside QPV to first-quartile
# applicants; brief: ≥ 25 %] fewer inside QPV (the law caps them there).
FIRST_QUARTILE_OUTSIDE_QPV = 0.27
FIRST_QUARTILE_IN_QPV = 0.15
TRANSFER_SHARE = 0.12  # [assumption] transfers of tenants already housed (PP-5)

# --- Billing and arrears ---------------------------------------------------------------------

# [brief: recovery 98-99 %, 10-15 % of leases in debt] a debtor pays part of the month or
# nothing, other tenants pay the month (a few a month late, paying twice the next month).
DEBTOR_SHARE = 0.105
CARRIED_DEBT_SHARE = 0.7  # debtors already in debt on 1 January
CARRIED_DEBT_MONTHS = (0.5, 5.0)  # debt carried over, in months of rent and charges
DEBTOR_ZERO_MONTH_SHARE = 0.10
DEBTOR_PAID_RATIO = (0.8, 1.15)
LATE_PAYMENT_MONTH_SHARE = 0.015
DEPARTED_WITH_DEBT_SHARE = 0.03  # tenants gone the year before, still owing
DEPARTED_DEBT_EUR = (150.0, 2_500.0)
DEPARTED_MONTHLY_RECOVERY = 0.12
WRITE_OFF_AFTER_MONTHS = (4, 12)

# --- Fake personal data (columns the contracts forbid; obviously not real people) -----------

FAKE_SURNAMES = ("EXEMPLE", "FICTIF", "DEMO", "SPECIMEN", "MODELE", "ESSAI", "MAQUETTE",
                 "TEST", "PROTOTYPE", "ÉCHANTILLON")
FAKE_FIRST_NAMES = ("Hélène", "Jérôme", "Zoé", "François", "Cécile", "Noël", "Léa", "Gaëlle",
                    "Aurélien", "Anaïs", "Raphaël", "Mélanie", "Loïc", "Inès", "Clément",
                    "Chloé", "Théo", "Agnès", "Benoît", "Lucas", "Emma", "Nathan", "Sarah")
ACCENTED_FIRST_NAMES = tuple(n for n in FAKE_FIRST_NAMES if not n.isascii())
FAKE_PEOPLE = 20_000  # size of the pool the exports draw their fake tenants from
# ARCEP numbers reserved for fiction (films, books): never attributed to a subscriber.
FICTION_PHONE_PREFIXES = ("01 99 00", "06 39 98")

# --- DPE file ---------------------------------------------------------------------------------

# [DOMAIN: arrêté du 31 mars 2021] 3CL-2021 class upper bounds (A..F), primary energy and GES; G above.
DPE_EP_LIMITS = (70, 110, 180, 250, 330, 420)
DPE_GES_LIMITS = (6, 11, 30, 50, 70, 100)
DPE_EP_TOP = 650.0  # [assumption] highest value drawn for G
DPE_GES_TOP = 150.0
# [arrêté du 15 septembre 2006, DPE before July 2021] energy: A ≤ 50, B 51-90, C 91-150,
# D 151-230, E 231-330, F 331-450, G above; climate (GES): A ≤ 5, B 6-10, C 11-20, D 21-35,
# E 36-55, F 56-80, G above. The label of those DPE is the energy class.
OLD_DPE_EP_LIMITS = (50, 90, 150, 230, 330, 450)
OLD_DPE_GES_LIMITS = (5, 10, 20, 35, 55, 80)
# [assumption] when the GES class sets the label (gas, fuel), classes between the energy
# class and the label.
DPE_ENERGY_CLASS_BELOW_GES = {0: 0.45, 1: 0.40, 2: 0.15}
# [assumption] primary / final energy: 2.3 for electricity (conversion factor until 2025),
# a little above 1 for gas, heat networks, fuel and wood (auxiliaries).
EP_TO_EF_ELECTRIC = (2.1, 2.3)
EP_TO_EF_OTHER = (1.05, 1.2)
# [assumption] collectively heated buildings with one label for all dwellings: share that
# has one building DPE rather than one per dwelling.
BUILDING_DPE_SHARE = 0.4
ADEME_HEATING_LABELS = {
    "gaz_collectif": "Gaz naturel", "gaz_individuel": "Gaz naturel",
    "electrique": "Électricité", "pompe_a_chaleur": "Électricité",
    "reseau_chaleur": "Réseau de Chauffage urbain", "fioul": "Fioul domestique",
    "bois": "Bois – Granulés (pellets) ou briquettes",
}

# --- Elevators ----------------------------------------------------------------------------------

# [brief] elevators in collective buildings of 5 levels or more (R+4), one per entrance;
# [assumption] two in entrances of 9+ levels with 5+ dwellings a floor; elevators added from
# 1960 to older buildings; 30 % of pre-1990 ones replaced since.
ELEVATOR_MIN_LEVELS = 5
TWO_ELEVATORS_FROM_LEVELS = 9
ELEVATORS_SINCE = 1960
ELEVATOR_REPLACED_SHARE = 0.3
ELEVATOR_MAINTAINERS = ("Otis", "Kone", "Schindler", "TK Elevator", "Soretex", "Citis")
# [brief: 4-6 breakdowns per elevator a year, log-normal durations, 30-40 % over 4 hours;
# CLCV: about 1.5 million breakdowns a year in France] rate per elevator varies
# (gamma, shape 4); median 2.7 h, sigma 1.1 -> about 36 % over 4 h.
BREAKDOWNS_PER_ELEVATOR_YEAR = 5.0
BREAKDOWN_RATE_SHAPE = 4.0
BREAKDOWN_MEDIAN_HOURS = 2.7
BREAKDOWN_SIGMA = 1.1
BREAKDOWN_CAUSES = {"porte": 0.30, "usure": 0.22, "electronique": 0.13, "electrique": 0.10,
                    "vandalisme": 0.12, "mise_en_securite": 0.05, "autre": 0.08}
BREAKDOWN_COMMENTS = {
    "porte": "Porte palière bloquée, réglage du verrouillage",
    "usure": "Remplacement de pièces usées (câbles, galets)",
    "electronique": "Carte de commande défaillante remplacée",
    "electrique": "Disjonction de l'alimentation, réarmement",
    "vandalisme": "Dégradations en cabine, boutons arrachés",
    "mise_en_securite": "Mise à l'arrêt préventive après contrôle",
    "autre": "Arrêt constaté, cause non déterminée",
}

# --- Tickets --------------------------------------------------------------------------------------

# [brief: about 1-2 complaints per dwelling a year] tenants' complaints about their dwelling,
# complaints about common areas (per dwelling of a collective building), and the tenants who
# call when an elevator breaks down.
DWELLING_COMPLAINTS_PER_YEAR = 1.2
COMMON_AREA_COMPLAINTS_PER_DWELLING_YEAR = 0.25
BREAKDOWN_COMPLAINT_SHARE = 0.5
TRAPPED_SHARE = 0.08  # someone trapped in the cabin: U1
DWELLING_TICKET_CATEGORIES = {"plomberie": 0.25, "chauffage": 0.15, "electricite": 0.12,
                              "menuiserie": 0.16, "serrurerie": 0.09, "nuisibles": 0.05,
                              "autre": 0.18}
COMMON_AREA_TICKET_CATEGORIES = {"parties_communes": 0.35, "proprete": 0.25,
                                 "espaces_exterieurs": 0.15, "electricite": 0.15,
                                 "nuisibles": 0.10}
# [brief: U1 ~5 %, U2 ~35 %, U3 ~60 %] urgency by category, giving that overall mix.
URGENCY_BY_CATEGORY = {
    "plomberie": {"U1": 0.08, "U2": 0.37, "U3": 0.55},
    "chauffage": {"U1": 0.03, "U2": 0.57, "U3": 0.40},
    "electricite": {"U1": 0.08, "U2": 0.40, "U3": 0.52},
    "menuiserie": {"U1": 0.01, "U2": 0.14, "U3": 0.85},
    "serrurerie": {"U1": 0.06, "U2": 0.54, "U3": 0.40},
    "nuisibles": {"U1": 0.00, "U2": 0.22, "U3": 0.78},
    "autre": {"U1": 0.02, "U2": 0.18, "U3": 0.80},
    "parties_communes": {"U1": 0.02, "U2": 0.28, "U3": 0.70},
    "proprete": {"U1": 0.00, "U2": 0.20, "U3": 0.80},
    "espaces_exterieurs": {"U1": 0.00, "U2": 0.10, "U3": 0.90},
    "ascenseur": {"U1": 0.08, "U2": 0.92, "U3": 0.00},
}
TICKET_CHANNELS = {"telephone": 0.45, "web": 0.12, "application": 0.10, "agence": 0.10,
                   "gardien": 0.17, "courrier": 0.02, "email": 0.04}
COMMON_AREA_TICKET_CHANNELS = {"gardien": 0.55, "telephone": 0.30, "web": 0.08,
                               "application": 0.07}
TICKET_CHANNELS_WITH_OFFSET = ("web", "application", "email")  # stamped by a web API
# [DOMAIN: usual maintenance contract levels U1 4 h, U2 24 h, U3 5 working days] closing delay =
# deadline × log-normal(median, sigma): about 85-90 % within the deadline, a long tail.
DEADLINE_MINUTES = {"U1": 4 * 60, "U2": 24 * 60}
DEADLINE_WORKING_DAYS = {"U3": 5}
TICKET_DELAY = {"U1": (0.35, 0.8), "U2": (0.40, 0.85), "U3": (0.45, 0.8)}
CANCELLED_SHARE = 0.03
WORK_ORDER_SHARE = {"plomberie": 0.7, "chauffage": 0.6, "electricite": 0.6, "menuiserie": 0.7,
                    "serrurerie": 0.8, "nuisibles": 0.9, "autre": 0.4, "parties_communes": 0.5,
                    "proprete": 0.3, "espaces_exterieurs": 0.5, "ascenseur": 0.8}
RELETTING_WORK_ORDER_SHARE = 0.6  # work order to prepare a dwelling for its next tenant
RELETTING_WORK_CATEGORIES = {"menuiserie": 0.3, "plomberie": 0.25, "electricite": 0.25,
                             "autre": 0.2}
FREE_COMMENT_SHARE = 0.25
TICKET_COMMENTS = {
    "plomberie": ("Fuite sous l'évier", "WC qui coule en permanence",
                  "Dégât des eaux chez le voisin du dessous"),
    "chauffage": ("Radiateurs froids dans la chambre", "Pas d'eau chaude depuis hier"),
    "electricite": ("Prise de la cuisine qui ne fonctionne plus",
                    "Éclairage de l'escalier en panne"),
    "menuiserie": ("Fenêtre qui ne ferme plus", "Volet roulant bloqué"),
    "serrurerie": ("Porte d'entrée qui ferme mal", "Serrure de la boîte aux lettres cassée"),
    "nuisibles": ("Présence de cafards", "Souris dans la cave"),
    "autre": ("Demande de renseignement sur les travaux", "Bruit de ventilation"),
    "parties_communes": ("Porte du hall cassée", "Vitre de la cage d'escalier brisée"),
    "proprete": ("Encombrants dans le local poubelles", "Hall d'entrée sale"),
    "espaces_exterieurs": ("Haie à tailler", "Éclairage du parking en panne"),
    "ascenseur": ("Ascenseur à l'arrêt", "Personne bloquée en cabine"),
}
CONTRACTORS = {cat: (f"{name} SARL", f"Ets {name}", f"{name} Services")
               for cat, name in (("plomberie", "Plomberie Exemple"),
                                 ("chauffage", "Thermique Démo"),
                                 ("electricite", "Électricité Fictive"),
                                 ("menuiserie", "Menuiserie Exemple"),
                                 ("serrurerie", "Serrurerie Démo"),
                                 ("nuisibles", "Hygiène 3D Exemple"),
                                 ("autre", "Multiservices Démo"),
                                 ("parties_communes", "Multiservices Démo"),
                                 ("proprete", "Propreté Exemple"),
                                 ("espaces_exterieurs", "Espaces Verts Démo"),
                                 ("ascenseur", "Ascensoriste titulaire"))}

# --- Surveys --------------------------------------------------------------------------------------

# [brief: ~30-40 % of households answer the triennial survey]
TRIENNIAL_RESPONSE_RATE = 0.35
TRIENNIAL_FIELDWORK = ((9, 15), (11, 30))  # (month, day) start and end, operating year
# [DOMAIN: 73 % satisfied with cleanliness of common areas (USH/BVA 2019); brief: ~80 %
# overall; assumption for the other themes] share scoring 7-10, before the building effect.
SATISFIED_SHARE = {"global": 0.80, "proprete_parties_communes": 0.73, "logement": 0.78,
                   "quartier": 0.76, "traitement_demandes": 0.68}
BUILDING_SATISFACTION_SD = 0.07  # [assumption] per-building deviation of each share
LATE_HANDLING_PENALTY = 0.25  # fewer satisfied when requests were handled late
ANSWER_HANDLING_WITHOUT_REQUEST = 0.3
SATISFIED_SCORES = {7: 0.32, 8: 0.36, 9: 0.16, 10: 0.16}
UNSATISFIED_SCORES = {1: 0.06, 2: 0.05, 3: 0.09, 4: 0.12, 5: 0.30, 6: 0.38}
VERBATIM_SHARE = 0.15
VERBATIMS = {
    "global": ("Bon bailleur dans l'ensemble", "Trop d'attente au téléphone"),
    "proprete_parties_communes": ("Hall propre, merci au gardien", "Escaliers rarement lavés"),
    "logement": ("Logement agréable", "Isolation à revoir, froid l'hiver"),
    "quartier": ("Quartier calme", "Manque de commerces"),
    "traitement_demandes": ("Intervention rapide", "Relances nécessaires pour être dépanné"),
}
# [assumption] transactional survey after a closed complaint
POST_INTERVENTION_SURVEYED = 0.25
POST_INTERVENTION_RESPONSE = 0.40
POST_INTERVENTION_HANDLING_QUESTION = 0.6
INTERVENTION_SATISFIED_WITHIN_DEADLINE = 0.86
INTERVENTION_SATISFIED_LATE = 0.55

# --- Works ----------------------------------------------------------------------------------------

# [brief: 20-60 k€ per dwelling for a renovation; assumption for component replacements]
RENOVATION_COST_PER_DWELLING = (20_000.0, 60_000.0)
COMPONENT_COST_PER_DWELLING = (2_000.0, 9_000.0)
RENOVATION_DURATION_DAYS = (240, 540)
ENERGY_RENOVATION_SHARE = 0.6  # of the RPLS renovations; the rest are full rehabilitations
PAST_RENOVATION_SHARE = 0.5  # of buildings built before 1990 with a recent DPE at D or better
PAST_RENOVATION_BUILT_BEFORE = 1990
ONGOING_RENOVATION_SHARE = 0.15  # of E/F/G buildings, works running at the cut-off
COMPONENT_WORKS_RATE = 0.04  # buildings a year
# [DOMAIN: CCH R445-5, PP-3] operations eligible to a Caisse des dépôts loan (éco-prêt, PAM)
CDC_ELIGIBLE_SHARE = {"renovation_energetique": 0.95, "rehabilitation": 0.8,
                      "remplacement_composants": 0.1}

# --- Commitments ----------------------------------------------------------------------------------

CUS_FIRST_YEAR = 2025  # [brief] CUS 2025-2030
# [DOMAIN: loi Climat et Résilience art. 160, F banned from letting from 2028] PP-2: a quarter of the F and G stock renovated
# to A-E each year until 2028, then the rest
FG_ELIMINATION_YEARS = 4
PP2_TARGET_AFTER_PCT = 10.0
PP5_TARGET_PCT = 10.0  # [assumption, optional PP-5] transfers among attributions
PP3_TARGET_PCT = 1.2  # [assumption] rehabilitated dwellings per year, % of the stock
PP4_TARGET_PCT = 0.3  # [assumption] dwellings put on sale per year, % of the stock
SR1_TARGET_PCT = 85.0  # [assumption, SR-1 wording unverified] complaints handled in time
G1_TARGET_EUR = 1_150.0  # [assumption] management cost per dwelling and year
G1_YEARLY_DECREASE_EUR = 10.0
INT_BREAKDOWNS_TARGET = 2.0  # [DOMAIN: Logirem's CUS 2011-2016 internal commitment] breakdowns > 4 h per elevator-year
INT_BREAKDOWNS_TARGET_FLOOR = 1.5
INT_CLEANLINESS_TARGET = 75.0  # [assumption] % satisfied with cleanliness, +1 point a year
INT_OVERALL_SATISFACTION_TARGET = 80.0  # [assumption] % satisfied overall
INT_COMPLAINTS_IN_TIME_TARGET = 85.0  # [assumption] % complaints closed within the deadline
INT_VACANCY_TARGET = 3.0  # [assumption, SDES 1/1/2019: 2.9 % nationally] ceiling
