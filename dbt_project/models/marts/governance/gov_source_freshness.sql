-- Freshness of every expected source against its contract cadence, as of the build (which is
-- the publication): the same thresholds as the freshness checks (seed source_cadences).
-- Var governance_as_of (a timestamp) fixes the moment of the measure, for unit tests.
with loaded as (
    select
        source,
        count(*) as files_loaded,
        max(loaded_at) as last_loaded_at,
        -- a period is 'start..end' or a millésime: the latest by its end
        arg_max(period, coalesce(nullif(split_part(period, '..', 2), ''), period)) as last_period
    from {{ source('raw', 'source_files') }}
    where status = 'loaded'
    group by source
),

set_aside as (
    select source, count(*) as files_set_aside
    from {{ source('raw', 'source_files') }}
    where status = 'rejected'
    group by source
),

measured as (
    select
        c.source,
        c.source_title,
        c.cadence,
        c.max_age_days,
        coalesce(l.files_loaded, 0) as files_loaded,
        coalesce(s.files_set_aside, 0) as files_set_aside,
        l.last_loaded_at,
        l.last_period,
        {% if var('governance_as_of', none) -%}
        cast('{{ var("governance_as_of") }}' as timestamp) as measured_at
        {%- else -%}
        cast(current_timestamp as timestamp) as measured_at
        {%- endif %}
    from {{ ref('source_cadences') }} as c
    left join loaded as l on l.source = c.source
    left join set_aside as s on s.source = c.source
)

select
    source,
    source_title,
    cadence,
    case cadence
        when 'daily' then 'quotidienne'
        when 'weekly' then 'hebdomadaire'
        when 'monthly' then 'mensuelle'
        when 'quarterly' then 'trimestrielle'
        when 'yearly' then 'annuelle'
        else cadence
    end as cadence_label,
    max_age_days,
    files_loaded,
    files_set_aside,
    last_loaded_at,
    last_period,
    measured_at,
    -- whole days, as the freshness check counts them (Python's timedelta.days)
    cast(floor(epoch(measured_at - last_loaded_at) / 86400) as integer) as age_days,
    case
        when last_loaded_at is null then 'jamais reçu'
        when measured_at - last_loaded_at > to_days(max_age_days) then 'en retard'
        else 'à jour'
    end as status
from measured
