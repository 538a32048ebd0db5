{#- One row per lease and observation date (month end): the tenant's debt, present or departed
    tenant, placed on the lease's dwelling and commune.

    Incremental: reprocesses the observations within var incremental_lookback_days (31) of the
    latest observation already loaded. -#}
{{ config(
    materialized='incremental',
    incremental_strategy=var('event_facts_incremental_strategy', 'delete+insert'),
    unique_key=['lease_id', 'observed_on'],
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

    select
        coalesce(
            {{ dbt.dateadd('day', -var('incremental_lookback_days', 31), 'max(observed_on)') }},
            cast('1900-01-01' as date)
        ) as cutoff
    from {{ this }}

),
{%- endif %}

changed_arrears as (

    select arrears.*
    from arrears
    {%- if is_incremental() %}
    cross join watermark
    where arrears.observed_on >= watermark.cutoff
    {%- endif %}

)

select
    changed_arrears.lease_id,
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
left join leases on changed_arrears.lease_id = leases.lease_id
