"""The build pipeline: sources → check → reason → emit → query → docs.

Everything is written into a staging folder beside build/, which replaces build/ only when every stage
has passed; a failed build leaves the previous build/ exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import serialize
from .coverage import check_coverage
from .errors import BuildError
from .graph_io import NodeLocator, load_ontology
from .project import Project
from .provenance import check_provenance
from .release import BASE_RELEASE, release_graph
from .source import SourceText, load_source


@dataclass
class BuildContext:
    """What the stages share: the inputs, the graphs made so far, and where to write."""

    project: Project
    out: Path
    source: SourceText | None = None
    asserted: Graph | None = None
    locator: NodeLocator | None = None
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started


Stage = Callable[[BuildContext], None]


def stage_sources(ctx: BuildContext) -> None:
    """Read the vendored text and the hand-edited ontology."""
    ctx.source = load_source(ctx.project)
    ctx.asserted = load_ontology(ctx.project)
    ctx.locator = NodeLocator(ctx.project)


def stage_check(ctx: BuildContext) -> None:
    """Provenance of every fact, and coverage of every sentence."""
    problems = check_provenance(ctx.asserted, ctx.source, ctx.locator)
    problems += check_coverage(ctx.project, ctx.asserted, ctx.source)
    if problems:
        raise BuildError("check", problems)


def stage_emit(ctx: BuildContext) -> None:
    """The base release in Turtle, N-Triples, RDF/XML and JSON-LD, and the JSON-LD context."""
    serialize.write_all(release_graph(ctx.asserted, BASE_RELEASE), ctx.out, BASE_RELEASE.stem)
    context = json.dumps(serialize.jsonld_context(), indent=2) + "\n"
    (ctx.out / "myo-context.jsonld").write_text(context, encoding="utf-8")


STAGES: list[tuple[str, Stage]] = [
    ("sources", stage_sources),
    ("check", stage_check),
    ("emit", stage_emit),
]


def write_checksums(folder: Path) -> Path:
    """SHA256SUMS for every artifact, so a consumer can verify a download."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    target = folder / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8")
    return target


def run_build(project: Project, target: Path | None = None) -> BuildContext:
    """Run every stage; on success the new release replaces `target` (default: the project's build/)."""
    target = target or project.build
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=target.parent))
    staging.chmod(0o755)
    ctx = BuildContext(project, staging)
    try:
        for name, stage in STAGES:
            with ctx.stage(name):
                stage(ctx)
        write_checksums(staging)
        _replace(target, staging)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    ctx.out = target
    return ctx


def _replace(target: Path, staging: Path) -> None:
    """Swap the staging folder in for `target` with renames, so no reader sees a half-written build."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        retired.rmdir()
        target.rename(retired)
    staging.rename(target)
    if retired is not None:
        shutil.rmtree(retired)
