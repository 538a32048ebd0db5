with

source as (

    select * from {{ source('raw', 'households') }}

),

renamed as (

    select
        landlord_id,
        household_id,
        household_size,
        oldest_member_age_band,
        resources_pct_plus_ceiling,
        observed_on,
        _file_name as source_file,
        _line_number as source_line
    from source

)

select * from renamed
