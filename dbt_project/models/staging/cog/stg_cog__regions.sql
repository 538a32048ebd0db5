with

source as (

    select * from {{ source('reference', 'cog_regions') }}

)

select
    code as region_code,
    nom as region_name
from source
