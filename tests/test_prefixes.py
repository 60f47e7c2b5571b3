"""One prefix handling: every CURIE is made and read by a curies converter from prefixes.py."""

from __future__ import annotations

import curies
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from myoclonus_ontology.namespaces import IAO, MYO, RO, SHAPES
from myoclonus_ontology.prefixes import (
    RELEASE_PREFIXES,
    SHAPE_PREFIXES,
    compress,
    curie,
    expand,
    prefix_of,
    project_converter,
    shorten_iris,
    split,
    write_prefix_map,
)
from myoclonus_ontology.schemaorg import VIEW_PREFIXES


@pytest.mark.parametrize(("node", "shown"), [
    (MYO["0001002"], "MYO:0001002"),
    (IAO["0000115"], "IAO:0000115"),
    (RDFS.label, "rdfs:label"),
    (URIRef("http://example.org/x"), "<http://example.org/x>"),  # no release prefix fits
    (URIRef(str(MYO)), f"<{MYO}>"),                               # the namespace itself has no local part
    (BNode("b0"), "_:b0"),
    (Literal("text"), "text"),
])
def test_curie_is_the_shortest_readable_form(node, shown):
    assert curie(node) == shown


def test_expand_reads_what_curie_writes_and_nothing_else():
    assert expand(curie(MYO["0001002"])) == MYO["0001002"]
    assert expand("<http://example.org/x>") == URIRef("http://example.org/x")
    for text in ("MYO:", "unknown:1", "http://example.org/x", "MYO://x", "plain", "<>"):
        assert expand(text) is None, text


def test_another_prefix_map_is_used_only_where_asked():
    assert curie(SHAPES.StatementShape, SHAPE_PREFIXES) == "myosh:StatementShape"
    assert curie(SHAPES.StatementShape) == f"<{SHAPES.StatementShape}>"
    assert expand("RO:0002200", {"RO": str(RO)}) == RO["0002200"]
    assert expand("RO:0002200") is None


def test_the_longest_namespace_wins_and_a_syntax_may_refuse_a_local_name():
    both = {"obo": "http://purl.obolibrary.org/obo/", "IAO": str(IAO)}
    assert split(IAO["0000115"], both) == ("IAO", "0000115")
    assert split(IAO["0000115"], both, str.isalpha) is None
    assert compress(IAO["0000115"], {"obo": both["obo"]}) == "obo:IAO_0000115"


def test_iris_in_a_message_are_shortened():
    message = f"{MYO['0000103']} is not allowed on {SKOS.exactMatch}, see <http://example.org/x>."
    assert shorten_iris(message) == "MYO:0000103 is not allowed on skos:exactMatch, see <http://example.org/x>."


def test_prefix_of_a_curie():
    assert prefix_of("MONDO:0015247") == "MONDO"
    assert prefix_of("no curie") == ""


def test_the_project_converter_adds_ro_and_the_mapping_prefixes_and_writes_a_readable_map(tmp_path):
    converter = project_converter({"MONDO": "http://purl.obolibrary.org/obo/MONDO_", "MYO": str(MYO)})
    assert converter.expand("myo:0001002") == str(MYO["0001002"])  # a synonym of MYO
    assert converter.compress(str(RO["0002200"])) == "RO:0002200"
    assert converter.expand("MONDO:0015247") == "http://purl.obolibrary.org/obo/MONDO_0015247"
    assert set(RELEASE_PREFIXES) <= set(converter.prefix_map)
    back = curies.load_extended_prefix_map(write_prefix_map(converter, tmp_path))
    assert back.prefix_map == converter.prefix_map


def test_the_schemaorg_view_prefixes_are_the_projects(project):
    from myoclonus_ontology.mappings import load_mapping_set

    converter = project_converter(load_mapping_set(project).curie_map)
    assert {p: converter.prefix_map.get(p) for p in VIEW_PREFIXES} == VIEW_PREFIXES
