{#- One row per grain: the model's columns declared once in its YAML (`config: meta: grain`,
    see macros/model_grain.sql), so the key is never repeated by hand in the test. Returns the
    grain values found on more than one row. Fails at compile time if the model has no grain.
    Nulls count as one value (group by), as in unique_combination_of_columns. -#}
{% test unique_grain(model) %}

{%- if execute -%}
    {%- set grain = model_grain(model) -%}
{%- else -%}
    {#- at parse time the graph is not there yet: the SQL is only read for its refs #}
    {%- set grain = ['1'] -%}
{%- endif %}

select {{ grain | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ grain | join(', ') }}
having count(*) > 1

{% endtest %}
