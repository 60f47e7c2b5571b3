"""Deterministic writers: the same graph always gives the same bytes, in every format.

Blank nodes are first relabelled by RDFC-1.0 canonicalisation (pyoxigraph), then triples are sorted, so
neither hash seeds nor parse order leak into the output.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .graph_io import bind_prefixes, oxigraph_triples, to_oxigraph, to_rdflib
from .owl_functional import functional_syntax
from .prefixes import RELEASE_PREFIXES, compress
from .rdfxml import rdfxml

JSONLD_NATIVE = {str(XSD.boolean)}


READ_ONLY = "a canonical graph is read-only: change a copy (serialize.editable_copy)"


class CanonicalGraph(Graph):
    """A graph in canonical form (canonical_graph), read-only once made. Its pyoxigraph triples and its
    N-Triples are kept: a release is handed to Oxigraph (stores, validation, writers) a dozen times a build,
    in the build and in its forked stages, and each conversion from rdflib cost 10-40 ms."""

    def __init__(self, triples: Sequence[ox.Triple]) -> None:
        super().__init__()
        _fill(self, triples)
        self.kept_oxigraph: tuple[ox.Triple, ...] = tuple(triples)

    @cached_property
    def lines(self) -> bytes:
        """Its N-Triples (ntriples)."""
        return _ntriples_of(self.kept_oxigraph)

    def add(self, triple: tuple[Node, Node, Node]) -> CanonicalGraph:
        raise TypeError(READ_ONLY)

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Graph]]) -> CanonicalGraph:  # noqa: N802 (rdflib's)
        raise TypeError(READ_ONLY)

    def remove(self, triple: tuple[Node | None, Node | None, Node | None]) -> CanonicalGraph:
        raise TypeError(READ_ONLY)


def _fill(graph: Graph, triples: Iterable[ox.Triple]) -> None:
    """Add pyoxigraph triples to an rdflib graph, in their order, with the release's prefixes bound (through
    Graph.add itself: a CanonicalGraph's own add refuses)."""
    bind_prefixes(graph)
    for t in triples:
        Graph.add(graph, (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))


def editable_copy(graph: CanonicalGraph) -> Graph:
    """A plain rdflib graph with the same triples, added in the same (sorted) order, and the same prefixes."""
    copy = Graph()
    _fill(copy, graph.kept_oxigraph)
    return copy


def _canonical(quads: Iterable[ox.Quad]) -> ox.Dataset:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def canonical_graph(graph: Graph) -> CanonicalGraph:
    """A copy of `graph` with canonical blank-node labels, its triples added in sorted order (a graph
    already canonical is returned as it is: canonicalisation is idempotent)."""
    if isinstance(graph, CanonicalGraph):
        return graph
    dataset = _canonical(ox.Quad(t.subject, t.predicate, t.object) for t in oxigraph_triples(graph))
    return CanonicalGraph(sorted((q.triple for q in dataset), key=str))


def canonical_ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """ntriples(canonical_graph(Graph(triples))), byte for byte, without making either rdflib graph."""
    dataset = _canonical(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in triples)
    return _ntriples_of(q.triple for q in dataset)


def ntriples(graph: Graph) -> bytes:
    """Canonical N-Triples, one triple a line, lines sorted (a canonical graph's are made once)."""
    return graph.lines if isinstance(graph, CanonicalGraph) else _ntriples_of(oxigraph_triples(graph))


def _ntriples_of(triples: Iterable[ox.Triple]) -> bytes:
    return "".join(sorted(f"{t} .\n" for t in triples)).encode("utf-8")


def turtle(graph: Graph) -> bytes:
    """Turtle from rdflib's pretty writer, over a canonical graph."""
    return graph.serialize(format="turtle", encoding="utf-8")


GEN_DELIMS = tuple(":/?#[]@")


def jsonld_context(prefixes: dict[str, str] | None = None, vocab: str | None = None) -> dict:
    """A JSON-LD @context of prefixes (and an optional @vocab); nothing in it needs fetching.

    JSON-LD 1.1 uses a term as a prefix only if its IRI ends with a gen-delim (/, #, ...) or the term
    says "@prefix": true; OBO-style namespaces (MYO_, IAO_) need the latter.
    """
    context: dict[str, object] = {"@vocab": vocab} if vocab else {}
    for prefix, ns in (prefixes if prefixes is not None else RELEASE_PREFIXES).items():
        context[prefix] = ns if ns.endswith(GEN_DELIMS) else {"@id": ns, "@prefix": True}
    return {"@context": context}


class JsonLdWriter:
    """Compact JSON-LD: nodes sorted by @id, keys and values sorted, single-use blank nodes embedded."""

    def __init__(self, graph: Graph, prefixes: dict[str, str] | None = None, vocab: str | None = None) -> None:
        self.graph = graph
        self.prefixes = prefixes if prefixes is not None else RELEASE_PREFIXES
        self.vocab = vocab
        uses: dict[Node, int] = defaultdict(int)
        for o in graph.objects():
            if isinstance(o, BNode):
                uses[o] += 1
        self.embedded = {b: n == 1 for b, n in uses.items()}

    def compact(self, node: Node, vocab_relative: bool = False) -> str:
        text = str(node)
        if vocab_relative and self.vocab and text.startswith(self.vocab) and len(text) > len(self.vocab):
            return text[len(self.vocab):]
        return compress(text, self.prefixes) or text

    def node_id(self, node: Node) -> str:
        return f"_:{node}" if isinstance(node, BNode) else self.compact(node)

    def value(self, node: Node) -> object:
        if isinstance(node, Literal):
            if node.language:
                return {"@value": str(node), "@language": node.language}
            if node.datatype is None:
                return str(node)
            if str(node.datatype) in JSONLD_NATIVE:
                return node.toPython()
            return {"@value": str(node), "@type": self.compact(node.datatype)}
        if isinstance(node, BNode) and self.embedded.get(node):
            items = _list_items(self.graph, node)
            if items is not None:
                return {"@list": [self.value(i) for i in items]}
            return self.node_object(node, with_id=False)
        return {"@id": self.node_id(node)}

    def node_object(self, subject: Node, with_id: bool = True) -> dict:
        obj: dict[str, object] = {"@id": self.node_id(subject)} if with_id else {}
        by_predicate: dict[Node, list[Node]] = defaultdict(list)
        for p, o in self.graph.predicate_objects(subject):
            by_predicate[p].append(o)
        types = sorted(self.compact(o, vocab_relative=True) for o in by_predicate.pop(RDF.type, []))
        if types:
            obj["@type"] = types if len(types) > 1 else types[0]
        for p in sorted(by_predicate, key=lambda n: self.compact(n, vocab_relative=True)):
            values = [self.value(o) for o in sorted(by_predicate[p])]
            obj[self.compact(p, vocab_relative=True)] = values if len(values) > 1 else values[0]
        return obj

    def document(self) -> bytes:
        nodes = [self.node_object(s) for s in sorted(set(self.graph.subjects()), key=self.node_id)
                 if not (isinstance(s, BNode) and self.embedded.get(s))]
        document = {**jsonld_context(self.prefixes, self.vocab), "@graph": nodes}
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


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


def jsonld(graph: Graph) -> bytes:
    """The release as compact JSON-LD with its context inline (a consumer needs no network)."""
    return JsonLdWriter(graph).document()


WRITERS = {
    "ttl": turtle,
    "nt": ntriples,
    "owl": rdfxml,  # the conventional OWL API layout (rdflib's pretty-xml drops assertions on list nodes)
    "ofn": functional_syntax,
    "jsonld": jsonld,
}


def write_all(canonical: Graph, folder: Path, stem: str, extensions: tuple[str, ...] = tuple(WRITERS)) -> list[Path]:
    """Write `stem`.ttl/.nt/.owl/.ofn/.jsonld into `folder` from a graph already in canonical form."""
    written = []
    for extension in extensions:
        writer = WRITERS[extension]
        path = folder / f"{stem}.{extension}"
        path.write_bytes(writer(canonical))
        written.append(path)
    return written
