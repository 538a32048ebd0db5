{#- One row per lease and billed month: rent and charges billed, cash collected, placed on the
    lease's dwelling and commune.

    Incremental, per landlord: reprocesses the months within var incremental_lookback_days (31)
    of the landlord's latest month already loaded, so a monthly export costs in proportion to its new months while late
    payments booked on the previous month are still picked up.

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
    unique_key=['landlord_id', 'lease_id', 'billing_month'],
    on_schema_change='append_new_columns',
) }}

with

billing as (

    select * from {{ ref('stg_tenancy__rent_billing') }}

),

leases as (

    select * from {{ ref('fct_lease') }}

),

{%- if is_incremental() %}

watermark as (

    {{ landlord_watermark('billing_month') }}

),
{%- endif %}

changed_billing as (

    select billing.*
    from billing
    {%- if var('event_window_start', none) %}
    {#- replay of one period (a Dagster partition): exactly the events that began in it #}
    where billing.month >= cast('{{ var("event_window_start") }}' as date)
        and billing.month < cast('{{ var("event_window_end") }}' as date)
    {%- elif is_incremental() %}
    left join watermark on billing.landlord_id = watermark.landlord_id
    where watermark.cutoff is null or billing.month >= watermark.cutoff
    {%- endif %}

)

select
    changed_billing.landlord_id,
    changed_billing.lease_id,
    leases.lease_key,
    changed_billing.month as billing_month,
    cast(extract(year from changed_billing.month) as integer) as billing_year,
    leases.dwelling_key,
    leases.household_key,
    leases.territory_code,
    cast(changed_billing.rent_billed as double) as rent_billed,
    cast(changed_billing.charges_billed as double) as charges_billed,
    cast(changed_billing.rent_billed + changed_billing.charges_billed as double) as total_billed,
    cast(changed_billing.amount_paid as double) as amount_paid,
    changed_billing.source_file,
    changed_billing.source_line
from changed_billing
left join leases
    on changed_billing.landlord_id = leases.landlord_id
    and changed_billing.lease_id = leases.lease_id
