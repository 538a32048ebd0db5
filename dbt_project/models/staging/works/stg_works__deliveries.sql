with

source as (

    select * from {{ source('raw', 'deliveries') }}

),

renamed as (

    select
        landlord_id,
        operation_id,
        building_id,
        commune_code,
        delivery_date,
        financing,
        dwellings,
        is_in_qpv,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
