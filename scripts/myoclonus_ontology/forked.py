"""Build stages run in a forked copy of the build while the build goes on: two cores, two processes.

After the reasoner, the stages that only read the release graphs and write files of their own (the views,
the readable JSON, the exchange formats) run in a child made by fork(): it has every graph already made,
for nothing, and writes into the same staging folder. The parent runs the other stages meanwhile and
joins the child before the first stage that reads the child's files. (Threads would not help: these
stages are Python, holding Python's lock.)

The child reports its notes and timings, or its error, through a pipe, and always ends with os._exit: it
never runs the parent's clean-up (the lock, the staging folder). It takes the default action on SIGINT
and SIGTERM, and dies with the parent (PR_SET_PDEATHSIG), so an interrupted build leaves no child behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import BuildError, Problem
from .interrupts import SIGNALS, deferred, pause_point

PR_SET_PDEATHSIG = 1
TRACEBACK_LIMIT = 50  # frames of a crashed child's traceback sent to the parent


@dataclass
class Child:
    """A forked child running some stages: its process id, the pipe it reports through, and the stages."""

    pid: int
    reader: int
    names: tuple[str, ...]
    ended: tuple[bytes, int] | None = None  # its report and wait status, once reaped (join or failed)


def start(ctx: Any, stages: Sequence[tuple[str, Callable[[Any], None]]], children: list[Child]) -> Child:
    """Fork; the child runs `stages` on `ctx` (a BuildContext) and reports; the parent adds it to `children`
    and returns at once. Signals wait while this runs, so no child exists that `children` does not name (the
    build's clean-up stops those), and the child never sees the build's own signal handler."""
    reader, writer = os.pipe()
    parent = os.getpid()
    with deferred():
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _run_child(ctx, stages, reader, writer, parent)
        os.close(writer)
        child = Child(pid, reader, tuple(name for name, _ in stages))
        children.append(child)
    return child


def join(child: Child, ctx: Any) -> None:
    """Wait for the child; add its notes and timings to `ctx`, or raise its error here. Either way it is
    reaped and marked so (`ended`): stop() leaves it alone."""
    if child.ended is None:
        payload = _read(child)  # to its end first: a report larger than the pipe holds
        with deferred():  # reaped and marked together: a signal between them would leave stop() a stale pid
            child.ended = payload, os.waitpid(child.pid, 0)[1]
    _report(child, *child.ended, ctx)


def failed(children: Sequence[Child], ctx: Any) -> None:
    """Without waiting: if a child has ended with an error, raise it now (the build stops at once instead of
    at the join). A child that ended well keeps its report for join(), so notes keep the stages' order."""
    for child in children:
        if child.ended is not None:
            continue
        with deferred():
            pid, status = os.waitpid(child.pid, os.WNOHANG)
            if pid == child.pid:  # reaped here: stop() leaves it alone (its pid may be another process's now)
                child.ended = _read(child), status
        if child.ended is not None and (not child.ended[0] or pickle.loads(child.ended[0])[0] != "ok"):
            _report(child, *child.ended, ctx)


def stop(children: Sequence[Child]) -> None:
    """Kill and reap the children not yet reaped (the build failed or was interrupted while they ran), and
    close the pipes not yet read."""
    for child in children:
        if child.ended is None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
        if child.reader >= 0:
            with contextlib.suppress(OSError):
                os.close(child.reader)
            child.reader = -1


def _read(child: Child) -> bytes:
    """Everything the child wrote to its pipe; the pipe is closed (and `reader` set to -1) whatever happens."""
    reader, child.reader = child.reader, -1
    with os.fdopen(reader, "rb") as pipe:
        return pipe.read()


def _report(child: Child, payload: bytes, status: int, ctx: Any) -> None:
    stages = ", ".join(child.names)
    if not payload:
        raise BuildError(stages, [Problem(f"the process running these stages ended without a report "
                                          f"(wait status {status})")])
    kind, *rest = pickle.loads(payload)
    if kind == "ok":
        notes, timings = rest
        ctx.notes.extend(notes)
        ctx.timings.update(timings)
    elif kind == "error":
        raise rest[0]
    else:
        raise RuntimeError(f"stages {stages} failed in their process:\n{rest[0]}")


def _run_child(ctx: Any, stages: Sequence[tuple[str, Callable[[Any], None]]], reader: int, writer: int,
               parent: int) -> None:
    code, payload = 1, b""
    try:
        os.close(reader)
        _die_with_parent(parent)
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)  # blocked by start() around the fork
        ctx.notes, ctx.timings = [], {}
        for name, stage in stages:
            pause_point(name)
            with ctx.stage(name):
                stage(ctx)
        code, payload = 0, pickle.dumps(("ok", ctx.notes, ctx.timings))
    except BaseException as err:
        payload = _error_payload(err)
    finally:
        try:
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(code)


def _error_payload(err: BaseException) -> bytes:
    """A BuildError as itself (the parent raises it: same message, same exit code); anything else as text."""
    if isinstance(err, BuildError):
        try:
            payload = pickle.dumps(("error", err))
            pickle.loads(payload)
            return payload
        except Exception:  # then as text
            pass
    # An explicit limit: a library may have set sys.tracebacklimit = 0 in this process (OAK's CLI does).
    return pickle.dumps(("crash", "".join(traceback.format_exception(err, limit=TRACEBACK_LIMIT))))


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent ends (elsewhere: nothing to do, no error); if the
    parent ended before that was asked, end now."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
