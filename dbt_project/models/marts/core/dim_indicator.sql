{#- CUS and internal indicators, from the indicators seed, plus any indicator code found in the
    commitments file that the seed does not know (so a new internal target still shows). -#}
with

known as (

    select * from {{ ref('indicators') }}

),

committed as (

    select
        indicator_code,
        max(indicator_label) as label,
        max(unit) as unit,
        max(territory_level) as legal_scale,
        max(target_type) as default_target_type,
        max(origin) as origin
    from {{ ref('stg_cus__commitments') }}
    group by indicator_code

)

select
    known.indicator_code,
    known.label,
    known.family,
    known.unit,
    known.legal_scale,
    known.default_target_type,
    known.origin,
    known.definition,
    known.is_verified
from known

union all

select
    committed.indicator_code,
    committed.label,
    'non référencé' as family,
    committed.unit,
    committed.legal_scale,
    committed.default_target_type,
    committed.origin,
    cast(null as varchar) as definition,
    false as is_verified
from committed
where committed.indicator_code not in (select indicator_code from known)
