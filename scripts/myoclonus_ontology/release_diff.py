"""The release against the previous one: every added or removed triple, with its reason.

The previous release's asserted graph is kept in releases/<version>/myo-base.nt. Reasons come from a small
curated change log, releases/changes.tsv (subject, predicate, reason); a triple about a term the previous
release did not have is explained as a new term. An unexplained change, a log row that explains nothing,
and a released IRI that disappeared (instead of being deprecated with a replacement) fail the build.

Blank nodes (lists, restrictions, axiom annotations) are compared by their structure, not their labels,
and each triple is attributed to its *anchor*: the named term its blank node hangs from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from .errors import Problem, UnusableInputError
from .graph_io import parse_file
from .namespaces import TERM_REPLACED_BY, Term, is_ours
from .prefixes import curie, expand
from .project import Project
from .tables import TableRow, read_table

RELEASES = "releases"
PREVIOUS_RELEASE = "myo-base.nt"
CHANGE_LOG = "changes.tsv"
LOG_COLUMNS = ["subject", "predicate", "reason"]
NEW_TERM = "new term"
CHECK = "release-diff"

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Change:
    """One triple added or removed, the term it belongs to, and why."""

    change: str
    anchor: Node
    subject: str
    predicate: str
    object: str
    reason: str | None


class StableGraph:
    """A graph's triples with blank nodes named by a hash of their structure, each with its anchor."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.names: dict[BNode, str] = {}
        self.triples: dict[Key, tuple[Node, Node]] = {}  # each triple: its anchor, and its object
        for s, p, o in graph:
            key, anchor = (self.name(s), curie(p), self.name(o)), self.anchor(s)
            # identical structures share a name (a list's tail, say): attribute them to one term, the same always
            if key not in self.triples or str(anchor) < str(self.triples[key][0]):
                self.triples[key] = (anchor, o)

    def name(self, node: Node, depth: int = 0) -> str:
        if isinstance(node, Literal):
            return node.n3()
        if not isinstance(node, BNode):
            return curie(node)
        if node not in self.names:
            if depth > 50:
                raise ValueError("blank nodes nested too deeply (a cycle?)")
            parts = sorted(f"{curie(p)} {self.name(o, depth + 1)}" for p, o in self.graph.predicate_objects(node))
            self.names[node] = "_:" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]
        return self.names[node]

    def anchor(self, node: Node, depth: int = 0) -> Node:
        """The named term a node belongs to: itself, the subject that holds its blank node, or (for a
        free-standing axiom or list) its annotated source or first named member."""
        if not isinstance(node, BNode) or depth > 50:
            return node
        holders = sorted(self.graph.subjects(None, node), key=str)
        if holders:
            return self.anchor(holders[0], depth + 1)
        return self._first_named(node) or node

    def _first_named(self, node: BNode, depth: int = 0) -> Node | None:
        source = self.graph.value(node, OWL.annotatedSource)
        if isinstance(source, URIRef):
            return source
        for p, o in sorted(self.graph.predicate_objects(node)):
            if p == RDF.type or depth > 50:
                continue
            if isinstance(o, URIRef) and o != RDF.nil:
                return o
            if isinstance(o, BNode):
                found = self._first_named(o, depth + 1)
                if found is not None:
                    return found
        return None


@dataclass(frozen=True)
class LogEntry:
    row: TableRow
    subject: str
    predicate: str

    def matches(self, change: Change, typed: dict[Node, set[Node]]) -> int:
        """How specifically this entry explains the change (0: it does not)."""
        if self.predicate not in ("*", change.predicate):
            return 0
        exact = 1 if self.predicate != "*" else 0
        if self.subject == "*":
            return 1 + exact
        if self.subject.startswith("a "):
            cls = expand(self.subject[2:].strip())
            return (3 + exact) if cls in typed.get(change.anchor, set()) else 0
        return (7 + exact) if expand(self.subject) == change.anchor else 0


def previous_release(project: Project) -> Path:
    """The newest released version kept in releases/ (folders named by version, as YYYY-MM-DD)."""
    folders = sorted(p for p in (project.root / RELEASES).glob("*") if (p / PREVIOUS_RELEASE).is_file())
    if not folders:
        raise UnusableInputError(CHECK, [Problem(f"no previous release: expected {RELEASES}/<version>/"
                                                 f"{PREVIOUS_RELEASE}", file=RELEASES)])
    return folders[-1] / PREVIOUS_RELEASE


def load_log(project: Project) -> list[LogEntry]:
    return [LogEntry(row, row.get("subject"), row.get("predicate"))
            for row in read_table(project, project.root / RELEASES / CHANGE_LOG, LOG_COLUMNS)]


def _types(graph: Graph) -> dict[Node, set[Node]]:
    """Each node's classes and all their superclasses, by the graph's own hierarchy."""
    typed: dict[Node, set[Node]] = {}
    for node, cls in graph.subject_objects(RDF.type):
        typed.setdefault(node, set()).update(graph.transitive_objects(cls, RDFS.subClassOf))
    return typed


def diff(previous: Graph, current: Graph, log: list[LogEntry], before: StableGraph | None = None
         ) -> tuple[list[Change], list[Problem]]:
    """Every added and removed triple with its reason, and the faults: unexplained changes, idle log rows.
    `before` may give the previous release's StableGraph, made already."""
    before, after = before or StableGraph(previous), StableGraph(current)
    known = {s for s in previous.subjects() if isinstance(s, URIRef)}
    typed = _types(previous)
    for node, classes in _types(current).items():
        typed.setdefault(node, set()).update(classes)
    raw = [("removed", key, *before.triples[key]) for key in before.triples.keys() - after.triples.keys()]
    raw += [("added", key, *after.triples[key]) for key in after.triples.keys() - before.triples.keys()]
    used: set[int] = set()
    changes, problems = [], []
    for kind, (s, p, o), anchor, obj in sorted(raw, key=lambda r: (str(r[2]), r[1], r[0])):
        change = Change(kind, anchor, s, p, o, None)
        best, index = max(((entry.matches(change, typed), index) for index, entry in enumerate(log)), default=(0, -1))
        if best >= 7 or (best and anchor in known):
            reason = log[index].row.get("reason")
            used.add(index)
        elif (isinstance(anchor, URIRef) and anchor not in known) or (isinstance(obj, URIRef) and obj not in known \
                and (obj, None, None) in current):
            reason = NEW_TERM
        else:
            reason = None
            problems.append(Problem(f"{kind} without a reason in {RELEASES}/{CHANGE_LOG}: {s} {p} {o[:80]}",
                                    node=curie(anchor), check=CHECK))
        changes.append(Change(kind, anchor, s, p, o, reason))
    for index, entry in enumerate(log):
        if index not in used:
            problems.append(entry.row.problem(None, "explains no change of the release: remove the row",
                                              node=entry.subject))
    return changes, problems


def check_terms(previous: Graph, current: Graph) -> list[Problem]:
    """Every IRI the previous release described is still described, or deprecated with its replacement."""
    problems = []
    ours = {s for s in previous.subjects() if is_ours(s)} | set(previous.subjects(RDF.type, Term.SOURCE_PAGE))
    for node in sorted(ours, key=str):
        if (node, None, None) not in current:
            problems.append(Problem("was released but is gone: a released IRI stays, deprecated with a replacement",
                                    node=curie(node), check=CHECK))
        elif (node, OWL.deprecated, Literal(True)) in current and (node, TERM_REPLACED_BY, None) not in current:
            problems.append(Problem("is deprecated without a replacement (IAO:0100001 term replaced by)",
                                    node=curie(node), check=CHECK))
    return problems


def release_diff(project: Project, current: Graph) -> tuple[list[Change], list[Problem]]:
    """The diff of `current` (the base release) against the previous release, with every fault."""
    path = previous_release(project)
    stat = path.stat()
    previous, before = _previous_release(str(path), stat.st_size, stat.st_mtime_ns, project)
    changes, problems = diff(previous, current, load_log(project), before)
    return changes, problems + check_terms(previous, current)


@lru_cache(maxsize=2)
def _previous_release(path: str, size: int, mtime_ns: int, project: Project) -> tuple[Graph, StableGraph]:
    """The previous release, parsed, and its StableGraph: read once per file version, so a watching build
    (`myo build --watch`) does not read it again at every edit (0.45 s). Neither is changed by its users."""
    previous = parse_file(Path(path), project)
    return previous, StableGraph(previous)


def report_tsv(changes: list[Change], current: Graph) -> str:
    lines = ["change\tterm\tterm label\tsubject\tpredicate\tobject\treason"]
    for c in changes:
        label = current.value(c.anchor, RDFS.label) if isinstance(c.anchor, URIRef) else None
        cells = [c.change, curie(c.anchor), str(label or ""), c.subject, c.predicate, c.object, c.reason or ""]
        lines.append("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return "\n".join(lines) + "\n"


def report_markdown(changes: list[Change], previous_version: str) -> str:
    """Counts of added and removed triples by reason, and the terms each reason touches."""
    by_reason: dict[str, list[Change]] = {}
    for c in changes:
        by_reason.setdefault(c.reason or "UNEXPLAINED", []).append(c)
    lines = [f"# Release diff against {previous_version}", "",
             f"{sum(c.change == 'added' for c in changes)} triples added, "
             f"{sum(c.change == 'removed' for c in changes)} removed (base release, asserted axioms).", "",
             "| reason | added | removed | terms |", "| --- | ---: | ---: | --- |"]
    for reason in sorted(by_reason, key=lambda r: (-len(by_reason[r]), r)):
        group = by_reason[reason]
        terms = sorted({curie(c.anchor) for c in group})
        shown = ", ".join(terms[:12]) + (f" and {len(terms) - 12} more" if len(terms) > 12 else "")
        lines.append(f"| {reason.replace('|', '/')} | {sum(c.change == 'added' for c in group)} | "
                     f"{sum(c.change == 'removed' for c in group)} | {shown} |")
    return "\n".join(lines) + "\n"
