"""A loopback proxy in front of `oxigraph serve-read-only` that refuses SERVICE (and any write).

Oxigraph's server executes `SERVICE <http://...>` (it sends the request: server-side request forgery) and
has no option to stop it. The proxy owns the port users connect to; it reads each SPARQL protocol request
(GET ?query=, POST form, POST application/sparql-query), refuses a query that calls SERVICE or an update
with HTTP 403 and a message, and forwards the rest unchanged to Oxigraph on a private loopback port.
Other paths (the query page, Graph Store reads) are forwarded for GET and HEAD only; OPTIONS (a browser's
CORS preflight) is forwarded as is.
"""

from __future__ import annotations

import http.client
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .errors import UnusableInputError
from .sparql_text import check_query

MAX_BODY = 1 << 20  # a SPARQL request larger than 1 MiB is refused
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate",
              "proxy-authorization", "content-length"}


class Refused(Exception):  # noqa: N818 (an answer to send, not a fault of the proxy)
    """A request the proxy answers itself, with this status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class SparqlGuard(ThreadingHTTPServer):
    """The proxy server: bound to 127.0.0.1:`port` (the bind fails when the port is taken)."""

    daemon_threads = True

    def __init__(self, port: int, upstream: tuple[str, int], allow_service: bool, timeout: float) -> None:
        super().__init__(("127.0.0.1", port), GuardHandler)
        self.upstream, self.allow_service, self.upstream_timeout = upstream, allow_service, timeout


def _single_query(params: dict[str, list[str]]) -> str:
    queries = params.get("query", [])
    if len(queries) != 1:
        raise Refused(400, "give exactly one query parameter")
    return queries[0]


class GuardHandler(BaseHTTPRequestHandler):
    """Checks SPARQL requests, forwards the acceptable ones, streams Oxigraph's answer back."""

    server: SparqlGuard
    protocol_version = "HTTP/1.0"
    timeout = 60  # seconds a client may take to send its request: a stalled one does not hold a thread forever

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows only what `myo serve` itself says."""

    def do_GET(self) -> None:
        self._handle(None)

    def do_HEAD(self) -> None:
        self._handle(None)

    def do_OPTIONS(self) -> None:
        """A browser's CORS preflight: Oxigraph (started with --cors) answers it."""
        self._forward(None)

    def do_POST(self) -> None:
        text = self.headers.get("Content-Length") or "0"
        if not text.isdigit():
            self._answer(Refused(400, f"Content-Length must be a number of bytes, got {text[:40]!r}"))
            return
        length = int(text)
        if length > MAX_BODY:
            self._answer(Refused(413, f"the request is larger than {MAX_BODY} bytes"))
            return
        self._handle(self.rfile.read(length))

    def do_PUT(self) -> None:
        self._answer(Refused(405, "this endpoint is read-only"))

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _query_text(self, url: urllib.parse.SplitResult, body: bytes | None) -> str:
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if body is None:
            return _single_query(params)
        if "query" in params:
            raise Refused(400, "a POST request carries its query in the body only")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            return body.decode("utf-8")
        if kind == "application/x-www-form-urlencoded":
            return _single_query(urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True))
        raise Refused(415, "send application/sparql-query or application/x-www-form-urlencoded")

    def _handle(self, body: bytes | None) -> None:
        url = urllib.parse.urlsplit(self.path)
        try:
            if url.path == "/query":
                check_query(self._query_text(url, body), "query", self.server.allow_service)
            elif body is not None:
                raise Refused(403, "this endpoint is read-only")
            self._forward(body)
        except UnusableInputError as err:
            self._answer(Refused(403, "; ".join(p.message for p in err.problems)))
        except (Refused, UnicodeDecodeError) as err:
            self._answer(err if isinstance(err, Refused) else Refused(400, "the request is not UTF-8"))

    def _answer(self, refusal: Refused) -> None:
        data = f"{refusal}\n".encode()
        self.send_response(refusal.status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Access-Control-Allow-Origin", "*")  # a web page may read why its query was refused
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _forward(self, body: bytes | None) -> None:
        host, port = self.server.upstream
        connection = http.client.HTTPConnection(host, port, timeout=self.server.upstream_timeout)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
        except OSError:
            self._answer(Refused(502, "the Oxigraph server behind this proxy did not answer"))
            connection.close()
            return
        try:
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP:
                    self.send_header(key, value)
            self.end_headers()
            while chunk := response.read(1 << 16):
                self.wfile.write(chunk)
        except OSError:
            self.close_connection = True
        finally:
            connection.close()
