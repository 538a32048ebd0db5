{#- The landlord's DPE file (ADEME fields), renamed once for every model downstream; numero_dpe
    keeps ADEME's name (the national identifier everyone quotes). dpe_method is derived here,
    once: the calculation method in force on the DPE's date (the July 2021 reform, then the
    electricity conversion factor of 2026). -#}
with

source as (

    select * from {{ source('raw', 'dpe') }}

),

renamed as (

    select
        -- keys
        landlord_id,
        numero_dpe,
        numero_dpe_remplace as replaces_dpe,
        id_logement_bailleur as dwelling_id,
        id_immeuble_bailleur as building_id,

        -- what the DPE covers
        date_etablissement_dpe as dpe_date,
        type_batiment as building_type,
        surface_habitable_logement as dwelling_area_m2,
        surface_habitable_immeuble as building_area_m2,
        code_insee_ban as territory_code,
        adresse_ban as address,

        -- the labels and their figures
        etiquette_dpe as dpe_class,
        etiquette_ges as ghg_class,
        conso_5_usages_par_m2_ep as primary_energy_kwh_m2,
        conso_5_usages_par_m2_ef as final_energy_kwh_m2,
        emission_ges_5_usages_par_m2 as ghg_kgco2e_m2,
        type_energie_principale_chauffage as heating_energy,
        indicateur_confort_ete as summer_comfort,
        case
            when date_etablissement_dpe < cast('{{ var("dpe_new_method_from") }}' as date)
                then 'avant_juillet_2021'
            when date_etablissement_dpe
                < cast('{{ var("dpe_electricity_factor_change_from") }}' as date)
                then '3CL-2021'
            else '3CL-2021_elec_1.9'
        end as dpe_method,

        -- lineage
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
