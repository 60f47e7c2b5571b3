"""Entailed memberships of defined classes: found by sound rules only, nothing for any other definition."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from myoclonus_ontology.entailed_types import Definition, definitions, entailed_memberships
from myoclonus_ontology.namespaces import Term

EX = "https://example.org/"
DEFINED, STATEMENT, RECORD, SUBRECORD = (URIRef(EX + n) for n in ("Defined", "Statement", "Record", "SubRecord"))
MODE, NEGATED, ASSERTED = URIRef(EX + "mode"), URIRef(EX + "negated"), URIRef(EX + "asserted")
FALSE = Literal(False)


def restriction(graph: Graph, prop: URIRef, value) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, OWL.Restriction))
    graph.add((node, OWL.onProperty, prop))
    graph.add((node, OWL.hasValue, value))
    return node


def defined_graph() -> Graph:
    """Defined ≡ Statement ⊓ (mode value asserted) ⊓ (negated value false); SubRecord ⊑ Record ⊑ Statement."""
    graph = Graph()
    graph.add((MODE, RDF.type, OWL.ObjectProperty))
    graph.add((NEGATED, RDF.type, OWL.DatatypeProperty))
    graph.add((RECORD, RDFS.subClassOf, STATEMENT))
    graph.add((SUBRECORD, RDFS.subClassOf, RECORD))
    members = [STATEMENT, restriction(graph, MODE, ASSERTED), restriction(graph, NEGATED, Literal(False))]
    expression, head = BNode(), BNode()
    Collection(graph, head, members)
    graph.add((expression, RDF.type, OWL.Class))
    graph.add((expression, OWL.intersectionOf, head))
    graph.add((DEFINED, OWL.equivalentClass, expression))
    return graph


def individual(graph: Graph, name: str, kind: URIRef = SUBRECORD, mode: URIRef = ASSERTED,
               negated: Literal | None = FALSE) -> URIRef:
    node = URIRef(EX + name)
    graph.add((node, RDF.type, kind))
    graph.add((node, MODE, mode))
    if negated is not None:
        graph.add((node, NEGATED, negated))
    return node


def test_the_release_definition_of_a_plain_fact_statement_is_read(releases):
    found = [d for d in definitions(releases["base"]) if d.defined == Term.PLAIN_FACT_STATEMENT]
    assert found == [Definition(Term.PLAIN_FACT_STATEMENT, (Term.STATEMENT,),
                                ((Term.MODALITY, Term.ASSERTED), (Term.NEGATED, Literal(False))))]


def test_a_member_is_found_through_the_subclass_chain_and_only_a_member():
    graph = defined_graph()
    member = individual(graph, "plain")
    individual(graph, "hedged", mode=URIRef(EX + "possible"))
    individual(graph, "denied", negated=Literal(True))
    individual(graph, "unstated", negated=None)                         # open world: neither affirmed nor denied
    individual(graph, "other-kind", kind=URIRef(EX + "Unrelated"))      # no subclass path to Statement
    individual(graph, "another-value", negated=Literal("0", datatype=XSD.integer))  # not the value false
    assert entailed_memberships(graph) == [(member, RDF.type, DEFINED)]


def test_a_membership_already_asserted_is_not_given_again():
    graph = defined_graph()
    member = individual(graph, "plain")
    graph.add((member, RDF.type, DEFINED))
    assert entailed_memberships(graph) == []


@pytest.mark.parametrize("spoil", ["union", "some-values", "extra-triple", "annotation-property", "cyclic-list",
                                   "two-firsts", "union-beside", "datatype", "both-kinds", "literal-for-object",
                                   "iri-for-data"])
def test_a_definition_of_any_other_form_gives_nothing(spoil):
    graph = defined_graph()
    individual(graph, "plain")
    expression = graph.value(DEFINED, OWL.equivalentClass)
    head = graph.value(expression, OWL.intersectionOf)
    value_node = graph.value(graph.value(head, RDF.rest), RDF.first)
    if spoil == "union":  # a disjunction is not entailed by one of its members being met
        graph.remove((expression, OWL.intersectionOf, head))
        graph.add((expression, OWL.unionOf, head))
    elif spoil == "some-values":
        graph.remove((value_node, OWL.hasValue, ASSERTED))
        graph.add((value_node, OWL.someValuesFrom, URIRef(EX + "Mode")))
    elif spoil == "extra-triple":  # say, a cardinality on the same node: not a plain value restriction
        graph.add((value_node, OWL.cardinality, Literal(1)))
    elif spoil == "annotation-property":
        graph.add((MODE, RDF.type, OWL.AnnotationProperty))
    elif spoil == "union-beside":  # a second operator on the same node: not an intersection alone
        graph.add((expression, OWL.unionOf, head))
    elif spoil == "datatype":
        graph.add((DEFINED, RDF.type, RDFS.Datatype))
    elif spoil == "both-kinds":
        graph.add((MODE, RDF.type, OWL.DatatypeProperty))
    elif spoil == "literal-for-object":
        graph.set((value_node, OWL.hasValue, Literal("asserted")))
        graph.set((URIRef(EX + "plain"), MODE, Literal("asserted")))
    elif spoil == "iri-for-data":
        negated_node = graph.value(graph.value(graph.value(head, RDF.rest), RDF.rest), RDF.first)
        graph.set((negated_node, OWL.hasValue, URIRef(EX + "false")))
        graph.set((URIRef(EX + "plain"), NEGATED, URIRef(EX + "false")))
    elif spoil == "cyclic-list":
        graph.set((graph.value(graph.value(head, RDF.rest), RDF.rest), RDF.rest, head))
    else:
        graph.add((head, RDF.first, URIRef(EX + "Another")))
    assert entailed_memberships(graph) == []
