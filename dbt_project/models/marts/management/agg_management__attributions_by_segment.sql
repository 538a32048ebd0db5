{#- CUS social indicators per commune, segment of the attributed dwelling (landlord, agence,
    QPV, financing: int_service__dwelling_segments) and year of decision (CCH L441-1 and R445-5; the
    official wording of both could not be checked, so the rules are dbt vars):

    - PS-1  attributions outside QPV to first-quartile applicants / attributions outside QPV
            (legal floor 25 %). Numerator flags: var ps1_target_flags, default
            ['is_first_quartile'] (add e.g. a flag for households rehoused by urban renewal).
    - PS-2  attributions to DALO or priority households / attributions. Numerator flags: var
            ps2_target_flags, default ['is_dalo', 'is_priority'].
    - var attributions_exclude_transfers (default false): leave out transfers of tenants already
      housed (mutations) from both indicators.

    PS-1 is committed per EPCI and PS-2 per département: the rows add up to either
    (Σ numerator / Σ denominator). PS-1's scope reads the attribution file's own QPV flag (the
    status at the decision), the qpv_label segment the RPLS one (the dashboards' QPV filter). -#}
{%- set allowed_flags = ['is_dalo', 'is_priority', 'is_first_quartile', 'is_transfer'] %}
{%- set ps1_flags = var('ps1_target_flags', ['is_first_quartile']) %}
{%- set ps2_flags = var('ps2_target_flags', ['is_dalo', 'is_priority']) %}
{%- for flag in ps1_flags + ps2_flags %}
    {%- if flag not in allowed_flags %}
        {{ exceptions.raise_compiler_error("unknown attribution flag " ~ flag ~ "; expected one of " ~ allowed_flags) }}
    {%- endif %}
{%- endfor %}

with

attributions as (

    select * from {{ ref('fct_attribution') }}
    {%- if var('attributions_exclude_transfers', false) %}
    where not is_transfer
    {%- endif %}

),

segments as (

    select * from {{ ref('int_service__dwelling_segments') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

classified as (

    select
        attributions.decision_year,
        territory.commune_code,
        {{ looked_up_segment_columns('segments', 'attributions') }},
        not attributions.is_dwelling_in_qpv as is_ps1_scope,
        not attributions.is_dwelling_in_qpv
            and ({% for flag in ps1_flags %}attributions.{{ flag }}{{ " or " if not loop.last }}{% endfor %})
            as is_ps1_target,
        ({% for flag in ps2_flags %}attributions.{{ flag }}{{ " or " if not loop.last }}{% endfor %})
            as is_ps2_target,
        attributions.is_transfer
    from attributions
    inner join territory on attributions.territory_code = territory.territory_code
    left join segments on attributions.dwelling_key = segments.dwelling_key

),

aggregated as (

    select
        decision_year,
        commune_code,
        {{ segment_columns() }},
        direction_code,
        direction_name,
        count(*) as attributions,
        sum(case when is_transfer then 1 else 0 end) as transfer_attributions,
        sum(case when is_ps1_scope then 1 else 0 end) as ps1_denominator,
        sum(case when is_ps1_target then 1 else 0 end) as ps1_numerator,
        sum(case when is_ps2_target then 1 else 0 end) as ps2_numerator
    from classified
    group by decision_year, commune_code, {{ segment_columns() }}, direction_code, direction_name

)

select
    cast(decision_year as integer) as year,
    commune_code,
    {{ segment_columns() }},
    direction_code,
    direction_name,
    cast(attributions as bigint) as attributions,
    cast(transfer_attributions as bigint) as transfer_attributions,
    cast(ps1_numerator as bigint) as ps1_numerator,
    cast(ps1_denominator as bigint) as ps1_denominator,
    case when ps1_denominator > 0
        then cast(ps1_numerator as double) / ps1_denominator end as ps1_rate,
    cast(ps2_numerator as bigint) as ps2_numerator,
    cast(attributions as bigint) as ps2_denominator,
    case when attributions > 0
        then cast(ps2_numerator as double) / attributions end as ps2_rate
from aggregated
