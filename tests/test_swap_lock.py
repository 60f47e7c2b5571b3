"""Swap and lock: build/ is a complete release at every instant, one writer at a time, and kills are recovered."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from myoclonus_ontology import swap
from myoclonus_ontology.checksums import release_faults

from .conftest import myo_command, run_myo, snapshot


def wait_for(path: Path, process: subprocess.Popen, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "-staging-" in p.name or "-old-" in p.name)


def pausing(scratch, stage: str, pause: Path, *args: str, **env: str) -> subprocess.Popen:
    """A `myo build` that stops at `stage` until the test lets it go (interrupts.pause_point)."""
    pause.mkdir(exist_ok=True)
    return subprocess.Popen(myo_command(scratch.root, "build", *args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "MYO_TEST_PAUSE_AT": stage, "MYO_TEST_PAUSE_DIR": str(pause), **env})


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "new").write_text("new", encoding="utf-8")
    (tmp_path / "b" / "old").write_text("old", encoding="utf-8")
    assert swap.exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["new"]
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["old"]


def test_install_replaces_the_target_with_or_without_exchange(tmp_path, monkeypatch):
    target = tmp_path / "build"
    target.mkdir()  # a previous release is there: the first pass exchanges, the second renames aside
    for exchange in ("1", "0"):
        monkeypatch.setenv("MYO_TEST_NO_EXCHANGE", "0" if exchange == "1" else "1")
        staging = swap.new_staging(target)
        (staging / "release").write_text(exchange, encoding="utf-8")
        swap.install(staging, target)
        assert (target / "release").read_text(encoding="utf-8") == exchange
        assert leftovers(tmp_path) == []


def test_a_kill_between_the_two_renames_is_recovered_at_the_next_start(warm_scratch, tmp_path):
    """Where the file system cannot exchange, a kill between the renames leaves no build/: the next command
    puts the previous release back, whole."""
    before = snapshot(warm_scratch.build)
    build = pausing(warm_scratch, "between-renames", tmp_path / "pause", MYO_TEST_NO_EXCHANGE="1")
    wait_for(tmp_path / "pause" / "between-renames.reached", build)
    build.send_signal(signal.SIGKILL)  # a crash or a power cut: no clean-up runs
    build.communicate()
    assert not warm_scratch.build.exists()
    assert [name.split("-")[1] for name in leftovers(warm_scratch.root)] == ["old", "staging"]
    with swap.locked(warm_scratch.build, "test") as notes:
        assert snapshot(warm_scratch.build) == before
    assert any(n.startswith("recovered build/ from .build-old-") for n in notes)
    assert any(n.startswith("removed .build-staging-") for n in notes)
    assert leftovers(warm_scratch.root) == []


def test_docs_waits_while_a_build_holds_the_lock_and_both_finish(warm_scratch, tmp_path):
    before = snapshot(warm_scratch.build)
    build = pausing(warm_scratch, "swap", tmp_path / "pause")
    wait_for(tmp_path / "pause" / "swap.reached", build)
    log = tmp_path / "docs.log"
    with log.open("w", encoding="utf-8") as err:
        docs = subprocess.Popen(myo_command(warm_scratch.root, "docs"), stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 120
        while "waiting" not in log.read_text(encoding="utf-8"):
            assert docs.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.05)
        assert f"myo docs: waiting: myo build (pid {build.pid}) is writing" in log.read_text(encoding="utf-8")
        assert docs.poll() is None and snapshot(warm_scratch.build) == before  # nothing written while it waits
        (tmp_path / "pause" / "swap.go").touch()
        assert build.wait(timeout=240) == 0, build.communicate()
        assert docs.wait(timeout=240) == 0, log.read_text(encoding="utf-8")
    assert release_faults(warm_scratch.build) == []
    assert leftovers(warm_scratch.root) == []


def test_a_symlinked_build_is_replaced_where_it_points(warm_scratch, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "release"
    elsewhere.parent.mkdir()
    shutil.move(warm_scratch.build, elsewhere)
    warm_scratch.build.symlink_to(elsewhere, target_is_directory=True)
    result = run_myo(warm_scratch.root, "build")
    assert result.returncode == 0, result.stderr
    assert warm_scratch.build.is_symlink() and warm_scratch.build.resolve() == elsewhere
    assert release_faults(elsewhere) == []
    assert leftovers(elsewhere.parent) == [] and leftovers(warm_scratch.root) == []
