{#- The landlord's territorial organisation, one row per agence: landlord → direction
    territoriale → agence (organisation source). An intermediate model so the building and
    segment lookups name an agence's direction without reading a mart; dim_organisation
    publishes it as it is. -#}
with

units as (

    select * from {{ ref('stg_organisation__units') }}

),

directions as (

    select distinct landlord_id, unit_code as direction_code, unit_name as direction_name
    from units
    where unit_type = 'direction_territoriale'

),

agences as (

    select distinct landlord_id, unit_code as agence_code, unit_name as agence_name,
        parent_code as direction_code
    from units
    where unit_type = 'agence'

),

final as (

    select
        {{ landlord_key('agences.landlord_id', 'agences.agence_code') }} as agence_key,
        agences.landlord_id,
        agences.direction_code,
        directions.direction_name,
        agences.agence_code,
        agences.agence_name
    from agences
    left join directions
        on agences.landlord_id = directions.landlord_id
        and agences.direction_code = directions.direction_code

)

select * from final
