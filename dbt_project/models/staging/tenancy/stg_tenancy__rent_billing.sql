with

source as (

    select * from {{ source('raw', 'rent_billing') }}

),

renamed as (

    select
        landlord_id,
        lease_id,
        month,
        rent_billed,
        charges_billed,
        amount_paid,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
