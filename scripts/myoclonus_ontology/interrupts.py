"""Stopping cleanly: SIGINT and SIGTERM end a command, its child processes and its temporary files.

`myo` turns the first SIGINT or SIGTERM into an `Interrupted` exception in the main thread, so every
`finally` runs (staging folders removed, servers stopped). Child processes are found by walking /proc
from this process down (the HermiT JVM that owlready2 starts, pyLODE, Oxigraph), so none outlives the
command even when it was started by a library. Temporary files go into one folder per command, removed
at its end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

EXIT_INTERRUPTED = 130
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PAUSE_AT, PAUSE_DIR = "MYO_TEST_PAUSE_AT", "MYO_TEST_PAUSE_DIR"

_received: list[int] = []


class Interrupted(BaseException):
    """The command was asked to stop by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _received:
        return  # already stopping: let the clean-up finish
    _received.append(signum)
    raise Interrupted(signum)


@contextmanager
def handled() -> Iterator[None]:
    """While inside: the first SIGINT, SIGTERM or SIGHUP raises `Interrupted` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _on_signal) for signum in SIGNALS}
    _received.clear()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def requested() -> bool:
    """Whether a stop was asked for (background work checks this before starting anything long)."""
    return bool(_received)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP for a short step that must not be cut in half (a swap)."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2:].split()
    return int(fields[1]) if len(fields) > 1 and fields[0] != "Z" else None


def descendants(pid: int | None = None) -> list[int]:
    """Every live process below `pid` (default: this one), found through /proc; [] where there is no /proc."""
    root = os.getpid() if pid is None else pid
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc") if Path("/proc/self").exists() else []:
        if entry.name.isdigit():
            parent = _parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], list(children.get(root, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie, finished but not yet reaped, does not)."""
    return _parent_of(pid) is not None


def stop_descendants(grace: float = 3.0, spare: frozenset[int] = frozenset()) -> list[int]:
    """SIGTERM every descendant (but those in `spare`), then SIGKILL what still runs after `grace` seconds."""
    stopped = [pid for pid in descendants() if pid not in spare]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in stopped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(alive(p) for p in stopped):
            time.sleep(0.02)
        if not any(alive(p) for p in stopped):
            break
    return stopped


def wind_down(timeout: float = 20.0, spare: frozenset[int] = frozenset()) -> None:
    """After a failure or an interruption: stop the child processes (but `spare`, which were there before the
    command) until every background thread has ended."""
    deadline = time.monotonic() + timeout
    while True:
        stop_descendants(grace=1.0, spare=spare)
        others = [t for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
        for thread in others:
            thread.join(timeout=0.05)
        if not any(t.is_alive() for t in others) or time.monotonic() > deadline:
            return


@contextmanager
def private_temp_folder(prefix: str = "myo-") -> Iterator[Path]:
    """One temporary folder for everything this command (and its children) writes to temp, removed at its end."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    saved_tempdir, saved_env = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
        shutil.rmtree(folder, ignore_errors=True)


def pause_point(stage: str) -> None:
    """Test hook: with MYO_TEST_PAUSE_AT=stage, write DIR/stage.reached and wait for DIR/stage.go (or 120 s).

    The file holds the pausing process's pid and appears whole (written aside, then renamed).

    Only the kill tests set these variables; they use the pause to send a signal at a known point.
    """
    if os.environ.get(PAUSE_AT) != stage or not os.environ.get(PAUSE_DIR):
        return
    folder = Path(os.environ[PAUSE_DIR])
    reached = folder / f"{stage}.reached"
    staged = folder / f"{stage}.reached.{os.getpid()}"
    staged.write_text(str(os.getpid()), encoding="ascii")
    staged.replace(reached)  # whole or absent: a test that sees the file can read the pid in it
    deadline = time.monotonic() + 120
    while not (folder / f"{stage}.go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
