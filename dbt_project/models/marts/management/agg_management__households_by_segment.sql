{#- Housed households per commune, segment of the dwelling they occupy (landlord, agence, QPV,
    financing: int_service__dwelling_segments) and year of the described situation: share with
    resources below 60 % of the PLUS ceilings (over households whose resources are known) and
    share with a member aged 65 or more. -#}
with

households as (

    select * from {{ ref('dim_household') }}

),

segments as (

    select * from {{ ref('int_service__dwelling_segments') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

located as (

    select
        households.*,
        territory.commune_code,
        {{ looked_up_segment_columns('segments', 'households') }}
    from households
    inner join territory on households.territory_code = territory.territory_code
    left join segments on households.dwelling_key = segments.dwelling_key

),

aggregated as (

    select
        observed_year,
        commune_code,
        {{ segment_columns() }},
        direction_code,
        direction_name,
        count(*) as households,
        sum(case when resources_pct_plus_ceiling is not null then 1 else 0 end)
            as households_with_known_resources,
        sum(case when is_below_60pct_plus_ceiling then 1 else 0 end)
            as households_below_60pct_plus_ceiling,
        sum(case when has_member_aged_65_plus then 1 else 0 end)
            as households_with_member_65_plus
    from located
    group by observed_year, commune_code, {{ segment_columns() }}, direction_code, direction_name

)

select
    cast(observed_year as integer) as year,
    commune_code,
    {{ segment_columns() }},
    direction_code,
    direction_name,
    cast(households as bigint) as households,
    cast(households_with_known_resources as bigint) as households_with_known_resources,
    cast(households_below_60pct_plus_ceiling as bigint) as households_below_60pct_plus_ceiling,
    case when households_with_known_resources > 0
        then cast(households_below_60pct_plus_ceiling as double) / households_with_known_resources
    end as below_60pct_plus_ceiling_rate,
    cast(households_with_member_65_plus as bigint) as households_with_member_65_plus,
    cast(households_with_member_65_plus as double) / households as member_65_plus_rate
from aggregated
