"""Running a user's query within bounds: time, memory and rows (limits.py), in a child that can be stopped.

pyoxigraph has no query timeout of its own, and a query cannot be stopped from the thread that runs it.
So `myo query` forks once the release is loaded: the child (sharing the loaded store, copy-on-write) runs
the query under a memory limit and sends back the rendered answer; the parent waits at most the time
limit and kills the child past it. The fork, the child's exit and the pipe cost a few milliseconds on an idle
machine (tens on a loaded one; scripts/benchmark.py --only safety measures it), against ~0.7 s for the
whole command.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import select
import signal
import time
from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from .errors import Problem, UnusableInputError
from .interrupts import SIGNALS
from .limits import QUERY_MEMORY_MB, QUERY_ROWS, QUERY_SECONDS
from .queries import RESULT_FORMATS, answer_rows, render_answer, run_oxigraph
from .sparql_text import check_query

BYTES_PER_ROW = 4096  # the answer stops being written past rows × this many bytes


class _Capped:
    """A write target that refuses to grow past `cap` bytes (so a huge answer stops early)."""

    def __init__(self, cap: int) -> None:
        self.cap, self.parts, self.size = cap, [], 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise OverflowError("answer too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the parts stay in memory."""


def _too_many_rows(rows: int | None, where: str) -> UnusableInputError:
    count = f"{rows:,} rows" if rows is not None else "too many rows"
    return UnusableInputError("query", [Problem(QUERY_ROWS.exceeded(
        f"the answer has {count}; add LIMIT to the query"), file=where)])


def answer(store: ox.Store, text: str, bindings: dict[str, Node], where: str, fmt: str,
           allow_service: bool = False) -> str:
    """The rendered answer, or UnusableInputError when it has more rows than the limit."""
    max_rows = int(QUERY_ROWS.value())
    solutions = run_oxigraph(store, text, bindings, where, allow_service)
    out = _Capped(max_rows * BYTES_PER_ROW)
    try:
        solutions.serialize(out, format=RESULT_FORMATS[fmt])
    except OverflowError as err:
        raise _too_many_rows(None, where) from err
    data = b"".join(out.parts)
    rows = answer_rows(data, fmt)
    if rows > max_rows:
        raise _too_many_rows(rows, where)
    return render_answer(data, fmt)


def _limit_memory() -> None:
    """Cap this process's data segment at what it uses now plus the memory limit."""
    status = Path("/proc/self/status").read_text(encoding="ascii", errors="replace")
    used = next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmData:")), 0)
    limit = used + int(QUERY_MEMORY_MB.value() * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _child(write_end: int, store: ox.Store, text: str, bindings: dict[str, Node], where: str, fmt: str,
           allow_service: bool) -> None:
    try:  # whatever happens, the child ends here: it never returns into the parent's code (its clean-up)
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)  # the engine's own crash report (out of memory) is replaced by our message
        try:
            _limit_memory()
            payload = {"answer": answer(store, text, bindings, where, fmt, allow_service)}
        except UnusableInputError as err:
            payload = {"problems": [asdict(p) for p in err.problems]}
        except MemoryError:
            payload = {"memory": True}
        except BaseException as err:
            payload = {"failed": f"{type(err).__name__}: {err}"}
        with os.fdopen(write_end, "wb") as out:
            out.write(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    finally:
        os._exit(0)


def _read_until(read_end: int, deadline: float) -> bytes | None:
    """Everything the child sends, or None when the deadline passes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([read_end], [], [], left)
        if ready:
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def run_bounded(store: ox.Store, text: str, bindings: dict[str, Node], where: str, fmt: str,
                allow_service: bool = False) -> str:
    """Run a query in a forked child within the time, memory and row limits; its rendered answer."""
    check_query(text, where, allow_service)
    seconds = QUERY_SECONDS.value()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(write_end, store, text, bindings, where, fmt, allow_service)
    os.close(write_end)
    data = None
    try:
        data = _read_until(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
        if data is None:
            _kill(pid)
        _, status = os.waitpid(pid, 0)
    if data is None:
        raise UnusableInputError("query", [Problem(QUERY_SECONDS.exceeded(
            f"the query ran longer than {seconds:g} seconds and was stopped"), file=where)])
    payload = json.loads(data) if data else {"memory": os.WIFSIGNALED(status)}
    if "answer" in payload:
        return payload["answer"]
    if "problems" in payload:
        raise UnusableInputError("query", [Problem(**p) for p in payload["problems"]])
    if payload.get("memory"):
        raise UnusableInputError("query", [Problem(QUERY_MEMORY_MB.exceeded(
            "the query needed more memory than allowed and was stopped"), file=where)])
    raise UnusableInputError("query", [Problem(f"the query failed: {payload.get('failed')}", file=where)])


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
