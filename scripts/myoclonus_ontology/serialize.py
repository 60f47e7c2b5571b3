"""Deterministic writers: the same graph always gives the same bytes, in every format.

Blank nodes are first relabelled by RDFC-1.0 canonicalisation (pyoxigraph), then triples are sorted, so
neither hash seeds nor parse order leak into the output.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .graph_io import bind_prefixes, oxigraph_triples, to_rdflib
from .namespaces import PREFIXES

JSONLD_NATIVE = {str(XSD.boolean)}


def canonical_graph(graph: Graph) -> Graph:
    """A copy of `graph` with canonical blank-node labels, its triples added in sorted order."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in oxigraph_triples(graph))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    triples = sorted((q.triple for q in dataset), key=str)
    result = Graph()
    bind_prefixes(result)
    for t in triples:
        result.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return result


def ntriples(graph: Graph) -> bytes:
    """Canonical N-Triples, one triple a line, lines sorted."""
    lines = sorted(f"{t} .\n" for t in oxigraph_triples(graph))
    return "".join(lines).encode("utf-8")


def turtle(graph: Graph) -> bytes:
    """Turtle from rdflib's pretty writer, over a canonical graph."""
    return graph.serialize(format="turtle", encoding="utf-8")


def rdfxml(graph: Graph) -> bytes:
    """RDF/XML (what Protégé and the OWL API load): pyoxigraph's writer over sorted triples.

    rdflib's pretty-xml writer is not used: it drops assertions on list nodes and its order varies.
    """
    triples = sorted(oxigraph_triples(graph), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(PREFIXES))


GEN_DELIMS = tuple(":/?#[]@")


def jsonld_context() -> dict:
    """The JSON-LD @context: our prefixes, nothing that needs fetching.

    JSON-LD 1.1 uses a term as a prefix only if its IRI ends with a gen-delim (/, #, ...) or the term
    says "@prefix": true; OBO-style namespaces (MYO_, IAO_) need the latter.
    """
    return {"@context": {
        prefix: ns if ns.endswith(GEN_DELIMS) else {"@id": ns, "@prefix": True}
        for prefix, ns in PREFIXES.items()
    }}


def _compact_iri(node: Node) -> str:
    text = str(node)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _node_id(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else _compact_iri(node)


def _value(graph: Graph, node: Node, embedded: dict[Node, bool]) -> object:
    if isinstance(node, Literal):
        if node.language:
            return {"@value": str(node), "@language": node.language}
        if node.datatype is None:
            return str(node)
        if str(node.datatype) in JSONLD_NATIVE:
            return node.toPython()
        return {"@value": str(node), "@type": _compact_iri(node.datatype)}
    if isinstance(node, BNode) and embedded.get(node):
        items = _list_items(graph, node)
        if items is not None:
            return {"@list": [_value(graph, i, embedded) for i in items]}
        return _node_object(graph, node, embedded, with_id=False)
    return {"@id": _node_id(node)}


def _list_items(graph: Graph, node: Node) -> list[Node] | None:
    """The members of a well-formed RDF list starting at `node`, or None."""
    items = []
    while node != RDF.nil:
        preds = set(graph.predicates(node))
        if preds != {RDF.first, RDF.rest} or not isinstance(node, BNode):
            return None
        items.append(graph.value(node, RDF.first))
        node = graph.value(node, RDF.rest)
    return items


def _node_object(graph: Graph, subject: Node, embedded: dict[Node, bool], with_id: bool = True) -> dict:
    obj: dict[str, object] = {"@id": _node_id(subject)} if with_id else {}
    by_predicate: dict[Node, list[Node]] = defaultdict(list)
    for p, o in graph.predicate_objects(subject):
        by_predicate[p].append(o)
    types = sorted(_compact_iri(o) for o in by_predicate.pop(RDF.type, []))
    if types:
        obj["@type"] = types if len(types) > 1 else types[0]
    for p in sorted(by_predicate, key=_compact_iri):
        values = [_value(graph, o, embedded) for o in sorted(by_predicate[p])]
        obj[_compact_iri(p)] = values if len(values) > 1 else values[0]
    return obj


def jsonld(graph: Graph) -> bytes:
    """Compact JSON-LD with the context inline (a consumer needs no network), nodes sorted by @id.

    Blank nodes used once (restrictions, lists) are embedded where they are used; RDF lists become @list.
    """
    uses: dict[Node, int] = defaultdict(int)
    for o in graph.objects():
        if isinstance(o, BNode):
            uses[o] += 1
    embedded = {b: n == 1 for b, n in uses.items()}
    nodes = [
        _node_object(graph, s, embedded)
        for s in sorted(set(graph.subjects()), key=_node_id)
        if not (isinstance(s, BNode) and embedded.get(s))
    ]
    document = {**jsonld_context(), "@graph": nodes}
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


WRITERS = {
    "ttl": turtle,
    "nt": ntriples,
    "owl": rdfxml,
    "jsonld": jsonld,
}


def write_all(graph: Graph, folder: Path, stem: str) -> list[Path]:
    """Write `stem`.ttl/.nt/.owl/.jsonld into `folder`; returns the paths written."""
    canonical = canonical_graph(graph)
    written = []
    for extension, writer in WRITERS.items():
        path = folder / f"{stem}.{extension}"
        path.write_bytes(writer(canonical))
        written.append(path)
    return written
