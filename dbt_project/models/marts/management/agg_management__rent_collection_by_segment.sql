{#- Rent collection per commune, segment of the lease's dwelling (landlord, agence, QPV,
    financing: int_service__dwelling_segments) and calendar year:

    - arrears rate   tenant debts (current and departed tenants) at the year's last arrears
                     observation date / rent and charges billed in the year
    - recovery rate  cash collected in the year / rent and charges billed in the year

    The year's observation date is the latest one in the arrears file for that year, across
    the whole landlord (so every commune is read at the same date). For the current year the
    billing runs from 1 January to the latest month loaded.

    Billing and debts are joined on the whole key, null segments included (a dwelling no agence
    covers), so a row of either side is never lost. -#}
{%- set grain = ['calendar_year', 'commune_code', 'landlord_id', 'agence_code', 'agence_name',
    'direction_code', 'direction_name', 'qpv_label', 'financing_label'] %}
with

billing as (

    select * from {{ ref('fct_rent_billing') }}

),

arrears as (

    select * from {{ ref('fct_arrears') }}

),

segments as (

    select * from {{ ref('int_service__dwelling_segments') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

billed as (

    select
        billing.billing_year as calendar_year,
        territory.commune_code,
        {{ looked_up_segment_columns('segments', 'billing') }},
        sum(billing.rent_billed) as rent_billed_eur,
        sum(billing.charges_billed) as charges_billed_eur,
        sum(billing.total_billed) as billed_eur,
        sum(billing.amount_paid) as collected_eur
    from billing
    inner join territory on billing.territory_code = territory.territory_code
    left join segments on billing.dwelling_key = segments.dwelling_key
    group by all

),

closing_dates as (

    select
        landlord_id,
        observed_year,
        max(observed_on) as observed_on
    from arrears
    group by landlord_id, observed_year

),

debts as (

    select
        arrears.observed_year as calendar_year,
        territory.commune_code,
        {{ looked_up_segment_columns('segments', 'arrears') }},
        max(arrears.observed_on) as arrears_observed_on,
        sum(arrears.amount_due) as tenant_debt_eur,
        sum(case when arrears.is_departed_tenant then 0 else arrears.amount_due end)
            as current_tenant_debt_eur,
        sum(case when arrears.is_departed_tenant then arrears.amount_due else 0 end)
            as departed_tenant_debt_eur
    from arrears
    inner join closing_dates
        on arrears.landlord_id = closing_dates.landlord_id
        and arrears.observed_year = closing_dates.observed_year
        and arrears.observed_on = closing_dates.observed_on
    inner join territory on arrears.territory_code = territory.territory_code
    left join segments on arrears.dwelling_key = segments.dwelling_key
    group by all

),

keys as (

    select {{ grain | join(', ') }} from billed
    union
    select {{ grain | join(', ') }} from debts

)

select
    cast(keys.calendar_year as integer) as year,
    {% for column in grain[1:] %}keys.{{ column }},
    {% endfor -%}
    cast(billed.rent_billed_eur as double) as rent_billed_eur,
    cast(billed.charges_billed_eur as double) as charges_billed_eur,
    cast(billed.billed_eur as double) as billed_eur,
    cast(billed.collected_eur as double) as collected_eur,
    debts.arrears_observed_on,
    cast(debts.tenant_debt_eur as double) as tenant_debt_eur,
    cast(debts.current_tenant_debt_eur as double) as current_tenant_debt_eur,
    cast(debts.departed_tenant_debt_eur as double) as departed_tenant_debt_eur,
    case when billed.billed_eur > 0
        then cast(debts.tenant_debt_eur as double) / billed.billed_eur end as arrears_rate,
    case when billed.billed_eur > 0
        then cast(billed.collected_eur as double) / billed.billed_eur end as recovery_rate
from keys
left join billed
    on {{ null_safe_join_on(grain, 'keys', 'billed') }}
left join debts
    on {{ null_safe_join_on(grain, 'keys', 'debts') }}
