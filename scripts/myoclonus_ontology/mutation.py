"""Mutation testing: systematic faults in the real graph, to measure what validation catches.

Two kinds of family:

* **shape families**, derived from the shapes themselves: for each constraint of each shape (minCount,
  class, datatype, in, pattern, ...), a fault on a real target node that must violate exactly that
  constraint. So every shape is exercised, and a new shape is exercised without new test code.
* **QC families**, one or more hand-made faults per QC query, for what shapes cannot see (a quote that
  is not the source text, a class cycle, a duplicated label, a DC-elements property, ...).

A mutant is *caught* when validation reports a violation whose focus is the mutated node.
"""

from __future__ import annotations

import logging
import random
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .model import instances_of
from .namespaces import DEFINITION, NOT_A_TERM, SH, Term, is_ours

DC_ELEMENTS_SOURCE = URIRef("http://purl.org/dc/elements/1.1/source")

# Mutants carry ill-typed literals on purpose; rdflib would log each one it cannot convert.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore", message="Parsing weird boolean")
BAD_NODE = NOT_A_TERM

Change = Callable[[Graph], None]


@dataclass(frozen=True)
class Mutant:
    """One fault: its family, the node it is on, what it does, and which release it mutates."""

    family: str
    target: Node
    description: str
    change: Change
    release: str = "base"
    shape: URIRef | None = None

    def apply(self, graph: Graph) -> Graph:
        """A mutated copy of `graph` (slow for large graphs; see `applied`)."""
        mutated = Graph()
        for prefix, ns in graph.namespaces():
            mutated.bind(prefix, ns)
        mutated += graph
        self.change(mutated)
        return mutated

    @contextmanager
    def applied(self, graph: Graph) -> Iterator[Graph]:
        """Mutate `graph` in place for the duration of the block, then restore it exactly."""
        added: list[tuple] = []
        removed: list[tuple] = []
        original_add, original_remove = graph.add, graph.remove

        def add(triple: tuple) -> Graph:
            if triple not in graph:
                added.append(triple)
            return original_add(triple)

        def remove(pattern: tuple) -> Graph:
            removed.extend(t for t in graph.triples(pattern) if t not in added)
            for t in list(graph.triples(pattern)):
                if t in added:
                    added.remove(t)
            return original_remove(pattern)

        graph.add, graph.remove = add, remove  # type: ignore[method-assign]
        try:
            self.change(graph)
        finally:
            del graph.add, graph.remove
        try:
            yield graph
        finally:
            for triple in added:
                graph.remove(triple)
            for triple in removed:
                graph.add(triple)


# ------------------------------------------------------------------------------------------ helpers
def _replace(node: Node, prop: Node, values: list[Node]) -> Change:
    def change(g: Graph) -> None:
        g.remove((node, prop, None))
        for v in values:
            g.add((node, prop, v))
    return change


def _add(*triples: tuple[Node, Node, Node]) -> Change:
    def change(g: Graph) -> None:
        for t in triples:
            g.add(t)
    return change


def _remove(node: Node, prop: Node) -> Change:
    return _replace(node, prop, [])


def _targets(data: Graph, shapes: Graph, node_shape: Node) -> list[Node]:
    focus: set[Node] = set()
    for cls in shapes.objects(node_shape, SH.targetClass):
        focus |= instances_of(data, cls)
    for prop in shapes.objects(node_shape, SH.targetSubjectsOf):
        focus |= set(data.subjects(prop, None))
    named = sorted((f for f in focus if isinstance(f, URIRef)), key=str)
    ours = [f for f in named if is_ours(f)]
    return ours + [f for f in named if f not in ours] or sorted(focus, key=str)


def _other_kind_node(data: Graph, wrong_for: Node) -> Node:
    """A node that is certainly not an instance of `wrong_for`: a source page, or a qualifier value."""
    for candidate in (Term.SOURCE_PAGE, Term.QUALIFIER_VALUE, Term.SYMPTOM, Term.TREATMENT):
        if candidate == wrong_for:
            continue
        for node in sorted(instances_of(data, candidate), key=str):
            if node not in instances_of(data, wrong_for):
                return node
    return URIRef("http://example.org/unrelated")


def _second_value(data: Graph, first: Node) -> Node:
    """A well-typed value different from `first`, so that only the count is wrong."""
    if not isinstance(first, Literal):
        return _other_kind_node(data, first)
    value = first.toPython()
    if isinstance(value, bool):
        return Literal(not value)
    if isinstance(value, int):
        return Literal(value + 1, datatype=first.datatype)
    if first.datatype == XSD.date:
        return Literal("2000-01-01", datatype=XSD.date)
    return Literal(str(first) + " (second value)", lang=first.language, datatype=first.datatype)


def _candidate_texts(value: str, iri: bool) -> list[str]:
    if iri:
        return [value + "/extra", "https://example.org/other", value.replace("MYO_", "MYO_x")]
    return [value + "  x", " " + value, value + " ", "see https://example.org " + value, "", "x y", value.lower(),
            value.rstrip(".") + " and more", "lowercase start.", value + " may has a symptom", "the the " + value]


def _violating_text(pattern: str, value: str, iri: bool = False) -> str | None:
    """A variant of `value` that the pattern does not match."""
    compiled = re.compile(pattern)
    return next((c for c in _candidate_texts(value, iri) if not compiled.search(c)), None)


def _matching_text(pattern: str, value: str) -> str | None:
    """A variant of `value` that a forbidden pattern (sh:not [ sh:pattern ]) matches."""
    compiled = re.compile(pattern)
    return next((c for c in _candidate_texts(value, False) if compiled.search(c)), None)


def _list_members(shapes: Graph, node: Node) -> list[Node]:
    return list(Collection(shapes, node))


# ------------------------------------------------------------------------------------------ shape families
def _property_mutants(data: Graph, shapes: Graph, node_shape: Node, prop_shape: URIRef,
                      focus_nodes: list[Node]) -> Iterator[Mutant]:
    path = shapes.value(prop_shape, SH.path)
    constraints = dict(shapes.predicate_objects(prop_shape))
    for focus in focus_nodes:
        values = sorted(data.objects(focus, path), key=str)
        first = values[0] if values else None

        def mutant(family: str, description: str, change: Change, focus: Node = focus) -> Mutant:
            return Mutant(f"shape:{family}", focus, description, change, shape=prop_shape)

        if SH.minCount in constraints and values and int(constraints[SH.minCount]) > 0:
            yield mutant("minCount", f"drop every {path} of the node", _remove(focus, path))
        if SH.qualifiedMinCount in constraints and values:
            yield mutant("qualifiedMinCount", f"drop every {path} of the node", _remove(focus, path))
        if SH.maxCount in constraints and first is not None:
            extra = _second_value(data, first)
            if extra != first:
                yield mutant("maxCount", f"give the node a second {path}", _add((focus, path, extra)))
        if first is None:
            yield from _added_value_mutants(data, shapes, prop_shape, focus, path, constraints)
            continue
        if SH["class"] in constraints:
            wrong = _other_kind_node(data, constraints[SH["class"]])
            yield mutant("class", f"make {path} point at a node of the wrong class", _replace(focus, path, [wrong]))
            yield mutant("dangling-iri", f"make {path} point at an IRI that is declared nowhere",
                         _replace(focus, path, [BAD_NODE]))
        if (SH.nodeKind in constraints or SH["class"] in constraints) and isinstance(first, URIRef):
            yield mutant("literal-for-iri", f"put a literal where {path} needs an IRI",
                         _replace(focus, path, [Literal(str(first))]))
        if SH.datatype in constraints and isinstance(first, Literal):
            textual = constraints[SH.datatype] in (XSD.string, RDF.langString)
            wrong = Literal(str(first), datatype=XSD.integer) if textual else Literal(str(first) + "x")
            yield mutant("datatype", f"give {path} the wrong datatype", _replace(focus, path, [wrong]))
        if SH.languageIn in constraints and isinstance(first, Literal) and first.language:
            yield mutant("languageIn", f"tag {path} in French", _replace(focus, path, [Literal(str(first), lang="fr")]))
        if SH["in"] in constraints:
            allowed = set(_list_members(shapes, constraints[SH["in"]]))
            outside = next((n for n in sorted(instances_of(data, Term.QUALIFIER_VALUE), key=str) if n not in allowed),
                           URIRef("http://example.org/outside"))
            yield mutant("in", f"give {path} a value outside its closed list", _replace(focus, path, [outside]))
        if SH.hasValue in constraints:
            wanted = constraints[SH.hasValue]
            others = [v for v in values if v != wanted]
            replacement = others or [Literal("other") if isinstance(wanted, Literal)
                                     else _other_kind_node(data, wanted)]
            yield mutant("hasValue", f"take the required value of {path} away", _replace(focus, path, replacement))
        if SH.pattern in constraints and isinstance(first, Literal):
            bad = _violating_text(str(constraints[SH.pattern]), str(first))
            if bad is not None:
                yield mutant("pattern", f"make {path} break its pattern: {bad!r}",
                             _replace(focus, path, [Literal(bad, lang=first.language, datatype=first.datatype)]))
        forbidden = shapes.value(constraints[SH["not"]], SH.pattern) if SH["not"] in constraints else None
        if forbidden is not None and isinstance(first, Literal):
            bad = _matching_text(str(forbidden), str(first))
            if bad is not None:
                yield mutant("not-pattern", f"make {path} hold what its pattern forbids: {bad!r}",
                             _replace(focus, path, [Literal(bad, lang=first.language, datatype=first.datatype)]))
        if SH.minLength in constraints and isinstance(first, Literal):
            yield mutant("minLength", f"make {path} empty", _replace(focus, path, [Literal("")]))
        if SH.maxInclusive in constraints and isinstance(first, Literal):
            too_big = Literal(int(constraints[SH.maxInclusive]) + 1, datatype=first.datatype)
            yield mutant("maxInclusive", f"make {path} exceed its maximum", _replace(focus, path, [too_big]))
        if SH.lessThan in constraints:
            other = data.value(focus, constraints[SH.lessThan])
            if other is not None:
                yield mutant("lessThan", f"make {path} not less than {constraints[SH.lessThan]}",
                             _replace(focus, path, [other]))
        if SH.disjoint in constraints:
            other = data.value(focus, constraints[SH.disjoint])
            if other is not None:
                yield mutant("disjoint", f"give {path} the same value as {constraints[SH.disjoint]}",
                             _replace(focus, path, [other]))
        if SH.equals in constraints and isinstance(first, Literal):
            yield mutant("equals", f"make {path} differ from {constraints[SH.equals]}",
                         _replace(focus, path, [Literal(str(first) + " Changed.", lang=first.language)]))


def _added_value_mutants(data: Graph, shapes: Graph, prop_shape: URIRef, focus: Node, path: Node,
                         constraints: dict) -> Iterator[Mutant]:
    """For a node without a value of the path: add a value that breaks the constraint."""
    def mutant(family: str, description: str, value: Node) -> Mutant:
        return Mutant(f"shape:{family}", focus, description, _add((focus, path, value)), shape=prop_shape)

    if SH["class"] in constraints:
        yield mutant("class", f"add a {path} that points at a node of the wrong class",
                     _other_kind_node(data, constraints[SH["class"]]))
    if SH["in"] in constraints:
        allowed = set(_list_members(shapes, constraints[SH["in"]]))
        outside = next(n for n in sorted(instances_of(data, Term.QUALIFIER_VALUE), key=str) if n not in allowed)
        yield mutant("in", f"add a {path} outside its closed list", outside)
    if SH.datatype in constraints:
        yield mutant("datatype", f"add a {path} of the wrong datatype", Literal("not of the right datatype"))
    if SH.languageIn in constraints:
        yield mutant("languageIn", f"add a {path} tagged in French", Literal("en français", lang="fr"))
    if SH.nodeKind in constraints or SH.pattern in constraints:
        yield mutant("literal-for-iri" if SH.nodeKind in constraints else "pattern",
                     f"add a {path} that is a literal, not a well-formed IRI", Literal("not an IRI"))


def _node_mutants(data: Graph, shapes: Graph, node_shape: URIRef, focus_nodes: list[Node]) -> Iterator[Mutant]:
    constraints = dict(shapes.predicate_objects(node_shape))
    targets = list(shapes.objects(node_shape, SH.targetClass))
    if SH["not"] in constraints:
        inner = constraints[SH["not"]]
        classes = [shapes.value(m, SH["class"]) for m in _list_members(shapes, shapes.value(inner, SH["or"]))] \
            if shapes.value(inner, SH["or"]) is not None else [shapes.value(inner, SH["class"])]
        for focus, cls in zip(focus_nodes, [c for c in classes if c is not None], strict=False):
            yield Mutant("shape:not", focus, f"also type the node as {cls}, a disjoint kind",
                         _add((focus, RDF.type, cls)), shape=node_shape)
    if SH["class"] in constraints:
        for prop in shapes.objects(node_shape, SH.targetSubjectsOf):
            outsider = _other_kind_node(data, constraints[SH["class"]])
            value = next(data.objects(None, prop), outsider)
            yield Mutant("shape:class", outsider, f"give a node that is not a {constraints[SH['class']]} a {prop}",
                         _add((outsider, prop, value)), shape=node_shape)
    if SH["in"] in constraints and targets:
        allowed = set(_list_members(shapes, constraints[SH["in"]]))
        intruder = next((n for n in sorted(instances_of(data, Term.QUALIFIER_VALUE) |
                                           instances_of(data, Term.SOURCE_PAGE), key=str) if n not in allowed), None)
        if intruder is not None:
            yield Mutant("shape:in", intruder, f"type a node outside the closed list as {targets[0]}",
                         _add((intruder, RDF.type, targets[0])), shape=node_shape)
    if SH.nodeKind in constraints and targets:
        blank = BNode("mutant")
        yield Mutant("shape:nodeKind", blank, f"add a blank node typed {targets[0]}",
                     _add((blank, RDF.type, targets[0]), (blank, RDFS.label, Literal("blank", lang="en"))),
                     shape=node_shape)
    if SH.pattern in constraints and targets and focus_nodes:
        focus = focus_nodes[0]
        bad = _violating_text(str(constraints[SH.pattern]), str(focus), iri=True)
        if bad is not None and bad.startswith("https://w3id.org/"):
            bad_node = URIRef(bad)
            yield Mutant("shape:pattern", bad_node, f"add a node with an IRI that breaks the pattern: {bad}",
                         _add((bad_node, RDF.type, targets[0])), shape=node_shape)
    if SH["or"] in constraints and focus_nodes:
        for member in _list_members(shapes, constraints[SH["or"]]):
            path = shapes.value(member, SH.path)
            if path is None:
                if shapes.value(member, SH.pattern) is not None:
                    for focus in focus_nodes:
                        if is_ours(focus):
                            renamed = URIRef(str(focus).replace("MYO_", "MYO_x"))
                            yield Mutant("shape:or", renamed, "rename a MYO term to an IRI that breaks the ID pattern",
                                         _rename(focus, renamed), shape=node_shape)
                continue
            for focus in focus_nodes:
                if shapes.value(member, SH.minCount) is not None and (focus, path, None) in data:
                    yield Mutant("shape:or", focus, f"drop the {path} that one branch of sh:or requires",
                                 _remove(focus, path), shape=node_shape)
                if shapes.value(member, SH.equals) is not None and (focus, path, None) in data:
                    value = data.value(focus, path)
                    yield Mutant("shape:or", focus, f"make {path} differ from {shapes.value(member, SH.equals)}",
                                 _replace(focus, path, [Literal(str(value) + " Changed.", lang="en")]),
                                 shape=node_shape)
                if shapes.value(member, SH.maxCount) is not None and str(shapes.value(member, SH.maxCount)) == "0" \
                        and (focus, path, None) not in data:
                    yield Mutant("shape:or", focus, f"mark the node {path} without the note the other branch needs",
                                 _add((focus, path, Literal(True))), shape=node_shape)


def _rename(old: Node, new: Node) -> Change:
    def change(g: Graph) -> None:
        for s, p, o in list(g.triples((old, None, None))):
            g.remove((s, p, o))
            g.add((new, p, o))
        for s, p, o in list(g.triples((None, None, old))):
            g.remove((s, p, o))
            g.add((s, p, new))
    return change


def shape_mutants(base: Graph, full: Graph, shapes: Graph, per_constraint: int = 3) -> list[Mutant]:
    """Faults aimed at every constraint of every shape, on up to `per_constraint` real target nodes.

    For each property shape the targets that carry its path are preferred, in the base release or, for
    paths only the reasoner fills, in the full release; without any, a bad value is added.
    """
    mutants: list[Mutant] = []
    node_shapes = sorted(s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))

    def spread(nodes: list[Node]) -> list[Node]:
        return nodes[:: max(1, len(nodes) // per_constraint)][:per_constraint]

    for node_shape in node_shapes:
        release, data = "base", base
        focus = _targets(base, shapes, node_shape)
        if not focus:
            release, data, focus = "full", full, _targets(full, shapes, node_shape)
        found = [(release, m) for m in _node_mutants(data, shapes, node_shape, spread(focus))]
        for prop_shape in sorted(shapes.objects(node_shape, SH.property)):
            path = shapes.value(prop_shape, SH.path)
            choice = next(((r, d, with_path) for r, d in (("base", base), ("full", full))
                           for with_path in [[f for f in _targets(d, shapes, node_shape) if (f, path, None) in d]]
                           if with_path), (release, data, focus))
            found += [(choice[0], m) for m in _property_mutants(choice[1], shapes, node_shape, prop_shape,
                                                                 spread(choice[2]))]
        mutants += [Mutant(m.family, m.target, m.description, m.change, r, m.shape) for r, m in found]
    return _deduplicate(mutants)


def _deduplicate(mutants: list[Mutant]) -> list[Mutant]:
    seen, unique = set(), []
    for m in mutants:
        key = (m.family, m.target, m.description, m.shape)
        if key not in seen:
            seen.add(key)
            unique.append(m)
    return unique


# ------------------------------------------------------------------------------------------ QC families
def qc_mutants(base: Graph) -> list[Mutant]:
    """Hand-made faults for each QC query, several targets each."""
    statements = sorted(instances_of(base, Term.STATEMENT), key=str)
    entities = sorted(instances_of(base, Term.DOMAIN_ENTITY), key=str)
    classes = sorted((c for c in base.subjects(RDF.type, OWL.Class) if is_ours(c)), key=str)
    picks = lambda nodes, n=3: nodes[:: max(1, len(nodes) // n)][:n]  # noqa: E731
    mutants: list[Mutant] = []

    def add(family: str, target: Node, description: str, change: Change) -> None:
        mutants.append(Mutant(f"qc:{family}", target, description, change))

    for node in picks(entities):
        add("missing-label", node, "remove the label", _remove(node, RDFS.label))
        add("missing-definition", node, "remove the IAO definition", _remove(node, DEFINITION))
        add("missing-definition", node, "remove the SKOS definition", _remove(node, SKOS.definition))
        add("untyped-individual", node, "remove the node's class", _untype(node))
    for a, b in zip(picks(entities), picks(entities[1:]), strict=False):
        add("duplicate-label", a, f"give it the label of {b}", _replace(a, RDFS.label, [base.value(b, RDFS.label)]))
    for node in picks(statements) + picks(entities):
        label = base.value(node, RDFS.label)
        add("label-format", node, "put an IRI into the label",
            _replace(node, RDFS.label, [Literal(f"{label} (https://example.org)", lang="en")]))
        add("label-format", node, "put two spaces into the label",
            _replace(node, RDFS.label, [Literal(str(label).replace(" ", "  ", 1) + "  x", lang="en")]))
    for node in picks(statements):
        add("dc-elements", node, "use dc:source (DC elements) for the page", _swap_predicate(node, DCTERMS.source,
                                                                                               DC_ELEMENTS_SOURCE))
        quote = str(base.value(node, Term.SOURCE_QUOTE))
        add("quote-not-in-source", node, "alter one word of the quote",
            _replace(node, Term.SOURCE_QUOTE, [Literal(quote.replace(" ", " not ", 1))]))
        start, end = int(base.value(node, Term.QUOTE_START)), int(base.value(node, Term.QUOTE_END))
        add("quote-not-in-source", node, "shift the quote's offsets by one",
            _add_offsets(node, start + 1, end + 1))
        add("quote-outside-page", node, "move the quote's end past the end of its page",
            _add_offsets(node, start, end + 100_000))
        add("undeclared-iri", BAD_NODE, "point the statement's modality at an undeclared IRI",
            _replace(node, Term.MODALITY, [BAD_NODE]))
        add("disjoint-kinds", node, "also type the statement as a drug", _add((node, RDF.type, Term.DRUG)))
    for node in picks(entities):
        add("fact-without-provenance", node, "assert a direct fact between entities with no record",
            _add((node, Term.TREATMENT_RANK, Term.FIRST_CHOICE)))
        add("domain-range", node, "use a statement's property on an entity", _add((node, Term.MODALITY,
                                                                                  Term.ASSERTED)))
    for a, b in zip(picks(classes), picks(classes[1:]), strict=False):
        add("class-cycle", a, f"make {a} and {b} subclasses of each other",
            _add((a, RDFS.subClassOf, b), (b, RDFS.subClassOf, a)))
    for node in picks(entities):
        add("closed-list", node, "type an entity as a modality", _add((node, RDF.type, Term.MODALITY_CLASS)))
    return mutants


def _untype(node: Node) -> Change:
    def change(g: Graph) -> None:
        for cls in list(g.objects(node, RDF.type)):
            if cls != OWL.NamedIndividual:
                g.remove((node, RDF.type, cls))
    return change


def _swap_predicate(node: Node, old: Node, new: Node) -> Change:
    def change(g: Graph) -> None:
        for o in list(g.objects(node, old)):
            g.remove((node, old, o))
            g.add((node, new, o))
    return change


def _add_offsets(node: Node, start: int, end: int) -> Change:
    def change(g: Graph) -> None:
        g.set((node, Term.QUOTE_START, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.set((node, Term.QUOTE_END, Literal(end, datatype=XSD.nonNegativeInteger)))
    return change


def header_mutants(base: Graph) -> list[Mutant]:
    """Broken ontology metadata: the family the FAIR and OBO checkers would trip on."""
    node = next(base.subjects(RDF.type, OWL.Ontology))
    faults = [
        ("remove the licence", _remove(node, DCTERMS.license)),
        ("make the licence a non-Creative-Commons IRI", _replace(node, DCTERMS.license,
                                                                 [URIRef("https://example.org/licence")])),
        ("remove the version IRI", _remove(node, OWL.versionIRI)),
        ("break the version IRI's form", _replace(node, OWL.versionIRI, [URIRef("https://example.org/v1.owl")])),
        ("make the creation date a plain string", _replace(node, DCTERMS.created, [Literal("2026-11-25")])),
        ("change the preferred prefix", _replace(node, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"),
                                                 [Literal("myo")])),
        ("remove the title", _remove(node, DCTERMS.title)),
        ("give two titles", _add((node, DCTERMS.title, Literal("Another title", lang="en")))),
        ("make the version a non-date", _replace(node, OWL.versionInfo, [Literal("v1")])),
    ]
    return [Mutant("header", node, d, c) for d, c in faults]


def all_mutants(base: Graph, full: Graph, shapes: Graph, per_constraint: int = 3) -> list[Mutant]:
    return shape_mutants(base, full, shapes, per_constraint) + qc_mutants(base) + header_mutants(base)


def sample(mutants: list[Mutant], per_family: int, seed: int = 0) -> list[Mutant]:
    """Up to `per_family` mutants of each family, picked reproducibly."""
    rng = random.Random(seed)
    by_family: dict[str, list[Mutant]] = {}
    for m in mutants:
        by_family.setdefault(m.family, []).append(m)
    picked = []
    for family in sorted(by_family):
        group = by_family[family]
        picked += rng.sample(group, min(per_family, len(group)))
    return picked
