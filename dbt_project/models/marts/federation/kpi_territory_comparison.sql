{#- « Comparaison des territoires »: each compared indicator (macro federation_indicators) per
    period for the whole federation, each région and each département, pooled over the
    landlords present there: Σ numerators / Σ denominators (the total for a total), with the
    number of landlords contributing. No landlord column: an aggregate every role may see.
    The rows pooled are those of kpi_landlord_comparison (agg_federation__indicators_by_departement
    keeps only the figures that exist), so the federation rows equal its federation_value.
    Like it, this mart pools the KPI marts by design: the figures are the dashboards' own. -#}
{%- set scopes = [
    ('federation', "'*'", "'Fédération'"),
    ('region', 'region_code', 'region_name'),
    ('departement', 'departement_code', 'departement_name'),
] %}
with

by_departement as (

    select * from {{ ref('agg_federation__indicators_by_departement') }}

),

scoped as (

    {%- for scope, code, name in scopes %}
    select
        '{{ scope }}' as scope,
        {{ code }} as territory_code,
        {{ name }} as territory_name,
        indicator_code,
        indicator_label,
        unit,
        is_total,
        period_year,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        count(distinct landlord_id) as landlords
    from by_departement
    group by all
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

)

select
    scope,
    territory_code,
    territory_name,
    indicator_code,
    indicator_label,
    unit,
    period_year,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(case
        when is_total then numerator
        else numerator / denominator
    end as double) as value,
    cast(landlords as integer) as landlords
from scoped
