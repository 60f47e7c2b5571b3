"""`myo nanopubs --sign-key KEY`: sign the release's nanopublications with a key the publisher supplies."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..claims import read_claims
from ..errors import Problem, UnusableInputError
from ..graph_io import parse_file
from ..project import Project
from ..release import BASE_RELEASE
from ..source import load_source
from .nanopub import sign_all

MAX_KEY_BYTES = 16_384
ORCID = re.compile(r"^https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def read_key(path: Path) -> str:
    """The base64 body of an RSA private key file (PEM armour and line breaks removed)."""
    if not path.is_file():
        raise UnusableInputError("nanopubs", [Problem("the key file is missing", file=str(path))])
    if path.stat().st_size > MAX_KEY_BYTES:
        raise UnusableInputError("nanopubs", [Problem("too large to be an RSA private key", file=str(path))])
    lines = path.read_text(encoding="ascii", errors="replace").splitlines()
    body = "".join(line.strip() for line in lines if line.strip() and not line.startswith("-----"))
    if not re.fullmatch(r"[A-Za-z0-9+/=]+", body):
        raise UnusableInputError("nanopubs", [Problem("not a base64 (PKCS#8) private key", file=str(path))])
    return body


@contextmanager
def quiet_native_stdout() -> Iterator[None]:
    """nanopub-sign prints from native code; keep it off the command's own output."""
    saved = os.dup(1)
    with Path(os.devnull).open("w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def sign_release(project: Project, key_file: Path, orcid: str, out: Path) -> list[Path]:
    """Sign one nanopublication per claim of build/myo-base.nt into `out` (a new or empty folder)."""
    if not ORCID.match(orcid):
        raise UnusableInputError("nanopubs", [Problem(f"not an ORCID iD: {orcid!r} (https://orcid.org/NNNN-...)")])
    key = read_key(key_file)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UnusableInputError("nanopubs", [Problem("exists and is not an empty folder: refusing to write into it",
                                                      file=str(out))])
    release = project.build / f"{BASE_RELEASE.stem}.nt"
    if not release.is_file():
        raise UnusableInputError("nanopubs", [Problem("the release is missing: run `make build` first",
                                                      file=project.relative(release))])
    claims = read_claims(parse_file(release, project))
    out.mkdir(parents=True, exist_ok=True)
    try:
        with quiet_native_stdout():
            return sign_all(claims, load_source(project), key, orcid, out)
    except Exception as err:  # nanopub-sign reports a bad key as a bare Exception
        raise UnusableInputError("nanopubs", [Problem(f"nanopub-sign refused the key: {err}",
                                                      file=str(key_file))]) from err
