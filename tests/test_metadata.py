"""Metadata that FAIR and OBO checkers read, on the ontology and on every term."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from myoclonus_ontology.model import our_properties
from myoclonus_ontology.namespaces import DEFINITION, VANN, is_ours
from myoclonus_ontology.prefixes import curie
from myoclonus_ontology.release import BASE_RELEASE, ontology_node

REQUIRED_HEADER = [DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.created,
                   OWL.versionIRI, OWL.versionInfo, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri]


def test_release_header_has_what_fair_checkers_read(fresh_build):
    graph = Graph().parse(fresh_build / f"{BASE_RELEASE.stem}.ttl")
    node = ontology_node(graph)
    assert node == URIRef("https://w3id.org/myoclonus-ontology/myo-base.owl")
    for prop in REQUIRED_HEADER:
        assert len(list(graph.objects(node, prop))) == 1, curie(prop)
    assert str(graph.value(node, DCTERMS.license)).startswith("https://creativecommons.org/licenses/")
    assert str(graph.value(node, OWL.versionIRI)).endswith("/myo-base.owl")
    assert len(list(graph.objects(node, DCTERMS.source))) == 2
    assert "Base release" in str(graph.value(node, RDFS.comment))


def test_every_term_has_one_label_and_one_definition_in_both_properties(asserted):
    terms = {c for c in asserted.subjects(RDF.type, OWL.Class) if is_ours(c)} | set(our_properties(asserted))
    assert len(terms) > 100
    for term in terms:
        labels = list(asserted.objects(term, RDFS.label))
        iao, skos = list(asserted.objects(term, DEFINITION)), list(asserted.objects(term, SKOS.definition))
        assert len(labels) == len(iao) == len(skos) == 1, curie(term)
        assert iao == skos, curie(term)
        assert isinstance(labels[0], Literal) and labels[0].language == "en"


def test_namespace_is_declared_once_and_used_consistently(asserted):
    node = ontology_node(asserted)
    assert str(asserted.value(node, VANN.preferredNamespaceUri)) == "https://w3id.org/myoclonus-ontology/MYO_"
    assert str(asserted.value(node, VANN.preferredNamespacePrefix)) == "MYO"
    ours = {s for s in asserted.subjects() if str(s).startswith("https://w3id.org/myoclonus-ontology/")}
    assert all(str(s)[len("https://w3id.org/myoclonus-ontology/MYO_"):].isdigit() for s in ours if s != node)


def test_qualifiers_are_data_not_prose(asserted):
    """The first-choice drug for myoclonus is a SPARQL question, not a comment to read."""
    rows = list(asserted.query("""
        PREFIX MYO: <https://w3id.org/myoclonus-ontology/MYO_>
        SELECT ?label WHERE {
          ?st MYO:0000100 MYO:0001002 ; MYO:0000108 ?drug ; MYO:0000112 MYO:0000315 .
          ?drug rdfs:label ?label .
        }"""))
    assert [str(r[0]) for r in rows] == ["clonazepam"]
    tumor_dependent = {str(r[0]) for r in asserted.query("""
        PREFIX MYO: <https://w3id.org/myoclonus-ontology/MYO_>
        SELECT ?label WHERE {
          ?st MYO:0000100 MYO:0001001 ; MYO:0000108 ?t ; MYO:0000114 MYO:0001008 .
          ?t rdfs:label ?label .
        }""")}
    assert tumor_dependent == {"chemotherapy", "surgery", "radiation therapy"}
    assert (None, RDF.type, OWL.NamedIndividual) in asserted


@pytest.mark.slow
def test_one_version_everywhere(asserted, project):
    """owl:versionInfo is the release date; the version IRI, the package version and the mapping set's version
    are that date, and the exports are dated by it (checked in test_exchange)."""
    import tomllib

    from myoclonus_ontology import __version__
    from myoclonus_ontology.mappings import load_mapping_set
    from myoclonus_ontology.release import version_of

    version = version_of(asserted)
    assert str(asserted.value(ontology_node(asserted), OWL.versionIRI)).endswith(f"/releases/{version}/myo.owl")
    dotted = ".".join(str(int(part)) for part in version.split("-"))
    assert __version__ == dotted
    assert tomllib.loads((project.root / "pyproject.toml").read_text())["project"]["version"] == dotted
    assert load_mapping_set(project).metadata["mapping_set_version"] == version
