{#- Each commitment (indicator × territory × year) with its target and realised value.
    The realised value follows the commitment's unit: pourcentage = 100 × numerator /
    denominator, ratio = numerator / denominator, nombre (and euros) = numerator. Status:
    a floor is met when realised ≥ target, a ceiling when realised ≤ target; within the
    margin var `commitment_at_risk_margin` (relative) on the wrong side it is "à risque";
    no measure yet: "non mesuré" (past or current year) or "à venir" (future year). -#}
with

commitments as (

    select * from {{ ref('fct_commitment_target') }}

),

realised as (

    select * from {{ ref('agg_commitments__realised') }}

),

latest_year as (

    select landlord_id, max(year) as year from realised group by landlord_id

),

joined as (

    select
        commitments.landlord_id,
        commitments.indicator_code,
        commitments.territory_level,
        commitments.territory_code,
        commitments.year,
        commitments.target,
        commitments.target_type,
        commitments.unit,
        commitments.origin,
        realised.numerator,
        realised.denominator,
        case
            when realised.numerator is null then null
            when commitments.unit = 'pourcentage'
                then 100 * realised.numerator / nullif(realised.denominator, 0)
            when commitments.unit = 'ratio'
                then realised.numerator / nullif(realised.denominator, 0)
            else realised.numerator
        end as realised_value
    from commitments
    left join realised
        on commitments.landlord_id = realised.landlord_id
        and commitments.indicator_code = realised.indicator_code
        and commitments.territory_level = realised.territory_level
        and commitments.territory_code = realised.territory_code
        and commitments.year = realised.year

)

select
    {{ dbt.concat(["joined.landlord_id", "'|'", "indicator_code", "'|'", "territory_level", "'|'",
                   "territory_code", "'|'", "cast(joined.year as varchar)"]) }} as commitment_key,
    joined.*,
    case
        {#- a landlord with no measure at all has no latest year: « non mesuré », as before #}
        when realised_value is null and joined.year > latest_year.year then 'à venir'
        when realised_value is null then 'non mesuré'
        when target_type = 'plancher' and realised_value >= target then 'atteint'
        when target_type = 'plafond' and realised_value <= target then 'atteint'
        when target_type = 'plancher'
            and realised_value >= target * (1 - {{ var('commitment_at_risk_margin') }})
            then 'à risque'
        when target_type = 'plafond'
            and realised_value <= target * (1 + {{ var('commitment_at_risk_margin') }})
            then 'à risque'
        else 'non atteint'
    end as status
from joined
left join latest_year on joined.landlord_id = latest_year.landlord_id
