"""The summary figure: time per phase against the floor, peak memory, daily load, per scale."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from tests.benchmarks.phases import PHASES


def write(results: dict, path: Path) -> None:
    scales = [s for s in results["scales"] if "full_build" in s]
    if not scales:
        return
    labels = [f"{s['dwellings']:,}".replace(",", " ") for s in scales]
    x = range(len(scales))
    fig, (ax_time, ax_mem, ax_daily) = plt.subplots(1, 3, figsize=(15, 4.8))

    bottom = [0.0] * len(scales)
    for phase in PHASES:
        values = [s["full_build"]["phases"].get(phase, {}).get("seconds", 0) for s in scales]
        ax_time.bar(x, values, bottom=bottom, label=phase)
        bottom = [b + v for b, v in zip(bottom, values)]
    other = [s["full_build"]["seconds"] - b for s, b in zip(scales, bottom)]
    ax_time.bar(x, other, bottom=bottom, label="outside steps", color="lightgrey")
    ax_time.plot(x, [s["floor"]["seconds"] for s in scales], "k^--", label="floor (DuckDB)")
    ax_time.plot(x, [5 * s["floor"]["seconds"] for s in scales], "r_:", markersize=40,
                 label="target 5 × floor")
    ax_time.plot(x, [s["full_build"].get("cpu_seconds", 0) for s in scales], "bo",
                 label="full build CPU s (all cores)")
    ax_time.set(title="Full build: seconds per phase", xticks=list(x), xticklabels=labels,
                xlabel="dwellings", ylabel="seconds")
    ax_time.legend(fontsize=8)

    ax_mem.bar(x, [s["full_build"]["peak_rss_mib"] for s in scales], label="full build")
    ax_mem.plot(x, [s["floor"]["peak_rss_mib"] for s in scales], "k^--", label="floor")
    ax_mem.axhline(4096, color="r", linestyle=":", label="target 4 GiB")
    ax_mem.set(title="Peak RSS (MiB)", xticks=list(x), xticklabels=labels, xlabel="dwellings")
    ax_mem.legend(fontsize=8)

    ax_daily.bar(x, [100 * s.get("ratio_daily_to_full_build", 0) for s in scales])
    ax_daily.axhline(10, color="r", linestyle=":", label="target 10 %")
    ax_daily.set(title="Daily load, % of the full build", xticks=list(x), xticklabels=labels,
                 xlabel="dwellings")
    ax_daily.legend(fontsize=8)
    fig.suptitle(f"Pipeline benchmark {results['started_utc']} — "
                 f"{results['machine'].get('cores_available')} cores, "
                 f"{results['machine'].get('ram_gib')} GiB")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
