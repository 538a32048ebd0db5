{#- Occupancy indicators of the stock per commune, segment (landlord, agence, QPV, financing of
    the dwelling in that millésime: int_segments__dwelling) and millésime (state at 1 January of
    year N), from the landlord's RPLS declarations (MODE, REMLOCDATE, LOYERPRINC, SURFHAB):

    - vacancy            MODE 2 / MODE 1 or 2
    - vacancy > 3 months MODE 2 offered for letting (REMLOCDATE) before 1 January N − 3 months
                         / MODE 1 or 2 (var long_vacancy_months, 3)
    - technical vacancy  MODE 3 / all dwellings in stock
    - turnover           dwellings whose current lease (BAIL) started in N − 1, among dwellings
                         MODE 1 or 2 first let (LOCAT) before N − 1, / those dwellings. As in the
                         SDES method, a dwelling re-let twice in N − 1 counts once and one let in
                         N − 1 then vacant again on 1 January N is not seen.
    - rent per m²        Σ LOYERPRINC / Σ SURFHAB over let dwellings (MODE 1) whose rent and
                         surface are both known (monthly rent of January, €/m² of living area)

    Dwellings that left the stock during N − 1 (SORTIEPATRIM ≠ 9) are not counted. -#}
{%- set long_vacancy_months = var('long_vacancy_months', 3) %}

with

snapshot as (

    select * from {{ ref('fct_dwelling_snapshot') }}
    where is_in_stock

),

segments as (

    select * from {{ ref('int_segments__dwelling') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

classified as (

    select
        snapshot.millesime,
        territory.commune_code,
        {{ looked_up_segment_columns('segments', 'snapshot') }},
        snapshot.occupancy_code,
        snapshot.occupancy_code in ('1', '2') as is_offered,
        snapshot.occupancy_code = '2'
            and snapshot.offered_for_letting_on < {{ dbt.dateadd(
                'month', '12 * (snapshot.millesime - 2000) - ' ~ long_vacancy_months,
                "cast('2000-01-01' as date)") }}
            as is_vacant_over_threshold,
        snapshot.occupancy_code = '2' and snapshot.offered_for_letting_on is null
            as is_vacant_since_unknown,
        snapshot.occupancy_code in ('1', '2')
            and snapshot.first_let_year <= snapshot.millesime - 2 as is_turnover_base,
        snapshot.occupancy_code in ('1', '2')
            and snapshot.first_let_year <= snapshot.millesime - 2
            and extract(year from snapshot.lease_start_month) = snapshot.millesime - 1
            as is_moved_in_last_year,
        snapshot.occupancy_code = '1'
            and snapshot.monthly_rent_eur is not null
            and snapshot.living_area_m2 > 0 as has_rent_and_area,
        snapshot.monthly_rent_eur,
        snapshot.living_area_m2
    from snapshot
    inner join territory on snapshot.territory_code = territory.territory_code
    left join segments
        on snapshot.dwelling_key = segments.dwelling_key
        and snapshot.millesime = segments.millesime

),

aggregated as (

    select
        millesime,
        commune_code,
        {{ segment_columns() }},
        direction_code,
        direction_name,
        count(*) as dwellings_in_stock,
        sum(case when occupancy_code = '1' then 1 else 0 end) as let_dwellings,
        sum(case when occupancy_code = '2' then 1 else 0 end) as vacant_dwellings,
        sum(case when is_offered then 1 else 0 end) as offered_dwellings,
        sum(case when is_vacant_over_threshold then 1 else 0 end) as long_vacant_dwellings,
        sum(case when is_vacant_since_unknown then 1 else 0 end) as vacant_since_unknown_dwellings,
        sum(case when occupancy_code = '3' then 1 else 0 end) as technical_vacant_dwellings,
        sum(case when is_turnover_base then 1 else 0 end) as turnover_base_dwellings,
        sum(case when is_moved_in_last_year then 1 else 0 end) as turnover_moves_in,
        sum(case when has_rent_and_area then monthly_rent_eur end) as let_rent_eur,
        sum(case when has_rent_and_area then living_area_m2 end) as let_area_m2
    from classified
    group by millesime, commune_code, {{ segment_columns() }}, direction_code, direction_name

)

select
    cast(millesime as integer) as year,
    commune_code,
    {{ segment_columns() }},
    direction_code,
    direction_name,
    cast(dwellings_in_stock as bigint) as dwellings_in_stock,
    cast(let_dwellings as bigint) as let_dwellings,
    cast(vacant_dwellings as bigint) as vacant_dwellings,
    cast(offered_dwellings as bigint) as offered_dwellings,
    case when offered_dwellings > 0
        then cast(vacant_dwellings as double) / offered_dwellings end as vacancy_rate,
    cast(long_vacant_dwellings as bigint) as long_vacant_dwellings,
    case when offered_dwellings > 0
        then cast(long_vacant_dwellings as double) / offered_dwellings end as long_vacancy_rate,
    cast(vacant_since_unknown_dwellings as bigint) as vacant_since_unknown_dwellings,
    cast(technical_vacant_dwellings as bigint) as technical_vacant_dwellings,
    case when dwellings_in_stock > 0
        then cast(technical_vacant_dwellings as double) / dwellings_in_stock
    end as technical_vacancy_rate,
    cast(turnover_moves_in as bigint) as turnover_moves_in,
    cast(turnover_base_dwellings as bigint) as turnover_base_dwellings,
    case when turnover_base_dwellings > 0
        then cast(turnover_moves_in as double) / turnover_base_dwellings end as turnover_rate,
    cast(coalesce(let_rent_eur, 0) as double) as let_rent_eur,
    cast(coalesce(let_area_m2, 0) as double) as let_area_m2,
    case when let_area_m2 > 0 then cast(let_rent_eur as double) / let_area_m2 end as rent_per_m2
from aggregated
