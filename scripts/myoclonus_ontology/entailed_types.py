"""Class memberships that a defined class's definition entails from asserted facts alone.

A class defined as an intersection of named classes and value restrictions, such as *plain-fact statement*
(`statement ⊓ (modality value asserted) ⊓ (negated value false)`), turns into a disjunctive rule inside
HermiT: for every record it must guess whether the record is a member or the value differs. A membership
that rests on a guess cannot be read off HermiT's first model, so HermiT tests it, and every link that a
property chain derives through it, one by one against the whole ABox (the closed lists' nominals put every
individual into every test): 147 tests, half its time on this ontology.

Each membership found here follows from asserted triples by two sound rules only: an individual asserted
of type T is an instance of every named class T reaches by asserted `rdfs:subClassOf` links, and an
individual with the asserted value v of property p is an instance of `p value v` (the identical term: a
value written differently is simply not found). Entailed facts added to an ontology change none of its
conclusions, so reason.py gives them to HermiT beside the ontology, where they spare it the guesses, and
publishes them with HermiT's conclusions (owlready2 reports no fact its input stated). A definition of any
other form finds nothing here, and HermiT works as before. tests/test_reason.py compares HermiT's
conclusions with and without them on the release and on edited records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
LONGEST_LIST = 1000  # an rdf:List longer than this (or cyclic, or branching) is not read as a definition


@dataclass(frozen=True)
class Definition:
    """`defined ≡ named₁ ⊓ … ⊓ (p₁ value v₁) ⊓ …`, read from `defined owl:equivalentClass [owl:intersectionOf]`."""

    defined: URIRef
    named: tuple[URIRef, ...]
    values: tuple[tuple[URIRef, Node], ...]


def definitions(graph: Graph) -> Iterator[Definition]:
    """Each definition of the form above with at least one value restriction, in a fixed order. Only exactly
    that form counts: an expression node that says anything else (a second operator, a datatype), a defined
    term that is a datatype, a restriction with another triple, a property that is not exactly one of object
    or data property, or a value of the wrong kind for its property, and the definition gives nothing."""
    objects, data = (set(graph.subjects(RDF.type, kind)) for kind in (OWL.ObjectProperty, OWL.DatatypeProperty))
    annotations = set(graph.subjects(RDF.type, OWL.AnnotationProperty))
    value_kinds = {p: URIRef for p in objects - data - annotations} | {p: Literal for p in data - objects - annotations}
    datatypes = set(graph.subjects(RDF.type, RDFS.Datatype))
    for defined, expression in sorted(graph.subject_objects(OWL.equivalentClass)):
        if not isinstance(defined, URIRef) or not isinstance(expression, BNode) or defined in datatypes:
            continue
        said = sorted(graph.predicate_objects(expression))
        heads = [o for p, o in said if p == OWL.intersectionOf]
        if len(heads) != 1 or any(p not in (RDF.type, OWL.intersectionOf) or (p == RDF.type and o != OWL.Class)
                                  for p, o in said):
            continue
        members = _list(graph, heads[0])
        if members is None:
            continue
        named = tuple(m for m in members if isinstance(m, URIRef))
        values = [_value_restriction(graph, m, value_kinds) for m in members if not isinstance(m, URIRef)]
        if values and all(v is not None for v in values):
            yield Definition(defined, named, tuple(v for v in values if v is not None))


def entailed_memberships(graph: Graph) -> list[Triple]:
    """`(individual, rdf:type, defined)` for each named individual the asserted triples alone place in a
    defined class, where the graph does not already say so; sorted."""
    ancestors: dict[Node, set[Node]] = {}

    def reached(kind: Node) -> set[Node]:
        if kind not in ancestors:
            ancestors[kind] = {c for c in graph.transitive_objects(kind, RDFS.subClassOf) if isinstance(c, URIRef)}
        return ancestors[kind]

    found: set[Triple] = set()
    for definition in definitions(graph):
        (first, value), others = definition.values[0], definition.values[1:]
        for individual in graph.subjects(first, value):
            membership = (individual, RDF.type, definition.defined)
            if not isinstance(individual, URIRef) or membership in graph:
                continue
            if not all((individual, p, v) in graph for p, v in others):
                continue
            kinds = set().union(*(reached(t) for t in graph.objects(individual, RDF.type)))
            if all(n in kinds for n in definition.named):
                found.add(membership)
    return sorted(found)


def _value_restriction(graph: Graph, node: Node, value_kinds: dict[Node, type]) -> tuple[URIRef, Node] | None:
    """(p, v) when `node` is exactly `[a owl:Restriction; owl:onProperty p; owl:hasValue v]`, p an object
    property and v an IRI, or p a data property and v a literal (`value_kinds`); None for anything else."""
    if not isinstance(node, BNode):
        return None
    triples = list(graph.predicate_objects(node))
    kinds = [o for p, o in triples if p == RDF.type]
    on = [o for p, o in triples if p == OWL.onProperty]
    value = [o for p, o in triples if p == OWL.hasValue]
    if len(triples) != 3 or kinds != [OWL.Restriction] or len(on) != 1 or len(value) != 1:
        return None
    prop = on[0]
    if not isinstance(prop, URIRef) or prop not in value_kinds or not isinstance(value[0], value_kinds[prop]):
        return None
    return prop, value[0]


def _list(graph: Graph, head: Node) -> list[Node] | None:
    """The members of a well-formed rdf:List (one first and one rest per cell, no cycle), else None."""
    members: list[Node] = []
    seen: set[Node] = set()
    while head != RDF.nil:
        firsts, rests = list(graph.objects(head, RDF.first)), list(graph.objects(head, RDF.rest))
        if head in seen or len(members) >= LONGEST_LIST or len(firsts) != 1 or len(rests) != 1:
            return None
        seen.add(head)
        members.append(firsts[0])
        head = rests[0]
    return members
