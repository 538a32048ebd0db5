{#- One row per survey respondent and theme, placed on the respondent's dwelling / building /
    commune, with the satisfied flag (score 7 to 10 out of 10, the HLM movement's triennial survey rule).

    Incremental, per landlord: reprocesses answers given within var incremental_lookback_days
    (31) of the landlord's latest answer already loaded (survey deliveries are corrected in place by the institute). -#}
{{ config(
    materialized='incremental',
    incremental_strategy=var('event_facts_incremental_strategy', 'delete+insert'),
    unique_key=['landlord_id', 'survey', 'respondent_id', 'theme'],
    on_schema_change='append_new_columns',
) }}

with

responses as (

    select * from {{ ref('stg_surveys__responses') }}

),

dwellings as (

    select * from {{ ref('int_service__dwelling_locations') }}

),

buildings as (

    select * from {{ ref('int_buildings__located') }}

),

{%- if is_incremental() %}

watermark as (

    {{ landlord_watermark('answered_on') }}

),
{%- endif %}

changed_responses as (

    select responses.*
    from responses
    {%- if is_incremental() %}
    left join watermark on responses.landlord_id = watermark.landlord_id
    where watermark.cutoff is null or responses.answered_on >= watermark.cutoff
    {%- endif %}

),

final as (

    select
        changed_responses.landlord_id,
        changed_responses.survey,
        changed_responses.respondent_id,
        changed_responses.theme,
        dwellings.dwelling_key,
        changed_responses.dwelling_id,
        {{ building_key('changed_responses.landlord_id',
            'coalesce(changed_responses.building_id, dwellings.building_id)') }} as building_key,
        coalesce(changed_responses.building_id, dwellings.building_id) as building_id,
        coalesce(dwellings.territory_code, buildings.territory_code) as territory_code,
        changed_responses.answered_on,
        cast(extract(year from changed_responses.answered_on) as integer) as survey_year,
        changed_responses.score,
        changed_responses.score >= 7 as is_satisfied,
        changed_responses.source_file,
        changed_responses.source_line
    from changed_responses
    left join dwellings
        on changed_responses.landlord_id = dwellings.landlord_id
        and changed_responses.dwelling_id = dwellings.dwelling_id
    left join buildings
        on changed_responses.landlord_id = buildings.landlord_id
        and coalesce(changed_responses.building_id, dwellings.building_id) = buildings.building_id

)

select * from final
