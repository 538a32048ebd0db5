{#- For each dwelling and RPLS millésime, the DPE in force at 1 January of that millésime:
    the most recent one established before that date (a dwelling DPE wins over a building DPE
    of the same day). Only the latest DPE counts; the others stay in fct_energy_diagnostic. -#}
with

snapshot as (

    select {{ dwelling_key('landlord_id', 'dwelling_id') }} as dwelling_key, millesime
    from {{ ref('stg_rpls__dwellings') }}

),

diagnostics as (

    select * from {{ ref('int_dpe__dwelling_diagnostics') }}

),

candidates as (

    select
        snapshot.millesime,
        diagnostics.*,
        row_number() over (
            partition by snapshot.dwelling_key, snapshot.millesime
            order by
                diagnostics.dpe_date desc,
                case diagnostics.applies_as when 'logement' then 0 else 1 end,
                diagnostics.numero_dpe desc
        ) as recency
    from snapshot
    inner join diagnostics
        on snapshot.dwelling_key = diagnostics.dwelling_key
        and diagnostics.dpe_date < cast({{ dbt.concat(["cast(snapshot.millesime as varchar)", "'-01-01'"]) }} as date)

)

select * from candidates where recency = 1
