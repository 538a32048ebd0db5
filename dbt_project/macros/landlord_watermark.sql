{#- The body of an incremental event fact's `watermark` CTE: per landlord, the date from which
    its rows are reprocessed (var incremental_lookback_days, 31, before its latest `column`
    already loaded). Per landlord because each member of a federation sends its files on its
    own day: one watermark for all would skip a late member's rows. A landlord without a row
    yet has no watermark (left-join it and take every row). -#}
{% macro landlord_watermark(column) -%}
    select
        landlord_id,
        {{ dbt.dateadd('day', -var('incremental_lookback_days', 31), 'max(' ~ column ~ ')') }} as cutoff
    from {{ this }}
    group by landlord_id
{%- endmacro %}
