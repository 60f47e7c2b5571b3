"""The schema.org view: the core graph re-expressed in schema.org terms by one SPARQL CONSTRUCT.

Web consumers (search engines, schema.org tooling) read schema.org, not OWL. The view is derived, never
written a second time: queries/views/schemaorg.rq over the full release, checked by
shapes/schemaorg-shapes.ttl, written as compact JSON-LD with schema.org as the vocabulary.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from .errors import BuildError, Problem, UnusableInputError
from .graph_io import parse_file, to_rdflib
from .namespaces import SCHEMA
from .project import Project
from .queries import sparql_error, store_of
from .serialize import JsonLdWriter, canonical_graph
from .sparql_text import check_query
from .textfiles import read_text
from .validate import run_shacl

VIEW_QUERY = "views/schemaorg.rq"
VIEW_SHAPES = "schemaorg-shapes.ttl"
VIEW_FILE = "myo-schemaorg.jsonld"
VIEW_PREFIXES = {
    "MYO": "https://w3id.org/myoclonus-ontology/MYO_",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
    "HP": "http://purl.obolibrary.org/obo/HP_",
    "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_",
    "mesh": "http://id.nlm.nih.gov/mesh/",
}


def build_view(project: Project, full: Graph) -> Graph:
    """Run the CONSTRUCT query over the full release."""
    path = project.queries / VIEW_QUERY
    if not path.is_file():
        raise UnusableInputError("schema.org view", [Problem("the view query is missing",
                                                             file=project.relative(path))])
    text = read_text(path, project.relative(path), "schema.org view")
    check_query(text, project.relative(path))
    try:
        triples = store_of(full).query(text.rstrip())
    except SyntaxError as err:
        raise sparql_error(err, project.relative(path)) from err
    if not isinstance(triples, ox.QueryTriples):
        raise UnusableInputError("schema.org view", [Problem("the view query must be a CONSTRUCT query",
                                                             file=project.relative(path))])
    view = Graph()
    view.bind("schema", str(SCHEMA))
    for t in triples:
        view.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return view


def check_view(project: Project, view: Graph) -> None:
    """The view must meet its own shapes."""
    shapes = parse_file(project.shapes / VIEW_SHAPES, project)
    findings, _ = run_shacl(view, shapes)
    if findings:
        raise BuildError("schema.org view", [
            Problem(f"{f.message} [found by {f.source}]", node=f.focus, check="schemaorg") for f in findings])


def view_jsonld(view: Graph) -> bytes:
    return JsonLdWriter(canonical_graph(view), VIEW_PREFIXES, vocab=str(SCHEMA)).document()
