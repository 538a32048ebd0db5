{#- The state of each dwelling at 1 January of each millésime, as the landlord declared it. -#}
with

dwellings as (

    select * from {{ ref('stg_rpls__dwellings') }}

)

select
    {{ dwelling_key('landlord_id', 'dwelling_id') }} as dwelling_key,
    millesime,
    landlord_id,
    territory_code,
    is_in_stock,
    exit_code,
    occupancy_code,
    living_area_m2,
    monthly_rent_eur,
    dpe_month,
    dpe_energy_class,
    dpe_ghg_class,
    dpe_energy_class is not null as is_dpe_labelled,
    source_file,
    source_line,
    building_id,
    is_in_qpv,
    financing_code,
    first_let_year,
    lease_start_month,
    offered_for_letting_on
from dwellings
