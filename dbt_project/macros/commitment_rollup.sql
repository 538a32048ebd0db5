{#- Roll a commune-level relation up to every territory level a commitment can be set at,
    within each landlord: one row per landlord, level, territory and year with summed
    numerator and denominator. The organisation level is the landlord itself (its code is the
    landlord's number, as in the commitments file): a federation's members each have theirs. -#}
{% macro commitment_rollup(relation, indicator_code, numerator, denominator, where='1 = 1') -%}
    {%- set levels = [
        ('commune', 'commune_code'),
        ('epci', 'epci_code'),
        ('departement', 'departement_code'),
        ('region', 'region_code'),
        ('organisme', 'landlord_id'),
    ] -%}
    {%- for level, code in levels %}
    select
        landlord_id,
        '{{ indicator_code }}' as indicator_code,
        '{{ level }}' as territory_level,
        {{ code }} as territory_code,
        year,
        cast(sum({{ numerator }}) as double) as numerator,
        cast(sum({{ denominator }}) as double) as denominator
    from {{ relation }}
    where landlord_id is not null and {{ where }}{% if level == 'epci' %} and epci_code is not null{% endif %}
    group by landlord_id, year{% if level != 'organisme' %}, {{ code }}{% endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
