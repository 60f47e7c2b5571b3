"""The shapes as SPARQL give the SHACL engines' findings; `myo validate --endpoint` gives file validation's."""

from __future__ import annotations

import json
import re
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from myoclonus_ontology.endpoint import OXIGRAPH, free_port, start
from myoclonus_ontology.graph_io import oxigraph_triples
from myoclonus_ontology.namespaces import SH
from myoclonus_ontology.shapes_sparql import UnsupportedShapeError, shape_queries
from myoclonus_ontology.synth import write
from myoclonus_ontology.validate import run_shacl
from myoclonus_ontology.validate_endpoint import shape_findings, store_select

from .conftest import run_myo
from .test_shacl_engines import mutated

STORED = re.compile(r"\^\^<http://www\.w3\.org/2001/XMLSchema#(nonNegative|positive|negative|nonPositive)Integer>")


def comparable(findings) -> set[tuple]:
    """Focus, shape, path, value, severity, message; a blank node is any blank node, and an integer-derived
    datatype is xsd:integer (a store keeps the value, not the declared type: shapes_sparql.py)."""
    def value(text):
        return STORED.sub("^^<http://www.w3.org/2001/XMLSchema#integer>", text) if text else text
    return {("_:" if f.focus.startswith("_:") else f.focus, f.source, f.path, value(f.value), f.severity, f.message)
            for f in findings}


def sparql_findings(graph: Graph, shapes: Graph) -> set[tuple]:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in oxigraph_triples(graph))
    return comparable(shape_findings(store_select(store), shape_queries(shapes), shapes))


@pytest.mark.parametrize("release", ["base", "full"])
@pytest.mark.parametrize("half", [0, 1])
def test_shapes_as_sparql_equal_the_engines_on_the_mutants(releases, mutants, shapes, release, half):
    graph = mutated(releases[release], [m for m in mutants if m.release == release][half::2])
    reference = comparable(run_shacl(graph, shapes, "turbo")[0])  # = pySHACL's (test_shacl_engines)
    assert len(reference) >= 5
    assert sparql_findings(graph, shapes) == reference


def test_every_constraint_of_the_shapes_becomes_a_query(shapes):
    queries = shape_queries(shapes)
    kinds = {q.component for q in queries}
    assert kinds >= {"sh:class", "sh:datatype", "sh:minCount", "sh:maxCount", "sh:or", "sh:not", "sh:in",
                     "sh:hasValue", "sh:pattern", "sh:nodeKind", "sh:qualifiedValueShape", "sh:lessThan",
                     "sh:equals", "sh:disjoint", "sh:languageIn", "sh:minLength"}
    assert len(queries) >= 250


def test_an_unsupported_constraint_is_refused_by_name(shapes):
    extended = Graph()
    extended += shapes
    shape = URIRef("https://example.org/ClosedShape")
    extended.add((shape, SH.targetClass, URIRef("https://example.org/Thing")))
    extended.add((shape, SH.closed, ox_true()))
    with pytest.raises(UnsupportedShapeError, match="ClosedShape uses sh:closed"):
        shape_queries(extended)


def ox_true():
    from rdflib import Literal

    return Literal(True)


@pytest.fixture(scope="module")
def served(fresh_build, tmp_path_factory):
    """Faulty synthetic data (one copy of the records, 3% faults) and the full release, in an Oxigraph server:
    once in the default graph, once in a named graph."""
    folder = tmp_path_factory.mktemp("served")
    data = folder / "faulty.ttl"
    write(fresh_build / "myo-base.nt", data, 2000, fraction=0.03, seed=11)
    location = folder / "store"
    for graph in ([], ["--graph", "https://example.org/graphs/mine"]):
        for path in (data, fresh_build / "myo-full.nt"):
            subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file", str(path), *graph], check=True,
                           capture_output=True)
    running = start(location, read_only=True)
    yield data, running
    running.stop()


def report_of(result: subprocess.CompletedProcess) -> set[tuple]:
    assert result.returncode == 1, result.stderr
    results = json.loads(result.stdout)["reports"][0]["results"]
    return {("_:" if r["focus"].startswith("_:") else r["focus"], r["source"], r["path"], r["severity"],
             tuple(sorted(r["also"]))) for r in results}


@pytest.mark.slow
def test_endpoint_validation_gives_the_findings_of_file_validation(project, served):
    data, server = served
    from_file = report_of(run_myo(project.root, "validate", str(data), "--format", "json"))
    assert len(from_file) >= 2
    remote = run_myo(project.root, "validate", "--endpoint", server.query_url, "--format", "json")
    assert report_of(remote) == from_file
    assert json.loads(remote.stdout)["reports"][0]["shacl_engine"] == "SPARQL"
    named = run_myo(project.root, "validate", "--endpoint", server.query_url, "--graph",
                    "https://example.org/graphs/mine", "--format", "json")
    assert report_of(named) == from_file


@pytest.mark.slow
def test_an_unreachable_endpoint_exits_3(project):
    result = run_myo(project.root, "validate", "--endpoint", f"http://127.0.0.1:{free_port()}/query",
                     "--timeout", "5")
    assert result.returncode == 3, result.stderr
    assert "cannot reach" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_endpoint_must_be_an_http_url(project):
    result = run_myo(project.root, "validate", "--endpoint", "file:///etc/passwd")
    assert result.returncode == 2
    assert "must be an http:// or https:// URL" in result.stderr


# The translation's features that the project's shapes do not use (yet): each checked against pySHACL on data
# made to break it and to meet it, so a user's shapes with them get the engines' findings at an endpoint too.
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
"""
FEATURES = {  # each property shape says its own message: engines word their default messages differently
    "sh:xone": "sh:property [ sh:path ex:v ; sh:xone ( [ sh:datatype xsd:integer ] [ sh:minInclusive 5 ] ) ; M ]",
    "sh:and": "sh:property [ sh:path ex:v ; sh:and ( [ sh:datatype xsd:integer ] [ sh:maxExclusive 10 ] ) ; M ]",
    "sh:node": "sh:property [ sh:path ex:part ; sh:node ex:NamedShape ; M ]",
    "sh:minInclusive": "sh:property [ sh:path ex:v ; sh:minInclusive 3 ; M ]",
    "sh:maxInclusive": "sh:property [ sh:path ex:v ; sh:maxInclusive 7 ; M ]",
    "sh:minExclusive": "sh:property [ sh:path ex:v ; sh:minExclusive 3 ; M ]",
    "sh:maxExclusive": "sh:property [ sh:path ex:v ; sh:maxExclusive 7 ; M ]",
    "sh:maxLength": "sh:property [ sh:path ex:name ; sh:maxLength 4 ; M ]",
    "sh:lessThanOrEquals": "sh:property [ sh:path ex:v ; sh:lessThanOrEquals ex:w ; M ]",
    "sh:targetNode": "sh:targetNode ex:b, ex:p2 ; sh:property [ sh:path ex:name ; sh:minCount 1 ; M ]",
    "sh:not sh:node": "sh:property [ sh:path ex:part ; sh:not [ sh:node ex:NamedShape ] ; M ]",
}
DATA = PREFIXES + """
ex:a a ex:Thing ; ex:v 2 ; ex:w 1 ; ex:name "short" ; ex:part ex:p1 .
ex:b a ex:Thing ; ex:v 5 ; ex:w 9 ; ex:name "ok" ; ex:part ex:p2 .
ex:c a ex:Thing ; ex:v 12 ; ex:w 12 ; ex:part ex:p1 .
ex:d a ex:Thing ; ex:v "7" ; ex:name "toolong" .
ex:p1 ex:name "named" .
ex:p2 ex:label "no name" .
"""


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_each_feature_of_the_translation_gives_pyshacl_findings(feature):
    """And pyshacl-turbo's; each finding once: a nested sh:detail of pySHACL's (sh:node) is not a finding."""
    target = "" if feature == "sh:targetNode" else "sh:targetClass ex:Thing ; "
    shape = FEATURES[feature].replace("; M ]", "; sh:message 'broken' ]")
    shapes = Graph().parse(data=PREFIXES + f"ex:TestShape a sh:NodeShape ; {target}{shape} .\n"
                           "ex:NamedShape a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
                           format="turtle")
    data = Graph().parse(data=DATA, format="turtle")
    reference = comparable(run_shacl(data, shapes, "pyshacl")[0])
    assert reference, f"{feature}: the data was made to break it"
    assert len({f[0] for f in reference}) < 4, f"{feature}: and to meet it"
    assert sparql_findings(data, shapes) == reference
    assert comparable(run_shacl(data, shapes, "turbo")[0]) == reference
