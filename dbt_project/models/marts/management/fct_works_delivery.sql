{#- One row per line of a new-build delivery programme (a programme has one line per
    financing), so the KPI marts read deliveries from a fact. Which line represents the
    programme in the segment counts stays a rule of agg_management__works_by_segment. -#}
with

deliveries as (

    select * from {{ ref('stg_works__deliveries') }}

)

select
    landlord_id,
    operation_id,
    financing,
    {{ building_key('landlord_id', 'building_id') }} as building_key,
    building_id,
    commune_code,
    delivery_date,
    dwellings,
    is_in_qpv,
    source_file,
    source_line
from deliveries
