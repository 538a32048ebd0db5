{#- Tenant satisfaction per commune, year, survey and theme: respondents, satisfied
    respondents (score 7-10) and their share. The survey is part of the grain: the triennial
    survey and the post-intervention surveys question different populations. -#}
with

responses as (

    select * from {{ ref('fct_survey_response') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

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
        count(*) as respondents,
        sum(case when responses.is_satisfied then 1 else 0 end) as satisfied_respondents,
        sum(responses.score) as total_score
    from responses
    inner join territory on responses.territory_code = territory.territory_code
    group by
        responses.survey_year, responses.survey, responses.theme,
        territory.region_code, territory.region_name,
        territory.departement_code, territory.departement_name,
        territory.epci_code, territory.epci_name,
        territory.commune_code, territory.commune_name

),

kpi as (

    select
        cast(survey_year as integer) as year,
        {{ territory_columns() }},
        survey,
        theme,
        cast(respondents as bigint) as respondents,
        cast(satisfied_respondents as bigint) as satisfied_respondents,
        cast(satisfied_respondents as double) / respondents as satisfaction_rate,
        cast(total_score as bigint) as total_score,
        cast(total_score as double) / respondents as average_score
    from aggregated

),

territory_direction as (

    select territory_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    where territory_level = 'commune'

)

select
    kpi.*,
    territory_direction.direction_code,
    territory_direction.direction_name
from kpi
left join territory_direction on kpi.commune_code = territory_direction.territory_code
