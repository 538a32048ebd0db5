with

source as (

    select * from {{ source('raw', 'attributions') }}

),

renamed as (

    select
        landlord_id,
        attribution_id,
        dwelling_id,
        household_id,
        decision_date,
        is_dalo,
        is_priority,
        is_first_quartile,
        is_dwelling_in_qpv,
        reservation_holder,
        is_transfer,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
