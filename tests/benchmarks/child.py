"""Run one benchmark step as a child process, timing it and sampling its tree's memory."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.memory import RssSampler


@dataclass
class ChildRun:
    command: list[str]
    returncode: int
    start: float
    end: float
    sampler: RssSampler
    log: Path
    #: user + system CPU seconds of the child and every descendant it waited for: unlike wall
    #: time, barely changed by other jobs competing for the same cores
    cpu_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def peak_rss(self) -> int:
        return self.sampler.peak()


#: the child is killed past this resident memory (BENCH_RSS_LIMIT_GIB, default 16 GiB)
RSS_LIMIT = int(float(os.environ.get("BENCH_RSS_LIMIT_GIB", "16")) * 2**30)


def run_child(command: list[str], env: dict[str, str], log: Path, cwd: Path) -> ChildRun:
    """Run `command` with its output in `log`; never raises on a non-zero exit. A child whose
    process tree exceeds RSS_LIMIT is killed (returncode -9, `killed_over_rss_limit`)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        start = time.time()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        with RssSampler(process.pid, limit=RSS_LIMIT) as sampler:
            _, status, usage = os.wait4(process.pid, 0)
        end = time.time()
    process.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(command, process.returncode, start, end, sampler, log,
                    usage.ru_utime + usage.ru_stime)
