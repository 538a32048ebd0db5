{#- The segments every building-based KPI is cut by (landlord, agence, QPV), one row per
    building, so elevator, complaint and works marts share one rule:
    - agence and direction as for dwellings (int_segments__dwelling): the building's agence
      and its direction, else the direction of the building's commune;
    - qpv_label: the QPV status of most of its dwellings in its latest millésime, ties going
      to « En QPV » (a building half in a priority neighbourhood counts as one);
    - main_financing_label: the financing family of most of its dwellings in that millésime
      (ties to the first family in label order). Building facts carry no financing of their
      own; only a fact about the building's dwellings as a whole (works) may use it. -#}
with

buildings as (

    select building_key, landlord_id, territory_code, last_millesime,
        agence_code, agence_name, direction_code, direction_name
    from {{ ref('int_buildings__organised') }}

),

dwellings as (

    select building_key, millesime, qpv_label, financing_label
    from {{ ref('int_segments__dwelling') }}
    where building_key is not null

),

latest_dwellings as (

    select dwellings.*
    from dwellings
    inner join buildings
        on dwellings.building_key = buildings.building_key
        and dwellings.millesime = buildings.last_millesime

),

qpv as (

    select building_key, qpv_label
    from latest_dwellings
    group by building_key, qpv_label
    qualify row_number() over (
        partition by building_key
        order by count(*) desc,
            case qpv_label when 'En QPV' then 1 when 'Hors QPV' then 2 else 3 end
    ) = 1

),

financing as (

    select building_key, financing_label
    from latest_dwellings
    group by building_key, financing_label
    qualify row_number() over (
        partition by building_key order by count(*) desc, financing_label
    ) = 1

),

territory as (

    select territory_code, commune_code from {{ ref('int_territories__rollup') }}

),

commune_direction as (

    select landlord_id, territory_code as commune_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    where territory_level = 'commune'

)

select
    buildings.building_key,
    buildings.landlord_id,
    buildings.territory_code,
    buildings.agence_code,
    buildings.agence_name,
    case when buildings.direction_code is not null then buildings.direction_code
        else commune_direction.direction_code end as direction_code,
    case when buildings.direction_code is not null then buildings.direction_name
        else commune_direction.direction_name end as direction_name,
    coalesce(qpv.qpv_label, 'Non renseigné') as qpv_label,
    coalesce(financing.financing_label, 'Non renseigné') as main_financing_label
from buildings
left join qpv on buildings.building_key = qpv.building_key
left join financing on buildings.building_key = financing.building_key
left join territory on buildings.territory_code = territory.territory_code
left join commune_direction
    on buildings.landlord_id = commune_direction.landlord_id
    and territory.commune_code = commune_direction.commune_code
