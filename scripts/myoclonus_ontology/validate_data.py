"""Validating data of any size: loaded once into a store and into text, shapes and QC queries side by side.

`myo validate DATA` comes here. The data (merged with a release) is read as a stream into an Oxigraph
store, for the QC queries, and into N-Triples text, for the SHACL engine (data_store.py); no rdflib graph
is made unless pySHACL is the engine, which `auto` picks only below shacl_engines.TURBO_FROM triples of data. The
SHACL engine runs in a second thread while the QC queries run on the store: both release Python's lock,
so on two cores they take the time of the longer one. Memory: the store, the text, and the engine's own
copy of the data (about 1.5 GB at a million triples; README, "Speed and scale").
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDFS
from rdflib.term import Node

from . import shards
from .data_store import LoadedData
from .graph_io import NodeLocator, bind_prefixes, to_oxigraph, to_rdflib
from .project import Project
from .shacl_engines import choose_engine, pyshacl_report, turbo_program, turbo_report
from .validate import QcCheck, Report, assemble, findings_from_report, run_checks_on_store

LABEL = ox.NamedNode(str(RDFS.label))


def validate_loaded(data: LoadedData, shapes: Graph, checks: list[QcCheck], target: str,
                    locator: NodeLocator | None, project: Project | None, engine: str = "auto") -> Report:
    """Shapes (in a second thread) and QC queries (on the store) over data already loaded."""
    chosen = choose_engine(engine, data.triples)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="shacl") as pool:
        shacl = pool.submit(_shacl_report, data, shapes, chosen)
        qc_findings = run_checks_on_store(data.store, checks, project, lambda node: store_label(data.store, node))
        report = shacl.result()
    shacl_findings = findings_from_report(report, shapes, lambda node: store_label(data.store, node))
    return assemble(target, shacl_findings, report, qc_findings, len(checks), locator, chosen)


def _shacl_report(data: LoadedData, shapes: Graph, engine: str) -> Graph:
    if engine == "turbo":
        parts = None if shards.blockers(shapes) else shards.plan(data.ntriples, data.triples)
        if parts is None:
            return turbo_report(data.ntriples, shapes)
        program = turbo_program(shapes)
        return shards.validate_parts(parts, lambda text: turbo_report(text, shapes, program))
    return pyshacl_report(rdflib_graph(ox.parse(data.ntriples, format=ox.RdfFormat.N_TRIPLES)), shapes)


def rdflib_graph(triples: Iterable[ox.Quad]) -> Graph:
    """An rdflib graph of parsed triples, every literal as written (for pySHACL, on small data only)."""
    graph = Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    bind_prefixes(graph)
    return graph


def store_label(store: ox.Store, node: Node | None) -> str | None:
    """A node's label in the store (the first in order, when it has several)."""
    if node is None:
        return None
    labels = sorted(q.object.value for q in store.quads_for_pattern(to_oxigraph(node), LABEL, None))
    return labels[0] if labels else None
