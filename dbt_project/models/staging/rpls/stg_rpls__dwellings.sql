with

source as (

    select * from {{ source('raw', 'rpls_dwellings') }}

),

renamed as (

    select
        -- keys
        _landlord_id as landlord_id,
        ident_int as dwelling_id,
        nullif(rpls_id, '') as rpls_id,
        cast(_millesime as integer) as millesime,

        -- location
        depcom as territory_code,
        nullif(immeuble, '') as building_id,
        case qpv when '1' then true when '2' then false end as is_in_qpv,

        -- structure
        typeconst as construction_type,
        cast(nbpiece as integer) as rooms,
        cast(replace(surfhab, ',', '.') as decimal(8, 2)) as living_area_m2,
        cast(construct as integer) as construction_year,
        nullif(finan, '') as financing_code,

        -- occupancy at 1 January
        coalesce(nullif(sortiepatrim, ''), '9') as exit_code,
        coalesce(nullif(sortiepatrim, ''), '9') = '9' as is_in_stock,
        mode as occupancy_code,
        case
            when loyerprinc in ('', '9999') then null
            else cast(replace(loyerprinc, ',', '.') as decimal(10, 2))
        end as monthly_rent_eur,

        -- energy performance
        case when dpedate in ('', '01/1900') then null else dpedate end as dpe_month,
        case
            when dpedate in ('', '01/1900') or dpeenergie = '' then null
            else dpeenergie
        end as dpe_energy_class,
        case
            when dpedate in ('', '01/1900') or dpeserre = '' then null
            else dpeserre
        end as dpe_ghg_class,

        -- lineage
        _file_name as source_file,
        _line_number as source_line,

        -- letting history (appended for the management KPIs: turnover, vacancy > 3 months)
        {{ dbt.safe_cast("nullif(locat, '')", api.Column.translate_type("integer")) }}
            as first_let_year,
        case
            when bail like '__/____'
                then {{ dbt.safe_cast(
                    dbt.concat(["substring(bail, 4, 4)", "'-'", "substring(bail, 1, 2)", "'-01'"]),
                    "date") }}
        end as lease_start_month,
        case
            when remlocdate like '__/__/____'
                then {{ dbt.safe_cast(
                    dbt.concat(["substring(remlocdate, 7, 4)", "'-'", "substring(remlocdate, 4, 2)",
                                "'-'", "substring(remlocdate, 1, 2)"]),
                    "date") }}
            when remlocdate like '__/____'
                then {{ dbt.safe_cast(
                    dbt.concat(["substring(remlocdate, 4, 4)", "'-'", "substring(remlocdate, 1, 2)",
                                "'-01'"]),
                    "date") }}
        end as offered_for_letting_on

    from source

)

select * from renamed
