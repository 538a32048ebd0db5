{#- Where each dwelling is: its commune and building in the latest millésime that lists it.
    Keyed by landlord and dwelling id (dwelling_key): tenancy, maintenance and survey rows name
    a dwelling by its landlord's own id, which another landlord of a federation may use too. -#}
with

dwellings as (

    select * from {{ ref('stg_rpls__dwellings') }}

),

ranked as (

    select
        landlord_id,
        dwelling_id,
        territory_code,
        building_id,
        millesime,
        row_number() over (
            partition by landlord_id, dwelling_id order by millesime desc
        ) as recency
    from dwellings

)

select
    {{ dwelling_key('landlord_id', 'dwelling_id') }} as dwelling_key,
    landlord_id,
    dwelling_id,
    territory_code,
    building_id,
    {{ building_key('landlord_id', 'building_id') }} as building_key,
    millesime as last_millesime
from ranked
where recency = 1
