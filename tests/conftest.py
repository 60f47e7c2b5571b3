"""Shared fixtures: the real project, a scratch copy to break, and one fresh build per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from myoclonus_ontology.build import run_build
from myoclonus_ontology.graph_io import load_ontology, parse_file
from myoclonus_ontology.mutation import Mutant, shape_mutants
from myoclonus_ontology.project import Project
from myoclonus_ontology.source import SourceText, load_source
from myoclonus_ontology.validate import load_shapes

INPUT_FOLDERS = ("sources", "ontology", "shapes", "queries", "mappings", "docs", "releases")


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.default()


@pytest.fixture(scope="session")
def source(project: Project) -> SourceText:
    return load_source(project)


@pytest.fixture(scope="session")
def asserted(project: Project) -> Graph:
    return load_ontology(project)


@pytest.fixture(scope="session")
def fresh_build(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release built from the current sources into a temporary folder (build/ is not touched)."""
    out = tmp_path_factory.mktemp("fresh") / "build"
    run_build(project, out)
    return out


@pytest.fixture(scope="session")
def shapes(project: Project) -> Graph:
    return load_shapes(project)


@pytest.fixture(scope="session")
def releases(fresh_build: Path) -> dict[str, Graph]:
    """The freshly built base and full releases, parsed."""
    return {"base": parse_file(fresh_build / "myo-base.nt"), "full": parse_file(fresh_build / "myo-full.nt")}


@pytest.fixture(scope="session")
def mutants(releases: dict[str, Graph], shapes: Graph) -> list[Mutant]:
    """Faults aimed at every shape constraint, one target node each."""
    return shape_mutants(releases["base"], releases["full"], shapes, per_constraint=1)


@pytest.fixture
def scratch(project: Project, tmp_path: Path) -> Project:
    """A copy of the project's inputs (and its committed build/) that a test may break."""
    for folder in (*INPUT_FOLDERS, "build"):
        if (project.root / folder).exists():
            shutil.copytree(project.root / folder, tmp_path / folder)
    return Project(tmp_path)


@pytest.fixture
def warm_scratch(scratch: Project, project: Project, fresh_build: Path) -> Project:
    """A scratch copy with the project's caches (filled by `fresh_build`): its build takes seconds, not a minute."""
    if (project.root / ".cache").is_dir():
        shutil.copytree(project.root / ".cache", scratch.root / ".cache")
    return scratch


def synthetic_data(release: Path, folder: Path, triples: int, fraction: float, seed: int) -> dict[str, Path]:
    """`myo synth` data of about `triples` triples from the release's records: clean (N-Triples) and with
    `fraction` of its records given a known fault (Turtle, its faults listed beside it)."""
    from myoclonus_ontology.synth import write

    out = {"clean": folder / "clean.nt", "faulty": folder / "faulty.ttl"}
    write(release, out["clean"], triples)
    write(release, out["faulty"], triples, fraction=fraction, seed=seed)
    return out


def myo_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(root), *args]


def run_myo(root: Path, *args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """`myo` in a fresh process, as a user runs it."""
    return subprocess.run(myo_command(root, *args), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (hidden ones too), by relative path: to show nothing was changed."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def tables(project: Project, tmp_path: Path) -> Project:
    """A copy of the curated inputs alone (sources, ontology): enough to generate and check, quick to make."""
    for folder in ("sources", "ontology"):
        shutil.copytree(project.root / folder, tmp_path / folder)
    return Project(tmp_path)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in a file, insisting that `old` is there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# Fixtures that need the full build (the session's fresh build, or what is made from it): a test using one
# is slow, whatever it does itself. Tests that start a process (a `myo` command, a JVM, a server, a browser)
# carry @pytest.mark.slow themselves. `make test-fast` runs the rest, in under a minute.
NEEDS_THE_BUILD = {"fresh_build", "releases", "mutants", "warm_scratch"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if NEEDS_THE_BUILD & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
