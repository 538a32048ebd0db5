{% test comparison_is_pooled_and_ranked(model) %}
{#- On the built data of a landlord comparison mart (kpi_landlord_comparison): the federation
    value of every indicator and period is the pooled Σ numerator / Σ denominator of the
    landlords compared (the sum for a total), the same on each of their rows; every landlord
    compared is counted; rank 1 holds the best value in the indicator's direction (the highest
    when higher_is_better, else the lowest). Returns the offending indicator-periods. -#}
with

comparison as (

    select * from {{ model }}

),

per_period as (

    select
        indicator_code,
        period_year,
        bool_and(higher_is_better) as higher_is_better,
        bool_and(denominator is null) as is_total,
        count(*) as landlords,
        sum(numerator) as sum_numerator,
        sum(denominator) as sum_denominator,
        min(federation_value) as min_federation_value,
        max(federation_value) as max_federation_value,
        max(landlords_compared) as landlords_compared,
        min(value) as lowest,
        max(value) as highest,
        min(case when rank_in_federation = 1 then value end) as rank_1_low,
        max(case when rank_in_federation = 1 then value end) as rank_1_high
    from comparison
    group by indicator_code, period_year

)

select *
from per_period
where landlords_compared <> landlords
    or max_federation_value - min_federation_value > 1e-9
    or abs(max_federation_value - case when is_total then sum_numerator
        else sum_numerator / sum_denominator end) > 1e-9 * greatest(1, abs(max_federation_value))
    or rank_1_low is null
    or (higher_is_better and rank_1_low <> highest)
    or (not higher_is_better and rank_1_high <> lowest)

{% endtest %}
