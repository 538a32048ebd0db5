"""Every job and schedule is valid and targets what it says: the data team relies on the
daily / monthly / yearly loads touching only what depends on their sources."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from dagster._utils.schedules import schedule_execution_time_iterator

from orchestration.definitions import defs
from orchestration.defs.automation.jobs import WAREHOUSE_TAG

PARIS = ZoneInfo("Europe/Paris")
DBT_DOCS = dg.AssetKey(["reports", "dbt_docs"])


def key(*path: str) -> dg.AssetKey:
    return dg.AssetKey(list(path))


def selected(job_name: str) -> set[dg.AssetKey]:
    return set(defs.resolve_job_def(job_name).asset_layer.selected_asset_keys)


def descendants(graph, roots: set[dg.AssetKey]) -> set[dg.AssetKey]:
    """Roots and everything below them, walked by hand over the asset graph."""
    seen, todo = set(roots), list(roots)
    while todo:
        for child in graph.get(todo.pop()).child_keys:
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def test_the_code_location_loads():
    dg.Definitions.validate_loadable(defs)


def test_full_build_targets_every_asset():
    graph = defs.resolve_asset_graph()
    assert selected("full_build") == set(graph.get_all_asset_keys()) - {
        k for k in graph.get_all_asset_keys() if not graph.get(k).is_executable}


@pytest.mark.parametrize("job_name, sources", [
    ("daily_operations", {key("raw", "tickets"), key("raw", "elevator_breakdowns")}),
    ("monthly_tenancy_billing", {key("raw", s) for s in (
        "arrears", "attributions", "deliveries", "dpe", "households", "leases",
        "rent_billing", "works")}),
    ("yearly_rpls_millesime", {key("raw", s) for s in (
        "rpls_dwellings", "commitments", "elevators", "organisation", "satisfaction")}),
])
def test_source_jobs_run_their_sources_and_what_depends_on_them(job_name, sources):
    graph = defs.resolve_asset_graph()
    expected = {k for k in descendants(graph, sources) if graph.get(k).is_executable}
    if job_name != "yearly_rpls_millesime":  # the dbt docs: full build and yearly load only
        expected -= {DBT_DOCS}
    assert selected(job_name) == expected
    raw_in_job = {k for k in selected(job_name) if k.path[0] == "raw"}
    assert raw_in_job == sources  # no other source is reloaded
    assert key("serving", "warehouse") in selected(job_name)  # ends with the publish


def test_dbt_docs_are_rebuilt_by_the_full_and_yearly_builds_and_on_demand_only():
    """The docs describe the dbt project, not a day's data: the daily and monthly loads and
    the replays do not pay for them; `refresh_dbt_docs` regenerates them alone, holding the
    warehouse like any run (dbt reads its catalog from it)."""
    with_docs = {name for name in ("full_build", "daily_operations", "monthly_tenancy_billing",
                                   "yearly_rpls_millesime", "replay_event_month")
                 if DBT_DOCS in selected(name)}
    assert with_docs == {"full_build", "yearly_rpls_millesime"}
    assert selected("refresh_dbt_docs") == {DBT_DOCS}
    assert WAREHOUSE_TAG.items() <= defs.resolve_job_def("refresh_dbt_docs").tags.items()
    docs = defs.resolve_asset_graph().get(DBT_DOCS)
    assert "warehouse" in docs.assets_def.required_resource_keys  # holds the warehouse lock
    assert {k.path[0] for k in docs.parent_keys} >= {"marts", "staging"}  # after every model


def test_inbox_sensor_runs_rebuild_the_dbt_docs_with_a_yearly_source_only():
    from orchestration.defs.automation.inbox_sensor import run_selection

    graph = defs.resolve_asset_graph()
    tickets = run_selection([key("raw", "tickets")], graph)
    assert key("serving", "warehouse") in tickets and DBT_DOCS not in tickets
    assert DBT_DOCS in run_selection([key("raw", "tickets"), key("raw", "rpls_dwellings")], graph)


def test_daily_load_leaves_the_yearly_and_monthly_marts_alone():
    daily = selected("daily_operations")
    assert {key("marts", "fct_ticket"), key("marts", "fct_elevator_breakdown"),
            key("marts", "kpi_service_complaints")} <= daily
    assert key("marts", "kpi_decarbonation") not in daily
    assert key("marts", "fct_rent_billing") not in daily


def test_replay_job_is_monthly_and_rebuilds_only_event_facts_and_their_dependants():
    job = defs.resolve_job_def("replay_event_month")
    assert isinstance(job.partitions_def, dg.MonthlyPartitionsDefinition)
    assert job.partitions_def.timezone == "Europe/Paris"
    keys = selected("replay_event_month")
    facts = {key("marts", f) for f in ("fct_ticket", "fct_elevator_breakdown", "fct_arrears",
                                       "fct_rent_billing")}
    assert facts <= keys and key("serving", "warehouse") in keys
    assert not {k for k in keys if k.path[0] in ("raw", "staging")}
    graph = defs.resolve_asset_graph()
    assert {k for k in graph.get_all_asset_keys()
            if graph.get(k).partitions_def is not None} == facts


def test_every_job_is_one_writer_on_the_warehouse_and_records_quality():
    for job_name in ("full_build", "daily_operations", "monthly_tenancy_billing",
                     "yearly_rpls_millesime", "replay_event_month"):
        job = defs.resolve_job_def(job_name)
        assert WAREHOUSE_TAG.items() <= job.tags.items(), job_name
        assert {h.name for h in job.hook_defs}, f"{job_name} records no check result"


@pytest.mark.parametrize("schedule, job_name, after, next_tick", [
    ("daily_operations_schedule", "daily_operations",
     datetime(2026, 3, 10, 12, 0, tzinfo=PARIS), datetime(2026, 3, 11, 6, 0, tzinfo=PARIS)),
    ("monthly_tenancy_billing_schedule", "monthly_tenancy_billing",
     datetime(2026, 3, 10, 12, 0, tzinfo=PARIS), datetime(2026, 4, 5, 6, 0, tzinfo=PARIS)),
    # RPLS: in March, after the 1 March deadline, once a year
    ("yearly_rpls_millesime_schedule", "yearly_rpls_millesime",
     datetime(2026, 3, 2, 7, 0, tzinfo=PARIS), datetime(2027, 3, 2, 6, 0, tzinfo=PARIS)),
])
def test_schedules_follow_the_source_cadence_in_paris_time(schedule, job_name, after,
                                                           next_tick):
    definition = defs.resolve_schedule_def(schedule)
    assert definition.job_name == job_name
    assert definition.execution_timezone == "Europe/Paris"
    assert definition.default_status == dg.DefaultScheduleStatus.RUNNING
    # the iterator the Dagster daemon uses to find the next tick
    ticks = schedule_execution_time_iterator(after.timestamp(), definition.cron_schedule,
                                             definition.execution_timezone)
    assert next(ticks) == next_tick
    context = dg.build_schedule_context(scheduled_execution_time=next_tick)
    request = definition.evaluate_tick(context)
    assert len(request.run_requests) == 1


def test_every_source_has_a_freshness_policy_from_its_cadence():
    graph = defs.resolve_asset_graph()
    raw = [k for k in graph.get_all_asset_keys() if k.path[0] == "raw"
           and graph.get(k).is_executable]
    days = {key("raw", "tickets"): 2, key("raw", "rent_billing"): 35,
            key("raw", "rpls_dwellings"): 380}
    for asset_key in raw:
        policy = graph.get(asset_key).freshness_policy
        assert policy is not None, asset_key.to_user_string()
        if asset_key in days:
            assert policy.fail_window.to_timedelta().days == days[asset_key]
