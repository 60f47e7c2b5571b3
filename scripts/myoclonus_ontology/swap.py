"""Putting a finished release in place: one atomic exchange, under a lock, with recovery after a kill.

A release is written into a staging folder beside its target. On Linux the two are then exchanged by
renameat2(RENAME_EXCHANGE), one system call: at every instant the target is either the old release or the
new one, complete. Where the file system cannot exchange, the target is renamed aside and the staging
folder renamed in (two renames); a kill between them leaves no target, and the next command recovers the
complete release from the folder set aside. The target stays a real folder (build/ is committed to git); a
symbolic link is followed and the swap happens at the folder it points to.

A lock (flock on a hidden file beside the target) lets one command at a time write a release: a second
one waits, saying whose turn it is. Folders left by a killed command are removed, or recovered when the
target is missing, at the next start, under the lock.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import interrupts
from .checksums import release_faults

AT_FDCWD = -100
RENAME_EXCHANGE = 2
STAGING, RETIRED = "staging", "old"


def _renameat2() -> object | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when this system or file system cannot (nothing was changed).

    MYO_TEST_NO_EXCHANGE=1 makes it answer False, so the tests can exercise the two-rename fallback.
    """
    function = _renameat2()
    if function is None or os.environ.get("MYO_TEST_NO_EXCHANGE") == "1":
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def resolved(target: Path) -> Path:
    """Where a release really goes: the absolute path, with symbolic links (build/ -> elsewhere) followed."""
    return target.resolve()


def leftover_prefix(target: Path, kind: str) -> str:
    return f".{target.name}-{kind}-"


def new_staging(target: Path) -> Path:
    """An empty staging folder beside `target` (same file system, so the swap is a rename)."""
    staging = Path(tempfile.mkdtemp(prefix=leftover_prefix(target, STAGING), dir=target.parent))
    staging.chmod(0o755)
    return staging


def install(staging: Path, target: Path) -> None:
    """Put `staging` in place of `target`; the previous release is removed once it is out of place."""
    with interrupts.deferred():
        if not target.exists():
            staging.rename(target)
            return
        if exchange(staging, target):
            shutil.rmtree(staging)  # it now holds the previous release
            return
        retired = Path(tempfile.mkdtemp(prefix=leftover_prefix(target, RETIRED), dir=target.parent))
        retired.rmdir()
        target.rename(retired)
        interrupts.pause_point("between-renames")
        staging.rename(target)
    shutil.rmtree(retired)


def leftovers(target: Path) -> list[Path]:
    """Staging and set-aside folders that a killed command left beside `target`, oldest first."""
    prefixes = (leftover_prefix(target, STAGING), leftover_prefix(target, RETIRED))
    found = [p for p in target.parent.iterdir() if p.name.startswith(prefixes) and p.is_dir()
             and not p.is_symlink()] if target.parent.is_dir() else []
    return sorted(found, key=lambda p: p.stat().st_mtime)


def recover(target: Path) -> list[str]:
    """Clean up after a killed command (call under the lock); what was done, in words."""
    notes = []
    found = leftovers(target)
    if not target.exists():
        retired = [p for p in found if p.name.startswith(leftover_prefix(target, RETIRED))]
        complete = [p for p in found if p not in retired and not release_faults(p)]
        candidate = (retired or complete or [None])[-1]  # the target set aside is what it was before
        if candidate is not None:
            candidate.rename(target)
            found.remove(candidate)
            notes.append(f"recovered {target.name}/ from {candidate.name}, left by an interrupted swap")
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
        notes.append(f"removed {path.name}, left by an interrupted command")
    return notes


@contextmanager
def locked(target: Path, command: str) -> Iterator[list[str]]:
    """Hold the lock on `target` for the whole command; yields the notes of the recovery done first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with lock_path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another myo command"
            interrupts.say(f"myo {command}: waiting: {holder} is writing {target}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"myo {command} (pid {os.getpid()})\n")
        handle.flush()
        try:
            yield recover(target)
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
