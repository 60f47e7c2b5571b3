"""Shapes and ontology agree, and the check says so when they do not."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from myoclonus_ontology.graph_io import load_ontology
from myoclonus_ontology.namespaces import MYO, SH
from myoclonus_ontology.shape_coverage import check_agreement
from myoclonus_ontology.validate import load_shapes


def test_shapes_and_ontology_agree(project, asserted):
    assert check_agreement(asserted, load_shapes(project)) == []


def test_class_without_a_shape_is_reported(project):
    ontology = load_ontology(project)
    ontology.add((MYO["0000098"], RDF.type, OWL.Class))
    ontology.add((MYO["0000098"], RDFS.label, Literal("orphan class", lang="en")))
    problems = check_agreement(ontology, load_shapes(project))
    assert [p.node for p in problems] == ["MYO:0000098"]
    assert "'orphan class' (MYO:0000098) is covered by no shape" in problems[0].message


@pytest.mark.slow
def test_property_without_a_shape_is_reported(project):
    ontology = load_ontology(project)
    ontology.add((MYO["0000199"], RDF.type, OWL.ObjectProperty))
    problems = check_agreement(ontology, load_shapes(project))
    assert [p.node for p in problems] == ["MYO:0000199"]
    assert "is the sh:path of no shape" in problems[0].message


def test_undeclared_path_and_unknown_class_are_reported(project, asserted):
    shapes = load_shapes(project)
    shape = URIRef("https://w3id.org/myoclonus-ontology/shapes/StatementShape-modality")
    shapes.set((shape, SH.path, MYO["0000198"]))
    shapes.add((shape, SH["class"], MYO["0000097"]))
    messages = [p.message for p in check_agreement(asserted, shapes)]
    assert any("sh:path MYO:0000198 is not declared" in m for m in messages)
    assert any("MYO:0000097 as a class, but the ontology declares no such class" in m for m in messages)


def test_shape_without_message_or_with_a_fragment_is_reported(project, asserted):
    shapes = load_shapes(project)
    shape = URIRef("https://w3id.org/myoclonus-ontology/shapes/StatementShape-modality")
    shapes.remove((shape, SH.message, None))
    other = URIRef("https://w3id.org/myoclonus-ontology/shapes/StatementShape-label")
    shapes.set((other, SH.message, Literal("bad label", lang="en")))
    problems = check_agreement(asserted, shapes)
    assert {p.node for p in problems} == {"myosh:StatementShape-modality", "myosh:StatementShape-label"}
