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

{#- The segment columns of a fact left-joined to a segment lookup (`relation`): a fact whose
    dwelling has no segment row keeps its line, with « Non renseigné » for QPV and financing
    and no landlord/agence/direction, so totals over segments hold. -#}
{% macro looked_up_segment_columns(relation, indent='        ') -%}
{{ relation }}.landlord_id,
{{ indent }}{{ relation }}.agence_code,
{{ indent }}{{ relation }}.agence_name,
{{ indent }}{{ relation }}.direction_code,
{{ indent }}{{ relation }}.direction_name,
{{ indent }}coalesce({{ relation }}.qpv_label, 'Non renseigné') as qpv_label,
{{ indent }}coalesce({{ relation }}.financing_label, 'Non renseigné') as financing_label
{%- endmacro %}
