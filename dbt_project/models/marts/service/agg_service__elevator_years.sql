{#- One row per elevator of the inventory and calendar year of the breakdown log: time in
    service, downtime, breakdowns and breakdowns over 4 hours.

    - Years: from the year of the first breakdown in the landlord's log to the year of that
      log's as-of time (the latest breakdown end, ongoing breakdowns included): each landlord
      of a federation has its own log and day of delivery.
    - Time in service: from 1 January (an elevator counts for the whole of its commissioning
      year: the inventory gives the year only) to the next 1 January or the as-of time,
      whichever comes first.
    - Downtime: breakdowns of one elevator that overlap are merged first (a breakdown reported
      twice must not stop the elevator twice), then cut at year boundaries.
    - Breakdowns and breakdowns over 4 h count in the year the breakdown started. -#}
with

elevators as (

    select * from {{ ref('dim_elevator') }}

),

breakdowns as (

    select * from {{ ref('fct_elevator_breakdown') }}

),

bounds as (

    select
        landlord_id,
        min(breakdown_year) as first_year,
        cast(extract(year from max(effective_end_at)) as integer) as last_year,
        max(effective_end_at) as as_of_at
    from breakdowns
    group by landlord_id

),

year_numbers as (

    {{ dbt.generate_series(200) }}

),

years as (

    select
        bounds.landlord_id,
        bounds.first_year + year_numbers.generated_number - 1 as calendar_year,
        bounds.as_of_at
    from bounds
    cross join year_numbers
    where bounds.first_year + year_numbers.generated_number - 1 <= bounds.last_year

),

elevator_years as (

    select
        elevators.elevator_key,
        elevators.landlord_id,
        elevators.elevator_id,
        elevators.building_key,
        elevators.building_id,
        elevators.territory_code,
        years.calendar_year,
        {{ dbt.dateadd('year', 'years.calendar_year - 2000', "cast('2000-01-01' as timestamp)") }}
            as year_start_at,
        least(
            {{ dbt.dateadd('year', 'years.calendar_year - 1999', "cast('2000-01-01' as timestamp)") }},
            years.as_of_at
        ) as period_end_at
    from elevators
    inner join years on elevators.landlord_id = years.landlord_id
    where coalesce(elevators.commissioning_year, years.calendar_year) <= years.calendar_year

),

ordered_breakdowns as (

    select
        elevator_key,
        breakdown_id,
        started_at,
        effective_end_at,
        max(effective_end_at) over (
            partition by elevator_key
            order by started_at, breakdown_id
            rows between unbounded preceding and 1 preceding
        ) as previous_end_at
    from breakdowns
    where effective_end_at > started_at

),

islands as (

    select
        *,
        sum(case when previous_end_at is null or started_at > previous_end_at then 1 else 0 end)
            over (
                partition by elevator_key
                order by started_at, breakdown_id
                rows between unbounded preceding and current row
            ) as island_number
    from ordered_breakdowns

),

downtimes as (

    select
        elevator_key,
        island_number,
        min(started_at) as down_from,
        max(effective_end_at) as down_to
    from islands
    group by elevator_key, island_number

),

downtime_by_year as (

    select
        elevator_years.elevator_key,
        elevator_years.calendar_year,
        sum({{ dbt.datediff(
            'greatest(downtimes.down_from, elevator_years.year_start_at)',
            'least(downtimes.down_to, elevator_years.period_end_at)',
            'second') }}) as downtime_seconds
    from elevator_years
    inner join downtimes
        on elevator_years.elevator_key = downtimes.elevator_key
        and downtimes.down_from < elevator_years.period_end_at
        and downtimes.down_to > elevator_years.year_start_at
    group by elevator_years.elevator_key, elevator_years.calendar_year

),

breakdowns_by_year as (

    select
        elevator_key,
        breakdown_year as calendar_year,
        count(*) as breakdowns,
        sum(case when is_over_4h then 1 else 0 end) as breakdowns_over_4h
    from breakdowns
    group by elevator_key, breakdown_year

),

final as (

    select
        elevator_years.elevator_key,
        elevator_years.landlord_id,
        elevator_years.elevator_id,
        elevator_years.building_key,
        elevator_years.building_id,
        elevator_years.territory_code,
        cast(elevator_years.calendar_year as integer) as calendar_year,
        cast({{ dbt.datediff('elevator_years.year_start_at', 'elevator_years.period_end_at', 'second') }}
            as double) / 3600 as service_hours,
        cast(coalesce(downtime_by_year.downtime_seconds, 0) as double) / 3600 as downtime_hours,
        cast(coalesce(breakdowns_by_year.breakdowns, 0) as bigint) as breakdowns,
        cast(coalesce(breakdowns_by_year.breakdowns_over_4h, 0) as bigint) as breakdowns_over_4h
    from elevator_years
    left join downtime_by_year
        on elevator_years.elevator_key = downtime_by_year.elevator_key
        and elevator_years.calendar_year = downtime_by_year.calendar_year
    left join breakdowns_by_year
        on elevator_years.elevator_key = breakdowns_by_year.elevator_key
        and elevator_years.calendar_year = breakdowns_by_year.calendar_year

)

select * from final
