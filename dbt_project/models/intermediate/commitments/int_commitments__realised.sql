{#- Realised value of every measurable commitment indicator, per landlord, territory level,
    territory and year, with numerator and denominator. CUS indicators come from the KPI marts rolled up
    from communes; internal targets set per direction territoriale come from the facts through
    the agence in charge of each building. Indicators without a source in the warehouse
    (PP-1 financing approvals, PP-4 dwellings put on sale, G-1 management cost, PS-3) are not
    listed: their commitments show "non mesuré". -#}
with

{# The decarbonation marts are cut by segment (landlord, agence, QPV, financing): back to
    one row per year and commune before they are joined, or the join would multiply rows. -#}
decarbonation as (

    select landlord_id, millesime, region_code, departement_code, epci_code, commune_code,
        sum(passoires) as passoires, sum(dwellings) as dwellings
    from {{ ref('kpi_decarbonation') }}
    group by all

),

renovations as (

    select landlord_id, year, region_code, departement_code, epci_code, commune_code,
        sum(dwellings_out_of_f_g) as dwellings_out_of_f_g,
        sum(dwellings_cdc_eligible) as dwellings_cdc_eligible
    from {{ ref('kpi_renovations') }}
    group by all

),

pp as (

    select
        coalesce(renovations.landlord_id, decarbonation.landlord_id) as landlord_id,
        coalesce(renovations.year, decarbonation.millesime) as year,
        coalesce(renovations.region_code, decarbonation.region_code) as region_code,
        coalesce(renovations.departement_code, decarbonation.departement_code)
            as departement_code,
        coalesce(renovations.epci_code, decarbonation.epci_code) as epci_code,
        coalesce(renovations.commune_code, decarbonation.commune_code) as commune_code,
        coalesce(renovations.dwellings_out_of_f_g, 0) as dwellings_out_of_f_g,
        coalesce(renovations.dwellings_cdc_eligible, 0) as dwellings_cdc_eligible,
        coalesce(decarbonation.passoires, 0) as passoires,
        coalesce(decarbonation.dwellings, 0) as dwellings
    from decarbonation
    full outer join renovations
        on decarbonation.landlord_id = renovations.landlord_id
        and decarbonation.millesime = renovations.year
        and decarbonation.commune_code = renovations.commune_code

),

management as (select * from {{ ref('kpi_management') }}),

elevators as (select * from {{ ref('kpi_service_elevators') }}),

complaints as (select * from {{ ref('kpi_service_complaints') }}),

satisfaction as (select * from {{ ref('kpi_satisfaction') }}),

from_marts as (

    {{ commitment_rollup('pp', 'PP-2', 'dwellings_out_of_f_g', 'passoires') }}
    union all
    {{ commitment_rollup('pp', 'PP-3', 'dwellings_cdc_eligible', 'dwellings') }}
    union all
    {{ commitment_rollup('management', 'PS-1', 'ps1_numerator', 'ps1_denominator') }}
    union all
    {{ commitment_rollup('management', 'PS-2', 'ps2_numerator', 'ps2_denominator') }}
    union all
    {{ commitment_rollup('management', 'PP-5', 'transfer_attributions', 'attributions') }}
    union all
    {{ commitment_rollup('management', 'INT-VACANCE', 'vacant_dwellings', 'offered_dwellings') }}
    union all
    {{ commitment_rollup('elevators', 'INT-ASC_PANNES_4H', 'breakdowns_over_4h', 'elevators') }}
    union all
    {{ commitment_rollup('complaints', 'SR-1', 'closed_within_deadline', 'tickets_due') }}
    union all
    {{ commitment_rollup('complaints', 'INT-RECLA_DELAI', 'closed_within_deadline', 'tickets_due') }}
    union all
    {{ commitment_rollup('satisfaction', 'INT-SAT_PROPRETE', 'satisfied_respondents', 'respondents',
        "theme = 'proprete_parties_communes'") }}
    union all
    {{ commitment_rollup('satisfaction', 'INT-SAT_GLOBALE', 'satisfied_respondents', 'respondents',
        "theme = 'global'") }}

),

buildings as (

    select building_key, landlord_id, direction_code from {{ ref('dim_building') }}
    where direction_code is not null

),

elevators_by_direction as (

    select buildings.landlord_id, buildings.direction_code, count(*) as elevators
    from {{ ref('dim_elevator') }} as elevator
    inner join buildings on elevator.building_key = buildings.building_key
    group by buildings.landlord_id, buildings.direction_code

),

breakdowns_by_direction as (

    select
        buildings.landlord_id,
        buildings.direction_code,
        breakdown.breakdown_year as year,
        sum(case when breakdown.is_over_4h then 1 else 0 end) as breakdowns_over_4h
    from {{ ref('fct_elevator_breakdown') }} as breakdown
    inner join buildings on breakdown.building_key = buildings.building_key
    group by buildings.landlord_id, buildings.direction_code, breakdown.breakdown_year

),

dwelling_buildings as (

    select dwelling_key, {{ building_key('landlord_id', 'building_id') }} as building_key
    from {{ ref('dim_dwelling') }}

),

answers_by_direction as (

    select
        buildings.landlord_id,
        buildings.direction_code,
        answer.survey_year as year,
        answer.theme,
        count(*) as respondents,
        sum(case when answer.is_satisfied then 1 else 0 end) as satisfied
    from {{ ref('fct_survey_response') }} as answer
    left join dwelling_buildings on answer.dwelling_key = dwelling_buildings.dwelling_key
    inner join buildings
        on coalesce(answer.building_key, dwelling_buildings.building_key) = buildings.building_key
    group by buildings.landlord_id, buildings.direction_code, answer.survey_year, answer.theme

),

from_facts as (

    select
        breakdowns_by_direction.landlord_id,
        'INT-ASC_PANNES_4H' as indicator_code,
        'direction' as territory_level,
        breakdowns_by_direction.direction_code as territory_code,
        breakdowns_by_direction.year,
        cast(breakdowns_by_direction.breakdowns_over_4h as double) as numerator,
        cast(elevators_by_direction.elevators as double) as denominator
    from breakdowns_by_direction
    inner join elevators_by_direction
        on breakdowns_by_direction.landlord_id = elevators_by_direction.landlord_id
        and breakdowns_by_direction.direction_code = elevators_by_direction.direction_code

    union all

    select
        landlord_id,
        case theme when 'proprete_parties_communes' then 'INT-SAT_PROPRETE'
            else 'INT-SAT_GLOBALE' end,
        'direction',
        direction_code,
        year,
        cast(satisfied as double),
        cast(respondents as double)
    from answers_by_direction
    where theme in ('proprete_parties_communes', 'global')

),

realised as (

    select * from from_marts
    union all
    select * from from_facts

)

select
    landlord_id,
    indicator_code,
    territory_level,
    territory_code,
    cast(year as integer) as year,
    numerator,
    denominator
from realised
