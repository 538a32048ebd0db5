{#- Roll a commune-level mart up to every territory level a commitment can be set at:
    one row per level, territory and year with summed numerator and denominator. The
    organisation level uses the code '*' (one landlord per warehouse today). -#}
{% macro commitment_rollup(relation, indicator_code, numerator, denominator, where='1 = 1') -%}
    {%- set levels = [
        ('commune', 'commune_code'),
        ('epci', 'epci_code'),
        ('departement', 'departement_code'),
        ('region', 'region_code'),
        ('organisme', "'*'"),
    ] -%}
    {%- for level, code in levels %}
    select
        '{{ indicator_code }}' as indicator_code,
        '{{ level }}' as territory_level,
        {{ code }} as territory_code,
        year,
        cast(sum({{ numerator }}) as double) as numerator,
        cast(sum({{ denominator }}) as double) as denominator
    from {{ relation }}
    where {{ where }}{% if level == 'epci' %} and epci_code is not null{% endif %}
    group by year{% if level != 'organisme' %}, {{ code }}{% endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
