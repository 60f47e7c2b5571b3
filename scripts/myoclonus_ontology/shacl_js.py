"""The second SHACL engine: rdf-validate-shacl (JavaScript), run by Node on the same files as pySHACL.

Both engines must give the same verdict, so the shapes rely on no one engine's quirks. The npm packages
are installed by the project's set-up (`npm ci`, from package-lock.json).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from .errors import EXIT_UNUSABLE_INPUT, BuildError, Problem
from .prefixes import curie
from .project import Project
from .validate import Finding, short

SCRIPT = Path("scripts") / "js" / "validate-shacl.mjs"


@dataclass(frozen=True)
class Verdict:
    """What one engine concluded: conformance, and the (focus node, source shape) pairs it reported."""

    conforms: bool
    results: frozenset[tuple[str, str]]


def node_ready(project: Project) -> bool:
    return shutil.which("node") is not None and (project.root / "node_modules" / "rdf-validate-shacl").is_dir()


def run_node(project: Project, args: list[str]) -> list[Verdict]:
    """The validator script's verdicts: arguments are shapes then data files (one verdict), or `--pairs` and
    (shapes, data) file pairs (one verdict each)."""
    if not node_ready(project):
        raise BuildError("shacl-js", [Problem("Node.js or the npm packages are missing: run `make setup` "
                                              "(it runs `npm ci`)")], exit_code=EXIT_UNUSABLE_INPUT)
    run = subprocess.run(["node", str(project.root / SCRIPT), *args],
                         capture_output=True, text=True, cwd=project.root, timeout=600)
    if run.returncode != 0:
        raise BuildError("shacl-js", [Problem(f"rdf-validate-shacl failed: {run.stderr.strip()[:800]}")])
    verdicts = []
    for line in run.stdout.splitlines():
        report = json.loads(line)
        pairs = frozenset((r["focusNode"], r["sourceShape"]) for r in report["results"])
        verdicts.append(Verdict(bool(report["conforms"]), pairs))
    return verdicts


def validate_js(project: Project, shapes: Path, data: list[Path]) -> Verdict:
    """Run rdf-validate-shacl over the union of the data files."""
    return run_node(project, [str(shapes), *map(str, data)])[0]


BLANK = "_:blank"  # the engines label blank nodes differently: results on blank nodes are compared as one


def found_by_js(verdict: Verdict) -> set[tuple[str, str]]:
    """rdf-validate-shacl's results as (focus, shape) CURIE pairs, comparable with pySHACL's."""
    return {(BLANK if focus.startswith("_:") else curie(URIRef(focus)), short(URIRef(shape)))
            for focus, shape in verdict.results}


def found_by_shapes(findings: Iterable[Finding]) -> set[tuple[str, str]]:
    """The (focus, shape) pairs of pySHACL's findings (a QC query's are not the shapes')."""
    return {(BLANK if f.focus.startswith("_:") else f.focus, source)
            for f in findings for source in (f.source, *f.also) if not source.startswith("qc:")}
