{#- The agence in charge of each building: the agence that lists the building itself, else
    the agence covering the building's commune (a commune may be split by buildings). -#}
with

buildings as (

    select building_key, landlord_id, building_id, territory_code
    from {{ ref('int_buildings__located') }}

),

territory as (

    select territory_code, commune_code from {{ ref('int_territories__rollup') }}

),

coverage as (

    select landlord_id, unit_code as agence_code, covers_type, covers_code
    from {{ ref('stg_organisation__units') }}
    where unit_type = 'agence'

),

candidates as (

    select buildings.building_key, coverage.agence_code, 1 as priority
    from buildings
    inner join coverage
        on coverage.covers_type = 'immeuble'
        and buildings.building_id = coverage.covers_code
        and buildings.landlord_id = coverage.landlord_id

    union all

    select buildings.building_key, coverage.agence_code, 2 as priority
    from buildings
    inner join territory on buildings.territory_code = territory.territory_code
    inner join coverage
        on coverage.covers_type = 'commune'
        and coverage.covers_code in (buildings.territory_code, territory.commune_code)
        and buildings.landlord_id = coverage.landlord_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by building_key order by priority, agence_code
        ) as choice
    from candidates

)

select building_key, agence_code from ranked where choice = 1
