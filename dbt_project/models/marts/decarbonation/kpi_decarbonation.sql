{#- Decarbonation of the stock per RPLS millésime, commune and segment (landlord, agence,
    QPV, financing: int_segments__dwelling; direction of the segment's agence). Labels are the RPLS ones
    (DPEENERGIE / DPESERRE declared for 1 January); energy and emissions come from the DPE in
    force at that date (int_dpe__in_force_by_millesime). Every rate ships with its numerator
    and denominator so any territory can be re-aggregated. -#}
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

segments as (

    select * from {{ ref('int_segments__dwelling') }}

),

dwellings as (

    select
        snapshot.millesime,
        territory.region_code,
        territory.region_name,
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
        snapshot.dpe_energy_class,
        snapshot.dpe_ghg_class,
        snapshot.living_area_m2,
        dpe.numero_dpe,
        dpe.primary_energy_kwh_m2,
        dpe.final_energy_kwh_m2,
        dpe.ghg_kgco2e_m2,
        dpe.dpe_method,
        dpe.summer_comfort
    from snapshot
    inner join territory on snapshot.territory_code = territory.territory_code
    inner join segments
        on snapshot.dwelling_key = segments.dwelling_key
        and snapshot.millesime = segments.millesime
    left join dpe
        on snapshot.dwelling_key = dpe.dwelling_key
        and snapshot.millesime = dpe.millesime

),

aggregated as (

    select
        millesime,
        {{ territory_columns() }},
        {{ segment_columns() }},
        direction_code,
        direction_name,
        count(*) as dwellings,
        sum(case when dpe_energy_class is not null then 1 else 0 end) as labelled_dwellings,
        sum(case when dpe_energy_class is null then 1 else 0 end) as unlabelled_dwellings,
        {% for c in ['A', 'B', 'C', 'D', 'E', 'F', 'G'] -%}
        sum(case when dpe_energy_class = '{{ c }}' then 1 else 0 end) as energy_class_{{ c | lower }},
        sum(case when dpe_ghg_class = '{{ c }}' then 1 else 0 end) as ghg_class_{{ c | lower }},
        {% endfor -%}
        sum(case when {{ is_passoire('dpe_energy_class') }} then 1 else 0 end) as passoires,
        sum(case when numero_dpe is not null then 1 else 0 end) as dwellings_with_dpe_record,
        sum(case when numero_dpe is not null then living_area_m2 else 0 end) as area_with_dpe_m2,
        sum(primary_energy_kwh_m2 * living_area_m2) as primary_energy_kwh,
        sum(ghg_kgco2e_m2 * living_area_m2) as ghg_kgco2e,
        sum(case when final_energy_kwh_m2 >= {{ var('g_plus_final_energy_threshold') }}
            then 1 else 0 end) as g_plus_dwellings,
        sum(case when dpe_method = 'avant_juillet_2021' then 1 else 0 end) as dpe_before_2021,
        sum(case when dpe_method = '3CL-2021' then 1 else 0 end) as dpe_3cl_2021,
        sum(case when dpe_method = '3CL-2021_elec_1.9' then 1 else 0 end) as dpe_3cl_2026,
        sum(case when summer_comfort = 'insuffisant' then 1 else 0 end) as summer_comfort_insufficient,
        sum(case when summer_comfort = 'moyen' then 1 else 0 end) as summer_comfort_average,
        sum(case when summer_comfort = 'bon' then 1 else 0 end) as summer_comfort_good
    from dwellings
    group by all

),

kpi as (

    select
        cast(millesime as integer) as millesime,
        {{ territory_columns() }},
        {{ segment_columns() }},
        cast(dwellings as bigint) as dwellings,
        cast(labelled_dwellings as bigint) as labelled_dwellings,
        cast(unlabelled_dwellings as bigint) as unlabelled_dwellings,
        {% for c in ['a', 'b', 'c', 'd', 'e', 'f', 'g'] -%}
        cast(energy_class_{{ c }} as bigint) as energy_class_{{ c }},
        cast(ghg_class_{{ c }} as bigint) as ghg_class_{{ c }},
        {% endfor -%}
        cast(passoires as bigint) as passoires,
        cast(passoires as double) / nullif(labelled_dwellings, 0) as passoires_share,
        cast(unlabelled_dwellings as double) / nullif(dwellings, 0) as unlabelled_share,
        cast(g_plus_dwellings as bigint) as g_plus_dwellings,
        cast(dwellings_with_dpe_record as bigint) as dwellings_with_dpe_record,
        cast(area_with_dpe_m2 as double) as area_with_dpe_m2,
        cast(primary_energy_kwh as double) as primary_energy_kwh,
        cast(ghg_kgco2e as double) as ghg_kgco2e,
        cast(primary_energy_kwh as double) / nullif(area_with_dpe_m2, 0) as avg_primary_energy_kwh_m2,
        cast(ghg_kgco2e as double) / nullif(area_with_dpe_m2, 0) as avg_ghg_kgco2e_m2,
        cast(ghg_kgco2e as double) / 1000 as emissions_tco2e_per_year,
        cast(dpe_before_2021 as bigint) as dpe_before_2021,
        cast(dpe_3cl_2021 as bigint) as dpe_3cl_2021,
        cast(dpe_3cl_2026 as bigint) as dpe_3cl_2026,
        cast(summer_comfort_insufficient as bigint) as summer_comfort_insufficient,
        cast(summer_comfort_average as bigint) as summer_comfort_average,
        cast(summer_comfort_good as bigint) as summer_comfort_good,
        direction_code,
        direction_name
    from aggregated

)

select * from kpi
