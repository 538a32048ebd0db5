"""Benchmark results as JSON, CSV (one row per scale and phase), a Markdown table and a PNG."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.benchmarks.phases import PHASES

CSV_FIELDS = ("dwellings", "run", "phase", "seconds", "cpu_seconds", "peak_rss_mib",
              "rows_per_second",
              "source_rows", "build_warehouse_mib", "serving_warehouse_mib")


def csv_rows(results: dict) -> list[dict]:
    rows = []
    for s in results["scales"]:
        base = {"dwellings": s["dwellings"], "source_rows": s.get("source_rows")}
        if "generate" in s:
            rows.append(base | {"run": "generate", "phase": "generate"} | _pick(s["generate"]))
        if "floor" in s:
            rows.append(base | {"run": "floor", "phase": "floor"} | _pick(s["floor"]))
        for run in ("full_build", "daily"):
            if run not in s or "seconds" not in s[run]:
                continue
            r = s[run]
            rows.append(base | {"run": run, "phase": "total",
                                "build_warehouse_mib": r.get("build_warehouse_mib"),
                                "serving_warehouse_mib": r.get("serving_warehouse_mib")}
                        | _pick(r))
            for phase, figures in r["phases"].items():
                rows.append(base | {"run": run, "phase": phase} | _pick(figures))
    return rows


def _pick(figures: dict) -> dict:
    return {k: figures.get(k) for k in ("seconds", "cpu_seconds", "peak_rss_mib",
                                        "rows_per_second")}


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def _pair(figures: dict) -> str:
    """'wall s (CPU s)'."""
    if not figures or figures.get("seconds") is None:
        return "—"
    cpu = figures.get("cpu_seconds")
    return f"{figures['seconds']:,.0f}" + (f" ({cpu:,.0f})" if cpu is not None else "")


def table(results: dict) -> str:
    """The Markdown summary, one line per scale; times as 'wall s (CPU s)'."""
    head = ("| dwellings | source rows | generate | floor | full build | ÷ floor | "
            + " | ".join(PHASES)
            + " | peak RSS MiB | build / serving MiB | daily load | daily ÷ full | "
            "chart p50 / p95 ms |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for s in results["scales"]:
        full, inc = s.get("full_build", {}), s.get("daily", {})
        latency = s.get("chart_latency", {}).get("overall", {})
        ratio = (f"{s['ratio_full_build_to_floor']:.1f} ({s['cpu_ratio_full_build_to_floor']:.1f})"
                 if "cpu_ratio_full_build_to_floor" in s else "—")
        daily = (f"{100 * s['ratio_daily_to_full_build']:.0f} % "
                 f"({100 * s['cpu_ratio_daily_to_full_build']:.0f} %)"
                 if "cpu_ratio_daily_to_full_build" in s else "—")
        lines.append(
            f"| {s['dwellings']:,} | {_fmt(s.get('source_rows'))} | {_pair(s.get('generate'))} "
            f"| {_pair(s.get('floor'))} | {_pair(full)} | {ratio} | "
            + " | ".join(_pair(full.get("phases", {}).get(p)) for p in PHASES)
            + f" | {_fmt(full.get('peak_rss_mib'))} "
            f"| {_fmt(full.get('build_warehouse_mib'))} / {_fmt(full.get('serving_warehouse_mib'))} "
            f"| {_pair(inc)} | {daily} "
            f"| {_fmt(latency.get('p50_ms'), 0)} / {_fmt(latency.get('p95_ms'), 0)} |")
    return "\n".join(lines) + "\n\n" + latency_table(results)


def latency_table(results: dict) -> str:
    """Chart p50 / p95 (ms) per dashboard and scale."""
    scales = [s for s in results["scales"] if s.get("chart_latency", {}).get("dashboards")]
    if not scales:
        return ""
    titles = list(dict.fromkeys(d["title"] for s in scales
                                for d in s["chart_latency"]["dashboards"]))
    head = "| dashboard | " + " | ".join(f"{s['dwellings']:,}: p50 / p95 ms" for s in scales) + " |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for title in titles:
        cells = []
        for s in scales:
            d = next((d for d in s["chart_latency"]["dashboards"] if d["title"] == title), {})
            cells.append(f"{_fmt(d.get('p50_ms'), 0)} / {_fmt(d.get('p95_ms'), 0)}")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write(results: dict, stem: Path) -> None:
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    with stem.with_suffix(".csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(csv_rows(results))
    stem.with_suffix(".md").write_text(table(results) + "\n")
    try:
        from tests.benchmarks import plot
    except ImportError:  # matplotlib is in the `bench` dependency group only
        return
    plot.write(results, stem.with_suffix(".png"))


def merge(paths: list[Path]) -> dict:
    """One result from several bench runs (e.g. scales run as separate commands)."""
    runs = [json.loads(p.read_text()) for p in paths]
    return {"started_utc": min(r["started_utc"] for r in runs),
            "machine": runs[0]["machine"], "merged_from": [p.name for p in paths],
            "scales": sorted((s for r in runs for s in r["scales"]),
                             key=lambda s: s["dwellings"])}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Merge bench results and write the report.")
    parser.add_argument("--out", type=Path, required=True, help="output stem (no suffix)")
    parser.add_argument("results", type=Path, nargs="+", help="bench-*.json files")
    args = parser.parse_args(argv)
    results = merge(args.results)
    write(results, args.out)
    print(table(results))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
