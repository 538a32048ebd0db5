{#- Buildings with the agence and direction territoriale in charge of them. -#}
with

buildings as (

    select * from {{ ref('int_buildings__located') }}

),

agence as (

    select * from {{ ref('int_organisation__building_agence') }}

),

organisation as (

    select * from {{ ref('dim_organisation') }}

)

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
