"""One JSON document per disorder: valid against its published schema, true to the release, no claim left out."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from myoclonus_ontology.disorder_json import SCHEMA_FILE, check_document, disorder_documents, document_graph, sections
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.namespaces import MYO
from myoclonus_ontology.prefixes import curie
from myoclonus_ontology.queries import store_of
from myoclonus_ontology.readable import readable_vocabulary
from myoclonus_ontology.serialize import canonical_graph, ntriples

# Independent of the document builder: which statements name which disorder, and what each says.
CLAIMS_NAMING = """
PREFIX MYO: <https://w3id.org/myoclonus-ontology/MYO_>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?disorder ?claim WHERE {
  ?disorder a MYO:0000003 .
  ?claim a/rdfs:subClassOf* MYO:0000030 ; ?link ?disorder .
  ?link a owl:ObjectProperty .
}"""
WHAT_A_CLAIM_SAYS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
CONSTRUCT { ?claim ?p ?o } WHERE { ?claim ?p ?o FILTER (?o != owl:NamedIndividual) }"""


@pytest.fixture(scope="module")
def folder(fresh_build):
    return fresh_build / "json"


@pytest.fixture(scope="module")
def documents(folder) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
            if p.name != SCHEMA_FILE}


@pytest.fixture(scope="module")
def validator(folder) -> Draft202012Validator:
    schema = json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def vocabulary(releases, shapes):
    return readable_vocabulary(releases["full"], shapes)


@pytest.fixture(scope="module")
def claims_by_disorder(releases) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in store_of(releases["full"]).query(CLAIMS_NAMING):
        found.setdefault(curie(URIRef(row["disorder"].value)), set()).add(curie(URIRef(row["claim"].value)))
    return found


def sections_of(document: dict) -> list[str]:
    return [k for k, v in document["@context"].items() if v == "@included"]


def claim_ids(document: dict) -> set[str]:
    return {item["id"] for key in sections_of(document) for item in document[key] if "id" in item}


def test_a_document_for_every_disorder_some_claim_names(documents, claims_by_disorder):
    assert sorted(d["id"] for d in documents.values()) == sorted(claims_by_disorder)
    assert {"opsoclonus-myoclonus.json", "myoclonus.json", "alzheimers-disease.json"} <= set(documents)


def test_every_document_meets_the_published_schema(documents, validator):
    errors = {name: [e.message for e in validator.iter_errors(doc)][:3] for name, doc in documents.items()}
    assert {name: found for name, found in errors.items() if found} == {}


@pytest.mark.parametrize(("break_it", "expected"), [
    (lambda d: d["treatmentStatements"][0].__setitem__("MYO:0000112", "MYO:0000315"), "MYO:0000112"),
    (lambda d: d["treatmentStatements"][0].__setitem__("hasModality", [d["treatmentStatements"][0]["hasModality"]]),
     "is not of type 'object'"),
    (lambda d: d["treatmentStatements"][0].pop("sourceQuote"), "sourceQuote"),
    (lambda d: d["treatmentStatements"][0].__setitem__("quoteStart", "538"), "is not of type 'integer'"),
    (lambda d: d.pop("symptomStatements"), "symptomStatements"),
    (lambda d: d["symptomStatements"][0].__setitem__("type", ["MYO:0000031"]), "MYO:0000031"),
])
def test_the_schema_rejects_a_broken_document(documents, validator, break_it, expected):
    broken = copy.deepcopy(documents["opsoclonus-myoclonus.json"])
    break_it(broken)
    messages = messages_of(validator.iter_errors(broken))
    assert any(expected in m for m in messages), messages


def messages_of(errors) -> list[str]:
    """Every error's message, with those of the alternatives an anyOf tried."""
    return [m for e in errors for m in [e.message, *messages_of(e.context or [])]]


def test_every_claim_naming_a_disorder_is_in_its_document_with_all_it_says(documents, claims_by_disorder, releases):
    for name, document in documents.items():
        assert claim_ids(document) == claims_by_disorder[document["id"]], name
        found = document_graph(document)
        for claim in sorted(claims_by_disorder[document["id"]]):
            # rdflib, not Oxigraph: Oxigraph's store reads xsd:nonNegativeInteger back as xsd:integer
            said = releases["full"].query(WHAT_A_CLAIM_SAYS, initBindings={"claim": MYO[claim.split(":")[1]]})
            missing = [t for t in said if t not in found]
            assert len(said) > 5 and missing == [], f"{name}: {claim} lacks {missing}"


def test_every_document_expands_to_triples_of_the_release(documents, releases, vocabulary):
    store = store_of(releases["full"])
    for name, document in documents.items():
        disorder = URIRef(MYO[document["id"].split(":")[1]])
        assert check_document(releases["full"], vocabulary, disorder, document, name, store) == []


@pytest.mark.parametrize(("mutate", "named", "says"), [
    # a claim dropped: named by id and label
    (lambda d: d["treatmentStatements"].pop(1), "MYO:0002051", "'clonazepam is a first choice treatment for "
                                                               "myoclonus' is missing"),
    # a qualifier dropped: the claim is named with what it lacks
    (lambda d: d["treatmentStatements"][1].pop("hasTreatmentRank"), "MYO:0002051", "lacks hasTreatmentRank"),
    # a hedge turned into a plain fact: a triple the release does not have
    (lambda d: d["treatmentStatements"][-1]["hasModality"].__setitem__("id", "MYO:0000300"), "MYO:0002060",
     "states what the full release does not"),
    # an offset moved
    (lambda d: d["treatmentStatements"][1].__setitem__("quoteStart", 2415), "MYO:0002051", "quoteStart 2415"),
])
def test_a_broken_document_fails_the_check_naming_the_claim(documents, releases, vocabulary, mutate, named, says):
    broken = copy.deepcopy(documents["myoclonus.json"])
    mutate(broken)
    problems = check_document(releases["full"], vocabulary, MYO["0001002"], broken, "json/myoclonus.json")
    text = "\n".join(str(p) for p in problems)
    assert named in text and says in text, text


def test_the_javascript_reference_processor_reads_a_document_as_pyld_does(project, folder, documents):
    path = folder / "opsoclonus-myoclonus.json"
    run = subprocess.run(["node", "scripts/js/jsonld-to-nquads.mjs", str(path)], capture_output=True, text=True,
                         cwd=project.root, check=True)
    by_js = canonical_graph(Graph().parse(data=run.stdout, format="nt"))
    by_pyld = canonical_graph(Graph().parse(
        data=jsonld.to_rdf(documents[path.name], {"format": "application/n-quads"}), format="nt"))
    assert ntriples(by_js) == ntriples(by_pyld) and len(by_js) > 200


def test_hedged_claims_stay_hedged(documents, releases):
    document = documents["opsoclonus-myoclonus.json"]
    corticosteroid = next(c for c in document["treatmentStatements"]
                          if c["reportsTreatment"]["label"] == "corticosteroid")
    assert corticosteroid["hasModality"]["label"] == "possible" and "may include" in corticosteroid["sourceQuote"]
    assert releases["full"].value(MYO["0000301"], RDFS.label).value == "possible"


def test_the_example_reads_a_document_as_the_docs_say(project, folder):
    run = subprocess.run([sys.executable, "docs/examples/read_disorder.py", str(folder / "myoclonus.json")],
                         capture_output=True, text=True, cwd=project.root, check=True)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("myoclonus (MYO:0001002): ")
    assert "- clonazepam [asserted; first choice]" in lines
    assert "- sodium valproate [asserted; alternative; alone; with clonazepam]" in lines
    assert "- multiple-drug therapy [possible]" in lines
    assert any("The drug of first choice is clonazepam" in line and "characters 1154-1269" in line for line in lines)


def test_two_disorders_with_one_file_name_are_an_error_naming_both(releases, vocabulary):
    full = Graph()
    full += releases["full"]
    twin = MYO["0001999"]
    full.add((twin, RDF.type, MYO["0000003"]))
    full.add((twin, RDFS.label, Literal("Alzheimer\u2019s disease", lang="en")))   # a curly apostrophe
    full.add((MYO["0002035"], MYO["0000105"], twin))
    with pytest.raises(BuildError) as err:
        disorder_documents(full, vocabulary)
    assert "MYO:0001999" in str(err.value) and "json/alzheimers-disease.json" in str(err.value)
    assert "MYO:0001006" in str(err.value)


def test_a_section_key_that_is_also_a_term_is_an_error(releases, shapes):
    full = Graph()
    full += releases["full"]
    full.add((MYO["0000299"], RDF.type, OWL.ObjectProperty))
    full.add((MYO["0000299"], RDFS.label, Literal("symptom statements", lang="en")))
    with pytest.raises(BuildError) as err:
        sections(full, readable_vocabulary(full, shapes))
    assert "symptomStatements" in str(err.value) and "MYO:0000031" in str(err.value)
