{#- One row per elevator of the inventory, placed on its building's commune. -#}
with

elevators as (

    select * from {{ ref('stg_maintenance__elevators') }}

),

buildings as (

    select * from {{ ref('int_service__building_locations') }}

)

select
    elevators.elevator_id,
    elevators.building_id,
    buildings.territory_code,
    elevators.commissioning_year,
    elevators.floors_served,
    elevators.maintainer
from elevators
left join buildings on elevators.building_id = buildings.building_id
