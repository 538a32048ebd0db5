"""Give the memory of a validated batch back to the system.

Why: the GX checks run in the long-lived Dagster process. Freed frames stay in the allocators'
caches (pyarrow's mimalloc pool for Arrow buffers, glibc's arenas for pandas/numpy and Python
objects), so the process kept its peak after a check and dbt's DuckDB added to it in the next
step. Measured on raw.rpls_dwellings at 1 million dwellings: tests/benchmarks/README.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

import pyarrow as pa

_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
_MALLOC_TRIM = getattr(_LIBC, "malloc_trim", None)  # glibc only (not musl, not macOS)


def release_unused_memory() -> None:
    gc.collect()
    pa.default_memory_pool().release_unused()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
