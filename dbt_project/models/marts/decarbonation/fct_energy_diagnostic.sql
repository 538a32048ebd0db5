{#- One row per DPE received by each landlord, replaced ones included (the history of the
    stock's labels). -#}
with

dpe as (

    select * from {{ ref('stg_ademe__dpe') }}

),

coverage as (

    select landlord_id, numero_dpe, count(*) as dwellings_covered
    from {{ ref('int_dpe__dwelling_diagnostics') }}
    group by landlord_id, numero_dpe

),

replaced as (

    select distinct landlord_id, replaces_dpe as numero_dpe
    from dpe
    where replaces_dpe is not null

)

select
    dpe.landlord_id,
    dpe.numero_dpe,
    dpe.dpe_date,
    dpe.building_type,
    dpe.dwelling_id,
    dpe.building_id,
    dpe.territory_code,
    dpe.dpe_class,
    dpe.ghg_class,
    dpe.primary_energy_kwh_m2,
    dpe.final_energy_kwh_m2,
    dpe.ghg_kgco2e_m2,
    dpe.heating_energy,
    dpe.summer_comfort,
    dpe.replaces_dpe,
    replaced.numero_dpe is not null as is_replaced,
    coalesce(coverage.dwellings_covered, 0) as dwellings_covered,
    dpe.dpe_method
from dpe
left join coverage
    on dpe.landlord_id = coverage.landlord_id
    and dpe.numero_dpe = coverage.numero_dpe
left join replaced
    on dpe.landlord_id = replaced.landlord_id
    and dpe.numero_dpe = replaced.numero_dpe
