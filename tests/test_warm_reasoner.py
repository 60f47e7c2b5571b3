"""The warm JVM of `myo build --watch`: HermiT's answers as a fresh JVM's, a fresh JVM when it cannot answer."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from myoclonus_ontology import warm_reasoner
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.graph_io import NodeLocator, load_ontology
from myoclonus_ontology.interrupts import alive
from myoclonus_ontology.namespaces import MYO, Term
from myoclonus_ontology.reason import reason
from myoclonus_ontology.warm_reasoner import ServerGoneError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def release(project) -> Graph:
    return load_ontology(project)


def edited(release: Graph) -> Graph:
    """A plain fact made hedged, another denied: conclusions that differ from the release's."""
    graph = Graph() + release
    graph.set((MYO["0002002"], Term.MODALITY, Term.POSSIBLE))
    graph.set((MYO["0002003"], Term.NEGATED, Literal(True)))
    return graph


def test_warm_answers_are_a_fresh_jvms_request_after_request(release):
    graphs = [release, edited(release), release]
    fresh = [set(reason(g, cache=None).inferred) for g in graphs[:2]]
    assert fresh[0] != fresh[1]
    with warm_reasoner.warm_reasoner() as server:
        for graph, expected in zip(graphs, [*fresh, fresh[0]], strict=True):
            result = reason(graph, cache=None)
            assert result.warm and set(result.inferred) == expected
        assert server.answered == 3


def test_an_inconsistency_is_reported_as_a_fresh_jvm_reports_it_and_the_jvm_answers_on(project, release):
    broken = Graph() + release
    broken.add((MYO["0001065"], RDF.type, MYO["0000009"]))  # clonazepam typed as a symptom
    with pytest.raises(BuildError) as fresh:
        reason(broken, NodeLocator(project), cache=None)
    with warm_reasoner.warm_reasoner() as server:
        with pytest.raises(BuildError) as warm:
            reason(broken, NodeLocator(project), cache=None)
        assert server.answered == 1 and str(warm.value) == str(fresh.value)
        assert "inconsistent" in str(warm.value) and "'clonazepam' (MYO:0001065)" in str(warm.value)
        assert reason(release, cache=None).warm


def test_a_jvm_that_has_ended_gives_way_to_a_fresh_one(release):
    expected = set(reason(release, cache=None).inferred)
    with warm_reasoner.warm_reasoner() as server:
        assert reason(release, cache=None).warm
        pid = server.pid
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        result = reason(release, cache=None)
        assert not result.warm and set(result.inferred) == expected
        assert server.pid is None  # reaped and forgotten: later runs start fresh JVMs


def test_a_jvm_that_cannot_run_the_program_gives_way_to_a_fresh_one(release, tmp_path, monkeypatch):
    broken = tmp_path / "HermitServer.java"
    broken.write_text("public class HermitServer { this is not Java }\n", encoding="utf-8")
    monkeypatch.setattr(warm_reasoner, "SERVER_SOURCE", broken)
    with warm_reasoner.warm_reasoner() as server:
        pid = server.pid
        result = reason(release, cache=None)
        assert not result.warm and len(result.inferred) > 400
        assert server.pid is None
    assert not alive(pid)


def test_an_argument_the_request_line_cannot_carry_is_refused_and_the_jvm_stays(release):
    with warm_reasoner.warm_reasoner() as server:
        with pytest.raises(ServerGoneError):
            server.ask(["-c", "file:///a\tb.nt"])
        assert server.pid is not None and reason(release, cache=None).warm


def test_leaving_ends_the_jvm_and_no_run_is_warm_outside():
    with warm_reasoner.warm_reasoner() as server:
        pid = server.pid
        assert warm_reasoner.active() is server and alive(pid)
    assert warm_reasoner.active() is None
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not alive(pid)


FATAL_SERVER = """
public class HermitServer {
    public static void main(String[] ignored) throws Exception {
        System.out.print("ready\\n");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        System.out.print("hermit-answer 70 5\\nboom!");
        System.out.flush();
    }
}
"""


def test_an_error_that_ends_the_jvm_gives_the_request_to_a_fresh_one(release, tmp_path, monkeypatch):
    """Out of memory, say: the program answers status 70 and ends; HermiT runs in a fresh JVM instead."""
    expected = set(reason(release, cache=None).inferred)
    source = tmp_path / "HermitServer.java"
    source.write_text(FATAL_SERVER, encoding="utf-8")
    monkeypatch.setattr(warm_reasoner, "SERVER_SOURCE", source)
    with warm_reasoner.warm_reasoner() as server:
        result = reason(release, cache=None)
        assert not result.warm and set(result.inferred) == expected and server.pid is None


def test_an_answer_without_its_header_is_refused():
    import io

    with pytest.raises(ValueError, match="not an answer"):
        warm_reasoner._header(io.BytesIO(b"CodeCache is full. Compiler has been disabled.\n"))
    assert warm_reasoner._header(io.BytesIO(b"hermit-answer 1 42\n")) == (1, 42)


def test_closing_ends_the_jvm_at_once_even_in_the_middle_of_a_request(release):
    import threading

    results = []
    with warm_reasoner.warm_reasoner() as server:
        worker = threading.Thread(target=lambda: results.append(reason(release, cache=None)))
        worker.start()
        deadline = time.monotonic() + 30
        while not server.lock.locked() and time.monotonic() < deadline:
            time.sleep(0.01)
        pid = server.pid
        server.close()  # had it waited for the request, that request would have been answered warm
        assert not alive(pid)
        assert not list(Path("/tmp").glob(f"hsperfdata_*/{pid}"))  # killed, and nothing left in the JVM's /tmp
    worker.join(timeout=60)
    assert results and not results[0].warm  # the request in flight went to a fresh JVM
