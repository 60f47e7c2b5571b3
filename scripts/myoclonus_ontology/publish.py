"""Publish the release into a named graph of any SPARQL 1.1 Graph Store Protocol endpoint.

    myo publish --store-url http://host:3030/ds/data --graph https://example.org/graphs/myo
                [--query-url http://host:3030/ds/sparql] [--release full] [--user NAME]

The graph is replaced (HTTP PUT), then, when a query URL is given, counted back over the SPARQL protocol
and compared with the local triple count. The password for --user is read from MYO_PUBLISH_PASSWORD.
"""

from __future__ import annotations

import base64
import csv
import io
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .endpoint import EXIT_UNREACHABLE, sparql_select
from .errors import EXIT_UNUSABLE_INPUT, BuildError, Problem


@dataclass(frozen=True)
class Published:
    graph: str
    triples: int
    verified: bool


def _auth_header(user: str | None) -> dict[str, str]:
    if not user:
        return {}
    password = os.environ.get("MYO_PUBLISH_PASSWORD", "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def graph_url(store_url: str, graph: str) -> str:
    """The Graph Store Protocol address of a named graph (indirect identification: ?graph=...)."""
    separator = "&" if "?" in store_url else "?"
    return f"{store_url}{separator}graph={urllib.parse.quote(graph, safe='')}"


def count_triples(release: Path) -> int:
    with release.open("rb") as handle:
        return sum(1 for line in handle if line.strip() and not line.startswith(b"#"))


def publish(release: Path, store_url: str, graph: str, query_url: str | None = None,
            user: str | None = None, timeout: float = 60.0) -> Published:
    """PUT the release (N-Triples) into `graph`; verify by counting it back when `query_url` is given."""
    if not release.is_file():
        raise BuildError("publish", [Problem("the release is missing: run `make build` first", file=str(release))],
                         exit_code=EXIT_UNUSABLE_INPUT)
    try:
        graph_term = str(ox.NamedNode(graph))  # validated and written by the RDF library
    except ValueError:
        graph_term = ""
    if not graph_term or not urllib.parse.urlparse(graph).scheme:
        raise BuildError("publish", [Problem(f"the graph name must be an absolute IRI, got {graph!r}")],
                         exit_code=EXIT_UNUSABLE_INPUT)
    request = urllib.request.Request(graph_url(store_url, graph), data=release.read_bytes(), method="PUT",
                                     headers={"Content-Type": "application/n-triples", **_auth_header(user)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as err:
        raise BuildError("publish", [Problem(f"{store_url} refused the upload: HTTP {err.code} "
                                             f"{err.read()[:300]!r}")]) from err
    except (urllib.error.URLError, OSError) as err:
        raise BuildError("publish", [Problem(f"cannot reach the Graph Store endpoint {store_url}: "
                                             f"{getattr(err, 'reason', err)}")], exit_code=EXIT_UNREACHABLE) from err
    if status not in (200, 201, 204):
        raise BuildError("publish", [Problem(f"{store_url} answered HTTP {status} to the upload")])
    expected = count_triples(release)
    if query_url is None:
        return Published(graph, expected, False)
    answer = sparql_select(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_term} {{ ?s ?p ?o }} }}")
    rows = list(csv.reader(io.StringIO(answer.decode("utf-8"))))
    found = int(rows[1][0])
    if found != expected:
        raise BuildError("publish", [Problem(f"the graph <{graph}> holds {found} triples after the upload, "
                                             f"the release has {expected}")])
    return Published(graph, found, True)
