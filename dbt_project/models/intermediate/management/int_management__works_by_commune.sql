{#- New dwellings delivered and rehabilitation spending per commune and calendar year.

    - deliveries: dwellings of new programmes delivered (or acquired) in the year, placed on the
      programme's commune.
    - rehabilitation: operations received (end_date) in the year whose type is in var
      rehabilitation_operation_types (default: rehabilitation, renovation_energetique,
      remplacement_composants, i.e. all investment in the existing stock), placed on the
      building's commune; operations still running are not counted. -#}
{%- set operation_types = var('rehabilitation_operation_types',
    ['rehabilitation', 'renovation_energetique', 'remplacement_composants']) %}

with

deliveries as (

    select * from {{ ref('stg_works__deliveries') }}

),

operations as (

    select * from {{ ref('stg_works__operations') }}
    where end_date is not null
        and operation_type in (
            {%- for operation_type in operation_types %}'{{ operation_type }}'{{ ", " if not loop.last }}{% endfor -%}
        )

),

buildings as (

    select * from {{ ref('int_service__building_locations') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

delivered as (

    select
        extract(year from deliveries.delivery_date) as calendar_year,
        territory.commune_code,
        count(distinct deliveries.operation_id) as delivery_programmes,
        sum(deliveries.dwellings) as delivered_dwellings
    from deliveries
    inner join territory on deliveries.commune_code = territory.territory_code
    group by extract(year from deliveries.delivery_date), territory.commune_code

),

rehabilitated as (

    select
        extract(year from operations.end_date) as calendar_year,
        territory.commune_code,
        count(*) as rehabilitation_operations,
        sum(operations.dwellings_concerned) as rehabilitated_dwellings,
        sum(operations.cost_eur) as rehabilitation_cost_eur
    from operations
    inner join buildings on operations.building_id = buildings.building_id
    inner join territory on buildings.territory_code = territory.territory_code
    group by extract(year from operations.end_date), territory.commune_code

),

keys as (

    select calendar_year, commune_code from delivered
    union
    select calendar_year, commune_code from rehabilitated

)

select
    cast(keys.calendar_year as integer) as year,
    keys.commune_code,
    cast(delivered.delivery_programmes as bigint) as delivery_programmes,
    cast(delivered.delivered_dwellings as bigint) as delivered_dwellings,
    cast(rehabilitated.rehabilitation_operations as bigint) as rehabilitation_operations,
    cast(rehabilitated.rehabilitated_dwellings as bigint) as rehabilitated_dwellings,
    cast(rehabilitated.rehabilitation_cost_eur as double) as rehabilitation_cost_eur
from keys
left join delivered
    on keys.calendar_year = delivered.calendar_year and keys.commune_code = delivered.commune_code
left join rehabilitated
    on keys.calendar_year = rehabilitated.calendar_year
    and keys.commune_code = rehabilitated.commune_code
