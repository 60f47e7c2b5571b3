"""A cache that can never produce a wrong result: keyed by everything a result depends on, verified on read.

A key is the SHA-256 of the inputs, the versions of the tools that make the result, and the source code of
the modules that produce or post-process it; so a change to any of them is a miss, never a stale hit.
Each entry starts with a header line giving the SHA-256 and length of its payload: an entry cut short by a
crash or a full disk, or changed since, fails that check and counts as a miss (and is removed). Entries are
written to a temporary file and renamed into place. A cache that cannot be written is skipped, silently:
it only ever saves time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

MAGIC = b"myo-cache 1"
HEADER = re.compile(rb"^myo-cache 1 ([0-9a-f]{64}) (\d+)\n")


@functools.cache
def tool_version(name: str) -> str:
    """A tool's version: a Python distribution's, or for "java" what `java -version` says."""
    if name == "java":
        import owlready2

        try:
            run = subprocess.run([owlready2.JAVA_EXE, "-version"], capture_output=True, text=True, timeout=30)
            return (run.stderr or run.stdout).strip()
        except (OSError, subprocess.TimeoutExpired):
            return "java: not found"
    if name == "python":
        return sys.version
    return metadata.version(name)


@functools.cache
def code_digest(module: str) -> str:
    """SHA-256 of a module's source file."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise ValueError(f"no source for module {module}")
    return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()


class Cache:
    """One kind of cached result in `folder` (None: caching is off, every look-up misses)."""

    def __init__(self, folder: Path | None, tools: Iterable[str], modules: Iterable[str]) -> None:
        self.folder = folder
        self.tools = tuple(sorted(set(tools) | {"python"}))
        self.modules = tuple(sorted(set(modules) | {__name__}))

    def key(self, *inputs: bytes | str) -> str:
        """The key of a result made from `inputs` by these tools and this code ('' when caching is off)."""
        if self.folder is None:
            return ""
        digest = hashlib.sha256()
        parts = [f"{t}={tool_version(t)}" for t in self.tools] + [f"{m}={code_digest(m)}" for m in self.modules]
        for part in [*parts, *inputs]:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def path(self, key: str) -> Path | None:
        return self.folder / key if self.folder is not None else None

    def get(self, key: str) -> bytes | None:
        """The payload stored under `key`, or None when there is none or it fails its check."""
        path = self.path(key)
        if path is None:
            return None
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        header = HEADER.match(raw)
        payload = raw[header.end():] if header else b""
        if header and int(header.group(2)) == len(payload) and \
                hashlib.sha256(payload).hexdigest() == header.group(1).decode():
            return payload
        with contextlib.suppress(OSError):
            path.unlink()
        return None

    def put(self, key: str, payload: bytes) -> None:
        """Store `payload` under `key` (temporary file, then rename); failures are ignored."""
        path = self.path(key)
        if path is None:
            return
        header = MAGIC + f" {hashlib.sha256(payload).hexdigest()} {len(payload)}\n".encode()
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(header + payload)
            Path(temporary).replace(path)
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
