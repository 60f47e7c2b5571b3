"""Validating data where it lives: the QC queries and the shapes (as SPARQL) sent to a SPARQL 1.1 endpoint.

    myo validate --endpoint URL [--graph IRI] [--timeout S] [--max-rows N]

Nothing is downloaded: each QC query and each query made from the shapes (shapes_sparql.py) is sent over
the SPARQL 1.1 protocol, and only the violations (and the labels of the nodes they name) come back. The
store must hold the release beside the data (as `myo validate DATA` merges them): `myo publish` puts it
there. With --graph, the queries read that named graph as their default graph (`default-graph-uri`).

Bounds: each request waits at most the query time limit (limits.py, --timeout); answers come in pages of
PAGE rows (LIMIT/OFFSET over the query's own ORDER BY) and a query with more rows than the row limit
(--max-rows) stops the command with exit 2; an endpoint that cannot be reached is exit 3. Only the URL
given is ever contacted: redirects are not followed.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import replace

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from .endpoint import sparql_select
from .errors import Problem, UnusableInputError
from .graph_io import to_oxigraph, to_rdflib
from .limits import QUERY_ROWS, QUERY_SECONDS
from .namespaces import SH, SHAPES
from .prefixes import curie, expand
from .shapes_sparql import ShapeQuery, breaks_pattern, shape_queries
from .validate import (
    Finding,
    QcCheck,
    Report,
    _implied_path,
    _show_value,
    assemble,
    qc_findings,
    short,
)

PAGE = 10_000
LABEL_BATCH = 200

Select = Callable[[str], Iterator[ox.QuerySolution]]


def endpoint_select(url: str, graph: str | None = None) -> Select:
    """Run a SELECT at the endpoint (bounded by the query time limit); its solutions."""
    target = url
    if graph:
        target += ("&" if "?" in url else "?") + urllib.parse.urlencode({"default-graph-uri": graph})

    def select(text: str) -> Iterator[ox.QuerySolution]:
        answer = sparql_select(target, text, accept="application/sparql-results+json",
                               timeout=QUERY_SECONDS.value(), follow_redirects=False)
        return iter(ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON))
    return select


def store_select(store: ox.Store) -> Select:
    """The same, on a local store (the tests compare it with the file engines)."""
    return lambda text: iter(store.query(text))


def paged(select: Select, text: str, where: str) -> list[ox.QuerySolution]:
    """Every row of an ordered query, a page at a time; more rows than the row limit is unusable input."""
    limit, rows, offset = int(QUERY_ROWS.value()), [], 0
    while True:
        page = list(select(f"{text.rstrip()}\nLIMIT {PAGE} OFFSET {offset}"))
        rows += page
        if len(rows) > limit:
            raise UnusableInputError("validate", [Problem(QUERY_ROWS.exceeded(
                f"{where} has more than {limit:,} violations at the endpoint"), file=where)])
        if len(page) < PAGE:
            return rows
        offset += PAGE


def labels(select: Select, nodes: set[Node]) -> dict[Node, str]:
    """The label of each node (the first in order, when it has several), asked for in batches."""
    found: dict[Node, list[str]] = {}
    named = sorted((n for n in nodes if isinstance(n, URIRef)), key=str)
    for start in range(0, len(named), LABEL_BATCH):
        values = " ".join(str(to_oxigraph(n)) for n in named[start:start + LABEL_BATCH])
        text = ("SELECT ?node ?label WHERE { VALUES ?node { " + values +
                " } ?node <http://www.w3.org/2000/01/rdf-schema#label> ?label }")
        for row in select(text):
            found.setdefault(to_rdflib(row["node"]), []).append(row["label"].value)
    return {node: sorted(texts)[0] for node, texts in found.items()}


def shape_findings(select: Select, queries: list[ShapeQuery], shapes: Graph) -> list[Finding]:
    """The violations of every shape query, as findings (labels filled in later)."""
    findings = []
    for query in queries:
        path = query.path or _implied_path(shapes, query.shape)
        source = short(query.shape) if isinstance(query.shape, URIRef) else "an anonymous shape"
        for row in paged(select, query.text, f"{source} ({query.component})"):
            focus = to_rdflib(row["focus"])
            value = to_rdflib(row["value"]) if query.has_value else None
            if query.local_pattern and not breaks_pattern(value, query.local_pattern):
                continue
            findings.append(Finding(query.severity, curie(focus), None,
                                    curie(path) if isinstance(path, URIRef) else None,
                                    _show_value(value) if value is not None and value != focus else None,
                                    query.message or f"does not conform to {source} ({query.component})", source))
    return findings


def validate_remote(select: Select, shapes: Graph, checks: list[QcCheck], target: str) -> Report:
    """The shapes' queries and the QC queries through `select`: each fault once, sorted, labelled."""
    shape_found = shape_findings(select, shape_queries(shapes), shapes)
    qc_found = []
    for check in checks:
        text = check.query.rstrip()
        rows = paged(select, text, f"qc:{check.name}") if "ORDER BY" in text.upper() else list(select(text))
        qc_found += qc_findings(check, rows)
    names = labels(select, {expand(f.focus) for f in shape_found + qc_found} - {None})

    def labelled(findings: list[Finding]) -> list[Finding]:
        return [replace(f, label=names.get(expand(f.focus))) for f in findings]
    return assemble(target, labelled(shape_found), results_graph(shape_found), labelled(qc_found), len(checks),
                    None, "sparql")


def results_graph(findings: list[Finding]) -> Graph:
    """A SHACL validation report holding the shapes' findings (the QC findings join it in `assemble`)."""
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not any(f.severity == "Violation" for f in findings))))
    for finding in findings:
        result = BNode()
        report.add((root, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.resultSeverity, SH[finding.severity]))
        report.add((result, SH.focusNode, expand(finding.focus) or Literal(finding.focus)))
        report.add((result, SH.resultMessage, Literal(finding.message)))
        if finding.path:
            report.add((result, SH.resultPath, expand(finding.path) or Literal(finding.path)))
        shape = expand_shape(finding.source)
        if shape is not None:
            report.add((result, SH.sourceShape, shape))
    return report


def expand_shape(source: str) -> URIRef | None:
    return URIRef(str(SHAPES) + source[len("myosh:"):]) if source.startswith("myosh:") else None
