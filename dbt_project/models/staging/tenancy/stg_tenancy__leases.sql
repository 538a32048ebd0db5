with

source as (

    select * from {{ source('raw', 'leases') }}

),

renamed as (

    select
        landlord_id,
        lease_id,
        dwelling_id,
        household_id,
        start_date,
        end_date,
        monthly_rent,
        monthly_charges,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
