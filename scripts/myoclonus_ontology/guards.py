"""Where a command may write: never over an input, never over a folder it did not make.

Every command that writes a file or a folder a user names asks here first. A refusal is unusable input
(exit 2) naming the path and why; nothing has been written when it comes.
"""

from __future__ import annotations

from pathlib import Path

from .checksums import release_faults
from .errors import Problem, UnusableInputError
from .project import Project
from .swap import resolved

INPUT_FOLDERS = ("sources", "ontology", "shapes", "queries", "mappings", "scripts", "tests", ".git")


def _refuse(stage: str, path: Path, why: str) -> UnusableInputError:
    return UnusableInputError(stage, [Problem(f"refused: {why}; nothing was written", file=str(path))])


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _protected(project: Project) -> list[tuple[str, Path]]:
    root = project.root.resolve()
    return [(name, (root / name).resolve()) for name in INPUT_FOLDERS]


def check_release_target(project: Project, target: Path) -> Path:
    """The folder a release may replace: `target`, followed through a symbolic link.

    Refused: the checkout itself or a folder that holds it; an input folder, or a folder in or around
    one; build/'s insides; a file; an existing folder, other than build/, that is neither empty nor a
    complete release made by this tool (SHA256SUMS lists every file in it, and every file matches).
    """
    real = resolved(target)
    root = project.root.resolve()
    if root.is_relative_to(real):
        raise _refuse("build", target, f"it contains the checkout {root}, which a release would replace")
    for name, folder in _protected(project):
        if _inside(real, folder) or folder.is_relative_to(real):
            raise _refuse("build", target, f"it is, holds or lies inside {name}/, an input of the build")
    build = project.build.resolve()
    if real != build and real.is_relative_to(build):
        raise _refuse("build", target, "it lies inside build/, the release folder")
    if real.exists() and not real.is_dir():
        raise _refuse("build", target, "it is a file, not a folder")
    own_folder = real == project.build.resolve() and not project.build.is_symlink()
    if real.is_dir() and not own_folder and any(real.iterdir()):
        faults = release_faults(real)
        if faults:
            raise _refuse("build", target, f"it is a folder that is not a release made by myo ({faults[0]}); "
                                           "give a new or empty folder, or remove this one yourself")
    return real


def check_report_target(project: Project, output: Path, inputs: list[Path]) -> Path:
    """A file a report may be written to: not an input of the command, not inside an input folder."""
    real = output.resolve()
    if real.is_dir():
        raise _refuse("validate", output, "it is a folder; give a file name")
    if real in {p.resolve() for p in inputs}:
        raise _refuse("validate", output, "it is an input of this command, which the report would overwrite")
    for name, folder in [*_protected(project), ("build", project.build.resolve())]:
        if _inside(real, folder):
            raise _refuse("validate", output, f"it lies inside {name}/, which holds inputs")
    return real
