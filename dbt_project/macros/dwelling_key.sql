{#- The dwelling's warehouse key: a landlord's own ids are only unique within that landlord,
    and a federation warehouse holds several landlords. -#}
{% macro dwelling_key(landlord_id, dwelling_id) -%}
    {{ dbt.concat([landlord_id, "'-'", dwelling_id]) }}
{%- endmacro %}
