{#- Technical complaint handling per commune, year of opening and urgency: tickets, closed
    tickets, average and median delay, share closed within the urgency's deadline.

    Counted: tickets of the kinds in var complaint_ticket_kinds (default: complaints only, as
    work orders are children of complaints and would count them twice), not cancelled.
    Share within deadline = closed within the deadline / tickets whose outcome is known
    (closed, or still open after their deadline), so that an overdue open ticket counts
    against the landlord and a recent open one does not count yet. -#}
{%- set kinds = var('complaint_ticket_kinds', ['reclamation']) %}

with

tickets as (

    select * from {{ ref('fct_ticket') }}
    where not is_cancelled
        and kind in ({% for kind in kinds %}'{{ kind }}'{{ ", " if not loop.last }}{% endfor %})

),

deadlines as (

    select * from {{ ref('int_service__ticket_deadlines') }}

),

territory as (

    select * from {{ ref('dim_territory') }}

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
        count(*) as tickets,
        sum(case when tickets.is_closed then 1 else 0 end) as closed_tickets,
        sum(tickets.delay_hours) as total_delay_hours,
        avg(tickets.delay_hours) as average_delay_hours,
        percentile_cont(0.5) within group (order by tickets.delay_hours) as median_delay_hours,
        sum(case when tickets.is_within_deadline is not null then 1 else 0 end) as tickets_due,
        sum(case when tickets.is_within_deadline then 1 else 0 end) as closed_within_deadline
    from tickets
    inner join territory on tickets.territory_code = territory.territory_code
    group by
        tickets.opened_year, tickets.urgency,
        territory.region_code, territory.region_name,
        territory.departement_code, territory.departement_name,
        territory.epci_code, territory.epci_name,
        territory.commune_code, territory.commune_name

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
        end as within_deadline_rate
    from aggregated
    left join deadlines on aggregated.urgency = deadlines.urgency

),

territory_direction as (

    select territory_code, direction_code, direction_name
    from {{ ref('int_organisation__territory_direction') }}
    where territory_level = 'commune'

)

select
    kpi.*,
    territory_direction.direction_code,
    territory_direction.direction_name
from kpi
left join territory_direction on kpi.commune_code = territory_direction.territory_code
