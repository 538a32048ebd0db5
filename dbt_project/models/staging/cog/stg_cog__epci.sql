with

source as (

    select * from {{ source('reference', 'cog_epci') }}

)

select
    code as epci_code,
    nom as epci_name,
    type as epci_type,
    cast(nullif(population, '') as integer) as population
from source
