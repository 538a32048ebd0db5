{#- The landlord header line of each RPLS file: who the landlord is (company and trade names,
    SIRET), one row per landlord and millésime (a corrected deposit replaces the earlier one). -#}
with

source as (

    select * from {{ source('raw', 'rpls_headers') }}

)

select
    landlord_id,
    cast(millesime as integer) as millesime,
    company_name,
    trade_name,
    siret,
    cast(declared_dwellings as bigint) as declared_dwellings,
    _file_name as source_file,
    _loaded_at as loaded_at
from source
