{#- Every DPE applied to the dwellings it covers: a dwelling DPE to its dwelling, a building
    DPE (type 'immeuble') to every dwelling of that building. The DPE source carries the
    landlord's dwelling / building ids but not the landlord number: ids are matched within the
    landlords present in the RPLS (one landlord per warehouse today). -#}
with

dpe as (

    select * from {{ ref('stg_ademe__dpe') }}

),

dwellings as (

    select distinct landlord_id, dwelling_id, building_id
    from {{ ref('stg_rpls__dwellings') }}

),

dwelling_level as (

    select dwellings.landlord_id, dwellings.dwelling_id, dpe.*, 'logement' as applies_as
    from dpe
    inner join dwellings on dpe.id_logement_bailleur = dwellings.dwelling_id

),

building_level as (

    select dwellings.landlord_id, dwellings.dwelling_id, dpe.*, 'immeuble' as applies_as
    from dpe
    inner join dwellings on dpe.id_immeuble_bailleur = dwellings.building_id
    where dpe.type_batiment = 'immeuble' and dpe.id_logement_bailleur is null

),

unioned as (

    select * from dwelling_level
    union all
    select * from building_level

)

select
    {{ dwelling_key('landlord_id', 'dwelling_id') }} as dwelling_key,
    numero_dpe,
    date_etablissement_dpe as dpe_date,
    applies_as,
    etiquette_dpe as dpe_class,
    etiquette_ges as ghg_class,
    conso_5_usages_par_m2_ep as primary_energy_kwh_m2,
    conso_5_usages_par_m2_ef as final_energy_kwh_m2,
    emission_ges_5_usages_par_m2 as ghg_kgco2e_m2,
    type_energie_principale_chauffage as heating_energy,
    indicateur_confort_ete as summer_comfort,
    numero_dpe_remplace as replaces_dpe,
    case
        when date_etablissement_dpe < cast('{{ var("dpe_new_method_from") }}' as date)
            then 'avant_juillet_2021'
        when date_etablissement_dpe < cast('{{ var("dpe_electricity_factor_change_from") }}' as date)
            then '3CL-2021'
        else '3CL-2021_elec_1.9'
    end as dpe_method
from unioned
