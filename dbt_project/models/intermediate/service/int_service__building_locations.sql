{#- The commune of each building (RPLS position 18), from the dwellings of that building in the
    latest millésime that lists the building. A building whose dwellings sit in several
    communes takes the commune holding most of them (ties: the smallest code). Keyed by
    building_id alone: same single-landlord assumption as int_service__dwelling_locations. -#}
with

dwellings as (

    select * from {{ ref('stg_rpls__dwellings') }}
    where building_id is not null

),

latest as (

    select
        building_id,
        max(millesime) as last_millesime
    from dwellings
    group by building_id

),

by_territory as (

    select
        dwellings.building_id,
        dwellings.territory_code,
        latest.last_millesime,
        count(*) as dwellings
    from dwellings
    inner join latest
        on dwellings.building_id = latest.building_id
        and dwellings.millesime = latest.last_millesime
    group by dwellings.building_id, dwellings.territory_code, latest.last_millesime

),

ranked as (

    select
        *,
        row_number() over (
            partition by building_id order by dwellings desc, territory_code
        ) as territory_rank
    from by_territory

)

select
    building_id,
    territory_code,
    last_millesime,
    cast(dwellings as bigint) as dwellings_in_territory
from ranked
where territory_rank = 1
