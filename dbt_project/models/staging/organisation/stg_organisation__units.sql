with

source as (

    select * from {{ source('raw', 'organisation') }}

),

renamed as (

    select
        landlord_id,
        unit_code,
        unit_name,
        unit_type,
        parent_code,
        covers_type,
        covers_code,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
