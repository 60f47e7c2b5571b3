"""Publishing into a named graph over the Graph Store Protocol, checked against a writable Oxigraph."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib.namespace import RDFS

from myoclonus_ontology.endpoint import free_port, sparql_select, start
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.publish import count_triples, graph_url, publish

GRAPH = "https://w3id.org/myoclonus-ontology/graphs/release"


@pytest.fixture
def writable(tmp_path):
    running = start(tmp_path / "store", read_only=False)
    yield running
    running.stop()


def test_publish_replaces_the_named_graph_and_verifies_it(fresh_build, writable):
    release = fresh_build / "myo-full.nt"
    done = publish(release, writable.store_url, GRAPH, writable.query_url, writable.update_url)
    assert done.verified and done.triples == count_triples(release) > 3000
    answer = sparql_select(writable.query_url, f"""
        SELECT ?label WHERE {{ GRAPH <{GRAPH}> {{
          <https://w3id.org/myoclonus-ontology/MYO_0001065> <{RDFS.label}> ?label }} }}""")
    assert answer.decode().splitlines()[1] == "clonazepam"
    again = publish(fresh_build / "myo-base.nt", writable.store_url, GRAPH, writable.query_url, writable.update_url)
    assert again.triples == count_triples(fresh_build / "myo-base.nt")  # replaced, not appended


def test_unreachable_endpoint_is_a_clear_error(fresh_build):
    with pytest.raises(BuildError) as err:
        down = f"http://127.0.0.1:{free_port()}"
        publish(fresh_build / "myo-full.nt", f"{down}/store", GRAPH, f"{down}/query", f"{down}/update")
    assert err.value.exit_code == 3
    assert "cannot reach" in str(err.value) and "the upload" in str(err.value)


def test_cli_exit_codes(project, writable):
    def myo(*args):
        return subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(project.root),
                               "publish", *args], capture_output=True, text=True)

    urls = ("--query-url", writable.query_url, "--update-url", writable.update_url)
    ok = myo("--store-url", writable.store_url, "--graph", GRAPH, *urls)
    assert ok.returncode == 0 and "verified by counting it back" in ok.stdout
    down = myo("--store-url", f"http://127.0.0.1:{free_port()}/store", "--graph", GRAPH, *urls)
    assert down.returncode == 3 and "cannot reach" in down.stderr
    bad = myo("--store-url", writable.store_url, "--graph", "not an iri", *urls)
    assert bad.returncode == 2 and "absolute IRI" in bad.stderr


def test_graph_is_addressed_by_indirect_identification():
    assert graph_url("http://h/store", "https://e.org/g?x=1") == "http://h/store?graph=https%3A%2F%2Fe.org%2Fg%3Fx%3D1"
    assert graph_url("http://h/data?key=1", "https://e.org/g") == "http://h/data?key=1&graph=https%3A%2F%2Fe.org%2Fg"
