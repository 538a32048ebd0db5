with

source as (

    select * from {{ source('raw', 'arrears') }}

),

renamed as (

    select
        landlord_id,
        lease_id,
        observed_on,
        amount_due,
        tenant_status,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
