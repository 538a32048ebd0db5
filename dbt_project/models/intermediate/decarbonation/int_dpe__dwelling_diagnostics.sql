{#- Every DPE applied to the dwellings it covers, within its landlord: a dwelling DPE to its
    dwelling, a building DPE (type 'immeuble') to every dwelling of that building. The DPE
    file names the landlord's own dwelling / building ids, which another landlord of a
    federation may use too. -#}
with

dpe as (

    select * from {{ ref('stg_ademe__dpe') }}

),

dwellings as (

    select distinct landlord_id, dwelling_id, building_id
    from {{ ref('stg_rpls__dwellings') }}

),

dwelling_level as (

    select dwellings.dwelling_id as covered_dwelling_id, dpe.*, 'logement' as applies_as
    from dpe
    inner join dwellings
        on dpe.landlord_id = dwellings.landlord_id
        and dpe.dwelling_id = dwellings.dwelling_id

),

building_level as (

    select dwellings.dwelling_id as covered_dwelling_id, dpe.*, 'immeuble' as applies_as
    from dpe
    inner join dwellings
        on dpe.landlord_id = dwellings.landlord_id
        and dpe.building_id = dwellings.building_id
    where dpe.building_type = 'immeuble' and dpe.dwelling_id is null

),

unioned as (

    select * from dwelling_level
    union all
    select * from building_level

)

select
    {{ dwelling_key('landlord_id', 'covered_dwelling_id') }} as dwelling_key,
    landlord_id,
    numero_dpe,
    dpe_date,
    applies_as,
    dpe_class,
    ghg_class,
    primary_energy_kwh_m2,
    final_energy_kwh_m2,
    ghg_kgco2e_m2,
    heating_energy,
    summer_comfort,
    replaces_dpe,
    dpe_method
from unioned
