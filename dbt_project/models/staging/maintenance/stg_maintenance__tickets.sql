with

source as (

    select * from {{ source('raw', 'tickets') }}

),

renamed as (

    select
        landlord_id,
        ticket_id,
        kind,
        dwelling_id,
        building_id,
        category,
        urgency,
        opened_at,
        closed_at,
        status,
        channel,
        parent_ticket_id,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
