{#- Buildings (int_buildings__located) with the agence in charge of them
    (int_organisation__building_agence) and that agence's direction territoriale
    (int_organisation__agences). An intermediate model so the direction and segment lookups
    read a building's organisation without reading a mart; dim_building publishes it. -#}
with

buildings as (

    select * from {{ ref('int_buildings__located') }}

),

agence as (

    select * from {{ ref('int_organisation__building_agence') }}

),

organisation as (

    select * from {{ ref('int_organisation__agences') }}

),

final as (

    select
        buildings.*,
        agence.agence_code,
        organisation.agence_name,
        organisation.direction_code,
        organisation.direction_name
    from buildings
    left join agence on buildings.building_key = agence.building_key
    left join organisation
        on buildings.landlord_id = organisation.landlord_id
        and agence.agence_code = organisation.agence_code

)

select * from final
