"""Stages in a forked child: its notes, files and errors come back to the build; it never outlives it."""

from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from myoclonus_ontology import forked
from myoclonus_ontology.build import BuildContext
from myoclonus_ontology.errors import BuildError, Problem, UnusableInputError
from myoclonus_ontology.interrupts import alive


def context(project, tmp_path) -> BuildContext:
    return BuildContext(project, tmp_path)


def writes_a_file(ctx: BuildContext) -> None:
    (ctx.out / "from-the-child.txt").write_text(str(os.getpid()), encoding="ascii")
    ctx.notes.append("the child wrote its file")


def test_the_child_writes_its_files_and_reports_its_notes_and_timings(project, tmp_path):
    ctx = context(project, tmp_path)
    ctx.notes.append("before the fork")
    children: list[forked.Child] = []
    forked.join(forked.start(ctx, [("write", writes_a_file)], children), ctx)
    assert len(children) == 1
    assert int((tmp_path / "from-the-child.txt").read_text()) != os.getpid()
    assert ctx.notes == ["before the fork", "the child wrote its file"]
    assert set(ctx.timings) == {"write"}


def fails_with_unusable_input(ctx: BuildContext) -> None:
    raise UnusableInputError("json", [Problem("a table row is unreadable", file="ontology/x.tsv", line=3)])


def test_a_build_error_in_the_child_is_raised_by_the_build_with_its_exit_code(project, tmp_path):
    with pytest.raises(UnusableInputError) as err:
        forked.join(forked.start(context(project, tmp_path), [("json", fails_with_unusable_input)], []),
                    context(project, tmp_path))
    assert err.value.exit_code == 2 and "ontology/x.tsv" in str(err.value)


def crashes(ctx: BuildContext) -> None:
    raise ValueError("a bug in a stage")


def test_a_crash_in_the_child_is_an_internal_error_with_its_traceback(project, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "tracebacklimit", 0, raising=False)  # as OAK's CLI leaves it in the process
    with pytest.raises(RuntimeError) as err:
        forked.join(forked.start(context(project, tmp_path), [("views", crashes)], []), context(project, tmp_path))
    assert "ValueError: a bug in a stage" in str(err.value) and "Traceback" in str(err.value)


def vanishes(ctx: BuildContext) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_that_dies_without_a_word_is_an_error_naming_its_stages(project, tmp_path):
    with pytest.raises(BuildError) as err:
        forked.join(forked.start(context(project, tmp_path), [("json", vanishes)], []), context(project, tmp_path))
    assert "json" in str(err.value) and "without a report" in str(err.value)


def test_the_child_dies_with_its_parent(tmp_path):
    """A middle process forks a child that would sleep; SIGKILL the middle one: the child goes too."""
    reader, writer = os.pipe()
    middle = os.fork()
    if middle == 0:  # never returns into pytest
        try:
            os.close(reader)
            child = forked.start(BuildContext(None, tmp_path), [("sleep", lambda _: signal.pause())], [])
            os.write(writer, str(child.pid).encode())
            signal.pause()
        finally:
            os._exit(1)
    os.close(writer)
    child_pid = int(os.read(reader, 32))
    os.close(reader)
    os.kill(middle, signal.SIGKILL)
    os.waitpid(middle, 0)
    deadline = time.monotonic() + 10
    while alive(child_pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not alive(child_pid)


def ends_well(ctx: BuildContext) -> None:
    ctx.notes.append("the child's note")


def test_a_failed_child_stops_the_build_before_the_join_and_is_not_killed_after(project, tmp_path):
    ctx = context(project, tmp_path)
    children: list[forked.Child] = []
    forked.start(ctx, [("check", fails_with_unusable_input)], children)
    deadline = time.monotonic() + 30
    with pytest.raises(UnusableInputError) as err:
        while time.monotonic() < deadline:
            forked.failed(children, ctx)
            time.sleep(0.01)
    assert "ontology/x.tsv" in str(err.value)
    assert children[0].ended is not None   # reaped by failed(): stop() must not signal its (reusable) pid
    forked.stop(children)


def test_a_child_that_ended_well_reports_only_at_its_join(project, tmp_path):
    ctx = context(project, tmp_path)
    children: list[forked.Child] = []
    forked.start(ctx, [("json", ends_well)], children)
    deadline = time.monotonic() + 30
    while children[0].ended is None and time.monotonic() < deadline:
        forked.failed(children, ctx)
        time.sleep(0.01)
    assert children[0].ended is not None and ctx.notes == []   # seen to end, its notes kept for the join
    ctx.notes.append("the build's own note")
    forked.join(children[0], ctx)
    assert ctx.notes == ["the build's own note", "the child's note"]


def test_stop_kills_and_reaps_a_running_child(project, tmp_path):
    children: list[forked.Child] = []
    child = forked.start(context(project, tmp_path), [("sleep", lambda _: signal.pause())], children)
    forked.stop(children)
    assert not alive(child.pid)
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)


def test_a_child_whose_error_the_join_raised_is_neither_killed_nor_its_pipe_closed_again(project, tmp_path,
                                                                                          monkeypatch):
    children: list[forked.Child] = []
    child = forked.start(context(project, tmp_path), [("check", fails_with_unusable_input)], children)
    with pytest.raises(UnusableInputError):
        forked.join(child, context(project, tmp_path))
    assert child.ended is not None and child.reader == -1   # reaped and read, though the join raised
    calls = []
    monkeypatch.setattr(os, "kill", lambda *args: calls.append(("kill", args)))
    monkeypatch.setattr(os, "close", lambda *args: calls.append(("close", args)))
    forked.stop(children)
    assert calls == []
