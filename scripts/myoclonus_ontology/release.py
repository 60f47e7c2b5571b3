"""Release graphs: the edited sources with a header that says which artifact this is.

As ODK does, the *base* release holds the asserted axioms only and the *full* release adds what the
reasoner infers. Each has its own ontology IRI and version IRI, and says in rdfs:comment what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .errors import BuildError, Problem
from .namespaces import BASE


@dataclass(frozen=True)
class ReleaseKind:
    stem: str
    comment: str


BASE_RELEASE = ReleaseKind(
    "myo-base",
    "Base release: the asserted axioms of the hand-edited sources (ontology/*.ttl) and nothing inferred.",
)
FULL_RELEASE = ReleaseKind(
    "myo-full",
    "Full release: the asserted axioms plus what the HermiT reasoner infers from them (class hierarchy, "
    "inferred types and inferred property values). Inferred axioms carry no provenance of their own: each "
    "follows from asserted statements that do.",
)


def ontology_node(graph: Graph) -> URIRef:
    nodes = [n for n in graph.subjects(RDF.type, OWL.Ontology) if isinstance(n, URIRef)]
    if len(nodes) != 1:
        raise BuildError("release", [Problem(f"expected exactly one owl:Ontology, found {len(nodes)}")])
    return nodes[0]


def version_of(graph: Graph) -> str:
    info = graph.value(ontology_node(graph), OWL.versionInfo)
    if info is None:
        raise BuildError("release", [Problem("the ontology header has no owl:versionInfo")])
    return str(info)


def release_graph(graph: Graph, kind: ReleaseKind) -> Graph:
    """A copy of `graph` whose header names the release artifact `kind`."""
    released = Graph()
    for prefix, ns in graph.namespaces():
        released.bind(prefix, ns)
    old = ontology_node(graph)
    version = version_of(graph)
    new = URIRef(f"{BASE}{kind.stem}.owl")
    for s, p, o in graph:
        if s == old and p in (OWL.versionIRI, RDFS.comment):
            continue
        released.add((new if s == old else s, p, new if o == old else o))
    released.add((new, OWL.versionIRI, URIRef(f"{BASE}releases/{version}/{kind.stem}.owl")))
    released.add((new, RDFS.comment, Literal(kind.comment, lang="en")))
    return released
