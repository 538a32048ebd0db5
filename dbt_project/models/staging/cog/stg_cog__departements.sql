with

source as (

    select * from {{ source('reference', 'cog_departements') }}

)

select
    code as departement_code,
    nom as departement_name,
    region as region_code,
    zone
from source
