"""`myo build --watch`: edits are seen once complete, each rebuilds build/ in place, a faulty edit is
reported and leaves build/ as it was, and Ctrl-C ends it with nothing left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from myoclonus_ontology.interrupts import alive, descendants
from myoclonus_ontology.project import Project
from myoclonus_ontology.watch import changed_files, snapshot, wait_for_change

from .conftest import myo_command

CLAIM = "MYO:0002002"


def test_a_change_is_named_once_the_files_stop_changing(tmp_path):
    project = Project(tmp_path)
    (tmp_path / "ontology").mkdir()
    table = tmp_path / "ontology" / "claims.tsv"
    table.write_text("id\tnote\n", encoding="utf-8")
    (tmp_path / "build").mkdir()
    seen = snapshot(project)
    assert list(seen) == ["ontology/claims.tsv"]  # build/ and anything outside the inputs is not watched

    def edit() -> None:
        time.sleep(0.1)
        table.write_text("id\tnote\nMYO:1\t", encoding="utf-8")  # written in two steps, as an editor may
        time.sleep(0.05)
        table.write_text("id\tnote\nMYO:1\tdone\n", encoding="utf-8")
        (tmp_path / "build" / "out.txt").write_text("not an input", encoding="utf-8")

    writer = threading.Thread(target=edit)
    writer.start()
    now, changed = wait_for_change(project, seen, poll=0.02, settle=0.3)
    writer.join()
    assert changed == ["ontology/claims.tsv"] and table.read_text(encoding="utf-8").endswith("done\n")
    assert now == snapshot(project)


def test_changed_files_names_added_removed_and_modified():
    before = {"a": (1, 1), "b": (2, 2), "c": (3, 3)}
    after = {"a": (1, 1), "b": (2, 5), "d": (4, 4)}
    assert changed_files(before, after) == ["b", "c", "d"]


def set_cell(project: Project, claim: str, column: str, value: str) -> None:
    for path in sorted((project.root / "ontology" / "statements").glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        header = lines[0].split("\t")
        for index, line in enumerate(lines):
            cells = line.split("\t")
            if cells[0] == claim:
                cells[header.index(column)] = value
                lines[index] = "\t".join(cells)
                path.write_text("\n".join(lines), encoding="utf-8")
                return
    raise AssertionError(f"no claim {claim}")


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def cell(project: Project, claim: str, column: str) -> str:
    for path in sorted((project.root / "ontology" / "statements").glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").split("\n")
        header = lines[0].split("\t")
        for line in lines:
            if line.split("\t")[0] == claim:
                return line.split("\t")[header.index(column)]
    raise AssertionError(f"no claim {claim}")


class Output:
    """A stream's lines, read in a thread, waited for by content."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=lambda: self.lines.extend(iter(stream.readline, "")), daemon=True)
        self.thread.start()

    def wait_for(self, text: str, process: subprocess.Popen, count: int = 1, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while sum(text in line for line in self.lines) < count:
            assert process.poll() is None, f"ended: {self.lines}"
            assert time.monotonic() < deadline, f"never saw {text!r}: {self.lines}"
            time.sleep(0.05)


@pytest.mark.slow
def test_watch_rebuilds_after_an_edit_reports_a_faulty_one_and_stops_on_ctrl_c(warm_scratch):
    project = warm_scratch
    watcher = subprocess.Popen(myo_command(project.root, "build", "--generate", "--watch"), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    out, err = Output(watcher.stdout), Output(watcher.stderr)
    try:
        out.wait_for("watching", watcher)
        set_cell(project, CLAIM, "note", "A note edited while the build watches.")
        out.wait_for("edit → new build/ in place", watcher)
        assert "A note edited while the build watches." in (project.build / "myo-base.ttl").read_text("utf-8")

        before = (project.build / "SHA256SUMS").read_bytes()
        quote = cell(project, CLAIM, "quote")
        set_cell(project, CLAIM, "quote", "words the source never says")
        err.wait_for("build/ unchanged", watcher)
        assert (project.build / "SHA256SUMS").read_bytes() == before

        set_cell(project, CLAIM, "quote", quote)
        out.wait_for("edit → new build/ in place", watcher, count=2)

        shutil.rmtree(project.root / ".cache" / "reasoner")  # as after an edit of what a claim relates
        set_cell(project, CLAIM, "note", "A note edited again, HermiT to run.")
        out.wait_for("edit → new build/ in place", watcher, count=3)
        assert any("in the warm JVM" in line for line in out.lines[-30:]), out.lines[-30:]
        children = descendants(watcher.pid)
        assert any("HermitServer.java" in cmdline(pid) for pid in children)  # the warm JVM, ended below
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=120)
    assert watcher.returncode == 130
    assert not [pid for pid in children if alive(pid)]
    assert not [p.name for p in project.root.iterdir() if "-staging-" in p.name]
