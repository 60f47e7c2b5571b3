"""HermiT kept running between the rebuilds of `myo build --watch`: one JVM, started once.

A fresh JVM for every HermiT run costs 0.7 s of its 1.4 s (the JVM's start, loading the OWL API and HermiT,
compiling them as they run): over the 3-second edit loop once an edit changes what a claim relates. While
a watch runs, HermiT's own command line (owlready2's build of it, the same classes) stays loaded in one JVM
that java/HermitServer.java runs from source: it reads one command line per request and answers with the
exit status and the output a fresh JVM would give. owlready2 still writes HermiT's input and reads its
answer; only the process that answers is another (`serving()` hands owlready2 a stand-in for the
`subprocess` module while it asks). HermiT's conclusions do not depend on which JVM draws them:
tests/test_warm_reasoner.py compares them with a fresh JVM's, request after request. Where the program
cannot run (a Java runtime without its compiler) or the JVM has ended, HermiT runs in a fresh JVM, as in
every other command.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import owlready2
import owlready2.reasoning

from . import interrupts

SERVER_SOURCE = Path(__file__).parent / "java" / "HermitServer.java"
MAIN_CLASS = "org.semanticweb.HermiT.cli.CommandLine"
READY = b"ready\n"
# A long-lived JVM gains from the optimising compiler (a warm run: 0.6-0.7 s with it, 0.8 s without). Two
# seconds after an answer (the build that asked is done with the processors by then) the heap is collected
# and shrunk to what is live (the free-ratio flags): a watch that runs all day holds what one run needs.
# The JVM's own messages (a full code cache, ...) go to its standard error, never into an answer; it keeps no
# performance-data file in /tmp (closing kills it, which would leave that file behind).
WARM_JVM = ("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:+DisplayVMOutputToStderr",
            "-XX:-UsePerfData")
FATAL = 70  # the program's status for an Error (out of memory, ...): it has ended, a fresh JVM answers


class ServerGoneError(Exception):
    """The warm JVM cannot answer (it never started, or it has ended): a fresh JVM answers instead."""


class WarmHermit:
    """The JVM that answers HermiT requests, started at once; `ask()` waits for it to be ready."""

    def __init__(self) -> None:
        java = shutil.which(owlready2.JAVA_EXE)
        self.lock = threading.Lock()
        self.ready = False
        self.answered = 0  # requests it has answered
        self.process: subprocess.Popen[bytes] | None = None
        if java is None:
            return
        memory = f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M"
        with contextlib.suppress(OSError):
            self.process = subprocess.Popen(
                [java, *WARM_JVM, memory, "-cp", owlready2.reasoning._HERMIT_CLASSPATH, str(SERVER_SOURCE)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def ask(self, argv: list[str]) -> tuple[int, bytes]:
        """HermiT's exit status and output for one command line; ServerGoneError if the JVM cannot answer."""
        if any(c in a for a in argv for c in "\t\n\r"):
            raise ServerGoneError("an argument the request line cannot carry")
        with self.lock:
            process = self.process
            if process is None or process.stdin is None or process.stdout is None:
                raise ServerGoneError("not started")
            try:
                if not self.ready:
                    self.ready = process.stdout.readline() == READY
                    if not self.ready:
                        raise ServerGoneError("it did not start")
                process.stdin.write(("\t".join(argv) + "\n").encode("utf-8"))
                process.stdin.flush()
                status, length = _header(process.stdout)
                output = process.stdout.read(length)
                if len(output) != length:
                    raise ServerGoneError("its answer was cut short")
                if status == FATAL:
                    raise ServerGoneError("it ended on an Error")
                self.answered += 1
                return status, output
            except (OSError, ValueError, ServerGoneError) as gone:
                self._end()
                raise ServerGoneError(str(gone)) from gone

    def warm_up(self, release: Path) -> None:
        """Reason once over `release` (the base release just built; the answer is not used): HermiT's code is
        then loaded and compiled for this ontology before an edit needs it (about 2 s, once)."""
        from rdflib import Graph

        from .errors import BuildError
        from .reason import reason

        if release.is_file() and _active and _active[-1] is self:
            with contextlib.suppress(BuildError):
                reason(Graph().parse(release, format="nt"), cache=None)

    def close(self) -> None:
        """End the JVM now, even in the middle of a request (whose thread then sees it gone)."""
        process = self.process
        if process is not None:
            with contextlib.suppress(OSError):
                process.kill()
        with self.lock:
            self._end()

    def _end(self) -> None:
        """Close its input (it ends), and make sure it has: stopped after a moment if need be, and reaped."""
        process, self.process = self.process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _header(stream: IO[bytes]) -> tuple[int, int]:
    """(status, length) from "hermit-answer <status> <length>"; ValueError for anything else."""
    line = stream.readline()
    words = line.decode("ascii", errors="replace").split()
    if len(words) != 3 or words[0] != "hermit-answer":
        raise ValueError(f"not an answer: {line[:80]!r}")
    return int(words[1]), int(words[2])


_active: list[WarmHermit] = []


@contextmanager
def warm_reasoner() -> Iterator[WarmHermit]:
    """While inside, every HermiT run of this process is answered by one warm JVM (ended on the way out)."""
    server = WarmHermit()
    _active.append(server)
    try:
        yield server
    finally:
        _active.remove(server)
        server.close()


def active() -> WarmHermit | None:
    return _active[-1] if _active else None


class _Subprocess:
    """What owlready2's reasoning module sees as `subprocess` while a warm JVM serves: HermiT's command goes to
    the warm JVM, anything else (or anything it cannot answer) to the real module."""

    def __init__(self, server: WarmHermit) -> None:
        self.server = server

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)

    def check_output(self, command: list[str], **options: Any) -> bytes:
        if MAIN_CLASS in command:
            try:
                status, output = self.server.ask(command[command.index(MAIN_CLASS) + 1:])
            except ServerGoneError:
                if interrupts.requested():  # the command is stopping: no fresh JVM now
                    raise subprocess.CalledProcessError(1, command, output=b"stopped") from None
                return subprocess.check_output(command, **options)
            if status != 0:
                raise subprocess.CalledProcessError(status, command, output=output)
            return output
        return subprocess.check_output(command, **options)


@contextmanager
def serving() -> Iterator[None]:
    """While inside, owlready2 asks the active warm JVM (if any) instead of starting one (its `answered` count
    says whether it did)."""
    server = active()
    if server is None:
        yield
        return
    stand_in = _Subprocess(server)
    original, owlready2.reasoning.subprocess = owlready2.reasoning.subprocess, stand_in
    try:
        yield
    finally:
        owlready2.reasoning.subprocess = original
