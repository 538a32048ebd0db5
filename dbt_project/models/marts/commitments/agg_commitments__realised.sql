{#- Realised value of every measurable commitment indicator, per landlord, territory level,
    territory and year, with numerator and denominator. CUS indicators are rolled up from
    communes (macro commitment_rollup) out of the facts and the segment aggregates the KPI
    marts read themselves, never out of the KPI marts: the realised value of a commitment and
    the dashboard's figure share their rules (passoire: macros is_passoire /
    is_out_of_passoire; complaints counted: macro is_counted_complaint; attributions and
    vacancy: agg_management__*; elevators: agg_service__elevator_years) without the
    commitments depending on how a dashboard mart is cut. Only the communes of dim_territory
    count, as in the KPI marts. Internal targets set per direction territoriale come from the
    facts through the agence in charge of each building. Indicators without a source in the
    warehouse (PP-1 financing approvals, PP-4 dwellings put on sale, G-1 management cost, PS-3)
    are not listed: their commitments show "non mesuré". -#}
with

territory as (

    select * from {{ ref('dim_territory') }}

),

communes as (

    select * from territory where territory_code = commune_code

),

{#- PP-2 / PP-3: dwellings in stock and passoires per millésime (kpi_decarbonation's scope:
    the RPLS labels, dwellings with a segment), renovations received per year (kpi_renovations'
    scope: operations on a known building with a segment). -#}
decarbonation as (

    select
        segments.landlord_id,
        snapshot.millesime,
        territory.region_code,
        territory.departement_code,
        territory.epci_code,
        territory.commune_code,
        sum(case when {{ is_passoire('snapshot.dpe_energy_class') }} then 1 else 0 end)
            as passoires,
        count(*) as dwellings
    from {{ ref('fct_dwelling_snapshot') }} as snapshot
    inner join territory on snapshot.territory_code = territory.territory_code
    inner join {{ ref('int_segments__dwelling') }} as segments
        on snapshot.dwelling_key = segments.dwelling_key
        and snapshot.millesime = segments.millesime
    where snapshot.is_in_stock
    group by all

),

renovations as (

    select
        segments.landlord_id,
        cast(extract(year from operations.end_date) as integer) as year,
        territory.region_code,
        territory.departement_code,
        territory.epci_code,
        territory.commune_code,
        sum(case when {{ is_out_of_passoire('operations.dpe_before', 'operations.dpe_after') }}
            then operations.dwellings_concerned else 0 end) as dwellings_out_of_f_g,
        sum(case when operations.cdc_loan_eligible then operations.dwellings_concerned else 0 end)
            as dwellings_cdc_eligible
    from {{ ref('fct_works_operation') }} as operations
    inner join {{ ref('dim_building') }} as buildings
        on operations.landlord_id = buildings.landlord_id
        and operations.building_id = buildings.building_id
    inner join territory on buildings.territory_code = territory.territory_code
    inner join {{ ref('int_segments__building') }} as segments
        on buildings.building_key = segments.building_key
    where operations.end_date is not null
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

{#- PS-1, PS-2, PP-5, INT-VACANCE: the aggregates kpi_management is built from. -#}
attributions as (

    select
        attributions.landlord_id,
        attributions.year,
        communes.region_code,
        communes.departement_code,
        communes.epci_code,
        attributions.commune_code,
        attributions.ps1_numerator,
        attributions.ps1_denominator,
        attributions.ps2_numerator,
        attributions.ps2_denominator,
        attributions.transfer_attributions,
        attributions.attributions
    from {{ ref('agg_management__attributions_by_segment') }} as attributions
    inner join communes on attributions.commune_code = communes.commune_code

),

stock as (

    select
        stock.landlord_id,
        stock.year,
        communes.region_code,
        communes.departement_code,
        communes.epci_code,
        stock.commune_code,
        stock.vacant_dwellings,
        stock.offered_dwellings
    from {{ ref('agg_management__stock_by_segment') }} as stock
    inner join communes on stock.commune_code = communes.commune_code

),

{#- INT-ASC_PANNES_4H: elevators in service each year and their breakdowns over 4 hours. -#}
elevators as (

    select
        elevator_years.landlord_id,
        elevator_years.calendar_year as year,
        territory.region_code,
        territory.departement_code,
        territory.epci_code,
        territory.commune_code,
        elevator_years.breakdowns_over_4h,
        1 as elevators
    from {{ ref('agg_service__elevator_years') }} as elevator_years
    inner join territory on elevator_years.territory_code = territory.territory_code

),

{#- SR-1, INT-RECLA_DELAI: complaints whose outcome is known, closed within the deadline. -#}
complaints as (

    select
        tickets.landlord_id,
        tickets.opened_year as year,
        territory.region_code,
        territory.departement_code,
        territory.epci_code,
        territory.commune_code,
        case when tickets.is_within_deadline is not null then 1 else 0 end as tickets_due,
        case when tickets.is_within_deadline then 1 else 0 end as closed_within_deadline
    from {{ ref('fct_ticket') }} as tickets
    inner join territory on tickets.territory_code = territory.territory_code
    where {{ is_counted_complaint('tickets') }}

),

{#- INT-SAT_*: respondents and satisfied respondents (score 7-10) per theme. -#}
satisfaction as (

    select
        responses.landlord_id,
        responses.survey_year as year,
        territory.region_code,
        territory.departement_code,
        territory.epci_code,
        territory.commune_code,
        responses.theme,
        1 as respondents,
        case when responses.is_satisfied then 1 else 0 end as satisfied_respondents
    from {{ ref('fct_survey_response') }} as responses
    inner join territory on responses.territory_code = territory.territory_code

),

from_communes as (

    {{ commitment_rollup('pp', 'PP-2', 'dwellings_out_of_f_g', 'passoires') }}
    union all
    {{ commitment_rollup('pp', 'PP-3', 'dwellings_cdc_eligible', 'dwellings') }}
    union all
    {{ commitment_rollup('attributions', 'PS-1', 'ps1_numerator', 'ps1_denominator') }}
    union all
    {{ commitment_rollup('attributions', 'PS-2', 'ps2_numerator', 'ps2_denominator') }}
    union all
    {{ commitment_rollup('attributions', 'PP-5', 'transfer_attributions', 'attributions') }}
    union all
    {{ commitment_rollup('stock', 'INT-VACANCE', 'vacant_dwellings', 'offered_dwellings') }}
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

    select * from from_communes
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
