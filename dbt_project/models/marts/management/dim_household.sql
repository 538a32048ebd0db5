{#- One row per household, known only by its pseudonymous key, with the characteristics the
    social KPIs need and the dwelling it occupied at the date of the described situation
    (the lease covering observed_on, else its latest lease). No name, birth date or contact
    detail ever reaches the warehouse. -#}
with

households as (

    select
        *,
        {{ landlord_key('landlord_id', 'household_id') }} as household_key
    from {{ ref('stg_tenancy__households') }}

),

leases as (

    select * from {{ ref('fct_lease') }}

),

household_leases as (

    select
        households.household_key,
        leases.lease_key,
        leases.lease_id,
        leases.dwelling_key,
        leases.territory_code,
        row_number() over (
            partition by households.landlord_id, households.household_id
            order by
                case
                    when leases.start_date <= households.observed_on
                        and (leases.end_date is null or leases.end_date >= households.observed_on)
                        then 0
                    else 1
                end,
                leases.start_date desc,
                leases.lease_id
        ) as lease_rank
    from households
    inner join leases
        on households.household_key = leases.household_key

),

current_leases as (

    select * from household_leases where lease_rank = 1

)

select
    households.household_key,
    households.landlord_id,
    households.household_size,
    households.oldest_member_age_band,
    households.resources_pct_plus_ceiling,
    households.resources_pct_plus_ceiling < 60 as is_below_60pct_plus_ceiling,
    households.oldest_member_age_band in ('65_74', '75_plus') as has_member_aged_65_plus,
    households.observed_on,
    cast(extract(year from households.observed_on) as integer) as observed_year,
    current_leases.lease_id,
    current_leases.dwelling_key,
    current_leases.territory_code
from households
left join current_leases
    on households.household_key = current_leases.household_key
