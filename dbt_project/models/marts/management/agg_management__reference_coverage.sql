{#- How many rows of each service / management fact point at something the warehouse does not
    know: a dwelling or building missing from the RPLS, a lease missing from the lease export,
    an elevator missing from the inventory. One row per landlord and check: a member of a
    federation whose file is missing is not hidden by the others' complete ones.

    Such rows are expected in small numbers: when the loader quarantines a bad lease, its
    billing lines lose their parent. They stay in the facts (without a commune they are left
    out of the KPI marts) and are counted here. The test on this model blocks the publication
    only when a check's unmatched share exceeds var max_unmatched_share (5 % by default), which
    says a whole file is missing or mismatched rather than a few lines quarantined. -#}
{%- set checks = [
    ('fct_ticket', 'logement_connu_du_rpls', "Demandes dont le logement est inconnu du RPLS", 'dwelling_key is null', 'dwelling_id is not null'),
    ('fct_ticket', 'commune_connue', "Demandes rattachées à aucune commune (ni logement ni immeuble connus)", 'territory_code is null', none),
    ('fct_survey_response', 'logement_connu_du_rpls', "Réponses dont le logement est inconnu du RPLS", 'dwelling_key is null', 'dwelling_id is not null'),
    ('fct_survey_response', 'commune_connue', "Réponses rattachées à aucune commune", 'territory_code is null', none),
    ('dim_elevator', 'immeuble_connu_du_rpls', "Ascenseurs dont l'immeuble est inconnu du RPLS", 'territory_code is null', none),
    ('fct_elevator_breakdown', 'ascenseur_connu', "Pannes d'un ascenseur absent de l'inventaire", 'building_id is null', none),
    ('fct_lease', 'logement_connu_du_rpls', "Baux dont le logement est inconnu du RPLS", 'dwelling_key is null', none),
    ('fct_lease', 'menage_connu', "Baux en cours dont le ménage est absent du fichier des ménages", 'household_key not in (select household_key from ' ~ ref('dim_household') ~ ')', 'is_ongoing'),
    ('dim_household', 'commune_connue', "Ménages sans logement connu", 'territory_code is null', none),
    ('fct_attribution', 'logement_connu_du_rpls', "Attributions dont le logement est inconnu du RPLS", 'dwelling_key is null', none),
    ('fct_rent_billing', 'bail_connu', "Lignes de quittancement d'un bail absent de l'export des baux", 'lease_key is null', none),
    ('fct_arrears', 'bail_connu', "Dettes d'un bail absent de l'export des baux", 'lease_key is null', none),
] %}
{%- set max_share = var('max_unmatched_share', 0.05) %}

with

checks as (

{%- for model_name, check_name, label, unmatched_when, scope in checks %}
    select
        landlord_id,
        '{{ model_name }}' as model_name,
        '{{ check_name }}' as check_name,
        '{{ label | replace("'", "''") }}' as check_label,
        count(*) as checked_rows,
        sum(case when {{ unmatched_when }} then 1 else 0 end) as unmatched_rows
    from {{ ref(model_name) }}
    {%- if scope %}
    where {{ scope }}
    {%- endif %}
    group by landlord_id
    {%- if not loop.last %}
    union all
    {%- endif %}
{%- endfor %}

)

select
    landlord_id,
    model_name,
    check_name,
    check_label,
    cast(checked_rows as bigint) as checked_rows,
    cast(coalesce(unmatched_rows, 0) as bigint) as unmatched_rows,
    case when checked_rows > 0
        then cast(coalesce(unmatched_rows, 0) as double) / checked_rows end as unmatched_share,
    cast({{ max_share }} as double) as max_unmatched_share,
    coalesce(cast(coalesce(unmatched_rows, 0) as double) / nullif(checked_rows, 0), 0)
        <= {{ max_share }} as is_within_tolerance
from checks
