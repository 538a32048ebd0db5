with

source as (

    select * from {{ source('raw', 'satisfaction') }}

),

renamed as (

    select
        landlord_id,
        survey,
        respondent_id,
        dwelling_id,
        building_id,
        theme,
        score,
        answered_on,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
