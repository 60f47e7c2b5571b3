"""Refusing, at parse time, data whose shape would make later stages recurse or run without bound.

Nested RDF lists and blank nodes are walked recursively by rdflib's Turtle writer and by RDF
canonicalisation (500 levels: a RecursionError; 10,000: a crash after 17 GB), and huge literals cost time
and memory in every stage. A file that exceeds a limit (limits.py) is unusable input, named with the line
where the offending structure starts when it can be found.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import Problem, UnusableInputError
from .limits import LITERAL_SIZE, NESTING_DEPTH

RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"


def nesting_depth(triples: list[ox.Triple]) -> tuple[int, ox.NamedNode | None]:
    """The deepest nesting of blank nodes (a list's rdf:rest chain is one level), and the named node above it."""
    children: dict[ox.BlankNode, list[ox.BlankNode]] = {}
    roots: dict[ox.BlankNode, ox.NamedNode] = {}
    for t in triples:
        if isinstance(t.object, ox.BlankNode):
            if isinstance(t.subject, ox.BlankNode):
                step = 0 if t.predicate.value == RDF_REST else 1
                children.setdefault(t.subject, []).append((t.object, step))
            elif isinstance(t.subject, ox.NamedNode):
                roots.setdefault(t.object, t.subject)
    depth: dict[ox.BlankNode, int] = {}
    for start in children:
        stack, on_path = [(start, iter(children.get(start, [])))], {start}
        while stack:
            node, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                on_path.discard(node)
                depth[node] = max([1] + [step + depth.get(c, 1) for c, step in children.get(node, [])
                                         if c not in on_path])
            elif child[0] not in depth and child[0] not in on_path:
                stack.append((child[0], iter(children.get(child[0], []))))
                on_path.add(child[0])
    if not depth:
        return (1 if roots else 0), None
    deepest = max(depth, key=lambda n: depth[n])
    return depth[deepest], _named_above(deepest, triples, roots)


def _named_above(node: ox.BlankNode, triples: list[ox.Triple], roots: dict[ox.BlankNode, ox.NamedNode]
                 ) -> ox.NamedNode | None:
    parents = {t.object: t.subject for t in triples if isinstance(t.object, ox.BlankNode)}
    seen = set()
    while node not in roots and node in parents and node not in seen:
        seen.add(node)
        parent = parents[node]
        if isinstance(parent, ox.NamedNode):
            return parent
        node = parent
    return roots.get(node)


def _line_of(path: Path, needle: str) -> int | None:
    """The line where `needle` first occurs in the file (None when it does not occur as written)."""
    if not needle:
        return None
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


class LimitChecker:
    """The parse-time limits, checked as triples stream past (only triples into blank nodes are kept)."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path, self.shown = path, shown
        self.longest: ox.Literal | None = None
        self.into_blank: list[ox.Triple] = []

    def feed(self, triple: ox.Triple) -> None:
        obj = triple.object
        if isinstance(obj, ox.Literal):
            if self.longest is None or len(obj.value) > len(self.longest.value):
                self.longest = obj
        elif isinstance(obj, ox.BlankNode):
            self.into_blank.append(triple)

    def finish(self) -> None:
        """Raise UnusableInputError when a literal is too large or blank nodes nest too deep."""
        longest, path, shown = self.longest, self.path, self.shown
        if longest is not None and len(longest.value) > LITERAL_SIZE.value():
            raise UnusableInputError("load", [Problem(LITERAL_SIZE.exceeded(
                f"a literal of {len(longest.value):,} characters is too large"),
                file=shown, line=_line_of(path, longest.value[:64]))])
        depth, above = nesting_depth(self.into_blank)
        if depth > NESTING_DEPTH.value():
            line = None
            if above is not None:
                local = above.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                line = _line_of(path, f"<{above.value}>") or (_line_of(path, f":{local}") if local else None)
            raise UnusableInputError("load", [Problem(NESTING_DEPTH.exceeded(
                f"lists or blank nodes nest {depth} levels deep" + (f" under <{above.value}>" if above else "")),
                file=shown, line=line)])



def check_text_limits(ntriples: bytes, path: Path, shown: str) -> None:
    """The parse limits over a file already written as N-Triples text, raising as LimitChecker does.

    Only two kinds of line can matter, and only those are parsed again: a line longer than the literal
    limit (a literal that long needs one), and a line whose last term is a blank node (the nesting is
    made of those). The test is loose (a literal ending in " _:x" passes it too), never strict.
    """
    checker = LimitChecker(path, shown)
    longest, kept = LITERAL_SIZE.value(), []
    for line in ntriples.split(b"\n"):
        if len(line) > longest or line[line.rfind(b" ", 0, len(line) - 2) + 1:].startswith(b"_:"):
            kept.append(line)
    for triple in ox.parse(input=b"\n".join(kept), format=ox.RdfFormat.N_TRIPLES):
        checker.feed(triple)
    checker.finish()
