{#- One row per technical complaint or work order, placed on its dwelling / building / commune,
    with its handling delay and whether it met its urgency's deadline
    (int_service__ticket_deadlines: U1 4 h, U2 24 h, U3 5 working days by default).

    Incremental, per landlord: a daily load reprocesses only tickets opened or closed within
    the lookback window (var incremental_lookback_days, 31 days by default) before the
    landlord's latest ticket already loaded, plus every ticket still open (its deadline flag moves with time). A change to an
    older closed ticket that leaves its timestamps alone needs a --full-refresh.

    is_within_deadline: true when closed by the deadline; false when closed after it, or still
    open once the deadline has passed at the log's as-of time (the latest opening or closing in
    the landlord's log, or var service_as_of); null while the outcome is unknown (open, deadline not yet
    reached), for cancelled tickets, and when the opening day is outside the calendar.

    Replay of one period: with vars event_window_start / event_window_end (a month, set by
    the Dagster partition) only the events that began in [start, end) are rebuilt
    (delete+insert on the unique key), rows of other periods are left untouched. -#}
{#- The dims its relationship tests point to are built before it (Dagster builds the event
    facts in a step of their own, after everything they depend on). #}
-- depends_on: {{ ref('dim_dwelling') }}
-- depends_on: {{ ref('dim_territory') }}
{{ config(
    materialized='incremental',
    incremental_strategy=var('event_facts_incremental_strategy', 'delete+insert'),
    unique_key=['landlord_id', 'ticket_id'],
    on_schema_change='append_new_columns',
) }}

with

tickets as (

    select * from {{ ref('stg_maintenance__tickets') }}

),

dwellings as (

    select * from {{ ref('int_service__dwelling_locations') }}

),

buildings as (

    select * from {{ ref('int_buildings__located') }}

),

deadlines as (

    select * from {{ ref('int_service__ticket_deadlines') }}

),

calendar as (

    select * from {{ ref('int_service__calendar') }}

),

as_of as (

    select
        landlord_id,
    {%- if var('service_as_of', none) %}
        cast('{{ var("service_as_of") }}' as timestamp) as as_of_at
    {%- else %}
        max(case when closed_at > opened_at then closed_at else opened_at end) as as_of_at
    {%- endif %}
    from tickets
    group by landlord_id

),

{%- if is_incremental() %}

watermark as (

    {{ landlord_watermark('opened_at') }}

),
{%- endif %}

changed_tickets as (

    select tickets.*
    from tickets
    {%- if var('event_window_start', none) %}
    {#- replay of one period (a Dagster partition): exactly the events that began in it #}
    where tickets.opened_at >= cast('{{ var("event_window_start") }}' as timestamp)
        and tickets.opened_at < cast('{{ var("event_window_end") }}' as timestamp)
    {%- elif is_incremental() %}
    left join watermark on tickets.landlord_id = watermark.landlord_id
    where watermark.cutoff is null
        or tickets.closed_at is null
        or tickets.opened_at >= watermark.cutoff
        or tickets.closed_at >= watermark.cutoff
    {%- endif %}

),

located as (

    select
        changed_tickets.*,
        dwellings.dwelling_key,
        coalesce(changed_tickets.building_id, dwellings.building_id) as located_building_id,
        coalesce(dwellings.territory_code, buildings.territory_code) as territory_code
    from changed_tickets
    left join dwellings
        on changed_tickets.landlord_id = dwellings.landlord_id
        and changed_tickets.dwelling_id = dwellings.dwelling_id
    left join buildings
        on changed_tickets.landlord_id = buildings.landlord_id
        and coalesce(changed_tickets.building_id, dwellings.building_id) = buildings.building_id

),

with_deadline_days as (

    select
        located.*,
        deadlines.deadline_value,
        deadlines.deadline_unit,
        case
            when deadlines.deadline_unit = 'working_day'
                then opening_day.working_day_index + deadlines.deadline_value
        end as deadline_working_day_index
    from located
    left join deadlines
        on located.urgency = deadlines.urgency
    left join calendar as opening_day
        on cast(located.opened_at as date) = opening_day.calendar_date

),

working_days as (

    select calendar_date, working_day_index from calendar where is_working_day

),

with_deadlines as (

    select
        with_deadline_days.*,
        case with_deadline_days.deadline_unit
            when 'hour'
                then {{ dbt.dateadd('hour', 'with_deadline_days.deadline_value', 'with_deadline_days.opened_at') }}
            {#- closed by the end of the N-th working day after the opening day #}
            when 'working_day'
                then cast({{ dbt.dateadd('day', 1, 'deadline_day.calendar_date') }} as timestamp)
        end as deadline_at
    from with_deadline_days
    {#- equi-join on a precomputed index: a hash join, not a nested loop over the calendar #}
    left join working_days as deadline_day
        on with_deadline_days.deadline_working_day_index = deadline_day.working_day_index

),

final as (

    select
        with_deadlines.landlord_id,
        with_deadlines.ticket_id,
        with_deadlines.kind,
        with_deadlines.parent_ticket_id,
        with_deadlines.dwelling_key,
        with_deadlines.dwelling_id,
        {{ building_key('with_deadlines.landlord_id', 'with_deadlines.located_building_id') }}
            as building_key,
        with_deadlines.located_building_id as building_id,
        with_deadlines.territory_code,
        with_deadlines.category,
        with_deadlines.urgency,
        with_deadlines.channel,
        with_deadlines.status,
        with_deadlines.opened_at,
        with_deadlines.closed_at,
        cast(extract(year from with_deadlines.opened_at) as integer) as opened_year,
        with_deadlines.status = 'annulee' as is_cancelled,
        with_deadlines.closed_at is not null and with_deadlines.status <> 'annulee' as is_closed,
        case
            when with_deadlines.closed_at is not null
                then cast({{ dbt.datediff('with_deadlines.opened_at', 'with_deadlines.closed_at', 'second') }}
                    as double) / 3600
        end as delay_hours,
        with_deadlines.deadline_value,
        with_deadlines.deadline_unit,
        with_deadlines.deadline_at,
        case
            when with_deadlines.status = 'annulee' or with_deadlines.deadline_at is null then null
            when with_deadlines.closed_at is not null
                then with_deadlines.closed_at <= with_deadlines.deadline_at
            when as_of.as_of_at > with_deadlines.deadline_at then false
        end as is_within_deadline,
        with_deadlines.source_file,
        with_deadlines.source_line
    from with_deadlines
    inner join as_of on with_deadlines.landlord_id = as_of.landlord_id

)

select * from final
