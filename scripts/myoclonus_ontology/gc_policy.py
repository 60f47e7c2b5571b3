"""How often Python's cyclic garbage collector runs in a `myo` process.

A build makes and keeps graphs of a few hundred thousand objects, and importing its libraries makes as many
again. With Python's thresholds (700, 10, 10) the collector went over all of them in full passes about ten
times: 0.5 s of a 4.8 s rebuild, and 0.2 s of that while importing. With GC_THRESHOLD it takes 0.05-0.15 s
and the peak grows by about 10 MiB (scripts/benchmark.py measures the peak). Garbage in cycles is still
collected, less often; everything else is freed at once, as always.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

GC_THRESHOLD = (10_000, 20, 20)


def apply() -> None:
    """Use GC_THRESHOLD for the rest of this process (the `myo` command calls it first of all)."""
    gc.set_threshold(*GC_THRESHOLD)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """GC_THRESHOLD for the block; the thresholds before it are restored after (a build run in-process)."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)
