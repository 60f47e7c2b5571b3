"""SHA256SUMS: written for every release, and how a folder is recognised as a complete release of ours.

A folder is a release made by this tool when its SHA256SUMS lists every file in it and every listed file
has the listed digest. The build replaces only such a folder (or an empty one), and recovers only such a
folder after a killed swap.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

SUMS = "SHA256SUMS"
UNRELEASED = ("screenshots/", ".")  # what the browser tests leave in build/, and hidden entries
TEST_OUTPUT = ("screenshots/",)  # the only unlisted files a folder may hold and still count as a release
LINE = re.compile(r"^([0-9a-f]{64})  (\S.*)$")


def released_files(folder: Path, unlisted: tuple[str, ...] = UNRELEASED) -> list[Path]:
    """Every file of a release folder that SHA256SUMS covers, in a fixed order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() != SUMS
                  and not p.relative_to(folder).as_posix().startswith(unlisted))


def write_checksums(folder: Path) -> Path:
    """SHA256SUMS for every artifact, so a consumer can verify a download."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}\n"
             for p in released_files(folder)]
    target = folder / SUMS
    target.write_text("".join(lines), encoding="utf-8")
    return target


def release_faults(folder: Path) -> list[str]:
    """Why `folder` is not a complete, unchanged release of ours ([] when it is one)."""
    sums = folder / SUMS
    try:
        text = sums.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return [f"it has no readable {SUMS}"]
    listed: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = LINE.match(line)
        if not match:
            return [f"{SUMS}:{number} is not a checksum line"]
        listed[match.group(2)] = match.group(1)
    faults = []
    present = {p.relative_to(folder).as_posix() for p in released_files(folder, TEST_OUTPUT)}
    faults += [f"{name} is not listed in {SUMS}" for name in sorted(present - set(listed))]
    faults += [f"{name} is listed in {SUMS} but missing" for name in sorted(set(listed) - present)]
    for name in sorted(set(listed) & present):
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != listed[name]:
            faults.append(f"{name} differs from its checksum")
    return faults
