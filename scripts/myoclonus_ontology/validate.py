"""Validation: SHACL shapes (pySHACL) and QC queries (queries/qc/*-violation.sparql, on pyoxigraph).

A report a person can act on: severity, focus node by label and IRI, path, value, message, the shape or
query that found it, and the file and line where the focus node is written. Also a machine-readable
report (the SHACL validation report in Turtle, or JSON) for CI tools.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .cache import Cache
from .errors import Problem, UnusableInputError
from .graph_io import NodeLocator, bind_prefixes, oxigraph_triples, parse_file, to_rdflib
from .namespaces import SH, SHAPES
from .prefixes import SHAPE_PREFIXES, curie, expand, shorten_iris
from .project import Project
from .shacl_engines import pyshacl_report, turbo_report
from .sparql_text import check_query
from .textfiles import read_text

QC_FOLDER = "qc"
QC_SUFFIX = "-violation.sparql"
REPORT_FOLDER = "qc/report"  # own queries for the ROBOT report profile's ERROR checks, run on every artifact
REPORT_SUFFIX = ".sparql"
SHAPES_FILE = "myo-shapes.ttl"
ENGINE_NAMES = {"pyshacl": "pySHACL", "turbo": "pyshacl-turbo", "sparql": "SPARQL"}


def validation_cache(folder: Path | None) -> Cache:
    """Conforming verdicts, keyed by the graph, shapes, queries, text, the engines and this code."""
    return Cache(folder, tools=("pyshacl", "pyshacl-turbo", "rdflib", "pyoxigraph"),
                 modules=(__name__, "myoclonus_ontology.graph_io", "myoclonus_ontology.sparql_text",
                          "myoclonus_ontology.shacl_engines"))


def short(node: object) -> str:
    """A CURIE for a node, knowing the shapes' namespace (myosh:) besides the release's prefixes."""
    return curie(node, SHAPE_PREFIXES)


@dataclass(frozen=True)
class Finding:
    """One fault found by a shape or a QC query."""

    severity: str
    focus: str
    label: str | None
    path: str | None
    value: str | None
    message: str
    source: str
    file: str | None = None
    line: int | None = None
    also: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"'{self.label}' ({self.focus})" if self.label else self.focus


@dataclass(frozen=True)
class QcCheck:
    """One QC query: its name (the file name), title, description and SPARQL text."""

    name: str
    title: str
    description: str
    query: str
    path: Path


@dataclass
class Report:
    """The outcome of validating one graph."""

    target: str
    findings: list[Finding]
    shacl_report: Graph
    checks_run: int
    engine: str = "pyshacl"

    @property
    def conforms(self) -> bool:
        return not any(f.severity == "Violation" for f in self.findings)


def load_shapes(project: Project) -> Graph:
    return parse_file(project.shapes / SHAPES_FILE, project)


def load_checks(project: Project, folder_name: str = QC_FOLDER, suffix: str = QC_SUFFIX) -> list[QcCheck]:
    """Every QC query (of `folder_name`), with its title and description from its header comments."""
    folder = project.queries / folder_name
    checks = []
    for path in sorted(folder.glob(f"*{suffix}")):
        text = read_text(path, project.relative(path), "validate")
        header = _header(text)
        checks.append(QcCheck(path.name[: -len(suffix)], header.get("title", path.stem),
                              header.get("description", ""), text, path))
    if not checks:
        raise UnusableInputError("validate", [Problem("no QC queries found", file=project.relative(folder))])
    return checks


def _header(text: str) -> dict[str, str]:
    """`# key: value` comment lines (continued by indented comment lines) at the top of a query."""
    fields: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*(\w+):\s*(.*)", line)
        if match:
            key = match.group(1)
            fields[key] = match.group(2).strip()
        elif key and line.startswith("#  "):
            fields[key] += " " + line[1:].strip()
    return fields


def run_checks(graph: Graph, checks: list[QcCheck], project: Project | None = None) -> list[Finding]:
    """Run every QC query on the graph alone (the release carries each page's text); each row is a finding.

    A malformed query is unusable input, with its line.
    """
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in oxigraph_triples(graph))
    return run_checks_on_store(store, checks, project, lambda node: _label(graph, node))


def run_checks_on_store(store: ox.Store, checks: list[QcCheck], project: Project | None = None,
                        label_of: Callable[[Node], str | None] | None = None) -> list[Finding]:
    """Run every QC query on a store; each row is a finding. A malformed query is unusable input, with its line."""
    findings = []
    for check in checks:
        check_query(check.query, project.relative(check.path) if project else str(check.path))
        try:
            rows = store.query(check.query.rstrip(), use_default_graph_as_union=True)
        except SyntaxError as err:
            shown = project.relative(check.path) if project else str(check.path)
            line, column = sparql_error_position(err)
            raise UnusableInputError("validate", [Problem(f"malformed SPARQL: {err.msg}", file=shown,
                                                          line=line, column=column)]) from err
        findings += qc_findings(check, rows, label_of)
    return findings


def qc_findings(check: QcCheck, rows: Iterable[ox.QuerySolution],
                label_of: Callable[[Node], str | None] | None = None) -> list[Finding]:
    """The findings of one QC query's answer (?node, ?message and optionally ?path and ?value per row)."""
    findings = []
    for row in rows:
        node, path, value = to_rdflib(row["node"]), _column(row, "path"), _column(row, "value")
        findings.append(Finding("Violation", curie(node), label_of(node) if label_of else None,
                                curie(path) if isinstance(path, URIRef) else None,
                                _show_value(value) if value is not None else None,
                                shorten_iris(str(row["message"].value)), f"qc:{check.name}"))
    return findings


def _column(row: ox.QuerySolution, name: str) -> Node | None:
    """An optional column of a QC query (?path, ?value): the term, or None when absent or unbound."""
    try:
        term = row[name]
    except (KeyError, IndexError, TypeError):
        return None
    return to_rdflib(term) if term is not None else None


def sparql_error_position(err: SyntaxError) -> tuple[int | None, int | None]:
    """Line and column of a pyoxigraph SPARQL syntax error (they are in its message: 'error at 14:10')."""
    if err.lineno is not None:
        return err.lineno, err.offset
    match = re.search(r"at (\d+):(\d+)", str(err.msg))
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def run_shacl(graph: Graph, shapes: Graph, engine: str = "pyshacl") -> tuple[list[Finding], Graph]:
    """The shapes over the graph, by pySHACL or pyshacl-turbo (shacl_engines.py): findings and report."""
    report = turbo_report(ntriples_of(graph), shapes) if engine == "turbo" else pyshacl_report(graph, shapes)
    return findings_from_report(report, shapes, lambda node: _label(graph, node)), report


def ntriples_of(graph: Graph) -> bytes:
    """An rdflib graph as N-Triples text (written by Oxigraph: fast, every literal as it is)."""
    out = io.BytesIO()
    ox.serialize(oxigraph_triples(graph), out, format=ox.RdfFormat.N_TRIPLES)
    return out.getvalue()


def findings_from_report(report: Graph, shapes: Graph, label_of: Callable[[Node], str | None]) -> list[Finding]:
    """The findings of a SHACL validation report (either engine's); labels from `label_of`."""
    findings = []
    roots = list(report.subjects(RDF.type, SH.ValidationReport))
    top = {r for root in roots for r in report.objects(root, SH.result)}  # not the sh:detail nested in them
    for result in sorted(top or report.subjects(RDF.type, SH.ValidationResult), key=str):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath) or _implied_path(shapes, report.value(result, SH.sourceShape))
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        shape = report.value(result, SH.sourceShape)
        findings.append(Finding(
            str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            curie(focus), label_of(focus),
            curie(path) if isinstance(path, URIRef) else None,
            _show_value(value) if value != focus else None, messages[0] if messages else "does not conform",
            short(shape) if isinstance(shape, URIRef) else "an anonymous shape"))
    bind_prefixes(report)
    report.bind("myosh", str(SHAPES))
    return findings


def _implied_path(shapes: Graph, shape: Node | None) -> Node | None:
    """The one property a node shape constrains through its anonymous sh:or/sh:and/sh:xone members, if one."""
    if shape is None:
        return None
    lists = [lst for p in (SH["or"], SH["and"], SH.xone) for lst in shapes.objects(shape, p)]
    members = [m for lst in lists for m in shapes.items(lst)]
    paths = {p for m in members if isinstance(m, BNode) for p in shapes.objects(m, SH.path)}
    return next(iter(paths)) if len(paths) == 1 else None


def deduplicate(findings: list[Finding]) -> list[Finding]:
    """One finding per fault: same focus node, same property and same value (or both missing a value).

    A shape and a QC query often find the same fault; the shape's message (written for people) is kept
    and the other finders are listed in `also`.
    """
    kept: dict[tuple, Finding] = {}
    for finding in sorted(findings, key=lambda f: (f.source.startswith("qc:"), f.source, f.message)):
        key = (finding.focus, finding.path, finding.value) if finding.path else (finding.focus, finding.message)
        if key in kept:
            first = kept[key]
            kept[key] = Finding(**{**asdict(first), "also": (*first.also, finding.source)})
        else:
            kept[key] = finding
    return list(kept.values())


def validate(graph: Graph, shapes: Graph, checks: list[QcCheck], target: str,
             locator: NodeLocator | None = None, project: Project | None = None, engine: str = "pyshacl") -> Report:
    """Shapes and QC queries over one graph; each fault once, sorted and placed at its source line."""
    shacl_findings, shacl_report = run_shacl(graph, shapes, engine)
    return assemble(target, shacl_findings, shacl_report, run_checks(graph, checks, project), len(checks),
                    locator, engine)


def assemble(target: str, shacl_findings: list[Finding], shacl_report: Graph, qc_findings: list[Finding],
             checks_run: int, locator: NodeLocator | None = None, engine: str = "pyshacl") -> Report:
    """One report: each fault once, placed at its source line, sorted; QC findings join the SHACL report."""
    findings = deduplicate(shacl_findings + qc_findings)
    if locator is not None:
        findings = [_placed(f, locator) for f in findings]
    findings.sort(key=lambda f: (f.file or "", f.line or 0, f.focus, f.source, f.message))
    _add_qc_results(shacl_report, findings)
    return Report(target, findings, shacl_report, checks_run, engine)


def _placed(finding: Finding, locator: NodeLocator) -> Finding:
    node = expand(finding.focus)
    file, line = locator.find(node) if node is not None else (None, None)
    return Finding(**{**asdict(finding), "file": file, "line": line})


def _label(graph: Graph, node: Node | None) -> str | None:
    from rdflib.namespace import RDFS

    labels = sorted(str(label) for label in graph.objects(node, RDFS.label)) if node is not None else []
    return labels[0] if labels else None


def _show_value(value: Node | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Literal):
        return value.n3()
    return curie(value) if not isinstance(value, BNode) else "a blank node"


def _add_qc_results(report: Graph, findings: list[Finding]) -> None:
    """QC findings join the SHACL report as sh:ValidationResult nodes (from SPARQL-based checks)."""
    root = next(report.subjects(RDF.type, SH.ValidationReport), None)
    qc = [f for f in findings if f.source.startswith("qc:")]
    if root is None:
        return
    if qc:
        report.set((root, SH.conforms, Literal(False)))
    for finding in qc:
        result = BNode()
        report.add((root, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.resultSeverity, SH.Violation))
        report.add((result, SH.focusNode, expand(finding.focus) or Literal(finding.focus)))
        report.add((result, SH.resultMessage, Literal(finding.message)))
        report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        report.add((result, SH.sourceShape, URIRef(f"urn:myoclonus-ontology:qc:{finding.source[3:]}")))


def as_problems(report: Report) -> list[Problem]:
    """A report's findings as build problems."""
    return [Problem(f"{f.message} [found by {f.source}]", file=f.file, line=f.line, node=f.describe())
            for f in report.findings]


# ------------------------------------------------------------------------------------------ rendering
def render_text(reports: list[Report]) -> str:
    lines = []
    for report in reports:
        verdict = "conforms" if report.conforms else f"{len(report.findings)} finding(s)"
        lines.append(f"{report.target}: {verdict} (SHACL shapes by {ENGINE_NAMES[report.engine]} and "
                     f"{report.checks_run} QC queries)")
        for f in report.findings:
            where = f"{f.file}:{f.line}: " if f.file and f.line else ""
            lines.append(f"  {f.severity.upper():<9} {where}{f.describe()}")
            if f.path or f.value:
                lines.append(f"            path {f.path or '-'}   value {f.value or '-'}")
            lines.append(f"            {f.message}")
            also = f" (also {', '.join(f.also)})" if f.also else ""
            lines.append(f"            found by {f.source}{also}")
    return "\n".join(lines) + "\n"


def render_json(reports: list[Report]) -> str:
    payload = {
        "conforms": all(r.conforms for r in reports),
        "reports": [{"target": r.target, "conforms": r.conforms, "shacl_engine": ENGINE_NAMES[r.engine],
                     "qc_queries": r.checks_run,
                     "results": [asdict(f) for f in r.findings]} for r in reports],
    }
    return json.dumps(payload, indent=2) + "\n"


def render_turtle(reports: list[Report]) -> str:
    merged = Graph()
    bind_prefixes(merged)
    merged.bind("sh", str(SH))
    merged.bind("myosh", str(SHAPES))
    for report in reports:
        merged += report.shacl_report
    return merged.serialize(format="turtle")


RENDERERS = {"text": render_text, "json": render_json, "turtle": render_turtle}
