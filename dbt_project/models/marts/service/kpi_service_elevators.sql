{#- Elevator service per commune and year: elevators, breakdowns, breakdowns over 4 hours per
    elevator, availability = 1 − downtime / time in service. Sums beside every ratio so that a
    département or EPCI total is Σ numerator / Σ denominator, never an average of ratios. -#}
with

elevator_years as (

    select * from {{ ref('int_service__elevator_years') }}

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
        count(*) as elevators,
        sum(elevator_years.breakdowns) as breakdowns,
        sum(elevator_years.breakdowns_over_4h) as breakdowns_over_4h,
        sum(elevator_years.downtime_hours) as downtime_hours,
        sum(elevator_years.service_hours) as service_hours
    from elevator_years
    inner join territory on elevator_years.territory_code = territory.territory_code
    group by
        elevator_years.calendar_year,
        territory.region_code, territory.region_name,
        territory.departement_code, territory.departement_name,
        territory.epci_code, territory.epci_name,
        territory.commune_code, territory.commune_name

),

kpi as (

    select
        cast(calendar_year as integer) as year,
        {{ territory_columns() }},
        cast(elevators as bigint) as elevators,
        cast(breakdowns as bigint) as breakdowns,
        cast(breakdowns_over_4h as bigint) as breakdowns_over_4h,
        cast(breakdowns_over_4h as double) / elevators as breakdowns_over_4h_per_elevator,
        cast(downtime_hours as double) as downtime_hours,
        cast(service_hours as double) as service_hours,
        case
            when service_hours > 0 then 1 - cast(downtime_hours as double) / service_hours
        end as availability_rate
    from aggregated

),

territory_direction as (

    select territory_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    where territory_level = 'commune'

)

select
    kpi.*,
    territory_direction.direction_code,
    territory_direction.direction_name
from kpi
left join territory_direction on kpi.commune_code = territory_direction.territory_code
