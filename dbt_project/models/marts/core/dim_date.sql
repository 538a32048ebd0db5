{#- Calendar days 2000-2040 with French labels; `is_working_day` excludes weekends only
    (public holidays are not modelled yet). -#}
with

days as (

    {{ dbt.date_spine('day', "cast('2000-01-01' as date)", "cast('2041-01-01' as date)") }}

)

select
    cast(date_day as date) as date_day,
    cast(extract(year from date_day) as integer) as year,
    cast(extract(quarter from date_day) as integer) as quarter,
    cast(extract(month from date_day) as integer) as month,
    cast(extract(day from date_day) as integer) as day_of_month,
    cast({{ iso_day_of_week("date_day") }} as integer) as iso_day_of_week,
    {{ iso_day_of_week("date_day") }} < 6 as is_working_day,
    case cast(extract(month from date_day) as integer)
        when 1 then 'janvier' when 2 then 'février' when 3 then 'mars' when 4 then 'avril'
        when 5 then 'mai' when 6 then 'juin' when 7 then 'juillet' when 8 then 'août'
        when 9 then 'septembre' when 10 then 'octobre' when 11 then 'novembre'
        else 'décembre'
    end as month_name
from days
