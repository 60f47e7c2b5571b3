"""The class view claims no more than the records: every class axiom has its record and quote, hedged,
negated and qualified claims never become class axioms, and a new statement property is caught."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from myoclonus_ontology.class_view import build_class_view, licenses_class_axiom, property_roles
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.model import instances_of
from myoclonus_ontology.namespaces import EDITOR_NOTE, HAS_PHENOTYPE, MYO, Term

POSSIBLE = MYO["0000301"]
OFTEN = MYO["0000305"]
FREQUENCY = MYO["0000116"]
CLASSIFIED, CATEGORY = MYO["0000120"], MYO["0000122"]
ABOUT, REPORTS, CHARACTERISTIC = MYO["0000100"], MYO["0000102"], MYO["0000206"]
EPILEPSY, NEUROLOGICAL_DISORDER, LETHARGY = MYO["0001003"], MYO["0001020"], MYO["0001037"]
NEGATED = URIRef("https://example.org/negated")  # stands for issue 11's property: found by its label


@pytest.fixture(scope="module")
def base(fresh_build) -> Graph:
    return parse_file(fresh_build / "myo-base.nt")


@pytest.fixture(scope="module")
def classes(fresh_build) -> Graph:
    return parse_file(fresh_build / "myo-classes.ttl")


def with_record(base: Graph, record: URIRef, kind: URIRef, triples: list[tuple]) -> Graph:
    """A copy of the base release with one more statement record, quoted like the others."""
    graph = Graph()
    graph += base
    graph.add((record, RDF.type, OWL.NamedIndividual))
    graph.add((record, RDF.type, kind))
    graph.add((record, RDFS.label, Literal("fixture record", lang="en")))
    graph.add((record, Term.SOURCE_QUOTE, Literal("a fixture quote")))
    for p, o in triples:
        graph.add((record, p, o))
    return graph


def classification(modality: URIRef, *extra: tuple) -> list[tuple]:
    return [(CLASSIFIED, EPILEPSY), (CATEGORY, NEUROLOGICAL_DISORDER), (Term.MODALITY, modality), *extra]


def parents(view, subject: URIRef, relation: URIRef | None = None) -> dict[URIRef, URIRef | None]:
    """parent → the record that licenses the axiom."""
    return {a.parent: a.licence.record for a in view.axioms if a.subject == subject and a.relation == relation}


def test_every_class_axiom_has_its_record_and_quote_or_is_the_schema(classes, base):
    axioms = list(classes.subjects(RDF.type, OWL.Axiom))
    subclass_triples = [(s, o) for s, o in classes.subject_objects(RDFS.subClassOf)]
    assert len(subclass_triples) == len([a for a in axioms if classes.value(a, OWL.annotatedProperty)
                                         == RDFS.subClassOf]) > 60
    for subject, target in subclass_triples:
        [axiom] = [a for a in axioms if classes.value(a, OWL.annotatedSource) == subject
                   and classes.value(a, OWL.annotatedTarget) == target]
        record = classes.value(axiom, DCTERMS.source)
        if record is None:  # the kinds' own hierarchy: the curators' schema, marked as such
            assert classes.value(axiom, Term.CURATOR_ADDED) == Literal(True)
            assert classes.value(axiom, EDITOR_NOTE) is not None
            assert (subject, RDFS.subClassOf, target) in base
            continue
        assert classes.value(axiom, Term.SOURCE_QUOTE) == base.value(record, Term.SOURCE_QUOTE) is not None
        if record in instances_of(base, Term.STATEMENT):
            assert base.value(record, Term.MODALITY) == Term.ASSERTED


def test_no_hedged_record_of_the_release_licenses_a_class_axiom(base, classes):
    hedged = {r for r in instances_of(base, Term.STATEMENT) if base.value(r, Term.MODALITY) == POSSIBLE}
    assert len(hedged) > 20
    licensing = set(classes.objects(None, DCTERMS.source))
    assert hedged & licensing == set()


def test_characterising_claims_become_has_phenotype_restrictions(base):
    view = build_class_view(base)
    om = MYO["0001001"]
    assert set(parents(view, om, HAS_PHENOTYPE)) == {MYO["0001030"], MYO["0001031"], MYO["0001032"]}
    assert parents(view, om) == {MYO["0001020"]: MYO["0002001"], MYO["0001021"]: MYO["0002026"]}


def test_an_unhedged_classification_becomes_a_subclass_axiom(base):
    record = MYO["0009901"]
    view = build_class_view(with_record(base, record, Term.CLASSIFICATION_STATEMENT,
                                        classification(Term.ASSERTED)))
    assert parents(view, EPILEPSY)[NEUROLOGICAL_DISORDER] == record


@pytest.mark.parametrize("why", ["hedged", "often", "negated"])
def test_a_hedged_negated_or_qualified_classification_is_no_class_axiom(base, why):
    record = MYO["0009902"]
    extra = {"hedged": [], "often": [(FREQUENCY, OFTEN)], "negated": [(NEGATED, Literal(True))]}[why]
    graph = with_record(base, record, Term.CLASSIFICATION_STATEMENT,
                        classification(POSSIBLE if why == "hedged" else Term.ASSERTED, *extra))
    graph.add((NEGATED, RDF.type, OWL.DatatypeProperty))
    graph.add((NEGATED, RDFS.label, Literal("negated", lang="en")))
    roles, problems = property_roles(graph)
    assert problems == [] and not licenses_class_axiom(graph, record, roles)
    view = build_class_view(graph)
    assert NEUROLOGICAL_DISORDER not in parents(view, EPILEPSY)
    assert record not in {a.licence.record for a in view.axioms}


def test_negated_false_is_no_obstacle(base):
    record = MYO["0009903"]
    graph = with_record(base, record, Term.CLASSIFICATION_STATEMENT,
                        classification(Term.ASSERTED, (NEGATED, Literal(False))))
    graph.add((NEGATED, RDFS.label, Literal("negated", lang="en")))
    assert parents(build_class_view(graph), EPILEPSY)[NEUROLOGICAL_DISORDER] == record


def test_a_hedged_characterising_claim_is_no_restriction(base):
    record = MYO["0009904"]
    graph = with_record(base, record, Term.SYMPTOM_STATEMENT, [
        (ABOUT, EPILEPSY), (REPORTS, LETHARGY), (Term.MODALITY, POSSIBLE),
        (CHARACTERISTIC, Literal(True, datatype=XSD.boolean))])
    assert LETHARGY not in parents(build_class_view(graph), EPILEPSY, HAS_PHENOTYPE)
    graph.set((record, Term.MODALITY, Term.ASSERTED))
    assert parents(build_class_view(graph), EPILEPSY, HAS_PHENOTYPE)[LETHARGY] == record


def test_a_statement_property_without_a_role_stops_the_build_naming_it(base):
    record, certainty = MYO["0009905"], URIRef("https://example.org/certainty")
    graph = with_record(base, record, Term.CLASSIFICATION_STATEMENT,
                        classification(Term.ASSERTED, (certainty, Literal("high"))))
    graph.add((certainty, RDFS.label, Literal("has certainty", lang="en")))
    with pytest.raises(BuildError) as err:
        build_class_view(graph)
    [problem] = err.value.problems
    assert problem.node == "MYO:0009905" and "has certainty" in problem.message


def test_every_statement_property_of_the_release_has_a_role(base):
    assert property_roles(base)[1] == []


def test_drug_classes_are_classes_of_drugs_and_the_view_is_its_own_artifact(base, classes):
    view = build_class_view(base)
    assert parents(view, MYO["0001065"]) == {MYO["0001066"]: MYO["0002052"]}  # clonazepam: a tranquilizer
    assert set(parents(view, MYO["0001066"])) == {Term.DRUG}
    punned = [s for s in classes.subjects(RDF.type, OWL.Class) if (s, RDF.type, OWL.NamedIndividual) in classes]
    assert punned == [] and not any(isinstance(s, BNode) for s in classes.subjects(RDF.type, OWL.Class))
