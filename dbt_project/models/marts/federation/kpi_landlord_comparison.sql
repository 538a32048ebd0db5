{#- « Comparaison des bailleurs »: each landlord's value of each compared indicator (macro
    federation_indicators) per period, beside the federation's distribution of the landlords'
    values that period (median, quartiles), the landlord's rank (1 = best, in the indicator's
    direction) and the pooled federation value (Σ numerators / Σ denominators of the compared
    landlords, the total for a total). A landlord's value is Σ numerator / Σ denominator over
    all its rows in the source KPI mart (pooled by agg_federation__indicators_by_departement:
    the comparison marts read the KPI marts by design, so a landlord's figure is the one its
    own dashboards show); it is compared when that figure exists. Row-level security lets a member see only its own rows: its own
    value, rank, median and quartiles, never another landlord's name or value. -#}
with

by_departement as (

    select * from {{ ref('agg_federation__indicators_by_departement') }}

),

landlords as (

    select landlord_id, landlord_name from {{ ref('dim_landlord') }}

),

per_landlord as (

    select
        landlord_id,
        indicator_code,
        indicator_label,
        unit,
        higher_is_better,
        is_total,
        period_year,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from by_departement
    group by all

),

valued as (

    select
        *,
        case
            when is_total then numerator
            when denominator > 0 then numerator / denominator
        end as value
    from per_landlord

),

compared as (

    select * from valued where value is not null

),

ranked as (

    select
        compared.*,
        cast(count(*) over indicator_year as integer) as landlords_compared,
        cast(case
            when higher_is_better then rank() over (indicator_year order by value desc)
            else rank() over (indicator_year order by value asc)
        end as integer) as rank_in_federation,
        median(value) over indicator_year as federation_median,
        quantile_cont(value, 0.25) over indicator_year as federation_q1,
        quantile_cont(value, 0.75) over indicator_year as federation_q3,
        case
            when is_total then sum(numerator) over indicator_year
            else sum(numerator) over indicator_year / sum(denominator) over indicator_year
        end as federation_value
    from compared
    window indicator_year as (partition by indicator_code, period_year)

)

select
    ranked.landlord_id,
    coalesce(landlords.landlord_name, ranked.landlord_id) as landlord_name,
    ranked.indicator_code,
    ranked.indicator_label,
    ranked.unit,
    ranked.higher_is_better,
    ranked.period_year,
    cast(ranked.numerator as double) as numerator,
    cast(ranked.denominator as double) as denominator,
    cast(ranked.value as double) as value,
    ranked.landlords_compared,
    ranked.rank_in_federation,
    cast(ranked.federation_median as double) as federation_median,
    cast(ranked.federation_q1 as double) as federation_q1,
    cast(ranked.federation_q3 as double) as federation_q3,
    cast(ranked.federation_value as double) as federation_value
from ranked
left join landlords on ranked.landlord_id = landlords.landlord_id
