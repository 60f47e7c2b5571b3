"""Reasoning: each inference is in the full release and absent from the base; clashes fail readably."""

from __future__ import annotations

import owlready2
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.graph_io import NodeLocator, load_ontology
from myoclonus_ontology.namespaces import IAO, MYO, SKOS
from myoclonus_ontology.reason import diagnose, reason
from myoclonus_ontology.release import BASE_RELEASE, FULL_RELEASE

OMS, MYOCLONUS, EPILEPSY, JERKING = MYO["0001001"], MYO["0001002"], MYO["0001003"], MYO["0001031"]
CLONAZEPAM, SYMPTOM, DRUG = MYO["0001065"], MYO["0000009"], MYO["0000012"]


@pytest.fixture(scope="module")
def base(fresh_build) -> Graph:
    return Graph().parse(fresh_build / f"{BASE_RELEASE.stem}.nt")


@pytest.fixture(scope="module")
def full(fresh_build) -> Graph:
    return Graph().parse(fresh_build / f"{FULL_RELEASE.stem}.nt")


def labels(graph: Graph, nodes) -> set[str]:
    return {str(graph.value(n, RDFS.label)) for n in nodes}


def inferred_only(base: Graph, full: Graph, triple) -> bool:
    return triple in full and triple not in base


def test_inverse_property_goes_from_a_symptom_to_its_disorders(base, full):
    symptom_of = MYO["0000104"]
    assert inferred_only(base, full, (JERKING, symptom_of, OMS))
    assert labels(full, full.objects(JERKING, symptom_of)) == {
        "opsoclonus myoclonus", "multiple sclerosis", "Parkinson's disease", "Alzheimer's disease",
        "Creutzfeldt-Jakob disease", "epilepsy", "nervous system disorder"}


def test_property_chain_turns_treatment_records_into_direct_links(base, full):
    has_treatment = MYO["0000110"]
    assert inferred_only(base, full, (MYOCLONUS, has_treatment, CLONAZEPAM))
    assert labels(full, full.objects(OMS, has_treatment)) == {
        "corticosteroid", "adrenocorticotropic hormone", "chemotherapy", "surgery", "radiation therapy"}
    assert not list(base.objects(OMS, has_treatment))


@pytest.mark.parametrize(("cls", "members"), [
    ("0000060", {"opsoclonus myoclonus", "myoclonus"}),                     # tumor-associated disorder
    ("0000061", {"barbiturate", "phenytoin", "primidone"}),                 # treatment used for epilepsy
    ("0000062", {"clonazepam"}),                                           # first-choice treatment
    ("0000063", {"chemotherapy", "surgery", "radiation therapy"}),           # tumor-dependent treatment
    ("0000010", {"simple myoclonus", "widespread myoclonus", "spreading myoclonus", "severe myoclonus"}),
])
def test_defined_class_is_filled_by_the_reasoner_only(base, full, cls, members):
    assert labels(full, full.subjects(RDF.type, MYO[cls])) == members
    assert not list(base.subjects(RDF.type, MYO[cls]))


def test_associated_condition_is_computed_from_both_meanings_of_myoclonus(full):
    conditions = labels(full, full.objects(MYOCLONUS, MYO["0000106"]))
    assert {"stroke", "brain tumor", "infection, unspecified"} <= conditions          # from the myoclonus page's list
    assert {"multiple sclerosis", "epilepsy", "opsoclonus myoclonus"} <= conditions  # where the sign occurs
    assert (EPILEPSY, RDF.type, MYO["0000004"]) in full


def test_disorder_and_sign_queries_return_their_own_meaning(full):
    """'myoclonus' the disorder has treatments and research; 'myoclonic jerking' the sign has hosts."""
    prefix = "PREFIX MYO: <https://w3id.org/myoclonus-ontology/MYO_>\n"
    treated = {str(r[0]) for r in full.query(prefix + """SELECT ?l WHERE {
        MYO:0001002 MYO:0000110 ?t . ?t rdfs:label ?l }""")}
    assert {"clonazepam", "sodium valproate", "phenytoin"} <= treated
    assert not list(full.objects(JERKING, MYO["0000111"]))  # the sign is treated by nothing
    hosts = {str(r[0]) for r in full.query(prefix + """SELECT ?l WHERE {
        ?c MYO:0000103 MYO:0001031 . ?c rdfs:label ?l }""")}
    assert "opsoclonus myoclonus" in hosts and "myoclonus" not in hosts
    assert (MYOCLONUS, RDF.type, MYO["0000003"]) in full and (JERKING, RDF.type, SYMPTOM) in full
    assert full.value(MYOCLONUS, MYO["0000146"]) == JERKING


def test_full_release_says_which_release_it_is(full, base):
    full_comment = str(full.value(URIRef("https://w3id.org/myoclonus-ontology/myo-full.owl"), RDFS.comment))
    assert full_comment.startswith("Full release")
    assert (None, OWL.versionIRI, None) in base
    assert len(full) > len(base) + 200


def test_drug_typed_as_symptom_is_an_inconsistency_naming_the_entity(project):
    graph = load_ontology(project)
    graph.add((CLONAZEPAM, RDF.type, SYMPTOM))
    with pytest.raises(BuildError) as err:
        reason(graph, NodeLocator(project), cache=None)
    text = str(err.value)
    assert "inconsistent" in text
    assert "'clonazepam' (MYO:0001065)" in text
    assert "'symptom' (MYO:0000009)" in text and "'treatment' (MYO:0000011)" in text
    assert "ontology/entities.tsv:" in text
    assert "it is typed 'symptom' (MYO:0000009) and 'drug' (MYO:0000012)" in text
    assert "[found by qc:disjoint-kinds]" in text


def test_unsatisfiable_class_is_named_with_its_cause(project):
    graph = load_ontology(project)
    bad = MYO["0000099"]
    graph.add((bad, RDF.type, OWL.Class))
    graph.add((bad, RDFS.label, Literal("drug that is a symptom", lang="en")))
    graph.add((bad, RDFS.subClassOf, DRUG))
    graph.add((bad, RDFS.subClassOf, SYMPTOM))
    for p in (IAO["0000115"], SKOS.definition):
        graph.add((bad, p, Literal("An impossible class.", lang="en")))
    with pytest.raises(BuildError) as err:
        reason(graph, NodeLocator(project), cache=None)
    assert "unsatisfiable" in str(err.value)
    assert "'drug that is a symptom' (MYO:0000099)" in str(err.value)
    assert "which are disjoint" in str(err.value)


def test_diagnosis_finds_qualifier_outside_its_closed_list(asserted):
    graph = asserted + Graph()
    graph.add((MYO["0001037"], RDF.type, MYO["0000051"]))  # lethargy typed as a modality
    messages = [p.message for p in diagnose(graph)]
    assert any("closed list" in m for m in messages)


def test_diagnosis_finds_two_values_of_a_functional_data_property(asserted):
    """The diagnosis is validation itself: the shapes and the QC queries, not rules of its own."""
    graph = asserted + Graph()
    graph.add((MYO["0002059"], MYO["0000200"], Literal(False)))  # valproate both usable alone and not
    problems = diagnose(graph)
    assert [p.node for p in problems] == [
        "'sodium valproate is an alternative treatment for myoclonus, usable alone, combinable with "
        "clonazepam' (MYO:0002059)"]
    assert "found by myosh:TreatmentStatementShape-alone" in problems[0].message


def test_missing_java_is_a_message_not_a_traceback(project, monkeypatch):
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(BuildError) as err:
        reason(load_ontology(project), cache=None)
    assert err.value.exit_code == 2
    assert "Java 17 or newer is needed" in str(err.value) and "openjdk-17-jre-headless" in str(err.value)


def test_consistent_sources_reason_cleanly(asserted, project, tmp_path):
    first = reason(asserted, cache=tmp_path)
    again = reason(asserted, cache=tmp_path)
    assert not first.cached and again.cached
    assert set(first.inferred) == set(again.inferred)
    assert len(first.inferred) > 200
