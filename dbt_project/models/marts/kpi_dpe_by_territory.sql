{#- Dwellings in stock by DPE energy class, territory, landlord and millésime. Dwellings without a label
    are a class of their own ('Sans DPE') so every share can show them beside it. -#}
with

snapshot as (

    select * from {{ ref('fct_dwelling_snapshot') }}
    where is_in_stock

),

territory as (

    select * from {{ ref('dim_territory') }}

),

classified as (

    select
        snapshot.millesime,
        snapshot.landlord_id,
        territory.region_code,
        territory.region_name,
        territory.departement_code,
        territory.departement_name,
        territory.epci_code,
        territory.epci_name,
        territory.commune_code,
        territory.commune_name,
        coalesce(snapshot.dpe_energy_class, 'Sans DPE') as dpe_class
    from snapshot
    inner join territory on snapshot.territory_code = territory.territory_code

),

kpi as (

    select
        cast(millesime as integer) as millesime,
        {{ territory_columns() }},
        landlord_id,
        dpe_class,
        dpe_class <> 'Sans DPE' as is_labelled,
        dpe_class in ('F', 'G') as is_passoire,
        cast(count(*) as bigint) as dwellings
    from classified
    group by
        millesime, region_code, region_name, departement_code, departement_name,
        epci_code, epci_name, commune_code, commune_name, landlord_id, dpe_class

),

territory_direction as (

    select landlord_id, territory_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    where territory_level = 'commune'

)

select
    kpi.*,
    territory_direction.direction_code,
    territory_direction.direction_name
from kpi
left join territory_direction
    on kpi.landlord_id = territory_direction.landlord_id
    and kpi.commune_code = territory_direction.territory_code
