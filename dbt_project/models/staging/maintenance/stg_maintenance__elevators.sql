with

source as (

    select * from {{ source('raw', 'elevators') }}

),

renamed as (

    select
        landlord_id,
        elevator_id,
        building_id,
        commissioning_year,
        floors_served,
        maintainer,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
