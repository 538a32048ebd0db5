-- Quarantine counts by source, column and reason. The reason is the loader's French message
-- with its per-line detail removed (line of the first duplicate, JSON column offset) so that
-- identical problems group together. Never the raw value nor the rejected line.
with problems as (
    select
        source,
        file_sha256,
        line_number,
        coalesce(column_name, '(ligne entière)') as column_name,
        regexp_replace(
            regexp_replace(reason, '\s*:\s*première occurrence ligne \d+', ''),
            ',\s*colonne \d+\)', ')'
        ) as reason
    from {{ source('quarantine', 'rejected_rows') }}
)

select
    p.source,
    coalesce(c.source_title, p.source) as source_title,
    p.column_name,
    p.reason,
    count(*) as problems,
    count(distinct (p.file_sha256, p.line_number)) as rejected_lines,
    count(distinct p.file_sha256) as files
from problems as p
left join {{ ref('source_cadences') }} as c
    on c.source = p.source
group by all
