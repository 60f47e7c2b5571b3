"""Signals: SIGINT and SIGTERM stop a real command, its child processes and its files; exit 130, a message.

Each test runs `myo` in its own process, sends a real signal at a known point (a child process seen in
/proc, or the test-only pause before the swap) and checks what is left: build/ as it was and complete,
no staging folder, no process, no temporary file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from myoclonus_ontology.checksums import release_faults
from myoclonus_ontology.endpoint import free_port
from myoclonus_ontology.interrupts import PAUSE_AT, PAUSE_DIR, alive, descendants, pause_point

from .conftest import myo_command, snapshot


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line mentions `text` (a test's own temporary path)."""
    return [int(p.name) for p in Path("/proc").iterdir()
            if p.name.isdigit() and int(p.name) != os.getpid() and text in cmdline(int(p.name))
            and alive(int(p.name))]


def start(root: Path, temp: Path, *args: str, **env: str) -> subprocess.Popen:
    temp.mkdir(exist_ok=True)
    return subprocess.Popen(myo_command(root, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(temp), **env})


def wait_until(condition, process: subprocess.Popen, what: str, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"ended before {what}: {process.communicate()}"
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.03)


def child_running(process: subprocess.Popen, marker: str):
    return lambda: any(marker in cmdline(pid) for pid in descendants(process.pid))


def stop(process: subprocess.Popen, signum: int) -> tuple[list[int], str]:
    """Send a signal; the children it had at that moment, and what it printed on stderr."""
    children = descendants(process.pid)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    return children, err


def test_the_pause_file_appears_whole_with_the_pausing_pid(tmp_path, monkeypatch):
    """A test polls for `stage.reached` and reads the pid in it: the file must never be seen empty."""
    monkeypatch.setenv(PAUSE_AT, "json")
    monkeypatch.setenv(PAUSE_DIR, str(tmp_path))
    seen: list[str] = []
    real_replace = Path.replace

    def replace_watched(source: Path, target: Path) -> Path:  # just before the file appears: nothing to read
        seen.append(str(sorted(p.name for p in tmp_path.iterdir())))
        moved = real_replace(source, target)
        (tmp_path / "json.go").touch()
        return moved

    monkeypatch.setattr(Path, "replace", replace_watched)
    pause_point("json")
    assert seen == [f"['json.reached.{os.getpid()}']"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["json.go", "json.reached"]
    assert (tmp_path / "json.reached").read_text() == str(os.getpid())


@pytest.mark.parametrize(("point", "signum"), [
    ("reasoning", signal.SIGTERM),  # while the HermiT JVM that owlready2 started runs
    ("pylode", signal.SIGINT),      # while the pyLODE child documents the release (Ctrl-C)
    ("swap", signal.SIGTERM),       # the new release is complete, just before it replaces build/
    ("json", signal.SIGTERM),       # while a forked child of the build writes the readable JSON
])
def test_a_build_stopped_by_a_signal_leaves_build_whole_and_nothing_behind(warm_scratch, tmp_path, point, signum):
    root, temp = warm_scratch.root, tmp_path / "tmp"
    before = snapshot(warm_scratch.build)
    if point == "reasoning":
        build = start(root, temp, "build", "--no-cache")
        wait_until(child_running(build, "org.semanticweb.HermiT"), build, "the HermiT JVM")
    elif point == "pylode":
        shutil.rmtree(root / ".cache" / "reference")
        build = start(root, temp, "build")
        wait_until(child_running(build, "myoclonus_ontology.reference"), build, "pyLODE")
    else:
        build = start(root, temp, "build", MYO_TEST_PAUSE_AT=point, MYO_TEST_PAUSE_DIR=str(tmp_path))
        wait_until((tmp_path / f"{point}.reached").exists, build, f"the pause at {point}")  # swap.reached, ...
        if point == "json":  # the pause is in the forked child, not in the build's own process
            assert int((tmp_path / "json.reached").read_text()) in descendants(build.pid)
    children, err = stop(build, signum)
    assert build.returncode == 130, err
    assert f"interrupted by {signal.Signals(signum).name}" in err and "Traceback" not in err
    assert snapshot(warm_scratch.build) == before and release_faults(warm_scratch.build) == []
    assert not [p.name for p in root.iterdir() if "-staging-" in p.name or "-old-" in p.name]
    assert not [pid for pid in children if alive(pid)]
    assert processes_mentioning(str(tmp_path)) == []
    assert list(temp.iterdir()) == []  # the JVM's input, pyLODE's files: all in the command's own temp folder


@pytest.mark.slow
def test_serve_stopped_by_sigterm_leaves_no_oxigraph_and_no_store(project, tmp_path):
    port, temp = free_port(), tmp_path / "tmp"
    serve = start(project.root, temp, "serve", "--port", str(port))
    wait_until(lambda: any("serve-read-only" in cmdline(pid) for pid in descendants(serve.pid)), serve,
               "Oxigraph")
    wait_until(lambda: _answers(port), serve, "the endpoint")
    children, err = stop(serve, signal.SIGTERM)
    assert serve.returncode == 130 and "interrupted by SIGTERM" in err and "Traceback" not in err
    assert not [pid for pid in children if alive(pid)]
    assert processes_mentioning(str(tmp_path)) == []
    assert list(temp.iterdir()) == []
    assert not _answers(port)


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=5) as answer:
            return answer.status == 200
    except OSError:
        return False


@pytest.mark.slow
def test_a_query_stopped_by_sigterm_leaves_no_child(project, tmp_path):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # slow, but in constant memory
    query = start(project.root, tmp_path / "tmp", "query", slow, "--timeout", "120")
    wait_until(lambda: bool(descendants(query.pid)), query, "the query's child process")
    children, err = stop(query, signal.SIGTERM)
    assert query.returncode == 130 and "interrupted by SIGTERM" in err
    assert children and not [pid for pid in children if alive(pid)]
