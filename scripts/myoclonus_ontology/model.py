"""Questions about the asserted graph that several stages ask (no reasoning involved)."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from .namespaces import Term, is_ours


def subclasses(graph: Graph, cls: URIRef) -> set[Node]:
    """`cls` and every class below it by asserted rdfs:subClassOf."""
    return set(graph.transitive_subjects(RDFS.subClassOf, cls))


def instances_of(graph: Graph, cls: URIRef) -> set[Node]:
    """Nodes asserted to be of type `cls` or of one of its asserted subclasses."""
    return {s for c in subclasses(graph, cls) for s in graph.subjects(RDF.type, c)}


def statements(graph: Graph) -> set[Node]:
    return instances_of(graph, Term.STATEMENT)


def domain_entities(graph: Graph) -> set[Node]:
    return instances_of(graph, Term.DOMAIN_ENTITY)


def our_properties(graph: Graph) -> dict[Node, URIRef]:
    """Our namespace's declared properties, with their OWL kind."""
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {p: kind for kind in kinds for p in graph.subjects(RDF.type, kind) if is_ours(p)}


def is_curator_added(graph: Graph, node: Node) -> bool:
    return any(v.toPython() is True for v in graph.objects(node, Term.CURATOR_ADDED))
