"""Publishing into a named graph (upload, count, MOVE), checked against a writable Oxigraph: a failure leaves
the previous graph as it was."""

from __future__ import annotations

import http.client
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


@pytest.mark.slow
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


class ShortUploads(ThreadingHTTPServer):
    """A store front that accepts an upload but keeps only its first half (a store that truncates silently)."""

    def __init__(self, upstream: str) -> None:
        target = urllib.parse.urlsplit(upstream)

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(handler) -> None:  # noqa: N805
                body = handler.rfile.read(int(handler.headers["Content-Length"]))
                lines = body.splitlines(keepends=True)
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                connection.request("PUT", handler.path, b"".join(lines[: len(lines) // 2]),
                                   {"Content-Type": handler.headers["Content-Type"]})
                status = connection.getresponse().status
                handler.send_response(status)
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            def do_DELETE(handler) -> None:  # noqa: N805
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                connection.request("DELETE", handler.path)
                handler.send_response(connection.getresponse().status)
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            def log_message(handler, *args) -> None:  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.store_url = f"http://127.0.0.1:{self.server_address[1]}/store"


def graphs_and_count(server, graph: str) -> tuple[list[str], int]:
    names = sparql_select(server.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").decode().split()[1:]
    count = sparql_select(server.query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return names, int(count.decode().split()[1])


def test_a_short_upload_or_a_failed_move_leaves_the_previous_graph_as_it_was(fresh_build, writable):
    base = fresh_build / "myo-base.nt"
    publish(base, writable.store_url, GRAPH, writable.query_url, writable.update_url)
    before = graphs_and_count(writable, GRAPH)
    assert before == ([GRAPH], count_triples(base))
    short = ShortUploads(writable.url)
    threading.Thread(target=short.serve_forever, daemon=True).start()
    try:
        with pytest.raises(BuildError) as err:
            publish(fresh_build / "myo-full.nt", short.store_url, GRAPH, writable.query_url, writable.update_url)
        assert "holds" in str(err.value) and f"<{GRAPH}> is as it was" in str(err.value)
    finally:
        short.shutdown()
        short.server_close()
    assert graphs_and_count(writable, GRAPH) == before  # previous graph intact, temporary graph dropped
    with pytest.raises(BuildError) as err:
        publish(fresh_build / "myo-full.nt", writable.store_url, GRAPH, writable.query_url, f"{writable.url}/nowhere")
    assert "MOVE into" in str(err.value)
    assert graphs_and_count(writable, GRAPH) == before


@pytest.mark.parametrize(("args", "named"), [
    (["--store-url", "not a url"], "--store-url must be an http:// or https:// URL, got 'not a url'"),
    (["--store-url", "http://example.org/store", "--user", "me"], "the password would travel unencrypted"),
])
def test_unsafe_addresses_are_refused_before_anything_is_sent(project, args, named):
    base = {"--store-url": "https://example.org/store", "--query-url": "https://example.org/query",
            "--update-url": "https://example.org/update"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = subprocess.run([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(project.root), "publish",
                             "--graph", GRAPH, *[x for pair in base.items() for x in pair]],
                            capture_output=True, text=True)
    assert result.returncode == 2 and named in result.stderr and "Traceback" not in result.stderr


class Redirecting(ThreadingHTTPServer):
    """A store that takes uploads and deletions, and answers a query with a redirect to `elsewhere` (urllib
    follows a 302 to a POST as a GET, headers and password included, unless told not to)."""

    def __init__(self, elsewhere: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def redirect(handler) -> None:  # noqa: N805
                handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
                handler.send_response(302)
                handler.send_header("Location", elsewhere + handler.path)
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            def accept(handler) -> None:  # noqa: N805
                handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
                handler.send_response(204)
                handler.end_headers()

            do_GET = do_POST = redirect  # noqa: N815
            do_PUT = do_DELETE = accept  # noqa: N815

            def log_message(handler, *args) -> None:  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class Listener(ThreadingHTTPServer):
    """Records the headers of every request it receives."""

    def __init__(self) -> None:
        self.seen: list[dict[str, str]] = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def record(handler) -> None:  # noqa: N805
                seen.append(dict(handler.headers))
                handler.send_response(204)
                handler.end_headers()

            do_GET = do_PUT = do_POST = do_DELETE = record  # noqa: N815

            def log_message(handler, *args) -> None:  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


def test_a_redirect_is_not_followed_and_the_password_goes_nowhere_else(tmp_path, monkeypatch):
    release = tmp_path / "release.nt"
    release.write_text("<http://e.org/a> <http://e.org/b> <http://e.org/c> .\n", encoding="utf-8")
    monkeypatch.setenv("MYO_PUBLISH_PASSWORD", "secret")
    listener = Listener()
    redirecting = Redirecting(listener.url)
    for server in (listener, redirecting):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(BuildError) as err:
            publish(release, f"{redirecting.url}/store", GRAPH, f"{redirecting.url}/query",
                    f"{redirecting.url}/update", user="me")
        assert "HTTP 302" in str(err.value)
    finally:
        for server in (listener, redirecting):
            server.shutdown()
            server.server_close()
    assert listener.seen == []  # neither the upload nor the password reached the other address
