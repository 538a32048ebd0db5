{#- The landlord's territorial organisation, one row per agence: landlord → direction
    territoriale → agence (organisation source). An intermediate model so the building and
    segment lookups name an agence's direction without reading a mart; dim_organisation
    publishes it as it is. An agence whose direction row is missing (quarantined, or not in
    the file) keeps its direction code and is named after it, « <code> (libellé absent du
    fichier organisation) »: the quarantine says why, and one bad row does not stop the publish
    of every landlord of the warehouse. -#}
with

units as (

    select * from {{ ref('stg_organisation__units') }}

),

directions as (

    select distinct landlord_id, unit_code as direction_code, unit_name as direction_name
    from units
    where unit_type = 'direction_territoriale'

),

agences as (

    select distinct landlord_id, unit_code as agence_code, unit_name as agence_name,
        parent_code as direction_code
    from units
    where unit_type = 'agence'

),

final as (

    select
        {{ landlord_key('agences.landlord_id', 'agences.agence_code') }} as agence_key,
        agences.landlord_id,
        agences.direction_code,
        coalesce(directions.direction_name,
            agences.direction_code || ' (libellé absent du fichier organisation)')
            as direction_name,
        agences.agence_code,
        agences.agence_name
    from agences
    left join directions
        on agences.landlord_id = directions.landlord_id
        and agences.direction_code = directions.direction_code

)

select * from final
