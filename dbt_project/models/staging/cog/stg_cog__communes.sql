with

source as (

    select * from {{ source('reference', 'cog_communes') }}

),

renamed as (

    select
        code as territory_code,
        nom as territory_name,
        type as territory_type,
        commune_rattachement as commune_code,
        departement as departement_code,
        region as region_code,
        nullif(epci, '') as epci_code,
        cast(nullif(population, '') as integer) as population,
        zone
    from source

)

select * from renamed
