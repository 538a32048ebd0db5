{#- Completed works operations per year (of reception), commune and segment of the building
    (int_segments__building; the financing is that of most of the building's dwellings, as an
    operation covers the building's dwellings as a whole): dwellings renovated,
    investment, labels gained, dwellings taken out of F/G (CUS PP-2 numerator) and
    CDC-eligible rehabilitations (CUS PP-3 numerator). -#}
with

operations as (

    select * from {{ ref('fct_works_operation') }}
    where end_date is not null

),

buildings as (

    select * from {{ ref('dim_building') }}

),

segments as (

    select * from {{ ref('int_segments__building') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

ranks as (

    select dpe_class, class_rank from {{ ref('dpe_class_thresholds') }}

),

enriched as (

    select
        cast(extract(year from operations.end_date) as integer) as year,
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
        segments.main_financing_label as financing_label,
        segments.direction_code,
        segments.direction_name,
        operations.operation_type,
        operations.dwellings_concerned,
        operations.cost_eur,
        operations.cdc_loan_eligible,
        operations.dpe_before,
        operations.dpe_after,
        before_rank.class_rank - after_rank.class_rank as classes_gained
    from operations
    inner join buildings
        on operations.landlord_id = buildings.landlord_id
        and operations.building_id = buildings.building_id
    inner join territory on buildings.territory_code = territory.territory_code
    inner join segments on buildings.building_key = segments.building_key
    left join ranks as before_rank on operations.dpe_before = before_rank.dpe_class
    left join ranks as after_rank on operations.dpe_after = after_rank.dpe_class

),

kpi as (

    select
        year,
        {{ territory_columns() }},
        {{ segment_columns() }},
        cast(count(*) as bigint) as operations,
        cast(sum(dwellings_concerned) as bigint) as dwellings_renovated,
        cast(sum(cost_eur) as double) as investment_eur,
        cast(sum(cost_eur) as double) / nullif(sum(dwellings_concerned), 0) as investment_per_dwelling_eur,
        cast(sum(case when dpe_before is not null and dpe_after is not null
            then dwellings_concerned else 0 end) as bigint) as dwellings_with_labels,
        cast(sum(case when dpe_before is not null and dpe_after is not null
            then dwellings_concerned * classes_gained else 0 end) as bigint) as classes_gained,
        cast(sum(case when {{ is_passoire('dpe_before') }} then dwellings_concerned else 0 end)
            as bigint) as dwellings_from_f_g,
        cast(sum(case when {{ is_out_of_passoire('dpe_before', 'dpe_after') }} then dwellings_concerned else 0 end)
            as bigint) as dwellings_out_of_f_g,
        cast(sum(case when cdc_loan_eligible then dwellings_concerned else 0 end)
            as bigint) as dwellings_cdc_eligible,
        direction_code,
        direction_name
    from enriched
    group by all

)

select * from kpi
