{#- The segments (landlord, agence, direction, QPV, financing) of each dwelling as described by
    its latest millésime, for the tenancy, maintenance and survey facts: they name a dwelling
    without a millésime, and their commune already comes from that same latest millésime
    (int_service__dwelling_locations). The rules live in int_segments__dwelling. -#}
with

segments as (

    select * from {{ ref('int_segments__dwelling') }}

)

select
    dwelling_key,
    millesime,
    landlord_id,
    agence_code,
    agence_name,
    direction_code,
    direction_name,
    qpv_label,
    financing_label
from segments
qualify row_number() over (partition by dwelling_key order by millesime desc) = 1
