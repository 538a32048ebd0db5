"""The machine the figures were measured on (CPU, RAM, disk, load), for the results file."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path


def _lscpu() -> dict[str, str]:
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    wanted = ("Model name", "CPU(s)", "Thread(s) per core", "L3 cache", "Hypervisor vendor")
    return {k: fields[k].strip() for k in wanted if k in fields}


def describe(scratch: Path) -> dict:
    meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    disk = shutil.disk_usage(scratch)
    import duckdb

    return {
        "cpu": _lscpu(),
        "cores_available": len(os.sched_getaffinity(0)),
        "ram_gib": round(int(meminfo["MemTotal"].split()[0]) / 2**20, 1),
        "scratch_disk": {"path": str(scratch), "total_gib": round(disk.total / 2**30),
                         "free_gib": round(disk.free / 2**30)},
        "load_average_at_start": os.getloadavg(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }
