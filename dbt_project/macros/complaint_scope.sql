{#- Which tickets the complaint indicators count, written once for kpi_service_complaints and
    the commitments' realised values (CUS SR-1): tickets of the kinds in var
    complaint_ticket_kinds (default: complaints only, as work orders are children of complaints
    and would count them twice), not cancelled. `ticket` prefixes the columns when given. -#}
{% macro is_counted_complaint(ticket=none) -%}
    {%- set p = ticket ~ '.' if ticket else '' -%}
    {%- set kinds = var('complaint_ticket_kinds', ['reclamation']) -%}
    not {{ p }}is_cancelled
        and {{ p }}kind in ({% for kind in kinds %}'{{ kind }}'{{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}
