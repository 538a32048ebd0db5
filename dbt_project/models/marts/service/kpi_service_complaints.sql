{#- Technical complaint handling per commune, segment, year of opening and urgency: tickets,
    closed tickets, average and median delay, share closed within the urgency's deadline.

    Segments: a ticket on a dwelling takes its dwelling's (landlord, agence, QPV, financing:
    int_service__dwelling_segments); a ticket on a building or its common areas takes the
    building's (int_service__building_segments) and has no financing (financing_label empty).

    Counted: the tickets of macro is_counted_complaint (kinds in var complaint_ticket_kinds,
    default complaints only, as work orders are children of complaints; not cancelled).
    Share within deadline = closed within the deadline / tickets whose outcome is known
    (closed, or still open after their deadline), so that an overdue open ticket counts
    against the landlord and a recent open one does not count yet. -#}
with

tickets as (

    select * from {{ ref('fct_ticket') }}
    where {{ is_counted_complaint() }}

),

deadlines as (

    select * from {{ ref('int_service__ticket_deadlines') }}

),

dwelling_segments as (

    select * from {{ ref('int_service__dwelling_segments') }}

),

building_segments as (

    select * from {{ ref('int_service__building_segments') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

),

segmented as (

    select
        tickets.*,
        {{ dwelling_or_building_segment_columns('tickets') }}
    from tickets
    left join dwelling_segments on tickets.dwelling_key = dwelling_segments.dwelling_key
    left join building_segments on tickets.building_key = building_segments.building_key

),

aggregated as (

    select
        tickets.opened_year,
        tickets.urgency,
        territory.region_code,
        territory.region_name,
        territory.departement_code,
        territory.departement_name,
        territory.epci_code,
        territory.epci_name,
        territory.commune_code,
        territory.commune_name,
        tickets.landlord_id,
        tickets.agence_code,
        tickets.agence_name,
        tickets.qpv_label,
        tickets.financing_label,
        tickets.direction_code,
        tickets.direction_name,
        count(*) as tickets,
        sum(case when tickets.is_closed then 1 else 0 end) as closed_tickets,
        sum(tickets.delay_hours) as total_delay_hours,
        avg(tickets.delay_hours) as average_delay_hours,
        percentile_cont(0.5) within group (order by tickets.delay_hours) as median_delay_hours,
        sum(case when tickets.is_within_deadline is not null then 1 else 0 end) as tickets_due,
        sum(case when tickets.is_within_deadline then 1 else 0 end) as closed_within_deadline
    from segmented as tickets
    inner join territory on tickets.territory_code = territory.territory_code
    group by all

),

kpi as (

    select
        cast(aggregated.opened_year as integer) as year,
        aggregated.region_code,
        aggregated.region_name,
        aggregated.departement_code,
        aggregated.departement_name,
        aggregated.epci_code,
        aggregated.epci_name,
        aggregated.commune_code,
        aggregated.commune_name,
        aggregated.landlord_id,
        aggregated.agence_code,
        aggregated.agence_name,
        aggregated.qpv_label,
        aggregated.financing_label,
        aggregated.urgency,
        deadlines.deadline_label,
        cast(aggregated.tickets as bigint) as tickets,
        cast(aggregated.closed_tickets as bigint) as closed_tickets,
        cast(coalesce(aggregated.total_delay_hours, 0) as double) as total_delay_hours,
        cast(aggregated.average_delay_hours as double) as average_delay_hours,
        cast(aggregated.median_delay_hours as double) as median_delay_hours,
        cast(aggregated.tickets_due as bigint) as tickets_due,
        cast(aggregated.closed_within_deadline as bigint) as closed_within_deadline,
        case
            when aggregated.tickets_due > 0
                then cast(aggregated.closed_within_deadline as double) / aggregated.tickets_due
        end as within_deadline_rate,
        aggregated.direction_code,
        aggregated.direction_name
    from aggregated
    left join deadlines on aggregated.urgency = deadlines.urgency

)

select * from kpi
