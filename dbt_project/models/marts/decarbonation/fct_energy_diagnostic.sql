{#- One row per DPE received, replaced ones included (the history of the stock's labels). -#}
with

dpe as (

    select * from {{ ref('stg_ademe__dpe') }}

),

coverage as (

    select numero_dpe, count(*) as dwellings_covered
    from {{ ref('int_dpe__dwelling_diagnostics') }}
    group by numero_dpe

),

replaced as (

    select distinct numero_dpe_remplace as numero_dpe
    from dpe
    where numero_dpe_remplace is not null

)

select
    dpe.numero_dpe,
    dpe.date_etablissement_dpe as dpe_date,
    dpe.type_batiment as building_type,
    dpe.id_logement_bailleur as dwelling_id,
    dpe.id_immeuble_bailleur as building_id,
    dpe.code_insee_ban as territory_code,
    dpe.etiquette_dpe as dpe_class,
    dpe.etiquette_ges as ghg_class,
    dpe.conso_5_usages_par_m2_ep as primary_energy_kwh_m2,
    dpe.conso_5_usages_par_m2_ef as final_energy_kwh_m2,
    dpe.emission_ges_5_usages_par_m2 as ghg_kgco2e_m2,
    dpe.type_energie_principale_chauffage as heating_energy,
    dpe.indicateur_confort_ete as summer_comfort,
    dpe.numero_dpe_remplace as replaces_dpe,
    replaced.numero_dpe is not null as is_replaced,
    coalesce(coverage.dwellings_covered, 0) as dwellings_covered,
    case
        when dpe.date_etablissement_dpe < cast('{{ var("dpe_new_method_from") }}' as date)
            then 'avant_juillet_2021'
        when dpe.date_etablissement_dpe
            < cast('{{ var("dpe_electricity_factor_change_from") }}' as date)
            then '3CL-2021'
        else '3CL-2021_elec_1.9'
    end as dpe_method
from dpe
left join coverage on dpe.numero_dpe = coverage.numero_dpe
left join replaced on dpe.numero_dpe = replaced.numero_dpe
