"""Inputs missing from the checkout: files git tracks that are no longer on disk.

Several inputs are read by pattern (ontology/*.ttl, queries/qc/*, queries/cq/*), so a deleted file would
not be noticed as such: every check that depends on it would fail instead (~90 follow-on problems for one
ontology file). Asking git which tracked inputs are missing names the cause first. Outside a git checkout
(a downloaded archive) there is nothing to compare with, and nothing is reported.
"""

from __future__ import annotations

import subprocess

from .errors import Problem, UnusableInputError
from .project import Project

INPUTS = ("sources", "ontology", "shapes", "queries", "mappings")


def missing_inputs(project: Project) -> list[str]:
    """Input files that git tracks and that are missing from the working tree (paths from the root)."""
    try:
        run = subprocess.run(["git", "ls-files", "--deleted", "-z", "--", *INPUTS], cwd=project.root,
                             capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if run.returncode != 0:
        return []
    return sorted(p for p in run.stdout.decode("utf-8", errors="replace").split("\0") if p)


def check_inputs_present(project: Project) -> None:
    """Refuse to go on when a tracked input file is missing: it is the cause of whatever would fail next."""
    missing = missing_inputs(project)
    if missing:
        raise UnusableInputError("sources", [Problem(
            "is missing: git tracks it but it is not in the checkout; restore it (git checkout -- FILE) or "
            "remove it from git (git rm FILE)", file=path) for path in missing])
