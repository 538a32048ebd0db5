{#- One row per lease (current and ended), placed on its dwelling and commune. The lease and
    household ids are the pseudonyms written at load time, prefixed with the landlord (two
    landlords' pseudonyms never merge); the dwelling is found by its landlord's own id. -#}
with

leases as (

    select * from {{ ref('stg_tenancy__leases') }}

),

dwellings as (

    select * from {{ ref('int_service__dwelling_locations') }}

)

select
    {{ landlord_key('leases.landlord_id', 'leases.lease_id') }} as lease_key,
    leases.landlord_id,
    leases.lease_id,
    dwellings.dwelling_key,
    leases.dwelling_id,
    {{ landlord_key('leases.landlord_id', 'leases.household_id') }} as household_key,
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
left join dwellings
    on leases.landlord_id = dwellings.landlord_id
    and leases.dwelling_id = dwellings.dwelling_id
