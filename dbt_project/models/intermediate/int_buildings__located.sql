{#- Buildings (RPLS position 18 "immeuble") described by their dwellings in the latest
    millésime where they appear; elevators from the elevator inventory. -#}
with

dwellings as (

    select * from {{ ref('stg_rpls__dwellings') }}
    where building_id is not null

),

latest as (

    select landlord_id, building_id, max(millesime) as last_millesime
    from dwellings
    group by landlord_id, building_id

),

current_dwellings as (

    select dwellings.*
    from dwellings
    inner join latest
        on dwellings.landlord_id = latest.landlord_id
        and dwellings.building_id = latest.building_id
        and dwellings.millesime = latest.last_millesime

),

by_commune as (

    select
        landlord_id,
        building_id,
        territory_code,
        count(*) as dwellings,
        row_number() over (
            partition by landlord_id, building_id order by count(*) desc, territory_code
        ) as rank_in_building
    from current_dwellings
    group by landlord_id, building_id, territory_code

),

summary as (

    select
        landlord_id,
        building_id,
        count(*) as dwellings,
        sum(case when is_in_stock then 1 else 0 end) as dwellings_in_stock,
        sum(case when construction_type = 'I' then 1 else 0 end) as individual_dwellings,
        min(construction_year) as construction_year,
        max(case when is_in_qpv then 1 else 0 end) as in_qpv,
        max(last_millesime) as last_millesime
    from current_dwellings
    inner join latest using (landlord_id, building_id)
    group by landlord_id, building_id

),

elevators as (

    select landlord_id, building_id, count(*) as elevators
    from {{ ref('stg_maintenance__elevators') }}
    group by landlord_id, building_id

)

select
    {{ building_key("summary.landlord_id", "summary.building_id") }} as building_key,
    summary.landlord_id,
    summary.building_id,
    by_commune.territory_code,
    case when summary.individual_dwellings = summary.dwellings then 'individuel'
        else 'collectif' end as construction_type,
    summary.construction_year,
    summary.in_qpv = 1 as is_in_qpv,
    summary.dwellings,
    summary.dwellings_in_stock,
    coalesce(elevators.elevators, 0) as elevators,
    summary.last_millesime
from summary
inner join by_commune
    on summary.landlord_id = by_commune.landlord_id
    and summary.building_id = by_commune.building_id
    and by_commune.rank_in_building = 1
left join elevators
    on summary.landlord_id = elevators.landlord_id
    and summary.building_id = elevators.building_id
