"""RDF/XML in the layout the OWL API writes and OBO tools expect (pronto finds the header by it).

* the owl:Ontology element first, then annotation, object and data properties, classes, individuals and
  the remaining nodes (axiom annotations, disjointness), each group sorted by IRI;
* typed node elements (`<owl:Class rdf:about=...>`), property elements sorted;
* named prefixes declared once on rdf:RDF (an element name needs a prefix and an XML name, so an IRI such
  as .../MYO_0000250 is written `myo:MYO_0000250`);
* a blank node used once as an object is nested where it is used (lists as rdf:parseType="Collection");
  one used more often (a class expression that an axiom annotation also targets) gets an rdf:nodeID.

Deterministic for a graph in canonical form (serialize.canonical_graph): same graph, same bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from .errors import BuildError, Problem
from .prefixes import RELEASE_PREFIXES, curie, split

# Node element types, in the order their elements appear; a node takes the first of its types listed here.
NODE_TYPES = (OWL.Ontology, OWL.AnnotationProperty, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Class,
              RDFS.Datatype, OWL.NamedIndividual, OWL.Restriction, OWL.Axiom, OWL.AllDisjointClasses,
              OWL.AllDifferent)
# Namespaces for element names, besides the release's own prefixes (OWL API style: split before the local
# name, so that the local name is an XML name).
ELEMENT_PREFIXES = {"obo": "http://purl.obolibrary.org/obo/", "myo": "https://w3id.org/myoclonus-ontology/"}
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
INDENT = "    "


class RdfXmlWriter:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.prefixes = {**ELEMENT_PREFIXES, **RELEASE_PREFIXES}
        self.used_prefixes: set[str] = {"rdf"}
        uses: dict[Node, int] = defaultdict(int)
        for o in graph.objects():
            if isinstance(o, BNode):
                uses[o] += 1
        self.nested = {b for b, n in uses.items() if n == 1}
        self.referenced = set(uses)
        self.lists = {b for b in self.nested if self._list_items(b) is not None}

    # ------------------------------------------------------------------ names
    def qname(self, iri: Node) -> str:
        # the release's namespaces first: where an element namespace also fits, it is the shorter one
        found = split(iri, RELEASE_PREFIXES, XML_NAME.match) or split(iri, ELEMENT_PREFIXES, XML_NAME.match)
        if found is not None:
            self.used_prefixes.add(found[0])
            return f"{found[0]}:{found[1]}"
        raise BuildError("rdf/xml", [Problem(f"no XML element name for the IRI <{iri}>: add its namespace to "
                                             "rdfxml.ELEMENT_PREFIXES", node=curie(iri))])

    def node_type(self, node: Node) -> URIRef | None:
        types = set(self.graph.objects(node, RDF.type))
        return next((t for t in NODE_TYPES if t in types), None)

    # ------------------------------------------------------------------ elements
    def text(self, value: str, node: Node) -> str:
        if XML_FORBIDDEN.search(value):
            raise BuildError("rdf/xml", [Problem("a literal holds a character XML 1.0 cannot carry",
                                                 node=curie(node))])
        return escape(value)

    def node_element(self, node: Node, depth: int, with_id: bool = True) -> list[str]:
        kind = self.node_type(node)
        tag = self.qname(kind) if kind is not None else "rdf:Description"
        pad = INDENT * depth
        if isinstance(node, URIRef):
            attrs = f" rdf:about={quoteattr(str(node))}"
        else:
            attrs = f" rdf:nodeID={quoteattr(self.node_id(node))}" if with_id and node in self.referenced else ""
        body = []
        pairs = [(p, o) for p, o in self.graph.predicate_objects(node) if not (p == RDF.type and o == kind)]
        for p, o in sorted(pairs, key=lambda po: (self.qname(po[0]), _sort_key(po[1]))):
            body.extend(self.property_element(p, o, depth + 1))
        if not body:
            return [f"{pad}<{tag}{attrs}/>"]
        return [f"{pad}<{tag}{attrs}>", *body, f"{pad}</{tag}>"]

    def property_element(self, predicate: Node, obj: Node, depth: int) -> list[str]:
        pad, tag = INDENT * depth, self.qname(predicate)
        if isinstance(obj, URIRef):
            return [f"{pad}<{tag} rdf:resource={quoteattr(str(obj))}/>"]
        if isinstance(obj, Literal):
            attrs = ""
            if obj.language:
                attrs = f" xml:lang={quoteattr(obj.language)}"
            elif obj.datatype is not None and obj.datatype != XSD.string:
                attrs = f" rdf:datatype={quoteattr(str(obj.datatype))}"
            return [f"{pad}<{tag}{attrs}>{self.text(str(obj), obj)}</{tag}>"]
        if obj in self.lists:
            items = self._list_items(obj) or []
            if all(isinstance(i, URIRef) or (isinstance(i, BNode) and i in self.nested) for i in items):
                inner = [line for i in items for line in self.member(i, depth + 1)]
                return [f'{pad}<{tag} rdf:parseType="Collection">', *inner, f"{pad}</{tag}>"]
        if obj in self.nested:
            return [f"{pad}<{tag}>", *self.node_element(obj, depth + 1, with_id=False), f"{pad}</{tag}>"]
        return [f"{pad}<{tag} rdf:nodeID={quoteattr(self.node_id(obj))}/>"]

    def member(self, item: Node, depth: int) -> list[str]:
        if isinstance(item, URIRef):
            kind = self.node_type(item)
            tag = self.qname(kind) if kind is not None else "rdf:Description"
            return [f"{INDENT * depth}<{tag} rdf:about={quoteattr(str(item))}/>"]
        return self.node_element(item, depth, with_id=False)

    def node_id(self, node: Node) -> str:
        return re.sub(r"[^A-Za-z0-9]", "", str(node)) or "b"

    def _list_items(self, node: Node) -> list[Node] | None:
        items = []
        while node != RDF.nil:
            if not isinstance(node, BNode) or set(self.graph.predicates(node)) != {RDF.first, RDF.rest}:
                return None
            items.append(self.graph.value(node, RDF.first))
            node = self.graph.value(node, RDF.rest)
        return items

    # ------------------------------------------------------------------ document
    def top_level(self) -> list[Node]:
        inside_lists = {n for b in self.lists for n in self._list_cells(b)}
        subjects = {s for s in self.graph.subjects() if not (isinstance(s, BNode) and (s in self.nested
                                                                                        or s in inside_lists))}

        def order(node: Node) -> tuple:
            kind = self.node_type(node)
            rank = NODE_TYPES.index(kind) if kind is not None else len(NODE_TYPES)
            return (rank, isinstance(node, BNode), _sort_key(node))

        return sorted(subjects, key=order)

    def _list_cells(self, head: Node) -> list[Node]:
        cells = []
        while isinstance(head, BNode):
            cells.append(head)
            head = self.graph.value(head, RDF.rest)
        return cells[1:]

    def document(self) -> bytes:
        body = [line for node in self.top_level() for line in self.node_element(node, 1)]
        namespaces = sorted((p, self.prefixes[p]) for p in self.used_prefixes | {"owl", "rdfs", "xsd"})
        declarations = "".join(f"\n{INDENT}xmlns:{p}={quoteattr(ns)}" for p, ns in namespaces)
        head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{declarations}>'
        return "\n".join([head, *body, "</rdf:RDF>", ""]).encode("utf-8")


def _sort_key(node: Node) -> tuple:
    if isinstance(node, Literal):
        return (2, str(node), node.language or "", str(node.datatype or ""))
    return (0 if isinstance(node, URIRef) else 1, str(node), "", "")


def rdfxml(graph: Graph) -> bytes:
    """The graph as RDF/XML in the conventional layout."""
    return RdfXmlWriter(graph).document()
