"""Resident memory of a process tree, sampled from /proc while a child runs.

psutil is only locked for Windows here, so the sampler reads /proc directly (Linux only,
which is where the benchmark runs). Sampling gives per-phase peaks; the whole-run peak is
cross-checked with getrusage(RUSAGE_CHILDREN).ru_maxrss by the caller.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int, with_children: bool) -> float:
    """CPU seconds of `pid` (plus its waited-for children's when asked), from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + ((cutime + cstime) if with_children else 0)) / TICKS


def tree_usage(root: int) -> tuple[int, float]:
    """(bytes resident, CPU seconds so far) of `root` and all its descendants right now: live
    processes' own time plus what the root collected from the children it waited for."""
    rss, cpu, todo, seen = 0, 0.0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        rss += _rss(pid)
        cpu += _cpu(pid, with_children=pid == root)
        todo += _children(pid)
    return rss, cpu


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants right now."""
    return tree_usage(root)[0]


@dataclass
class RssSampler:
    """Samples the tree RSS and CPU time of `pid` every `interval` s in a thread."""

    pid: int
    interval: float = 0.1
    #: kill the child's process group past this many bytes (the machine is shared)
    limit: int | None = None
    samples: list[tuple[float, int]] = field(default_factory=list)
    cpu_samples: list[tuple[float, float]] = field(default_factory=list)
    killed: bool = False

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, cpu = tree_usage(self.pid)
            now = time.time()
            self.samples.append((now, rss))
            if cpu or not self.cpu_samples:
                self.cpu_samples.append((now, cpu))
            if self.limit and rss > self.limit and not self.killed:
                self.killed = True
                try:
                    os.killpg(self.pid, signal.SIGKILL)  # its own session: only what we started
                except ProcessLookupError:
                    pass
            self._stop.wait(self.interval)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def cpu_between(self, start: float, end: float) -> float:
        """CPU seconds the tree used between two wall-clock times (nearest samples)."""
        if not self.cpu_samples:
            return 0.0
        before = max((c for t, c in self.cpu_samples if t <= start), default=0.0)
        after = max((c for t, c in self.cpu_samples if t <= end), default=before)
        return max(after - before, 0.0)

    def peak(self, start: float | None = None, end: float | None = None) -> int:
        """Highest sample between two wall-clock times (whole run when omitted)."""
        values = [b for t, b in self.samples
                  if (start is None or t >= start) and (end is None or t <= end)]
        return max(values, default=0)
