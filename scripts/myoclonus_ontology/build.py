"""The build pipeline: sources → check → reason → emit → query → docs.

Everything is written into a staging folder beside build/, which replaces build/ only when every stage
has passed; a failed build leaves the previous build/ exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import serialize
from .coverage import check_coverage
from .docs_site import write_site
from .errors import BuildError
from .generate import check_current, generate, load_schema, merged
from .graph_io import NodeLocator
from .hpo_compare import compare, load_extract, report_csv
from .mappings import MappingSet, check_mappings, converter_for, load_mapping_set, mapping_graph
from .project import Project
from .queries import check_answers, load_questions, store_of
from .reason import Reasoning, reason
from .reference import finish_reference, start_reference
from .release import BASE_RELEASE, FULL_RELEASE, ReleaseKind, release_graph
from .release_diff import Change, previous_release, release_diff, report_markdown, report_tsv
from .schemaorg import VIEW_FILE, build_view, check_view, view_jsonld
from .shape_coverage import check_agreement
from .source import SourceText, load_source
from .validate import QcCheck, as_problems, load_checks, load_shapes, validate


@dataclass
class BuildContext:
    """What the stages share: the inputs, the graphs made so far, and where to write."""

    project: Project
    out: Path
    source: SourceText | None = None
    component: Graph | None = None
    asserted: Graph | None = None
    changes: list[Change] = field(default_factory=list)
    locator: NodeLocator | None = None
    shapes: Graph | None = None
    mapping_set: MappingSet | None = None
    checks: list[QcCheck] = field(default_factory=list)
    reasoning: Future[Reasoning] | None = None
    reference: subprocess.Popen | None = None
    full: Graph | None = None
    use_cache: bool = True
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    releases: dict[str, Graph] = field(default_factory=dict)

    def release(self, kind: ReleaseKind) -> Graph:
        """The release graph of `kind`, made once and in canonical form (validated, emitted, queried as is)."""
        if kind.stem not in self.releases:
            source = self.asserted if kind is BASE_RELEASE else self.full
            self.releases[kind.stem] = serialize.canonical_graph(release_graph(source, kind))
        return self.releases[kind.stem]

    @property
    def cache(self) -> Path | None:
        return self.project.root / ".cache" / "reasoner" if self.use_cache else None

    @property
    def prefix_cache(self) -> Path | None:
        return self.project.root / ".cache" / "prefixes" if self.use_cache else None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - started


Stage = Callable[[BuildContext], None]


def stage_sources(ctx: BuildContext) -> None:
    """Read the vendored text, the schema, the tables (generating their component), the shapes, the QC queries."""
    ctx.source = load_source(ctx.project)
    schema = load_schema(ctx.project)
    ctx.component = generate(ctx.project, schema, ctx.source)
    ctx.asserted = merged(schema, ctx.component)
    ctx.locator = NodeLocator(ctx.project)
    ctx.shapes = load_shapes(ctx.project)
    ctx.checks = load_checks(ctx.project)


def stage_mappings(ctx: BuildContext) -> None:
    """The curated SSSOM mappings, checked and expanded by Bioregistry's prefixes, join the asserted graph."""
    ctx.mapping_set = load_mapping_set(ctx.project)
    converter = converter_for(ctx.mapping_set, ctx.project, ctx.prefix_cache)
    problems = check_mappings(ctx.mapping_set, ctx.asserted, converter, ctx.project)
    if problems:
        raise BuildError("mappings", problems)
    ctx.asserted += mapping_graph(ctx.mapping_set, converter)


def stage_check(ctx: BuildContext) -> None:
    """The generated component is current, every sentence is accounted for, shapes and ontology agree, and
    the base release is the previous one plus explained changes. (Provenance is validated on the release.)"""
    problems = check_current(ctx.project, ctx.component)
    problems += check_coverage(ctx.project, ctx.asserted, ctx.source)
    problems += check_agreement(ctx.asserted, ctx.shapes)
    ctx.changes, diff_problems = release_diff(ctx.project, ctx.release(BASE_RELEASE))
    problems += diff_problems
    if problems:
        raise BuildError("check", problems)


def stage_release_diff(ctx: BuildContext) -> None:
    """The report of what changed since the previous release, and why: build/reports/release-diff.*."""
    reports = ctx.out / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "release-diff.tsv").write_text(report_tsv(ctx.changes, ctx.release(BASE_RELEASE)), encoding="utf-8")
    version = previous_release(ctx.project).parent.name
    (reports / "release-diff.md").write_text(report_markdown(ctx.changes, version), encoding="utf-8")


def _validate(ctx: BuildContext, kind: ReleaseKind) -> None:
    """Shapes and QC queries; a conforming verdict is cached by the SHA-256 of everything it depends on."""
    graph, name = ctx.release(kind), kind.stem
    marker = None
    if ctx.use_cache:
        digest = hashlib.sha256(serialize.ntriples(graph))
        digest.update((ctx.project.shapes / "myo-shapes.ttl").read_bytes())  # pySHACL may add to the graph
        for check in ctx.checks:
            digest.update(check.query.encode("utf-8"))
        marker = ctx.project.root / ".cache" / "validation" / f"{digest.hexdigest()}.conforms"
        if marker.is_file():
            ctx.notes.append(f"validation of {name}: conforms (cache)")
            return
    report = validate(graph, ctx.shapes, ctx.checks, name, ctx.locator, ctx.project)
    if not report.conforms:
        raise BuildError(f"validate {name}", as_problems(report))
    ctx.notes.append(f"validation of {name}: conforms (SHACL shapes and {len(ctx.checks)} QC queries)")
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(f"{name}\n", encoding="utf-8")


def stage_validate_base(ctx: BuildContext) -> None:
    """SHACL shapes and QC queries over the base release (while HermiT works on the other core)."""
    _validate(ctx, BASE_RELEASE)


def stage_validate_full(ctx: BuildContext) -> None:
    """SHACL shapes and QC queries over the full release: inferences must meet the shapes too."""
    _validate(ctx, FULL_RELEASE)


def stage_start_reasoner(ctx: BuildContext) -> None:
    """Start HermiT in the background: it runs in a JVM while Python writes the base release."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit")
    ctx.reasoning = executor.submit(reason, ctx.asserted, ctx.locator, ctx.cache)
    executor.shutdown(wait=False)


def stage_emit_base(ctx: BuildContext) -> None:
    """The base release in Turtle, N-Triples, RDF/XML and JSON-LD, and the JSON-LD context."""
    serialize.write_all(ctx.release(BASE_RELEASE), ctx.out, BASE_RELEASE.stem)
    context = json.dumps(serialize.jsonld_context(), indent=2) + "\n"
    (ctx.out / "myo-context.jsonld").write_text(context, encoding="utf-8")


def stage_reason(ctx: BuildContext) -> None:
    """Wait for HermiT; the full graph is the asserted one plus its conclusions."""
    result = ctx.reasoning.result()
    ctx.full = ctx.asserted + result.inferred
    origin = "cache" if result.cached else f"HermiT {result.seconds:.2f}s"
    ctx.notes.append(f"reasoner: consistent, no unsatisfiable class; "
                     f"{len(result.inferred)} inferred triples ({origin})")


def stage_emit_full(ctx: BuildContext) -> None:
    """The full (reasoned) release in the same four formats; pyLODE starts documenting it at once."""
    serialize.write_all(ctx.release(FULL_RELEASE), ctx.out, FULL_RELEASE.stem)
    if _cached_reference(ctx) is None:
        ctx.reference = start_reference(ctx.out / f"{FULL_RELEASE.stem}.ttl")


def _reference_cache(ctx: BuildContext) -> Path | None:
    """Where pyLODE's page for this exact release Turtle is kept (it depends on nothing else)."""
    if not ctx.use_cache:
        return None
    digest = hashlib.sha256((ctx.out / f"{FULL_RELEASE.stem}.ttl").read_bytes()).hexdigest()
    return ctx.project.root / ".cache" / "reference" / f"{digest}.html"


def _cached_reference(ctx: BuildContext) -> str | None:
    path = _reference_cache(ctx)
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else None


def stage_query(ctx: BuildContext) -> None:
    """Every competency question on the full release (embedded Oxigraph); answers into build/queries/."""
    out = ctx.out / "queries"
    out.mkdir()
    questions = load_questions(ctx.project)
    problems = check_answers(ctx.project, store_of(ctx.release(FULL_RELEASE)), questions, out)
    if problems:
        raise BuildError("query: answers differ from the expected ones", problems)
    ctx.notes.append(f"competency questions: {len(questions)} answered as expected")


def stage_views(ctx: BuildContext) -> None:
    """The schema.org view (by CONSTRUCT, checked by its shapes) and the comparison with HPO's annotations."""
    view = build_view(ctx.project, ctx.release(FULL_RELEASE))
    check_view(ctx.project, view)
    (ctx.out / VIEW_FILE).write_bytes(view_jsonld(view))
    reports = ctx.out / "reports"
    reports.mkdir(exist_ok=True)
    rows = compare(ctx.full, ctx.mapping_set, load_extract(ctx.project))
    (reports / "hpo-comparison.csv").write_text(report_csv(rows), encoding="utf-8")
    (ctx.out / "mappings").mkdir()
    shutil.copyfile(ctx.mapping_set.path, ctx.out / "mappings" / ctx.mapping_set.path.name)


ARTIFACTS = [
    ("myo-full.ttl", "full release (asserted + inferred), Turtle"),
    ("myo-full.jsonld", "full release, JSON-LD (context inline)"),
    ("myo-full.owl", "full release, RDF/XML (Protégé, OWL API)"),
    ("myo-full.nt", "full release, N-Triples"),
    ("myo-base.ttl", "base release (asserted axioms only), Turtle"),
    ("myo-base.jsonld", "base release, JSON-LD"),
    ("myo-base.owl", "base release, RDF/XML"),
    ("myo-base.nt", "base release, N-Triples"),
    ("myo-context.jsonld", "the JSON-LD @context, on its own"),
    ("myo-schemaorg.jsonld", "the schema.org view, JSON-LD"),
    ("mappings/myo.sssom.tsv", "mappings to MONDO, HPO, ChEBI and MeSH (SSSOM)"),
    ("reports/hpo-comparison.csv", "the source's symptoms against HPO's annotations"),
    ("reports/release-diff.md", "what changed since the previous release, and why (every triple: release-diff.tsv)"),
    ("queries/cq01-symptoms-of-a-disorder.csv", "answers to the competency questions (CSV and SPARQL JSON)"),
    ("SHA256SUMS", "checksums of every file"),
]


def stage_docs(ctx: BuildContext) -> None:
    """The documentation site: reference (pyLODE), diagrams (Graphviz), pages per disorder and question."""
    hpo_csv = (ctx.out / "reports" / "hpo-comparison.csv").read_text(encoding="utf-8")
    release_ttl = ctx.out / f"{FULL_RELEASE.stem}.ttl"
    reference = finish_reference(ctx.reference, release_ttl) if ctx.reference else _cached_reference(ctx)
    cache = _reference_cache(ctx)
    if ctx.reference and cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(reference, encoding="utf-8")
    write_site(ctx.out / "docs", ctx.release(FULL_RELEASE), release_ttl, ctx.source, load_questions(ctx.project),
               ctx.out / "queries", ctx.mapping_set, hpo_csv, ARTIFACTS, reference)


STAGES: list[tuple[str, Stage]] = [
    ("sources", stage_sources),
    ("mappings", stage_mappings),
    ("check", stage_check),
    ("release-diff", stage_release_diff),
    ("start-reasoner", stage_start_reasoner),
    ("validate-base", stage_validate_base),
    ("emit-base", stage_emit_base),
    ("reason", stage_reason),
    ("emit-full", stage_emit_full),
    ("validate-full", stage_validate_full),
    ("query", stage_query),
    ("views", stage_views),
    ("docs", stage_docs),
]


UNRELEASED = ("screenshots/", ".")  # what tests leave in build/, and staging folders


def write_checksums(folder: Path) -> Path:
    """SHA256SUMS for every artifact, so a consumer can verify a download."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS"
                       and not p.relative_to(folder).as_posix().startswith(UNRELEASED)):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    target = folder / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8")
    return target


def run_build(project: Project, target: Path | None = None, use_cache: bool = True) -> BuildContext:
    """Run every stage; on success the new release replaces `target` (default: the project's build/)."""
    target = target or project.build
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=target.parent))
    staging.chmod(0o755)
    ctx = BuildContext(project, staging, use_cache=use_cache)
    try:
        for name, stage in STAGES:
            with ctx.stage(name):
                stage(ctx)
        write_checksums(staging)
        _replace(target, staging)
    finally:
        if ctx.reference is not None and ctx.reference.poll() is None:
            ctx.reference.kill()
            ctx.reference.wait()
        if staging.exists():
            shutil.rmtree(staging)
    ctx.out = target
    return ctx


def rebuild_docs(project: Project) -> Path:
    """Regenerate build/docs alone from the release already in build/ (staged, then swapped in)."""
    from .graph_io import parse_file

    build = project.build
    ctx = BuildContext(project, build)
    stage_sources(ctx)
    ctx.mapping_set = load_mapping_set(project)
    ctx.full = parse_file(build / f"{FULL_RELEASE.stem}.nt", project)
    staging = Path(tempfile.mkdtemp(prefix=".docs-staging-", dir=build))
    try:
        hpo_csv = (build / "reports" / "hpo-comparison.csv").read_text(encoding="utf-8")
        write_site(staging / "docs", ctx.full, build / f"{FULL_RELEASE.stem}.ttl", ctx.source,
                   load_questions(project), build / "queries", ctx.mapping_set, hpo_csv, ARTIFACTS)
        (staging / "docs").chmod(0o755)
        _replace(build / "docs", staging / "docs")
        write_checksums(build)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return build / "docs"


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
