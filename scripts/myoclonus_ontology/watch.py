"""`myo build --watch`: the curator's edit loop, with the build kept warm between edits.

One build, then the inputs are watched (polled: sizes and modification times of every file under
sources/, ontology/, shapes/, queries/, mappings/ and releases/; no extra package, no file-system events
to miss); when they change and stay unchanged for a moment, the release is rebuilt in the same process, so
Python's start-up and imports (1.3 s of a fresh `myo build`) are paid once. Each rebuild is a whole
`run_build` (same stages, caches and checks, same atomic exchange of build/), and its outcome is printed: a
failure is reported as `myo build` reports it and the watch goes on, build/ left as it was. Ctrl-C or
SIGTERM ends it (exit 130), stopping whatever build runs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import NoReturn

from .errors import BuildError
from .project import Project

WATCHED = ("sources", "ontology", "shapes", "queries", "mappings", "releases")
POLL_SECONDS = 0.15  # a look at the inputs' sizes and times takes about 6 ms (160 files)
SETTLE_SECONDS = 0.1  # an editor may write a file in several steps: wait until nothing changes for this long

Snapshot = dict[str, tuple[int, int]]


def snapshot(project: Project) -> Snapshot:
    """Every watched file: (size, modification time in ns), by path from the project root."""
    found: Snapshot = {}
    for folder in WATCHED:
        for path in sorted((project.root / folder).rglob("*")):
            try:
                if path.is_file():
                    stat = path.stat()
                    found[project.relative(path)] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                continue  # gone between listing and looking: the next snapshot will say so
    return found


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def wait_for_change(project: Project, seen: Snapshot, poll: float = POLL_SECONDS,
                    settle: float = SETTLE_SECONDS) -> tuple[Snapshot, list[str]]:
    """Block until the inputs differ from `seen` and have stopped changing; the new snapshot and what changed."""
    while True:
        time.sleep(poll)
        now = snapshot(project)
        if now != seen:
            while True:  # settle: the edit is complete when two looks, `settle` apart, agree
                time.sleep(settle)
                later = snapshot(project)
                if later == now:
                    return now, changed_files(seen, now)
                now = later


def watch(project: Project, build: Callable[[], str], poll: float = POLL_SECONDS,
          prepare: Callable[[], None] | None = None) -> NoReturn:
    """Build, then rebuild whenever the inputs change; `build` runs one build and returns its summary;
    `prepare` runs once after the first build, before the watching starts (the warm reasoner's warm-up)."""
    _attempt(build, "built")
    if prepare is not None:
        prepare()
    seen = snapshot(project)  # after the build: what it writes (ontology/generated/) is not an edit
    print(f"watching {', '.join(f + '/' for f in WATCHED)} for changes (Ctrl-C ends)", flush=True)
    while True:
        seen, changed = wait_for_change(project, seen, poll)
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        print(f"changed: {shown}", flush=True)
        started = time.perf_counter()
        ok = _attempt(build, "rebuilt")
        if ok:
            print(f"edit → new build/ in place: {time.perf_counter() - started:.2f}s", flush=True)
        seen = snapshot(project)


def _attempt(build: Callable[[], str], verb: str) -> bool:
    """One build; its summary, or its failure as `myo build` would report it (build/ is left as it was)."""
    try:
        summary = build()
    except BuildError as err:
        print(f"myo build: failed (build/ unchanged; fix the input and save to try again)\n{err}",
              file=sys.stderr, flush=True)
        return False
    print(summary.replace("built", verb, 1), flush=True)
    return True
