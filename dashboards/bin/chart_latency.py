"""Chart query latency per dashboard: p50 and p95 of every chart's data query, cache bypassed.

For each dashboard (or those given with --dashboard SLUG), for each of its charts, POST the
chart's saved query_context to /api/v1/chart/data with force=true (Superset re-runs the SQL on
the serving warehouse) --runs times (default 5), one request at a time, and time the whole HTTP
round trip (what a browser waits for, SQL + Superset's processing). Prints JSON (and writes it
to --out): p50 / p95 / max per chart, per dashboard (over all of its charts' samples) and
overall, in milliseconds, and the rows each chart returned. Exit code 1 if any chart answered
an error, or, with --require-rows, returned no row (what CI asks of a fresh `make demo`), except
the charts named with --expect-empty, which must return none (the failed checks of a clean run).

--filter applies native filter values the way the dashboard does: `qpv_label=En QPV` (a select
filter's value, `col IN (value)`) or `millesime<=2025` (the Année filter, `col <= value`), to
the charts in the scope of the dashboard's native filter on that column only.

Run with the dashboards environment (it has `requests`), against a running Superset:

    SUPERSET_URL=http://127.0.0.1:8088 SUPERSET_USERNAME=admin SUPERSET_PASSWORD=... \\
        dashboards/.venv/bin/python dashboards/bin/chart_latency.py --runs 5 --out latency.json

SUPERSET_PASSWORD defaults to the generated admin password in
$PATRIMOINE_STATE_DIR/secrets/superset_admin_password (see superset-setup).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]


def percentile(samples: list[float], q: int) -> float:
    """q-th percentile, linear interpolation between closest ranks (numpy's default)."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(samples, 50), 1), "p95_ms": round(percentile(samples, 95), 1),
            "max_ms": round(max(samples), 1), "samples": len(samples)}


def login(url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    response = session.post(f"{url}/api/v1/security/login", json={
        "username": username, "password": password, "provider": "db", "refresh": False,
    }, timeout=60)
    response.raise_for_status()
    session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    session.headers["Referer"] = url
    return session


def dashboards(session: requests.Session, url: str, slugs: list[str]) -> list[dict]:
    response = session.get(f"{url}/api/v1/dashboard/", params={"q": "(page_size:100)"},
                           timeout=60)
    response.raise_for_status()
    found = sorted(response.json()["result"], key=lambda d: d["dashboard_title"])
    if slugs:
        missing = set(slugs) - {d["slug"] for d in found}
        if missing:
            sys.exit(f"no dashboard with slug {sorted(missing)}")
        found = [d for d in found if d["slug"] in slugs]
    return found


def time_chart(session: requests.Session, url: str,
               query_context: dict) -> tuple[float, str, int]:
    """Milliseconds for one forced chart data query, an error message or '', and the rows
    of its queries."""
    started = time.perf_counter()
    response = session.post(f"{url}/api/v1/chart/data", json=query_context, timeout=300)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        return elapsed, f"HTTP {response.status_code}: {response.text[:200]}", 0
    results = response.json().get("result", [])
    errors = [r.get("error") for r in results if r.get("error")]
    return elapsed, "; ".join(errors), sum(r.get("rowcount") or 0 for r in results)


def parse_filter(text: str) -> dict:
    """`col=value` -> IN (value); `col<=number` -> <= number (what the native filters send)."""
    if "<=" in text:
        column, value = text.split("<=", 1)
        return {"col": column.strip(), "op": "<=", "val": float(value)
                if "." in value else int(value)}
    column, sep, value = text.partition("=")
    if not sep or not column:
        sys.exit(f"--filter {text!r}: expected COLUMN=VALUE or COLUMN<=NUMBER")
    return {"col": column.strip(), "op": "IN", "val": [value]}


def filters_in_scope(session: requests.Session, url: str, dashboard_id: int,
                     filters: list[dict]) -> dict[str, set[int]]:
    """Column -> chart ids excluded from the dashboard's native filter on it (every chart
    when the dashboard has no filter on that column)."""
    response = session.get(f"{url}/api/v1/dashboard/{dashboard_id}", timeout=60)
    response.raise_for_status()
    metadata = json.loads(response.json()["result"].get("json_metadata") or "{}")
    native = {f["targets"][0]["column"]["name"]: set(f.get("scope", {}).get("excluded", []))
              for f in metadata.get("native_filter_configuration", [])
              if f.get("targets") and f["targets"][0].get("column")}
    return {f["col"]: native.get(f["col"]) for f in filters}


def measure(url: str, username: str, password: str, runs: int, slugs: list[str],
            filters: list[dict] | None = None, require_rows: bool = False,
            expect_empty: frozenset[str] = frozenset()) -> dict:
    filters = filters or []
    session = login(url, username, password)
    report: dict = {"superset_url": url, "runs": runs, "filters": filters,
                    "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "dashboards": [], "errors": []}
    every_sample: list[float] = []
    for dashboard in dashboards(session, url, slugs):
        charts = session.get(f"{url}/api/v1/dashboard/{dashboard['id']}/charts", timeout=60)
        charts.raise_for_status()
        excluded = filters_in_scope(session, url, dashboard["id"], filters)
        entries, dashboard_samples = [], []
        for chart in sorted(charts.json()["result"], key=lambda c: c["slice_name"]):
            detail = session.get(f"{url}/api/v1/chart/{chart['id']}", timeout=60)
            detail.raise_for_status()
            query_context = json.loads(detail.json()["result"].get("query_context") or "{}")
            if not query_context:
                report["errors"].append({"chart": chart["slice_name"], "error": "no query_context"})
                continue
            query_context["force"] = True
            applied = [f for f in filters
                       if excluded[f["col"]] is not None and chart["id"] not in excluded[f["col"]]]
            if applied:
                query_context["form_data"]["extra_form_data"] = {"filters": applied}
                for query in query_context["queries"]:
                    query["filters"] = list(query.get("filters") or []) + applied
            samples = []
            for _ in range(runs):
                elapsed, error, rows = time_chart(session, url, query_context)
                if not error and chart["slice_name"] in expect_empty and rows:
                    error = f"{rows} row(s), none expected"
                elif not error and require_rows and rows == 0 \
                        and chart["slice_name"] not in expect_empty:
                    error = "no row"
                if error:
                    report["errors"].append({"dashboard": dashboard["slug"],
                                             "chart": chart["slice_name"], "error": error})
                samples.append(elapsed)
            entries.append({"id": chart["id"], "chart": chart["slice_name"],
                            "viz_type": chart.get("viz_type"),
                            "filters_applied": [f["col"] for f in applied], "rows": rows,
                            **summary(samples)})
            dashboard_samples += samples
        every_sample += dashboard_samples
        report["dashboards"].append({
            "slug": dashboard["slug"], "title": dashboard["dashboard_title"],
            "charts": len(entries), **(summary(dashboard_samples) if dashboard_samples else {}),
            "slowest_charts": sorted(entries, key=lambda e: -e["p95_ms"])[:3],
            "per_chart": entries,
        })
    if every_sample:
        report["overall"] = summary(every_sample)
    return report


def default_password() -> str | None:
    state = Path(os.environ.get("PATRIMOINE_STATE_DIR") or REPO_ROOT / ".local")
    secret = state / "secrets" / "superset_admin_password"
    return secret.read_text().strip() if secret.is_file() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="queries per chart (default 5)")
    parser.add_argument("--dashboard", action="append", default=[], metavar="SLUG",
                        help="only this dashboard (repeatable); default: every dashboard")
    parser.add_argument("--out", type=Path, help="also write the JSON report to this file")
    parser.add_argument("--filter", action="append", default=[], metavar="COL=VALUE",
                        help="native filter value, e.g. 'qpv_label=En QPV' or "
                             "'millesime<=2025' (repeatable)")
    parser.add_argument("--require-rows", action="store_true",
                        help="a chart that returns no row counts as an error")
    parser.add_argument("--expect-empty", action="append", default=[], metavar="CHART",
                        help="this chart (by name) must return no row (repeatable)")
    args = parser.parse_args()

    url = os.environ.get("SUPERSET_URL", "http://127.0.0.1:8088").rstrip("/")
    username = os.environ.get("SUPERSET_USERNAME") or os.environ.get(
        "SUPERSET_ADMIN_USERNAME") or "admin"
    password = os.environ.get("SUPERSET_PASSWORD") or default_password()
    if not password:
        sys.exit("set SUPERSET_PASSWORD (no generated admin password found either)")
    if args.runs < 1:
        sys.exit("--runs must be at least 1")

    report = measure(url, username, password, args.runs, args.dashboard,
                     [parse_filter(f) for f in args.filter], args.require_rows,
                     frozenset(args.expect_empty))
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
