{#- The direction territoriale each territory belongs to within each landlord, for the
    row-level security of the KPI marts (a territorial director sees the rows of its direction
    only). Two landlords of a federation both present in a commune each have their direction.

    - commune: the direction in charge of most of the commune's dwellings (its buildings'
      agences). A commune split between two directions (a large city cut by streets) belongs
      to ONE direction, so every KPI row has exactly one owner and the directions' totals add
      up to the landlord's; ties go to the smallest direction code.
    - epci, departement, region: the direction of its communes when they all belong to the
      same one; otherwise none (the row is seen by the general management only).
    Communes no agence covers have no direction. -#}
with

buildings as (

    select landlord_id, territory_code, direction_code, direction_name, dwellings
    from {{ ref('int_buildings__organised') }}
    where direction_code is not null

),

territory as (

    select * from {{ ref('int_territories__rollup') }}

),

commune_weights as (

    select
        buildings.landlord_id,
        territory.commune_code,
        buildings.direction_code,
        buildings.direction_name,
        sum(coalesce(buildings.dwellings, 0)) as dwellings
    from buildings
    inner join territory on buildings.territory_code = territory.territory_code
    group by buildings.landlord_id, territory.commune_code, buildings.direction_code,
        buildings.direction_name

),

communes as (

    select landlord_id, commune_code, direction_code, direction_name
    from commune_weights
    qualify row_number() over (
        partition by landlord_id, commune_code order by dwellings desc, direction_code
    ) = 1

),

commune_levels as (

    select distinct
        communes.landlord_id,
        communes.commune_code,
        communes.direction_code,
        communes.direction_name,
        territory.epci_code,
        territory.departement_code,
        territory.region_code
    from communes
    inner join territory on communes.commune_code = territory.commune_code

),

{% set levels = ['epci', 'departement', 'region'] -%}
{% for level in levels %}
{{ level }}_directions as (

    select
        landlord_id,
        '{{ level }}' as territory_level,
        {{ level }}_code as territory_code,
        min(direction_code) as direction_code,
        min(direction_name) as direction_name
    from commune_levels
    where {{ level }}_code is not null
    group by landlord_id, {{ level }}_code
    having count(distinct direction_code) = 1

),
{% endfor %}

unioned as (

    select landlord_id, 'commune' as territory_level, commune_code as territory_code,
        direction_code, direction_name
    from communes
    {% for level in levels %}
    union all
    select * from {{ level }}_directions
    {% endfor %}

)

select * from unioned
