"""Reading and writing the project's text files, with faults reported by file and line, never a traceback.

A missing or unreadable file, or a byte that is not UTF-8, is unusable input (exit 2) named by its file
and, for a bad byte, the line and column where it sits. Writes go to a temporary file that replaces the
target by a rename, so a killed command never leaves a half-written file.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from pathlib import Path

from .errors import Problem, UnusableInputError


def decode(raw: bytes, shown: str, stage: str = "load", encoding: str = "utf-8") -> str:
    """Bytes as text; a byte that does not decode is reported at its line and column."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise UnusableInputError(stage, [Problem(
            f"byte 0x{raw[err.start]:02x} is not valid {encoding}: save the file as {encoding.upper()}",
            file=shown, line=line, column=column)]) from err


CHECK_CHUNK = 1 << 20  # bytes decoded at a time by check_encoding


def check_encoding(raw: bytes, shown: str, stage: str = "load", encoding: str = "utf-8") -> None:
    """As decode(), without keeping the text: a megabyte at a time, so checking a large data file costs no
    copy of its size. A bad byte is reported exactly as decode() reports it."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), CHECK_CHUNK):
            decoder.decode(view[start:start + CHECK_CHUNK])
        decoder.decode(b"", final=True)  # a sequence cut short by the end of the file
    except UnicodeDecodeError:
        decode(raw, shown, stage, encoding)  # the whole text, once, only to place the fault
        raise


def read_bytes(path: Path, shown: str, stage: str = "load") -> bytes:
    """The file's bytes; a missing, unreadable or non-regular file is unusable input naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError as err:
        raise UnusableInputError(stage, [Problem("file not found", file=shown)]) from err
    except IsADirectoryError as err:
        raise UnusableInputError(stage, [Problem("is a folder, not a file", file=shown)]) from err
    except OSError as err:
        raise UnusableInputError(stage, [Problem(f"cannot be read: {err.strerror}", file=shown)]) from err


def read_text(path: Path, shown: str | None = None, stage: str = "load", encoding: str = "utf-8") -> str:
    """A text file's content, or unusable input naming the file (and the line of a bad byte)."""
    shown = shown or str(path)
    return decode(read_bytes(path, shown, stage), shown, stage, encoding)


def tsv_records(text: str) -> list[dict[str, str]]:
    """The rows of a tab-separated table whose leading '#' lines are comments (HPOA, our extracts)."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(body), delimiter="\t"))


def write_atomically(path: Path, data: bytes | str) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it over `path` (readers see old or new)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
