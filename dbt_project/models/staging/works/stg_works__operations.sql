with

source as (

    select * from {{ source('raw', 'works') }}

),

renamed as (

    select
        landlord_id,
        operation_id,
        building_id,
        operation_type,
        dwellings_concerned,
        start_date,
        end_date,
        cost_eur,
        dpe_before,
        dpe_after,
        cdc_loan_eligible,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
