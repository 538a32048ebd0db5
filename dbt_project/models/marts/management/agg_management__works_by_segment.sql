{#- New dwellings delivered and rehabilitation spending per commune, segment and calendar year.

    - deliveries: dwellings of new programmes delivered (or acquired) in the year, placed on the
      programme's commune; financing and QPV from the delivery file itself (its own line per
      financing), the landlord of the file, agence and direction from the delivered building
      when the RPLS already lists it (int_service__building_segments), else none and the
      landlord's direction of the commune. A programme counts once: in the segment of its largest line (most dwellings, then
      the first financing code), so programmes still add up over segments.
    - rehabilitation: operations received (end_date) in the year whose type is in var
      rehabilitation_operation_types (default: rehabilitation, renovation_energetique,
      remplacement_composants, i.e. all investment in the existing stock), placed on the
      building's commune and segments; an operation concerns the building as a whole, so its
      financing is the main financing family of the building's dwellings. Operations still
      running are not counted.

    Deliveries and rehabilitation are joined on the whole key, null segments included. -#}
{%- set operation_types = var('rehabilitation_operation_types',
    ['rehabilitation', 'renovation_energetique', 'remplacement_composants']) %}
{%- set grain = ['calendar_year', 'commune_code', 'landlord_id', 'agence_code', 'agence_name',
    'direction_code', 'direction_name', 'qpv_label', 'financing_label'] %}
{%- set delivery_financing = {
    'PLAI': 'PLAI', 'PLUS': 'PLUS', 'PLS': 'PLS', 'PLI': 'PLI', 'autre': 'Autre financement'} %}

with

deliveries as (

    select * from {{ ref('fct_works_delivery') }}

),

operations as (

    select * from {{ ref('fct_works_operation') }}
    where end_date is not null
        and operation_type in (
            {%- for operation_type in operation_types %}'{{ operation_type }}'{{ ", " if not loop.last }}{% endfor -%}
        )

),

buildings as (

    select * from {{ ref('int_buildings__located') }}

),

segments as (

    select * from {{ ref('int_service__building_segments') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

commune_direction as (

    select landlord_id, territory_code as commune_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    where territory_level = 'commune'

),

located_deliveries as (

    select
        deliveries.*,
        territory.commune_code as located_commune_code,
        row_number() over (
            partition by deliveries.landlord_id, deliveries.operation_id,
                extract(year from deliveries.delivery_date),
                territory.commune_code
            order by deliveries.dwellings desc, deliveries.financing, deliveries.building_id
        ) = 1 as is_programme_main_line
    from deliveries
    inner join territory on deliveries.commune_code = territory.territory_code

),

delivered as (

    select
        extract(year from deliveries.delivery_date) as calendar_year,
        deliveries.located_commune_code as commune_code,
        deliveries.landlord_id,
        segments.agence_code,
        segments.agence_name,
        case when segments.building_id is not null then segments.direction_code
            else commune_direction.direction_code end as direction_code,
        case when segments.building_id is not null then segments.direction_name
            else commune_direction.direction_name end as direction_name,
        case when deliveries.is_in_qpv then 'En QPV'
            when not deliveries.is_in_qpv then 'Hors QPV'
            else 'Non renseigné' end as qpv_label,
        case deliveries.financing
            {%- for code, label in delivery_financing.items() %}
            when '{{ code }}' then '{{ label }}'
            {%- endfor %}
            else 'Non renseigné'
        end as financing_label,
        sum(case when deliveries.is_programme_main_line then 1 else 0 end) as delivery_programmes,
        sum(deliveries.dwellings) as delivered_dwellings
    from located_deliveries as deliveries
    left join segments
        on {{ building_key('deliveries.landlord_id', 'deliveries.building_id') }}
        = segments.building_key
    left join commune_direction
        on deliveries.landlord_id = commune_direction.landlord_id
        and deliveries.located_commune_code = commune_direction.commune_code
    group by all

),

rehabilitated as (

    select
        extract(year from operations.end_date) as calendar_year,
        territory.commune_code,
        operations.landlord_id,
        segments.agence_code,
        segments.agence_name,
        segments.direction_code,
        segments.direction_name,
        coalesce(segments.qpv_label, 'Non renseigné') as qpv_label,
        coalesce(segments.main_financing_label, 'Non renseigné') as financing_label,
        count(*) as rehabilitation_operations,
        sum(operations.dwellings_concerned) as rehabilitated_dwellings,
        sum(operations.cost_eur) as rehabilitation_cost_eur
    from operations
    inner join buildings
        on operations.landlord_id = buildings.landlord_id
        and operations.building_id = buildings.building_id
    inner join territory on buildings.territory_code = territory.territory_code
    left join segments on buildings.building_key = segments.building_key
    group by all

),

keys as (

    select {{ grain | join(', ') }} from delivered
    union
    select {{ grain | join(', ') }} from rehabilitated

)

select
    cast(keys.calendar_year as integer) as year,
    {% for column in grain[1:] %}keys.{{ column }},
    {% endfor -%}
    cast(delivered.delivery_programmes as bigint) as delivery_programmes,
    cast(delivered.delivered_dwellings as bigint) as delivered_dwellings,
    cast(rehabilitated.rehabilitation_operations as bigint) as rehabilitation_operations,
    cast(rehabilitated.rehabilitated_dwellings as bigint) as rehabilitated_dwellings,
    cast(rehabilitated.rehabilitation_cost_eur as double) as rehabilitation_cost_eur
from keys
left join delivered
    on {{ null_safe_join_on(grain, 'keys', 'delivered') }}
left join rehabilitated
    on {{ null_safe_join_on(grain, 'keys', 'rehabilitated') }}
