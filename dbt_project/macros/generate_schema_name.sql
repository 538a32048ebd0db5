{# Use the folder's schema name as is (staging, marts), not <target>_<schema>: the serving
   copy and Superset datasets refer to these names. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
