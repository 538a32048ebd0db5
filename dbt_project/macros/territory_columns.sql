{#- The territory columns every KPI mart carries, from région down to commune, in one order
    (select lists and group-bys of the kpi_* marts). -#}
{% macro territory_columns() -%}
region_code,
        region_name,
        departement_code,
        departement_name,
        epci_code,
        epci_name,
        commune_code,
        commune_name
{%- endmacro %}
