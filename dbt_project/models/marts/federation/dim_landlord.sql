{#- The landlords of the warehouse: each one's name (raison sociale of its latest RPLS header,
    else its trade name, else its number), its main région and département (those holding most
    of its dwellings in stock in its latest millésime; ties: the lowest code) and its dwellings
    in stock then. A landlord known only from its stock (no header) keeps its number as name. -#}
with

headers as (

    select * from {{ ref('stg_rpls__headers') }}

),

latest_headers as (

    select *
    from headers
    qualify row_number() over (partition by landlord_id order by millesime desc) = 1

),

snapshot as (

    select * from {{ ref('fct_dwelling_snapshot') }}
    where is_in_stock

),

territory as (

    select * from {{ ref('dim_territory') }}

),

latest_stock as (

    select snapshot.landlord_id, snapshot.millesime, territory.region_code,
        territory.region_name, territory.departement_code, territory.departement_name
    from snapshot
    inner join territory on snapshot.territory_code = territory.territory_code
    qualify snapshot.millesime = max(snapshot.millesime) over (partition by snapshot.landlord_id)

),

stock as (

    select landlord_id, max(millesime) as stock_millesime, count(*) as dwellings_in_stock
    from latest_stock
    group by landlord_id

),

main_region as (

    select landlord_id, region_code, region_name
    from latest_stock
    group by landlord_id, region_code, region_name
    qualify row_number() over (
        partition by landlord_id order by count(*) desc, region_code) = 1

),

main_departement as (

    select landlord_id, departement_code, departement_name
    from latest_stock
    group by landlord_id, departement_code, departement_name
    qualify row_number() over (
        partition by landlord_id order by count(*) desc, departement_code) = 1

),

landlords as (

    select landlord_id from headers
    union
    select landlord_id from snapshot

)

select
    landlords.landlord_id,
    coalesce(latest_headers.company_name, latest_headers.trade_name, landlords.landlord_id)
        as landlord_name,
    latest_headers.trade_name,
    latest_headers.siret,
    cast(latest_headers.millesime as integer) as header_millesime,
    cast(stock.stock_millesime as integer) as stock_millesime,
    main_region.region_code,
    main_region.region_name,
    main_departement.departement_code,
    main_departement.departement_name,
    cast(coalesce(stock.dwellings_in_stock, 0) as bigint) as dwellings_in_stock
from landlords
left join latest_headers on landlords.landlord_id = latest_headers.landlord_id
left join stock on landlords.landlord_id = stock.landlord_id
left join main_region on landlords.landlord_id = main_region.landlord_id
left join main_departement on landlords.landlord_id = main_departement.landlord_id
