{#- Every compared indicator (macro federation_indicators) per landlord, period and
    département: the source mart's numerator and denominator summed over its rows (segments,
    communes, urgencies, surveys), never an average of its ratios, with the indicator's label,
    unit and direction. A row is kept when it has a numerator and, for a ratio, a positive
    denominator (a figure exists), so every mart built on it pools the same rows. Rows without a landlord are
    left out (nobody to compare). The département's région comes from dim_territory, as
    kpi_rental_ban carries no région.

    It reads the KPI marts themselves, by design (with the two comparison marts built on it,
    the only models that may): a landlord's figure in a comparison must be the very figure
    its own dashboards show, not one recomputed beside them. -#}
with

{% for indicator in federation_indicators() %}
indicator_{{ loop.index }} as (

    select
        '{{ indicator.code }}' as indicator_code,
        '{{ indicator.label | replace("'", "''") }}' as indicator_label,
        '{{ indicator.unit }}' as unit,
        {{ indicator.higher_is_better }} as higher_is_better,
        {{ not indicator.denominator }} as is_total,
        source_rows.landlord_id,
        cast(source_rows.{{ indicator.period }} as integer) as period_year,
        source_rows.departement_code,
        cast(sum(source_rows.{{ indicator.numerator }}) as double) as numerator,
        {% if indicator.denominator -%}
        cast(sum(source_rows.{{ indicator.denominator }}) as double) as denominator
        {%- else -%}
        cast(null as double) as denominator
        {%- endif %}
    from {{ ref(indicator.model) }} as source_rows
    where source_rows.landlord_id is not null
        {%- if indicator.where %}
        and {{ indicator.where }}
        {%- endif %}
    group by all

),

{% endfor %}
indicators as (

    {%- for indicator in federation_indicators() %}
    select * from indicator_{{ loop.index }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

departements as (

    select distinct departement_code, departement_name, region_code, region_name
    from {{ ref('dim_territory') }}

)

select
    indicators.indicator_code,
    indicators.indicator_label,
    indicators.unit,
    indicators.higher_is_better,
    indicators.is_total,
    indicators.landlord_id,
    indicators.period_year,
    departements.region_code,
    departements.region_name,
    indicators.departement_code,
    departements.departement_name,
    indicators.numerator,
    indicators.denominator
from indicators
inner join departements on indicators.departement_code = departements.departement_code
where indicators.numerator is not null
    and (indicators.is_total or indicators.denominator > 0)
