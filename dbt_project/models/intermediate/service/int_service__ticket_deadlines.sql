{#- The handling deadline of each urgency level, from the var `ticket_deadlines` (a list of
    {urgency, value, unit, label}; unit 'hour' = calendar hours, 'working_day' = the ticket must
    be closed by the end of the N-th working day after its opening day). Default: the usual
    maintenance contract levels, U1 4 h, U2 24 h, U3 5 working days. -#}
{%- set deadlines = var('ticket_deadlines', [
    {'urgency': 'U1', 'value': 4, 'unit': 'hour', 'label': '4 heures'},
    {'urgency': 'U2', 'value': 24, 'unit': 'hour', 'label': '24 heures'},
    {'urgency': 'U3', 'value': 5, 'unit': 'working_day', 'label': '5 jours ouvrés'},
]) %}

with

deadlines as (

{%- for deadline in deadlines %}
    select
        '{{ deadline.urgency }}' as urgency,
        cast({{ deadline.value }} as integer) as deadline_value,
        '{{ deadline.unit }}' as deadline_unit,
        '{{ deadline.label }}' as deadline_label
    {%- if not loop.last %}
    union all
    {%- endif %}
{%- endfor %}

)

select * from deadlines
