{#- One row per attribution decision, placed on the attributed dwelling and its commune, with
    the flags the CUS social indicators PS-1 and PS-2 need. The rules that turn these flags
    into PS-1 / PS-2 numerators live in agg_management__attributions_by_segment. -#}
with

attributions as (

    select * from {{ ref('stg_tenancy__attributions') }}

),

dwellings as (

    select * from {{ ref('int_service__dwelling_locations') }}

)

select
    attributions.landlord_id,
    attributions.attribution_id,
    dwellings.dwelling_key,
    attributions.dwelling_id,
    {{ landlord_key('attributions.landlord_id', 'attributions.household_id') }} as household_key,
    dwellings.territory_code,
    attributions.decision_date,
    cast(extract(year from attributions.decision_date) as integer) as decision_year,
    attributions.is_dalo,
    attributions.is_priority,
    attributions.is_first_quartile,
    attributions.is_dwelling_in_qpv,
    attributions.reservation_holder,
    coalesce(attributions.is_transfer, false) as is_transfer,
    attributions.source_file,
    attributions.source_line
from attributions
left join dwellings
    on attributions.landlord_id = dwellings.landlord_id
    and attributions.dwelling_id = dwellings.dwelling_id
