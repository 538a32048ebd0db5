{#- What the "Engagements CUS" dashboard reads: each commitment with its indicator's label,
    the territory's name at its level, target, realised value, status and landlord. -#}
with

commitments as (

    select * from {{ ref('agg_commitments__evaluated') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

territory_names as (

    {#- geographic names are everyone's; a direction or agence code is its landlord's own #}
    select distinct cast(null as varchar) as landlord_id, 'commune' as territory_level,
        commune_code as territory_code, commune_name as territory_name
    from {{ ref('dim_territory') }}
    union all
    select distinct null, 'epci', epci_code, epci_name
    from {{ ref('dim_territory') }} where epci_code is not null
    union all
    select distinct null, 'departement', departement_code, departement_name
    from {{ ref('dim_territory') }}
    union all
    select distinct null, 'region', region_code, region_name
    from {{ ref('dim_territory') }}
    union all
    select distinct landlord_id, 'direction', direction_code, direction_name
    from {{ ref('dim_organisation') }}
    union all
    select distinct landlord_id, 'agence', agence_code, agence_name
    from {{ ref('dim_organisation') }}

),

{#- The direction a commitment belongs to (row-level security): its own direction, the
    direction of its agence, or of its territory when that territory lies within one direction
    (see int_organisation__territory_direction); none for the whole landlord. -#}
territory_directions as (

    select landlord_id, territory_level, territory_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    union all
    select distinct landlord_id, 'direction', direction_code, direction_code, direction_name
    from {{ ref('dim_organisation') }}
    union all
    select distinct landlord_id, 'agence', agence_code, direction_code, direction_name
    from {{ ref('dim_organisation') }}

)

select
    commitments.commitment_key,
    commitments.indicator_code,
    coalesce(indicators.label, commitments.indicator_code) as indicator_label,
    indicators.family as indicator_family,
    commitments.origin,
    commitments.territory_level,
    commitments.territory_code,
    coalesce(territory_names.territory_name,
        case when commitments.territory_level = 'organisme' then 'Organisme' end,
        commitments.territory_code) as territory_name,
    cast(commitments.year as integer) as year,
    commitments.unit,
    commitments.target_type,
    cast(commitments.target as double) as target,
    cast(commitments.realised_value as double) as realised_value,
    cast(commitments.numerator as double) as numerator,
    cast(commitments.denominator as double) as denominator,
    cast(commitments.realised_value - commitments.target as double) as gap_to_target,
    commitments.status,
    commitments.landlord_id,
    territory_directions.direction_code,
    territory_directions.direction_name
from commitments
left join indicators on commitments.indicator_code = indicators.indicator_code
left join territory_names
    on coalesce(territory_names.landlord_id, commitments.landlord_id) = commitments.landlord_id
    and commitments.territory_level = territory_names.territory_level
    and commitments.territory_code = territory_names.territory_code
left join territory_directions
    on commitments.landlord_id = territory_directions.landlord_id
    and commitments.territory_level = territory_directions.territory_level
    and commitments.territory_code = territory_directions.territory_code
