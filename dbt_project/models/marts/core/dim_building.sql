{#- Buildings with the agence and direction territoriale in charge of them. The rules live in
    int_buildings__located (place, dwellings, elevators) and int_buildings__organised (agence,
    direction), which the shared lookups read too; this dimension publishes them. -#}
with

buildings as (

    select * from {{ ref('int_buildings__organised') }}

)

select
    building_key,
    landlord_id,
    building_id,
    territory_code,
    construction_type,
    construction_year,
    is_in_qpv,
    dwellings,
    dwellings_in_stock,
    elevators,
    last_millesime,
    agence_code,
    agence_name,
    direction_code,
    direction_name
from buildings
