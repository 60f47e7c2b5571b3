"""A read-only SPARQL endpoint over the release, served by Oxigraph on loopback, and a protocol client.

    myo serve [--port 7878] [--release full] [--timeout 30]   # then open http://127.0.0.1:7878/, or
                                                              # build/docs/query.html (cross-origin allowed)

The port is checked free before anything starts, and a server counts as started only when the process
listening on its port is the one this command started (never an older server on the same port). Users
reach Oxigraph through sparql_proxy.py, which refuses SERVICE; Oxigraph stops each query after --timeout.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import threading
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


def _listening_inodes(port: int) -> set[str]:
    """Socket inodes listening on `port` (any address), from /proc/net/tcp and tcp6."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def listens(pid: int, port: int) -> bool | None:
    """Whether process `pid` is the one listening on `port` (None where /proc cannot tell)."""
    if not Path("/proc/net/tcp").exists():
        return None
    inodes = _listening_inodes(port)
    if not inodes:
        return False
    wanted = {f"socket:[{inode}]" for inode in inodes}
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for descriptor in descriptors:
        try:
            if str(descriptor.readlink()) in wanted:
                return True
        except OSError:
            continue  # closed meanwhile
    return False


def check_port_free(port: int) -> None:
    """Refuse a port that another program listens on (unusable input, exit 2)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as err:
            raise BuildError("serve", [Problem(f"port {port} on 127.0.0.1 is already in use ({err.strerror}); "
                                               "stop the other server or give --port")],
                             exit_code=EXIT_UNUSABLE_INPUT) from err


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

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

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
          query_seconds: float | None = None, cors: bool = False) -> Server:
    """Start `oxigraph serve[-read-only]` on 127.0.0.1 and wait until it, and no other server, answers; `cors`
    lets web pages of any origin query it (the docs' query page does)."""
    if port:
        check_port_free(port)
    port = port or free_port()
    command = [OXIGRAPH, "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}"]
    if query_seconds:
        command += ["--timeout-s", str(max(1, round(query_seconds)))]
    if cors:
        command.append("--cors")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    server = Server(process, f"http://127.0.0.1:{port}", location)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise BuildError("serve", [Problem(f"oxigraph exited at start: {process.stderr.read()[:500]}")])
            if listens(process.pid, port) is not False:
                try:
                    sparql_select(server.query_url, "ASK { }", accept="application/sparql-results+json")
                    return server
                except BuildError:
                    pass
            time.sleep(0.05)
    except BaseException:
        server.stop()
        raise
    server.stop()
    raise BuildError("serve", [Problem(f"oxigraph did not answer on {server.url} within {timeout:.0f}s")])


def inline_values(text: str, bindings: dict[str, Node]) -> str:
    """Append a VALUES clause binding the variables; terms are written by the RDF library, never raw text."""
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(to_oxigraph(term)) for term in bindings.values())
    return f"{text.rstrip()}\nVALUES ({names}) {{ ({values}) }}\n"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse to follow a redirect: only the address the user named is contacted (and gets any password)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl) -> None:  # noqa: ANN001
        raise urllib.error.HTTPError(req.full_url, code, f"redirected to {newurl}; not followed", headers, fp)


def sparql_select(query_url: str, text: str, accept: str = "text/csv", timeout: float = 30.0,
                  headers: dict[str, str] | None = None, follow_redirects: bool = True) -> bytes:
    """POST a query over the SPARQL 1.1 protocol; the raw result in the requested format."""
    request = urllib.request.Request(query_url, data=text.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query", "Accept": accept,
                                              **(headers or {})})
    opener = urllib.request.build_opener() if follow_redirects else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        raise BuildError("sparql", [Problem(f"{query_url} answered HTTP {err.code}: {err.read()[:300]!r}")]) from err
    except (urllib.error.URLError, OSError) as err:
        raise BuildError("sparql", [Problem(f"cannot reach {query_url}: {getattr(err, 'reason', err)}")],
                         exit_code=EXIT_UNREACHABLE) from err


def serve_forever(project: Project, port: int, release: str, query_seconds: float = 30.0,
                  allow_service: bool = False) -> int:
    """Serve the release read-only behind the SERVICE-refusing proxy until stopped (SIGINT or SIGTERM).

    The proxy takes the port first: a port in use is refused before anything starts. The store lives in
    this command's temporary folder, removed with it; stopping ends the proxy and Oxigraph (interrupts.py).
    """
    from .sparql_proxy import SparqlGuard

    try:
        proxy = SparqlGuard(port, ("127.0.0.1", 0), allow_service, query_seconds + 10)
    except OSError as err:
        raise BuildError("serve", [Problem(f"port {port} on 127.0.0.1 is already in use ({err.strerror}); stop "
                                           "the other server or give --port")],
                         exit_code=EXIT_UNUSABLE_INPUT) from err
    try:
        with tempfile.TemporaryDirectory(prefix="myo-endpoint-") as tmp:
            location = Path(tmp) / "store"
            load_store(project.build / f"myo-{release}.nt", location)
            server = start(location, read_only=True, query_seconds=query_seconds, cors=True)
            proxy.upstream = ("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
            serving = threading.Thread(target=proxy.serve_forever, name="sparql-proxy", daemon=True)
            try:
                serving.start()
                url = f"http://127.0.0.1:{port}"
                print(f"serving build/myo-{release}.nt read-only at {url}/ (SPARQL: {url}/query; each query stops "
                      f"after {query_seconds:g}s; SERVICE {'allowed' if allow_service else 'refused'}; "
                      "open to web pages of any origin); Ctrl-C stops", flush=True)
                server.process.wait()
            finally:
                if serving.is_alive():
                    proxy.shutdown()
                server.stop()
    finally:
        proxy.server_close()
    raise BuildError("serve", [Problem(f"oxigraph stopped unexpectedly (exit status {server.process.returncode})")])
