"""A read-only SPARQL endpoint over the release, served by Oxigraph on loopback, and a protocol client.

    myo serve [--port 7878] [--release full]     # then open http://127.0.0.1:7878/ for Oxigraph's query page,
                                                 # or build/docs/query.html (cross-origin requests are allowed)
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from rdflib.term import Node

from .errors import EXIT_UNUSABLE_INPUT, BuildError, Problem
from .graph_io import to_oxigraph
from .project import Project

OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
EXIT_UNREACHABLE = 3


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_store(release: Path, location: Path) -> None:
    """Load a release file into an Oxigraph database folder (atomically)."""
    if not release.is_file():
        raise BuildError("serve", [Problem("the release is missing: run `make build` first", file=str(release))],
                         exit_code=EXIT_UNUSABLE_INPUT)
    run = subprocess.run([OXIGRAPH, "load", "--location", str(location), "--file", str(release)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise BuildError("serve", [Problem(f"oxigraph load failed: {run.stderr.strip()[:500]}")])


@dataclass
class Server:
    """A running Oxigraph server process and its base URL."""

    process: subprocess.Popen
    url: str
    location: Path

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def stop(self) -> int:
        """Stop the server and wait for it; returns its exit status."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start(location: Path, port: int | None = None, read_only: bool = True, timeout: float = 20.0,
          cors: bool = False) -> Server:
    """Start `oxigraph serve[-read-only]` on 127.0.0.1 and wait until it answers; `cors` lets web pages of any
    origin query it (the docs' query page does)."""
    port = port or free_port()
    command = "serve-read-only" if read_only else "serve"
    process = subprocess.Popen([OXIGRAPH, command, "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                *(["--cors"] if cors else [])],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server = Server(process, f"http://127.0.0.1:{port}", location)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BuildError("serve", [Problem(f"oxigraph exited at start: {process.stderr.read()[:500]}")])
        try:
            sparql_select(server.query_url, "ASK { }", accept="application/sparql-results+json")
            return server
        except BuildError:
            time.sleep(0.1)
    server.stop()
    raise BuildError("serve", [Problem(f"oxigraph did not answer on {server.url} within {timeout:.0f}s")])


def inline_values(text: str, bindings: dict[str, Node]) -> str:
    """Append a VALUES clause binding the variables; terms are written by the RDF library, never raw text."""
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(to_oxigraph(term)) for term in bindings.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({values}) }}\n"


def sparql_select(query_url: str, text: str, accept: str = "text/csv", timeout: float = 30.0) -> bytes:
    """POST a query over the SPARQL 1.1 protocol; the raw result in the requested format."""
    request = urllib.request.Request(query_url, data=text.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        raise BuildError("sparql", [Problem(f"{query_url} answered HTTP {err.code}: {err.read()[:300]!r}")]) from err
    except (urllib.error.URLError, OSError) as err:
        raise BuildError("sparql", [Problem(f"cannot reach {query_url}: {getattr(err, 'reason', err)}")],
                         exit_code=EXIT_UNREACHABLE) from err


def serve_forever(project: Project, port: int, release: str) -> int:
    """Load the release into a fresh store and serve it read-only until interrupted."""
    with tempfile.TemporaryDirectory(prefix="myo-endpoint-") as tmp:
        location = Path(tmp) / "store"
        load_store(project.build / f"myo-{release}.nt", location)
        server = start(location, port, cors=True)
        print(f"serving build/myo-{release}.nt read-only at {server.url}/ (SPARQL: {server.query_url}, open to "
              "web pages of any origin); Ctrl-C stops", flush=True)
        try:
            server.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()
    return 0
