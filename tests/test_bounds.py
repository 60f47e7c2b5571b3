"""Bounds: a user's query or data cannot run without limit, and cannot make the tools reach another server."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib.plugins.sparql import prepareQuery

from myoclonus_ontology.endpoint import free_port, listens, load_store, start
from myoclonus_ontology.errors import BuildError, UnusableInputError
from myoclonus_ontology.graph_io import parse_file
from myoclonus_ontology.sparql_text import read

from .conftest import myo_command, run_myo

CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i"


class Listener(ThreadingHTTPServer):
    """A second local server that records every request it receives (a SERVICE target)."""

    def __init__(self) -> None:
        self.requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler) -> None:  # noqa: N805
                self.requests.append(handler.path)
                body = b'{"head":{"vars":["x"]},"results":{"bindings":[]}}'
                handler.send_response(200)
                handler.send_header("Content-Type", "application/sparql-results+json")
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            do_POST = do_GET  # noqa: N815

            def log_message(handler, *args) -> None:  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/sparql"


@contextmanager
def running(server: Listener) -> Iterator[Listener]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def listener():
    with running(Listener()) as server:
        yield server


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://x/s> { ?s ?p ?o } }",
    "select * where { service silent <http://x/s> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o # SERVICE <http://x/s> { }\n }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://x/s> {}" }',
    "PREFIX SERVICE: <http://x/> SELECT * WHERE { ?s SERVICE:p ?SERVICE }",
    "SELECT * WHERE { <http://x/SERVICE> ?p ?o . OPTIONAL { SERVICE ?endpoint { ?a ?b ?c } } }",
    "SELECT * WHERE { ?s ?p '''\nSERVICE <http://x/s> { }''' }",
])
def test_service_is_found_exactly_where_rdflib_parses_one(query):
    """The token reading agrees with rdflib's SPARQL algebra on where a SERVICE clause really is."""
    parsed = prepareQuery(query).algebra
    assert read(query).calls_service == ("ServiceGraphPattern" in repr(parsed))


def test_an_escaped_service_is_found_too():
    assert read("SELECT * WHERE { \\u0053ERVICE <http://x/s> { ?s ?p ?o } }").calls_service


@pytest.mark.slow
def test_query_refuses_service_and_reaches_no_server(project, listener):
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?x ?p ?o }} }}"
    refused = run_myo(project.root, "query", query)
    assert refused.returncode == 2 and "SERVICE is refused" in refused.stderr and "--allow-service" in refused.stderr
    assert listener.requests == []
    allowed = run_myo(project.root, "query", query, "--allow-service", "--format", "csv")
    assert allowed.returncode == 0, allowed.stderr
    assert len(listener.requests) == 1  # the opt-in really sends the request the user asked for


@pytest.mark.parametrize(("args", "message"), [
    (["--timeout", "1"], "the query ran longer than 1 seconds and was stopped (the limit is 1 seconds; raise it "
                         "with --timeout S"),
    (["--max-memory", "100", "--timeout", "120"], "the query needed more memory than allowed and was stopped"),
    (["--max-rows", "10"], "too many rows; add LIMIT to the query (the limit is 10 rows; raise it with --max-rows N"),
])
@pytest.mark.slow
def test_query_time_memory_and_rows_are_bounded(project, args, message):
    query = CROSS_PRODUCT if "--max-rows" not in args else "SELECT * WHERE { ?s ?p ?o }"
    started = time.monotonic()
    result = run_myo(project.root, "query", query, *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "memory allocation" not in result.stderr
    assert time.monotonic() - started < 60


@pytest.mark.slow
def test_rows_within_the_limit_are_all_answered(project):
    result = run_myo(project.root, "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 25", "--max-rows", "25",
                     "--format", "csv")
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 26


@pytest.fixture(scope="module")
def endpoint(project, listener_for_module):
    """`myo serve` with a one-second query limit, as a user starts it."""
    port = free_port()
    serve = subprocess.Popen(myo_command(project.root, "serve", "--port", str(port), "--timeout", "1"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = serve.stdout.readline()
    assert line.startswith("serving"), serve.stderr.read()
    yield f"http://127.0.0.1:{port}"
    serve.terminate()
    serve.communicate(timeout=60)


@pytest.fixture(scope="module")
def listener_for_module():
    with running(Listener()) as server:
        yield server


def ask(url: str, query: str, method: str = "GET") -> tuple[int, str]:
    if method == "GET":
        request = urllib.request.Request(f"{url}/query?query={urllib.parse.quote(query)}",
                                         headers={"Accept": "text/csv"})
    else:
        request = urllib.request.Request(f"{url}/query", data=query.encode(), method="POST",
                                         headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


@pytest.mark.slow
def test_endpoint_answers_queries_and_refuses_service(endpoint, listener_for_module):
    label = 'SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> "clonazepam"@en }'
    assert ask(endpoint, label) == (200, "x\r\nhttps://w3id.org/myoclonus-ontology/MYO_0001065\r\n")
    service = f"SELECT * WHERE {{ SERVICE <{listener_for_module.url}> {{ ?s ?p ?o }} }}"
    for method in ("GET", "POST"):
        status, text = ask(endpoint, service, method)
        assert status == 403 and "SERVICE is refused" in text
    status, text = ask(endpoint, "INSERT DATA { <http://a> <http://b> <http://c> }", "POST")
    assert status == 403 and "updates are refused" in text
    assert listener_for_module.requests == []


@pytest.mark.slow
def test_endpoint_refuses_a_request_whose_length_is_not_a_number(endpoint):
    host, port = urllib.parse.urlsplit(endpoint).hostname, urllib.parse.urlsplit(endpoint).port
    for length in ("abc", "-1"):
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.putrequest("POST", "/query")
        connection.putheader("Content-Type", "application/sparql-query")
        connection.putheader("Content-Length", length)
        connection.endheaders()
        answer = connection.getresponse()
        assert answer.status == 400 and "Content-Length must be a number" in answer.read().decode(), length
        connection.close()


@pytest.mark.slow
def test_endpoint_stops_a_query_after_its_time_limit(endpoint):
    started = time.monotonic()
    try:
        status, text = ask(endpoint, CROSS_PRODUCT)
    except http.client.IncompleteRead as err:  # the answer had started: Oxigraph cuts it short
        status, text = 200, err.partial.decode(errors="replace")
    assert "cancelled" in text or status >= 500, (status, text[-300:])
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_serve_refuses_a_port_in_use(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_myo(project.root, "serve", "--port", str(port))
    assert result.returncode == 2 and f"port {port} on 127.0.0.1 is already in use" in result.stderr


def test_a_server_counts_only_when_the_listener_is_our_process(fresh_build, tmp_path):
    with socket.socket() as older:
        older.bind(("127.0.0.1", 0))
        older.listen()
        port = older.getsockname()[1]
        assert listens(os.getpid(), port) is True and listens(1, port) is False
        load_store(fresh_build / "myo-base.nt", tmp_path / "store")
        with pytest.raises(BuildError) as err:
            start(tmp_path / "store", port)
        assert "already in use" in str(err.value)


def nested(depth: int) -> str:
    return "( " * depth + "<http://example.org/x>" + " )" * depth


@pytest.mark.parametrize(("body", "message"), [
    (f"ex:a ex:p {nested(500)} .", "lists or blank nodes nest 500 levels deep under <http://example.org/a> "
                                   "(the limit is 100 levels"),
    (f'ex:a ex:p "{"x" * 10_000_000}" .', "a literal of 10,000,000 characters is too large (the limit is 100000"),
])
@pytest.mark.slow
def test_deep_lists_and_huge_literals_are_refused_at_parse_time(project, tmp_path, body, message):
    data = tmp_path / "data.ttl"
    data.write_text(f"@prefix ex: <http://example.org/> .\nex:b ex:p ex:c .\n{body}\n", encoding="utf-8")
    started = time.monotonic()
    result = run_myo(project.root, "validate", str(data))
    assert result.returncode == 2 and f"{data}:3: {message}" in result.stderr, result.stderr
    assert time.monotonic() - started < 60


@pytest.mark.slow
def test_parse_limits_can_be_raised(tmp_path, monkeypatch):
    data = tmp_path / "data.ttl"
    data.write_text(f"<http://example.org/a> <http://example.org/p> {nested(150)} .\n", encoding="utf-8")
    with pytest.raises(UnusableInputError):
        parse_file(data)
    monkeypatch.setenv("MYO_MAX_NESTING", "200")
    assert len(parse_file(data)) == 2 * 150 + 1


