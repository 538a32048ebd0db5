{#- Where each dwelling is: its commune and building in the latest millésime that lists it.

    Tenancy, maintenance and survey files carry the landlord's dwelling id but no landlord id.
    The warehouse holds one landlord today, so this model is keyed by dwelling_id alone and the
    `unique` test on dwelling_id turns the assumption into a check: it fails the day a second
    landlord with overlapping ids is loaded, before any fact double-counts. -#}
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
    millesime as last_millesime
from ranked
where recency = 1
