{#- One row per works operation of each landlord (rehabilitation, energy renovation, component
    replacement), running or received, so the KPI marts read works from a fact: the renovation
    KPIs (kpi_renovations) and the management works counts take their operations here. -#}
with

operations as (

    select * from {{ ref('stg_works__operations') }}

)

select
    landlord_id,
    operation_id,
    {{ building_key('landlord_id', 'building_id') }} as building_key,
    building_id,
    operation_type,
    dwellings_concerned,
    start_date,
    end_date,
    cost_eur,
    dpe_before,
    dpe_after,
    cdc_loan_eligible,
    source_file,
    source_line
from operations
