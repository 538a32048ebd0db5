with

source as (

    select * from {{ source('raw', 'commitments') }}

),

renamed as (

    select
        landlord_id,
        indicator_code,
        indicator_label,
        territory_level,
        territory_code,
        year,
        target,
        target_type,
        unit,
        origin,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
