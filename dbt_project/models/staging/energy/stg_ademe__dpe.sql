with

source as (

    select * from {{ source('raw', 'dpe') }}

),

renamed as (

    select
        landlord_id,
        numero_dpe,
        date_etablissement_dpe,
        type_batiment,
        id_logement_bailleur,
        id_immeuble_bailleur,
        surface_habitable_logement,
        surface_habitable_immeuble,
        etiquette_dpe,
        etiquette_ges,
        conso_5_usages_par_m2_ep,
        conso_5_usages_par_m2_ef,
        emission_ges_5_usages_par_m2,
        type_energie_principale_chauffage,
        indicateur_confort_ete,
        code_insee_ban,
        adresse_ban,
        numero_dpe_remplace,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
