"""Large data checked against the shapes in parts, side by side, with exactly the findings of the whole.

Why: a SHACL engine's time per triple grows with the size of the graph (pyshacl-turbo: 4.2 s at 100k
triples, 74 s at a million), and one engine call uses one core. Parts of about PART_TRIPLES triples,
validated two at a time (the engine releases Python's lock), keep the time linear and use both cores.

When it is exact. The shapes must only walk forward from a focus node (no sh:inversePath), name no
sh:targetNode and use no SPARQL (`blockers` checks; otherwise the data is validated whole). Then the
findings for a focus node depend only on the triples whose subjects can be reached from it (its
"out-triples", those of its values, and so on; rdf:type and rdfs:subClassOf triples are out-triples of
the instance and of the class). So a part gives the whole's findings for every node in it if every node
it holds has all of its out-triples there. The plan keeps that true:

- shared nodes (every subject of the release, and every class or property the data declares) have their
  out-triples in every part; so has any node such a triple points to (the closure of the shared set);
- every other subject is joined to each subject it points to (union-find); a group's out-triples go to
  one part, whole.

A node in a part is then either shared (complete everywhere) or in its group's part (complete there):
if `Y p X` is in the part and X has out-triples, either Y is shared (then X is) or Y's group holds X.
Every focus node of the whole is in some part (its rdf:type, or the triple that targets it, is in its
group's part or shared); a shared focus node is validated in every part with the same result, and the
merged report keeps each result once. tests/test_shards.py checks the findings of parts against the whole on
clean, faulty and linked data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH

PART_TRIPLES = 50_000  # triples of data per part (the shared triples come on top)
WORKERS = 2  # parts validated at once: this machine's cores

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = f"<{_RDF}type>".encode()
SCHEMA_TYPES = frozenset(f"<{iri}>".encode() for iri in (
    f"{_OWL}Class", f"{_RDFS}Class", f"{_OWL}ObjectProperty", f"{_OWL}DatatypeProperty",
    f"{_OWL}AnnotationProperty", f"{_RDF}Property", f"{_OWL}Ontology", f"{_RDFS}Datatype"))
SCHEMA_PREDICATES = frozenset(f"<{iri}>".encode() for iri in (
    f"{_RDFS}subClassOf", f"{_OWL}equivalentClass", f"{_RDFS}subPropertyOf"))


def blockers(shapes: Graph) -> list[str]:
    """Why these shapes cannot be checked part by part (empty when they can)."""
    reasons = []
    if any(shapes.subjects(SH.inversePath, None)):
        reasons.append("a shape walks a path backwards (sh:inversePath)")
    if any(shapes.subjects(SH.targetNode, None)):
        reasons.append("a shape names its focus nodes (sh:targetNode)")
    if any(True for p in (SH.sparql, SH.target, SH.select, SH.ask) for _ in shapes.subjects(p, None)):
        reasons.append("a shape uses SPARQL")
    return reasons


@dataclass(frozen=True)
class Plan:
    """The triples every part holds, and each part's own triples (N-Triples text)."""

    shared: bytes
    parts: list[bytes]

    def texts(self) -> Iterator[bytes]:
        for part in self.parts:
            yield self.shared + part


def plan(ntriples: bytes, data_lines: int, part_triples: int = PART_TRIPLES) -> Plan | None:
    """Parts of the text (its first `data_lines` lines the data, the rest the release), or None when the
    data is too small to split, or holds RDF 1.2 triple terms (which the plan does not look into)."""
    lines = ntriples.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    if data_lines <= part_triples or b"<<" in ntriples:
        return None
    triples = [_split(line) for line in lines]
    shared = _shared_roots(triples, data_lines)
    group = _groups(triples, shared)
    _close_shared(triples, shared, group)
    return _pack(lines, triples, shared, group, part_triples)


def _split(line: bytes) -> tuple[bytes, bytes, bytes | None]:
    """Subject, predicate and object node of an N-Triples line (no object node for a literal)."""
    subject, predicate, rest = line.split(b" ", 2)
    return subject, predicate, None if rest.startswith(b'"') else rest[:-2]


def _shared_roots(triples: list[tuple[bytes, bytes, bytes | None]], data_lines: int) -> set[bytes]:
    shared = {s for s, _, _ in triples[data_lines:]}
    for s, p, o in triples[:data_lines]:
        if p in SCHEMA_PREDICATES or (p == RDF_TYPE and o in SCHEMA_TYPES):
            shared.add(s)
    return shared


def _groups(triples: list[tuple[bytes, bytes, bytes | None]], shared: set[bytes]) -> dict[bytes, bytes]:
    """Each subject outside the shared set → its group's root (subjects joined along their links)."""
    parent: dict[bytes, bytes] = {s: s for s, _, _ in triples if s not in shared}

    def find(node: bytes) -> bytes:
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for s, _, o in triples:
        if o is not None and o in parent and s in parent:
            a, b = find(s), find(o)
            if a != b:
                parent[b] = a
    return {node: find(node) for node in parent}


def _close_shared(triples: list[tuple[bytes, bytes, bytes | None]], shared: set[bytes],
                  group: dict[bytes, bytes]) -> None:
    """Every group a shared node points to becomes shared (its nodes must be complete in every part)."""
    reached = {group[o] for s, _, o in triples if s in shared and o in group}
    if reached:
        shared.update(node for node, root in group.items() if root in reached)


def _pack(lines: list[bytes], triples: list[tuple[bytes, bytes, bytes | None]], shared: set[bytes],
          group: dict[bytes, bytes], part_triples: int) -> Plan | None:
    """Groups in order of first appearance, packed into parts of about `part_triples` triples."""
    common: list[bytes] = []
    by_group: dict[bytes, list[bytes]] = {}
    for line, (s, _, _) in zip(lines, triples, strict=True):
        if s in shared:
            common.append(line)
        else:
            by_group.setdefault(group[s], []).append(line)
    own = len(lines) - len(common)
    if own == 0:
        return None  # everything is shared (the data's classes, or nodes a shared node points to): no parts
    size = -(-own // -(-own // part_triples))  # parts of equal size, none above part_triples
    parts: list[list[bytes]] = [[]]
    for members in by_group.values():
        if parts[-1] and len(parts[-1]) + len(members) > size:
            parts.append([])
        parts[-1].extend(members)
    if len(parts) < 2:
        return None
    return Plan(_text(common), [_text(part) for part in parts])


def _text(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def validate_parts(plan: Plan, validate: Callable[[bytes], Graph], workers: int = WORKERS) -> Graph:
    """Every part validated (`workers` at a time), the reports merged: each result once."""
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="shacl-part") as pool:
        reports = list(pool.map(validate, plan.texts()))
    return merge_reports(reports)


def merge_reports(reports: list[Graph]) -> Graph:
    """One validation report of several: conforms only if all do; a result found in several parts once.

    A result is kept by what it says (focus node, shape, component, path, value, severity, messages);
    blank nodes made by the report (the result itself, a path's structure) are copied fresh, while the
    data's and the shapes' blank nodes keep their labels (the same in every part: same text, same shapes).
    """
    merged = Graph()
    root = BNode()
    merged.add((root, RDF.type, SH.ValidationReport))
    conforms, seen = True, set()
    for report in reports:
        for prefix, namespace in report.namespaces():
            merged.bind(prefix, namespace, override=False)
        conforms = conforms and all(value.toPython() is True for value in report.objects(None, SH.conforms))
        for result in report.subjects(RDF.type, SH.ValidationResult):
            key = _result_key(report, result)
            if key in seen:
                continue
            seen.add(key)
            merged.add((root, SH.result, _copy_result(report, result, merged)))
    merged.add((root, SH.conforms, Literal(conforms)))
    return merged


_OWN_NODES = (SH.resultPath, SH.detail)  # objects the report makes for the result (copied fresh)


def _result_key(report: Graph, result: BNode) -> tuple:
    return tuple(sorted((str(p), _structure(report, o) if p in _OWN_NODES else o.n3())
                        for p, o in report.predicate_objects(result)))


def _structure(report: Graph, node: object) -> str:
    if not isinstance(node, BNode):
        return node.n3()  # type: ignore[attr-defined]
    inner = sorted(f"{p.n3()} {_structure(report, o)}" for p, o in report.predicate_objects(node))
    return "[" + "; ".join(inner) + "]"


def _copy_result(report: Graph, result: BNode, merged: Graph) -> BNode:
    """A result copied under a fresh blank node (its nested results and path structures too); a blank
    node it names that is not the report's own (an anonymous shape, a blank focus node or value, which
    the engine describes in the report) is copied with its description, under its own label."""
    copy = BNode()
    for p, o in report.predicate_objects(result):
        if p == SH.detail:
            o = _copy_result(report, o, merged)
        elif p == SH.resultPath:
            o = _copy_path(report, o, merged)
        elif isinstance(o, BNode):
            _copy_description(report, o, merged, set())
        merged.add((copy, p, o))
    return copy


def _copy_path(report: Graph, node: object, merged: Graph) -> object:
    if not isinstance(node, BNode):
        return node
    fresh = BNode()
    for p, o in report.predicate_objects(node):
        merged.add((fresh, p, _copy_path(report, o, merged)))
    return fresh


def _copy_description(report: Graph, node: BNode, merged: Graph, seen: set[BNode]) -> None:
    if node in seen:
        return
    seen.add(node)
    for p, o in report.predicate_objects(node):
        merged.add((node, p, o))
        if isinstance(o, BNode):
            _copy_description(report, o, merged, seen)
