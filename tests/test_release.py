"""The release: every artifact parses to the same graph in two implementations, byte for byte repeatable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic

from myoclonus_ontology.build import UNRELEASED
from myoclonus_ontology.release import BASE_RELEASE
from myoclonus_ontology.serialize import jsonld_context

from .conftest import edit

RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "owl": ox.RdfFormat.RDF_XML}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "owl": "xml", "jsonld": "json-ld"}


def release_files(folder: Path) -> dict[str, bytes]:
    """Every released file (screenshots left by the browser tests are not part of the release)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(UNRELEASED)}


def oxigraph_graph(path: Path, fmt: ox.RdfFormat) -> Graph:
    graph = Graph()
    graph.parse(data=ox.serialize(ox.parse(path=str(path), format=fmt), format=ox.RdfFormat.N_TRIPLES),
                format="nt")
    return graph


@pytest.fixture(scope="module")
def reference(fresh_build) -> Graph:
    return Graph().parse(fresh_build / f"{BASE_RELEASE.stem}.nt", format="nt")


@pytest.mark.parametrize("ext", ["ttl", "nt", "owl", "jsonld"])
def test_artifact_parses_to_the_same_graph_in_rdflib(fresh_build, reference, ext):
    graph = Graph().parse(fresh_build / f"{BASE_RELEASE.stem}.{ext}", format=RDFLIB_FORMATS[ext])
    assert len(graph) == len(reference)
    assert isomorphic(graph, reference)


@pytest.mark.parametrize("ext", ["ttl", "nt", "owl"])
def test_artifact_parses_to_the_same_graph_in_oxigraph(fresh_build, reference, ext):
    graph = oxigraph_graph(fresh_build / f"{BASE_RELEASE.stem}.{ext}", RDF_FORMATS[ext])
    assert isomorphic(graph, reference)


def test_jsonld_expands_to_the_same_graph_in_pyld(fresh_build, reference):
    document = json.loads((fresh_build / f"{BASE_RELEASE.stem}.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), reference)


def test_jsonld_is_compact_and_its_context_is_published(fresh_build):
    document = json.loads((fresh_build / f"{BASE_RELEASE.stem}.jsonld").read_text(encoding="utf-8"))
    published = json.loads((fresh_build / "myo-context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"] == jsonld_context()["@context"]
    ids = [node["@id"] for node in document["@graph"]]
    assert "MYO:0001065" in ids and ids == sorted(ids)


def test_owlready2_loads_the_rdfxml(fresh_build):
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology((fresh_build / f"{BASE_RELEASE.stem}.owl").as_uri()).load()
    clonazepam = world["https://w3id.org/myoclonus-ontology/MYO_0001065"]
    assert clonazepam is not None and "clonazepam" in [str(x) for x in clonazepam.label]
    assert len(list(onto.classes())) >= 50


@pytest.mark.slow
def test_two_builds_in_separate_processes_are_byte_identical(project, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"build-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "build", "--out", str(out)],
                       check=True, env=env, capture_output=True, cwd=project.root)
        outputs.append(release_files(out))
    assert outputs[0].keys() == outputs[1].keys()
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []


def test_committed_release_is_not_stale(project, fresh_build):
    """build/ must be rebuilt and committed whenever a source changes."""
    committed, fresh = release_files(project.build), release_files(fresh_build)
    missing = sorted(set(fresh) - set(committed))
    extra = sorted(set(committed) - set(fresh))
    stale = sorted(k for k in set(fresh) & set(committed) if fresh[k] != committed[k])
    assert (missing, extra, stale) == ([], [], []), "run `make build` and commit build/"


@pytest.mark.parametrize(("file", "old", "new", "exit_code", "named"), [
    # a quote that is not on its page: a check fails (1), naming the table, the row and the column
    ("statements/classification.tsv", "\tOpsoclonus myoclonus is a rare neurological disorder\t",
     "\tOpsoclonus myoclonus is a common neurological disorder\t", 1, "MYO:0002001: column 'quote'"),
    # a syntax error: unusable input (2), naming the file and line
    ("myo-edit.ttl", 'owl:versionInfo "', 'owl:versionInfo """', 2, "ontology/myo-edit.ttl:"),
])
@pytest.mark.slow
def test_failed_build_exits_non_zero_and_leaves_the_previous_build_intact(scratch, file, old, new, exit_code, named):
    before = release_files(scratch.build)
    edit(scratch.ontology / file, old, new)
    result = subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(scratch.root), "build"],
                            capture_output=True, text=True)
    assert result.returncode == exit_code
    assert f"ontology/{file}:" in result.stderr and named in result.stderr
    assert release_files(scratch.build) == before
    assert not [p for p in scratch.root.iterdir() if p.name.startswith(".build-")]


def test_checksums_list_every_artifact(fresh_build):
    listed = {line.split("  ", 1)[1] for line in (fresh_build / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(release_files(fresh_build)) - {"SHA256SUMS"}


def test_jsonld_expands_to_the_same_graph_in_the_javascript_reference_processor(project, fresh_build, reference):
    run = subprocess.run(["node", "scripts/js/jsonld-to-nquads.mjs", str(fresh_build / f"{BASE_RELEASE.stem}.jsonld")],
                         capture_output=True, text=True, cwd=project.root, check=True)
    assert isomorphic(Graph().parse(data=run.stdout, format="nt"), reference)


def test_a_canonical_graph_is_read_only_and_keeps_what_oxigraph_reads(asserted):
    from rdflib import BNode, Literal, URIRef

    from myoclonus_ontology import serialize
    from myoclonus_ontology.graph_io import oxigraph_triples

    canonical = serialize.canonical_graph(asserted)
    assert any(isinstance(s, BNode) for s in canonical.subjects())
    assert serialize.canonical_graph(canonical) is canonical              # idempotent: not made twice
    plain = serialize.editable_copy(canonical)
    assert type(plain) is Graph and set(plain) == set(canonical)
    assert sorted(str(t) for t in oxigraph_triples(canonical)) == sorted(str(t) for t in oxigraph_triples(plain))
    assert serialize.ntriples(canonical) == serialize.ntriples(plain) == serialize.ntriples(canonical)
    triple = (URIRef("https://example.org/x"), URIRef("https://example.org/p"), Literal("x"))
    for change in (lambda g: g.add(triple), lambda g: g.remove((None, None, None)),
                   lambda g: g.addN([(*triple, g)]), lambda g: g.parse(data="<a:x> <a:p> <a:y> .", format="nt")):
        with pytest.raises(TypeError, match="read-only"):
            change(canonical)
    assert len(canonical) == len(plain)
    changed = canonical + Graph()                                          # a copy can be changed
    changed.add(triple)
    assert type(changed) is Graph and len(changed) == len(canonical) + 1
