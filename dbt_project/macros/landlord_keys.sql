{#- Warehouse keys of what a landlord numbers itself (dwellings, buildings, households...):
    a landlord's own ids are only unique within that landlord, and a federation warehouse holds
    several landlords whose ids collide, so every such key is "<landlord_id>-<own id>". -#}
{% macro landlord_key(landlord_id, own_id) -%}
    {{ dbt.concat([landlord_id, "'-'", own_id]) }}
{%- endmacro %}

{% macro dwelling_key(landlord_id, dwelling_id) -%}
    {{ landlord_key(landlord_id, dwelling_id) }}
{%- endmacro %}

{% macro building_key(landlord_id, building_id) -%}
    {{ landlord_key(landlord_id, building_id) }}
{%- endmacro %}
