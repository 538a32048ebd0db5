{#- One row per lease and observation date (month end): the tenant's debt, present or departed
    tenant, placed on the lease's dwelling and commune.

    Incremental, per landlord: reprocesses the observations within var
    incremental_lookback_days (31) of the landlord's latest observation already loaded.

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
    unique_key=['landlord_id', 'lease_id', 'observed_on'],
    on_schema_change='append_new_columns',
) }}

with

arrears as (

    select * from {{ ref('stg_tenancy__arrears') }}

),

leases as (

    select * from {{ ref('fct_lease') }}

),

{%- if is_incremental() %}

watermark as (

    {{ landlord_watermark('observed_on') }}

),
{%- endif %}

changed_arrears as (

    select arrears.*
    from arrears
    {%- if var('event_window_start', none) %}
    {#- replay of one period (a Dagster partition): exactly the events that began in it #}
    where arrears.observed_on >= cast('{{ var("event_window_start") }}' as date)
        and arrears.observed_on < cast('{{ var("event_window_end") }}' as date)
    {%- elif is_incremental() %}
    left join watermark on arrears.landlord_id = watermark.landlord_id
    where watermark.cutoff is null or arrears.observed_on >= watermark.cutoff
    {%- endif %}

)

select
    changed_arrears.landlord_id,
    changed_arrears.lease_id,
    leases.lease_key,
    changed_arrears.observed_on,
    cast(extract(year from changed_arrears.observed_on) as integer) as observed_year,
    leases.dwelling_key,
    leases.household_key,
    leases.territory_code,
    cast(changed_arrears.amount_due as double) as amount_due,
    changed_arrears.tenant_status,
    changed_arrears.tenant_status = 'parti' as is_departed_tenant,
    changed_arrears.source_file,
    changed_arrears.source_line
from changed_arrears
left join leases
    on changed_arrears.landlord_id = leases.landlord_id
    and changed_arrears.lease_id = leases.lease_id
