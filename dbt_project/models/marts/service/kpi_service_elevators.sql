{#- Elevator service per commune, segment of the elevator's building (landlord, agence, QPV
    status of most of its dwellings: int_service__building_segments; an elevator has no
    financing) and year: elevators, breakdowns, breakdowns over 4 hours per elevator,
    availability = 1 − downtime / time in service. Sums beside every ratio so that an agence,
    département or EPCI total is Σ numerator / Σ denominator, never an average of ratios. -#}
with

elevator_years as (

    select * from {{ ref('agg_service__elevator_years') }}

),

segments as (

    select * from {{ ref('int_service__building_segments') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

aggregated as (

    select
        elevator_years.calendar_year,
        territory.region_code,
        territory.region_name,
        territory.departement_code,
        territory.departement_name,
        territory.epci_code,
        territory.epci_name,
        territory.commune_code,
        territory.commune_name,
        elevator_years.landlord_id,
        segments.agence_code,
        segments.agence_name,
        coalesce(segments.qpv_label, 'Non renseigné') as qpv_label,
        segments.direction_code,
        segments.direction_name,
        count(*) as elevators,
        sum(elevator_years.breakdowns) as breakdowns,
        sum(elevator_years.breakdowns_over_4h) as breakdowns_over_4h,
        sum(elevator_years.downtime_hours) as downtime_hours,
        sum(elevator_years.service_hours) as service_hours
    from elevator_years
    inner join territory on elevator_years.territory_code = territory.territory_code
    left join segments on elevator_years.building_key = segments.building_key
    group by all

),

kpi as (

    select
        cast(calendar_year as integer) as year,
        {{ territory_columns() }},
        {{ segment_columns(exclude=['financing_label']) }},
        cast(elevators as bigint) as elevators,
        cast(breakdowns as bigint) as breakdowns,
        cast(breakdowns_over_4h as bigint) as breakdowns_over_4h,
        cast(breakdowns_over_4h as double) / elevators as breakdowns_over_4h_per_elevator,
        cast(downtime_hours as double) as downtime_hours,
        cast(service_hours as double) as service_hours,
        case
            when service_hours > 0 then 1 - cast(downtime_hours as double) / service_hours
        end as availability_rate,
        direction_code,
        direction_name
    from aggregated

)

select * from kpi
