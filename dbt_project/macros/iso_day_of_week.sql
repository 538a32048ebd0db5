{#- ISO day of week (1 = Monday … 7 = Sunday), portable: DuckDB / Postgres use isodow,
    Spark uses dayofweek_iso. -#}
{% macro iso_day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'patrimoine_hlm')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_expr) -%}
    extract(isodow from {{ date_expr }})
{%- endmacro %}

{% macro spark__iso_day_of_week(date_expr) -%}
    extract(dayofweek_iso from {{ date_expr }})
{%- endmacro %}
