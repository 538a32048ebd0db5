"""One writer on the build warehouse at a time, whatever started the run (daemon, UI, CLI).

DuckDB lets one process write a file. The Dagster instance already queues runs tagged for the
warehouse; this lock also covers runs started outside the daemon (`make pipeline`, tests): the
run holds an exclusive lock on `<warehouse>.lock` from start to end, a second run waits for it
and says which run it waits for.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        return "another run"
    return f"run {info.get('run_id', '?')} (pid {info.get('pid', '?')})"


@contextmanager
def hold_warehouse(warehouse: Path, run_id: str,
                   say: Callable[[str], None] = print) -> Iterator[float]:
    """Hold the warehouse for the block; yields the seconds waited to get it."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting for {_holder(path)} holding the warehouse {warehouse}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        waited = time.monotonic() - started
        if waited > 0.01:
            say(f"warehouse free after {waited:.1f} s, run {run_id} goes on")
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"run_id": run_id, "pid": os.getpid()}))
        handle.flush()
        try:
            yield waited
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
