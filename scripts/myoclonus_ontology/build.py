"""The build pipeline: sources → check → reason → emit → query → docs.

Everything is written into a staging folder beside build/, which replaces build/ in one atomic exchange
only when every stage has passed (see swap.py); a failed or interrupted build leaves the previous build/
exactly as it was. One build (or `myo docs`) at a time writes a release folder: the others wait.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import json
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import curies
from rdflib import Graph

from . import forked, interrupts, serialize, swap
from .cache import Cache
from .checkout import check_inputs_present
from .checksums import UNRELEASED, write_checksums
from .class_view import STEM as CLASS_VIEW
from .class_view import build_class_view
from .class_view_owl import view_graph
from .coverage import check_coverage
from .disorder_json import write_documents
from .errors import BuildError, Problem
from .gc_policy import fewer_collections
from .generate import check_current, generate, load_schema, merged, write_component
from .graph_io import NodeLocator
from .guards import check_release_target
from .hpo_compare import compare, load_extract, report_csv
from .mappings import MappingSet, check_mappings, converter_for, load_mapping_set, mapping_graph
from .obo_format import obo_document
from .obo_graphs_json import obographs_json
from .prefixes import write_prefix_map
from .project import Project
from .queries import check_answers, load_questions, store_of
from .readable import CONTEXT_FILE, READABLE_SUFFIX, context_document, readable_jsonld, readable_vocabulary
from .reason import Reasoning, reason
from .reference import documented, finish_reference, make_reference, reference_cache, start_reference
from .release import BASE_RELEASE, FULL_RELEASE, ReleaseKind, release_graph
from .release_diff import Change, previous_release, release_diff, report_markdown, report_tsv
from .schemaorg import VIEW_FILE, build_view, check_view, view_jsonld
from .shape_coverage import check_agreement
from .source import SourceText, load_source
from .validate import (
    ENGINE_NAMES,
    REPORT_FOLDER,
    REPORT_SUFFIX,
    SHAPES_FILE,
    QcCheck,
    as_problems,
    load_checks,
    load_shapes,
    run_checks,
    validate,
    validation_cache,
)

# The build validates with pyshacl-turbo: pySHACL's findings, finding for finding, on every mutant of the
# release (tests/test_shacl_engines.py), in a tenth of the time; `myo validate --engine pyshacl` is the reference.
BUILD_ENGINE = "turbo"
REFERENCE_INPUT = ".reference-input.ttl"  # pyLODE's input, in the staging folder while it runs

__all__ = ["ARTIFACTS", "FORKED_STAGES", "STAGES", "UNRELEASED", "rebuild_docs", "run_build", "write_checksums"]


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
    converter: curies.Converter | None = None
    checks: list[QcCheck] = field(default_factory=list)
    reasoning: Future[Reasoning] | None = None
    reference: subprocess.Popen | None = None
    documented: bytes = b""  # what pyLODE documents of the full release (reference.documented)
    full: Graph | None = None
    use_cache: bool = True
    regenerate: bool = False  # write the tables' component first (`myo build --generate`, as `myo generate`)
    timings: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0  # the stages' wall time (less than the sum of timings: some run side by side)
    notes: list[str] = field(default_factory=list)
    releases: dict[str, Graph] = field(default_factory=dict)
    children: list[forked.Child] = field(default_factory=list)  # the forked stages running (forked.py)

    def release(self, kind: ReleaseKind) -> Graph:
        """The release graph of `kind`, made once and in canonical form (validated, emitted, queried as is)."""
        if kind.stem not in self.releases:
            source = self.asserted if kind is BASE_RELEASE else self.full
            self.releases[kind.stem] = serialize.canonical_graph(release_graph(source, kind))
        return self.releases[kind.stem]

    def cache_folder(self, kind: str) -> Path | None:
        """Where results of one kind are cached (None with --no-cache)."""
        return self.project.root / ".cache" / kind if self.use_cache else None

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
    check_inputs_present(ctx.project)
    ctx.source = load_source(ctx.project)
    schema = load_schema(ctx.project)
    ctx.component = generate(ctx.project, schema, ctx.source)
    ctx.asserted = merged(schema, ctx.component)
    ctx.locator = NodeLocator(ctx.project)
    ctx.shapes = load_shapes(ctx.project)
    ctx.checks = load_checks(ctx.project)


def stage_mappings(ctx: BuildContext) -> None:
    """The curated SSSOM mappings, checked and expanded by Bioregistry's prefixes, join the asserted graph."""
    ctx.mapping_set = load_mapping_set(ctx.project, ctx.cache_folder("mappings"))
    converter = converter_for(ctx.mapping_set, ctx.project, ctx.cache_folder("prefixes"))
    problems = check_mappings(ctx.mapping_set, ctx.asserted, converter, ctx.project)
    if problems:
        raise BuildError("mappings", problems)
    ctx.asserted += mapping_graph(ctx.mapping_set, converter)
    ctx.converter = converter


def stage_generated(ctx: BuildContext) -> None:
    """With `myo build --generate`: the tables' component written to ontology/generated/ (as `myo generate`)."""
    if ctx.regenerate:
        write_component(ctx.project, ctx.component)


def stage_check(ctx: BuildContext) -> None:
    """The generated component is current, every sentence is accounted for, shapes and ontology agree, and
    the base release is the previous one plus explained changes. (Provenance is validated on the release.)"""
    problems = [] if ctx.regenerate else check_current(ctx.project, ctx.component)
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
    """Shapes and QC queries; a conforming verdict is cached by everything it depends on."""
    graph, name = ctx.release(kind), kind.stem
    cache = validation_cache(ctx.cache_folder("validation"))
    key = cache.key(serialize.ntriples(graph), (ctx.project.shapes / SHAPES_FILE).read_bytes(),
                    *(check.query for check in ctx.checks), BUILD_ENGINE)
    if cache.get(key) == b"conforms":
        ctx.notes.append(f"validation of {name}: conforms (cache)")
        return
    report = validate(graph, ctx.shapes, ctx.checks, name, ctx.locator, ctx.project, BUILD_ENGINE)
    if not report.conforms:
        raise BuildError(f"validate {name}", as_problems(report))
    ctx.notes.append(f"validation of {name}: conforms (SHACL shapes by {ENGINE_NAMES[BUILD_ENGINE]} and "
                     f"{len(ctx.checks)} QC queries)")
    cache.put(key, b"conforms")


def stage_validate_base(ctx: BuildContext) -> None:
    """SHACL shapes and QC queries over the base release (while HermiT works on the other core)."""
    _validate(ctx, BASE_RELEASE)


def stage_validate_full(ctx: BuildContext) -> None:
    """SHACL shapes and QC queries over the full release: inferences must meet the shapes too."""
    _validate(ctx, FULL_RELEASE)


def stage_start_reasoner(ctx: BuildContext) -> None:
    """Start HermiT in the background: it runs in a JVM while Python writes the base release."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hermit")
    ctx.reasoning = executor.submit(reason, ctx.asserted, ctx.locator, ctx.cache_folder("reasoner"))
    executor.shutdown(wait=False)


def stage_emit_base(ctx: BuildContext) -> None:
    """The base release in Turtle, N-Triples, RDF/XML and JSON-LD, and the JSON-LD context."""
    serialize.write_all(ctx.release(BASE_RELEASE), ctx.out, BASE_RELEASE.stem)
    context = json.dumps(serialize.jsonld_context(), indent=2) + "\n"
    (ctx.out / "myo-context.jsonld").write_text(context, encoding="utf-8")


# What the stages forked after HermiT import when they first run (pyld: the readable JSON's child, 0.12 s). A
# child's imports end with it: the build imports them in its own process before it forks those children,
# while it waits for HermiT (a processor to spare) or else just before; a watch's later rebuilds find them.
IMPORTED_BEFORE_FORKING = ("pyld.jsonld",)


def stage_reason(ctx: BuildContext) -> None:
    """Wait for HermiT (stopping at once if a forked stage fails meanwhile; importing what the stages forked
    after it need); the full graph is the asserted one plus its conclusions."""
    pending = list(IMPORTED_BEFORE_FORKING)
    while True:
        try:
            result = ctx.reasoning.result(timeout=0.05)
            break
        except TimeoutError:
            forked.failed(ctx.children, ctx)
            if pending:
                importlib.import_module(pending.pop(0))
    for module in pending:
        importlib.import_module(module)
    for thread in threading.enumerate():  # the reasoner's thread ends before anything forks (forked.py)
        if thread.name.startswith("hermit"):
            thread.join()
    ctx.full = ctx.asserted + result.inferred
    origin = "cache" if result.cached else f"HermiT {result.seconds:.2f}s{', in the warm JVM' if result.warm else ''}"
    ctx.notes.append(f"reasoner: consistent, no unsatisfiable class; "
                     f"{len(result.inferred)} inferred triples ({origin})")


def stage_emit_full(ctx: BuildContext) -> None:
    """The full (reasoned) release in the same formats as the base."""
    serialize.write_all(ctx.release(FULL_RELEASE), ctx.out, FULL_RELEASE.stem)


def stage_reference(ctx: BuildContext) -> None:
    """pyLODE starts documenting the full release at once (a child process, waited for by docs), unless its
    page for what it documents (reference.documented: the schema, not the claims) is cached."""
    ctx.documented = documented(ctx.release(FULL_RELEASE))
    if _cached_reference(ctx) is None:
        ctx.out.joinpath(REFERENCE_INPUT).write_bytes(ctx.documented)
        ctx.reference = start_reference(ctx.out / REFERENCE_INPUT)


def stage_classes(ctx: BuildContext) -> None:
    """The class view (OBO tools): OWL (RDF/XML, OFN, Turtle), OBO 1.4, OBO Graphs JSON; the prefix map."""
    base = ctx.release(BASE_RELEASE)
    view = build_class_view(base, ctx.mapping_set, ctx.converter)
    ctx.releases[CLASS_VIEW] = serialize.canonical_graph(view_graph(view, base))
    serialize.write_all(ctx.releases[CLASS_VIEW], ctx.out, CLASS_VIEW, ("ttl", "owl", "ofn"))
    (ctx.out / f"{CLASS_VIEW}.obo").write_bytes(obo_document(view))
    (ctx.out / f"{CLASS_VIEW}.json").write_bytes(obographs_json(view))
    write_prefix_map(ctx.converter, ctx.out)
    ctx.notes.append(f"class view: {len(view.classes)} classes, {len(view.axioms)} class axioms, "
                     f"{len(view.mappings)} mappings")


def stage_report(ctx: BuildContext) -> None:
    """Own queries for the ROBOT report profile's ERROR checks, over the base, full and class-view artifacts."""
    checks = load_checks(ctx.project, REPORT_FOLDER, REPORT_SUFFIX)
    problems = []
    for name in (BASE_RELEASE.stem, FULL_RELEASE.stem, CLASS_VIEW):
        graph = ctx.releases[name]
        problems += [Problem(f.message, node=f.describe(), check=f"{f.source} in {name}")
                     for f in run_checks(graph, checks, ctx.project)]
    if problems:
        raise BuildError("report (ROBOT report profile, ERROR checks)", problems)
    ctx.notes.append(f"ROBOT report profile: no ERROR in {len(checks)} checks over base, full and class view")


def _reference_key(ctx: BuildContext) -> tuple[Cache, str]:
    """Where pyLODE's page for what it documents of the release is kept (it depends on nothing else)."""
    cache = reference_cache(ctx.cache_folder("reference"))
    return cache, cache.key(ctx.documented)


def _cached_reference(ctx: BuildContext) -> str | None:
    cache, key = _reference_key(ctx)
    page = cache.get(key)
    return page.decode("utf-8") if page is not None else None


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
    view = serialize.canonical_graph(build_view(ctx.project, ctx.release(FULL_RELEASE)))  # checked, keyed, written
    cached = check_view(ctx.project, view, ctx.cache_folder("validation"))
    ctx.notes.append(f"schema.org view: {len(view)} triples meet its shapes and schema.org "
                     f"({'cache: the view is unchanged' if cached else 'checked'})")
    (ctx.out / VIEW_FILE).write_bytes(view_jsonld(view))
    reports = ctx.out / "reports"
    reports.mkdir(exist_ok=True)
    rows = compare(ctx.full, ctx.mapping_set, load_extract(ctx.project))
    (reports / "hpo-comparison.csv").write_text(report_csv(rows), encoding="utf-8")
    (ctx.out / "mappings").mkdir()
    shutil.copyfile(ctx.mapping_set.path, ctx.out / "mappings" / ctx.mapping_set.path.name)


def stage_json(ctx: BuildContext) -> None:
    """JSON for web developers: the readable context, the release with readable keys, a document per disorder."""
    full = ctx.release(FULL_RELEASE)
    vocabulary = readable_vocabulary(full, ctx.shapes)
    (ctx.out / CONTEXT_FILE).write_bytes(context_document(vocabulary))
    cache = ctx.cache_folder("json")
    (ctx.out / f"{FULL_RELEASE.stem}{READABLE_SUFFIX}").write_bytes(readable_jsonld(full, vocabulary, cache))
    documents = write_documents(ctx.out, full, vocabulary, cache)
    ctx.notes.append(f"readable JSON: {len(vocabulary.terms)} keys; {len(documents.used)} disorder documents, "
                     f"each checked against the release ({documents.made} made now, {documents.reused} unchanged)")


def stage_exchange(ctx: BuildContext) -> None:
    """The claims in the field's exchange formats (KGX, HPOA, nanopublications, RDF 1.2, Web Annotation)."""
    from .exchange.stage import build_exchange, write_files

    cache = ctx.project.root / ".cache" / "nanopubs" if ctx.use_cache else None
    written = build_exchange(ctx.project, ctx.release(BASE_RELEASE), ctx.source, ctx.mapping_set,
                             load_extract(ctx.project), cache)
    write_files(ctx.out, written.files)
    ctx.notes.append(f"exchange: {len(written.files)} files; {written.answered} SPARQL 1.2 questions answered "
                     "as over the records")


ARTIFACTS = [
    ("myo-full.ttl", "full release (asserted + inferred), Turtle"),
    ("myo-full.jsonld", "full release, JSON-LD (context inline)"),
    ("myo-full.owl", "full release, RDF/XML (Protégé, OWL API, pronto)"),
    ("myo-full.ofn", "full release, OWL Functional Syntax (py-horned-owl, OWL API)"),
    ("myo-full.nt", "full release, N-Triples"),
    ("myo-base.ttl", "base release (asserted axioms only), Turtle"),
    ("myo-base.jsonld", "base release, JSON-LD"),
    ("myo-base.owl", "base release, RDF/XML"),
    ("myo-base.ofn", "base release, OWL Functional Syntax"),
    ("myo-classes.owl", "class view: the entities as OWL classes (OBO tools), RDF/XML"),
    ("myo-classes.ofn", "class view, OWL Functional Syntax"),
    ("myo-classes.ttl", "class view, Turtle"),
    ("myo-classes.obo", "class view, OBO 1.4"),
    ("myo-classes.json", "class view, OBO Graphs JSON"),
    ("myo-prefixes.json", "prefix map (curies extended prefix map) for MYO and the prefixes used"),
    ("myo-base.nt", "base release, N-Triples"),
    ("myo-context.jsonld", "the JSON-LD @context, on its own"),
    ("myo-schemaorg.jsonld", "the schema.org view, JSON-LD"),
    (CONTEXT_FILE, "the readable JSON-LD @context: a camelCase key for every class and property"),
    (f"{FULL_RELEASE.stem}{READABLE_SUFFIX}", "full release, JSON-LD with the readable context"),
    ("json/opsoclonus-myoclonus.json", "one JSON document per disorder, with every claim that names it"),
    ("json/disorder.schema.json", "the JSON Schema (draft 2020-12) of the disorder documents"),
    ("mappings/myo.sssom.tsv", "mappings to MONDO, HPO, ChEBI and MeSH (SSSOM)"),
    ("reports/hpo-comparison.csv", "the source's symptoms against HPO's annotations"),
    ("reports/release-diff.md", "what changed since the previous release, and why (every triple: release-diff.tsv)"),
    ("queries/cq01-symptoms-of-a-disorder.csv", "answers to the competency questions (CSV and SPARQL JSON)"),
    ("exchange/kgx/myo_edges.jsonl", "KGX JSON Lines edges (and myo_nodes.jsonl): Biolink Model associations"),
    ("exchange/hpoa/myo-phenotype.hpoa", "HPO annotation rows (phenotype.hpoa format) for the symptom claims"),
    ("exchange/nanopubs/MYO_0002001.trig", "one nanopublication per claim (TriG, Trusty URI)"),
    ("exchange/myo-rdf12.ttl", "RDF 1.2 view: each direct claim reified by its record (Turtle 1.2)"),
    ("exchange/web-annotations.jsonld", "W3C Web Annotations of the quoted spans (JSON-LD)"),
    ("exchange/loss-report.md", "what each exchange format carries and loses, per field and kind"),
    ("SHA256SUMS", "checksums of every file"),
]


def stage_docs(ctx: BuildContext) -> None:
    """The documentation site: reference (pyLODE), diagrams (Graphviz), pages per disorder and question."""
    from .docs_site import write_site  # here, as the templates' engine (Jinja2) is needed by this stage alone
    from .web_pages import load_web_inputs

    hpo_csv = (ctx.out / "reports" / "hpo-comparison.csv").read_text(encoding="utf-8")
    release_ttl = ctx.out / f"{FULL_RELEASE.stem}.ttl"
    reference = finish_reference(ctx.reference, release_ttl) if ctx.reference else _cached_reference(ctx)
    if ctx.reference:
        cache, key = _reference_key(ctx)
        cache.put(key, reference.encode("utf-8"))
        ctx.out.joinpath(REFERENCE_INPUT).unlink()
    write_site(ctx.out / "docs", ctx.release(FULL_RELEASE), release_ttl, ctx.source, load_questions(ctx.project),
               ctx.out / "queries", ctx.mapping_set, hpo_csv, ARTIFACTS, reference,
               web=load_web_inputs(ctx.project, ctx.out), diagram_cache=ctx.cache_folder("diagrams"))


STAGES: list[tuple[str, Stage]] = [
    ("sources", stage_sources),
    ("mappings", stage_mappings),
    ("check", stage_check),
    ("release-diff", stage_release_diff),
    ("generated", stage_generated),
    ("start-reasoner", stage_start_reasoner),
    ("classes", stage_classes),  # reads the base release alone: made while HermiT runs
    ("validate-base", stage_validate_base),
    ("emit-base", stage_emit_base),
    ("reason", stage_reason),
    ("emit-full", stage_emit_full),
    ("reference", stage_reference),
    ("report", stage_report),
    ("validate-full", stage_validate_full),
    ("query", stage_query),
    ("views", stage_views),
    ("json", stage_json),
    ("exchange", stage_exchange),
    ("docs", stage_docs),
]


# Stages run in forked children (forked.py) beside the others, in groups, each group in its own child:
# after the mappings (before the reasoner's thread starts: a fork never happens while it runs, as a lock it
# held would stay held in the child), the checks of the sources and the release diff, the generated
# component (written whatever HermiT finds), the base release's validation, its files and the exchange
# formats (all read the base release alone); after the reasoner (its thread ended), the full release's files
# with the views, and the readable JSON. Before each of its own stages (and while it waits for HermiT) the
# build looks for a child that has failed and stops at once if one has; it waits for all of them before
# JOIN_BEFORE, the first stage that reads their files (docs reads the full release's Turtle and the HPO
# comparison).
FORKS: dict[str, tuple[tuple[str, ...], ...]] = {
    "mappings": (("check", "release-diff", "generated", "validate-base", "emit-base", "exchange"),),
    "reason": (("emit-full", "views"), ("json",)),
}
FORKED_STAGES = tuple(name for groups in FORKS.values() for group in groups for name in group)
JOIN_BEFORE = "docs"


def run_build(project: Project, target: Path | None = None, use_cache: bool = True,
              regenerate: bool = False) -> BuildContext:
    """Run every stage; on success the new release replaces `target` (default: the project's build/).
    With `regenerate`, the tables' component is written once the checks pass (as `myo generate`), not
    checked for being current."""
    target = check_release_target(project, target or project.build)
    with swap.locked(target, "build") as recovered, fewer_collections():
        staging = swap.new_staging(target)
        ctx = BuildContext(project, staging, use_cache=use_cache, regenerate=regenerate, notes=list(recovered))
        children = ctx.children
        try:
            started = time.perf_counter()
            for name, stage in STAGES:
                if name in FORKED_STAGES:
                    continue
                if name == JOIN_BEFORE:
                    with ctx.stage("join"):
                        while children:
                            forked.join(children[0], ctx)
                            children.pop(0)  # reaped: the clean-up below has nothing left to stop
                interrupts.pause_point(name)
                try:
                    forked.failed(children, ctx)  # a child's fault stops the build now, not at the join
                    with ctx.stage(name):
                        stage(ctx)
                except Exception:
                    _join_earlier(ctx, children, name)  # a fault of an earlier stage is reported first
                    _settle_reasoner(ctx)
                    raise
                for group in FORKS.get(name, ()):
                    _fork(ctx, group, children)
            ctx.wall = time.perf_counter() - started
            write_checksums(staging)
            interrupts.pause_point("swap")
            swap.install(staging, target)
        finally:
            forked.stop(children)  # the build failed while children ran: stopped, then reaped
            if ctx.reference is not None and ctx.reference.poll() is None:
                ctx.reference.kill()
                ctx.reference.wait()
            if staging.exists():
                shutil.rmtree(staging)
    ctx.out = target
    return ctx


def _settle_reasoner(ctx: BuildContext) -> None:
    """A build that failed while HermiT ran returns once HermiT's thread has ended (its outcome unused): a
    watch's next build must not start HermiT while it runs (the JVM launcher and owlready2's swapped module
    are set and restored per run), nor fork while it does. An interruption does not wait: the command ends,
    and its clean-up stops the JVM."""
    if ctx.reasoning is not None and not interrupts.requested():
        concurrent.futures.wait([ctx.reasoning])


def _join_earlier(ctx: BuildContext, children: list[forked.Child], failed: str) -> None:
    """Wait for the children running stages that come before `failed` in STAGES: if one of them failed, its
    error is raised (the one a build in order would have stopped at); the others are stopped by the caller."""
    order = [name for name, _ in STAGES]
    for child in [c for c in children if order.index(c.names[0]) < order.index(failed)]:
        forked.join(child, ctx)
        children.remove(child)


def _fork(ctx: BuildContext, names: tuple[str, ...], children: list[forked.Child]) -> None:
    """Start `names` in a forked child, with the release graphs made first (once, shared with the child)."""
    ctx.release(BASE_RELEASE)
    if ctx.full is not None:
        ctx.release(FULL_RELEASE)
    forked.start(ctx, [(name, stage) for name, stage in STAGES if name in names], children)


def rebuild_docs(project: Project) -> Path:
    """Regenerate build/docs alone from the release already in build/: a staged copy, then one exchange."""
    from .docs_site import write_site
    from .graph_io import parse_file
    from .web_pages import load_web_inputs

    target = check_release_target(project, project.build)
    with swap.locked(target, "docs"):
        ctx = BuildContext(project, target)
        stage_sources(ctx)
        ctx.mapping_set = load_mapping_set(project, ctx.cache_folder("mappings"))
        ctx.full = parse_file(target / f"{FULL_RELEASE.stem}.nt", project)
        hpo_csv = (target / "reports" / "hpo-comparison.csv").read_text(encoding="utf-8")
        ctx.documented = documented(ctx.full)
        reference = _cached_reference(ctx)
        if reference is None:
            with tempfile.TemporaryDirectory() as tmp:
                Path(tmp, REFERENCE_INPUT).write_bytes(ctx.documented)
                reference = make_reference(Path(tmp, REFERENCE_INPUT))
            cache, key = _reference_key(ctx)
            cache.put(key, reference.encode("utf-8"))
        staging = swap.new_staging(target)
        try:
            shutil.copytree(target, staging, dirs_exist_ok=True, ignore=lambda folder, names: (
                ["docs"] if Path(folder) == target else []))
            write_site(staging / "docs", ctx.full, target / f"{FULL_RELEASE.stem}.ttl", ctx.source,
                       load_questions(project), target / "queries", ctx.mapping_set, hpo_csv, ARTIFACTS, reference,
                       web=load_web_inputs(project, target), diagram_cache=ctx.cache_folder("diagrams"))
            write_checksums(staging)
            interrupts.pause_point("swap")
            swap.install(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return target / "docs"
