"""SHACL Core shapes as SPARQL SELECT queries, to validate data where it lives (any SPARQL 1.1 store).

Each constraint of each shape that reports results (a node shape with targets, and the property shapes it
lists) becomes one query whose rows are that constraint's violations: ?focus, and ?value where SHACL
reports one. Shapes used inside sh:or, sh:not, sh:node and sh:qualifiedValueShape are compiled into
FILTER expressions (EXISTS / NOT EXISTS) on the node they are applied to. The SHACL Core semantics
followed are pySHACL's; tests/test_shapes_sparql.py runs these queries and pySHACL on the same mutants
and synthetic data and requires the same findings.

Supported: targets sh:targetClass, sh:targetSubjectsOf, sh:targetObjectsOf, sh:targetNode; predicate
paths; sh:class, sh:datatype, sh:nodeKind, sh:in, sh:hasValue, sh:pattern (+ sh:flags), sh:minLength,
sh:maxLength, sh:min/maxInclusive, sh:min/maxExclusive, sh:languageIn, sh:lessThan, sh:equals,
sh:disjoint, sh:minCount, sh:maxCount, sh:qualifiedValueShape with sh:qualifiedMinCount, sh:or, sh:and,
sh:xone, sh:not, sh:node. Anything else (other paths, sh:closed, sh:uniqueLang, SPARQL constraints) is
refused by name, never skipped. Counts inside nested shapes may be 0 or 1 (the shapes use no others).
A pattern with lookaround or back-references (which SPARQL's XPath regular expressions lack) is checked
here, with Python's `re` as pySHACL does, on the values the query returns for it: only that property's
values travel, and only for such a pattern.

Stores keep values, not spellings: Oxigraph, for one, keeps "5"^^xsd:nonNegativeInteger as an
xsd:integer. So sh:datatype xsd:nonNegativeInteger accepts a non-negative xsd:integer here (the file
engines see the declared type); that is the one place where the two can differ.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .namespaces import SH

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
IGNORED = {RDF.type, SH.name, SH.description, SH.message, SH.severity, SH.path, SH.property, SH.order, SH.group,
           SH.flags, SH.qualifiedMinCount, SH.defaultValue, SH.deactivated, *TARGETS}
VALUE_CONSTRAINTS = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.pattern, SH.minLength, SH.maxLength,
                     SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.languageIn, SH["or"],
                     SH["and"], SH.xone, SH["not"], SH.node}
COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
NODE_KINDS = {SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
              SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
              SH.IRIOrLiteral: "!isBlank({v})"}
INTEGER_TYPES = {XSD.nonNegativeInteger: ">= 0", XSD.positiveInteger: "> 0", XSD.negativeInteger: "< 0",
                 XSD.nonPositiveInteger: "<= 0"}


class UnsupportedShapeError(ValueError):
    """A shape uses SHACL this compiler does not translate (the message names the shape and the term)."""


@dataclass(frozen=True)
class ShapeQuery:
    """The violations of one constraint of one reporting shape, as a SELECT query."""

    shape: Node  # the shape SHACL names as the result's source shape
    path: URIRef | None  # the property shape's path (None for a node shape's own constraints)
    component: str  # the constraint, e.g. "sh:minCount"
    severity: str
    message: str | None
    text: str  # SELECT ?focus ?value (?value only where SHACL reports one), ordered for paging
    has_value: bool
    local_pattern: tuple[str, str] | None = None  # (pattern, flags) the rows must still be checked against here


def term(node: Node) -> str:
    """A term in SPARQL syntax."""
    if isinstance(node, Literal | URIRef):
        return node.n3()
    raise UnsupportedShapeError(f"a blank node where a term is expected: {node}")


def shape_name(shape: Node) -> str:
    return str(shape) if isinstance(shape, URIRef) else "an anonymous shape"


class Compiler:
    """Turns the shapes of one shapes graph into queries; fresh variables keep nested patterns apart."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.counter = itertools.count()

    def fresh(self) -> str:
        return f"?v{next(self.counter)}"

    def constraints(self, shape: Node) -> list[tuple[URIRef, Node]]:
        found = [(p, o) for p, o in self.shapes.predicate_objects(shape) if p not in IGNORED]
        for p, _ in found:
            if not str(p).startswith(str(SH)):
                continue
            if p not in VALUE_CONSTRAINTS and p not in {SH.minCount, SH.maxCount, SH.hasValue, SH.equals,
                                                        SH.disjoint, SH.lessThan, SH.lessThanOrEquals,
                                                        SH.qualifiedValueShape}:
                raise UnsupportedShapeError(f"{shape_name(shape)} uses {p.n3(self.shapes.namespace_manager)}, "
                                       "which the SPARQL translation does not support")
        return sorted((p, o) for p, o in found if str(p).startswith(str(SH)))

    def path(self, shape: Node) -> URIRef:
        path = self.shapes.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShapeError(f"{shape_name(shape)} has a path that is not a single property")
        return path

    def members(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    # ---------------------------------------------------------------- expressions: does one node conform?
    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression: the node in `v` conforms to `shape` (all its constraints, its property shapes)."""
        parts = []
        if self.shapes.value(shape, SH.path) is not None:
            parts += [self.property_ok(shape, p, o, v) for p, o in self.constraints(shape)]
        else:
            parts += [self.value_ok(p, o, v, shape) for p, o in self.constraints(shape)]
        for ps in sorted(self.shapes.objects(shape, SH.property)):
            parts += [self.property_ok(ps, p, o, v) for p, o in self.constraints(ps)]
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def value_ok(self, p: URIRef, o: Node, v: str, shape: Node) -> str:
        """A SPARQL expression: the value node `v` meets the constraint (p, o)."""
        if p == SH["class"]:
            return f"EXISTS {{ {v} a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {term(o)} }}"
        if p == SH.datatype:
            return datatype_ok(o, v)
        if p == SH.nodeKind:
            return NODE_KINDS[o].format(v=v)
        if p == SH["in"]:
            return "(" + " || ".join(f"sameTerm({v}, {term(m)})" for m in self.members(o)) + ")" \
                if self.members(o) else "false"
        if p == SH.hasValue:
            return f"sameTerm({v}, {term(o)})"
        if p == SH.pattern:
            if not portable(str(o)):
                raise UnsupportedShapeError(f"{shape_name(shape)}: a pattern with lookaround or back-references "
                                            "inside a nested shape (SPARQL's regular expressions have neither)")
            flags = self.shapes.value(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(o)).n3()}{extra}))"
        if p in (SH.minLength, SH.maxLength):
            op = ">=" if p == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {int(o)})"
        if p in COMPARISONS:
            return f"COALESCE({v} {COMPARISONS[p]} {term(o)}, false)"
        if p == SH.languageIn:
            tags = " || ".join(f"LANGMATCHES(LANG({v}), {Literal(str(t)).n3()})" for t in self.members(o))
            return f"(isLiteral({v}) && ({tags or 'false'}))"
        if p in (SH["or"], SH["and"]):
            joined = (" || " if p == SH["or"] else " && ").join(self.conforms(m, v) for m in self.members(o))
            return f"({joined or ('false' if p == SH['or'] else 'true')})"
        if p == SH.xone:
            count = " + ".join(f"IF({self.conforms(m, v)}, 1, 0)" for m in self.members(o))
            return f"(({count or '0'}) = 1)"
        if p == SH["not"]:
            return f"!{self.conforms(o, v)}"
        if p == SH.node:
            return self.conforms(o, v)
        raise UnsupportedShapeError(f"{shape_name(shape)}: {p} cannot apply to a single node")

    def property_ok(self, ps: Node, p: URIRef, o: Node, x: str) -> str:
        """A SPARQL expression: the focus node `x` meets the property shape's constraint (p, o)."""
        path, w = term(self.path(ps)), self.fresh()
        if p == SH.minCount:
            return self._count_ok(ps, int(o), x, path, at_least=True)
        if p == SH.maxCount:
            return self._count_ok(ps, int(o), x, path, at_least=False)
        if p == SH.hasValue:
            return f"EXISTS {{ {x} {path} {term(o)} }}"
        if p == SH.equals:
            return (f"(NOT EXISTS {{ {x} {path} {w} FILTER NOT EXISTS {{ {x} {term(o)} {w} }} }} && "
                    f"NOT EXISTS {{ {x} {term(o)} {w} FILTER NOT EXISTS {{ {x} {path} {w} }} }})")
        if p == SH.disjoint:
            return f"NOT EXISTS {{ {x} {path} {w} . {x} {term(o)} {w} }}"
        if p in (SH.lessThan, SH.lessThanOrEquals):
            other, op = self.fresh(), "<" if p == SH.lessThan else "<="
            return f"NOT EXISTS {{ {x} {path} {w} . {x} {term(o)} {other} FILTER(!COALESCE({w} {op} {other}, false)) }}"
        if p == SH.qualifiedValueShape:
            if int(self.shapes.value(ps, SH.qualifiedMinCount) or 0) > 1:
                raise UnsupportedShapeError(f"{shape_name(ps)}: sh:qualifiedMinCount above 1 in a nested shape")
            if self.shapes.value(ps, SH.qualifiedMinCount) is None:
                return "true"
            return f"EXISTS {{ {x} {path} {w} FILTER({self.conforms(o, w)}) }}"
        return f"NOT EXISTS {{ {x} {path} {w} FILTER(!{self.value_ok(p, o, w, ps)}) }}"

    def _count_ok(self, ps: Node, count: int, x: str, path: str, at_least: bool) -> str:
        if count > 1:
            raise UnsupportedShapeError(f"{shape_name(ps)}: a count above 1 in a nested shape")
        if at_least:
            return f"EXISTS {{ {x} {path} {self.fresh()} }}" if count == 1 else "true"
        if count == 0:
            return f"NOT EXISTS {{ {x} {path} {self.fresh()} }}"
        a, b = self.fresh(), self.fresh()
        return f"NOT EXISTS {{ {x} {path} {a}, {b} FILTER(!sameTerm({a}, {b})) }}"

    # ---------------------------------------------------------------- queries: the violations of one constraint
    def focus(self, shape: Node) -> str:
        """A group pattern binding ?focus to each focus node of a shape, once."""
        branches = []
        for target in sorted(self.shapes.objects(shape, SH.targetClass)):
            branches.append(f"{{ ?focus a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {term(target)} }}")
        for prop in sorted(self.shapes.objects(shape, SH.targetSubjectsOf)):
            branches.append(f"{{ ?focus {term(prop)} [] }}")
        for prop in sorted(self.shapes.objects(shape, SH.targetObjectsOf)):
            branches.append(f"{{ [] {term(prop)} ?focus }}")
        for node in sorted(self.shapes.objects(shape, SH.targetNode)):
            branches.append(f"{{ BIND({term(node)} AS ?focus) }}")
        return "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(branches) + " } }"

    def node_query(self, shape: Node, p: URIRef, o: Node) -> str:
        return (f"SELECT DISTINCT ?focus WHERE {{ {self.focus(shape)} "
                f"FILTER(!{self.value_ok(p, o, '?focus', shape)}) }} ORDER BY ?focus")

    def property_query(self, owner: Node, ps: Node, p: URIRef, o: Node) -> tuple[str, bool]:
        """The query, and whether its rows carry a ?value."""
        focus, path = self.focus(owner), term(self.path(ps))
        if p in (SH.minCount, SH.maxCount):
            match = f"OPTIONAL {{ ?focus {path} ?any }}" if p == SH.minCount else f"?focus {path} ?any ."
            op = "<" if p == SH.minCount else ">"
            return (f"SELECT ?focus WHERE {{ {focus} {match} }} GROUP BY ?focus "
                    f"HAVING (COUNT(DISTINCT ?any) {op} {int(o)}) ORDER BY ?focus"), False
        if p == SH.hasValue:
            return (f"SELECT DISTINCT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {path} {term(o)} }} }} "
                    "ORDER BY ?focus"), False
        if p == SH.qualifiedValueShape:
            least = self.shapes.value(ps, SH.qualifiedMinCount)
            if least is None or int(least) == 0:
                return "", False
            w = self.fresh()
            return (f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {path} {w} FILTER({self.conforms(o, w)}) }} }} "
                    f"GROUP BY ?focus HAVING (COUNT(DISTINCT {w}) < {int(least)}) ORDER BY ?focus"), False
        if p == SH.equals:
            where = (f"{{ {focus} ?focus {path} ?value FILTER NOT EXISTS {{ ?focus {term(o)} ?value }} }} UNION "
                     f"{{ {focus} ?focus {term(o)} ?value FILTER NOT EXISTS {{ ?focus {path} ?value }} }}")
        elif p == SH.disjoint:
            where = f"{focus} ?focus {path} ?value . ?focus {term(o)} ?value ."
        elif p in (SH.lessThan, SH.lessThanOrEquals):
            op = "<" if p == SH.lessThan else "<="
            where = (f"{focus} ?focus {path} ?value . ?focus {term(o)} ?other "
                     f"FILTER(!COALESCE(?value {op} ?other, false))")
        elif p == SH.pattern and not portable(str(o)):
            where = f"{focus} ?focus {path} ?value"  # every value: the pattern is checked on them in Python
        else:
            where = f"{focus} ?focus {path} ?value FILTER(!{self.value_ok(p, o, '?value', ps)})"
        return f"SELECT DISTINCT ?focus ?value WHERE {{ {where} }} ORDER BY ?focus ?value", True


def datatype_ok(datatype: Node, v: str) -> str:
    """A SPARQL expression: `v` is a well-formed literal of the datatype (as a store keeps it)."""
    if datatype == RDF.langString:
        return f"(isLiteral({v}) && LANG({v}) != \"\")"
    if datatype == XSD.string:
        return f"(isLiteral({v}) && LANG({v}) = \"\" && DATATYPE({v}) = {term(XSD.string)})"
    if datatype == XSD.boolean:
        return (f"(isLiteral({v}) && DATATYPE({v}) = {term(XSD.boolean)} && "
                f"STR({v}) IN (\"true\", \"false\", \"1\", \"0\"))")
    if datatype in INTEGER_TYPES:
        return (f"(isLiteral({v}) && DATATYPE({v}) IN ({term(datatype)}, {term(XSD.integer)}) && "
                f"REGEX(STR({v}), \"^[+-]?[0-9]+$\") && "
                f"COALESCE(xsd:integer(STR({v})) {INTEGER_TYPES[datatype]}, false))")
    if datatype == XSD.integer:
        return f"(isLiteral({v}) && DATATYPE({v}) = {term(XSD.integer)} && REGEX(STR({v}), \"^[+-]?[0-9]+$\"))"
    if datatype == XSD.date:
        return (f"(isLiteral({v}) && DATATYPE({v}) = {term(XSD.date)} && "
                f"REGEX(STR({v}), \"^-?[0-9]{{4,}}-[0-9]{{2}}-[0-9]{{2}}(Z|[+-][0-9]{{2}}:[0-9]{{2}})?$\"))")
    return f"(isLiteral({v}) && DATATYPE({v}) = {term(datatype)})"


PREFIX = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
NOT_PORTABLE = re.compile(r"\(\?<?[=!]|\\[1-9]")


def portable(pattern: str) -> bool:
    """Whether SPARQL's REGEX (XPath syntax, without lookaround or back-references) can run the pattern."""
    return NOT_PORTABLE.search(pattern) is None


def shape_queries(shapes: Graph) -> list[ShapeQuery]:
    """One query per constraint of every reporting shape (node shapes with a target, and their property shapes)."""
    compiler = Compiler(shapes)
    queries = []
    owners = sorted({s for t in TARGETS for s in shapes.subjects(t, None)}, key=str)
    for owner in owners:
        if shapes.value(owner, SH.deactivated) == Literal(True):
            continue
        for p, o in compiler.constraints(owner):
            if shapes.value(owner, SH.path) is not None:
                raise UnsupportedShapeError(f"{shape_name(owner)}: a property shape with its own target")
            queries.append(_query(shapes, owner, None, p, compiler.node_query(owner, p, o), False))
        for ps in sorted(shapes.objects(owner, SH.property), key=str):
            if shapes.value(ps, SH.deactivated) == Literal(True):
                continue
            for p, o in compiler.constraints(ps):
                text, has_value = compiler.property_query(owner, ps, p, o)
                if text:
                    queries.append(_query(shapes, ps, compiler.path(ps), p, text, has_value))
    return queries


def _query(shapes: Graph, shape: Node, path: URIRef | None, p: URIRef, text: str, has_value: bool) -> ShapeQuery:
    severity = shapes.value(shape, SH.severity) or SH.Violation
    messages = sorted(str(m) for m in shapes.objects(shape, SH.message))
    pattern = shapes.value(shape, SH.pattern) if p == SH.pattern else None
    local = (str(pattern), str(shapes.value(shape, SH.flags) or "")) if pattern and not portable(str(pattern)) else None
    return ShapeQuery(shape, path, f"sh:{str(p).rsplit('#', 1)[-1]}", str(severity).rsplit("#", 1)[-1],
                      messages[0] if messages else None, PREFIX + text, has_value, local)


FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}


def breaks_pattern(value: Node, pattern: tuple[str, str]) -> bool:
    """sh:pattern as pySHACL applies it (Python's re.search): a blank node, or text the pattern misses."""
    flags = 0
    for letter in pattern[1]:
        flags |= FLAGS.get(letter, 0)
    return isinstance(value, BNode) or re.search(pattern[0], str(value), flags) is None
