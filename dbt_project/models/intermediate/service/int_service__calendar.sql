{#- One row per day with its working-day status, for deadlines counted in working days (U3).

    Working day = Monday to Friday, except French public holidays. The holidays are computed
    here (Easter by the Meeus/Jones/Butcher algorithm) so that no seed file or download is
    needed. Vars:
      service_calendar_start / service_calendar_end  range of days (ISO dates)
      public_holidays  'metropole' (default: the 11 national public holidays),
                       'alsace_moselle' (adds Good Friday and 26 December), 'aucun' (none).
    Portable SQL: the weekday comes from the day count since Monday 3 January 2000, not from a
    dialect's day-of-week function. -#}
{%- set first_day = modules.datetime.date.fromisoformat(var('service_calendar_start', '2000-01-01')) -%}
{%- set last_day = modules.datetime.date.fromisoformat(var('service_calendar_end', '2040-12-31')) -%}
{%- set regime = var('public_holidays', 'metropole') -%}
{%- set day = modules.datetime.timedelta(days=1) -%}
{%- set holidays = [] -%}
{%- if regime != 'aucun' -%}
    {%- for year in range(first_day.year, last_day.year + 1) -%}
        {%- set a = year % 19 -%}
        {%- set b = year // 100 -%}
        {%- set c = year % 100 -%}
        {%- set h = (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30 -%}
        {%- set l = (32 + 2 * (b % 4) + 2 * (c // 4) - h - c % 4) % 7 -%}
        {%- set m = (a + 11 * h + 22 * l) // 451 -%}
        {%- set easter = modules.datetime.date(year, (h + l - 7 * m + 114) // 31,
                                               (h + l - 7 * m + 114) % 31 + 1) -%}
        {%- do holidays.append((modules.datetime.date(year, 1, 1), "Jour de l''an")) -%}
        {%- do holidays.append((easter + day, "Lundi de Pâques")) -%}
        {%- do holidays.append((modules.datetime.date(year, 5, 1), "Fête du Travail")) -%}
        {%- do holidays.append((modules.datetime.date(year, 5, 8), "Victoire 1945")) -%}
        {%- do holidays.append((easter + day * 39, "Ascension")) -%}
        {%- do holidays.append((easter + day * 50, "Lundi de Pentecôte")) -%}
        {%- do holidays.append((modules.datetime.date(year, 7, 14), "Fête nationale")) -%}
        {%- do holidays.append((modules.datetime.date(year, 8, 15), "Assomption")) -%}
        {%- do holidays.append((modules.datetime.date(year, 11, 1), "Toussaint")) -%}
        {%- do holidays.append((modules.datetime.date(year, 11, 11), "Armistice 1918")) -%}
        {%- do holidays.append((modules.datetime.date(year, 12, 25), "Noël")) -%}
        {%- if regime == 'alsace_moselle' -%}
            {%- do holidays.append((easter - day * 2, "Vendredi saint")) -%}
            {%- do holidays.append((modules.datetime.date(year, 12, 26), "Saint-Étienne")) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

day_numbers as (

    {{ dbt.generate_series((last_day - first_day).days + 1) }}

),

days as (

    select
        cast({{ dbt.dateadd('day', 'generated_number - 1', "cast('" ~ first_day ~ "' as date)") }}
            as date) as calendar_date
    from day_numbers

),

public_holidays as (

{%- if holidays %}
    select
        cast(holiday_date as date) as holiday_date,
        holiday_name
    from (
        values
        {#- two holidays may fall on one day (1 May = Ascension in 2008): keep the first #}
        {%- set seen = [] %}
        {%- for holiday_date, holiday_name in holidays if holiday_date not in seen %}
            {%- do seen.append(holiday_date) %}
            {{ "," if not loop.first }}('{{ holiday_date }}', '{{ holiday_name }}')
        {%- endfor %}
    ) as holidays (holiday_date, holiday_name)
{%- else %}
    select cast(null as date) as holiday_date, cast(null as {{ dbt.type_string() }}) as holiday_name
    from days
    where 1 = 0
{%- endif %}

),

classified as (

    select
        days.calendar_date,
        {#- 0 = Monday: 3 January 2000 was a Monday #}
        mod(mod({{ dbt.datediff("cast('2000-01-03' as date)", 'days.calendar_date', 'day') }}, 7) + 7, 7) + 1
            as iso_day_of_week,
        public_holidays.holiday_name
    from days
    left join public_holidays on days.calendar_date = public_holidays.holiday_date

),

flagged as (

    select
        calendar_date,
        cast(iso_day_of_week as integer) as iso_day_of_week,
        iso_day_of_week >= 6 as is_weekend,
        holiday_name is not null as is_public_holiday,
        holiday_name,
        iso_day_of_week <= 5 and holiday_name is null as is_working_day
    from classified

)

select
    *,
    cast(sum(case when is_working_day then 1 else 0 end) over (
        order by calendar_date rows between unbounded preceding and current row
    ) as bigint) as working_day_index
from flagged
