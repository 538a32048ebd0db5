{#- One row per dwelling of each landlord, described by its latest RPLS millésime. The yearly
    states are in fct_dwelling_snapshot. -#}
with

dwellings as (

    select
        *,
        row_number() over (
            partition by landlord_id, dwelling_id order by millesime desc
        ) as recency
    from {{ ref('stg_rpls__dwellings') }}

),

spans as (

    select
        landlord_id,
        dwelling_id,
        min(millesime) as first_millesime,
        max(millesime) as last_millesime
    from dwellings
    group by landlord_id, dwelling_id

)

select
    {{ dwelling_key('dwellings.landlord_id', 'dwellings.dwelling_id') }} as dwelling_key,
    dwellings.landlord_id,
    dwellings.dwelling_id,
    dwellings.rpls_id,
    dwellings.territory_code,
    dwellings.building_id,
    dwellings.is_in_qpv,
    dwellings.construction_type,
    dwellings.rooms,
    dwellings.living_area_m2,
    dwellings.construction_year,
    dwellings.financing_code,
    dwellings.is_in_stock,
    spans.first_millesime,
    spans.last_millesime
from dwellings
inner join spans
    on dwellings.landlord_id = spans.landlord_id
    and dwellings.dwelling_id = spans.dwelling_id
where dwellings.recency = 1
