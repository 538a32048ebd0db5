{#- One row per COG code a landlord file may carry, rolled up to its current commune, EPCI,
    département and région. The rule lives in int_territories__rollup, which the shared
    lookups read too; this dimension publishes it. -#}
with

territories as (

    select * from {{ ref('int_territories__rollup') }}

)

select
    territory_code,
    territory_name,
    territory_type,
    commune_code,
    commune_name,
    epci_code,
    epci_name,
    departement_code,
    departement_name,
    region_code,
    region_name,
    zone
from territories
