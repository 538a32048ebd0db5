{#- Tenant satisfaction per commune, segment, year, survey and theme: respondents, satisfied
    respondents (score 7-10) and their share. The survey is part of the grain: the triennial
    survey and the post-intervention surveys question different populations.

    Segments: a respondent known by its dwelling takes the dwelling's (landlord, agence, QPV,
    financing: int_service__dwelling_segments); one known by its building only takes the
    building's (int_service__building_segments) and has no financing (financing_label empty). -#}
with

responses as (

    select * from {{ ref('fct_survey_response') }}

),

dwelling_segments as (

    select * from {{ ref('int_service__dwelling_segments') }}

),

building_segments as (

    select * from {{ ref('int_service__building_segments') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

segmented as (

    select
        responses.*,
        {{ dwelling_or_building_segment_columns('responses') }}
    from responses
    left join dwelling_segments on responses.dwelling_key = dwelling_segments.dwelling_key
    left join building_segments on responses.building_key = building_segments.building_key

),

aggregated as (

    select
        responses.survey_year,
        responses.survey,
        responses.theme,
        territory.region_code,
        territory.region_name,
        territory.departement_code,
        territory.departement_name,
        territory.epci_code,
        territory.epci_name,
        territory.commune_code,
        territory.commune_name,
        responses.landlord_id,
        responses.agence_code,
        responses.agence_name,
        responses.qpv_label,
        responses.financing_label,
        responses.direction_code,
        responses.direction_name,
        count(*) as respondents,
        sum(case when responses.is_satisfied then 1 else 0 end) as satisfied_respondents,
        sum(responses.score) as total_score
    from segmented as responses
    inner join territory on responses.territory_code = territory.territory_code
    group by all

),

kpi as (

    select
        cast(survey_year as integer) as year,
        {{ territory_columns() }},
        {{ segment_columns() }},
        survey,
        theme,
        cast(respondents as bigint) as respondents,
        cast(satisfied_respondents as bigint) as satisfied_respondents,
        cast(satisfied_respondents as double) / respondents as satisfaction_rate,
        cast(total_score as bigint) as total_score,
        cast(total_score as double) / respondents as average_score,
        direction_code,
        direction_name
    from aggregated

)

select * from kpi
