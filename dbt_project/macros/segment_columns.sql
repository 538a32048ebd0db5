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
    dwelling has no segment row keeps its line, with its own landlord, « Non renseigné » for
    QPV and financing and no agence/direction, so totals over segments hold. -#}
{% macro looked_up_segment_columns(relation, fact, indent='        ') -%}
{{ fact }}.landlord_id,
{{ indent }}{{ relation }}.agence_code,
{{ indent }}{{ relation }}.agence_name,
{{ indent }}{{ relation }}.direction_code,
{{ indent }}{{ relation }}.direction_name,
{{ indent }}coalesce({{ relation }}.qpv_label, 'Non renseigné') as qpv_label,
{{ indent }}coalesce({{ relation }}.financing_label, 'Non renseigné') as financing_label
{%- endmacro %}

{#- The segment columns of a fact that names a dwelling or only a building (a ticket, a survey
    answer): its own landlord; the dwelling's segments when it has one, else its building's;
    financing only for a dwelling (a building has none: null, not « Non renseigné »). -#}
{% macro dwelling_or_building_segment_columns(fact, indent='        ') -%}
{%- set on_dwelling = fact ~ '.dwelling_key is not null' -%}
{{ fact }}.landlord_id,
{{ indent }}case when {{ on_dwelling }} then dwelling_segments.agence_code
{{ indent }}    else building_segments.agence_code end as agence_code,
{{ indent }}case when {{ on_dwelling }} then dwelling_segments.agence_name
{{ indent }}    else building_segments.agence_name end as agence_name,
{{ indent }}coalesce(case when {{ on_dwelling }} then dwelling_segments.qpv_label
{{ indent }}    else building_segments.qpv_label end, 'Non renseigné') as qpv_label,
{{ indent }}case when {{ on_dwelling }}
{{ indent }}    then coalesce(dwelling_segments.financing_label, 'Non renseigné') end
{{ indent }}    as financing_label,
{{ indent }}case when {{ on_dwelling }} then dwelling_segments.direction_code
{{ indent }}    else building_segments.direction_code end as direction_code,
{{ indent }}case when {{ on_dwelling }} then dwelling_segments.direction_name
{{ indent }}    else building_segments.direction_name end as direction_name
{%- endmacro %}
