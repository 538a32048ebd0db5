{#- The targets the landlord committed to (CUS signed with the State, internal objectives), one
    row per landlord, indicator, territory and year, as the commitments file states them. A
    fact of its own so that the evaluation (agg_commitments__evaluated) reads facts and
    aggregates only, never staging. -#}
with

commitments as (

    select * from {{ ref('stg_cus__commitments') }}

)

select
    landlord_id,
    indicator_code,
    indicator_label,
    territory_level,
    territory_code,
    year,
    target,
    target_type,
    unit,
    origin,
    source_file,
    source_line
from commitments
