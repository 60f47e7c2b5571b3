"""OWL 2 Functional Syntax (.ofn) from an RDF graph, by the reverse of the W3C OWL 2 mapping to RDF.

Covers the constructs the releases use (declarations, class and property axioms, class expressions,
disjointness, assertions, annotations and axiom annotations). A triple or blank node it cannot map stops
the writer with the node named, so nothing is dropped silently. Axioms are sorted: same graph, same bytes.
The tests prove the output with the OWL API and py-horned-owl (same axiom counts as from RDF/XML).
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from .errors import BuildError, Problem
from .prefixes import RELEASE_PREFIXES, compress, curie

DECLARED = {OWL.Class: "Class", OWL.ObjectProperty: "ObjectProperty", OWL.DatatypeProperty: "DataProperty",
            OWL.AnnotationProperty: "AnnotationProperty", OWL.NamedIndividual: "NamedIndividual",
            RDFS.Datatype: "Datatype"}
CHARACTERISTICS = {OWL.FunctionalProperty: "Functional", OWL.InverseFunctionalProperty: "InverseFunctional",
                   OWL.TransitiveProperty: "Transitive", OWL.SymmetricProperty: "Symmetric",
                   OWL.AsymmetricProperty: "Asymmetric", OWL.ReflexiveProperty: "Reflexive",
                   OWL.IrreflexiveProperty: "Irreflexive"}
BUILT_IN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo, OWL.deprecated,
                        OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}
AXIOM_VOCABULARY = {RDF.type, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
LOCAL_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
STANDARD_PREFIXES = {"owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
                     "xml": "http://www.w3.org/XML/1998/namespace"}


class UnmappableError(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node, self.message = node, message


class OfnWriter:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.prefixes = {**STANDARD_PREFIXES, **RELEASE_PREFIXES}
        self.kinds: dict[Node, set[Node]] = defaultdict(set)
        for kind in DECLARED:
            for s in graph.subjects(RDF.type, kind):
                self.kinds[s].add(kind)
        self.annotations: dict[tuple[Node, Node, Node], list[str]] = defaultdict(list)
        self.structural: set[Node] = set()  # blank nodes read as part of an expression, list or axiom

    # ------------------------------------------------------------------ terms
    def iri(self, node: Node) -> str:
        if not isinstance(node, URIRef):
            raise UnmappableError(node, "an IRI was expected here")
        return compress(node, self.prefixes, LOCAL_NAME.match) or f"<{node}>"

    def literal(self, node: Literal) -> str:
        text = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^{self.iri(node.datatype)}"
        return text

    def value(self, node: Node) -> str:
        return self.literal(node) if isinstance(node, Literal) else self.iri(node)

    def is_a(self, node: Node, kind: URIRef) -> bool:
        return kind in self.kinds.get(node, ())

    def items(self, head: Node) -> list[Node]:
        found = []
        while head != RDF.nil:
            if not isinstance(head, BNode):
                raise UnmappableError(head, "a malformed RDF list")
            self.structural.add(head)
            found.append(self.graph.value(head, RDF.first))
            head = self.graph.value(head, RDF.rest)
        return found

    # ------------------------------------------------------------------ class expressions
    def ce(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.iri(node)
        self.structural.add(node)
        g = self.graph
        for prop, name in ((OWL.intersectionOf, "ObjectIntersectionOf"), (OWL.unionOf, "ObjectUnionOf")):
            members = g.value(node, prop)
            if members is not None:
                return f"{name}({' '.join(self.ce(m) for m in self.items(members))})"
        if (node, OWL.complementOf, None) in g:
            return f"ObjectComplementOf({self.ce(g.value(node, OWL.complementOf))})"
        if (node, OWL.oneOf, None) in g:
            return f"ObjectOneOf({' '.join(self.iri(i) for i in self.items(g.value(node, OWL.oneOf)))})"
        prop = g.value(node, OWL.onProperty)
        if prop is None:
            raise UnmappableError(node, "a class expression this writer cannot read")
        data = self.is_a(prop, OWL.DatatypeProperty)
        prefix = "Data" if data else "Object"
        for kind, name in ((OWL.someValuesFrom, "SomeValuesFrom"), (OWL.allValuesFrom, "AllValuesFrom")):
            filler = g.value(node, kind)
            if filler is not None:
                rendered = self.iri(filler) if data else self.ce(filler)
                return f"{prefix}{name}({self.iri(prop)} {rendered})"
        filler = g.value(node, OWL.hasValue)
        if filler is not None:
            return f"{prefix}HasValue({self.iri(prop)} {self.value(filler)})"
        self_restriction = g.value(node, OWL.hasSelf)
        if not data and isinstance(self_restriction, Literal) and self_restriction.toPython() is True:
            return f"ObjectHasSelf({self.iri(prop)})"
        raise UnmappableError(node, "a restriction this writer cannot read")

    # ------------------------------------------------------------------ axioms
    def annotated(self, name: str, key: tuple[Node, Node, Node], *args: str) -> str:
        notes = sorted(self.annotations.get(key, []))
        return f"{name}({' '.join([*notes, *args])})"

    def read_axiom_annotations(self) -> None:
        for node in self.graph.subjects(RDF.type, OWL.Axiom):
            key = tuple(self.graph.value(node, p) for p in
                        (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget))
            if None in key:
                raise UnmappableError(node, "an owl:Axiom without its source, property and target")
            self.structural.add(node)
            self.annotations[key].extend(self.annotation_list(node, AXIOM_VOCABULARY))

    def annotation_list(self, node: Node, skip: set[Node]) -> list[str]:
        return [f"Annotation({self.iri(p)} {self.value(o)})"
                for p, o in self.graph.predicate_objects(node) if p not in skip]

    def group_axiom(self, node: Node) -> str:
        """owl:AllDisjointClasses and owl:AllDifferent: their annotations sit on the node itself."""
        self.structural.add(node)
        g = self.graph
        if (node, RDF.type, OWL.AllDisjointClasses) in g:
            members, name, render = g.value(node, OWL.members), "DisjointClasses", self.ce
            skip = {RDF.type, OWL.members}
        else:
            members, name, render = g.value(node, OWL.distinctMembers), "DifferentIndividuals", self.iri
            skip = {RDF.type, OWL.distinctMembers}
        notes = sorted(self.annotation_list(node, skip))
        return f"{name}({' '.join([*notes, *(render(m) for m in self.items(members))])})"

    def axiom(self, s: Node, p: Node, o: Node) -> str | None:
        key = (s, p, o)
        if p == RDF.type:
            if o in DECLARED:
                return f"Declaration({DECLARED[o]}({self.iri(s)}))"
            if o in CHARACTERISTICS:
                kind = "Data" if self.is_a(s, OWL.DatatypeProperty) else "Object"
                return self.annotated(f"{CHARACTERISTICS[o]}{kind}Property", key, self.iri(s))
            return self.annotated("ClassAssertion", key, self.ce(o), self.iri(s))
        simple = {RDFS.subClassOf: "SubClassOf", OWL.equivalentClass: "EquivalentClasses",
                  OWL.disjointWith: "DisjointClasses"}
        if p in simple:
            return self.annotated(simple[p], key, self.ce(s), self.ce(o))
        if p in (RDFS.domain, RDFS.range, RDFS.subPropertyOf):
            return self.property_axiom(s, p, o)
        if p == OWL.inverseOf:
            return self.annotated("InverseObjectProperties", key, self.iri(s), self.iri(o))
        if p == OWL.propertyChainAxiom:
            chain = " ".join(self.iri(m) for m in self.items(o))
            return self.annotated("SubObjectPropertyOf", key, f"ObjectPropertyChain({chain})", self.iri(s))
        if p == OWL.sameAs:
            return self.annotated("SameIndividual", key, self.iri(s), self.iri(o))
        if p == OWL.differentFrom:
            return self.annotated("DifferentIndividuals", key, self.iri(s), self.iri(o))
        if p in BUILT_IN_ANNOTATIONS or self.is_a(p, OWL.AnnotationProperty):
            return self.annotated("AnnotationAssertion", key, self.iri(p), self.iri(s), self.value(o))
        if self.is_a(p, OWL.ObjectProperty):
            return self.annotated("ObjectPropertyAssertion", key, self.iri(p), self.iri(s), self.iri(o))
        if self.is_a(p, OWL.DatatypeProperty):
            return self.annotated("DataPropertyAssertion", key, self.iri(p), self.iri(s), self.value(o))
        raise UnmappableError(s, f"no OWL axiom for the triple with predicate {curie(p)} (undeclared?)")

    def property_axiom(self, s: Node, p: Node, o: Node) -> str:
        key = (s, p, o)
        kind = ("Object" if self.is_a(s, OWL.ObjectProperty) else "Data" if self.is_a(s, OWL.DatatypeProperty)
                else "Annotation" if self.is_a(s, OWL.AnnotationProperty) else None)
        if kind is None:
            raise UnmappableError(s, f"{curie(p)} on a node that is not a declared property")
        if p == RDFS.subPropertyOf:
            return self.annotated(f"Sub{kind}PropertyOf", key, self.iri(s), self.iri(o))
        name = f"{kind}Property{'Domain' if p == RDFS.domain else 'Range'}"
        target = self.ce(o) if kind == "Object" or (kind == "Data" and p == RDFS.domain) else self.iri(o)
        return self.annotated(name, key, self.iri(s), target)

    # ------------------------------------------------------------------ document
    def document(self) -> bytes:
        g = self.graph
        ontologies = sorted(s for s in g.subjects(RDF.type, OWL.Ontology))
        if len(ontologies) != 1:
            raise UnmappableError(ontologies[0] if ontologies else OWL.Ontology, "expected one owl:Ontology")
        ontology = ontologies[0]
        self.read_axiom_annotations()
        axioms: set[str] = set()
        groups = [n for t in (OWL.AllDisjointClasses, OWL.AllDifferent) for n in g.subjects(RDF.type, t)]
        axioms.update(self.group_axiom(n) for n in groups)
        for s, p, o in sorted(g):
            if s == ontology or isinstance(s, BNode):
                continue
            rendered = self.axiom(s, p, o)
            if rendered:
                axioms.add(rendered)
        for s in {s for s in g.subjects() if isinstance(s, BNode)} - self.structural:
            raise UnmappableError(s, "a blank node that is part of no axiom this writer knows")
        header = [f"Prefix({p}:=<{ns}>)" for p, ns in sorted(self.prefixes.items())]
        version = g.value(ontology, OWL.versionIRI)
        head = self.iri(ontology) + (f" {self.iri(version)}" if version is not None else "")
        imports = sorted(f"Import({self.iri(o)})" for o in g.objects(ontology, OWL.imports))
        notes = sorted(self.annotation_list(ontology, {RDF.type, OWL.versionIRI, OWL.imports}))
        declarations = sorted(a for a in axioms if a.startswith("Declaration("))
        others = sorted(a for a in axioms if not a.startswith("Declaration("))
        lines = [*header, "", f"Ontology({head}", *imports, *notes, "", *declarations, "", *others, ")", ""]
        return "\n".join(lines).encode("utf-8")


def functional_syntax(graph: Graph) -> bytes:
    """The graph as OWL 2 Functional Syntax; a triple that maps to no axiom is a build error naming it."""
    try:
        return OfnWriter(graph).document()
    except UnmappableError as err:
        raise BuildError("owl functional syntax", [Problem(err.message, node=curie(err.node))]) from err
