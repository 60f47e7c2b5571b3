"""The SPARQL endpoint: Oxigraph on loopback answers every question as the embedded store does."""

from __future__ import annotations

import pytest

from myoclonus_ontology.endpoint import inline_values, load_store, sparql_select, start
from myoclonus_ontology.errors import BuildError
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.queries import load_questions, oxigraph_answer, rows_from_csv, store_of


@pytest.fixture(scope="module")
def server(fresh_build, tmp_path_factory):
    location = tmp_path_factory.mktemp("endpoint") / "store"
    load_store(fresh_build / "myo-full.nt", location)
    running = start(location, read_only=True)
    yield running
    assert running.stop() is not None


def test_every_question_over_the_protocol_matches_the_embedded_store(project, fresh_build, server):
    store = store_of(parse_file(fresh_build / "myo-full.nt"))
    questions = load_questions(project)
    for question in questions:
        embedded = rows_from_csv(oxigraph_answer(store, question)[0].decode("utf-8"))
        remote = rows_from_csv(sparql_select(server.query_url, inline_values(question.text, question.params))
                               .decode("utf-8"))
        assert remote == embedded, question.id
    assert len(questions) >= 25


def test_endpoint_is_read_only(server):
    with pytest.raises(BuildError):
        sparql_select(f"{server.url}/update", "INSERT DATA { <http://x> <http://y> <http://z> }")


def test_endpoint_serves_the_query_page(server):
    import urllib.request

    with urllib.request.urlopen(server.url + "/", timeout=10) as page:
        assert b"<title>Oxigraph server</title>" in page.read()


def test_inline_values_writes_terms_safely():
    from rdflib import Literal

    text = inline_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": Literal('a "quoted" } value', lang="en")})
    assert text.endswith('VALUES (?o) { ("a \\"quoted\\" } value"@en) }\n')


def test_server_stops_cleanly(fresh_build, tmp_path):
    location = tmp_path / "store"
    load_store(fresh_build / "myo-base.nt", location)
    running = start(location)
    assert running.process.poll() is None
    running.stop()
    assert running.process.poll() is not None
    with pytest.raises(BuildError) as err:
        sparql_select(running.query_url, "ASK {}")
    assert err.value.exit_code == 3
