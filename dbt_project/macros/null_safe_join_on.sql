{#- The condition joining two relations on every column of a key, a missing segment (null)
    matching a missing one: families of measures are joined on the whole segment grain, where
    "no agence" is a value like any other (an equality join would drop those rows). -#}
{% macro null_safe_join_on(columns, left, right, indent='    ') -%}
{% for column in columns %}{{ left }}.{{ column }} is not distinct from {{ right }}.{{ column }}{{ "\n" ~ indent ~ "and " if not loop.last }}{% endfor %}
{%- endmacro %}
