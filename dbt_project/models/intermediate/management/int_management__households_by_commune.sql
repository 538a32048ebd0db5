{#- Housed households per commune and year of the described situation: share with resources
    below 60 % of the PLUS ceilings (over households whose resources are known) and share with
    a member aged 65 or more. -#}
with

households as (

    select * from {{ ref('dim_household') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

aggregated as (

    select
        households.observed_year,
        territory.commune_code,
        count(*) as households,
        sum(case when households.resources_pct_plus_ceiling is not null then 1 else 0 end)
            as households_with_known_resources,
        sum(case when households.is_below_60pct_plus_ceiling then 1 else 0 end)
            as households_below_60pct_plus_ceiling,
        sum(case when households.has_member_aged_65_plus then 1 else 0 end)
            as households_with_member_65_plus
    from households
    inner join territory on households.territory_code = territory.territory_code
    group by households.observed_year, territory.commune_code

)

select
    cast(observed_year as integer) as year,
    commune_code,
    cast(households as bigint) as households,
    cast(households_with_known_resources as bigint) as households_with_known_resources,
    cast(households_below_60pct_plus_ceiling as bigint) as households_below_60pct_plus_ceiling,
    case when households_with_known_resources > 0
        then cast(households_below_60pct_plus_ceiling as double) / households_with_known_resources
    end as below_60pct_plus_ceiling_rate,
    cast(households_with_member_65_plus as bigint) as households_with_member_65_plus,
    cast(households_with_member_65_plus as double) / households as member_65_plus_rate
from aggregated
