{#- The segments (landlord, agence, direction, QPV, main financing) of each building with its
    landlord's own building_id: the maintenance, survey and works files name a building by that
    id, within their landlord (join on building_key). The rules live in int_segments__building. -#}
with

buildings as (

    select building_key, building_id from {{ ref('int_buildings__located') }}

),

segments as (

    select * from {{ ref('int_segments__building') }}

)

select
    buildings.building_id,
    segments.building_key,
    segments.landlord_id,
    segments.agence_code,
    segments.agence_name,
    segments.direction_code,
    segments.direction_name,
    segments.qpv_label,
    segments.main_financing_label
from segments
inner join buildings on segments.building_key = buildings.building_key
