{#- A composite key is unique. Written here because dbt packages (dbt_utils) cannot be
    downloaded on a machine without internet; same contract as dbt_utils'. -#}
{% test unique_combination_of_columns(model, columns) %}

select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
