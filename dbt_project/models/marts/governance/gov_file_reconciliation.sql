-- One row per landlord file processed: what was read, accepted and quarantined, and whether
-- the counts reconcile (read = accepted + quarantined, and the quarantine holds exactly the
-- quarantined lines). Counts and file names only: no row content leaves the quarantine.
with quarantined_lines as (
    select source, file_sha256, count(distinct line_number) as lines_in_quarantine
    from {{ source('quarantine', 'rejected_rows') }}
    group by source, file_sha256
)

select
    f.source,
    coalesce(c.source_title, f.source) as source_title,
    f.file_name,
    f.file_sha256,
    f.period,
    f.landlord_id,
    f.loaded_at,
    f.run_id,
    case f.status when 'loaded' then 'chargé' when 'rejected' then 'écarté' else f.status end
        as status,
    f.message,
    f.rows_declared,
    coalesce(f.rows_read, 0) as rows_read,
    coalesce(f.rows_accepted, 0) as rows_accepted,
    coalesce(f.rows_quarantined, 0) as rows_quarantined,
    coalesce(q.lines_in_quarantine, 0) as lines_in_quarantine,
    f.status = 'loaded'
        and coalesce(f.rows_read, 0) = coalesce(f.rows_accepted, 0) + coalesce(f.rows_quarantined, 0)
        and coalesce(f.rows_quarantined, 0) = coalesce(q.lines_in_quarantine, 0)
        as is_reconciled
from {{ source('raw', 'source_files') }} as f
left join quarantined_lines as q
    on q.source = f.source and q.file_sha256 = f.file_sha256
left join {{ ref('source_cadences') }} as c
    on c.source = f.source
