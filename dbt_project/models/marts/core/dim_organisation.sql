{#- The landlord's territorial organisation, one row per agence (landlord → direction
    territoriale → agence). The rule lives in int_organisation__agences, which the building
    and segment lookups read too; this dimension publishes it. -#}
with

agences as (

    select * from {{ ref('int_organisation__agences') }}

)

select
    agence_key,
    landlord_id,
    direction_code,
    direction_name,
    agence_code,
    agence_name
from agences
