{#- One row per lease (current and ended), placed on its dwelling and commune. The lease and
    household ids are the pseudonyms written at load time; the tenancy export carries no
    landlord id, so the dwelling is found by its id alone (int_service__dwelling_locations). -#}
with

leases as (

    select * from {{ ref('stg_tenancy__leases') }}

),

dwellings as (

    select * from {{ ref('int_service__dwelling_locations') }}

)

select
    leases.lease_id,
    dwellings.dwelling_key,
    leases.dwelling_id,
    leases.household_id as household_key,
    dwellings.territory_code,
    dwellings.building_id,
    leases.start_date,
    leases.end_date,
    cast(extract(year from leases.start_date) as integer) as start_year,
    leases.end_date is null as is_ongoing,
    leases.monthly_rent,
    leases.monthly_charges,
    leases.source_file,
    leases.source_line
from leases
left join dwellings on leases.dwelling_id = dwellings.dwelling_id
