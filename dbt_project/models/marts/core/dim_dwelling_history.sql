{#- Type-2 history of each dwelling over the RPLS millésimes: a new version starts whenever a
    described attribute changes (commune, surface, financing, DPE label or date, stock status).
    valid_from / valid_to are 1 January of the millésimes; valid_to is null for the current
    version. Built from the yearly files themselves, so reloading old millésimes rebuilds it. -#}
with

states as (

    select
        {{ dwelling_key('landlord_id', 'dwelling_id') }} as dwelling_key,
        landlord_id,
        dwelling_id,
        millesime,
        territory_code,
        building_id,
        living_area_m2,
        financing_code,
        dpe_month,
        dpe_energy_class,
        dpe_ghg_class,
        is_in_stock,
        {{ dbt.hash(dbt.concat([
            "coalesce(territory_code, '')", "'|'",
            "coalesce(building_id, '')", "'|'",
            "coalesce(cast(living_area_m2 as varchar), '')", "'|'",
            "coalesce(financing_code, '')", "'|'",
            "coalesce(dpe_month, '')", "'|'",
            "coalesce(dpe_energy_class, '')", "'|'",
            "coalesce(dpe_ghg_class, '')", "'|'",
            "case when is_in_stock then '1' else '0' end"
        ])) }} as attributes_hash
    from {{ ref('stg_rpls__dwellings') }}

),

flagged as (

    select
        *,
        case
            when lag(attributes_hash) over (partition by dwelling_key order by millesime)
                = attributes_hash then 0
            else 1
        end as starts_version
    from states

),

versioned as (

    select
        *,
        sum(starts_version) over (
            partition by dwelling_key order by millesime rows unbounded preceding
        ) as version
    from flagged

),

versions as (

    select
        dwelling_key,
        version,
        min(millesime) as first_millesime,
        max(millesime) as last_millesime
    from versioned
    group by dwelling_key, version

),

bounded as (

    select
        *,
        lead(first_millesime) over (partition by dwelling_key order by version)
            as next_first_millesime
    from versions

)

select
    {{ dbt.concat(["versioned.dwelling_key", "'#'", "cast(versioned.version as varchar)"]) }}
        as dwelling_version_key,
    versioned.dwelling_key,
    versioned.landlord_id,
    versioned.dwelling_id,
    cast(versioned.version as integer) as version,
    versioned.territory_code,
    versioned.building_id,
    versioned.living_area_m2,
    versioned.financing_code,
    versioned.dpe_month,
    versioned.dpe_energy_class,
    versioned.dpe_ghg_class,
    versioned.is_in_stock,
    cast({{ dbt.concat(["cast(bounded.first_millesime as varchar)", "'-01-01'"]) }} as date)
        as valid_from,
    case when bounded.next_first_millesime is not null then
        cast({{ dbt.concat(["cast(bounded.next_first_millesime as varchar)", "'-01-01'"]) }} as date)
    end as valid_to,
    bounded.next_first_millesime is null as is_current,
    bounded.first_millesime,
    bounded.last_millesime
from versioned
inner join bounded
    on versioned.dwelling_key = bounded.dwelling_key
    and versioned.version = bounded.version
    and versioned.millesime = bounded.first_millesime
