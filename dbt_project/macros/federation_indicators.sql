{#- The indicators compared between the landlords of a federation (kpi_landlord_comparison,
    kpi_territory_comparison), each named once: its code, French label as an executive reads
    it, unit, direction (higher_is_better: rank 1 = the highest value when true, the lowest when
    false), the KPI mart it comes from, that mart's period column, and the numerator and
    denominator columns summed over every row of a landlord (segments, communes) before any
    ratio is taken; `where` restricts the mart's rows. A denominator of none makes the value the
    numerator's total (tCO2e/an). Definitions are those of the source marts' columns. Codes
    follow the indicators seed (INT-VACANCE, PS-1…: same definitions as the commitments'
    realised values); DPE- and GEST- codes are indicators that seed does not list. -#}
{% macro federation_indicators() -%}
{%- set strictest_ban_in_force -%}
is_in_force and banned_from = (
            select max(steps.banned_from) from {{ ref('kpi_rental_ban') }} as steps
            where steps.millesime = source_rows.millesime and steps.is_in_force)
{%- endset -%}
{{ return([
    {'code': 'DPE-PASSOIRES',
     'label': "Part de passoires thermiques (étiquettes F et G) parmi les logements étiquetés",
     'unit': 'part', 'higher_is_better': false,
     'model': 'kpi_decarbonation', 'period': 'millesime',
     'numerator': 'passoires', 'denominator': 'labelled_dwellings'},
    {'code': 'DPE-SANS_ETIQUETTE',
     'label': "Part de logements sans étiquette DPE",
     'unit': 'part', 'higher_is_better': false,
     'model': 'kpi_decarbonation', 'period': 'millesime',
     'numerator': 'unlabelled_dwellings', 'denominator': 'dwellings'},
    {'code': 'DPE-INTERDICTION_LOCATION',
     'label': "Part des logements interdits à la location au 1er janvier (étape la plus stricte en vigueur)",
     'unit': 'part', 'higher_is_better': false,
     'model': 'kpi_rental_ban', 'period': 'millesime',
     'numerator': 'dwellings_hit', 'denominator': 'dwellings',
     'where': strictest_ban_in_force},
    {'code': 'DPE-EMISSIONS_TCO2E',
     'label': "Émissions estimées du parc (tCO2e par an)",
     'unit': 'tCO2e/an', 'higher_is_better': false,
     'model': 'kpi_decarbonation', 'period': 'millesime',
     'numerator': 'emissions_tco2e_per_year', 'denominator': none},
    {'code': 'INT-VACANCE',
     'label': "Taux de vacance commerciale au 1er janvier",
     'unit': 'part', 'higher_is_better': false,
     'model': 'kpi_management', 'period': 'year',
     'numerator': 'vacant_dwellings', 'denominator': 'offered_dwellings'},
    {'code': 'GEST-ROTATION',
     'label': "Taux de rotation des logements (emménagements de l'année précédente)",
     'unit': 'part', 'higher_is_better': false,
     'model': 'kpi_management', 'period': 'year',
     'numerator': 'turnover_moves_in', 'denominator': 'turnover_base_dwellings'},
    {'code': 'GEST-LOYER_M2',
     'label': "Loyer moyen au m² des logements loués (€ par m² et par mois)",
     'unit': '€/m²/mois', 'higher_is_better': false,
     'model': 'kpi_management', 'period': 'year',
     'numerator': 'let_rent_eur', 'denominator': 'let_area_m2'},
    {'code': 'GEST-IMPAYES',
     'label': "Taux d'impayés (dette locative / loyers et charges quittancés)",
     'unit': 'part', 'higher_is_better': false,
     'model': 'kpi_management', 'period': 'year',
     'numerator': 'tenant_debt_eur', 'denominator': 'billed_eur'},
    {'code': 'INT-ASC_PANNES_4H',
     'label': "Pannes d'ascenseur de plus de 4 heures par ascenseur et par an",
     'unit': 'pannes/ascenseur/an', 'higher_is_better': false,
     'model': 'kpi_service_elevators', 'period': 'year',
     'numerator': 'breakdowns_over_4h', 'denominator': 'elevators'},
    {'code': 'INT-RECLA_DELAI',
     'label': "Réclamations techniques traitées dans le délai de leur urgence",
     'unit': 'part', 'higher_is_better': true,
     'model': 'kpi_service_complaints', 'period': 'year',
     'numerator': 'closed_within_deadline', 'denominator': 'tickets_due'},
    {'code': 'INT-SAT_PROPRETE',
     'label': "Locataires satisfaits de la propreté des parties communes (note 7 à 10)",
     'unit': 'part', 'higher_is_better': true,
     'model': 'kpi_satisfaction', 'period': 'year',
     'numerator': 'satisfied_respondents', 'denominator': 'respondents',
     'where': "theme = 'proprete_parties_communes'"},
    {'code': 'PS-1',
     'label': "CUS PS-1 : attributions hors QPV au premier quartile de ressources",
     'unit': 'part', 'higher_is_better': true,
     'model': 'kpi_management', 'period': 'year',
     'numerator': 'ps1_numerator', 'denominator': 'ps1_denominator'},
    {'code': 'PS-2',
     'label': "CUS PS-2 : attributions aux ménages DALO ou prioritaires",
     'unit': 'part', 'higher_is_better': true,
     'model': 'kpi_management', 'period': 'year',
     'numerator': 'ps2_numerator', 'denominator': 'ps2_denominator'},
]) }}
{%- endmacro %}
