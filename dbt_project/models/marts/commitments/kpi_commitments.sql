{#- What the "Engagements CUS" dashboard reads: each commitment with its indicator's label,
    the territory's name at its level, target, realised value, status and landlord. -#}
with

commitments as (

    select * from {{ ref('fct_commitment') }}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

territory_names as (

    select distinct 'commune' as territory_level, commune_code as territory_code,
        commune_name as territory_name
    from {{ ref('dim_territory') }}
    union all
    select distinct 'epci', epci_code, epci_name
    from {{ ref('dim_territory') }} where epci_code is not null
    union all
    select distinct 'departement', departement_code, departement_name
    from {{ ref('dim_territory') }}
    union all
    select distinct 'region', region_code, region_name
    from {{ ref('dim_territory') }}
    union all
    select distinct 'direction', direction_code, direction_name
    from {{ ref('dim_organisation') }}
    union all
    select distinct 'agence', agence_code, agence_name
    from {{ ref('dim_organisation') }}

),

{#- The direction a commitment belongs to (row-level security): its own direction, the
    direction of its agence, or of its territory when that territory lies within one direction
    (see int_organisation__territory_direction); none for the whole landlord. -#}
territory_directions as (

    select territory_level, territory_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    union all
    select distinct 'direction', direction_code, direction_code, direction_name
    from {{ ref('dim_organisation') }}
    union all
    select distinct 'agence', agence_code, direction_code, direction_name
    from {{ ref('dim_organisation') }}

),

{#- The landlord a commitment binds (the "Bailleur" filter): a CUS is signed per landlord but
    the commitments file does not name it, so it is the landlord whose number is the
    commitment's territory (organisme), whose direction or agence it is, or the only landlord
    holding dwellings in its territory; none when several landlords of the warehouse share it. -#}
stock_territories as (

    select distinct snapshot.landlord_id, territory.commune_code, territory.epci_code,
        territory.departement_code, territory.region_code
    from {{ ref('fct_dwelling_snapshot') }} as snapshot
    inner join {{ ref('dim_territory') }} as territory
        on snapshot.territory_code = territory.territory_code

),

landlord_candidates as (

    select distinct 'direction' as territory_level, direction_code as territory_code, landlord_id
    from {{ ref('dim_organisation') }}
    union all
    select distinct 'agence', agence_code, landlord_id
    from {{ ref('dim_organisation') }}
    {% for level in ['commune', 'epci', 'departement', 'region'] %}
    union all
    select distinct '{{ level }}', {{ level }}_code, landlord_id
    from stock_territories where {{ level }}_code is not null
    {% endfor %}

),

territory_landlords as (

    select territory_level, territory_code, min(landlord_id) as landlord_id
    from landlord_candidates
    group by territory_level, territory_code
    having count(distinct landlord_id) = 1

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
    case when commitments.territory_level = 'organisme' then commitments.territory_code
        else territory_landlords.landlord_id end as landlord_id,
    territory_directions.direction_code,
    territory_directions.direction_name
from commitments
left join indicators on commitments.indicator_code = indicators.indicator_code
left join territory_names
    on commitments.territory_level = territory_names.territory_level
    and commitments.territory_code = territory_names.territory_code
left join territory_directions
    on commitments.territory_level = territory_directions.territory_level
    and commitments.territory_code = territory_directions.territory_code
left join territory_landlords
    on commitments.territory_level = territory_landlords.territory_level
    and commitments.territory_code = territory_landlords.territory_code
