{#- The segment columns of the kpi_* marts (dashboard filters landlord, agence, QPV and
    financing), in one order, written after territory_columns() in select lists and
    group-bys. A mart whose facts do not carry a segment leaves it out with `exclude`
    (building facts have no financing: segment_columns(exclude=['financing_label'])). -#}
{% macro segment_columns(exclude=[]) -%}
{%- set columns = ['landlord_id', 'agence_code', 'agence_name', 'qpv_label', 'financing_label'] -%}
{%- for column in columns if column not in exclude -%}
{{ column }}{{ ",\n        " if not loop.last }}
{%- endfor -%}
{%- endmacro %}
