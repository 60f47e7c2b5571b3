"""Own queries for the ROBOT report profile's ERROR checks: each finds its fault and names the node; no
artifact of the release has any; the writers refuse what they cannot write, naming the node."""

from __future__ import annotations

import pytest
from rdflib import Graph

from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.owl_functional import functional_syntax
from myoclonus_ontology.rdfxml import rdfxml
from myoclonus_ontology.validate import REPORT_FOLDER, REPORT_SUFFIX, load_checks, run_checks

# ROBOT's report_profile.txt, ERROR level (and invalid_xref, a WARN enforced here)
ROBOT_ERRORS = {
    "deprecated_boolean_datatype", "deprecated_class_reference", "deprecated_property_reference",
    "duplicate_definition", "duplicate_label", "illegal_use_of_built_in_vocabulary", "label_formatting",
    "label_whitespace", "missing_label", "missing_ontology_description", "missing_ontology_license",
    "missing_ontology_title", "misused_obsolete_label", "misused_replaced_by", "multiple_definitions",
    "multiple_equivalent_class_definitions", "multiple_labels", "invalid_xref",
}
HEADER = """@prefix ex: <http://example.org/> .
@prefix IAO: <http://purl.obolibrary.org/obo/IAO_> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oboInOwl: <http://www.geneontology.org/formats/oboInOwl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
CLEAN = HEADER + """ex:o a owl:Ontology ; dcterms:title "t" ; dcterms:description "d" ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> .
ex:A a owl:Class ; rdfs:label "a" ; IAO:0000115 "An a." .
ex:B a owl:Class ; rdfs:label "b" ; IAO:0000115 "A b." ; rdfs:subClassOf ex:A .
"""
# check → (a fault added to the clean fixture, the node it must name)
FAULTS = {
    "deprecated_boolean_datatype": ('ex:B owl:deprecated "yes" .', "<http://example.org/B>"),
    "deprecated_class_reference": ("ex:A owl:deprecated true .", "<http://example.org/A>"),
    "deprecated_property_reference": ('ex:p a owl:ObjectProperty ; rdfs:label "p" ; owl:deprecated true . '
                                      "ex:A ex:p ex:B .", "<http://example.org/p>"),
    "duplicate_definition": ('ex:B IAO:0000115 "An a." .', "<http://example.org/B>"),
    "duplicate_label": ('ex:B rdfs:label "a" .', "<http://example.org/B>"),
    "illegal_use_of_built_in_vocabulary": ('rdf:type rdfs:label "type" .', "rdf:type"),
    "label_formatting": ('ex:C a owl:Class ; rdfs:label "c\\tc" .', "<http://example.org/C>"),
    "label_whitespace": ('ex:C a owl:Class ; rdfs:label "c " .', "<http://example.org/C>"),
    "missing_label": ('ex:C a owl:Class ; rdfs:subClassOf ex:A .', "<http://example.org/C>"),
    "missing_ontology_description": ("ex:o2 a owl:Ontology ; dcterms:title \"t\" ; dcterms:license ex:l .",
                                     "<http://example.org/o2>"),
    "missing_ontology_license": ('ex:o2 a owl:Ontology ; dcterms:title "t" ; dcterms:description "d" .',
                                 "<http://example.org/o2>"),
    "missing_ontology_title": ('ex:o2 a owl:Ontology ; dcterms:description "d" ; dcterms:license ex:l .',
                               "<http://example.org/o2>"),
    "misused_obsolete_label": ('ex:C a owl:Class ; rdfs:label "obsolete c" .', "<http://example.org/C>"),
    "misused_replaced_by": ("ex:B <http://purl.obolibrary.org/obo/IAO_0100001> ex:A .", "<http://example.org/B>"),
    "multiple_definitions": ('ex:B IAO:0000115 "Another b." .', "<http://example.org/B>"),
    "multiple_equivalent_class_definitions": (
        "ex:p a owl:ObjectProperty ; rdfs:label \"p\" . ex:C a owl:Class ; rdfs:label \"c\" ; "
        "owl:equivalentClass [ owl:intersectionOf ( ex:A ex:B ) ], "
        "[ owl:intersectionOf ( ex:A [ a owl:Restriction ; owl:onProperty ex:p ; owl:someValuesFrom ex:B ] ) ] .",
        "<http://example.org/C>"),
    "multiple_labels": ('ex:B rdfs:label "bee" .', "<http://example.org/B>"),
    "invalid_xref": ('ex:B oboInOwl:hasDbXref "MONDO 0005027" .', "<http://example.org/B>"),
}


@pytest.fixture(scope="module")
def checks(project):
    return {c.name: c for c in load_checks(project, REPORT_FOLDER, REPORT_SUFFIX)}


def test_every_error_check_of_the_robot_profile_has_its_query(checks):
    assert set(checks) == ROBOT_ERRORS == set(FAULTS)
    assert all(c.title and c.description for c in checks.values())


def test_the_clean_fixture_passes_every_check(checks):
    assert run_checks(Graph().parse(data=CLEAN, format="turtle"), list(checks.values()), None) == []


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_check_finds_its_fault_and_names_the_node(checks, name):
    fault, node = FAULTS[name]
    graph = Graph().parse(data=CLEAN + fault, format="turtle")
    findings = run_checks(graph, [checks[name]], None)
    assert node in {f.focus for f in findings} and all(f.message for f in findings)


@pytest.mark.parametrize("stem", ["myo-base", "myo-full", "myo-classes"])
def test_no_artifact_has_a_robot_report_error(fresh_build, checks, stem):
    graph = parse_file(fresh_build / f"{stem}.ttl")
    assert run_checks(graph, list(checks.values()), None) == []


def test_the_writers_refuse_what_they_cannot_write_and_name_the_node():
    declared = CLEAN + "IAO:0000115 a owl:AnnotationProperty . "
    assert b"SubClassOf(<http://example.org/B> <http://example.org/A>)" in functional_syntax(
        Graph().parse(data=declared, format="turtle"))
    undeclared = Graph().parse(data=declared + 'ex:B ex:undeclared "x" .', format="turtle")
    with pytest.raises(BuildError) as err:
        functional_syntax(undeclared)
    assert err.value.problems[0].node == "<http://example.org/B>"
    no_element_name = Graph().parse(data=CLEAN + 'ex:B <http://example.org/9> "x" .', format="turtle")
    with pytest.raises(BuildError) as err:
        rdfxml(no_element_name)
    assert err.value.problems[0].node == "<http://example.org/9>"


def test_the_rdfxml_layout_is_the_conventional_one(fresh_build):
    text = (fresh_build / "myo-classes.owl").read_text(encoding="utf-8")
    body = text.split(">", 2)[2]
    assert body.lstrip().startswith('<owl:Ontology rdf:about="https://w3id.org/myoclonus-ontology/myo-classes.owl"')
    assert "xmlns" not in body and "rdf:Description" not in body
    assert '<owl:Class rdf:about="https://w3id.org/myoclonus-ontology/MYO_0001002">' in text
