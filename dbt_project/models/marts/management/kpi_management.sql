{#- Social and management KPIs per commune, segment (landlord, agence, QPV, financing of the
    dwelling, lease or building behind each figure) and year, with every numerator and
    denominator beside its rate so a département, EPCI, agence or the whole landlord is
    Σ numerator / Σ denominator.

    "year" means, per family (see each column's description):
    - stock indicators (vacancy, turnover, rent per m²): RPLS millésime N, state at 1 January N
      (turnover counts the leases that started in N − 1);
    - rent collection, attributions, deliveries, rehabilitation: calendar year N;
    - households: year of the situation described by the tenancy export.

    The five families are joined on the whole key (full outer join through the union of their
    keys), null segments matching null segments, so no row of any family is lost. The
    direction is the one of the row's agence, else the commune's (int_segments__*). -#}
{%- set segment_key = ['landlord_id', 'agence_code', 'agence_name', 'direction_code',
    'direction_name', 'qpv_label', 'financing_label'] %}
{%- set key = ['year', 'commune_code'] + segment_key %}
{%- set families = ['stock', 'collection', 'attributions', 'households', 'works'] %}
with

stock as (

    select * from {{ ref('agg_management__stock_by_segment') }}

),

collection as (

    select * from {{ ref('agg_management__rent_collection_by_segment') }}

),

attributions as (

    select * from {{ ref('agg_management__attributions_by_segment') }}

),

households as (

    select * from {{ ref('agg_management__households_by_segment') }}

),

works as (

    select * from {{ ref('agg_management__works_by_segment') }}

),

communes as (

    select * from {{ ref('dim_territory') }}
    where territory_code = commune_code

),

keys as (

    {%- for family in families %}
    select {{ key | join(', ') }} from {{ family }}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}

),

kpi as (

    select
        cast(keys.year as integer) as year,
        communes.region_code,
        communes.region_name,
        communes.departement_code,
        communes.departement_name,
        communes.epci_code,
        communes.epci_name,
        keys.commune_code,
        communes.commune_name,
        keys.landlord_id,
        keys.agence_code,
        keys.agence_name,
        keys.qpv_label,
        keys.financing_label,

        -- stock at 1 January (RPLS millésime)
        stock.dwellings_in_stock,
        stock.let_dwellings,
        stock.vacant_dwellings,
        stock.offered_dwellings,
        stock.vacancy_rate,
        stock.long_vacant_dwellings,
        stock.long_vacancy_rate,
        stock.vacant_since_unknown_dwellings,
        stock.technical_vacant_dwellings,
        stock.technical_vacancy_rate,
        stock.turnover_moves_in,
        stock.turnover_base_dwellings,
        stock.turnover_rate,
        stock.let_rent_eur,
        stock.let_area_m2,
        stock.rent_per_m2,

        -- rent collection (calendar year)
        collection.rent_billed_eur,
        collection.charges_billed_eur,
        collection.billed_eur,
        collection.collected_eur,
        collection.recovery_rate,
        collection.arrears_observed_on,
        collection.tenant_debt_eur,
        collection.current_tenant_debt_eur,
        collection.departed_tenant_debt_eur,
        collection.arrears_rate,

        -- attributions (calendar year of decision)
        attributions.attributions,
        attributions.transfer_attributions,
        attributions.ps1_numerator,
        attributions.ps1_denominator,
        attributions.ps1_rate,
        attributions.ps2_numerator,
        attributions.ps2_denominator,
        attributions.ps2_rate,

        -- housed households (year of the situation)
        households.households,
        households.households_with_known_resources,
        households.households_below_60pct_plus_ceiling,
        households.below_60pct_plus_ceiling_rate,
        households.households_with_member_65_plus,
        households.member_65_plus_rate,

        -- new dwellings and rehabilitation (calendar year)
        works.delivery_programmes,
        works.delivered_dwellings,
        works.rehabilitation_operations,
        works.rehabilitated_dwellings,
        works.rehabilitation_cost_eur,
        case when stock.dwellings_in_stock > 0
            then works.rehabilitation_cost_eur / stock.dwellings_in_stock
        end as rehabilitation_cost_per_dwelling,
        case when works.rehabilitated_dwellings > 0
            then works.rehabilitation_cost_eur / works.rehabilitated_dwellings
        end as rehabilitation_cost_per_dwelling_concerned,
        keys.direction_code,
        keys.direction_name

    from keys
    inner join communes on keys.commune_code = communes.commune_code
    {%- for family in families %}
    left join {{ family }}
        on {{ null_safe_join_on(key, 'keys', family, indent='        ') }}
    {%- endfor %}

)

select * from kpi
