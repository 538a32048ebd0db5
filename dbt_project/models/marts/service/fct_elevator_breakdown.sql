{#- One row per elevator breakdown, with its duration and whether it lasted more than 4 hours
    (a landlord's usual internal commitment, e.g. Logirem's CUS 2011-2016: breakdowns > 4 h per
    elevator per year).

    A breakdown still running (no ended_at) lasts until its landlord's log's as-of time: the
    latest start or end in that landlord's log, or var service_as_of (each landlord of a
    federation sends its log on its own day). Incremental, per landlord: reprocesses breakdowns
    started or ended within var incremental_lookback_days (31) of the landlord's latest start
    already loaded, and every breakdown still running.

    Replay of one period: with vars event_window_start / event_window_end (a month, set by
    the Dagster partition) only the events that began in [start, end) are rebuilt
    (delete+insert on the unique key), rows of other periods are left untouched. -#}
{#- The dims its relationship tests point to are built before it (Dagster builds the event
    facts in a step of their own, after everything they depend on). #}
-- depends_on: {{ ref('dim_territory') }}
{{ config(
    materialized='incremental',
    incremental_strategy=var('event_facts_incremental_strategy', 'delete+insert'),
    unique_key=['landlord_id', 'breakdown_id'],
    on_schema_change='append_new_columns',
) }}

with

breakdowns as (

    select * from {{ ref('stg_maintenance__elevator_breakdowns') }}

),

elevators as (

    select * from {{ ref('dim_elevator') }}

),

as_of as (

    select
        landlord_id,
    {%- if var('service_as_of', none) %}
        cast('{{ var("service_as_of") }}' as timestamp) as as_of_at
    {%- else %}
        max(case when ended_at > started_at then ended_at else started_at end) as as_of_at
    {%- endif %}
    from breakdowns
    group by landlord_id

),

{%- if is_incremental() %}

watermark as (

    {{ landlord_watermark('started_at') }}

),
{%- endif %}

changed_breakdowns as (

    select breakdowns.*
    from breakdowns
    {%- if var('event_window_start', none) %}
    {#- replay of one period (a Dagster partition): exactly the events that began in it #}
    where breakdowns.started_at >= cast('{{ var("event_window_start") }}' as timestamp)
        and breakdowns.started_at < cast('{{ var("event_window_end") }}' as timestamp)
    {%- elif is_incremental() %}
    left join watermark on breakdowns.landlord_id = watermark.landlord_id
    where watermark.cutoff is null
        or breakdowns.ended_at is null
        or breakdowns.started_at >= watermark.cutoff
        or breakdowns.ended_at >= watermark.cutoff
    {%- endif %}

),

timed as (

    select
        changed_breakdowns.*,
        changed_breakdowns.ended_at is null as is_ongoing,
        case
            when changed_breakdowns.ended_at is not null then changed_breakdowns.ended_at
            when as_of.as_of_at > changed_breakdowns.started_at then as_of.as_of_at
            else changed_breakdowns.started_at
        end as effective_end_at
    from changed_breakdowns
    inner join as_of on changed_breakdowns.landlord_id = as_of.landlord_id

),

final as (

    select
        timed.landlord_id,
        timed.breakdown_id,
        {{ landlord_key('timed.landlord_id', 'timed.elevator_id') }} as elevator_key,
        timed.elevator_id,
        elevators.building_key,
        elevators.building_id,
        elevators.territory_code,
        timed.cause,
        timed.started_at,
        timed.ended_at,
        timed.is_ongoing,
        timed.effective_end_at,
        cast(extract(year from timed.started_at) as integer) as breakdown_year,
        cast({{ dbt.datediff('timed.started_at', 'timed.effective_end_at', 'second') }} as double)
            / 3600 as duration_hours,
        {{ dbt.datediff('timed.started_at', 'timed.effective_end_at', 'second') }} > 4 * 3600
            as is_over_4h,
        timed.source_file,
        timed.source_line
    from timed
    left join elevators
        on timed.landlord_id = elevators.landlord_id
        and timed.elevator_id = elevators.elevator_id

)

select * from final
