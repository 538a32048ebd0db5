{#- The segments every dwelling-based KPI is cut by (dashboard filters landlord, agence, QPV,
    financing), one row per dwelling and millésime, so the kpi_* marts join one model instead
    of repeating the rules:
    - agence: the agence in charge of the dwelling's building (int_buildings__organised);
    - direction: the direction of that agence; a dwelling no agence covers keeps the direction
      of its commune (int_organisation__territory_direction), so every row keeps its owner for
      the row-level security;
    - qpv_label from RPLS QPV, financing_label from RPLS FINAN through the financing_families
      seed; missing or unknown codes are « Non renseigné » (never dropped: totals must hold). -#}
with

snapshot as (

    select
        {{ dwelling_key('landlord_id', 'dwelling_id') }} as dwelling_key,
        millesime,
        landlord_id,
        territory_code,
        building_id,
        is_in_qpv,
        financing_code
    from {{ ref('stg_rpls__dwellings') }}

),

buildings as (

    select building_key, agence_code, agence_name, direction_code, direction_name
    from {{ ref('int_buildings__organised') }}

),

territory as (

    select territory_code, commune_code from {{ ref('int_territories__rollup') }}

),

commune_direction as (

    select landlord_id, territory_code as commune_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    where territory_level = 'commune'

),

financing as (

    select financing_code, financing_label from {{ ref('financing_families') }}

),

joined as (

    select
        snapshot.dwelling_key,
        snapshot.millesime,
        snapshot.landlord_id,
        snapshot.territory_code,
        buildings.building_key,
        buildings.agence_code,
        buildings.agence_name,
        buildings.direction_code is not null as has_agence_direction,
        buildings.direction_code as agence_direction_code,
        buildings.direction_name as agence_direction_name,
        commune_direction.direction_code as commune_direction_code,
        commune_direction.direction_name as commune_direction_name,
        case snapshot.is_in_qpv
            when true then 'En QPV'
            when false then 'Hors QPV'
            else 'Non renseigné'
        end as qpv_label,
        coalesce(financing.financing_label, 'Non renseigné') as financing_label
    from snapshot
    left join buildings
        on {{ building_key("snapshot.landlord_id", "snapshot.building_id") }}
        = buildings.building_key
    left join territory on snapshot.territory_code = territory.territory_code
    left join commune_direction
        on snapshot.landlord_id = commune_direction.landlord_id
        and territory.commune_code = commune_direction.commune_code
    left join financing on snapshot.financing_code = financing.financing_code

)

select
    dwelling_key,
    millesime,
    landlord_id,
    territory_code,
    building_key,
    agence_code,
    agence_name,
    case when has_agence_direction then agence_direction_code
        else commune_direction_code end as direction_code,
    case when has_agence_direction then agence_direction_name
        else commune_direction_name end as direction_name,
    qpv_label,
    financing_label
from joined
