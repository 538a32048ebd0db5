{#- One row per elevator of each landlord's inventory, placed on its building's commune. -#}
with

elevators as (

    select * from {{ ref('stg_maintenance__elevators') }}

),

buildings as (

    select * from {{ ref('int_buildings__located') }}

)

select
    {{ landlord_key('elevators.landlord_id', 'elevators.elevator_id') }} as elevator_key,
    elevators.landlord_id,
    elevators.elevator_id,
    {{ building_key('elevators.landlord_id', 'elevators.building_id') }} as building_key,
    elevators.building_id,
    buildings.territory_code,
    elevators.commissioning_year,
    elevators.floors_served,
    elevators.maintainer
from elevators
left join buildings
    on elevators.landlord_id = buildings.landlord_id
    and elevators.building_id = buildings.building_id
