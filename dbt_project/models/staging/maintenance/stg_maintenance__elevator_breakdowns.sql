with

source as (

    select * from {{ source('raw', 'elevator_breakdowns') }}

),

renamed as (

    select
        landlord_id,
        breakdown_id,
        elevator_id,
        started_at,
        ended_at,
        cause,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
