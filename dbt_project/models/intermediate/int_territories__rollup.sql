{#- One row per COG code a landlord file may carry. PLM municipal arrondissements and old
    communes roll up to their current commune, which rolls up to EPCI, département, région.
    An intermediate model so the shared lookups (agence, direction, segments) place a code
    without reading a mart; dim_territory publishes it as it is. -#}
with

codes as (

    select * from {{ ref('stg_cog__communes') }}

),

communes as (

    select territory_code, territory_name from codes where territory_type = 'commune-actuelle'

),

epci as (

    select * from {{ ref('stg_cog__epci') }}

),

departements as (

    select * from {{ ref('stg_cog__departements') }}

),

regions as (

    select * from {{ ref('stg_cog__regions') }}

),

final as (

    select
        codes.territory_code,
        codes.territory_name,
        codes.territory_type,
        codes.commune_code,
        communes.territory_name as commune_name,
        codes.epci_code,
        epci.epci_name,
        codes.departement_code,
        departements.departement_name,
        codes.region_code,
        regions.region_name,
        codes.zone
    from codes
    left join communes on codes.commune_code = communes.territory_code
    left join epci on codes.epci_code = epci.epci_code
    left join departements on codes.departement_code = departements.departement_code
    left join regions on codes.region_code = regions.region_code

)

select * from final
