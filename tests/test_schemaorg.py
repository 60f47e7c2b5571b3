"""The schema.org view: derived by CONSTRUCT, valid JSON-LD, checked by its own shapes."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.namespaces import MYO, SCHEMA
from myoclonus_ontology.schemaorg import VIEW_FILE, build_view, check_view


@pytest.fixture(scope="module")
def view(fresh_build) -> Graph:
    document = json.loads((fresh_build / VIEW_FILE).read_text(encoding="utf-8"))
    return Graph().parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}), format="nt")


def test_view_parses_in_pyld_and_rdflib_alike(fresh_build, view):
    assert len(view) == len(Graph().parse(fresh_build / VIEW_FILE, format="json-ld")) > 200


def test_disorders_are_medical_conditions_with_signs_and_treatments(view):
    oms = MYO["0001001"]
    assert (oms, RDF.type, SCHEMA.MedicalCondition) in view
    assert (oms, SCHEMA.signOrSymptom, MYO["0001032"]) in view                # opsoclonus
    assert (MYO["0001032"], RDF.type, SCHEMA.MedicalSignOrSymptom) in view
    assert (oms, SCHEMA.drug, MYO["0001061"]) in view                          # ACTH
    assert (oms, SCHEMA.riskFactor, MYO["0001008"]) in view                    # tumors
    assert (oms, SCHEMA.sameAs, URIRef("http://purl.obolibrary.org/obo/MONDO_0015247")) in view
    assert (oms, SCHEMA.epidemiology, Literal("opsoclonus myoclonus is often seen in children with tumor, unspecified",
                                              lang="en")) in view


def test_treatments_get_their_schema_types_from_their_mappings(view):
    assert (MYO["0001063"], RDF.type, SCHEMA.SurgicalProcedure) in view       # surgery
    assert (MYO["0001064"], RDF.type, SCHEMA.RadiationTherapy) in view        # radiation therapy
    assert (MYO["0001062"], RDF.type, SCHEMA.MedicalTherapy) in view          # chemotherapy
    assert (MYO["0001065"], RDF.type, SCHEMA.Drug) in view                    # clonazepam
    assert (MYO["0001065"], SCHEMA.drugClass, MYO["0001066"]) in view         # a tranquilizer
    assert (MYO["0001066"], RDF.type, SCHEMA.DrugClass) in view


def test_research_bodies_are_organizations_that_know_about_their_topics(view):
    ninds = MYO["0001090"]
    assert (ninds, RDF.type, SCHEMA.Organization) in view
    assert (ninds, SCHEMA.knowsAbout, MYO["0001002"]) in view
    assert (ninds, SCHEMA.alternateName, Literal("NINDS", lang="en")) in view


def test_view_is_described_as_a_dataset(view):
    dataset = URIRef("https://w3id.org/myoclonus-ontology/myo-full.owl")
    assert (dataset, RDF.type, SCHEMA.Dataset) in view
    assert (dataset, SCHEMA.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in view


def test_view_meets_its_shapes_and_a_broken_one_does_not(project, releases):
    view = build_view(project, releases["full"])
    check_view(project, view)
    view.remove((MYO["0001065"], SCHEMA.name, None))
    view.add((MYO["0001001"], SCHEMA.signOrSymptom, MYO["0001065"]))          # a drug as a symptom
    with pytest.raises(BuildError) as err:
        check_view(project, view)
    text = str(err.value)
    assert "MYO:0001065" in text and "schema:name" in text
    assert "MYO:0001001" in text and "MedicalSignOrSymptom" in text
