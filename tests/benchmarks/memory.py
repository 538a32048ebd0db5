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


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants right now."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss(pid)
        todo += _children(pid)
    return total


@dataclass
class RssSampler:
    """Samples the tree RSS of `pid` every `interval` seconds in a thread: (time, bytes)."""

    pid: int
    interval: float = 0.1
    #: kill the child's process group past this many bytes (the machine is shared)
    limit: int | None = None
    samples: list[tuple[float, int]] = field(default_factory=list)
    killed: bool = False

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = tree_rss(self.pid)
            self.samples.append((time.time(), rss))
            if self.limit and rss > self.limit and not self.killed:
                self.killed = True
                try:
                    os.killpg(self.pid, signal.SIGKILL)  # its own session: only what we started
                except ProcessLookupError:
                    pass
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, start: float | None = None, end: float | None = None) -> int:
        """Highest sample between two wall-clock times (whole run when omitted)."""
        values = [b for t, b in self.samples
                  if (start is None or t >= start) and (end is None or t <= end)]
        return max(values, default=0)
