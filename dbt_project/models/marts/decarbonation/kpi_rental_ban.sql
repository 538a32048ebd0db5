{#- Dwellings hit by each step of the rental ban (seed rental_ban_calendar), per millésime,
    commune and segment (int_segments__dwelling): a dwelling is hit by a step when its label
    is worse than the step's worst allowed class (G+ is decided on final energy, from the DPE
    in force). The trajectory is the count of each step across millésimes. -#}
with

snapshot as (

    select * from {{ ref('fct_dwelling_snapshot') }}
    where is_in_stock

),

territory as (

    select * from {{ ref('dim_territory') }}

),

dpe as (

    select * from {{ ref('int_dpe__in_force_by_millesime') }}

),

calendar as (

    select * from {{ ref('rental_ban_calendar') }}
    where scope = 'metropole'

),

ranks as (

    select dpe_class, class_rank from {{ ref('dpe_class_thresholds') }}

),

segments as (

    select * from {{ ref('int_segments__dwelling') }}

),

dwellings as (

    select
        snapshot.millesime,
        territory.departement_code,
        territory.departement_name,
        territory.epci_code,
        territory.epci_name,
        territory.commune_code,
        territory.commune_name,
        segments.landlord_id,
        segments.agence_code,
        segments.agence_name,
        segments.qpv_label,
        segments.financing_label,
        segments.direction_code,
        segments.direction_name,
        label_rank.class_rank as label_rank,
        dpe.final_energy_kwh_m2
    from snapshot
    inner join territory on snapshot.territory_code = territory.territory_code
    inner join segments
        on snapshot.dwelling_key = segments.dwelling_key
        and snapshot.millesime = segments.millesime
    left join ranks as label_rank on snapshot.dpe_energy_class = label_rank.dpe_class
    left join dpe
        on snapshot.dwelling_key = dpe.dwelling_key
        and snapshot.millesime = dpe.millesime

),

kpi as (

    select
        cast(dwellings.millesime as integer) as millesime,
        dwellings.departement_code,
        dwellings.departement_name,
        dwellings.epci_code,
        dwellings.epci_name,
        dwellings.commune_code,
        dwellings.commune_name,
        dwellings.landlord_id,
        dwellings.agence_code,
        dwellings.agence_name,
        dwellings.qpv_label,
        dwellings.financing_label,
        calendar.ban_step,
        cast(calendar.banned_from as date) as banned_from,
        cast({{ dbt.concat(["cast(dwellings.millesime as varchar)", "'-01-01'"]) }} as date)
            >= cast(calendar.banned_from as date) as is_in_force,
        cast(sum(
            case
                when calendar.ban_step = 'G+'
                    then case when dwellings.final_energy_kwh_m2
                        >= {{ var('g_plus_final_energy_threshold') }} then 1 else 0 end
                when dwellings.label_rank > allowed.class_rank then 1
                else 0
            end
        ) as bigint) as dwellings_hit,
        cast(count(*) as bigint) as dwellings,
        dwellings.direction_code,
        dwellings.direction_name
    from dwellings
    cross join calendar
    inner join ranks as allowed on calendar.worst_allowed_class = allowed.dpe_class
    group by all

)

select * from kpi
