"""Publish the release into a named graph of a SPARQL 1.1 store, so that a failure leaves the old graph intact.

    myo publish --store-url http://host:3030/ds/data --query-url http://host:3030/ds/sparql \\
                --update-url http://host:3030/ds/update --graph https://example.org/graphs/myo \\
                [--release full] [--user NAME [--allow-insecure-auth]]

1. The release (N-Triples) is uploaded into a new temporary named graph (Graph Store Protocol, HTTP PUT).
2. The temporary graph is counted back over the SPARQL protocol and compared with the release.
3. SPARQL 1.1 Update `MOVE` replaces the target graph with it, in one operation of the store.
On any failure the temporary graph is deleted and the target graph is left as it was. The password for
--user is read from MYO_PUBLISH_PASSWORD and is sent over plain http only to this machine, unless
--allow-insecure-auth says otherwise.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import ipaddress
import os
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .endpoint import EXIT_UNREACHABLE, NoRedirect, sparql_select
from .errors import EXIT_UNUSABLE_INPUT, BuildError, Problem

STAGING_GRAPH = "urn:myoclonus-ontology:publish:"


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


def _unusable(message: str) -> BuildError:
    return BuildError("publish", [Problem(message)], exit_code=EXIT_UNUSABLE_INPUT)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_urls(urls: dict[str, str | None], user: str | None, allow_insecure_auth: bool) -> None:
    """Refuse an address that is not an http(s) URL, and a password bound for plain http to another machine."""
    for option, url in urls.items():
        if url is None:
            continue
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _unusable(f"{option} must be an http:// or https:// URL, got {url!r}")
        if user and parts.scheme == "http" and not _is_loopback(parts.hostname) and not allow_insecure_auth:
            raise _unusable(f"{option} {url} is plain http to another machine: the password would travel "
                            "unencrypted; use https, or --allow-insecure-auth if you accept that")


def _request(method: str, url: str, what: str, data: bytes | None = None, headers: dict[str, str] | None = None,
             timeout: float = 60.0) -> int:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:  # never redirected: the password goes to the address the user named and nowhere else
        with urllib.request.build_opener(NoRedirect).open(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as err:
        raise BuildError("publish", [Problem(f"{what} refused: HTTP {err.code} {err.read()[:300]!r}")]) from err
    except (urllib.error.URLError, OSError) as err:
        raise BuildError("publish", [Problem(f"cannot reach {url} ({what}): {getattr(err, 'reason', err)}")],
                         exit_code=EXIT_UNREACHABLE) from err
    if status not in (200, 201, 204):
        raise BuildError("publish", [Problem(f"{what}: {url} answered HTTP {status}")])
    return status


def _count(query_url: str, graph_term: str, auth: dict[str, str]) -> int:
    answer = sparql_select(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_term} {{ ?s ?p ?o }} }}",
                           headers=auth, follow_redirects=False)
    rows = list(csv.reader(io.StringIO(answer.decode("utf-8"))))
    return int(rows[1][0])


def publish(release: Path, store_url: str, graph: str, query_url: str, update_url: str,
            user: str | None = None, allow_insecure_auth: bool = False, timeout: float = 60.0) -> Published:
    """Upload into a temporary graph, verify by count, MOVE into `graph`; on failure drop the temporary graph."""
    if not release.is_file():
        raise BuildError("publish", [Problem("the release is missing: run `make build` first", file=str(release))],
                         exit_code=EXIT_UNUSABLE_INPUT)
    check_urls({"--store-url": store_url, "--query-url": query_url, "--update-url": update_url},
               user, allow_insecure_auth)
    try:
        target = str(ox.NamedNode(graph))  # validated and written by the RDF library
    except ValueError:
        target = ""
    if not target or not urllib.parse.urlparse(graph).scheme:
        raise _unusable(f"the graph name must be an absolute IRI, got {graph!r}")
    auth = _auth_header(user)
    staging = STAGING_GRAPH + uuid.uuid4().hex
    staging_term = str(ox.NamedNode(staging))
    expected = count_triples(release)
    try:  # a failed or timed-out upload may still have left part of the temporary graph: dropped below
        _request("PUT", graph_url(store_url, staging), f"the upload to {store_url}", release.read_bytes(),
                 {"Content-Type": "application/n-triples", **auth}, timeout)
        found = _count(query_url, staging_term, auth)
        if found != expected:
            raise BuildError("publish", [Problem(
                f"the store holds {found} triples of the upload, the release has {expected}; nothing was "
                f"replaced: <{graph}> is as it was")])
        _request("POST", update_url, f"MOVE into <{graph}> at {update_url}",
                 f"MOVE GRAPH {staging_term} TO GRAPH {target}".encode(),
                 {"Content-Type": "application/sparql-update", **auth}, timeout)
    except BaseException:
        _drop(store_url, staging, auth, timeout)
        raise
    found = _count(query_url, target, auth)
    if found != expected:
        raise BuildError("publish", [Problem(f"after the MOVE, <{graph}> holds {found} triples, the release "
                                             f"has {expected}")])
    return Published(graph, found, True)


def _drop(store_url: str, staging: str, auth: dict[str, str], timeout: float) -> None:
    """Delete the temporary graph (best effort: the failure being reported matters more)."""
    with contextlib.suppress(BuildError):
        _request("DELETE", graph_url(store_url, staging), "removing the temporary graph", None, auth, timeout)
