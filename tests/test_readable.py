"""The readable JSON-LD: keys derived from the ontology's labels, one shape per key, the same graph as the release."""

from __future__ import annotations

import json
import subprocess

import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.namespaces import MYO
from myoclonus_ontology.prefixes import curie
from myoclonus_ontology.readable import CONTEXT_FILE, READABLE_SUFFIX, readable_jsonld, readable_vocabulary
from myoclonus_ontology.serialize import canonical_graph, ntriples

READABLE = f"myo-full{READABLE_SUFFIX}"
DISPUTED = MYO["0000299"]  # a property the ontology does not have: whether a statement is disputed


@pytest.fixture(scope="module")
def readable(fresh_build) -> dict:
    return json.loads((fresh_build / READABLE).read_text(encoding="utf-8"))


def keys_of(value: object) -> list[str]:
    """Every key of every object in a JSON value (the @context aside)."""
    if isinstance(value, dict):
        return [k for k, v in value.items() if k != "@context" for k in [k, *keys_of(v)]]
    if isinstance(value, list):
        return [k for item in value for k in keys_of(item)]
    return []


def is_opaque(key: str) -> bool:
    return ":" in key or key.startswith(("http", "_:"))


def same_graph(nquads: str, release: Graph) -> bool:
    """Compared by canonical N-Triples (RDFC-1.0 blank node labels), so blank nodes compare too."""
    return ntriples(canonical_graph(Graph().parse(data=nquads, format="nt"))) == ntriples(canonical_graph(release))


def test_under_five_percent_of_the_keys_are_curies_or_iris(readable):
    keys = keys_of(readable["@graph"])
    distinct = {k for k in keys if not k.startswith("@")}
    opaque = sorted(k for k in distinct if is_opaque(k))
    assert len(opaque) < 0.05 * len(distinct), opaque
    assert sum(map(is_opaque, keys)) < 0.05 * len(keys)
    assert {"id", "type", "label", "definition", "hasSymptom", "reportsTreatment", "hasTreatmentRank",
            "sourceQuote", "quoteStart"} <= distinct


def test_it_expands_to_the_release_in_pyld(readable, releases):
    assert same_graph(jsonld.to_rdf(readable, {"format": "application/n-quads"}), releases["full"])


def test_it_expands_to_the_release_in_the_javascript_reference_processor(project, fresh_build, releases):
    run = subprocess.run(["node", "scripts/js/jsonld-to-nquads.mjs", str(fresh_build / READABLE)],
                         capture_output=True, text=True, cwd=project.root, check=True)
    assert same_graph(run.stdout, releases["full"])


def test_its_context_is_published_and_shapes_values_predictably(readable, fresh_build):
    context = json.loads((fresh_build / CONTEXT_FILE).read_text(encoding="utf-8"))["@context"]
    assert readable["@context"] == context
    assert context["@language"] == "en" and context["type"] == {"@id": "@type", "@container": "@set"}
    assert context["hasSymptom"] == {"@id": "MYO:0000103", "@type": "@id", "@container": "@set"}  # repeats
    assert context["aboutCondition"] == {"@id": "MYO:0000100", "@type": "@id"}                    # functional
    assert context["quoteStart"] == {"@id": "MYO:0000251", "@type": "xsd:nonNegativeInteger"}
    assert context["sourceQuote"] == {"@id": "MYO:0000250", "@language": None}                    # plain strings
    assert context["definition"] == "IAO:0000115" and context["skosDefinition"] == "skos:definition"
    assert context["Drug"] == "MYO:0000012"
    clonazepam = next(n for n in readable["@graph"] if n["id"] == "MYO:0001065")
    assert clonazepam["label"] == "clonazepam" and "Drug" in clonazepam["type"]
    assert isinstance(clonazepam["quoteStart"], int) and isinstance(clonazepam["treatmentFor"], list)


def test_framing_by_label_finds_the_disorder(readable):
    document = {"@context": readable["@context"],
                "@graph": [n for n in readable["@graph"] if str(n.get("id", "")).startswith("MYO:00010")]}
    framed = jsonld.frame(document, {"@context": readable["@context"], "label": "opsoclonus myoclonus"})
    assert framed["id"] == "MYO:0001001" and framed["hasSymptom"]


def with_triples(graph: Graph, *triples: tuple) -> Graph:
    changed = Graph()
    changed += graph
    for triple in triples:
        changed.add(triple)
    return changed


def test_a_new_property_gets_its_key_and_shape_from_its_declaration(releases, shapes):
    full = with_triples(releases["full"], (DISPUTED, RDF.type, OWL.DatatypeProperty),
                        (DISPUTED, RDF.type, OWL.FunctionalProperty),
                        (DISPUTED, RDFS.label, Literal("is disputed", lang="en")),
                        (DISPUTED, RDFS.range, Literal(True).datatype),
                        (MYO["0002024"], DISPUTED, Literal(True)))
    vocabulary = readable_vocabulary(full, shapes)
    assert vocabulary.context()["isDisputed"] == "MYO:0000299"
    document = json.loads(readable_jsonld(full, vocabulary))
    claim = next(n for n in document["@graph"] if n["id"] == "MYO:0002024")
    assert claim["isDisputed"] is True


@pytest.mark.parametrize(("extra", "named"), [
    # two labels giving one key: both terms named
    ([(DISPUTED, RDF.type, OWL.ObjectProperty), (DISPUTED, RDFS.label, Literal("has symptom", lang="en"))],
     ["MYO:0000299", "MYO:0000103", "hasSymptom"]),
    # a property of our own without a label
    ([(DISPUTED, RDF.type, OWL.DatatypeProperty)], ["MYO:0000299", "no label"]),
    # values of two kinds (an IRI and a string) cannot share one term
    ([(DISPUTED, RDF.type, OWL.AnnotationProperty), (DISPUTED, RDFS.label, Literal("is disputed", lang="en")),
      (MYO["0002024"], DISPUTED, Literal("no")), (MYO["0002025"], DISPUTED, MYO["0001001"])],
     ["MYO:0000299", "several kinds"]),
    # a label that gives a reserved key
    ([(DISPUTED, RDF.type, OWL.ObjectProperty), (DISPUTED, RDFS.label, Literal("type", lang="en"))],
     ["MYO:0000299", "keyword alias 'type'"]),
])
def test_a_key_that_cannot_be_derived_is_an_error_naming_the_terms(releases, shapes, extra, named):
    with pytest.raises(BuildError) as err:
        readable_vocabulary(with_triples(releases["full"], *extra), shapes)
    text = str(err.value)
    assert all(n in text for n in named), text


def test_every_key_is_a_term_of_the_ontology_with_its_label(releases, shapes):
    vocabulary = readable_vocabulary(releases["full"], shapes)
    ours = {t for t in vocabulary.terms if str(t.iri).startswith(str(MYO))}
    assert {curie(t.iri) for t in ours} >= {"MYO:0000103", "MYO:0000250", "MYO:0000030"}
    assert all(t.label for t in ours)
    assert vocabulary.by_iri[URIRef(str(MYO["0000112"]))].key == "hasTreatmentRank"
